"""Scoring: statement records against gold annotations (``extractor score``).

The same algorithm as the shared scorer the project is measured with
(``../shared/eval/score.py``), copied here so that a clone without the shared folder can
still score itself; the tests check on the sample documents that both agree.

Gold: one JSON object per document::

    {"doc": ID, "source": optional file name, "statements": [
        {"kind": "recommendation"|"response", "speaker_name": str|null,
         "speaker_role": str|null, "anchor": "first words of the sentence",
         "topics": [labels]}, ...]}

A gold statement is matched to the first not-yet-matched record of the same document
whose text contains the anchor (compared without case, diacritics, quotes and extra
spaces). :func:`score` returns statement precision/recall/F1, recommendation F1, kind,
speaker and role accuracy, topic F1 per label and the anchors that were missed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from extractor.labels import SHIPPED_LABELS, label_order

KINDS = ["recommendation", "response"]
HONORIFICS = ("ông ", "bà ", "đồng chí ", "anh ", "chị ")


def fold(text):
    """Lower-case, strip diacritics and quotes, collapse spaces: for anchor search."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("đ", "d").replace("Đ", "D").casefold()
    text = re.sub(r"[\"“”‘’'«»]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def name_key(name):
    """Compare names with diacritics kept, case and honorifics ignored."""
    if not name:
        return None
    n = unicodedata.normalize("NFC", name).casefold().strip()
    for h in HONORIFICS:
        if n.startswith(h):
            n = n[len(h):]
    # old/new tone-mark placement ("hoà"/"hòa", "thuỷ"/"thủy")
    n = unicodedata.normalize("NFD", n)
    n = re.sub(r"\s+", " ", n)
    return fold_tone_place(n)


def fold_tone_place(nfd):
    # Move each tone mark to the end of its syllable: placement-independent key.
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for syl in nfd.split(" "):
        marks = [c for c in syl if c in tones]
        out.append("".join(c for c in syl if c not in tones) + "".join(marks))
    return unicodedata.normalize("NFC", " ".join(out))


def doc_keys(gold_doc):
    keys = {gold_doc["doc"]}
    if gold_doc.get("source"):
        keys.add(Path(gold_doc["source"]).stem)
    return keys


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def label_set(gold_docs, records) -> list[str]:
    """The labels scored: the shipped five when gold and records use no other, else every label seen."""
    seen = {l for r in records for l in (r.get("topics") or [])}
    seen |= {l for gd in gold_docs for st in gd.get("statements", []) for l in (st.get("topics") or [])}
    return list(SHIPPED_LABELS if seen <= set(SHIPPED_LABELS) else label_order(seen))


class _Tally:
    """The counts :func:`score` adds up, over documents."""

    def __init__(self, labels):
        self.labels = labels
        self.n_gold = self.n_pred = self.n_match = 0
        self.rec = [0, 0, 0]  # tp, fp, fn of recommendations
        self.kind_ok = self.spk_total = self.spk_ok = self.role_total = self.role_ok = 0
        self.lab = {l: [0, 0, 0] for l in labels}  # tp, fp, fn over matched statements
        self.e2e = {l: [0, 0, 0] for l in labels}  # also counting missed and spurious statements
        self.misses = []

    def missed(self, doc, g):
        self.misses.append((doc, g["anchor"]))
        if g["kind"] == "recommendation":
            self.rec[2] += 1
        for l in set(g.get("topics") or []):
            self.e2e[l][2] += 1

    def matched(self, g, p):
        self.n_match += 1
        gk, pk = g["kind"], p.get("kind")
        self.kind_ok += pk == gk
        if gk == "recommendation" and pk == "recommendation":
            self.rec[0] += 1
        elif gk == "recommendation":
            self.rec[2] += 1
        elif pk == "recommendation":
            self.rec[1] += 1
        spk = p.get("speaker") or {}
        if g.get("speaker_name"):
            self.spk_total += 1
            self.spk_ok += name_key(spk.get("name")) == name_key(g["speaker_name"])
        if g.get("speaker_role"):
            self.role_total += 1
            pr, gr = fold(spk.get("role")), fold(g["speaker_role"])
            self.role_ok += bool(pr) and (pr in gr or gr in pr)
        pt, gt = set(p.get("topics") or []), set(g.get("topics") or [])
        for l in self.labels:
            for table in (self.lab, self.e2e):
                if l in pt and l in gt:
                    table[l][0] += 1
                elif l in pt:
                    table[l][1] += 1
                elif l in gt:
                    table[l][2] += 1

    def spurious(self, p):
        if p.get("kind") == "recommendation":
            self.rec[1] += 1
        for l in set(p.get("topics") or []):
            if l in self.e2e:
                self.e2e[l][1] += 1

    def summary(self) -> dict:
        labels = self.labels
        st = prf(self.n_match, self.n_pred - self.n_match, self.n_gold - self.n_match)
        rc = prf(*self.rec)
        per_label = {l: prf(*self.lab[l]) for l in labels}
        per_label_e2e = {l: prf(*self.e2e[l]) for l in labels}
        present = [l for l in labels if sum(self.lab[l]) or sum(self.e2e[l])]
        macro = sum(per_label[l][2] for l in present) / len(present) if present else 0.0
        macro_e2e = sum(per_label_e2e[l][2] for l in present) / len(present) if present else 0.0
        n = self.n_match
        return {
            "gold_statements": self.n_gold,
            "predicted_statements": self.n_pred,
            "matched": n,
            "statement_p": st[0], "statement_r": st[1], "statement_f1": st[2],
            "recommendation_p": rc[0], "recommendation_r": rc[1], "recommendation_f1": rc[2],
            "kind_accuracy": self.kind_ok / n if n else 0.0,
            "speaker_accuracy": self.spk_ok / self.spk_total if self.spk_total else 0.0,
            "role_accuracy": self.role_ok / self.role_total if self.role_total else 0.0,
            "topic_macro_f1": macro,
            "topic_macro_f1_end_to_end": macro_e2e,
            "topic_f1": {l: round(per_label[l][2], 3) for l in labels},
            "missed": self.misses,
        }


def score(gold_docs, records):
    by_doc = defaultdict(list)
    for rec in records:
        if rec.get("kind") in KINDS:
            by_doc[str(rec.get("doc_id"))].append(rec)
    t = _Tally(label_set(gold_docs, records))
    for gd in gold_docs:
        preds = []
        for k in doc_keys(gd):
            preds = preds or by_doc.get(k, [])
        used = [False] * len(preds)
        folded = [fold(p.get("text", "")) for p in preds]
        t.n_pred += len(preds)
        for g in gd["statements"]:
            t.n_gold += 1
            a = fold(g["anchor"])
            hit = next((i for i, x in enumerate(folded) if not used[i] and a in x), None)
            if hit is None:
                t.missed(gd["doc"], g)
                continue
            used[hit] = True
            t.matched(g, preds[hit])
        for i, p in enumerate(preds):
            if not used[i]:
                t.spurious(p)
    return t.summary()


def read_gold(path: str | Path) -> list[dict]:
    """The gold documents of a gold JSONL file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> int:
    """``python -m extractor.scoring --gold GOLD.jsonl --pred RECORDS.jsonl [--json]`` (also ``extractor score``)."""
    import argparse
    import sys

    from extractor.jsonl import JsonlError, read_records

    ap = argparse.ArgumentParser(prog="extractor score",
                                 description="Score statement records (JSONL) against a gold file (JSONL).")
    ap.add_argument("--gold", required=True, help="gold JSONL: one object per document")
    ap.add_argument("--pred", required=True, help="records JSONL written by `extractor extract`")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--links", default=None, help="gold links JSONL (the seed's links.jsonl format): also score links")
    a = ap.parse_args(argv)
    try:
        gold = read_gold(a.gold)
        records = read_records(a.pred)
        links = read_records(a.links) if a.links else None
        s = score(gold, records)
        if links is not None:  # the links of the gold file's documents
            links = [l for l in links if l.get("doc") in {g["doc"] for g in gold}]
            s.update({k: v for k, v in score_links(links, gold, records).items() if k != "per_document"})
    except (OSError, json.JSONDecodeError, JsonlError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if a.json:
        print(json.dumps(s, ensure_ascii=False, indent=1))
        return 0
    for doc, anchor in s["missed"]:
        print("missed:", doc, anchor)
    for k, v in s.items():
        if k != "missed":
            print(f"{k:28} {v if not isinstance(v, float) else round(v, 3)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def _anchor_ids(gold_doc: dict, preds: list[dict]) -> dict[str, str]:
    """Gold anchor -> id of the record it matches (the same matching as :func:`score`)."""
    used = [False] * len(preds)
    folded = [fold(p.get("text", "")) for p in preds]
    out = {}
    for g in gold_doc["statements"]:
        a = fold(g["anchor"])
        hit = next((i for i, t in enumerate(folded) if not used[i] and a in t), None)
        if hit is not None:
            used[hit] = True
            out[g["anchor"]] = preds[hit].get("id")
    return out


def gold_link_pairs(gold_doc: dict, links: dict, records: list[dict]) -> tuple[set, int]:
    """(the gold (response id, recommendation id) pairs of one document's records, the number of gold pairs
    whose statements are not among the records)."""
    ids = _anchor_ids(gold_doc, records)
    pairs, missing = set(), 0
    for link in links["links"]:
        for answer in link["answers"]:
            if link["response"] in ids and answer in ids:
                pairs.add((ids[link["response"]], ids[answer]))
            else:
                missing += 1
    return pairs, missing


def score_links(gold_links: list[dict], gold_docs: list[dict], records: list[dict]) -> dict:
    """Link precision, recall and F1 over (response, recommendation) pairs of the documents in ``gold_links``.

    Gold links name statements by their anchors (``{"doc", "links": [{"response", "answers": [...]}]}``);
    the anchors are matched to records as :func:`score` matches statements. A gold pair whose response or
    recommendation was not extracted counts as missed; every predicted pair of those documents that is not
    a gold pair counts as spurious."""
    by_doc = defaultdict(list)
    for rec in records:
        if rec.get("kind") in KINDS:
            by_doc[str(rec.get("doc_id"))].append(rec)
    statements = {gd["doc"]: gd for gd in gold_docs}
    tp = fp = fn = 0
    per_doc = {}
    for gl in gold_links:
        gd = statements.get(gl["doc"])
        if gd is None:
            raise ValueError(f"links for {gl['doc']!r}, which has no gold statements")
        preds = []
        for k in doc_keys(gd):
            preds = preds or by_doc.get(k, [])
        gold_pairs, unmatched = gold_link_pairs(gd, gl, preds)
        kinds = {p["id"]: p.get("kind") for p in preds}
        # gold links name recommendations: a link to a question (schema 1.1) is not scored here
        pred_pairs = {(p["id"], l["id"]) for p in preds for l in (p.get("responds_to") or [])
                      if kinds.get(l["id"]) == "recommendation"}
        d_tp = len(gold_pairs & pred_pairs)
        d_fp, d_fn = len(pred_pairs - gold_pairs), len(gold_pairs - pred_pairs) + unmatched
        tp, fp, fn = tp + d_tp, fp + d_fp, fn + d_fn
        per_doc[gl["doc"]] = round(prf(d_tp, d_fp, d_fn)[2], 3) if d_tp + d_fp + d_fn else None
    p, r, f = prf(tp, fp, fn)
    return {"link_precision": round(p, 3), "link_recall": round(r, 3), "link_f1": round(f, 3),
            "gold_pairs": tp + fn, "predicted_pairs": tp + fp, "per_document": per_doc}
