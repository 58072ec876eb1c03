"""Render the README's search screenshots offscreen: the search panel with its label-all
preview, and the invisible characters shown.

    make search-screenshots   (QT_QPA_PLATFORM=offscreen python -m benchmarks.search_screenshots)

A four-document project is built in a temporary folder from the bundled sample article and
three short texts (عمان with and without shadda and tatweel, a proclitic, a longer word,
bidi marks, joiners and no-break spaces). Not part of the test suite.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from annotator.model import Document
from annotator.resources import SAMPLE_DOCUMENTS
from annotator.store import Store

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
TEXTS = {
    "news-0412": "قال المتحدث باسم الحكومة إن عمان ستستضيف القمة المقبلة، وإن وفد عمّان سيقدم "
    "خطة جديدة.\nوأضاف أن بعمان مركزًا إقليميًا للمياه.",
    "news-0413": "زار وزير الخارجية عمّـان يوم الأحد، ثم توجه من عمانَ إلى القاهرة.\n"
    "وفي العمانيين ثقة بالخطة.",
    "invisibles": "قال\u200f المتحدث:\u00a0«الاتفاق\u200d جاهز» — وأكد أن \u2067UNEP\u2069 "
    "شريك في عمّـــان.\nNATO\u200e/ناتو\u202fو\u200cالأمم المتحدة",
}


def project(path: Path) -> None:
    line = json.loads(SAMPLE_DOCUMENTS.read_text(encoding="utf-8").splitlines()[0])
    with Store.open(path) as store:
        store.add_document(Document(line["id"], line["text"]), "rania")
        for doc_id, text in TEXTS.items():
            store.add_document(Document(doc_id, text), "rania")


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication

    from annotator.gui import create_main_window

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "search.db"
        project(db)
        window = create_main_window(db, annotator="rania")
        window.resize(1400, 860)
        window.show()
        panel = window.tools.search
        panel.show()
        panel.raise_()
        panel.scope.setCurrentIndex(panel.scope.findData("project"))
        panel.field.setText("عمان")
        panel.choose_label("entity", "GPE")
        panel.start()
        while panel.running:
            app.processEvents()
        window.resizeDocks([panel], [330], Qt.Orientation.Vertical)
        app.processEvents()
        dialog = window.tools.preview()
        assert dialog is not None
        dialog.resize(760, 330)
        app.processEvents()
        image = window.grab().toImage()
        painter = QPainter(image)
        painter.drawImage(QPoint(image.width() - dialog.width() - 30, 70), dialog.grab().toImage())
        painter.end()
        image.save(str(RESOURCES / "search_panel.png"))
        dialog.close()
        window.open_document("invisibles")
        window.tools.invisibles.set_shown(True)
        window.view.set_selection(3, 4)  # the RLM: the status bar names it
        font = window.view.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        window.view.setFont(font)
        panel.hide()
        app.processEvents()
        window.grab().save(str(RESOURCES / "invisibles.png"))
        window.close()
        window.session.close()


if __name__ == "__main__":
    main()
