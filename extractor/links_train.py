"""Training the links model (``extractor train-links``) on gold links: the project's documents
(``data/links/gold.jsonl``; the seed is never trained on), records extracted by the shipped pipeline.

Each (response, earlier recommendation) pair of a document is an example, labelled by the gold links (the
anchors matched to records as the scorer matches statements); the previous response's links are the gold
ones while training. A logistic regression (scikit-learn, at training time only) is fitted; the threshold is
the one with the best link F1 over leave-one-document-out predictions; the weights are saved as plain
numbers in ``links.json`` with the cross-validated figures.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from extractor.errors import ExtractorError
from extractor.links import FEATURES, pair_candidates
from extractor.scoring import gold_link_pairs, prf, read_gold

SEED_DOCUMENT = "hcmc-ward-chairs-2023"
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.81, 0.05))


def document_examples_of(gold_doc: dict, links: dict, records: list[dict]):
    """(X, y, keys, gold pairs not among the candidates) of one document."""
    pairs, missing = gold_link_pairs(gold_doc, links, records)
    return (*document_examples(records, pairs), missing)


def document_examples(records: list[dict], pairs: set) -> tuple[list[list[float]], list[int], list[tuple]]:
    X, y, keys = [], [], []

    def gold_decide(response, rows):
        return {c["id"] for c, _, _ in rows if (response["id"], c["id"]) in pairs}

    # the gold links name recommendations only: questions are not candidates while training
    for response, rows in pair_candidates(records, decide=gold_decide, targets=("recommendation",)):
        for c, f, _ in rows:
            X.append([f.get(name, 0.0) for name in FEATURES])
            y.append(int((response["id"], c["id"]) in pairs))
            keys.append((response["id"], c["id"]))
    return X, y, keys


def _fit(X, y, C: float):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=2000, fit_intercept=False)  # FEATURES has its own bias column
    return clf.fit(np.asarray(X), np.asarray(y))


def train_links(out: str | Path, data_dir: str | Path = "data", C: float = 3.0, corpus: str | Path | None = None,
                progress=lambda m: None) -> Path:
    """Train the links model on the project's gold links and, when the shared corpus is here, the real
    annotated documents' links (``data/real/links.jsonl``); save it to ``out``."""
    from extractor.ingest import read_document
    from extractor.pipeline import Extractor
    from extractor.realdata import CorpusMissing, load_real_gold, load_real_links

    data_dir = Path(data_dir)
    links = {json.loads(l)["doc"]: json.loads(l) for l in (data_dir / "links" / "gold.jsonl").read_text(
        encoding="utf-8").splitlines() if l.strip()}
    golds = {g["doc"]: g for p in sorted((data_dir / "gold").glob("*.jsonl"))
             for g in read_gold(p)}
    ex = Extractor(links=False)
    docs = []
    for doc_id, gl in sorted(links.items()):
        if doc_id == SEED_DOCUMENT or doc_id not in golds:
            continue
        gd = golds[doc_id]
        records = ex.process(read_document(data_dir / "samples" / gd["source"])).records
        docs.append((doc_id, *document_examples_of(gd, gl, records)))
    real_docs = 0
    try:
        real = load_real_gold(corpus, splits=("train", "dev"), folder=data_dir / "real")
    except CorpusMissing:
        real = []
        progress("the shared corpus is absent: training on the project's documents only")
    for r, gl in load_real_links(real, data_dir / "real"):
        docs.append((r.document.id, *document_examples_of(r.gold, gl, ex.process(r.document).records)))
        real_docs += 1
    if len(docs) < 3 or not any(sum(d[2]) for d in docs):
        raise ExtractorError("too few documents with gold links to train a links model")
    progress(f"{len(docs)} documents, {sum(len(d[2]) for d in docs)} candidate pairs, "
             f"{sum(sum(d[2]) for d in docs)} links")
    # leave one document out: probabilities for every pair from a model that never saw its document
    held = []
    for k, (doc_id, X, y, keys, missing) in enumerate(docs):
        rest = [row for j, d in enumerate(docs) if j != k for row in d[1]]
        rest_y = [v for j, d in enumerate(docs) if j != k for v in d[2]]
        p = _fit(rest, rest_y, C).predict_proba(np.asarray(X))[:, 1] if X else np.zeros(0)
        held.append((p, y, missing))
    def figures(t, group):
        tp = fp = fn = 0
        for (p, y, m), d in zip(held, docs):
            if group(d[0]):
                y = np.asarray(y)
                tp, fp = tp + int(((p >= t) & (y == 1)).sum()), fp + int(((p >= t) & (y == 0)).sum())
                fn += int(((p < t) & (y == 1)).sum()) + m
        return prf(tp, fp, fn)

    best = None
    for t in THRESHOLDS:
        tp = sum(int(((p >= t) & (np.asarray(y) == 1)).sum()) for p, y, _ in held)
        fp = sum(int(((p >= t) & (np.asarray(y) == 0)).sum()) for p, y, _ in held)
        fn = sum(int(((p < t) & (np.asarray(y) == 1)).sum()) + m for p, y, m in held)
        f = prf(tp, fp, fn)
        if best is None or f[2] > best[1][2] + 1e-9:
            best = (t, f)
    threshold, (lp, lr, lf) = best
    final = _fit([row for d in docs for row in d[1]], [v for d in docs for v in d[2]], C)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    meta = {"name": out.name, "kind": "links between responses and recommendations (logistic, plain weights)",
            "features": list(FEATURES), "weights": [round(float(w), 6) for w in final.coef_[0]],
            "threshold": threshold, "C": C, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "trained_on": {"documents": [d[0] for d in docs], "real_documents": real_docs, "pairs": sum(len(d[2]) for d in docs),
                           "links": sum(sum(d[2]) for d in docs), "seed_excluded": SEED_DOCUMENT},
            "leave_one_document_out": {"link_precision": round(lp, 3), "link_recall": round(lr, 3),
                                       "link_f1": round(lf, 3),
                                       "project_documents_link_f1": round(figures(threshold, lambda d: not d.startswith("vntc-"))[2], 3),
                                       "real_documents_link_f1": round(figures(threshold, lambda d: d.startswith("vntc-"))[2], 3)}}
    (out / "links.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


