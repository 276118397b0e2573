"""The batch run's options and statistics, its errors, the settings that decide whether a run can be
resumed, the inputs as work items, and the progress bar."""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from typing import Iterator

from extractor.engines import Item, input_error_outcome
from extractor.errors import ExtractorError, InputError
from extractor.ingest import IngestOptions, iter_documents


@dataclass(frozen=True)
class BatchOptions:
    ingest: IngestOptions = field(default_factory=IngestOptions)
    model: str | None = None
    documents_path: str | None = None
    progress: bool = True
    workers: int | None = None          # None: one per core
    resume: bool = False
    engine: str = "local"               # "local" | "dask"
    scheduler: str | None = None        # dask scheduler address; None: a LocalCluster
    partition_size: int = 100           # dask: documents per task

    def __post_init__(self):
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"workers must be at least 1, got {self.workers!r}")
        if self.engine not in ("local", "dask"):
            raise ValueError(f"engine must be 'local' or 'dask', got {self.engine!r}")
        if self.partition_size < 1:
            raise ValueError(f"partition_size must be at least 1, got {self.partition_size!r}")


@dataclass
class BatchStats:
    documents: int = 0       # documents processed (including those resumed from a manifest)
    statements: int = 0
    failures: int = 0
    seconds: float = 0.0
    resumed: int = 0         # documents taken from the manifest instead of processed again
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one summary line printed at the end of a run."""
        extra = f" ({self.resumed} resumed from the manifest)" if self.resumed else ""
        return (f"{self.documents} documents, {self.statements} statements, {self.failures} failed, "
                f"{self.seconds:.1f} s{extra}")


class BatchInterrupted(ExtractorError):
    """The run was interrupted (Ctrl-C); the work done so far is kept for ``--resume``."""

    def __init__(self, stats: BatchStats, resumable: bool):
        self.stats = stats
        self.resumable = resumable
        hint = "; run again with --resume to continue" if resumable else ""
        super().__init__(f"interrupted after {stats.documents} documents{hint}")


class WorkerDied(ExtractorError):
    """A worker process died (out of memory, a crash in native code); finished work is kept for ``--resume``."""


def excluding_outputs(options: BatchOptions, output: str) -> BatchOptions:
    """The options with the run's own output and work files excluded from the inputs (an output written
    inside an input folder must not be read back as a corpus while it is being written)."""
    from dataclasses import replace
    from pathlib import Path

    names = []
    if output != "-":
        out = Path(output).resolve()
        names += [out, *(out.with_name(out.name + s) for s in (".partial", ".partial-documents", ".manifest.jsonl"))]
    if options.documents_path:
        names.append(Path(options.documents_path).resolve())
    exclude = frozenset(str(n) for n in names) | options.ingest.exclude
    return replace(options, ingest=replace(options.ingest, exclude=exclude))


def settings_of(options: BatchOptions) -> dict:
    """What determines the records: a manifest written with other settings cannot be resumed."""
    from extractor import __version__

    return {"extractor_version": __version__, **model_identity(options.model), "ingest": {k: v for k, v in asdict(options.ingest).items() if k != "exclude"}}


def model_identity(model: str | None) -> dict:
    """The model directory a run uses and a digest of its ``meta.json`` (a retrained model differs)."""
    import hashlib
    from pathlib import Path

    try:
        from extractor.model.paths import resolve_model_path

        path = Path(resolve_model_path(model)).resolve()
    except (ImportError, AttributeError):
        path = Path(model).resolve() if model else None
    meta = path / "meta.json" if path else None
    digest = hashlib.sha256(meta.read_bytes()).hexdigest() if meta and meta.is_file() else None
    return {"model": str(path) if path else None, "model_meta_sha256": digest}


# --------------------------------------------------------------------------- progress

def progress_bar(enabled: bool, total: int | None):
    from tqdm import tqdm

    return tqdm(disable=not (enabled and sys.stderr.isatty()), total=total, unit="doc", file=sys.stderr,
                dynamic_ncols=True, smoothing=0.05)


def estimate_total(inputs: list[str], options: IngestOptions) -> int | None:
    """How many documents the inputs hold, cheaply (for the progress bar's ETA); None if unknown."""
    from extractor.ingest import _format_of, expand_paths

    total = 0
    for item in expand_paths(inputs, options.exclude):
        if isinstance(item, InputError) or str(item) == "-":
            total += 1
            continue
        if _format_of(item, options) != "jsonl":
            total += 1
            continue
        if item.name.lower().endswith(".gz"):
            return None
        try:
            with open(item, "rb") as fh:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        except OSError:
            total += 1
    return total


def run_items(inputs: list[str], options: IngestOptions) -> Iterator[Item]:
    for item in iter_documents(inputs, options):
        yield input_error_outcome(item) if isinstance(item, InputError) else item
