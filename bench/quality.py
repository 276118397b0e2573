#!/usr/bin/env python3
"""Quality on real text: every configuration of the statement decision, scored with the shared scorer.

    python bench/quality.py [--sets test,dev-real,samples,seed] [--json OUT]

Sets: ``test`` (the real test split of data/real, 84 documents; needs ../shared/corpus), ``dev-real``
(../shared/eval/dev-real, 46 documents), ``samples`` (the 15 gold documents written for the project, the
seed left out), ``blind`` (108 documents in the styles of the held-out sets — voters' meetings, council
question sessions, answers to petitions, summary reports — written and annotated by helpers who never saw
the tool or its data; ``data/blind``, never trained on), ``seed`` (the user's document). Configurations:

* ``keywords``: a naive baseline: a sentence with kiến nghị/đề nghị/đề xuất/yêu cầu/mong muốn is a
  recommendation, one with trả lời/tiếp thu/giải trình/cho biết a response; no speaker;
* ``rules``: the cue rules alone;
* ``previous``: the previous release (the rules, and the kind model adding sentences near a speaker);
* ``model``: the sequence model alone (1 - P(none) >= its threshold);
* ``shipped``: the shipped setting (rules and sequence model combined, models/statements-v1).

The scorer is ../shared/eval/score.py when present, else extractor.scoring (the same algorithm).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.document import Document  # noqa: E402
from extractor.scoring import score  # noqa: E402

KEYS = ("statement_p", "statement_r", "statement_f1", "kind_accuracy", "speaker_accuracy", "role_accuracy",
        "topic_macro_f1")
_REC = re.compile(r"(?i)\b(kiến nghị|đề nghị|đề xuất|yêu cầu|mong muốn)\b")
_RESP = re.compile(r"(?i)\b(trả lời|tiếp thu|giải trình|cho biết)\b")


def shared_scorer():
    path = ROOT.parent / "shared" / "eval" / "score.py"
    if not path.is_file():
        return score
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.score


def sets(wanted: list[str]) -> dict[str, list[tuple[Document, dict]]]:
    from extractor.sequence.train import SEED_DOCUMENT, sample_gold_pairs

    out = {}
    if "test" in wanted:
        from extractor.realdata import CorpusMissing, load_real_gold

        try:
            out["test"] = [(r.document, r.gold) for r in load_real_gold(splits=("test",))]
        except CorpusMissing as exc:
            print(f"skipping the real test split: {exc}", file=sys.stderr)
    if "dev-real" in wanted:
        from extractor.realdata import CorpusMissing, load_gold_documents

        gold_path = ROOT.parent / "shared" / "eval" / "dev-real" / "gold.jsonl"
        try:
            if gold_path.is_file():
                out["dev-real"] = load_gold_documents(gold_path)
        except CorpusMissing as exc:
            print(f"skipping dev-real: {exc}", file=sys.stderr)
    data = ROOT / "data"
    if "samples" in wanted:
        out["samples"] = sample_gold_pairs(data)
    if "blind" in wanted:
        from extractor.ingest import read_document
        from extractor.scoring import read_gold

        folder = data / "blind"
        out["blind"] = [(read_document(folder / g["source"]), g) for g in read_gold(folder / "gold.jsonl")]
    if "seed" in wanted:
        out["seed"] = [p for p in sample_gold_pairs(data, exclude=()) if p[1]["doc"] == SEED_DOCUMENT]
    return out


MIN_LABEL = 10  # the real-documents issue's topic figure counts the labels with at least this many gold statements


def frequent_labels(gold: list[dict]) -> list[str]:
    from collections import Counter

    counts = Counter(t for g in gold for st in g["statements"] for t in set(st.get("topics") or []))
    return [lab for lab in ("staffing", "budget", "data_sharing", "security_training", "other") if counts[lab] >= MIN_LABEL]


def keyword_records(document: Document) -> list[dict]:
    from extractor.tokenise import blank_pipeline

    nlp = keyword_records.nlp = getattr(keyword_records, "nlp", None) or blank_pipeline()
    recs = []
    doc = nlp(document.text)
    for s in doc.spans["sentences"]:
        kind = "recommendation" if _REC.search(s.text) else "response" if _RESP.search(s.text) else None
        if kind:
            recs.append({"doc_id": document.id, "kind": kind, "text": s.text, "speaker": {}, "topics": ["other"]})
    return recs


def model_only_dir(tmp: Path) -> Path:
    src = ROOT / "models" / "statements-v1"
    dst = tmp / "statements-model-only"
    if dst.exists():
        return dst
    shutil.copytree(src, dst)
    meta = json.loads((dst / "meta.json").read_text(encoding="utf-8"))
    meta.pop("combine", None)
    (dst / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return dst


def run(config: str, pairs, tmp: Path, statements_model: str | None = None) -> list[dict]:
    from extractor.pipeline import Extractor

    if config == "keywords":
        return [r for d, _ in pairs for r in keyword_records(d)]
    if config == "rules":
        from extractor.pipeline import build_nlp
        from extractor.records import statement_records

        nlp = build_nlp(sequence_model=None, use_model=False)
        return [r for d, _ in pairs for r in statement_records(nlp(d.text), d)]
    seq = {"previous": None, "shipped": statements_model or "default"}.get(config) if config != "model" \
        else model_only_dir(tmp)
    ex = Extractor(sequence_model=seq)
    return [r for d, _ in pairs for r in ex.process(d).records]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="test,dev-real,blind,samples,seed")
    ap.add_argument("--configs", default="keywords,rules,previous,model,shipped")
    ap.add_argument("--json", default=None, help="also write the figures here")
    ap.add_argument("--statements-model", default=None,
                    help="the statement model of the 'shipped' configuration (default: models/statements-v1)")
    a = ap.parse_args(argv)
    scorer = shared_scorer()
    data = sets(a.sets.split(","))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, pairs in data.items():
            gold = [g for _, g in pairs]
            print(f"\n{name}: {len(pairs)} documents, {sum(len(g['statements']) for g in gold)} statements")
            print(f"  {'config':10} " + " ".join(f"{k.replace('statement_', 'st_')[:14]:>14}" for k in KEYS))
            frequent = frequent_labels(gold)
            for config in a.configs.split(","):
                s = scorer(gold, run(config, pairs, Path(tmp), a.statements_model))
                macro10 = sum(s["topic_f1"][lab] for lab in frequent) / len(frequent) if frequent else 0.0
                results.setdefault(name, {})[config] = {k: round(s[k], 3) for k in KEYS} | {
                    "topic_f1": s["topic_f1"], "topic_macro_f1_labels_with_10": round(macro10, 3)}
                print(f"  {config:10} " + " ".join(f"{s[k]:14.3f}" for k in KEYS), flush=True)
                print(f"  {'':10} topic macro-F1 over the labels with >= {MIN_LABEL} gold statements "
                      f"({', '.join(frequent)}): {macro10:.3f}; per label {s['topic_f1']}", flush=True)
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
