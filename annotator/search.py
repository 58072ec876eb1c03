"""Arabic-aware search: match a normalised copy of the text, report offsets in the original.

Arabic spelling varies where meaning does not: diacritics are usually left out, tatweel
stretches words, alef is written with or without hamza, final ya with or without dots,
Persian keyboards type ک and ی. Search therefore matches a *normalised* copy of the text and
maps every hit back to code-point offsets of the stored text, so `text[start:end]` is always
what was found, also when the original is longer than the match (a shadda, a tatweel).

The normalised copy only drops characters (diacritics, tatweel, a combining hamza after its
letter) or replaces one character by one other, so the map back is a short list of runs;
case is ignored by the regex engine (`re.IGNORECASE`), which never changes a length.

Whole-word matching accepts the proclitics و ف ب ك ل ال and their combinations (وال، بال،
فال، لل، كال، وب، ول، فبال، ...) in front of the word; a hit never includes them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from annotator.errors import AnnotatorError
from annotator.words import is_attaching, is_format, is_word_char

TATWEEL = "\u0640"
# Combining maddah and hamza above/below after their letter: the same as the precomposed
# letter (canonical equivalence), so ا + ٔ is found as أ.
_COMPOSED = {
    ("\u0627", "\u0653"): "\u0622",
    ("\u0627", "\u0654"): "\u0623",
    ("\u0627", "\u0655"): "\u0625",
    ("\u0648", "\u0654"): "\u0624",
    ("\u064a", "\u0654"): "\u0626",
    ("\u06cc", "\u0654"): "\u0626",
    ("\u0649", "\u0654"): "\u0626",
    ("\u06d5", "\u0654"): "\u06c0",
    ("\u06c1", "\u0654"): "\u06c2",
    ("\u06d2", "\u0654"): "\u06d3",
}
_ALEFS = "\u0623\u0625\u0622\u0671\u0672\u0673\u0675"  # أ إ آ ٱ ٲ ٳ ٵ -> ا
_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
# Proclitics in front of a word, normalised: a conjunction, then a preposition or the
# article (ل + ال is written لل), e.g. و، ف، ب، ك، ل، ال، وال، بال، فبال، لل، ولل، وب.
_PROCLITICS = re.compile("[وف]?(?:[بك]?ال|لل|[بكل])|[وف]")


@dataclass(frozen=True)
class MatchOptions:
    """What the search treats as the same: each on by default where it is safe."""

    ignore_diacritics: bool = True  # harakat, tanwin, shadda, sukun, dagger alef, Quranic marks
    ignore_tatweel: bool = True
    unify_alef: bool = True  # أ إ آ ٱ -> ا
    unify_ya: bool = True  # ى -> ي
    unify_persian: bool = True  # ک -> ك, ی -> ي
    ignore_case: bool = True
    unify_ta_marbuta: bool = False  # ة -> ه
    unify_hamza_seats: bool = False  # ؤ -> و, ئ -> ي
    unify_digits: bool = False  # Arabic-Indic and Persian digits -> ASCII
    whole_word: bool = False
    regex: bool = False


@dataclass(frozen=True)
class Hit:
    """One occurrence: `text[start:end]` of document `doc_id` (code points, end exclusive).

    `proclitic` is the text between the word's start and the hit (و in وأوكرانيا), empty
    when the hit starts the word; `word_start` says the hit starts a word, after nothing or
    after recognised proclitics only; `word_end` says it ends one.
    """

    doc_id: str
    start: int
    end: int
    text: str
    proclitic: str = ""
    word_start: bool = True
    word_end: bool = True

    @property
    def whole_word(self) -> bool:
        return self.word_start and self.word_end


@cache
def _diacritics() -> frozenset[str]:
    """Combining marks of the Arabic blocks: harakat, tanwin, shadda, sukun, dagger alef,
    Quranic annotation marks (category Mn)."""
    blocks = (
        range(0x0610, 0x061B),
        range(0x064B, 0x0670 + 1),
        range(0x06D6, 0x06EE),
        range(0x0897, 0x0900),
        range(0xFC5E, 0xFC64),
        range(0xFE70, 0xFE80),
    )
    return frozenset(
        chr(code) for block in blocks for code in block if unicodedata.category(chr(code)) == "Mn"
    )


@dataclass(frozen=True)
class _Folding:
    """How one set of options changes a text: one-for-one replacements, and drops."""

    table: dict[str, str]
    replaced: re.Pattern[str] | None  # any character of `table`
    dropped: frozenset[str]
    scan: re.Pattern[str]  # runs of dropped characters and combining hamzas


@cache
def _folding(options: MatchOptions) -> _Folding:
    table: dict[str, str] = {}
    if options.unify_alef:
        table.update({ch: "\u0627" for ch in _ALEFS})
    if options.unify_ya:
        table["\u0649"] = "\u064a"
    if options.unify_persian:
        table.update({"\u06a9": "\u0643", "\u06cc": "\u064a"})
    if options.unify_ta_marbuta:
        table["\u0629"] = "\u0647"
    if options.unify_hamza_seats:
        table.update({"\u0624": "\u0648", "\u0626": "\u064a"})
    if options.unify_digits:
        for digits in (_ARABIC_INDIC, _PERSIAN):
            table.update({ch: str(value) for value, ch in enumerate(digits)})
    dropped = set(_diacritics()) if options.ignore_diacritics else set()
    if options.ignore_tatweel:
        dropped.add(TATWEEL)
    scanned = dropped | {mark for _, mark in _COMPOSED}
    return _Folding(
        table,
        re.compile("[" + "".join(sorted(table)) + "]") if table else None,
        frozenset(dropped),
        # One character class: the regex engine scans for it quickly.
        re.compile("[" + "".join(sorted(scanned)) + "]+"),
    )


class Normalised:
    """A normalised copy of `original` with the map back to original code-point offsets.

    The copy is made of runs of kept characters; run `r` starts at `self.text` index
    `copy_starts[r]` and at original index `original_starts[r]`. Between runs lie dropped
    characters only.
    """

    def __init__(self, original: str, options: MatchOptions = MatchOptions()) -> None:
        folding = _folding(options)
        self.original = original
        pieces: list[str] = []
        self.copy_starts: list[int] = [0]
        self.original_starts: list[int] = [0]
        position = length = 0  # original[position:] is not yet decided
        for match in folding.scan.finditer(original):
            for index in range(match.start(), match.end()):
                ch = original[index]
                composed = _COMPOSED.get((original[index - 1], ch)) if index > position else None
                if composed is not None:  # a combining hamza joins its letter
                    kept = original[position : index - 1] + composed
                elif ch in folding.dropped:
                    kept = original[position:index]
                else:
                    continue  # a hamza mark that stays (diacritics are kept)
                pieces.append(kept)
                length += len(kept)
                position = index + 1
                if self.copy_starts[-1] == length:  # the last run is empty: it starts later
                    self.original_starts[-1] = position
                else:
                    self.copy_starts.append(length)
                    self.original_starts.append(position)
        pieces.append(original[position:])
        copy = "".join(pieces)
        if folding.replaced is not None:
            table = folding.table
            copy = folding.replaced.sub(lambda m: table[m.group()], copy)
        self.text = copy

    def start_of(self, index: int) -> int:
        """Return the original offset of copy character `index`."""
        run = bisect_right(self.copy_starts, index) - 1
        return self.original_starts[run] + index - self.copy_starts[run]

    def end_of(self, index: int) -> int:
        """Return the original offset just after copy character `index - 1`, past the
        characters dropped behind it (its diacritics belong to it)."""
        run = bisect_right(self.copy_starts, index - 1) - 1
        if run + 1 < len(self.copy_starts) and self.copy_starts[run + 1] == index:
            return self.original_starts[run + 1]
        if index == len(self.text):
            return len(self.original)
        return self.original_starts[run] + index - self.copy_starts[run]


def normalise(text: str, options: MatchOptions = MatchOptions()) -> str:
    """Return `text` as search compares it (see MatchOptions)."""
    return Normalised(text, options).text


def compile_query(query: str, options: MatchOptions = MatchOptions()) -> re.Pattern[str]:
    """Return the pattern searched in normalised texts: the normalised query, escaped
    unless it is a regular expression (which is normalised too: its letters are matched
    against normalised text). Raise AnnotatorError for an empty query or a bad pattern."""
    if not query.strip():
        raise AnnotatorError("the search query is empty")
    source = normalise(query, options)
    if not source:
        raise AnnotatorError(f"the query {query!r} is only diacritics or tatweel")
    flags = re.IGNORECASE if options.ignore_case else 0
    try:
        return re.compile(source if options.regex else re.escape(source), flags)
    except re.error as error:
        raise AnnotatorError(f"the regular expression {query!r} is not valid: {error}") from None


def find(
    doc_id: str, text: str, query: str | re.Pattern[str], options: MatchOptions = MatchOptions()
) -> list[Hit]:
    """Return the hits of `query` in one document's text, in text order."""
    pattern = compile_query(query, options) if isinstance(query, str) else query
    copy = Normalised(text, options)
    hits = []
    for match in pattern.finditer(copy.text):
        if match.end() == match.start():
            continue  # a regular expression may match nothing; a hit is never empty
        hit = _hit(doc_id, copy, match.start(), match.end())
        if not options.whole_word or hit.whole_word:
            hits.append(hit)
    return hits


def _hit(doc_id: str, copy: Normalised, start: int, end: int) -> Hit:
    """Build a hit, judging its word edges on the normalised copy."""
    normal = copy.text
    word_start = start
    while word_start > 0 and is_word_char(normal[word_start - 1]):
        word_start -= 1
    prefix = "".join(ch for ch in normal[word_start:start] if not is_format(ch))  # ZWJ, RLM
    after = end
    while after < len(normal) and is_attaching(normal[after]):
        after += 1
    original_start, original_end = copy.start_of(start), copy.end_of(end)
    proclitic = copy.original[copy.start_of(word_start) : original_start]
    return Hit(
        doc_id,
        original_start,
        original_end,
        copy.original[original_start:original_end],
        proclitic,
        word_start=not prefix or _PROCLITICS.fullmatch(prefix) is not None,
        word_end=after == len(normal) or not is_word_char(normal[after]),
    )


def search(
    documents: Iterable[tuple[str, str]], query: str, options: MatchOptions = MatchOptions()
) -> Iterator[Hit]:
    """Yield the hits of `query` in `(doc_id, text)` pairs, one document at a time, so a
    corpus streams through in flat memory."""
    pattern = compile_query(query, options)
    for doc_id, text in documents:
        yield from find(doc_id, text, pattern, options)


def context(text: str, hit: Hit, width: int = 40) -> str:
    """Return the line around a hit, cut to about `width` characters on either side."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line_end = len(text) if line_end < 0 else line_end
    left = max(line_start, hit.start - width)
    right = min(line_end, hit.end + width)
    return ("…" if left > line_start else "") + text[left:right] + ("…" if right < line_end else "")
