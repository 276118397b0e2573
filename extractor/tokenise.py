"""Tokenise: underthesea word segmentation held in a lossless spaCy Doc.

The tokenizer registered as ``extractor.vi_tokenizer.v1`` segments the text
(:mod:`extractor.segment`), word-segments every sentence, heading and turn label with
underthesea's model (``use_token_normalize=False``, so tokens are the text's own characters;
decoded by :mod:`extractor.wordseg`, all regions of a document in one batch),
aligns the words to the text syllable by syllable, and builds a Doc whose ``text`` is
exactly the input. Each token's ``norm_`` is its normalised view
(:mod:`extractor.normalise`). The segmentation is stored as span groups:
``paragraphs``, ``headings``, ``items``, ``turn_labels`` and ``sentences``.

Registering our own tokenizer also keeps spaCy from importing pyvi for ``vi``.
"""

from __future__ import annotations

import re

import numpy
import spacy
from spacy.attrs import NORM
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractor.align import AlignmentError, align_pieces
from extractor.extensions import register
from extractor.normalise import norm_view
from extractor.segment import SegmentRules, default_rules, segment
from extractor.wordseg import word_tokenize

TOKENIZER_NAME = "extractor.vi_tokenizer.v1"
SPAN_GROUPS = ("paragraphs", "headings", "items", "turn_labels", "sentences", "quotes")
_FALLBACK = re.compile(r"[^\W_]+|[^\w\s]|_+", re.UNICODE)



def doc_text(doc: Doc) -> str:
    """The text of a Doc made by our tokenizer: the string it was given, kept on the Doc.

    spaCy's ``Doc.text`` joins every token on each access (~1.3 ms for a 3-page document); our
    tokens cover the text exactly, so the original string is the same text at no cost."""
    text = doc._.source_text
    return text if text is not None else doc.text


def _fallback_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _FALLBACK.finditer(text, start, end)]


def _covered(text: str, start: int, end: int, words: list[str]) -> list[tuple[int, int]]:
    """The words aligned to ``text[start:end]``, with what underthesea dropped covered."""
    try:
        spans = align_pieces(text, start, end, words, slack=2)
    except (AlignmentError, Exception):  # noqa: BLE001 - segmentation must never fail a document
        return _fallback_spans(text, start, end)
    # underthesea may silently drop characters; cover them with the fallback tokenizer
    covered: list[tuple[int, int]] = []
    pos = start
    for s, e in spans:
        if text[pos:s].strip():
            covered.extend(_fallback_spans(text, pos, s))
        covered.append((s, e))
        pos = e
    if text[pos:end].strip():
        covered.extend(_fallback_spans(text, pos, end))
    return covered


def _words(chunk: str) -> list[str] | None:
    try:
        return word_tokenize([chunk])[0]
    except Exception:  # noqa: BLE001 - segmentation must never fail a document
        return None


def regions_word_spans(text: str, regions: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Character spans of the words of each region ``text[start:end]`` (underthesea's
    segmentation, :mod:`extractor.wordseg`; a region it cannot segment gets the fallback's)."""
    todo = [i for i, (s, e) in enumerate(regions) if text[s:e].strip()]
    chunks = [text[regions[i][0]:regions[i][1]] for i in todo]
    try:
        words: list[list[str] | None] = list(word_tokenize(chunks))
    except Exception:  # noqa: BLE001 - one bad region must not take the others' words
        words = [_words(chunk) for chunk in chunks]
    out: list[list[tuple[int, int]]] = [[] for _ in regions]
    for i, found in zip(todo, words):
        s, e = regions[i]
        out[i] = _fallback_spans(text, s, e) if found is None else _covered(text, s, e, found)
    return out


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Character spans of the words of ``text[start:end]`` (underthesea, with a fallback)."""
    return regions_word_spans(text, [(start, end)])[0]


class VietnameseTokenizer:
    """A spaCy tokenizer: text -> Doc with underthesea words and the segmentation spans."""

    def __init__(self, vocab: Vocab, rules: SegmentRules | None = None):
        register()
        self.vocab = vocab
        self.rules = rules or default_rules()

    def __call__(self, text: str) -> Doc:
        seg = segment(text, self.rules)
        regions = sorted(seg.sentences + seg.headings + seg.turn_labels)
        spans: list[tuple[int, int]] = []
        pos = 0
        clipped = []
        for s, e in regions:   # overlapping regions cannot happen; guard anyway
            clipped.append((max(s, pos), max(e, pos)))
            pos = max(pos, e)
        pos = 0
        for (s, e), words in zip(clipped, regions_word_spans(text, clipped)):
            if text[pos:s].strip():
                spans.extend(_fallback_spans(text, pos, s))
            spans.extend(words)
            pos = max(pos, e)
        if text[pos:].strip():
            spans.extend(_fallback_spans(text, pos, len(text)))
        view = norm_view(text)
        doc = _doc_from_spans(self.vocab, text, spans, {s for s, _ in regions}, view)
        doc._.view = view
        doc._.source_text = text
        for name in SPAN_GROUPS:
            group = []
            for s, e in getattr(seg, name):
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is not None:
                    group.append(span)
            doc.spans[name] = group
        return doc

    # spaCy serialisation hooks (the tokenizer has no state of its own)
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "VietnameseTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "VietnameseTokenizer":
        return self


def _doc_from_spans(vocab: Vocab, text: str, spans: list[tuple[int, int]], starts: set[int] = frozenset(),
                    view: str | None = None) -> Doc:
    """A Doc whose text is exactly ``text``: gaps other than one space become space tokens.

    Tokens starting at an offset in ``starts`` begin a sentence (set in the constructor:
    setting ``token.is_sent_start`` one by one costs a scan of the Doc per token). With
    ``view`` (the normalised view of ``text``), each token's ``norm_`` is its text in the view,
    set for all tokens in one array (always set: spaCy's default norm would otherwise apply
    its own exceptions, "…" -> "...", to tokens the view leaves unchanged).
    """
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    end = len(text)
    for s, e in list(spans) + [(end, end)]:  # the sentinel flushes the trailing gap
        if s < pos:
            continue
        gap = text[pos:s]
        if gap and words and gap[0] == " " and not spaces[-1]:
            spaces[-1] = True  # one space after a token is its trailing whitespace
            gap = gap[1:]
        if gap:
            words.append(gap)  # any other whitespace is a space token
            spaces.append(False)
        if e > s:
            words.append(text[s:e])
            spaces.append(False)
        pos = e
    if not words:
        return Doc(vocab, words=[], spaces=[])
    sent_starts = []
    norm_texts = []
    pos = 0
    for w, sp in zip(words, spaces):
        sent_starts.append(pos in starts or not sent_starts)
        if view is not None:
            norm_texts.append(view[pos:pos + len(w)] if not w.isspace() else w.lower())
        pos += len(w) + sp
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    if view is not None:
        add = vocab.strings.add
        doc.from_array([NORM], numpy.array([add(t) for t in norm_texts], dtype="uint64").reshape(-1, 1))
        doc._.token_norms = norm_texts
    return doc


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer():
    def make(nlp):
        return VietnameseTokenizer(nlp.vocab)

    return make


def blank_pipeline() -> "spacy.language.Language":
    """``spacy.blank("vi")`` with our tokenizer (pyvi is never imported)."""
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
