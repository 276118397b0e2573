"""Features of the topic and kind classifiers: one feature string per sentence.

The classifiers never see raw text. They see the *feature string* of a sentence: its
underthesea words in the normalised view (:func:`extractor.normalise.norm_view`: lower
case, one tone-mark placement, plain spaces and quotes), the syllables of a multi-syllable
word joined with ``_`` ("bổ_sung biên_chế cho phường").

There are two ways to get the words of a sentence, and they must agree exactly:

* at run time, the ``vi_topics`` component reads the tokens already in the spaCy Doc
  (:func:`span_words`), so underthesea is not called twice;
* at training time, the annotated sentence is word-segmented with the very function the
  tokenizer uses (:func:`text_words`, i.e. :func:`extractor.tokenise.word_spans`).

Both go through :func:`feature_string`. The vectorizers' analyzers below are module-level
functions, so a fitted pipeline can be saved with ``skops.io`` and trusted by name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from extractor.normalise import norm_view

_SPACE_RUN = re.compile(r"\s+")
_HAS_WORD = re.compile(r"[^\W_]", re.UNICODE)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def feature_string(words: Iterable[str]) -> str:
    """The classifier input for a sentence given its words (token texts, in order).

    Each word is normalised (:func:`norm_view`); the spaces inside a multi-syllable word
    (one or several, or a line break) become one ``_``; words are joined by one space.
    Space-only tokens are skipped.
    """
    out = []
    for w in words:
        w = w.strip()
        if not w:
            continue
        out.append(_SPACE_RUN.sub("_", norm_view(unicodedata.normalize("NFC", w))))
    return " ".join(out)


@lru_cache(maxsize=50000)
def _text_words_cached(text: str) -> tuple[str, ...]:
    from extractor.tokenise import word_spans

    return tuple(text[s:e] for s, e in word_spans(text, 0, len(text)))


def text_words(text: str) -> list[str]:
    """The words of one sentence, segmented exactly as the Doc tokenizer segments a sentence."""
    return list(_text_words_cached(unicodedata.normalize("NFC", text)))


def text_features(text: str) -> str:
    """Training path: the feature string of an annotated sentence."""
    return feature_string(text_words(text))


def span_words(span) -> list[str]:
    """The words of a sentence span of a Doc made by our tokenizer (space tokens skipped)."""
    return [t.text for t in span if not t.is_space]


def span_features(span) -> str:
    """Run-time path: the feature string of a sentence span, from the Doc's own tokens."""
    return feature_string(span_words(span))


# ---- analyzers used inside the saved pipelines (module level, so skops can save them) ----

def word_tokens(feature: str) -> list[str]:
    """Word-level tokens of a feature string: the words (one-letter words kept), punctuation
    dropped, and numbers folded to ``0`` so figures generalise ("3 tỷ" and "15 tỷ" match)."""
    return [_DIGITS.sub("0", w) for w in feature.split() if _HAS_WORD.search(w)]


def char_text(feature: str) -> str:
    """The text the character n-grams read: the feature string with words' ``_`` as spaces
    (already lower-cased and tone-normalised; tone marks are kept, never stripped)."""
    return _DIGITS.sub("0", feature.replace("_", " "))
