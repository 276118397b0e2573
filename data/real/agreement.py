#!/usr/bin/env python3
"""Agreement between two independent annotations of the same documents (the ceiling for the tool).

    python data/real/agreement.py data/real/annotations.jsonl data/real/agreement.jsonl

Both files hold references (see data/README.md). Statements are matched by anchor position: a second
annotator's statement matches a first annotator's when both anchors start in the same sentence, i.e.
within the same span between sentence ends (. ! ? … or a line break). Reported: statement F1 between the
two (one taken as gold), kind agreement and Cohen's kappa over matched statements, speaker-name and role
agreement over matched statements both name, per-topic agreement. Needs the shared corpus.
"""
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from extractor.scoring import fold, name_key  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "vntc_chinhtri_xahoi.jsonl"
_END = re.compile(r"[.!?…]+[\"”’')]*\s+|\n")


def sentence_index(text: str, pos: int) -> int:
    return sum(1 for m in _END.finditer(text, 0, pos) if m.end() <= pos)


def main(a_path, b_path):
    A = {r["doc_id"]: r for r in map(json.loads, open(a_path, encoding="utf-8"))}
    B = {r["doc_id"]: r for r in map(json.loads, open(b_path, encoding="utf-8"))}
    ids = sorted(set(A) & set(B))
    texts = {}
    for line in CORPUS.open(encoding="utf-8"):
        d = json.loads(line)
        if d["id"] in ids:
            texts[d["id"]] = d["text"]
    tp = na = nb = 0
    kinds = []
    spk_both = spk_ok = role_both = role_ok = 0
    topics = Counter()
    for i in ids:
        t = texts[i]
        sa = {sentence_index(t, s["start"]): s for s in A[i]["statements"]}
        sb = {sentence_index(t, s["start"]): s for s in B[i]["statements"]}
        na += len(sa)
        nb += len(sb)
        for k in set(sa) & set(sb):
            x, y = sa[k], sb[k]
            tp += 1
            kinds.append((x["kind"], y["kind"]))
            if x["speaker_name"] or y["speaker_name"]:
                spk_both += 1
                spk_ok += name_key(x["speaker_name"]) == name_key(y["speaker_name"])
            if x["speaker_role"] and y["speaker_role"]:
                role_both += 1
                fx, fy = fold(x["speaker_role"]), fold(y["speaker_role"])
                role_ok += fx in fy or fy in fx
            for lab in set(x["topics"]) | set(y["topics"]):
                topics[(lab, lab in x["topics"] and lab in y["topics"])] += 1
    p, r = tp / nb if nb else 0, tp / na if na else 0
    f = 2 * p * r / (p + r) if p + r else 0
    agree = sum(a == b for a, b in kinds) / len(kinds) if kinds else 0
    labs = ("recommendation", "response")
    pe = sum((sum(a == l for a, _ in kinds) / len(kinds)) * (sum(b == l for _, b in kinds) / len(kinds)) for l in labs)
    kappa = (agree - pe) / (1 - pe) if pe < 1 else 1.0
    out = {"documents": len(ids), "statements_first": na, "statements_second": nb, "matched": tp,
           "statement_f1": round(f, 3), "kind_agreement": round(agree, 3), "kind_kappa": round(kappa, 3),
           "speaker_agreement": round(spk_ok / spk_both, 3) if spk_both else None,
           "role_agreement": round(role_ok / role_both, 3) if role_both else None,
           "topic_agreement": {l: round(topics[(l, True)] / (topics[(l, True)] + topics[(l, False)]), 3)
                               for l in sorted({l for l, _ in topics})}}
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:3])
