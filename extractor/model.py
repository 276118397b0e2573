"""The topic and statement-kind classifiers: train, evaluate, save (skops), load (trusted).

A model directory ``models/<name>/`` holds

* ``topics.skops``: a scikit-learn Pipeline, feature string -> probability of each of the five
  topic labels (word uni/bi-grams + char_wb 2-5 grams, one-vs-rest linear SVM with sigmoid
  calibration);
* ``kind.skops``: the same features -> recommendation / response / none probabilities;
* ``meta.json``: labels, per-label thresholds, data digest and sizes, library versions,
  metrics (validation, test split, k-fold cross-validation), creation date;
* ``MODEL_CARD.md``.

Decision rule for topics: every label whose calibrated probability reaches its threshold
(chosen on a validation split carved from the training split); ``other`` when none does.

Files are saved with ``skops.io`` and loaded only if every type they contain is in
:data:`TRUSTED_TYPES`; anything else is refused with a :class:`~extractor.errors.ModelError`.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import random
import warnings
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from extractor.annotations import KINDS, LABELS, Example
from extractor.errors import ModelError
from extractor.features import char_text, text_features, word_tokens

FORMAT_VERSION = 1
TOPICS_FILE = "topics.skops"
KIND_FILE = "kind.skops"
RUNTIME_FILE = "runtime.npz"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"
FALLBACK = "other"
DEFAULT_NAME = "topics-v1"
ENV_VAR = "EXTRACTOR_MODEL"

# The types a model file may hold beyond those skops trusts by default: exactly what
# skops.io.get_untrusted_types() reports for the shipped files (the first four; a test checks
# it), plus the constant predictor one-vs-rest uses for a label without training examples
# (small exports). Loading refuses any other type.
TRUSTED_TYPES = (
    "extractor.features.char_text",
    "extractor.features.word_tokens",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.multiclass._ConstantPredictor",
)


class ModelVersionWarning(UserWarning):
    """The model was built with other library versions than the ones installed."""


def repo_root() -> Path:
    import extractor

    return Path(extractor.__file__).resolve().parents[1]


def default_model_path() -> Path:
    return repo_root() / "models" / DEFAULT_NAME


def resolve_model_path(model: str | Path | None = None) -> Path:
    """The model directory: ``model`` if given, else ``$EXTRACTOR_MODEL``, else the shipped one."""
    if model:
        return Path(model)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return default_model_path()


# ------------------------------------------------------------------ configuration

@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of one training run (all stored in meta.json)."""

    seed: int = 0
    classifier: str = "svm"            # "svm" (LinearSVC + sigmoid calibration) or "lr"
    C: float = 1.0                     # SVM C (LogisticRegression uses 20 * C)
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    char_min_df: int = 2
    word_min_df: int = 2
    max_word_features: int | None = 20000
    max_char_features: int | None = 20000
    validation_fraction: float = 0.2    # used when threshold_folds < 2
    threshold_folds: int = 3           # thresholds from out-of-fold predictions on the training split
    calibration_folds: int = 3
    cv_folds: int = 5                  # 0: no cross-validation
    train_kind: bool = True

    def __post_init__(self):
        if self.classifier not in ("svm", "lr"):
            raise ValueError(f"classifier must be 'svm' or 'lr', got {self.classifier!r}")
        if not 0 < self.validation_fraction < 1:
            raise ValueError(f"validation_fraction must be in (0, 1), got {self.validation_fraction!r}")
        if self.C <= 0:
            raise ValueError(f"C must be positive, got {self.C!r}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "TrainConfig":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        for k in ("word_ngrams", "char_ngrams"):
            if k in known:
                known[k] = tuple(known[k])
        return cls(**known)


def _features(config: TrainConfig):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    word = TfidfVectorizer(analyzer="word", tokenizer=word_tokens, token_pattern=None, lowercase=False,
                           ngram_range=tuple(config.word_ngrams), sublinear_tf=True, dtype=np.float64,
                           min_df=config.word_min_df, max_features=config.max_word_features)
    char = TfidfVectorizer(analyzer="char_wb", preprocessor=char_text, lowercase=False,
                           ngram_range=tuple(config.char_ngrams), sublinear_tf=True, dtype=np.float64,
                           min_df=config.char_min_df, max_features=config.max_char_features)
    return FeatureUnion([("word", word), ("char", char)])


def _base_classifier(config: TrainConfig, calibration_folds: int):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    if config.classifier == "svm" and calibration_folds >= 2:
        return CalibratedClassifierCV(LinearSVC(C=config.C, random_state=config.seed), cv=calibration_folds,
                                      method="sigmoid", ensemble=False)
    # too few examples of some class to calibrate by cross-validation (or asked for LR)
    return LogisticRegression(C=20 * config.C, max_iter=3000, random_state=config.seed)


def _calibration_folds(Y: np.ndarray, wanted: int) -> int:
    """Folds the calibration can use: each class of each trained column needs that many rows."""
    counts = []
    for j in range(Y.shape[1]):
        pos = int(Y[:, j].sum())
        if 0 < pos < len(Y):
            counts.extend([pos, len(Y) - pos])
    return min([wanted] + counts) if counts else wanted


def topic_classifier(config: TrainConfig, Y: np.ndarray):
    """One-vs-rest over the five labels (the classifier step of the topic pipeline)."""
    from sklearn.multiclass import OneVsRestClassifier

    return OneVsRestClassifier(_base_classifier(config, _calibration_folds(Y, config.calibration_folds)))


def kind_classifier(config: TrainConfig, y: list[str]):
    """recommendation / response / none (the classifier step of the kind pipeline)."""
    counts = [y.count(k) for k in set(y)]
    return _base_classifier(config, min([config.calibration_folds] + counts))


def fit_features(X: list[str], config: TrainConfig):
    """Fit the word + char TF-IDF features once on the training sentences: (features, matrix)."""
    feats = _features(config)
    M = feats.fit_transform(X)
    compact_features(feats)
    return feats, M.tocsr()


# ------------------------------------------------------------------ decisions and metrics

def label_matrix(labels: list[tuple[str, ...]]) -> np.ndarray:
    Y = np.zeros((len(labels), len(LABELS)), dtype=int)
    for i, ls in enumerate(labels):
        for l in ls:
            Y[i, LABELS.index(l)] = 1
    return Y


def decide(P: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Labels passing their threshold; ``other`` for rows where none passes."""
    Y = (P >= thresholds).astype(int)
    Y[Y.sum(axis=1) == 0, LABELS.index(FALLBACK)] = 1
    return Y


def choose_thresholds(P: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per label, the threshold in 0.10..0.90 (step 0.05) with the best F1 on (P, Y).

    F1 is averaged with the neighbouring thresholds' so that a lucky spike on a small
    validation set does not win; ties go to the threshold closest to 0.5. A label absent
    from Y keeps 0.5."""
    from sklearn.metrics import f1_score

    grid = np.round(np.arange(0.10, 0.901, 0.05), 2)
    out = np.full(len(LABELS), 0.5)
    for j in range(len(LABELS)):
        if Y[:, j].sum() == 0:
            continue
        raw = np.array([f1_score(Y[:, j], P[:, j] >= t, zero_division=0) for t in grid])
        padded = np.concatenate([[raw[0]], raw, [raw[-1]]])
        scores = (padded[:-2] + padded[1:-1] + padded[2:]) / 3
        best = scores.max()
        cands = [t for t, sc in zip(grid, scores) if sc >= best - 1e-9]
        out[j] = min(cands, key=lambda t: (abs(t - 0.5), t))
    return out


def topic_metrics(Y: np.ndarray, Yp: np.ndarray) -> dict:
    """Per-label precision/recall/F1/support, micro and macro F1 (labels with support or
    predictions), and a gold x predicted co-occurrence table."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(Y, Yp, average=None, labels=range(len(LABELS)), zero_division=0)
    present = [j for j in range(len(LABELS)) if Y[:, j].sum() or Yp[:, j].sum()]
    per = {l: {"precision": round(float(p[j]), 4), "recall": round(float(r[j]), 4), "f1": round(float(f[j]), 4),
               "support": int(s[j])} for j, l in enumerate(LABELS)}
    confusion = {g: {q: int(((Y[:, i] == 1) & (Yp[:, j] == 1)).sum()) for j, q in enumerate(LABELS)}
                 for i, g in enumerate(LABELS)}
    return {
        "n": int(len(Y)),
        "per_label": per,
        "micro_f1": round(float(f1_score(Y, Yp, average="micro", zero_division=0)), 4) if len(Y) else 0.0,
        "macro_f1": round(float(np.mean([f[j] for j in present])), 4) if present else 0.0,
        "exact_match": round(float((Y == Yp).all(axis=1).mean()), 4) if len(Y) else 0.0,
        "confusion": confusion,
    }


def kind_metrics(gold: list[str], pred: list[str]) -> dict:
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=list(KINDS), zero_division=0)
    present = [j for j, k in enumerate(KINDS) if k in gold or k in pred]
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, pred)), 4) if gold else 0.0,
        "per_label": {k: {"precision": round(float(p[j]), 4), "recall": round(float(r[j]), 4),
                          "f1": round(float(f[j]), 4), "support": int(s[j])} for j, k in enumerate(KINDS)},
        "macro_f1": round(float(np.mean([f[j] for j in present])), 4) if present else 0.0,
        "confusion": {g: {q: sum(1 for a, b in zip(gold, pred) if a == g and b == q) for q in KINDS} for g in KINDS},
    }


# ------------------------------------------------------------------ the model object

# Feature strings on which the numpy fast path must reproduce scikit-learn before it is used.
PROBES = [
    "", "đề_nghị thành_phố bổ_sung biên_chế cho phường .", "sở tài_chính cho_biết đã bố_trí 0 tỷ đồng",
    "cần sớm kết_nối cơ_sở dữ_liệu dùng_chung", "tập_huấn an_toàn thông_tin cho cán_bộ , công_chức",
    "hội_nghị đã tổng_hợp 0 kiến_nghị của cử_tri", "xin cảm_ơn chủ_tọa", "ông tiếp_thu và sẽ chỉ_đạo sửa đường",
]


class Model:
    """A topic model (and optionally a kind model) with its metadata.

    ``topics`` / ``kind`` are the fitted scikit-learn pipelines (feature string -> probabilities);
    ``topics_run`` / ``kind_run`` are what predicts: the pipelines themselves, or their exact
    numpy form (:mod:`extractor.fastlinear`). A model loaded from a directory with a runtime
    file predicts with that form and reads the skops pipelines only if asked for them, so
    extraction never imports scikit-learn or skops.
    """

    def __init__(self, topics, thresholds: dict[str, float], kind=None, meta: dict | None = None,
                 path: Path | None = None, *, topics_run=None, kind_run=None, loader=None):
        self._topics, self._kind = topics, kind
        self.thresholds = thresholds
        self.meta = meta if meta is not None else {}
        self.path = path
        self._loader = loader          # name -> pipeline, for pipelines not loaded yet
        self.topics_run = topics_run if topics_run is not None else topics
        self.kind_run = kind_run if kind_run is not None else kind

    @property
    def topics(self):
        if self._topics is None and self._loader is not None:
            self._topics = self._loader("topics")
        return self._topics

    @property
    def kind(self):
        if self._kind is None and self._loader is not None and self.kind_run is not None:
            self._kind = self._loader("kind")
        return self._kind

    @property
    def has_kind(self) -> bool:
        return self.kind_run is not None or self._kind is not None

    def use_fast_path(self) -> None:
        """Predict with the exact numpy form of the linear models when it reproduces scikit-learn."""
        from extractor.fastlinear import fast_proba

        self.topics_run = fast_proba(self.topics, PROBES)
        if self.kind is not None:
            self.kind_run = fast_proba(self.kind, PROBES)

    @property
    def name(self) -> str:
        return self.meta.get("name") or (self.path.name if self.path else "unsaved")

    # -- topics
    def topic_proba(self, features: list[str]) -> np.ndarray:
        """Probabilities (n x 5, in LABELS order) for feature strings."""
        if not features:
            return np.zeros((0, len(LABELS)))
        P = np.asarray(self.topics_run.predict_proba(features), dtype=float)
        return np.clip(P, 0.0, 1.0)

    def decide(self, P: np.ndarray) -> np.ndarray:
        return decide(P, np.array([self.thresholds[l] for l in LABELS]))

    def classify_features(self, features: list[str]) -> list[tuple[list[str], dict[str, float]]]:
        """(labels, scores) per feature string."""
        P = self.topic_proba(features)
        Y = self.decide(P)
        return [([l for j, l in enumerate(LABELS) if Y[i, j]], {l: round(float(P[i, j]), 4) for j, l in enumerate(LABELS)})
                for i in range(len(features))]

    def predict_topics(self, texts: list[str]) -> list[tuple[list[str], dict[str, float]]]:
        """(labels, scores) for raw sentences (segmented with underthesea)."""
        return self.classify_features([text_features(t) for t in texts])

    # -- kinds
    def kind_proba_features(self, features: list[str]) -> list[dict[str, float]]:
        if not self.has_kind:
            raise ModelError(f"{self.path or self.name}: this model has no statement-kind classifier")
        if not features:
            return []
        P = self.kind_run.predict_proba(features)
        classes = list(self.kind_run.classes_)
        return [{k: round(float(P[i, classes.index(k)]), 4) if k in classes else 0.0 for k in KINDS}
                for i in range(len(features))]

    def predict_kind(self, texts: list[str]) -> list[dict[str, float]]:
        """For each sentence, the probability of recommendation / response / none."""
        return self.kind_proba_features([text_features(t) for t in texts])

    # -- evaluation
    def evaluate(self, examples: list[Example], worst: int = 0) -> dict:
        """Metrics on annotated examples: topics over statements with labels, kinds over
        examples with a known kind (when the model has a kind classifier)."""
        report: dict = {"model": self.name}
        st = [e for e in examples if e.is_statement and e.labels]
        feats = [text_features(e.text) for e in st]
        P = self.topic_proba(feats)
        Y = label_matrix([e.labels for e in st])
        Yp = self.decide(P) if len(st) else np.zeros((0, len(LABELS)), dtype=int)
        report["topics"] = topic_metrics(Y, Yp)
        if worst and len(st):
            loss = np.abs(Y - P).sum(axis=1)
            order = np.argsort(-loss, kind="stable")[:worst]
            report["topics"]["worst"] = [{
                "text": st[i].text, "gold": list(st[i].labels),
                "predicted": [l for j, l in enumerate(LABELS) if Yp[i, j]],
                "scores": {l: round(float(P[i, j]), 3) for j, l in enumerate(LABELS)},
                "loss": round(float(loss[i]), 3), "source": st[i].source} for i in order]
        kinded = [e for e in examples if e.kind in KINDS]
        if self.has_kind and kinded:
            probs = self.kind_proba_features([text_features(e.text) for e in kinded])
            pred = [max(p, key=p.get) for p in probs]
            report["kind"] = kind_metrics([e.kind for e in kinded], pred)
        return report


# ------------------------------------------------------------------ training

def _split_validation(n: int, Y: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices (fit, validation), stratified on the rarest label of each row when possible."""
    from sklearn.model_selection import train_test_split

    idx = np.arange(n)
    freq = Y.sum(axis=0)
    strata = np.array([int(min(np.flatnonzero(r), key=lambda j: freq[j])) if r.any() else -1 for r in Y])
    _, counts = np.unique(strata, return_counts=True)
    stratify = strata if counts.min() >= 2 and int(round(n * fraction)) >= len(counts) else None
    a, b = train_test_split(idx, test_size=fraction, random_state=seed, stratify=stratify)
    return np.sort(a), np.sort(b)


def _quiet_fit(est, X, y):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")
        warnings.filterwarnings("ignore", category=UserWarning, module="sklearn.multiclass")
        return est.fit(X, y)


def compact_features(union):
    """Make fitted features small on disk: vocabularies map to plain ints (skops would
    store every numpy scalar as a file of its own), and the dropped-terms list goes."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    for _, vec in getattr(union, "transformer_list", []):
        if isinstance(vec, TfidfVectorizer) and hasattr(vec, "vocabulary_"):
            vec.vocabulary_ = {str(k): int(v) for k, v in vec.vocabulary_.items()}
            if hasattr(vec, "stop_words_"):
                vec.stop_words_ = None
    return union


REAL_MIN_POSITIVES = 20  # real validation statements a label needs for its threshold to be chosen on them


def fit_topics(M, Y: np.ndarray, config: TrainConfig, step=lambda msg: None,
               real: np.ndarray | None = None) -> tuple[object, np.ndarray, dict]:
    """Fit the topic classifier on feature matrix ``M``: per-label thresholds chosen on
    validation predictions, then a fit on the whole training split.

    With ``threshold_folds`` >= 2 the validation predictions are out-of-fold predictions
    over the training split (each fold in turn is the validation part carved from it),
    which gives steadier thresholds than one split; otherwise one validation part of
    ``validation_fraction`` is held out. (The TF-IDF vocabulary is fitted once on the whole
    training split: it sees no labels.)"""
    n = M.shape[0]
    if n < 4:
        raise ModelError(f"too few labelled statements to train a topic model ({n})")
    folds = _validation_folds(n, Y, config)
    Pv = np.zeros(Y.shape, dtype=float)
    val_idx = np.concatenate([b for _, b in folds])
    for i, (a, b) in enumerate(folds, 1):
        step(f"topics: validation fit {i}/{len(folds)}")
        clf = _quiet_fit(topic_classifier(config, Y[a]), M[a], Y[a])
        Pv[b] = np.asarray(clf.predict_proba(M[b]))
    th = choose_thresholds(Pv[val_idx], Y[val_idx])
    chosen_on_real = []
    if real is not None:
        # a label with enough real validation statements gets the threshold that is best on real text
        rv = val_idx[real[val_idx]]
        if len(rv):
            th_real = choose_thresholds(Pv[rv], Y[rv])
            for j, label in enumerate(LABELS):
                if Y[rv, j].sum() >= REAL_MIN_POSITIVES:
                    th[j] = th_real[j]
                    chosen_on_real.append(label)
    validation = topic_metrics(Y[val_idx], decide(Pv[val_idx], th))
    validation["folds"] = len(folds)
    validation["thresholds_chosen_on_real_statements"] = chosen_on_real
    step("topics: fit on the whole training split")
    final = _quiet_fit(topic_classifier(config, Y), M, Y)
    return final, th, validation


def _validation_folds(n: int, Y: np.ndarray, config: TrainConfig) -> list[tuple[np.ndarray, np.ndarray]]:
    k = config.threshold_folds
    if k and k >= 2 and n >= 2 * k:
        from sklearn.model_selection import KFold

        return list(KFold(n_splits=k, shuffle=True, random_state=config.seed).split(np.arange(n)))
    return [_split_validation(n, Y, config.validation_fraction, config.seed)]


def _set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % (2 ** 32))


def train_model(train: list[Example], config: TrainConfig = TrainConfig(), step=lambda msg: None,
                features=None) -> Model:
    """Train topics (+ kind) on ``train`` examples. ``features`` maps text -> feature string.

    The TF-IDF features are fitted once on all training sentences and shared by the
    topic pipeline (statements only) and the kind pipeline (every sentence with a kind)."""
    from sklearn.pipeline import Pipeline

    _set_seed(config.seed)
    feats = features or text_features
    X = [feats(e.text) for e in train]
    step("features")
    union, M = fit_features(X, config)
    st = np.array([i for i, e in enumerate(train) if e.is_statement and e.labels], dtype=int)
    Y = label_matrix([train[i].labels for i in st])
    real = np.array([train[i].source.startswith(("real:", "corpus:")) for i in st], dtype=bool)
    clf, th, validation = fit_topics(M[st], Y, config, step, real=real if real.any() else None)
    topics = Pipeline([("features", union), ("classifier", clf)])
    kind = None
    if config.train_kind:
        ki = np.array([i for i, e in enumerate(train) if e.kind in KINDS], dtype=int)
        y = [train[i].kind for i in ki]
        if len(set(y)) >= 2:
            step("kind: fit")
            kind = Pipeline([("features", union), ("classifier", _quiet_fit(kind_classifier(config, y), M[ki], y))])
    thresholds = {l: float(th[j]) for j, l in enumerate(LABELS)}
    return Model(topics, thresholds, kind, {"config": config.to_dict(), "seed": config.seed,
                                            "metrics": {"topics": {"validation": validation}}})


def cross_validate(examples: list[Example], config: TrainConfig, k: int = 5, step=lambda msg: None) -> dict:
    """k-fold cross-validation: the whole training procedure (thresholds included) per fold."""
    from sklearn.model_selection import KFold

    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
    if len(examples) < k:
        raise ModelError(f"cannot cross-validate {len(examples)} examples in {k} folds")
    cfg = replace(config, cv_folds=0)
    folds = KFold(n_splits=k, shuffle=True, random_state=config.seed).split(np.arange(len(examples)))
    topic_f1, kind_f1, kind_acc = [], [], []
    for i, (a, b) in enumerate(folds, 1):
        step(f"cross-validation fold {i}/{k}")
        m = train_model([examples[j] for j in a], cfg)
        rep = m.evaluate([examples[j] for j in b])
        topic_f1.append(rep["topics"]["macro_f1"])
        if "kind" in rep:
            kind_f1.append(rep["kind"]["macro_f1"])
            kind_acc.append(rep["kind"]["accuracy"])

    def summary(xs):
        return {"mean": round(float(np.mean(xs)), 4), "std": round(float(np.std(xs)), 4),
                "folds": [round(float(x), 4) for x in xs]} if xs else None

    return {"k": k, "seed": config.seed, "n": len(examples), "topics_macro_f1": summary(topic_f1),
            "kind_macro_f1": summary(kind_f1), "kind_accuracy": summary(kind_acc)}


# ------------------------------------------------------------------ versions, save, load

def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    import extractor

    out = {"python": platform.python_version(), "extractor": extractor.__version__}
    for dist in ("scikit-learn", "skops", "numpy", "scipy", "underthesea"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


def version_differences(built: dict) -> list[str]:
    """Libraries whose installed version differs from the one a model was built with
    (scikit-learn and skops: any difference; others: major.minor)."""
    now = library_versions()
    out = []
    for lib in ("scikit-learn", "skops", "numpy", "scipy", "underthesea"):
        a, b = built.get(lib), now.get(lib)
        if not a or not b:
            continue
        if lib in ("scikit-learn", "skops"):
            differ = a != b
        else:
            differ = a.split(".")[:2] != b.split(".")[:2]
        if differ:
            out.append(f"{lib} {a} (installed: {b})")
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def runtime_bytes(model: Model) -> bytes | None:
    """The runtime file of ``model`` (its numpy form, see :mod:`extractor.fastlinear`), or None
    when some pipeline has no exact numpy form."""
    from extractor.fastlinear import LinearProba, dump_runtime, fast_proba

    pipes = {"topics": model.topics}
    if model.kind is not None:
        pipes["kind"] = model.kind
    predictors, expected = {}, {}
    for name, pipe in pipes.items():
        fast = fast_proba(pipe, PROBES)
        if not isinstance(fast, LinearProba):
            return None
        predictors[name] = fast
        expected[name] = np.asarray(pipe.predict_proba(PROBES), dtype=float)
    return dump_runtime(predictors, PROBES, expected)


def save_model(model: Model, out: str | Path) -> Path:
    """Write the skops files, the runtime file and meta.json into ``out`` (created if needed)."""
    import skops.io as sio

    from extractor.jsonl import atomic_bytes

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {"topics": TOPICS_FILE}
    sio.dump(model.topics, out / TOPICS_FILE, compression=8)
    if model.kind is not None:
        sio.dump(model.kind, out / KIND_FILE, compression=8)
        files["kind"] = KIND_FILE
    elif (out / KIND_FILE).exists():
        (out / KIND_FILE).unlink()
    runtime = runtime_bytes(model)
    if runtime is not None:
        with atomic_bytes(out / RUNTIME_FILE) as fh:
            fh.write(runtime)
        files["runtime"] = RUNTIME_FILE
    elif (out / RUNTIME_FILE).exists():
        (out / RUNTIME_FILE).unlink()
    meta = dict(model.meta)
    meta.update({
        "name": meta.get("name") or out.name,
        "format_version": FORMAT_VERSION,
        "labels": list(LABELS),
        "kinds": list(KINDS) if model.kind is not None else [],
        "thresholds": model.thresholds,
        "fallback": FALLBACK,
        "files": {k: {"path": v, "sha256": _sha256(out / v), "bytes": (out / v).stat().st_size} for k, v in files.items()},
    })
    meta.setdefault("versions", library_versions())
    meta.setdefault("created", _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat())
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    model.meta, model.path = meta, out
    return out


def load_skops(path: Path, trusted: tuple[str, ...] = TRUSTED_TYPES):
    """Load a skops file if every type it holds is in ``trusted``; ModelError otherwise.

    ``skops.io.load`` itself checks the file's types against the explicit list (the list was
    built from ``skops.io.get_untrusted_types`` of the shipped model, see the tests), so
    the file is parsed once."""
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    if not path.is_file():
        raise ModelError(f"{path}: model file missing")
    try:
        return sio.load(path, trusted=list(trusted))
    except UntrustedTypesFoundException as exc:
        try:
            refused = sorted(set(sio.get_untrusted_types(file=path)) - set(trusted))
        except Exception:  # noqa: BLE001
            refused = [str(exc)]
        raise ModelError(f"{path}: refusing to load untrusted types: {', '.join(refused)}") from exc
    except Exception as exc:  # noqa: BLE001 - a corrupt file can fail in many ways
        raise ModelError(f"{path}: not a readable skops model file ({type(exc).__name__}: {exc})") from exc


def _read_meta(path: Path) -> dict:
    f = path / META_FILE
    if not path.is_dir():
        raise ModelError(f"{path}: model directory not found (train one with `extractor train --out {path}`)")
    if not f.is_file():
        raise ModelError(f"{f}: missing (a model directory holds {META_FILE} and {TOPICS_FILE})")
    try:
        meta = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{f}: unreadable model metadata ({exc})") from exc
    if not isinstance(meta, dict) or not isinstance(meta.get("thresholds"), dict):
        raise ModelError(f"{f}: model metadata without thresholds")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{f}: model format {meta.get('format_version')!r}, this extractor reads {FORMAT_VERSION}")
    missing = [l for l in LABELS if l not in meta["thresholds"]]
    if missing or meta.get("labels") != list(LABELS):
        raise ModelError(f"{f}: model labels {meta.get('labels')} differ from {list(LABELS)}")
    return meta


class RuntimeFileWarning(UserWarning):
    """A model's runtime file could not be used; its skops pipelines predict instead."""


def load_model(path: str | Path | None = None, *, kind: bool = True) -> Model:
    """Load a model directory (default: :func:`resolve_model_path`). Warns on version mismatch.

    With a runtime file (written by :func:`save_model`) the model predicts with it and the skops
    pipelines are loaded only when asked for (``model.topics`` / ``model.kind``)."""
    path = resolve_model_path(path).resolve()
    meta = _read_meta(path)
    files = meta.get("files") or {}
    for key in ("topics", "kind", "runtime"):
        entry = files.get(key)
        if entry and entry.get("sha256") and (path / entry["path"]).is_file():
            if _sha256(path / entry["path"]) != entry["sha256"]:
                raise ModelError(f"{path / entry['path']}: checksum differs from {META_FILE} (corrupt or replaced file)")
    diffs = version_differences(meta.get("versions") or {})
    if diffs:
        warnings.warn(f"model {path} was built with {', '.join(diffs)}; predictions may differ. "
                      f"Retrain it with `extractor train --out {path}`.", ModelVersionWarning, stacklevel=2)
    thresholds = {l: float(meta["thresholds"][l]) for l in LABELS}
    skops_files = {"topics": files.get("topics", {}).get("path") or TOPICS_FILE}
    if kind and "kind" in files:
        skops_files["kind"] = files["kind"]["path"]

    def load_pipeline(name: str):
        pipe = load_skops(path / skops_files[name])
        if not hasattr(pipe, "predict_proba"):
            raise ModelError(f"{path / skops_files[name]}: not a classifier pipeline")
        return pipe

    runtime = _load_runtime(path, files, set(skops_files))
    if runtime is not None:
        return Model(None, thresholds, None, meta, path, topics_run=runtime["topics"],
                     kind_run=runtime.get("kind") if "kind" in skops_files else None, loader=load_pipeline)
    topics = load_pipeline("topics")
    kind_pipe = load_pipeline("kind") if "kind" in skops_files else None
    model = Model(topics, thresholds, kind_pipe, meta, path)
    model.use_fast_path()
    return model


def _load_runtime(path: Path, files: dict, wanted: set[str]) -> dict | None:
    """The runtime predictors of a model directory, or None (no file, or unusable: warned)."""
    from extractor.fastlinear import RuntimeFileError, load_runtime

    entry = files.get("runtime")
    if not entry:
        return None
    f = path / entry["path"]
    try:
        runtime = load_runtime(f)
    except RuntimeFileError as exc:
        warnings.warn(f"{f}: {exc}; predicting with the skops pipelines instead", RuntimeFileWarning, stacklevel=3)
        return None
    if not wanted <= set(runtime):
        warnings.warn(f"{f}: holds {sorted(runtime)}, not {sorted(wanted)}; predicting with the skops pipelines "
                      "instead", RuntimeFileWarning, stacklevel=3)
        return None
    return runtime


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> Model:
    return load_model(path)


def cached_model(path: str | Path | None = None) -> Model:
    """:func:`load_model`, cached per directory (and meta.json mtime)."""
    p = resolve_model_path(path).resolve()
    try:
        mtime = (p / META_FILE).stat().st_mtime
    except OSError:
        mtime = -1.0
    return _cached(str(p), mtime)
