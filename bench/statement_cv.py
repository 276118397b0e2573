"""Choose how the cue rules and the statement sequence model are combined, by cross-validation on training
documents only (never the real test split, never dev-real).

    python bench/statement_cv.py [--folds 5] [--json FILE]

The real train+dev documents of ``data/real`` and the project's 15 gold documents (the seed left out) are
split into folds by document (sha1 of the id). For each fold a CRF is trained on the other folds and tags the
fold's documents; every setting of the combination is then applied to the same marginals. Printed per setting:
sentence-level statement precision / recall / F1 (a statement is right when its sentence is; the kind is
counted apart) on the real documents and on the project documents, as the shipped setting was chosen.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SETTINGS = ([{"name": f"model only >= {t}", "combine": None, "threshold": t} for t in (0.3, 0.4, 0.5)]
            + [{"name": f"combined add {a} drop {d} flip {f}", "threshold": 0.3,
                "combine": {"add_recommendation": a, "add_response": a, "drop": d, "flip": f}}
               for a, d, f in itertools.product((0.4, 0.5, 0.6), (0.5, 0.6, 0.7, 0.85), (0.9,))]
            + [{"name": f"combined add 0.4 drop 0.85 flip 0.9, weak rules drop {w}", "threshold": 0.3,
                "combine": {"add_recommendation": 0.4, "add_response": 0.4, "drop": 0.85, "flip": 0.9},
                "drop_weak": w} for w in (0.5, 0.6, 0.7)]
            + [{"name": f"combined add 0.4 drop 0.88 flip 0.9, weak {w}, request_verb {r}", "threshold": 0.3,
                "combine": {"add_recommendation": 0.4, "add_response": 0.4, "drop": 0.88, "flip": 0.9, "drop_weak": w,
                            **({"drop_by_rule": {"request_verb": r}} if r else {})}}
               for w, r in ((0.7, None), (0.6, None), (0.6, 0.7))]
            + [{"name": f"shipped, and in_answer_block drop {b}", "threshold": 0.3,
                "combine": {"add_recommendation": 0.4, "add_response": 0.4, "drop": 0.88, "flip": 0.9, "drop_weak": 0.6,
                            "drop_by_rule": {"request_verb": 0.7, "in_answer_block": b}}}
               for b in (0.5, 0.6, 0.7)]
            + [{"name": "rules only", "rules": True}])


def fold_of(doc_id: str, k: int) -> int:
    return int(hashlib.sha1(f"cv-v1:{doc_id}".encode()).hexdigest(), 16) % k


def decide(setting: dict, scores: dict, rule_kind, rule_id=None):
    from extractor.sequence.runtime import SequenceModel

    if setting.get("rules"):
        return rule_kind or "none"
    from extractor.sequence.runtime import WEAK_RULES

    if setting.get("drop_weak") and rule_kind and rule_id in WEAK_RULES and scores.get("none", 0) >= setting["drop_weak"]:
        return "none"
    fake = SequenceModel.__new__(SequenceModel)
    fake.labels, fake.combine, fake.threshold = ("recommendation", "response", "none"), setting["combine"], setting["threshold"]
    return fake.decide(scores, rule_kind, rule_id)[0]


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", default=None)
    ap.add_argument("--c1", type=float, default=None, help="the CRF's L1 regularisation (default: the shipped one)")
    ap.add_argument("--c2", type=float, default=None, help="the CRF's L2 regularisation (default: the shipped one)")
    a = ap.parse_args(argv)
    import pycrfsuite

    from extractor.realdata import load_real_gold
    from extractor.sequence.train import SequenceConfig, label_sentences, rule_nlp, sample_gold_pairs

    nlp = rule_nlp()
    comp = nlp.get_pipe("vi_statements")
    docs = []  # (group, doc_id, features, labels, rule kinds)
    pairs = [("real", r.document, r.gold) for r in load_real_gold(None, splits=("train", "dev"), folder=ROOT / "data" / "real")]
    pairs += [("project", d, g) for d, g in sample_gold_pairs(ROOT / "data")]
    for group, document, gold in pairs:
        with nlp.select_pipes(disable=["vi_statements"]):
            doc = nlp(document.text)
        sents, decisions, modes = comp.rule_pass(doc)
        if not sents:
            continue
        feats = comp.sequence_features(doc, sents, decisions, modes)
        labels, _ = label_sentences(sents, gold["statements"])
        docs.append((group, document.id, feats, labels, [(d.kind, d.rule) for d in decisions]))
    print(f"{sum(g == 'real' for g, *_ in docs)} real and {sum(g == 'project' for g, *_ in docs)} project documents",
          file=sys.stderr)
    cfg = SequenceConfig()
    if a.c1 is not None or a.c2 is not None:
        from dataclasses import replace

        cfg = replace(cfg, **{k: v for k, v in (("c1", a.c1), ("c2", a.c2)) if v is not None})
    print(f"CRF c1 {cfg.c1} c2 {cfg.c2}", file=sys.stderr)
    tagged = []  # (group, labels, rule kinds, marginals)
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(a.folds):
            trainer = pycrfsuite.Trainer(verbose=False)
            for group, doc_id, x, y, _ in docs:
                if fold_of(doc_id, a.folds) != k:
                    trainer.append(x, y)
            trainer.set_params({"c1": cfg.c1, "c2": cfg.c2, "max_iterations": cfg.max_iterations,
                                "feature.possible_transitions": True})
            path = f"{tmp}/fold{k}.crfsuite"
            trainer.train(path)
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            for group, doc_id, x, y, rule_kinds in docs:
                if fold_of(doc_id, a.folds) == k:
                    tagger.set(x)
                    tagger.tag()
                    scores = [{lab: tagger.marginal(lab, i) for lab in tagger.labels()} for i in range(len(x))]
                    tagged.append((group, y, rule_kinds, scores))
            print(f"fold {k + 1}/{a.folds} done", file=sys.stderr)
    results = {}
    print(f"{'setting':42} {'real P':>7} {'R':>6} {'F1':>6} {'kind':>6} | {'project P':>9} {'R':>6} {'F1':>6}")
    for s in SETTINGS:
        row = {}
        for group in ("real", "project"):
            tp = fp = fn = kind_ok = 0
            for g, y, rule_kinds, scores in tagged:
                if g != group:
                    continue
                for gold, (rk, rid), sc in zip(y, rule_kinds, scores):
                    pred = decide(s, sc, rk, rid)
                    if pred != "none" and gold != "none":
                        tp += 1
                        kind_ok += pred == gold
                    elif pred != "none":
                        fp += 1
                    elif gold != "none":
                        fn += 1
            p, r, f = prf(tp, fp, fn)
            row[group] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                          "kind_accuracy": round(kind_ok / tp, 3) if tp else 0.0}
        results[s["name"]] = row
        print(f"{s['name']:42} {row['real']['precision']:7.3f} {row['real']['recall']:6.3f} {row['real']['f1']:6.3f} "
              f"{row['real']['kind_accuracy']:6.3f} | {row['project']['precision']:9.3f} {row['project']['recall']:6.3f} "
              f"{row['project']['f1']:6.3f}")
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
