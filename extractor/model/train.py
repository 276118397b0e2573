"""Training: per-label thresholds on validation predictions, the final fits, cross-validation.

The label set is the data's (any labels, at least two, in :func:`extractor.labels.label_order`)."""

from __future__ import annotations

import random
import warnings
from dataclasses import replace

import numpy as np

from extractor.annotations import Example
from extractor.errors import ModelError
from extractor.features import text_features
from extractor.labels import KINDS, fallback_for, label_order
from extractor.model.assess import model_metrics
from extractor.model.build import fit_features, kind_classifier, topic_classifier
from extractor.model.config import TrainConfig
from extractor.model.metrics import choose_thresholds, decide, label_matrix, topic_metrics
from extractor.model.runtime import Model

REAL_MIN_POSITIVES = 20  # real validation statements a label needs for its threshold to be chosen on them


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


def fit_topics(M, Y: np.ndarray, config: TrainConfig, step=lambda msg: None,
               real: np.ndarray | None = None, labels: tuple[str, ...] | None = None
               ) -> tuple[object, np.ndarray, dict]:
    """Fit the topic classifier on feature matrix ``M`` (columns of ``Y``: ``labels``): per-label
    thresholds chosen on validation predictions, then a fit on the whole training split.

    With ``threshold_folds`` >= 2 the validation predictions are out-of-fold predictions
    over the training split (each fold in turn is the validation part carved from it),
    which gives steadier thresholds than one split; otherwise one validation part of
    ``validation_fraction`` is held out. (The TF-IDF vocabulary is fitted once on the whole
    training split: it sees no labels.)"""
    labels = tuple(labels) if labels is not None else tuple(str(j) for j in range(Y.shape[1]))
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
            for j, label in enumerate(labels):
                if Y[rv, j].sum() >= REAL_MIN_POSITIVES:
                    th[j] = th_real[j]
                    chosen_on_real.append(label)
    fallback = fallback_for(labels)
    validation = topic_metrics(Y[val_idx], decide(Pv[val_idx], th, labels.index(fallback) if fallback else None),
                               labels)
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


def data_labels(examples: list[Example]) -> tuple[str, ...]:
    """The label set of training data: every topic label its statements carry (at least two)."""
    labels = label_order({l for e in examples for l in e.labels})
    if len(labels) < 2:
        raise ModelError(f"training data needs statements with at least two topic labels, found {list(labels)}")
    return labels


def train_model(train: list[Example], config: TrainConfig = TrainConfig(), step=lambda msg: None,
                features=None, labels: tuple[str, ...] | None = None) -> Model:
    """Train topics (+ kind) on ``train`` examples. ``features`` maps text -> feature string;
    ``labels`` is the label set (default: the data's, :func:`data_labels`).

    The TF-IDF features are fitted once on all training sentences and shared by the
    topic pipeline (statements only) and the kind pipeline (every sentence with a kind)."""
    from sklearn.pipeline import Pipeline

    labels = tuple(labels) if labels is not None else data_labels(train)
    _set_seed(config.seed)
    feats = features or text_features
    X = [feats(e.text) for e in train]
    step("features")
    union, M = fit_features(X, config)
    st = np.array([i for i, e in enumerate(train) if e.is_statement and e.labels], dtype=int)
    Y = label_matrix([train[i].labels for i in st], labels)
    real = np.array([train[i].source.startswith(("real:", "corpus:")) for i in st], dtype=bool)
    clf, th, validation = fit_topics(M[st], Y, config, step, real=real if real.any() else None, labels=labels)
    topics = Pipeline([("features", union), ("classifier", clf)])
    kind = None
    if config.train_kind:
        ki = np.array([i for i, e in enumerate(train) if e.kind in KINDS], dtype=int)
        y = [train[i].kind for i in ki]
        if len(set(y)) >= 2:
            step("kind: fit")
            kind = Pipeline([("features", union), ("classifier", _quiet_fit(kind_classifier(config, y), M[ki], y))])
    thresholds = {l: float(th[j]) for j, l in enumerate(labels)}
    return Model(topics, thresholds, kind, {"config": config.to_dict(), "seed": config.seed,
                                            "metrics": {"topics": {"validation": validation}}}, labels=labels)


def cross_validate(examples: list[Example], config: TrainConfig, k: int = 5, step=lambda msg: None) -> dict:
    """k-fold cross-validation: the whole training procedure (thresholds included) per fold."""
    from sklearn.model_selection import KFold

    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
    if len(examples) < k:
        raise ModelError(f"cannot cross-validate {len(examples)} examples in {k} folds")
    labels = data_labels(examples)
    cfg = replace(config, cv_folds=0)
    folds = KFold(n_splits=k, shuffle=True, random_state=config.seed).split(np.arange(len(examples)))
    topic_f1, kind_f1, kind_acc = [], [], []
    for i, (a, b) in enumerate(folds, 1):
        step(f"cross-validation fold {i}/{k}")
        m = train_model([examples[j] for j in a], cfg, labels=labels)
        rep = model_metrics(m, [examples[j] for j in b])
        topic_f1.append(rep["topics"]["macro_f1"])
        if "kind" in rep:
            kind_f1.append(rep["kind"]["macro_f1"])
            kind_acc.append(rep["kind"]["accuracy"])

    def summary(xs):
        return {"mean": round(float(np.mean(xs)), 4), "std": round(float(np.std(xs)), 4),
                "folds": [round(float(x), 4) for x in xs]} if xs else None

    return {"k": k, "seed": config.seed, "n": len(examples), "topics_macro_f1": summary(topic_f1),
            "kind_macro_f1": summary(kind_f1), "kind_accuracy": summary(kind_acc)}
