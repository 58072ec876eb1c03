"""Dock widgets: the document list, the span list and the inspector of the selected span.

They only display and forward: every change goes through the main window's undoable
commands, so docks hold no logic of their own.
"""

from annotator.gui.docks.documents import DocumentsDock
from annotator.gui.docks.inspector import InspectorDock
from annotator.gui.docks.spans import SpansDock

__all__ = ["DocumentsDock", "InspectorDock", "SpansDock"]
