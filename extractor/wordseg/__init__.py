"""Word segmentation: underthesea's model, decoded without its per-syllable string round trip.

:func:`word_tokenize` gives, for each of a list of texts, the words
``underthesea.word_tokenize(text, use_token_normalize=False)`` gives, from the same installed model
(:mod:`extractor.wordseg.segmenter`). If the installed underthesea keeps its model in another
layout or format, :func:`load_segmenter` says why and :func:`word_tokenize` calls underthesea
itself, so a newer underthesea never breaks extraction, it only makes it slower.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from extractor.wordseg.model_files import ModelFileError, pickled_strings, read_crfsuite
from extractor.wordseg.segmenter import CrfWordSegmenter

__all__ = ["CrfWordSegmenter", "ModelFileError", "load_segmenter", "word_tokenize"]

_MODEL = "ws_crf_vlsp2013_20230727"
log = logging.getLogger(__name__)


def model_dir() -> Path:
    """Where the installed underthesea keeps its word-segmentation model."""
    import underthesea.pipeline.word_tokenize as ws

    return Path(ws.__file__).parent / "models" / _MODEL


def featurizer(templates: list[str], dictionary: frozenset[str]):
    """underthesea's own featurizer (``underthesea_core.CRFFeaturizer``) for these templates and words: what the
    features of a single syllable are, by underthesea's definitions (its tagger is not loaded)."""
    from underthesea_core import CRFFeaturizer

    return CRFFeaturizer(list(templates), set(dictionary))


def _probe(featurizer):
    def probe(syllable: str) -> dict[str, str]:
        features = featurizer.process([[[syllable]]])[0][0]
        values = {}
        for feature in features:
            name, _, value = feature.partition("=")
            if name.startswith("T[0]"):
                values[name[5:]] = value
        if set(values) != {"", "lower", "isdigit", "istitle", "is_in_dict"}:
            raise ModelFileError(f"underthesea's featurizer gave {sorted(values)} for one syllable")
        return values

    return probe


_PROBE = ("Ngày 30/6/2024, UBND TP.HCM (Q.1) nhận 1.250,5 tỷ đồng; xem https://hcm.gov.vn/a-b "
          "hoặc gửi thu@hcm.vn, ĐT 028.3829.1234 lúc 8h30 – “xong”...")


def _syllables():
    """underthesea's syllables (its regex ``tokenize`` without token normalisation).

    ``tokenize`` looks, for each match of its pattern, for the first named group that matched,
    which is the whole match; the match itself is taken here (a third less time). If the two
    differ on a probe sentence, ``tokenize`` itself is used."""
    import underthesea.pipeline.word_tokenize.regex_tokenize as rt

    def tokenize(text: str) -> list[str]:
        return rt.tokenize(text, use_token_normalize=False)

    normalise = rt.normalize_characters_in_text

    def syllables(text: str) -> list[str]:
        return [m.group() for m in rt.patterns.finditer(normalise(text))]

    return syllables if syllables(_PROBE) == tokenize(_PROBE) else tokenize


@functools.lru_cache(maxsize=1)
def load_segmenter() -> CrfWordSegmenter | None:
    """The segmenter for the installed underthesea model, or ``None`` (logged) if it cannot be read."""
    try:
        directory = model_dir()
        templates = pickled_strings(directory / "features.bin")
        dictionary = frozenset(pickled_strings(directory / "dictionary.bin"))
        segmenter = CrfWordSegmenter(read_crfsuite(directory / "models.bin"), templates, dictionary,
                                     _probe(featurizer(templates, dictionary)), _syllables())
    except (ModelFileError, OSError, AttributeError, ImportError, TypeError) as exc:
        log.warning("word segmentation falls back to underthesea.word_tokenize: %s", exc)
        return None
    return segmenter


def word_tokenize(texts: list[str]) -> list[list[str]]:
    """For each text, ``underthesea.word_tokenize(text, use_token_normalize=False)``: the same words."""
    segmenter = load_segmenter()
    if segmenter is None:
        from underthesea import word_tokenize as slow

        return [slow(text, use_token_normalize=False) for text in texts]
    return segmenter.words(texts)
