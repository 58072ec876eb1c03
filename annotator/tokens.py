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

Token = tuple[int, int]
_SPAN = re.Match.span

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
    return list(map(_SPAN, _TOKEN.finditer(text, start, len(text) if end is None else end)))


def split_at(tokens: list[Token], edges: Iterable[int]) -> tuple[list[Token], int]:
    """Split tokens at every edge that falls strictly inside one; return (tokens, words split).

    A proclitic left out of an entity (the ل of لأوكرانيا) becomes a token of its own.
    """
    starts = [t[0] for t in tokens]
    cuts: dict[int, list[int]] = {}
    for edge in set(edges):
        index = bisect_right(starts, edge) - 1
        if index >= 0 and tokens[index][0] < edge < tokens[index][1]:
            cuts.setdefault(index, []).append(edge)
    if not cuts:
        return tokens, 0
    result: list[Token] = []
    previous = 0
    for index in sorted(cuts):
        result.extend(tokens[previous:index])
        a, b = tokens[index]
        points = [a, *sorted(cuts[index]), b]
        result.extend(zip(points, points[1:], strict=False))
        previous = index + 1
    result.extend(tokens[previous:])
    return result, len(cuts)


def sentences(
    text: str, tokens: Sequence[Token], joined: Collection[int] = ()
) -> list[list[Token]]:
    """Group tokens into sentences (see `sentence_starts`)."""
    bounds = [0, *sentence_starts(text, tokens, joined), len(tokens)]
    return [list(tokens[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def sentence_starts(text: str, tokens: Sequence[Token], joined: Collection[int] = ()) -> list[int]:
    """Return the indexes of the tokens that begin a new sentence (the first excluded).

    Sentences end after . ! ? ؟ (and closing quotes), and at line breaks.

    A dot after a known abbreviation or a single Latin letter ends nothing; numbers and URLs
    are single tokens, so their dots never split; no boundary falls after a token index in
    `joined` (one whose span goes on), so a span is never cut in two. Only the places where
    a boundary may be are examined (found by a regex), not every token.
    """
    count = len(tokens)
    starts = [t[0] for t in tokens]
    ends: set[int] = set()
    for match in _BOUNDARY_CANDIDATE.finditer(text):
        at = match.start()
        index = bisect_right(starts, at) - 1
        if match.group() == "\n":
            if index >= 0 and tokens[index][1] <= at:
                ends.add(index)
            continue
        if index < 0 or tokens[index] != match.span() or index + 1 >= count:
            continue
        following = text[tokens[index + 1][0] : tokens[index + 1][1]]
        word = match.group()
        if word in SENTENCE_END:
            if following not in _CLOSERS and not _is_abbreviation(text, tokens, index):
                ends.add(index)
        elif index > 0 and following not in _CLOSERS:  # a closer after . ! ?
            before = tokens[index - 1]
            if text[before[0] : before[1]] in SENTENCE_END:
                ends.add(index)
    return sorted(i + 1 for i in ends if i + 1 < count and i not in joined)


_BOUNDARY_CANDIDATE = re.compile(r"\n|\.{2,}|[.!?؟…\"'»)\]”’]")


def _is_abbreviation(text: str, tokens: Sequence[tuple[int, int]], dot_index: int) -> bool:
    if text[tokens[dot_index][0] : tokens[dot_index][1]] != "." or dot_index == 0:
        return False
    before = tokens[dot_index - 1]
    if before[1] != tokens[dot_index][0]:  # "word ." with a space: a real full stop
        return False
    word = text[before[0] : before[1]]
    return word.casefold() in ABBREVIATIONS or (len(word) == 1 and word.isupper())
