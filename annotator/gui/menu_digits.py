"""Numbered menus that answer the digit keys of every keyboard layout.

Qt matches a menu's mnemonic (`&1 ...`) against the text the key typed. Under an Arabic
layout the digit row types the Arabic-Indic digits (١ ٢ ٣), under a Persian one ۱ ۲ ۳, so a
numbered menu ignored them: the linguist had to switch layouts to pick a version. This
filter reads such a digit as its number and chooses the action numbered so.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMenu


def typed_number(text: str) -> int | None:
    """Return the number of one typed non-ASCII decimal digit (١ -> 1, ۳ -> 3), else None;
    ASCII digits are left to Qt's own mnemonics."""
    if len(text) != 1 or text.isascii():
        return None
    return unicodedata.decimal(text, None)


class DigitKeys(QObject):
    """Event filter on a numbered menu: an Arabic-Indic or Persian digit chooses `&N`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QMenu) or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        number = typed_number(event.text())
        if number is None:
            return False
        for action in watched.actions():
            if action.isEnabled() and action.text().startswith(f"&{number} "):
                watched.hide()
                action.trigger()
                return True
        return False


def answer_all_digits(menu: QMenu) -> QMenu:
    """Let `menu`'s numbered actions (`&1 ...` to `&9 ...`) answer every layout's digits."""
    menu.installEventFilter(DigitKeys(menu))
    return menu
