"""Annotated sentences for the classifiers: our JSONL, the real-corpus references, and
Doccano / Label Studio exports, all read into one :class:`Example` type.

Formats read
------------
* **ours** (``data/annotations/*.jsonl``): ``{"text", "kind", "labels", "source", "split"}``;
* **corpus references** (``data/corpus_labels.jsonl``): ``{"doc_id", "start", "end", "sha1",
  "kind", "labels", "split"}``; the text is read from the shared corpus and its SHA-1 checked;
* **Doccano** text-classification JSONL export: ``{"text", "label": [...]}`` (or ``"labels"``);
* **Label Studio** JSON (a list of tasks) or JSONL export: ``{"data": {"text"}, "annotations":
  [{"result": [{"value": {"choices": [...]}}]}]}``.

In the tool exports a choice may be a topic label (``staffing``, ``budget``, ``data_sharing``,
``security_training``, ``other``; case, spaces and hyphens do not matter) or a statement kind
(``recommendation``, ``response``, ``none``). A row with topics and no kind is a statement of
unknown kind (trains the topic model only).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from extractor.errors import ExtractorError

from extractor.labels import KINDS, canonical as _canon, is_label, label_order
from extractor.realdata import CorpusMissing, default_corpus_path, load_real_gold
FORMATS = ("auto", "ours", "corpus", "doccano", "labelstudio", "dir")


class AnnotationError(ExtractorError):
    """An annotation file cannot be read. The message names the file, the line and the reason."""


@dataclass(frozen=True)
class Example:
    """One annotated sentence. ``kind`` None = unknown; ``labels`` empty for non-statements."""

    text: str
    kind: str | None
    labels: tuple[str, ...]
    source: str = ""
    split: str | None = None

    @property
    def is_statement(self) -> bool:
        return self.kind in ("recommendation", "response") or (self.kind is None and bool(self.labels))

    def to_dict(self) -> dict:
        d = asdict(self)
        d["labels"] = list(self.labels)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Example":
        return cls(d["text"], d.get("kind"), tuple(d.get("labels") or ()), d.get("source", ""), d.get("split"))


@dataclass
class Dataset:
    """Examples plus what was read, skipped and why (goes into the model's meta.json)."""

    examples: list[Example]
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    corpus: dict = field(default_factory=dict)

    def split(self, name: str) -> list[Example]:
        """Examples of a split; examples without a split belong to ``train``."""
        return [e for e in self.examples if (e.split or "train") == name]


# ---------------------------------------------------------------- label mapping

def _labels_and_kind(values, where: str) -> tuple[tuple[str, ...], str | None]:
    labels: list[str] = []
    kind = None
    for v in values:
        if isinstance(v, (list, tuple)):  # sequence labelling [start, end, label]
            raise AnnotationError(f"{where}: span annotations ({v!r}) are not text classification labels")
        c = _canon(v)
        if c in KINDS:
            if kind is not None and kind != c:
                raise AnnotationError(f"{where}: two kinds ({kind!r}, {c!r})")
            kind = c
        elif is_label(c):
            if c not in labels:
                labels.append(c)
        else:
            raise AnnotationError(f"{where}: {v!r} is neither a kind ({', '.join(KINDS)}) nor a topic label "
                                  "(a label is a word: letters, digits and underscores, e.g. y_te)")
    return label_order(labels), kind


def _check_row(text, kind, labels, where: str) -> None:
    if not isinstance(text, str) or not text.strip():
        raise AnnotationError(f"{where}: missing or empty text")
    if kind is not None and kind not in KINDS:
        raise AnnotationError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if kind == "none" and labels:
        raise AnnotationError(f"{where}: kind 'none' with topic labels {list(labels)}")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- readers

def _json_lines(path: Path):
    try:
        fh = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise AnnotationError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield i, json.loads(line)
            except json.JSONDecodeError as exc:
                raise AnnotationError(f"{path}:{i}: not JSON ({exc.msg})") from exc


def read_ours(path: str | Path) -> list[Example]:
    """Our annotations JSONL: ``{"text", "kind", "labels", "source", "split"}``."""
    path = Path(path)
    out = []
    for i, d in _json_lines(path):
        where = f"{path}:{i}"
        labels, kind2 = _labels_and_kind(d.get("labels") or [], where)
        kind = d.get("kind", kind2)
        _check_row(d.get("text"), kind, labels, where)
        out.append(Example(_nfc(d["text"]), kind, labels, d.get("source") or path.stem, d.get("split")))
    return out


def read_doccano(path: str | Path) -> list[Example]:
    """A Doccano text-classification export (JSONL: ``text`` and ``label`` or ``labels``)."""
    path = Path(path)
    out = []
    for i, d in _json_lines(path):
        where = f"{path}:{i}"
        if not isinstance(d, dict):
            raise AnnotationError(f"{where}: expected an object")
        values = d.get("label", d.get("labels"))
        if values is None:
            raise AnnotationError(f"{where}: no 'label' or 'labels' key (is this a Doccano text-classification export?)")
        if isinstance(values, str):
            values = [values]
        if not values:
            continue  # not annotated yet
        labels, kind = _labels_and_kind(values, where)
        _check_row(d.get("text"), kind, labels, where)
        out.append(Example(_nfc(d["text"]), kind, labels, f"doccano:{path.name}", d.get("split")))
    return out


def _label_studio_tasks(path: Path) -> list[tuple[str, dict]]:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AnnotationError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    stripped = raw.lstrip()
    if stripped.startswith("["):
        try:
            tasks = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise AnnotationError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from exc
        return [(f"{path}: task {i}", t) for i, t in enumerate(tasks, 1)]
    return [(f"{path}:{i}", t) for i, t in _json_lines(path)]


def read_label_studio(path: str | Path) -> list[Example]:
    """A Label Studio export (JSON list or JSONL of tasks) with choices annotations.

    Of several annotations of one task, the last one not cancelled counts."""
    path = Path(path)
    out = []
    for where, task in _label_studio_tasks(path):
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise AnnotationError(f"{where}: expected a task with a 'data' object")
        text = task["data"].get("text")
        anns = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not anns:
            continue  # not annotated yet
        values = []
        for r in anns[-1].get("result") or []:
            choices = (r.get("value") or {}).get("choices")
            if choices is None:
                raise AnnotationError(f"{where}: a result without value.choices (only choices annotations are read)")
            values.extend(choices)
        if not values:
            continue
        labels, kind = _labels_and_kind(values, where)
        _check_row(text, kind, labels, where)
        out.append(Example(_nfc(text), kind, labels, f"labelstudio:{path.name}", task["data"].get("split")))
    return out


def read_corpus_labels(path: str | Path, corpus: str | Path | None = None) -> tuple[list[Example], dict]:
    """Corpus references resolved against the shared corpus. Returns (examples, stats).

    A missing corpus gives no examples (stats say so); a reference whose SHA-1 does not
    match the corpus text is skipped and counted."""
    path = Path(path)
    corpus = Path(corpus) if corpus else default_corpus_path()
    refs = [(i, d) for i, d in _json_lines(path)]
    stats = {"labels_file": str(path), "corpus": str(corpus), "references": len(refs),
             "used": 0, "sha1_mismatch": 0, "missing_doc": 0, "corpus_present": corpus.is_file()}
    if not corpus.is_file():
        return [], stats
    wanted = {d["doc_id"] for _, d in refs}
    texts: dict[str, str] = {}
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            if d.get("id") in wanted:
                texts[d["id"]] = d.get("text") or ""
    stats["corpus_sha256"] = _sha256_file(corpus)
    out = []
    for i, d in refs:
        where = f"{path}:{i}"
        doc = texts.get(d["doc_id"])
        if doc is None:
            stats["missing_doc"] += 1
            continue
        text = doc[d["start"]:d["end"]]
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != d["sha1"]:
            stats["sha1_mismatch"] += 1
            continue
        labels, _ = _labels_and_kind(d.get("labels") or [], where)
        _check_row(text, d.get("kind"), labels, where)
        out.append(Example(_nfc(text), d.get("kind"), labels, f"corpus:{d['doc_id']}", d.get("split")))
    stats["used"] = len(out)
    return out, stats


_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')»]*(?=\s|$)|\n")


def read_real_statements(path: str | Path, corpus: str | Path | None = None) -> tuple[list[Example], dict]:
    """The statements of the real annotated documents (``data/real/annotations.jsonl``, read with
    :func:`extractor.realdata.load_real_gold`) as topic examples: each statement's sentence runs from
    its anchor to the next sentence end. The real ``dev`` split trains (thresholds are chosen by
    cross-validation), ``test`` stays out. Without the shared corpus: no examples, and the stats say so."""

    path = Path(path)
    documents = sum(1 for _ in _json_lines(path))
    stats = {"file": str(path), "documents": documents, "statements": 0, "corpus_present": True}
    try:
        real = load_real_gold(corpus, folder=path.parent)
    except CorpusMissing:
        stats["corpus_present"] = False
        return [], stats
    out = []
    for r in real:
        text = r.document.text
        split = "test" if r.split == "test" else "train"
        for st in r.gold["statements"]:
            m = _SENTENCE_END.search(text, st["start"] + len(st["anchor"]))
            end = m.end() if m else len(text)
            labels = label_order(st["topics"])
            out.append(Example(_nfc(text[st["start"]:end].strip()), st["kind"], labels, f"real:{r.document.id}", split))
    stats["statements"] = len(out)
    return out, stats


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def detect_format(path: str | Path) -> str:
    """``dir``, ``labelstudio``, ``doccano`` or ``ours``, from the path and its first record."""
    path = Path(path)
    if path.is_dir():
        return "dir"
    if not path.is_file():
        raise AnnotationError(f"{path}: no such file or directory")
    head = path.read_text(encoding="utf-8-sig")[:200000].lstrip()
    if head.startswith("["):
        return "labelstudio"
    first = next((l for l in head.splitlines() if l.strip()), "")
    try:
        d = json.loads(first)
    except json.JSONDecodeError as exc:
        raise AnnotationError(f"{path}:1: not JSON ({exc.msg})") from exc
    if not isinstance(d, dict):
        raise AnnotationError(f"{path}:1: expected a JSON object")
    if isinstance(d.get("data"), dict):
        return "labelstudio"
    if "doc_id" in d and "sha1" in d:
        return "corpus"
    if "kind" in d:
        return "ours"
    if "label" in d or "labels" in d:
        return "doccano"
    raise AnnotationError(f"{path}: cannot tell the format (no 'kind', 'label(s)' or 'data' key)")


def load_data(path: str | Path, fmt: str = "auto", corpus: str | Path | None = None) -> Dataset:
    """Read a data folder (``annotations/*.jsonl`` + ``corpus_labels.jsonl``) or one export file."""
    path = Path(path)
    fmt = detect_format(path) if fmt == "auto" else fmt
    ds = Dataset([])
    if fmt == "dir":
        files = sorted((path / "annotations").glob("*.jsonl")) if (path / "annotations").is_dir() else []
        files += sorted(p for p in path.glob("*.jsonl") if p.name != "corpus_labels.jsonl")
        for f in files:
            ds.examples.extend(read_ours(f))
            ds.files.append(str(f))
        refs = path / "corpus_labels.jsonl"
        if refs.is_file():
            ex, stats = read_corpus_labels(refs, corpus)
            ds.examples.extend(ex)
            ds.files.append(str(refs))
            ds.corpus = stats
            if not stats["corpus_present"]:
                ds.notes.append(f"shared corpus not found at {stats['corpus']}: "
                                f"{stats['references']} corpus references not used")
        real = path / "real" / "annotations.jsonl"
        if real.is_file():
            ex, stats = read_real_statements(real, corpus)
            ds.examples.extend(ex)
            ds.files.append(str(real))
            ds.corpus["real"] = stats
            if not stats["corpus_present"]:
                ds.notes.append(f"shared corpus not found: {stats['documents']} real annotated documents not used")
        if not ds.examples:
            raise AnnotationError(f"{path}: no annotations found (expected annotations/*.jsonl or corpus_labels.jsonl)")
        return ds
    readers = {"ours": read_ours, "doccano": read_doccano, "labelstudio": read_label_studio}
    if fmt == "corpus":
        ex, stats = read_corpus_labels(path, corpus)
        ds.corpus = stats
        if not stats["corpus_present"]:
            raise AnnotationError(f"{path}: the shared corpus is not at {stats['corpus']} (set EXTRACTOR_CORPUS)")
        ds.examples = ex
    elif fmt in readers:
        ds.examples = readers[fmt](path)
    else:
        raise AnnotationError(f"{path}: unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    ds.files.append(str(path))
    if not ds.examples:
        raise AnnotationError(f"{path}: no annotated rows")
    return ds


def data_sha256(examples: list[Example]) -> str:
    """A digest of the training data as the model saw it (order-independent)."""
    h = hashlib.sha256()
    for line in sorted(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for e in examples):
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()
