"""The Qt user interface: the only package that imports PySide6."""

from annotator.gui.main_window import create_main_window

__all__ = ["create_main_window"]
