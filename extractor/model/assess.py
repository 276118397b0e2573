"""A model's metrics on annotated examples (the held-out part of training data)."""

from __future__ import annotations

import numpy as np

from extractor.annotations import Example
from extractor.features import text_features
from extractor.labels import KINDS
from extractor.model.metrics import kind_metrics, label_matrix, topic_metrics
from extractor.model.runtime import Model


def model_metrics(model: Model, examples: list[Example], worst: int = 0) -> dict:
    """Topics over statements with labels of the model's set, kinds over examples with a known kind
    (when the model has a kind classifier). ``worst``: that many statements with the largest loss."""
    labels = model.labels
    report: dict = {"model": model.name, "labels": list(labels)}
    st = [e for e in examples if e.is_statement and e.labels]
    unknown = sorted({l for e in st for l in e.labels} - set(labels))
    if unknown:
        report["labels_not_in_model"] = unknown
    st = [e for e in st if set(e.labels) <= set(labels)]
    P = model.topic_proba([text_features(e.text) for e in st])
    Y = label_matrix([e.labels for e in st], labels)
    Yp = model.decide(P) if len(st) else np.zeros((0, len(labels)), dtype=int)
    report["topics"] = topic_metrics(Y, Yp, labels)
    if worst and len(st):
        loss = np.abs(Y - P).sum(axis=1)
        order = np.argsort(-loss, kind="stable")[:worst]
        report["topics"]["worst"] = [{
            "text": st[i].text, "gold": list(st[i].labels),
            "predicted": [l for j, l in enumerate(labels) if Yp[i, j]],
            "scores": {l: round(float(P[i, j]), 3) for j, l in enumerate(labels)},
            "loss": round(float(loss[i]), 3), "source": st[i].source} for i in order]
    kinded = [e for e in examples if e.kind in KINDS]
    if model.has_kind and kinded:
        probs = model.kind_proba_features([text_features(e.text) for e in kinded])
        pred = [max(p, key=p.get) for p in probs]
        report["kind"] = kind_metrics([e.kind for e in kinded], pred)
    return report
