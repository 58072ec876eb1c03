"""The settings dialog: annotator name, article font and size, word snapping, language."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from annotator.gui.fonts import MAX_SIZE, MIN_SIZE
from annotator.gui.i18n import LANGUAGE_NAMES, translate
from annotator.gui.settings import UserSettings


class SettingsDialog(QDialog):
    """Edit the settings; `chosen()` returns them as the user left the fields."""

    def __init__(self, parent: QWidget, current: UserSettings, font: QFont) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Settings", "Settings"))
        self.annotator = QLineEdit(current.annotator)
        self.font_family = QFontComboBox()
        self.font_family.setCurrentFont(font)
        self.font_size = QDoubleSpinBox(minimum=MIN_SIZE, maximum=MAX_SIZE, value=font.pointSizeF())
        self.snap = QCheckBox(
            translate("Settings", "Snap mouse selections to whole words (Ctrl: exact)")
        )
        self.snap.setChecked(current.snap_words)
        # The language applies from the next start (switching at run time is not offered).
        self.language = QComboBox()
        self.language.setObjectName("languageBox")
        self.language.addItem(translate("Settings", "System language"), "")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current.language)))
        form = QFormLayout(self)
        form.addRow(translate("Settings", "Annotator"), self.annotator)
        form.addRow(translate("Settings", "Font"), self.font_family)
        form.addRow(translate("Settings", "Size"), self.font_size)
        form.addRow(self.snap)
        form.addRow(translate("Settings", "Language (from the next start)"), self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> UserSettings:
        return UserSettings(
            annotator=self.annotator.text().strip(),
            font_family=self.font_family.currentFont().family(),
            font_size=self.font_size.value(),
            snap_words=self.snap.isChecked(),
            language=str(self.language.currentData() or ""),
        )
