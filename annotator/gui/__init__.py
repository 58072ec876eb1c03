"""The Qt user interface: the only package that imports PySide6."""

from annotator.gui.opening import create_main_window

__all__ = ["create_main_window"]
