"""The action tables of the team (compare and curate) and suggestion features: ids, texts,
keys, tips, kept apart so the features' modules stay short (gui/actions.py holds the
window's own). Texts are marked for lupdate and translated where the actions are made.
"""

from __future__ import annotations

from annotator.gui.actions import ActionSpec
from annotator.gui.i18n import QT_TRANSLATE_NOOP

# id, text, keys, tip: keys that every keyboard layout types (no plain letters).
CURATE_ACTIONS = (
    (
        "view:compare",
        QT_TRANSLATE_NOOP("Compare", "&Compare annotators"),
        ("F6",),
        QT_TRANSLATE_NOOP("Compare", "Show every annotator's spans as lanes"),
    ),
    (
        "curate:next",
        QT_TRANSLATE_NOOP("Compare", "Next &disagreement"),
        ("Alt+PgDown",),
        QT_TRANSLATE_NOOP("Compare", "Go to the next disagreement"),
    ),
    (
        "curate:previous",
        QT_TRANSLATE_NOOP("Compare", "Pre&vious disagreement"),
        ("Alt+PgUp",),
        QT_TRANSLATE_NOOP("Compare", "Go to the previous one"),
    ),
    (
        "curate:accept",
        QT_TRANSLATE_NOOP("Compare", "&Accept version"),
        ("Alt+Return", "Alt+Enter"),
        QT_TRANSLATE_NOOP("Compare", "Accept into gold"),
    ),
    (
        "curate:reject",
        QT_TRANSLATE_NOOP("Compare", "&Reject"),
        ("Alt+Del",),
        QT_TRANSLATE_NOOP("Compare", "Leave this stretch out of gold"),
    ),
    (
        "curate:accept-agreed",
        QT_TRANSLATE_NOOP("Compare", "Accept everything &agreed"),
        ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
        QT_TRANSLATE_NOOP("Compare", "Accept every span all annotators agree on, as one undo step"),
    ),
    (
        "curate:curator",
        QT_TRANSLATE_NOOP("Compare", "C&urator name…"),
        (),
        QT_TRANSLATE_NOOP("Compare", "Whose annotation is gold (default: gold)"),
    ),
)

# F-keys reach us under every keyboard layout (an Arabic layout types Arabic letters and
# digits); F3 is find-next, Ctrl+F-keys switch desktops in some window managers.
SUGGESTION_SPECS = (
    ActionSpec(
        "suggest:next",
        QT_TRANSLATE_NOOP("Suggestions", "&Next suggestion"),
        ("F8",),
        QT_TRANSLATE_NOOP("Suggestions", "Go to the next suggestion"),
    ),
    ActionSpec(
        "suggest:previous",
        QT_TRANSLATE_NOOP("Suggestions", "&Previous suggestion"),
        ("Shift+F8",),
        QT_TRANSLATE_NOOP("Suggestions", "Go to the previous suggestion"),
    ),
    ActionSpec(
        "suggest:accept",
        QT_TRANSLATE_NOOP("Suggestions", "&Accept suggestion"),
        ("F9",),
        QT_TRANSLATE_NOOP(
            "Suggestions",
            "Accept the current suggestion as your span (with the edges as selected), then go on",
        ),
    ),
    ActionSpec(
        "suggest:reject",
        QT_TRANSLATE_NOOP("Suggestions", "&Reject suggestion"),
        ("F7",),
        QT_TRANSLATE_NOOP(
            "Suggestions",
            "Reject the current suggestion (it is not offered to you again), then go on",
        ),
    ),
    ActionSpec(
        "suggest:accept-above",
        QT_TRANSLATE_NOOP("Suggestions", "Accept all a&bove the threshold"),
        ("Shift+F9",),
        QT_TRANSLATE_NOOP(
            "Suggestions",
            "Accept every suggestion shown in this document scored at or above the threshold "
            "(one undo step)",
        ),
    ),
    ActionSpec(
        "suggest:threshold",
        QT_TRANSLATE_NOOP("Suggestions", "Set the &threshold…"),
        (),
        QT_TRANSLATE_NOOP("Suggestions", "The score that accept-all takes"),
    ),
    ActionSpec(
        "suggest:in-span-list",
        QT_TRANSLATE_NOOP("Suggestions", "Show suggestions &under the span list"),
        (),
        QT_TRANSLATE_NOOP(
            "Suggestions", "List the suggestions shown, with their scores, apart from the spans"
        ),
    ),
)
