from hypothesis import example, given
from hypothesis import strategies as st

from annotator.tokens import (
    _CLOSERS,
    SENTENCE_END,
    _is_abbreviation,
    bare,
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


def test_emoji_sequences_and_flags_are_single_tokens_and_controls_join_their_token() -> None:
    assert words("👩‍💻 🇸🇦👍🏽 \u200fقال\u200f") == ["👩‍💻", "🇸🇦", "👍🏽", "\u200fقال\u200f"]
    # An RLM after punctuation joins it, one between spaces is a token: nothing is dropped.
    assert words("الأوسط\u200f \u200f موسكو،\u200f") == [
        "الأوسط\u200f",
        "\u200f",
        "موسكو",
        "،\u200f",
    ]


def test_numbers_are_never_cut_inside() -> None:
    assert words("بـ34.3 و1,250 5ر1 و65ر12 بـ5 COVID19 2024م") == [
        "بـ",
        "34.3",
        "و",
        "1,250",
        "5ر1",
        "و",
        "65ر12",
        "بـ5",
        "COVID19",
        "2024م",
    ]


def test_a_full_stop_with_an_rlm_still_ends_the_sentence() -> None:
    text = "قال.\u200f ثم مضى"
    tokens = tokenize(text)
    assert [text[a:b] for a, b in tokens] == ["قال", ".\u200f", "ثم", "مضى"]
    assert len(sentences(text, tokens)) == 2


def test_split_at_span_edges_counts_words() -> None:
    text = "دعم لأوكرانيا والتقى"
    tokens = tokenize(text)
    word = text.index("لأوكرانيا")
    split, count = split_at(tokens, [word + 1, text.index("التقى")])
    assert [text[a:b] for a, b in split] == ["دعم", "ل", "أوكرانيا", "و", "التقى"]
    assert count == 2


def reference_sentences(text, tokens, joined=()):
    """The plain per-token algorithm the fast one must agree with."""
    groups, current = [], []
    for index, token in enumerate(tokens):
        current.append(token)
        if index + 1 >= len(tokens):
            break
        following = tokens[index + 1]
        word, next_word = bare(text, token), bare(text, following)
        boundary = "\n" in text[token[1] : following[0]]
        if not boundary and word in SENTENCE_END:
            boundary = not _is_abbreviation(text, tokens, index) and next_word not in _CLOSERS
        elif not boundary and word in _CLOSERS and index > 0:
            before = tokens[index - 1]
            boundary = bare(text, before) in SENTENCE_END and next_word not in _CLOSERS
        if boundary and index not in joined:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


pieces = st.sampled_from(
    ["قال", " ", ".", "..", "!", "؟", "\n", "»", '"', "د", "Dr", "3.5", "x", "…", "\u200f"]
)


@given(st.lists(pieces, max_size=40).map("".join), st.sets(st.integers(0, 40)))
@example("!..قال", set())  # ".." is no closer: "!" ends the first sentence, ".." starts one
def test_sentences_agree_with_the_reference(text: str, joined: set[int]) -> None:
    tokens = tokenize(text)
    assert sentences(text, tokens, joined) == reference_sentences(text, tokens, joined)
