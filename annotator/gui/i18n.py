"""The interface language: which one, its translations installed, the layout mirrored.

Every visible string goes through `QCoreApplication.translate(context, text)` (or, in
tables, `QT_TRANSLATE_NOOP` and a `translate` at use), so `pyside6-lupdate` finds it; the
Arabic sources are `resources/i18n/annotator_ar.ts`, compiled to `annotator_ar.qm`
(`make translations`). The article is not affected: it follows each paragraph's own
direction whatever the interface's.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QGuiApplication

from annotator.editing import describe_selection
from annotator.resources import RESOURCES

ENGLISH = "en"
ARABIC = "ar"
LANGUAGES = (ENGLISH, ARABIC)
# Each language named in itself, as language menus do.
LANGUAGE_NAMES = {ENGLISH: "English", ARABIC: "العربية"}
TRANSLATIONS = RESOURCES / "i18n"
_LOCALES = {ENGLISH: QLocale.Language.English, ARABIC: QLocale.Language.Arabic}

translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for lupdate (in tables); it is translated where it is shown."""
    return text


def system_language() -> str:
    """Return the supported language of the system locale (English when not supported)."""
    return ARABIC if QLocale.system().language() == QLocale.Language.Arabic else ENGLISH


def chosen_language(lang: str | None, stored: str = "") -> str:
    """Return the language to show: `lang` if given, else the stored setting, else the
    system's; an unknown code (a hand-edited settings file) counts as not set."""
    for candidate in (lang, stored):
        if candidate in LANGUAGES:
            return candidate
    return system_language()


class Language:
    """The translators installed on the application, replaced when the language changes
    (tests open windows in both languages in one process)."""

    current = ENGLISH
    _installed: list[QTranslator] = []

    @classmethod
    def apply(cls, lang: str) -> None:
        """Install `lang`'s translations (ours and Qt's own buttons), its locale for
        numbers, and its layout direction (Arabic: mirrored)."""
        app = QCoreApplication.instance()
        for translator in cls._installed:
            QCoreApplication.removeTranslator(translator)
        cls._installed = []
        if lang != ENGLISH:
            qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            for name, folder in (
                (f"annotator_{lang}", str(TRANSLATIONS)),
                (f"qtbase_{lang}", qt_folder),
            ):
                translator = QTranslator(app)
                if translator.load(name, folder):
                    QCoreApplication.installTranslator(translator)
                    cls._installed.append(translator)
        QLocale.setDefault(QLocale(_LOCALES[lang]))
        cls.current = lang
        if isinstance(app, QGuiApplication):
            app.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft if lang == ARABIC else Qt.LayoutDirection.LeftToRight
            )


def number(value: int) -> str:
    """Write a count the way the interface's locale writes numbers."""
    return QLocale().toString(value)


# A document's status as the interface names it (the stored values stay English).
STATUS_NAMES = {
    "todo": QT_TRANSLATE_NOOP("Status", "todo"),
    "in_progress": QT_TRANSLATE_NOOP("Status", "in progress"),
    "done": QT_TRANSLATE_NOOP("Status", "done"),
}


def status_name(status: str) -> str:
    """Name a document status in the interface's language."""
    return translate("Status", STATUS_NAMES.get(status, status))


def selection_text(text: str, start: int, end: int) -> str:
    """The status bar's line for a selection, in the interface's language."""
    line = translate("Selection", "{start}–{end} ({length} characters): {text}")
    return describe_selection(text, start, end, line=line)


# Messages of the Qt-free domain that the window shows as they are: marked here so lupdate
# finds them (the domain cannot), translated by `message` (others stay as written).
DOMAIN_MESSAGES = (
    QT_TRANSLATE_NOOP("Messages", "Select a claim or a stance first, then link it"),
    QT_TRANSLATE_NOOP("Messages", "a relation cannot link a span to itself"),
)


def message(text: str) -> str:
    """Translate a message from the domain when it is one of DOMAIN_MESSAGES."""
    return translate("Messages", text)


_SIDES = {
    Qt.DockWidgetArea.LeftDockWidgetArea: Qt.DockWidgetArea.RightDockWidgetArea,
    Qt.DockWidgetArea.RightDockWidgetArea: Qt.DockWidgetArea.LeftDockWidgetArea,
}


def mirrored_area(area: Qt.DockWidgetArea, direction: Qt.LayoutDirection) -> Qt.DockWidgetArea:
    """Swap the left and right dock areas in a right-to-left window (QMainWindow does not):
    the code says where a dock goes in a left-to-right window."""
    if direction != Qt.LayoutDirection.RightToLeft:
        return area
    return _SIDES.get(area, area)


def offsets_text(start: int, end: int) -> str:
    """`start–end` for a cell or a line; isolated left-to-right in the Arabic interface,
    where the bidi algorithm would otherwise show `58–53` for 53–58."""
    text = f"{start}–{end}"
    return f"\u2066{text}\u2069" if Language.current == ARABIC else text
