"""An exact numpy form of the fitted classifiers, for prediction at run time.

The model files proper are scikit-learn pipelines saved with ``skops.io`` (TF-IDF word and
character features, one-vs-rest calibrated linear classifiers). Using them to extract costs
a lot for what they compute:

* importing ``skops.io`` imports every scikit-learn estimator (2.6 s of a one-page
  extraction's start-up, against 1 s for spaCy);
* ``predict_proba`` on one-vs-rest calibrated models has a fixed ~10 ms per call.

What they compute is small: for each TF-IDF block, count the n-grams of the sentence that
are in the vocabulary, ``1 + log(count)``, times ``idf``, L2-normalised; then a decision
``X @ w + b`` per output and a sigmoid calibration ``expit(-(a * d + c))`` (or a logistic
``expit(d)``). :class:`LinearProba` does exactly that with numpy.

It is built from a fitted pipeline (:meth:`LinearProba.from_pipeline`, only for the
pipelines :mod:`extractor.model.train` trains: n-gram extraction is the same as scikit-learn's
``_word_ngrams`` / ``_char_wb_ngrams``), and kept only when it reproduces scikit-learn's
probabilities on probe sentences to 1e-9. Training also saves it as ``runtime.npz`` beside
the skops files: plain arrays and one JSON header, read with ``allow_pickle=False``, with
the probe sentences and scikit-learn's probabilities for them, which are checked again on
every load. A file that does not reproduce them is refused and the skops pipelines are used.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from math import log

import numpy as np

RUNTIME_FORMAT = 1
ATOL = 1e-9

# The analyzers a runtime file may name: the module-level functions of extractor.features.
_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's VectorizerMixin._white_spaces


def _functions() -> dict:
    from extractor.features import char_text, word_tokens

    return {"extractor.features.word_tokens": word_tokens, "extractor.features.char_text": char_text}


def _qualname(fn) -> str | None:
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', '')}" if fn is not None else None


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


# --------------------------------------------------------------------------- features

def word_ngrams(tokens: list[str], lo: int, hi: int) -> list[str]:
    """The word n-grams of ``tokens``, lo..hi (scikit-learn's ``_word_ngrams`` without stop words)."""
    out = list(tokens) if lo == 1 else []
    n_tok = len(tokens)
    for n in range(max(lo, 2), min(hi + 1, n_tok + 1)):
        out.extend(" ".join(tokens[i:i + n]) for i in range(n_tok - n + 1))
    return out


def char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams inside space-padded words (scikit-learn's ``_char_wb_ngrams``)."""
    text = _WHITE_SPACES.sub(" ", text)
    out: list[str] = []
    for w in text.split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < w_len:
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # a short word is counted once
                break
    return out


class TfidfBlock:
    """One fitted TF-IDF vectorizer (word or char_wb analyzer, sublinear tf, L2 norm)."""

    def __init__(self, analyzer: str, ngram_range: tuple[int, int], function: str, terms: list[str],
                 idf: np.ndarray, sublinear_tf: bool = True, norm: str | None = "l2"):
        if analyzer not in ("word", "char_wb"):
            raise TypeError(f"analyzer {analyzer!r}")
        if norm not in ("l2", None):
            raise TypeError(f"norm {norm!r}")
        fn = _functions().get(function)
        if fn is None:
            raise TypeError(f"analyzer function {function!r} is not one of {sorted(_functions())}")
        if len(terms) != len(idf):
            raise ValueError("vocabulary and idf differ in length")
        self.analyzer, self.ngram_range, self.function = analyzer, (int(ngram_range[0]), int(ngram_range[1])), function
        self._fn = fn
        self.terms = list(terms)
        self.vocabulary = {t: i for i, t in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.sublinear_tf, self.norm = bool(sublinear_tf), norm

    def __len__(self) -> int:
        return len(self.terms)

    def ngrams(self, text: str) -> list[str]:
        lo, hi = self.ngram_range
        if self.analyzer == "word":
            return word_ngrams(self._fn(text), lo, hi)
        return char_wb_ngrams(self._fn(text), lo, hi)

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(column indices, values) of the TF-IDF row of one text."""
        counts: dict[int, int] = {}
        vocab = self.vocabulary
        for g in self.ngrams(text):
            j = vocab.get(g)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(((1.0 + log(c)) if self.sublinear_tf else float(c) for c in counts.values()),
                         dtype=np.float64, count=len(counts))
        val = tf * self.idf[idx]
        if self.norm == "l2":
            nrm = np.sqrt(np.dot(val, val))
            if nrm > 0:
                val = val / nrm
        return idx, val

    @classmethod
    def from_vectorizer(cls, vec) -> "TfidfBlock":
        from sklearn.feature_extraction.text import TfidfVectorizer

        if type(vec) is not TfidfVectorizer:
            raise TypeError(type(vec).__name__)
        if vec.lowercase or vec.strip_accents or vec.stop_words or vec.binary or not vec.use_idf:
            raise TypeError("unsupported TfidfVectorizer options")
        if vec.analyzer == "word":
            if vec.preprocessor is not None:
                raise TypeError("word analyzer with a preprocessor")
            function = _qualname(vec.tokenizer)
        elif vec.analyzer == "char_wb":
            if vec.tokenizer is not None:
                raise TypeError("char analyzer with a tokenizer")
            function = _qualname(vec.preprocessor)
        else:
            raise TypeError(f"analyzer {vec.analyzer!r}")
        terms = [""] * len(vec.vocabulary_)
        for t, i in vec.vocabulary_.items():
            terms[int(i)] = t
        return cls(vec.analyzer, vec.ngram_range, function, terms, vec.idf_, vec.sublinear_tf, vec.norm)

    def header(self) -> dict:
        return {"analyzer": self.analyzer, "ngram_range": list(self.ngram_range), "function": self.function,
                "sublinear_tf": self.sublinear_tf, "norm": self.norm, "size": len(self)}


class Features:
    """Fitted TF-IDF blocks side by side (a FeatureUnion): the columns of block k follow block k-1's."""

    def __init__(self, blocks: list[TfidfBlock]):
        self.blocks = blocks
        self.offsets = np.cumsum([0] + [len(b) for b in blocks])[:-1]
        self.size = int(sum(len(b) for b in blocks))

    def rows(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        out = []
        for text in texts:
            parts = [b.row(text) for b in self.blocks]
            idx = np.concatenate([i + off for (i, _), off in zip(parts, self.offsets)])
            val = np.concatenate([v for _, v in parts])
            out.append((idx, val))
        return out

    @classmethod
    def from_union(cls, union) -> "Features":
        from sklearn.pipeline import FeatureUnion

        if type(union) is not FeatureUnion or union.transformer_weights:
            raise TypeError(type(union).__name__)
        return cls([TfidfBlock.from_vectorizer(vec) for _, vec in union.transformer_list])

    def same_as(self, other: "Features") -> bool:
        return len(self.blocks) == len(other.blocks) and all(
            a.header() == b.header() and a.terms == b.terms and np.array_equal(a.idf, b.idf)
            for a, b in zip(self.blocks, other.blocks))


# --------------------------------------------------------------------------- classifier outputs

@dataclass
class _Output:
    """One probability column: sigmoid-calibrated or logistic decision of one linear model."""

    row: int            # column of the stacked weight matrix
    a: float | None     # sigmoid calibration expit(-(a*d + c)); None = logistic expit(d)
    c: float


def _binary_outputs(est, W: list, b: list) -> _Output:
    """The positive-class output of a binary calibrated or logistic estimator."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    if isinstance(est, CalibratedClassifierCV):
        (cc,) = est.calibrated_classifiers_
        lin = cc.estimator
        (cal,) = cc.calibrators
        W.append(np.asarray(lin.coef_).ravel())
        b.append(float(np.ravel(lin.intercept_)[0]))
        return _Output(len(W) - 1, float(cal.a_), float(cal.b_))
    if isinstance(est, LogisticRegression):
        W.append(np.asarray(est.coef_).ravel())
        b.append(float(np.ravel(est.intercept_)[0]))
        return _Output(len(W) - 1, None, 0.0)
    raise TypeError(type(est).__name__)


class LinearProba:
    """``predict_proba`` of a fitted (features, classifier) pipeline in numpy."""

    def __init__(self, features: Features, W: np.ndarray, b: np.ndarray, outputs: list[_Output], normalise: bool,
                 classes: list):
        if W.shape != (features.size, len(b)):
            raise ValueError(f"weights {W.shape} do not match {features.size} features and {len(b)} outputs")
        self.features = features
        self.W = np.ascontiguousarray(W, dtype=np.float64)   # (d, k)
        self.b = np.asarray(b, dtype=np.float64)
        self.outputs = outputs
        self.normalise = normalise
        self.classes_ = classes

    def decision(self, texts: list[str]) -> np.ndarray:
        D = np.empty((len(texts), len(self.b)))
        for r, (idx, val) in enumerate(self.features.rows(texts)):
            D[r] = val @ self.W[idx] + self.b
        return D

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        D = self.decision(texts)
        P = np.empty((D.shape[0], len(self.outputs)))
        for j, o in enumerate(self.outputs):
            d = D[:, o.row]
            P[:, j] = _expit(d) if o.a is None else _expit(-(o.a * d + o.c))
        if self.normalise:
            s = P.sum(axis=1, keepdims=True)
            P = np.divide(P, s, out=np.full_like(P, 1.0 / P.shape[1]), where=s != 0)
        P[(P > 1.0) & (P <= 1.0 + 1e-5)] = 1.0
        return P

    @classmethod
    def from_pipeline(cls, pipe) -> "LinearProba":
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.multiclass import OneVsRestClassifier

        if len(pipe.steps) != 2:
            raise TypeError("a pipeline of two steps (features, classifier) is expected")
        features, clf = Features.from_union(pipe.steps[0][1]), pipe.steps[-1][1]
        W: list = []
        b: list = []
        if isinstance(clf, OneVsRestClassifier) and clf.multilabel_:
            outputs = [_binary_outputs(est, W, b) for est in clf.estimators_]
            normalise = False
        elif isinstance(clf, CalibratedClassifierCV) and len(clf.classes_) > 2:
            (cc,) = clf.calibrated_classifiers_
            lin = cc.estimator
            coef, inter = np.asarray(lin.coef_), np.ravel(lin.intercept_)
            if list(lin.classes_) != list(clf.classes_) or len(cc.calibrators) != len(clf.classes_):
                raise TypeError("classes out of order")
            outputs = []
            for k, cal in enumerate(cc.calibrators):
                W.append(coef[k])
                b.append(float(inter[k]))
                outputs.append(_Output(len(W) - 1, float(cal.a_), float(cal.b_)))
            normalise = True
        else:
            raise TypeError(type(clf).__name__)
        return cls(features, np.vstack(W).T, np.asarray(b), outputs, normalise,
                   [c.item() if hasattr(c, "item") else c for c in clf.classes_])


def fast_proba(pipe, probes: list[str]):
    """A :class:`LinearProba` for ``pipe`` if it reproduces scikit-learn on ``probes``, else ``pipe``."""
    try:
        fast = LinearProba.from_pipeline(pipe)
        if np.allclose(fast.predict_proba(probes), pipe.predict_proba(probes), rtol=0, atol=ATOL):
            return fast
    except (AttributeError, TypeError, ValueError):
        pass
    return pipe


# --------------------------------------------------------------------------- runtime.npz

class RuntimeFileError(ValueError):
    """A runtime file that cannot be read or does not reproduce its probes."""


def _json_default(o):
    if isinstance(o, np.generic):
        return o.item()
    raise TypeError(type(o).__name__)


def dump_runtime(predictors: dict[str, LinearProba], probes: list[str], expected: dict[str, np.ndarray]) -> bytes:
    """The bytes of a runtime file holding ``predictors`` (name -> LinearProba), the probe
    feature strings and the probabilities scikit-learn gave for them (name -> array)."""
    arrays: dict[str, np.ndarray] = {}
    header: dict = {"format": RUNTIME_FORMAT, "probes": list(probes), "features": [], "predictors": {}}
    stored: list[Features] = []
    for name, pred in predictors.items():
        k = next((i for i, f in enumerate(stored) if f is pred.features or f.same_as(pred.features)), None)
        if k is None:
            k = len(stored)
            stored.append(pred.features)
            header["features"].append([blk.header() for blk in pred.features.blocks])
            for j, blk in enumerate(pred.features.blocks):
                arrays[f"f{k}.{j}.terms"] = np.array(blk.terms, dtype=str)
                arrays[f"f{k}.{j}.idf"] = blk.idf
        header["predictors"][name] = {
            "features": k, "normalise": pred.normalise, "classes": list(pred.classes_),
            "outputs": [[o.row, o.a, o.c] for o in pred.outputs]}
        arrays[f"{name}.W"] = pred.W
        arrays[f"{name}.b"] = pred.b
        arrays[f"{name}.expected"] = np.asarray(expected[name], dtype=np.float64)
    arrays["header"] = np.array(json.dumps(header, ensure_ascii=False, default=_json_default))
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def load_runtime(path) -> dict[str, LinearProba]:
    """Read a runtime file (no pickles) and check every predictor against its stored probes."""
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        header = json.loads(str(arrays["header"]))
        if header.get("format") != RUNTIME_FORMAT:
            raise RuntimeFileError(f"runtime format {header.get('format')!r}, this extractor reads {RUNTIME_FORMAT}")
        features = []
        for k, blocks in enumerate(header["features"]):
            features.append(Features([
                TfidfBlock(h["analyzer"], tuple(h["ngram_range"]), h["function"],
                           arrays[f"f{k}.{j}.terms"].tolist(), arrays[f"f{k}.{j}.idf"], h["sublinear_tf"], h["norm"])
                for j, h in enumerate(blocks)]))
        out = {}
        for name, h in header["predictors"].items():
            outputs = [_Output(int(r), None if a is None else float(a), float(c)) for r, a, c in h["outputs"]]
            out[name] = LinearProba(features[h["features"]], arrays[f"{name}.W"], arrays[f"{name}.b"], outputs,
                                    bool(h["normalise"]), list(h["classes"]))
    except RuntimeFileError:
        raise
    except (OSError, EOFError, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError) as exc:
        raise RuntimeFileError(f"unreadable runtime file ({type(exc).__name__}: {exc})") from exc
    for name, pred in out.items():
        got = pred.predict_proba(header["probes"])
        if got.shape != arrays[f"{name}.expected"].shape or not np.allclose(got, arrays[f"{name}.expected"],
                                                                             rtol=0, atol=ATOL):
            raise RuntimeFileError(f"the {name} predictor does not reproduce its probe probabilities")
    return out
