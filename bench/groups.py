"""The same request across documents: pairwise precision and recall of ``group`` against gold groups.

    python bench/groups.py [--threshold 0.5]

Gold: ``data/groups/gold.jsonl`` (the project's 16 documents: every recommendation was read) and
``data/real/groups.jsonl`` (the recommendations of the 66 real documents in ``data/real/groups-documents.json``,
by reference). Records come from the shipped pipeline; gold statements are matched to records as the scorer
matches them; pairs are counted over matched recommendations (two in one gold group = a gold pair).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pairs_of(groups: list[set]) -> set:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}


def score(records, ids_of, gold_groups):
    """ids_of: gold member -> record id (or None when not extracted)."""
    gold = [{ids_of[m] for m in g if ids_of.get(m)} for g in gold_groups]
    universe = set(ids_of.values()) - {None}
    by_group = {}
    for r in records:
        if r["id"] in universe and r.get("group"):
            by_group.setdefault(r["group"], set()).add(r["id"])
    pred, gp = pairs_of(list(by_group.values())), pairs_of(gold)
    tp = len(pred & gp)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gp) if gp else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), len(gp), len(pred)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threshold", type=float, default=None)
    a = ap.parse_args(argv)
    from extractor.groups import THRESHOLD, group_records
    from extractor.ingest import read_document
    from extractor.pipeline import Extractor
    from extractor.realdata import CorpusMissing, load_real_gold
    from extractor.scoring import _anchor_ids, read_gold

    threshold = a.threshold if a.threshold is not None else THRESHOLD
    ex = Extractor(links=False)
    golds = [g for p in sorted((ROOT / "data" / "gold").glob("*.jsonl")) for g in read_gold(p)]
    records, ids_of = [], {}
    for g in golds:
        recs = ex.process(read_document(ROOT / "data" / "samples" / g["source"])).records
        records += recs
        for anchor, rid in _anchor_ids(g, recs).items():
            ids_of[(g["doc"], anchor)] = rid
    group_records(records, threshold)
    gold = [[(m["doc"], m["anchor"]) for m in json.loads(l)["group"]]
            for l in (ROOT / "data" / "groups" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    p, r, f, ng, npred = score(records, ids_of, gold)
    print(f"project documents: pairwise P {p:.3f} R {r:.3f} F1 {f:.3f} ({ng} gold pairs, {npred} predicted)")
    try:
        wanted = set(json.loads((ROOT / "data" / "real" / "groups-documents.json").read_text(encoding="utf-8")))
        real = [x for x in load_real_gold(None, splits=("train",)) if x.document.id in wanted]
    except CorpusMissing:
        print("the shared corpus is absent: no real figures")
        return 0
    records, ids_of = [], {}
    for x in real:
        recs = ex.process(x.document).records
        records += recs
        anchors = _anchor_ids(x.gold, recs)
        for st in x.gold["statements"]:
            if st["kind"] == "recommendation":
                ids_of[(x.document.id, st["start"])] = anchors.get(st["anchor"])
    group_records(records, threshold)
    gold = [[(m["doc_id"], m["start"]) for m in json.loads(l)["group"]]
            for l in (ROOT / "data" / "real" / "groups.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    p, r, f, ng, npred = score(records, ids_of, gold)
    print(f"real documents ({len(real)}): pairwise P {p:.3f} R {r:.3f} F1 {f:.3f} ({ng} gold pairs, {npred} predicted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
