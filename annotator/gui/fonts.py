"""The article font: Noto Sans Arabic (OFL, shipped by fontpkg-noto-sans-arabic) with
DejaVu Sans behind it for Latin and symbols; both cover Arabic."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

FALLBACKS = ["Noto Sans Arabic", "DejaVu Sans"]
DEFAULT_SIZE = 15.0
MIN_SIZE, MAX_SIZE = 8.0, 48.0  # points: zoom and the settings file stay within them


@cache
def load_bundled_fonts() -> list[str]:
    """Register the packaged Arabic font with Qt; return the families it added."""
    try:
        import fontpkg_noto_sans_arabic as noto
    except ImportError:  # the system's fonts still cover Arabic (DejaVu Sans)
        return []
    families: list[str] = []
    for path in sorted((noto.ROOT / "files").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def article_font(family: str | None = None, size: float = DEFAULT_SIZE) -> QFont:
    """Return the article font: `family` first if given, then the Arabic-capable fallbacks."""
    load_bundled_fonts()
    font = QFont()
    font.setFamilies(([family] if family else []) + FALLBACKS)
    font.setPointSizeF(size)
    return font
