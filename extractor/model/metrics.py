"""The topic decision rule, per-label thresholds and metrics, for any label set.

``labels`` is always the model's label set, in its order (columns of the probability matrices)."""

from __future__ import annotations

import numpy as np

from extractor.labels import KINDS


def label_matrix(rows: list[tuple[str, ...]], labels: tuple[str, ...]) -> np.ndarray:
    """Rows of labels -> 0/1 matrix with one column per label of ``labels``."""
    Y = np.zeros((len(rows), len(labels)), dtype=int)
    index = {l: j for j, l in enumerate(labels)}
    for i, ls in enumerate(rows):
        for l in ls:
            Y[i, index[l]] = 1
    return Y


def decide(P: np.ndarray, thresholds: np.ndarray, fallback: int | None = None) -> np.ndarray:
    """Labels passing their threshold; the ``fallback`` column for rows where none passes
    (none when ``fallback`` is None)."""
    Y = (P >= thresholds).astype(int)
    if fallback is not None:
        Y[Y.sum(axis=1) == 0, fallback] = 1
    return Y


def choose_thresholds(P: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per label, the threshold in 0.10..0.90 (step 0.05) with the best F1 on (P, Y).

    F1 is averaged with the neighbouring thresholds' so that a lucky spike on a small
    validation set does not win; ties go to the threshold closest to 0.5. A label absent
    from Y keeps 0.5."""
    from sklearn.metrics import f1_score

    grid = np.round(np.arange(0.10, 0.901, 0.05), 2)
    out = np.full(Y.shape[1], 0.5)
    for j in range(Y.shape[1]):
        if Y[:, j].sum() == 0:
            continue
        raw = np.array([f1_score(Y[:, j], P[:, j] >= t, zero_division=0) for t in grid])
        padded = np.concatenate([[raw[0]], raw, [raw[-1]]])
        scores = (padded[:-2] + padded[1:-1] + padded[2:]) / 3
        best = scores.max()
        cands = [t for t, sc in zip(grid, scores) if sc >= best - 1e-9]
        out[j] = min(cands, key=lambda t: (abs(t - 0.5), t))
    return out


def topic_metrics(Y: np.ndarray, Yp: np.ndarray, labels: tuple[str, ...]) -> dict:
    """Per-label precision/recall/F1/support, micro and macro F1 (labels with support or
    predictions), and a gold x predicted co-occurrence table."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    n = len(labels)
    p, r, f, s = precision_recall_fscore_support(Y, Yp, average=None, labels=range(n), zero_division=0)
    present = [j for j in range(n) if Y[:, j].sum() or Yp[:, j].sum()]
    per = {l: {"precision": round(float(p[j]), 4), "recall": round(float(r[j]), 4), "f1": round(float(f[j]), 4),
               "support": int(s[j])} for j, l in enumerate(labels)}
    confusion = {g: {q: int(((Y[:, i] == 1) & (Yp[:, j] == 1)).sum()) for j, q in enumerate(labels)}
                 for i, g in enumerate(labels)}
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
