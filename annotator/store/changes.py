"""The append-only change log: who did what to which document, when, before and after.

Triggers in the database refuse to update or delete its rows; undo and redo are logged as
changes of their own (`via`).
"""

from __future__ import annotations

from typing import Any

from annotator.store.connection import Connection, dump_json, now


class ChangeLog(Connection):
    def _log(
        self,
        annotator: str,
        action: str,
        doc_id: str | None,
        target: str | None,
        before: Any = None,
        after: Any = None,
        via: str = "edit",
    ) -> None:
        self.conn.execute(
            "INSERT INTO changes (at, annotator, action, via, doc_id, target, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                now(),
                annotator,
                action,
                via,
                doc_id,
                target,
                None if before is None else dump_json(before),
                None if after is None else dump_json(after),
            ],
        )

    def changes(self, doc_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Return the latest changes, newest first."""
        where, args = ("WHERE doc_id = ?", [doc_id]) if doc_id else ("", [])
        cursor = self.conn.execute(
            f"SELECT * FROM changes {where} ORDER BY id DESC LIMIT {int(limit)}", args
        )
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor]
