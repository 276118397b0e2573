"""Assignee and deadline spans against gold (``data/obligations/gold.jsonl`` for the project's documents,
``data/real/obligations.jsonl`` for real ones, by reference): exact-span precision, recall, F1.

    python bench/obligations.py [--show assignee|deadline]

For every gold document (the project's documents, and real corpus documents when ../shared/corpus is here),
records come from the shipped pipeline and gold statements are matched to records as the scorer matches them.
Counted over matched statements: a predicted span is right when its text equals the gold span's exactly, line
breaks read as spaces (a
statement without a gold span that gets one is a false positive). Gold spans of statements the pipeline did
not extract are reported apart (they are the statement stage's misses).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _words(span: str | None) -> str | None:
    """A span's words with any run of spaces and line breaks as one space (a hard-wrapped document's span is the
    same words as the gold's, which was written from the unwrapped text)."""
    return " ".join(span.split()) if span else span


def _count(gd: dict, records: list[dict], line: dict, counts: dict, unextracted: dict, show, anchor_ids) -> None:
    """Add one document's spans to ``counts`` (field -> [tp, fp, fn]); print the wrong ones of field ``show``."""
    ids = anchor_ids(gd, records)
    by_id = {r["id"]: r for r in records}
    spans = {s["anchor"]: s for s in line["statements"]}
    for st in gd["statements"]:
        g = spans.get(st["anchor"], {})
        rec = by_id.get(ids.get(st["anchor"]))
        for field in counts:
            gold_text = g.get(field)
            if rec is None:
                unextracted[field] += bool(gold_text)
                continue
            pred = _words((rec.get(field) or {}).get("text"))
            gold_text = _words(gold_text)
            if field == show and pred != gold_text:
                print(f"  {field}: gold {gold_text!r} pred {pred!r} [{rec.get('kind')}, {st['kind']}] | "
                      f"{rec['text'][:110]}")
            c = counts[field]
            if pred and gold_text and pred == gold_text:
                c[0] += 1
            else:
                c[1] += bool(pred)
                c[2] += bool(gold_text)


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", choices=("assignee", "deadline"), default=None,
                    help="print every statement whose span of this field is wrong")
    show = ap.parse_args(argv).show
    from extractor.ingest import read_document
    from extractor.pipeline import Extractor
    from extractor.realdata import CorpusMissing, load_real_gold, load_real_obligations
    from extractor.scoring import _anchor_ids, prf, read_gold

    def lines_of(path: Path) -> list[dict]:
        return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]

    tuned = lines_of(ROOT / "data" / "obligations" / "gold.jsonl")
    golds = {g["doc"]: (g, ROOT / "data" / "samples" / g["source"]) for p in sorted((ROOT / "data" / "gold").glob("*.jsonl"))
             for g in read_gold(p)}
    blind = {g["doc"]: (g, ROOT / "data" / "blind" / g["source"]) for g in read_gold(ROOT / "data" / "blind" / "gold.jsonl")}
    try:
        real_lines = load_real_obligations(load_real_gold(None))
    except CorpusMissing:
        real_lines = []
        print("the shared corpus is absent: the project's documents only")
    real = {r.document.id: r for r, _ in real_lines}
    tuned += [line for _, line in real_lines]
    ex = Extractor(links=False)

    def records_of(doc: str):
        if doc in golds or doc in blind:
            gd, path = golds.get(doc) or blind[doc]
            return gd, ex.process(read_document(path)).records
        if doc in real:
            return real[doc].gold, ex.process(real[doc].document).records
        return None, None

    sets = {"project and real training documents (the rules were written against them)": tuned,
            "blind round 11 (data/blind/obligations.jsonl, annotated after the rules, never looked at before "
            "its first score)": lines_of(ROOT / "data" / "blind" / "obligations.jsonl")}
    for name, gold_lines in sets.items():
        print(name)
        counts = {"assignee": [0, 0, 0], "deadline": [0, 0, 0]}
        unextracted = {"assignee": 0, "deadline": 0}
        for line in gold_lines:
            gd, records = records_of(line["doc"])
            if gd is None:
                continue
            _count(gd, records, line, counts, unextracted, show, _anchor_ids)
        for field, (tp, fp, fn) in counts.items():
            p, r, f = prf(tp, fp, fn)
            print(f"  {field}: {tp + fn} gold spans on extracted statements: P {p:.3f} R {r:.3f} F1 {f:.3f} "
                  f"({unextracted[field]} more on statements not extracted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
