"""Records: the JSON objects written for each statement and each document, and their schema.

Records are derived from the annotated Doc at the very end of the pipeline. The JSON
Schemas ship in ``extractor/schema/``; :func:`validate_record` checks one record.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as _res

from spacy.tokens import Doc

from extractor import SCHEMA_VERSION, __version__
from extractor.document import Document
from extractor.segment import default_rules as segment_rules
from extractor.tokenise import doc_text
from extractor.turns import NO_SPEAKER

KINDS = ("recommendation", "response", "question")  # question: asks for information (schema 1.1), not action
RECORD_SCHEMA = "record-1.1.schema.json"
RECORD_SCHEMA_1_0 = "record-1.0.schema.json"
DOCUMENT_SCHEMA = "document-1.0.schema.json"



def record_id(sha256: str, start: int, end: int) -> str:
    """Stable id of a statement: the same file and offsets always give the same id."""
    return hashlib.sha256(f"{sha256}:{start}:{end}".encode()).hexdigest()[:16]


def section_of(doc: Doc, start: int, before: str | None = None) -> str | None:
    """The last heading before ``start`` (``before``: the heading in force where the Doc begins)."""
    heading = before
    for h in doc.spans["headings"]:
        if h.start_char >= start:
            break
        heading = h.text
    return heading


def statement_records(doc: Doc, document: Document, offset: int = 0, section: str | None = None) -> list[dict]:
    """The records of the statements of ``doc``. A Doc of one piece of a long document
    (:mod:`extractor.pieces`) starts at ``offset`` of the document's text, under heading ``section``."""
    out = []
    text = doc_text(doc)
    items = _Spans(doc, "items")
    labels = _Spans(doc, "turn_labels")
    for sent in doc.spans["sentences"]:
        kind = sent._.kind
        if kind is None and (sent._.evidence or {}).get("rule") == "question":
            kind = "question"  # "đề nghị Bộ trưởng cho biết ...": neither a recommendation nor a response
        if kind not in KINDS:
            continue
        speaker = (sent._.speaker or NO_SPEAKER).to_dict(offset)
        start = _with_item_marker(text, _with_label(text, sent.start_char, labels), items)
        out.append({
            "schema_version": SCHEMA_VERSION,
            "id": record_id(document.sha256, offset + start, offset + sent.end_char),
            "doc_id": document.id,
            "source": document.source,
            "kind": kind,
            "text": text[start:sent.end_char],
            "start": offset + start,
            "end": offset + sent.end_char,
            "section": section_of(doc, sent.start_char, section),
            "cue": sent._.cue,
            "speaker": speaker,
            "addressee": _shifted(sent._.addressee, offset, ("start", "end")),
            "topics": list(sent._.topics or []),
            "scores": dict(sent._.scores or {}),
            "evidence": _shifted(dict(sent._.evidence or {"decided_by": "unknown"}), offset, ("cue_start", "cue_end")),
            "extractor_version": __version__,
        })
    return out


class _Spans:
    """A Doc's span group as sorted (start, end) pairs, with the last one starting before an offset found by
    bisection (once per statement: a long transcript has thousands of labels and items)."""

    def __init__(self, doc: Doc, group: str):
        self.spans = sorted((x.start_char, x.end_char) for x in doc.spans[group]) if group in doc.spans else []
        self.starts = [a for a, _ in self.spans]

    def before(self, s: int) -> tuple[int, int] | None:
        i = bisect_left(self.starts, s) - 1
        return self.spans[i] if i >= 0 else None


def _with_label(text: str, s: int, labels: _Spans) -> int:
    """Where a statement's record starts when a turn label opens its line ("4. Bà Phạm Thị Hạnh (tổ dân phố 15): Đề
    nghị phường ..."): at the label, so that the record quotes the line as written; at ``s`` otherwise."""
    span = labels.before(s)
    if span is not None and not text[span[1]:s].strip(" :\t") and "\n" not in text[span[0]:s]:
        return span[0]
    return s


def _with_item_marker(text: str, s: int, items: _Spans) -> int:
    """Where a statement's record starts: at the item's number or bullet when the sentence at ``s`` opens a
    numbered or bulleted item ("1. Lĩnh vực y tế: Cử tri đề nghị ...", "- Cử tri xã A ..."), so that the record
    quotes the item as written; at the sentence otherwise (items do not overlap: the one holding ``s`` starts last
    before it)."""
    span = items.before(s)
    if span is not None and span[0] < s < span[1]:
        a, b = span
        end = segment_rules().item_marker_end(text, a, b)
        return a if end is not None and not text[end:s].strip() else s
    return s


def _shifted(value: dict | None, offset: int, keys: tuple[str, ...]) -> dict | None:
    """``value`` with its character offsets (``keys``) moved from a piece's text to the document's."""
    if not value or not offset:
        return value
    return {k: (v + offset if k in keys and isinstance(v, int) else v) for k, v in value.items()}


@dataclass(frozen=True)
class DocFacts:
    """What a document summary needs from the Doc(s) of a document, with offsets in the document."""

    sentences: int = 0
    roster: tuple = ()
    first_heading: tuple[int, str] | None = None   # (start, text) of the document's first heading
    last_heading: str | None = None                # the heading in force at the end
    topic_model: dict | None = None

    @classmethod
    def of(cls, doc: Doc, offset: int = 0) -> "DocFacts":
        heads = doc.spans["headings"] if "headings" in doc.spans else []
        roster = []
        for entry in doc._.roster or []:
            entry = dict(entry)
            for key in ("start", "end"):
                if isinstance(entry.get(key), int):
                    entry[key] += offset
            roster.append(entry)
        return cls(len(doc.spans["sentences"]) if "sentences" in doc.spans else 0, tuple(roster),
                   (offset + heads[0].start_char, heads[0].text) if len(heads) else None,
                   heads[-1].text if len(heads) else None, doc._.topic_model)

    def then(self, later: "DocFacts") -> "DocFacts":
        """These facts followed by those of the next piece."""
        return DocFacts(self.sentences + later.sentences, self.roster + later.roster,
                        self.first_heading or later.first_heading, later.last_heading or self.last_heading,
                        self.topic_model or later.topic_model)


def document_summary(document: Document, records: list[dict], doc: Doc | DocFacts | None,
                     errors: list[str] | None = None) -> dict:
    facts = doc if isinstance(doc, DocFacts) else DocFacts.of(doc) if doc is not None else DocFacts()
    counts = {"sentences": facts.sentences, "recommendation": 0, "response": 0, "question": 0}
    for r in records:
        counts[r["kind"]] += 1
    title = document.title
    if title is None and facts.first_heading is not None:
        start, text = facts.first_heading
        if not document.text[:start].strip():
            title = text
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": document.id,
        "source": document.source,
        "title": title,
        "counts": counts,
        "roster": list(facts.roster),
        "topic_model": facts.topic_model,
        "notes": list(document.notes),
        "errors": list(errors or []),
        "extractor_version": __version__,
    }


def failed_summary(path: str, reason: str) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": path,
        "source": {"path": path, "sha256": None, "format": None},
        "title": None,
        "counts": {"sentences": 0, "recommendation": 0, "response": 0, "question": 0},
        "roster": [],
        "notes": [],
        "errors": [reason],
        "extractor_version": __version__,
    }


@lru_cache(maxsize=None)
def load_schema(name: str = RECORD_SCHEMA) -> dict:
    with _res.files("extractor").joinpath("schema", name).open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def _validator(name: str):
    import jsonschema

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validation_errors(obj: dict, name: str = RECORD_SCHEMA) -> list[str]:
    """Messages for every way ``obj`` breaks the schema (empty when valid)."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in _validator(name).iter_errors(obj)]


def validate_record(obj: dict, name: str = RECORD_SCHEMA) -> None:
    errors = validation_errors(obj, name)
    if errors:
        raise ValueError("; ".join(errors))
