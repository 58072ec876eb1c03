"""A span's note and unsure flag in brat standoff, both ways.

The note is brat's own `#N<TAB>AnnotatorNotes T1<TAB>TEXT` line, which brat shows when the
mouse is over the span and which other brat files bring in. A note holding a line break
(or another control character) cannot be one line: there the AnnotatorNotes line shows
it with spaces, and the exact note
travels in the span's `AnnotatorOrigin` JSON (`"note"`), which wins on reading.

The unsure flag is a binary brat attribute, `A4<TAB>Unsure T1`, declared in
annotation.conf for every entity type (`Unsure<TAB>Arg:<ENTITY>`), so brat draws it on the
span; a binary `Unsure` attribute in any brat file sets the flag.
"""

from __future__ import annotations

import re

from annotator.model import Span

NOTES_KIND = "AnnotatorNotes"
UNSURE_ATTRIBUTE = "Unsure"
UNSURE_CONF_LINE = f"{UNSURE_ATTRIBUTE}\tArg:<ENTITY>"
_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(note: str) -> str:
    """The note as brat can hold it on one line: line breaks and other control characters
    (which would make the `.ann` a binary file) as spaces; tabs stay."""
    return _BREAKS.sub(" ", note.replace("\r\n", " "))


def note_line(number: int, brat_id: str, note: str) -> str:
    """Return the `#N AnnotatorNotes` line of a span's note."""
    return f"#{number}\t{NOTES_KIND} {brat_id}\t{one_line(note)}"


def exact_note(note: str) -> dict[str, str]:
    """What the span's AnnotatorOrigin line must add: the note when brat's line cannot
    hold it exactly."""
    return {"note": note} if note and one_line(note) != note else {}


def with_note(span: Span, notes: list[str], exact: str | None) -> Span:
    """Apply the AnnotatorNotes lines read for a span (several are joined by line breaks)
    and the exact note from its AnnotatorOrigin line, which wins."""
    note = exact if exact is not None else "\n".join(notes)
    return span._replace(note=note) if note else span
