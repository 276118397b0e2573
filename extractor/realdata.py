"""The real annotated corpus: document-level gold stored as references into the shared corpus.

``data/real/annotations.jsonl`` holds one line per annotated corpus document::

    {"doc_id", "text_sha1", "statements": [{"start", "end", "sha1", "kind", "speaker_name",
      "speaker_role", "topics"}]}

``start``/``end`` locate each statement's anchor (its first words) in the corpus record's ``text``;
``sha1`` is the SHA-1 of that slice. :func:`load_real_gold` rebuilds gold documents in the shared
scorer's format (anchors recovered from the corpus) with their canonical Documents, checking every
hash, and raises :class:`CorpusMissing` when the corpus is not there (a user's clone has none).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from extractor.document import Document
from extractor.errors import ExtractorError

CORPUS_FILE = "vntc_chinhtri_xahoi.jsonl"


def default_corpus_path() -> Path:
    """The shared corpus: ``$EXTRACTOR_CORPUS``, else ``<repo>/../shared/corpus/vntc_chinhtri_xahoi.jsonl``."""
    env = os.environ.get("EXTRACTOR_CORPUS")
    if env:
        return Path(env)
    import extractor

    return Path(extractor.__file__).resolve().parents[2] / "shared" / "corpus" / CORPUS_FILE

SPLITS = ("train", "dev", "test")


class CorpusMissing(ExtractorError):
    """The shared corpus the references point into is not on this machine."""


@dataclass(frozen=True)
class RealDoc:
    document: Document
    gold: dict          # {"doc", "statements": [{"kind", "speaker_name", "speaker_role", "anchor", "topics"}]}
    split: str
    stratum: str


def data_dir() -> Path:
    from extractor.model.paths import repo_root

    return repo_root() / "data" / "real"


def _sha1(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def load_real_gold(corpus: str | Path | None = None, splits=SPLITS, folder: Path | None = None) -> list[RealDoc]:

    folder = folder or data_dir()
    corpus = Path(corpus) if corpus else default_corpus_path()
    if not corpus.is_file():
        raise CorpusMissing(f"{corpus}: the shared corpus is not here (the real annotations refer into it)")
    sample = {}
    for line in (folder / "sample.jsonl").open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            sample[r["doc_id"]] = r
    refs = []
    for line in (folder / "annotations.jsonl").open(encoding="utf-8"):
        if line.strip():
            refs.append(json.loads(line))
    wanted = {r["doc_id"] for r in refs if sample.get(r["doc_id"], {}).get("split") in splits}
    records = _corpus_records(corpus, wanted)
    out = []
    for r in refs:
        info = sample.get(r["doc_id"])
        if info is None or info["split"] not in splits:
            continue
        d = records.get(r["doc_id"])
        if d is None or _sha1(d["text"]) != r["text_sha1"]:
            raise ExtractorError(f"{r['doc_id']}: not in the corpus or its text changed (sha1 mismatch)")
        text = d["text"]
        statements = []
        for s in r["statements"]:
            anchor = text[s["start"]:s["end"]]
            if _sha1(anchor) != s["sha1"]:
                raise ExtractorError(f"{r['doc_id']}: anchor at {s['start']}-{s['end']} does not match its sha1")
            # "start" is ours (the scorer reads the anchor): where the statement begins in the text
            statements.append({"kind": s["kind"], "speaker_name": s["speaker_name"], "speaker_role": s["speaker_role"],
                               "anchor": anchor, "topics": s["topics"], "start": s["start"]})
        doc = _document(corpus, d)
        out.append(RealDoc(doc, {"doc": r["doc_id"], "statements": statements}, info["split"], info["stratum"]))
    return out


def load_gold_documents(gold_path: str | Path, corpus: str | Path | None = None) -> list[tuple[Document, dict]]:
    """A gold file in the shared scorer's format whose ``doc`` ids are corpus ids (such as
    ``../shared/eval/dev-real/gold.jsonl``), paired with the corpus documents it annotates."""

    corpus = Path(corpus) if corpus else default_corpus_path()
    if not corpus.is_file():
        raise CorpusMissing(f"{corpus}: the shared corpus is not here (the gold file refers into it)")
    gold = [json.loads(line) for line in Path(gold_path).open(encoding="utf-8") if line.strip()]
    ids = {g["doc"] for g in gold}
    docs = {i: _document(corpus, d) for i, d in _corpus_records(corpus, ids).items()}
    missing = sorted(ids - set(docs))
    if missing:
        raise ExtractorError(f"{gold_path}: documents not in the corpus: {', '.join(missing[:5])}")
    return [(docs[g["doc"]], g) for g in gold]


def _corpus_records(corpus: Path, ids: set[str]) -> dict[str, dict]:
    """The corpus records with these ids (one pass over the file)."""
    out = {}
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if d["id"] in ids:
                out[d["id"]] = d
    return out


def _document(corpus: Path, d: dict) -> Document:
    text = d["text"]
    return Document(id=d["id"], text=text, path=f"{corpus}#{d['id']}", format="jsonl",
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), title=d.get("title"))


def _references(real: list[RealDoc], path: Path, what: str):
    """(document, reference line) of a reference file's lines about ``real`` documents, each checked to refer
    to the same text (its SHA-1); a missing file gives nothing."""
    if not path.is_file():
        return
    by_id = {r.document.id: r for r in real}
    for line in path.open(encoding="utf-8"):
        if not line.strip():
            continue
        ref = json.loads(line)
        r = by_id.get(ref["doc_id"])
        if r is None:
            continue
        if _sha1(r.document.text) != ref["text_sha1"]:
            raise ExtractorError(f"{ref['doc_id']}: {what} refer to another text (sha1 mismatch)")
        yield r, ref


def load_real_links(real: list[RealDoc], folder: Path | None = None) -> list[tuple[RealDoc, dict]]:
    """The gold links of ``real`` documents (``links.jsonl``: statements referred to by the start of their
    anchor), in the seed's format: ``{"doc", "links": [{"response": anchor, "answers": [anchor, ...]}]}``."""
    out = []
    for r, ref in _references(real, (folder or data_dir()) / "links.jsonl", "links"):
        anchors = {s["start"]: s["anchor"] for s in r.gold["statements"]}
        try:
            links = [{"response": anchors[l["response"]], "answers": [anchors[a] for a in l["answers"]]}
                     for l in ref["links"]]
        except KeyError as exc:
            raise ExtractorError(f"{ref['doc_id']}: a link names no annotated statement (start {exc})") from None
        out.append((r, {"doc": ref["doc_id"], "links": links}))
    return out


def load_real_obligations(real: list[RealDoc], folder: Path | None = None) -> list[tuple[RealDoc, dict]]:
    """Gold assignees and deadlines of ``real`` documents (``obligations.jsonl``, spans by offset and sha1) as
    ``{"doc", "statements": [{"anchor", "assignee": text | None, "deadline": text | None}]}``."""
    out = []
    for r, ref in _references(real, (folder or data_dir()) / "obligations.jsonl", "obligations"):
        text = r.document.text
        anchors = {s["start"]: s["anchor"] for s in r.gold["statements"]}
        statements = []
        for s in ref["statements"]:
            item = {"anchor": anchors.get(s["start"])}
            for field in ("assignee", "deadline"):
                span = s.get(field)
                item[field] = text[span["start"]:span["end"]] if span else None
                if span and _sha1(item[field]) != span["sha1"]:
                    raise ExtractorError(f"{ref['doc_id']}: {field} at {span['start']} does not match its sha1")
            statements.append(item)
        out.append((r, {"doc": ref["doc_id"], "statements": statements}))
    return out
