from hypothesis import given
from hypothesis import strategies as st

from annotator.tokens import (
    _CLOSERS,
    SENTENCE_END,
    _is_abbreviation,
    sentences,
    split_at,
    tokenize,
)


def words(text: str) -> list[str]:
    return [text[a:b] for a, b in tokenize(text)]


def test_arabic_tokens_keep_numbers_urls_mentions_and_marks_whole() -> None:
    text = (
        "قال د. أحمد: النمو 3.5% و1,250 شخصا، ٣٫٥ «القمة» https://x.org/a?b=1. "
        "@nato_news #قمة_المياه مُحَمَّد"
    )
    assert words(text) == [
        "قال",
        "د",
        ".",
        "أحمد",
        ":",
        "النمو",
        "3.5",
        "%",
        "و",
        "1,250",
        "شخصا",
        "،",
        "٣٫٥",
        "«",
        "القمة",
        "»",
        "https://x.org/a?b=1",
        ".",
        "@nato_news",
        "#قمة_المياه",
        "مُحَمَّد",
    ]


def test_emoji_sequences_and_flags_are_single_tokens_and_controls_are_no_tokens() -> None:
    assert words("👩‍💻 🇸🇦👍🏽 \u200fقال\u200f") == ["👩‍💻", "🇸🇦", "👍🏽", "قال"]


def test_split_at_span_edges_counts_words() -> None:
    text = "دعم لأوكرانيا والتقى"
    tokens = tokenize(text)
    word = text.index("لأوكرانيا")
    split, count = split_at(tokens, [word + 1, text.index("التقى")])
    assert [text[a:b] for a, b in split] == ["دعم", "ل", "أوكرانيا", "و", "التقى"]
    assert count == 2


def reference_sentences(text, tokens, joined=()):  # noqa: ANN001, ANN201
    """The plain per-token algorithm the fast one must agree with."""
    groups, current = [], []
    for index, token in enumerate(tokens):
        current.append(token)
        if index + 1 >= len(tokens):
            break
        following = tokens[index + 1]
        word, next_word = text[token[0] : token[1]], text[following[0] : following[1]]
        boundary = "\n" in text[token[1] : following[0]]
        if not boundary and word in SENTENCE_END:
            boundary = not _is_abbreviation(text, tokens, index) and next_word not in _CLOSERS
        elif not boundary and word in _CLOSERS and index > 0:
            before = tokens[index - 1]
            boundary = text[before[0] : before[1]] in SENTENCE_END and next_word not in _CLOSERS
        if boundary and index not in joined:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


pieces = st.sampled_from(["قال", " ", ".", "!", "؟", "\n", "»", '"', "د", "Dr", "3.5", "x", "…"])


@given(st.lists(pieces, max_size=40).map("".join), st.sets(st.integers(0, 40)))
def test_sentences_agree_with_the_reference(text: str, joined: set[int]) -> None:
    tokens = tokenize(text)
    assert sentences(text, tokens, joined) == reference_sentences(text, tokens, joined)
