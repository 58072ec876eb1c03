"""Arabic-aware tokens and sentences for token-level formats (CoNLL IOB2).

Tokens split on white space and punctuation (Arabic ، ؛ ؟ « » included) but keep numbers
(3.5, 1,250, ٣٫٥), URLs, @mentions, #hashtags and emoji sequences whole; diacritics, tatweel
and ZWNJ stay inside words. Bidi controls (LRM, RLM, isolates) are invisible and belong to no
token. Each token is a `(start, end)` code-point range of the canonical text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence

# Combining marks that \w does not match (Arabic harakat, Quranic marks, general ones).
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u08d3-\u08e1\u08e3-\u08ff\u200c\u200d"
)
_LETTER = rf"(?:[^\W\d]|[{_MARKS}])"
# A word may hold digits (COVID19) but stops before a number with separators (و1,250).
_WORD = rf"{_LETTER}(?:{_LETTER}|\d+(?![.,٫٬]\d))*"
_EMOJI_BASE = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff"
_TOKEN = re.compile(
    "|".join(
        [
            r"(?:https?://|www\.)[^\s«»\"'<>()\[\]]+[^\s«»\"'<>()\[\].,;:!?،؛؟]",  # URL
            rf"[@#]{_WORD}",  # mention, hashtag
            rf"\d+(?:[.,٫٬]\d+)*{_LETTER}*",  # number: 2024, 3.5, 1,250, ٣٫٥, 2024م
            r"[\U0001f1e6-\U0001f1ff]{2}",  # flag: two regional indicators
            rf"[{_EMOJI_BASE}][\ufe0f\U0001f3fb-\U0001f3ff]*"
            rf"(?:\u200d[{_EMOJI_BASE}][\ufe0f\U0001f3fb-\U0001f3ff]*)*",  # emoji sequence
            _WORD,
            r"\.{2,}|[^\s\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]",  # … or one mark
        ]
    )
)

SENTENCE_END = {".", "!", "?", "؟", "…", "..."}
_CLOSERS = {'"', "'", "»", ")", "]", "”", "’"}
# Tokens that end with a dot without ending a sentence (the dot is a separate token).
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "inc",
    "ltd",
    "co",
    "jr",
    "sr",
    "no",
    "fig",
    "vol",
    "p",
    "pp",
    "د",
    "م",
    "ه",
    "ق",
    "ص",
    "ج",
    "أ",
}


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the tokens of `text[start:end]` as absolute `(start, end)` ranges."""
    return [m.span() for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


def split_at(
    tokens: list[tuple[int, int]], edges: Iterable[int]
) -> tuple[list[tuple[int, int]], int]:
    """Split tokens at every edge that falls strictly inside one; return (tokens, words split).

    A proclitic left out of an entity (the ل of لأوكرانيا) becomes a token of its own.
    """
    cuts: dict[int, list[int]] = {}
    starts = [t[0] for t in tokens]
    for edge in set(edges):
        index = bisect_right(starts, edge) - 1
        if index >= 0 and tokens[index][0] < edge < tokens[index][1]:
            cuts.setdefault(index, []).append(edge)
    if not cuts:
        return tokens, 0
    result: list[tuple[int, int]] = []
    for index, (a, b) in enumerate(tokens):
        points = [a, *sorted(cuts.get(index, ())), b]
        result.extend(zip(points, points[1:], strict=False))
    return result, len(cuts)


def sentences(
    text: str, tokens: Sequence[tuple[int, int]], joined: Collection[int] = ()
) -> list[list[tuple[int, int]]]:
    """Group tokens into sentences: after . ! ? ؟ (and closing quotes), and at line breaks.

    A dot after a known abbreviation or a single Latin letter ends nothing; numbers and URLs
    are single tokens, so their dots never split; no boundary falls after a token index in
    `joined` (one whose span goes on), so a span is never cut in two.
    """
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        current.append(token)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None:
            break
        boundary = "\n" in text[token[1] : following[0]]
        if not boundary and text[token[0] : token[1]] in SENTENCE_END:
            boundary = not _is_abbreviation(text, tokens, index)
            boundary = boundary and text[following[0] : following[1]] not in _CLOSERS
        elif not boundary and text[token[0] : token[1]] in _CLOSERS and index > 0:
            before = tokens[index - 1]
            boundary = (
                text[before[0] : before[1]] in SENTENCE_END
                and text[following[0] : following[1]] not in _CLOSERS
            )
        if boundary and index not in joined:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _is_abbreviation(text: str, tokens: Sequence[tuple[int, int]], dot_index: int) -> bool:
    if text[tokens[dot_index][0] : tokens[dot_index][1]] != "." or dot_index == 0:
        return False
    before = tokens[dot_index - 1]
    if before[1] != tokens[dot_index][0]:  # "word ." with a space: a real full stop
        return False
    word = text[before[0] : before[1]]
    return word.casefold() in ABBREVIATIONS or (len(word) == 1 and word.isupper())
