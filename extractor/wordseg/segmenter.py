"""underthesea's word segmentation, decoded in one pass over plain arrays.

``underthesea.word_tokenize`` asks its Rust featurizer for 43 feature strings per syllable, turns
them into Python strings and hands them back to its Rust tagger: on our corpus 70% of its time is
that round trip, not the model. :class:`CrfWordSegmenter` gives the same words from the same
model files: each template's weight depends on one, two or three neighbouring syllables, so a
syllable's weights are summed once and cached, a pair's or a triple's text is looked up in the
model's attributes (the weights of their flags, ``istitle`` and ``is_in_dict``, summed once), and
the labels are decoded with the model's transition weights (Viterbi, as CRFsuite does), a whole
document's sentences at a time. The syllables are underthesea's own (its regex ``tokenize``), and
the features of a single syllable (``lower``, ``isdigit``, ``istitle``, ``is_in_dict``) are asked
of ``underthesea_core.CRFFeaturizer`` (built on the model's templates and words) the first time
the syllable is seen, so their definitions are underthesea's; pairs and triples join them
(``tests/test_wordseg.py`` checks the scores against the featurizer's own features and the words
against ``underthesea.word_tokenize`` sentence by sentence; ``bench/wordseg.py`` over the corpus).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy

from extractor.wordseg.model_files import CrfWeights, ModelFileError

_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(\w+))?$")
_ATTRS = ("", "lower", "isdigit", "istitle", "is_in_dict")
_NGRAM_ATTRS = ("", "lower", "istitle", "is_in_dict")   # what a pair or triple is known to have
_BOS, _EOS = "\x00BOS", "\x00EOS"   # pad syllables: no text syllable contains NUL
_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class Template:
    name: str
    lo: int
    hi: int
    attr: str

    @property
    def width(self) -> int:
        return self.hi - self.lo + 1


def parse_templates(names: Sequence[str]) -> tuple[Template, ...]:
    out = []
    for name in names:
        m = _TEMPLATE.match(name)
        if not m or (m.group(3) or "") not in _ATTRS:
            raise ModelFileError(f"feature template {name!r} is not one this decoder knows")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) is not None else lo
        if not 1 <= hi - lo + 1 <= 3:
            raise ModelFileError(f"feature template {name!r} spans more than three syllables")
        out.append(Template(name, lo, hi, m.group(3) or ""))
    return tuple(out)


class _Rows:
    """Score rows (offsets x labels) in one growing array; the first ``fixed`` rows are kept."""

    def __init__(self, shape: tuple[int, int], fixed: list[numpy.ndarray]):
        self.array = numpy.zeros((max(64, 2 * len(fixed)), *shape))
        self.array[:len(fixed)] = fixed
        self.fixed = self.size = len(fixed)

    def add(self, row: numpy.ndarray) -> int:
        if self.size == len(self.array):
            self.array = numpy.concatenate([self.array, numpy.zeros_like(self.array)])
        self.array[self.size] = row
        self.size += 1
        return self.size - 1

    def reset(self) -> None:
        self.size = self.fixed


class CrfWordSegmenter:
    """Words of a sentence from underthesea's syllables and its CRF word-segmentation model."""

    def __init__(self, weights: CrfWeights, templates: Sequence[str], dictionary: frozenset[str],
                 probe: Callable[[str], dict[str, str]], syllables: Callable[[str], list[str]]):
        self.labels = weights.labels
        if "I-W" not in self.labels:
            raise ModelFileError("the model has no I-W label")
        self._inside = self.labels.index("I-W")
        self._state = weights.state
        self._transition = weights.transition.tolist()
        self._dictionary = dictionary
        self._probe = probe
        self._syllables = syllables
        self._templates = parse_templates(templates)
        for t in self._templates:
            if t.width > 1 and t.attr not in _NGRAM_ATTRS:
                raise ModelFileError(f"no {t.attr!r} feature is known for {t.width} syllables ({t.name})")
        self._values_of = self._attribute_ids(weights.attributes)
        self._pad = max(max(abs(t.lo), abs(t.hi)) for t in self._templates)
        self._widths = sorted({t.width for t in self._templates})
        self._offsets = {w: sorted({t.lo for t in self._templates if t.width == w}) for w in self._widths}
        # width 1: a row per syllable seen (rows 0 and 1 are the padding); wider: one row per
        # combination of flags (0 BOS, 1 EOS, 2 + 2 * istitle + is_in_dict), text looked up
        self._rows = {w: _Rows((len(self._offsets[w]), len(self.labels)), self._fixed_rows(w))
                      for w in self._widths}
        # (a syllable's text weights are in its cached row; pairs and triples look theirs up here)
        self._text = {(w, attr): self._text_hits(w, attr) for w in self._widths if w > 1 for attr in ("", "lower")}
        self._seen: dict[str, tuple[str, bool, int]] = {}

    def _attribute_ids(self, attributes: dict[str, int]) -> dict[str, dict[str, int]]:
        """For each template, the attribute id of each value the model has a weight for."""
        out: dict[str, dict[str, int]] = {t.name: {} for t in self._templates}
        for attribute, ident in attributes.items():
            name, _, value = attribute.partition("=")
            if name in out:
                out[name][value] = ident
        return out

    def _text_hits(self, width: int, attr: str) -> dict[str, tuple[tuple[int, int], ...]]:
        """value -> (offset index, attribute id) of the ``attr`` templates of the width."""
        hits: dict[str, list[tuple[int, int]]] = {}
        for t in self._templates:
            if t.width == width and t.attr == attr:
                for value, ident in self._values_of[t.name].items():
                    hits.setdefault(value, []).append((self._offsets[width].index(t.lo), ident))
        return {value: tuple(pairs) for value, pairs in hits.items()}

    def _row(self, width: int, values: Callable[[str], str | None]) -> numpy.ndarray:
        """Summed weights of the width's templates whose value ``values(attr)`` gives (None: skip)."""
        row = numpy.zeros((len(self._offsets[width]), len(self.labels)))
        for t in self._templates:
            value = values(t.attr) if t.width == width else None
            ident = self._values_of[t.name].get(value) if value is not None else None
            if ident is not None:
                row[self._offsets[width].index(t.lo)] += self._state[ident]
        return row

    def _fixed_rows(self, width: int) -> list[numpy.ndarray]:
        rows = [self._row(width, lambda attr: "BOS"), self._row(width, lambda attr: "EOS")]
        if width > 1:
            for title in (False, True):
                for in_dict in (False, True):
                    flags = {"istitle": str(title), "is_in_dict": str(in_dict)}
                    rows.append(self._row(width, flags.get))
        return rows

    def clear_cache(self) -> None:
        """Forget the syllables seen (benchmarks start every pass from nothing)."""
        self._seen.clear()
        if 1 in self._rows:
            self._rows[1].reset()

    def _syllable(self, syllable: str) -> tuple[str, bool, int]:
        """(lower, istitle, row) of a syllable, from underthesea's featurizer the first time."""
        seen = self._seen.get(syllable)
        if seen is None:
            if len(self._seen) >= _CACHE_LIMIT:
                self.clear_cache()
            values = self._probe(syllable)
            row = self._rows[1].add(self._row(1, values.get)) if 1 in self._rows else -1
            seen = self._seen[syllable] = (values["lower"], values["istitle"] == "True", row)
        return seen

    # -- scores ---------------------------------------------------------------------------------
    def _window_ids(self, width: int, n: int, lowers: list[str], titles: list[bool]) -> list[int]:
        """Row ids of the ``n + 2 * pad`` windows of a sentence's block (inside ones by their flags)."""
        pad, dictionary = self._pad, self._dictionary
        ids = [0] * pad
        ids += [2 + 2 * t + (low in dictionary) for t, low in zip(titles, lowers)]
        ids += [1] * (n + pad - len(lowers))
        return ids

    def scores(self, sentences: list[list[str]]) -> list[list[list[float]]]:
        """The state score of every label at every syllable of each sentence (n x labels each).

        The sentences are laid end to end, each in a block of ``n + 2 * pad`` slots (the padding
        on both sides), so that each template is one gather and one add over the whole batch."""
        pad, labels = self._pad, len(self.labels)
        ids: dict[int, list[int]] = {w: [] for w in self._rows}
        hits: dict[int, tuple[list[int], list[int], list[int]]] = {w: ([], [], []) for w in self._rows}
        starts = []
        start = 0
        for syllables in sentences:
            n = len(syllables)
            starts.append(start)
            seen = [self._syllable(s) for s in syllables]
            lowers = [s[0] for s in seen]
            titles = [s[1] for s in seen]
            texts = list(syllables)
            for width in range(1, self._widths[-1] + 1):
                if width > 1:   # windows of width w from those of width w - 1
                    texts = [a + " " + b for a, b in zip(texts, syllables[width - 1:])]
                    lowers = [a + " " + b for a, b in zip(lowers, [s[0] for s in seen[width - 1:]])]
                    titles = [a and b for a, b in zip(titles, [s[1] for s in seen[width - 1:]])]
                if width not in self._rows:
                    continue
                if width == 1:
                    ids[1] += [0] * pad + [s[2] for s in seen] + [1] * pad
                    continue
                ids[width] += self._window_ids(width, n, lowers, titles)
                cells = hits[width]
                for table, values in ((self._text[width, ""], texts), (self._text[width, "lower"], lowers)):
                    for i, value in enumerate(values):
                        for k, ident in table.get(value, ()):
                            cells[0].append(start + pad + i)
                            cells[1].append(k)
                            cells[2].append(ident)
            start += n + 2 * pad
        total = numpy.zeros((start, labels))
        for width, row_ids in ids.items():
            rows = self._rows[width].array[row_ids]
            rr, kk, found = hits[width]
            if found:
                numpy.add.at(rows, (rr, kk), self._state[found])
            for k, lo in enumerate(self._offsets[width]):
                # slot g of a syllable uses the window at slot g + lo
                if lo >= 0:
                    total[:start - lo] += rows[lo:, k]
                else:
                    total[-lo:] += rows[:start + lo, k]
        flat = total.tolist()
        return [flat[b + pad:b + pad + len(syl)] for b, syl in zip(starts, sentences)]

    # -- decoding -------------------------------------------------------------------------------
    def tags(self, sentences: list[list[str]]) -> list[list[int]]:
        """The best label sequence of each sentence (Viterbi; ties to the lower label, as CRFsuite)."""
        out = []
        for state in self.scores(sentences):
            if not state:
                out.append([])
            elif len(self.labels) == 2:
                out.append(_viterbi2(state, self._transition))
            else:
                out.append(_viterbi(state, self._transition))
        return out

    def words(self, texts: list[str]) -> list[list[str]]:
        """Words of each text, as ``underthesea.word_tokenize(text, use_token_normalize=False)``."""
        sentences = [self._syllables(text) for text in texts]
        out = []
        for syllables, tags in zip(sentences, self.tags(sentences)):
            words: list[str] = []
            for tag, syllable in zip(tags, syllables):
                if tag == self._inside and words:
                    words[-1] = words[-1] + " " + syllable
                else:
                    words.append(syllable)
            out.append(words)
        return out

    def __call__(self, text: str) -> list[str]:
        return self.words([text])[0]


def _viterbi(state: list[list[float]], trans: list[list[float]]) -> list[int]:
    labels = range(len(trans))
    delta = state[0]
    back: list[list[int]] = []
    for row in state[1:]:
        step, new = [], []
        for y in labels:
            best, arg = delta[0] + trans[0][y], 0
            for z in labels[1:]:
                s = delta[z] + trans[z][y]
                if s > best:
                    best, arg = s, z
            step.append(arg)
            new.append(best + row[y])
        back.append(step)
        delta = new
    return _backtrack(max(labels, key=delta.__getitem__), back)


def _backtrack(y: int, back: list) -> list[int]:
    path = [y]
    for step in reversed(back):
        y = step[y]
        path.append(y)
    path.reverse()
    return path


def _viterbi2(state: list[list[float]], trans: list[list[float]]) -> list[int]:
    """Viterbi for two labels, the same comparisons as :func:`_viterbi`, unrolled."""
    (t00, t01), (t10, t11) = trans
    d0, d1 = state[0]
    back = []
    for s0, s1 in state[1:]:
        a, b = d0 + t00, d1 + t10
        p0, n0 = (1, b) if b > a else (0, a)
        a, b = d0 + t01, d1 + t11
        p1, n1 = (1, b) if b > a else (0, a)
        back.append((p0, p1))
        d0, d1 = n0 + s0, n1 + s1
    return _backtrack(1 if d1 > d0 else 0, back)
