"""Arabic-aware tokens and sentences for token-level formats (CoNLL IOB2).

Tokens are the words of `annotator.words` (diacritics, tatweel, ZWNJ and numbers such as 3.5,
1,250, ٣٫٥ or 5ر1 kept whole), URLs, @mentions, #hashtags, emoji sequences, and single
punctuation marks or symbols (Arabic ، ؛ ؟ « » included). Nothing but white space is lost
between tokens: combining marks and invisible format characters (LRM, RLM, ALM, bidi
embeddings and isolates, ZWSP, BOM) join the token before them, or the one after them when
white space precedes; a run of them standing alone between spaces is a token of its own.
Each token is a `(start, end)` code-point range of the canonical text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from functools import cache

from annotator.words import attaching_class, format_class, is_attaching, is_format, word_patterns

Token = tuple[int, int]
_SPAN = re.Match.span
_EMOJI_BASE = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff"


@cache
def _token_regex() -> re.Pattern[str]:
    """Compile the token pattern on first use (the character classes take 0.1 s to build)."""
    attaching, formats = attaching_class(), format_class()
    number, word = word_patterns()
    kinds = "|".join(
        [
            r"(?:https?://|www\.)[^\s«»\"'<>()\[\]]+[^\s«»\"'<>()\[\].,;:!?،؛؟]",  # URL
            word,  # first after URLs (www.): words are most tokens
            number,
            rf"[@#](?:[^\W\d]|{attaching})(?:\w|{attaching})*+",  # mention, hashtag (with _)
            r"[\U0001f1e6-\U0001f1ff]{2}",  # flag: two regional indicators
            rf"[{_EMOJI_BASE}][\ufe0f\U0001f3fb-\U0001f3ff]*"
            rf"(?:\u200d[{_EMOJI_BASE}][\ufe0f\U0001f3fb-\U0001f3ff]*)*",  # emoji sequence
            r"\.{2,}|\S",  # an ellipsis written with dots, or one mark or symbol
        ]
    )
    return re.compile(rf"{formats}*+(?:{kinds}){attaching}*+|{formats}++")


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
    stop = len(text) if end is None else end
    return list(map(_SPAN, _token_regex().finditer(text, start, stop)))


def split_at(
    tokens: list[Token], edges: Iterable[int], starts: Sequence[int] | None = None
) -> tuple[list[Token], int]:
    """Split tokens at every edge that falls strictly inside one; return (tokens, words split).

    A proclitic left out of an entity (the ل of لأوكرانيا) becomes a token of its own.
    `starts`, the tokens' first offsets, saves building them again.
    """
    if starts is None:
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


def sentence_starts(
    text: str,
    tokens: Sequence[Token],
    joined: Collection[int] = (),
    words: Sequence[str] | None = None,
    starts: Sequence[int] | None = None,
) -> list[int]:
    """Return the indexes of the tokens that begin a new sentence (the first excluded).

    Sentences end after . ! ? ؟ (and closing quotes), and at line breaks.

    A dot after a known abbreviation or a single Latin letter ends nothing; numbers and URLs
    are single tokens, so their dots never split; no boundary falls after a token index in
    `joined` (one whose span goes on), so a span is never cut in two. The ends are read
    from the tokens already built (`words`, their texts, and `starts`, their first
    offsets, when the caller has them), not from another pass over the text.
    """
    count = len(tokens)
    if words is None:
        words = [text[a:b] for a, b in tokens]
    ends: set[int] = set()
    at = text.find("\n")
    if at >= 0:
        if starts is None:
            starts = [t[0] for t in tokens]
        while at >= 0:
            index = bisect_right(starts, at) - 1
            if index >= 0 and tokens[index][1] <= at:
                ends.add(index)
            at = text.find("\n", at + 1)
    for index, word in enumerate(words):
        if word not in _CANDIDATES:
            if len(word) == 1 or word.isalnum() or not _has_candidate(word):
                continue
            word = bare(text, tokens[index])
            if word not in _CANDIDATES:
                continue
        if index + 1 >= count:
            continue
        following = bare(text, tokens[index + 1])
        if word in SENTENCE_END:
            if following not in _CLOSERS and not _is_abbreviation(text, tokens, index):
                ends.add(index)
        elif index > 0 and following not in _CLOSERS:  # a closer after . ! ?
            if bare(text, tokens[index - 1]) in SENTENCE_END:
                ends.add(index)
    return sorted(i + 1 for i in ends if i + 1 < count and i not in joined)


_CANDIDATES = SENTENCE_END | _CLOSERS
_has_candidate = re.compile(r"[.!?؟…\"'»)\]”’]").search


def bare(text: str, token: Token) -> str:
    """Return a token's text without the marks and invisible characters joined to its edges,
    so `.` followed by an RLM still ends a sentence."""
    start, end = token
    word = text[start:end]
    if end - start == 1 or word.isalnum():  # nothing joined to it: the common case, fast
        return word
    while start < end and is_format(text[start]):
        start += 1
    while end > start and is_attaching(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_abbreviation(text: str, tokens: Sequence[Token], dot_index: int) -> bool:
    if bare(text, tokens[dot_index]) != "." or dot_index == 0:
        return False
    before = tokens[dot_index - 1]
    if before[1] != tokens[dot_index][0]:  # "word ." with a space: a real full stop
        return False
    word = bare(text, before)
    return word.casefold() in ABBREVIATIONS or (len(word) == 1 and word.isupper())
