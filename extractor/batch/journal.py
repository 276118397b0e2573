"""Durable progress of a batch, so a run killed at any point resumes where it stopped.

Beside the output ``OUT`` a batch keeps three work files while it runs:

* ``OUT.partial`` — the statement records, appended document by document;
* ``OUT.partial-documents`` — the document summaries, appended the same way;
* ``OUT.manifest.jsonl`` — a header (the options the run was started with), then one line per
  finished input: its id and sha256, whether it is ``done`` or ``failed``, and where its
  records and summary lie in the partial files (byte offset and length).

A document's records and summary are written and flushed *before* its manifest line, and a
manifest line is the only thing that makes a document count as done. A process killed with
SIGKILL loses nothing that was flushed (the bytes are in the kernel), so after a crash:
the manifest is read up to its last complete line, the partial files are cut back to the end
of the last document the manifest knows, and only the inputs not yet ``done`` are processed.
``failed`` inputs are tried again. When every input is accounted for, the output is assembled
in input order from the partial files and written atomically, and the work files are removed
(they are kept when some inputs failed, so that ``--resume`` retries only those).

The work files are also flushed to disk (``fsync``) every few seconds and at the end, which
bounds what a power cut can cost; a torn last line is detected and dropped.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from extractor.engines import Outcome
from extractor.errors import ExtractorError
from extractor.jsonl import atomic_bytes

MANIFEST_FORMAT = "extractor-batch-manifest"
MANIFEST_VERSION = 1


class ManifestError(ExtractorError):
    """A manifest cannot be used to resume (written with other options, or locked by another run)."""


@dataclass(frozen=True)
class Entry:
    """One finished input as recorded in the manifest."""

    id: str
    sha256: str | None
    path: str
    status: str             # "done" | "failed"
    records: int
    sentences: int
    rec: tuple[int, int]    # (offset, length) in OUT.partial
    doc: tuple[int, int]    # (offset, length) in OUT.partial-documents
    error: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.id, self.sha256)

    def to_dict(self) -> dict:
        d = {"id": self.id, "sha256": self.sha256, "path": self.path, "status": self.status,
             "records": self.records, "sentences": self.sentences, "rec": list(self.rec), "doc": list(self.doc)}
        if self.error:
            d["error"] = self.error
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Entry":
        return cls(id=d["id"], sha256=d["sha256"], path=d["path"], status=d["status"],
                   records=int(d["records"]), sentences=int(d.get("sentences", 0)),
                   rec=(int(d["rec"][0]), int(d["rec"][1])), doc=(int(d["doc"][0]), int(d["doc"][1])),
                   error=d.get("error"))


def work_paths(output: str | Path) -> dict[str, Path]:
    output = Path(output)
    return {
        "manifest": output.with_name(output.name + ".manifest.jsonl"),
        "records": output.with_name(output.name + ".partial"),
        "documents": output.with_name(output.name + ".partial-documents"),
    }


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


class Journal:
    """The work files of one batch writing to ``output``. Use as a context manager.

    ``settings`` describes what determines the records (extractor version, model, ingest
    options); resuming from a manifest written with other settings is refused.
    """

    def __init__(self, output: str | Path, settings: dict, *, resume: bool = False, sync_seconds: float = 5.0):
        self.output = Path(output)
        self.paths = work_paths(output)
        self.settings = settings
        self.resume = resume
        self.sync_seconds = sync_seconds
        self.done: dict[tuple[str, str | None], Entry] = {}
        self.resumed = 0
        self._files: dict = {}
        self._last_sync = time.monotonic()

    # -- opening -------------------------------------------------------------------------

    def __enter__(self) -> "Journal":
        self.output.parent.mkdir(parents=True, exist_ok=True)
        manifest = open(self.paths["manifest"], "a+b")  # created when missing
        self._files["manifest"] = manifest
        self._lock(manifest)
        entries: list[Entry] = []
        loaded = False
        if self.resume:
            entries, loaded = self._load(manifest)
        if not loaded:  # a fresh start: forget any earlier run's work files
            manifest.truncate(0)
            for name in ("records", "documents"):
                if self.paths[name].exists():
                    self.paths[name].unlink()
            manifest.write(_dumps({"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION,
                                   "output": self.output.name, "settings": self.settings}).encode("utf-8"))
            manifest.flush()
        manifest.seek(0, os.SEEK_END)
        rec_end = max((e.rec[0] + e.rec[1] for e in entries), default=0)
        doc_end = max((e.doc[0] + e.doc[1] for e in entries), default=0)
        self._files["records"] = self._open_at(self.paths["records"], rec_end)
        self._files["documents"] = self._open_at(self.paths["documents"], doc_end)
        for e in entries:
            if e.status == "done":
                self.done[e.key] = e
        self.resumed = len(self.done)
        return self

    def _lock(self, fh) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            return
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise ManifestError(f"{self.paths['manifest']}: another extractor run is writing {self.output}") from None

    @staticmethod
    def _open_at(path: Path, end: int):
        fh = open(path, "ab")
        if fh.tell() < end:
            fh.close()
            raise ManifestError(f"{path}: shorter than its manifest says ({end} bytes); "
                                "the work files are damaged, run again without --resume")
        fh.truncate(end)
        fh.seek(end)
        return fh

    def _load(self, manifest) -> tuple[list[Entry], bool]:
        """Entries of a manifest up to its last complete line (the file is cut back to that line).

        Returns the entries and whether the manifest had a valid header.
        """
        manifest.seek(0)
        raw = manifest.read()
        entries: list[Entry] = []
        header = None
        good = pos = 0
        sizes = {k: (self.paths[k].stat().st_size if self.paths[k].exists() else 0) for k in ("records", "documents")}
        while True:
            nl = raw.find(b"\n", pos)
            if nl < 0:
                break
            try:
                obj = json.loads(raw[pos:nl].decode("utf-8"))
                if header is None:
                    if not isinstance(obj, dict) or obj.get("format") != MANIFEST_FORMAT:
                        raise ManifestError(f"{self.paths['manifest']}: not a batch manifest")
                    header = obj
                else:
                    e = Entry.from_dict(obj)
                    if e.rec[0] + e.rec[1] > sizes["records"] or e.doc[0] + e.doc[1] > sizes["documents"]:
                        break  # the manifest line reached the disk and its data did not (power cut)
                    entries.append(e)
            except ManifestError:
                raise
            except (ValueError, KeyError, TypeError, IndexError, AttributeError):
                break  # a torn line: it and everything after it are dropped
            pos = good = nl + 1
        if header is None:
            return [], False
        if header.get("version") != MANIFEST_VERSION or header.get("settings") != self.settings:
            raise ManifestError(
                f"{self.paths['manifest']}: written by a run with other settings "
                f"({_diff(header.get('settings'), self.settings)}); run without --resume to start over")
        manifest.truncate(good)
        return entries, True

    # -- writing -------------------------------------------------------------------------

    def add(self, outcome: Outcome) -> Entry:
        """Append one input's records and summary, then its manifest line. Returns the entry."""
        rec_fh, doc_fh, man_fh = self._files["records"], self._files["documents"], self._files["manifest"]
        rec_data = outcome.records.encode("utf-8")
        doc_data = outcome.summary.encode("utf-8")
        rec_off, doc_off = rec_fh.tell(), doc_fh.tell()
        rec_fh.write(rec_data)
        doc_fh.write(doc_data)
        rec_fh.flush()
        doc_fh.flush()
        entry = Entry(id=outcome.id, sha256=outcome.sha256, path=outcome.path,
                      status="done" if outcome.ok else "failed", records=outcome.n_records,
                      sentences=outcome.sentences, rec=(rec_off, len(rec_data)), doc=(doc_off, len(doc_data)),
                      error=outcome.error)
        man_fh.write(_dumps(entry.to_dict()).encode("utf-8"))
        man_fh.flush()
        if time.monotonic() - self._last_sync > self.sync_seconds:
            self.sync()
        return entry

    def sync(self) -> None:
        # data first, then the manifest that points at it
        for name in ("records", "documents", "manifest"):
            fh = self._files.get(name)
            if fh and not fh.closed:
                fh.flush()
                os.fsync(fh.fileno())
        self._last_sync = time.monotonic()

    # -- finishing -----------------------------------------------------------------------

    def assemble(self, order: Iterable[Entry], documents_path: str | Path | None = None) -> None:
        """Write the output (and the document summaries) in input order, atomically."""
        self.sync()
        order = list(order)
        targets = [("records", str(self.output))]
        if documents_path:
            targets.append(("documents", str(documents_path)))
        for name, target in targets:
            with open(self.paths[name], "rb") as src, atomic_bytes(target) as out:
                for e in order:
                    off, length = e.rec if name == "records" else e.doc
                    if length:
                        src.seek(off)
                        out.write(src.read(length))

    def close(self) -> None:
        for fh in self._files.values():
            if not fh.closed:
                fh.close()

    def remove(self) -> None:
        self.close()
        for p in self.paths.values():
            try:
                p.unlink()
            except FileNotFoundError:
                pass

    def __exit__(self, *exc) -> None:
        if self._files and not all(fh.closed for fh in self._files.values()):
            try:
                self.sync()
            finally:
                self.close()



def _diff(old: dict | None, new: dict) -> str:
    old = old or {}
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    return ", ".join(f"{k}: {old.get(k)!r} then {new.get(k)!r}" for k in keys) or "unknown difference"
