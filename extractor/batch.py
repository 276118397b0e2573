"""Batch processing: stream documents through the pipeline and write records atomically.

Documents are read, processed and written one at a time, so memory stays bounded. A
document that fails is reported through ``on_error`` (one line naming the file and the
reason) and every other document's records are still written.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Callable

from extractor.document import Document
from extractor.errors import ExtractorError, InputError
from extractor.ingest import IngestOptions, iter_documents
from extractor.jsonl import atomic_jsonl
from extractor.records import failed_summary


@dataclass(frozen=True)
class BatchOptions:
    ingest: IngestOptions = field(default_factory=IngestOptions)
    model: str | None = None
    documents_path: str | None = None
    progress: bool = True


@dataclass
class BatchStats:
    documents: int = 0
    statements: int = 0
    failures: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def _progress(enabled: bool):
    from tqdm import tqdm

    return tqdm(disable=not (enabled and sys.stderr.isatty()), unit="doc", file=sys.stderr, dynamic_ncols=True)


def run_batch(inputs: list[str], output: str, options: BatchOptions | None = None,
              on_error: Callable[[str], None] | None = None) -> BatchStats:
    """Process ``inputs`` and write records to ``output`` (``-`` = stdout). Returns counts."""
    from extractor.pipeline import Extractor

    options = options or BatchOptions()
    on_error = on_error or (lambda msg: None)
    stats = BatchStats()
    t0 = time.perf_counter()
    extractor = Extractor(options.model)
    summaries = atomic_jsonl(options.documents_path) if options.documents_path else None
    with atomic_jsonl(output) as out, _progress(options.progress) as bar:
        sums = summaries.__enter__() if summaries else None
        try:
            for item in iter_documents(inputs, options.ingest):
                if isinstance(item, InputError):
                    stats.failures += 1
                    msg = f"error: {item}"
                    stats.errors.append(msg)
                    on_error(msg)
                    if sums:
                        sums.write(failed_summary(item.path, item.reason))
                    continue
                try:
                    result = extractor.process(item)
                except ExtractorError as exc:
                    stats.failures += 1
                    msg = f"error: {exc}"
                    stats.errors.append(msg)
                    on_error(msg)
                    if sums:
                        sums.write(failed_summary(item.path, str(exc)))
                    continue
                out.write_all(result.records)
                if sums:
                    sums.write(result.summary)
                stats.documents += 1
                stats.statements += len(result.records)
                bar.update(1)
                bar.set_postfix(statements=stats.statements, refresh=False)
        except BaseException:
            if summaries:
                summaries.__exit__(*sys.exc_info())
            raise
        if summaries:
            summaries.__exit__(None, None, None)
    stats.seconds = time.perf_counter() - t0
    return stats
