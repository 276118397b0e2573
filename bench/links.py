"""Link quality: which recommendation each response answers, scored over (response, recommendation) pairs.

    python bench/links.py [--model models/links-v1]

Sets: the seed (never trained on; its links are the user's, ``data/links/gold.jsonl``), the real test split's
documents with gold links (``data/real/links.jsonl``; never trained on), the blind documents of rounds 7-11
whose links were annotated by helpers from their gold statements (``data/blind/links.jsonl``; never trained on)
and the project's documents (trained on). Records come from the shipped pipeline, so a pair whose statements
were not extracted counts as missed;
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BLIND = "blind documents of rounds 7-11 with links (never trained on)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    a = ap.parse_args(argv)
    from extractor.ingest import read_document
    from extractor.links import link_records, load_link_model
    from extractor.pipeline import Extractor
    from extractor.realdata import CorpusMissing, load_real_gold, load_real_links
    from extractor.scoring import read_gold, score_links

    model = load_link_model(a.model)
    ex = Extractor(links=False)
    links = [json.loads(l) for l in (ROOT / "data" / "links" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if l]
    golds = {g["doc"]: g for p in sorted((ROOT / "data" / "gold").glob("*.jsonl")) for g in read_gold(p)}
    sets = {"seed (never trained on)": [], BLIND: [], "real test split (never trained on)": [],
            "project documents (trained on)": []}
    for gl in links:
        gd = golds[gl["doc"]]
        document = read_document(ROOT / "data" / "samples" / gd["source"])
        name = "seed (never trained on)" if gl["doc"] == "hcmc-ward-chairs-2023" else "project documents (trained on)"
        sets[name].append((document, gd, gl))
    blind_links = ROOT / "data" / "blind" / "links.jsonl"
    if blind_links.exists():
        blind = {g["doc"]: g for g in read_gold(ROOT / "data" / "blind" / "gold.jsonl")}
        for l in blind_links.read_text(encoding="utf-8").splitlines():
            if l.strip():
                gl = json.loads(l)
                gd = blind[gl["doc"]]
                sets[BLIND].append((read_document(ROOT / "data" / "blind" / gd["source"]), gd, gl))
    try:
        real = load_real_gold(None, splits=("test",))
        sets["real test split (never trained on)"] = [(r.document, r.gold, gl) for r, gl in load_real_links(real)]
    except CorpusMissing:
        print("the shared corpus is absent: no real figures")
    for name, items in sets.items():
        if not items:
            continue
        pred, gold_docs, gold_links = [], [], []
        for document, gd, gl in items:
            recs = ex.process(document).records
            link_records(recs, model)
            pred += recs
            gold_docs.append({**gd, "doc": document.id})
            gold_links.append({**gl, "doc": document.id})
        s = score_links(gold_links, gold_docs, pred)
        print(f"{name}: {len(items)} documents, {s['gold_pairs']} gold pairs")
        print(f"  link P {s['link_precision']:.3f} R {s['link_recall']:.3f} F1 {s['link_f1']:.3f} "
              f"({s['predicted_pairs']} predicted pairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
