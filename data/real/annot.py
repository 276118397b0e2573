#!/usr/bin/env python3
"""Annotators' tool for the real corpus (reads ../shared/corpus, never writes corpus text to the repo).

    python data/real/annot.py show DOC_ID [DOC_ID ...]     # title + numbered paragraphs of each document
    python data/real/annot.py check FILE.jsonl             # validate annotation lines (anchors, kinds, topics)
    python data/real/annot.py refs FILE.jsonl [...] > data/real/annotations.jsonl   # to references
    python data/real/annot.py links LINKS.jsonl [...] > data/real/links.jsonl        # gold links to references

An annotation line (one per document, also for documents with no statement):
    {"doc": ID, "statements": [{"kind": "recommendation"|"response", "speaker_name": str|null,
     "speaker_role": str|null, "anchor": "first 6-8 words of the sentence", "topics": [...]}],
     "notes": "borderline decisions"}
Anchors are copied exactly from the document's text (not the title), start at the sentence's first word
and are unique in the text. `refs` turns each anchor into its character offsets and the SHA-1 of the
anchor text, so the repository holds references only.
"""
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "vntc_chinhtri_xahoi.jsonl"
KINDS = {"recommendation", "response"}
LABELS = {"staffing", "budget", "data_sharing", "security_training", "other"}


def corpus(ids=None):
    out = {}
    for line in CORPUS.open(encoding="utf-8"):
        d = json.loads(line)
        if ids is None or d["id"] in ids:
            out[d["id"]] = d
    return out


def show(ids):
    docs = corpus(set(ids))
    for i in ids:
        d = docs[i]
        print(f"===== {i}  (title: {d.get('title')!r})")
        for n, para in enumerate(d["text"].split("\n"), 1):
            print(f"[{n}] {para}")
        print()


def problems(line, docs):
    d = docs.get(line.get("doc"))
    if d is None:
        return [f"unknown doc {line.get('doc')!r}"]
    text, out, seen = d["text"], [], set()
    for k, s in enumerate(line.get("statements", [])):
        where = f"{line['doc']} statement {k + 1}"
        if s.get("kind") not in KINDS:
            out.append(f"{where}: kind {s.get('kind')!r} not in {sorted(KINDS)}")
        topics = s.get("topics") or []
        if not topics or set(topics) - LABELS or ("other" in topics and len(topics) > 1):
            out.append(f"{where}: topics {topics!r} (one or more of {sorted(LABELS)}; 'other' alone)")
        a = s.get("anchor") or ""
        n = text.count(a) if a else 0
        if n != 1:
            out.append(f"{where}: anchor {a!r} found {n} times in the text (must be exactly once)")
        elif a in seen:
            out.append(f"{where}: anchor repeated")
        seen.add(a)
        for f in ("speaker_name", "speaker_role"):
            if s.get(f) is not None and not isinstance(s.get(f), str):
                out.append(f"{where}: {f} must be a string or null")
    return out


def load(files):
    lines = []
    for f in files:
        for n, l in enumerate(Path(f).open(encoding="utf-8"), 1):
            if l.strip():
                lines.append(json.loads(l))
    return lines


def check(files):
    lines = load(files)
    docs = corpus({l.get("doc") for l in lines})
    bad = [p for l in lines for p in problems(l, docs)]
    for p in bad:
        print(p)
    print(f"{len(lines)} documents, {sum(len(l.get('statements', [])) for l in lines)} statements, {len(bad)} problems")
    return 1 if bad else 0


def refs(files):
    lines = load(files)
    docs = corpus({l["doc"] for l in lines})
    for l in lines:
        text = docs[l["doc"]]["text"]
        out = {"doc_id": l["doc"], "text_sha1": hashlib.sha1(text.encode()).hexdigest(), "statements": []}
        for s in l["statements"]:
            start = text.index(s["anchor"])
            end = start + len(s["anchor"])
            out["statements"].append({
                "start": start, "end": end, "sha1": hashlib.sha1(s["anchor"].encode()).hexdigest(),
                "kind": s["kind"], "speaker_name": s.get("speaker_name"), "speaker_role": s.get("speaker_role"),
                "topics": s["topics"]})
        print(json.dumps(out, ensure_ascii=False))


def link_refs(files):
    """Gold links (the seed's format: response anchor -> recommendation anchors) to references: the start
    offset of each statement's anchor in the corpus text, as in annotations.jsonl."""
    lines = [json.loads(l) for f in files for l in open(f, encoding="utf-8") if l.strip()]
    docs = corpus({l["doc"] for l in lines})
    for l in sorted(lines, key=lambda l: l["doc"]):
        text = docs[l["doc"]]["text"]
        out = {"doc_id": l["doc"], "text_sha1": hashlib.sha1(text.encode()).hexdigest(), "links": []}
        for link in l["links"]:
            out["links"].append({"response": text.index(link["response"]),
                                 "answers": [text.index(a) for a in link["answers"]]})
        print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    sys.exit({"show": show, "check": check, "refs": refs, "links": link_refs}[cmd](args) or 0)
