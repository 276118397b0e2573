"""Batch processing: stream documents through the pipeline, in parallel, resumably.

Documents are read one at a time (:func:`extractor.ingest.iter_documents`), processed by
:func:`extractor.engines.process_document` in ``workers`` processes (or on a Dask cluster,
:mod:`extractor.dask_engine`), and their outcomes come back in input order, so the output is
the same record for record whatever the number of workers. At most a bounded window of
documents is in flight: memory does not grow with the number of inputs.

A file output is written through a :class:`extractor.manifest.Journal`: every document's
records are appended to a partial file and recorded in a manifest as soon as it is done,
and the output is assembled atomically at the end. A run that is killed can be resumed
(``resume=True``) and processes only what is left. Output to stdout (``-``) is streamed.

A document that fails is reported through ``on_error`` (one line naming the file and the
reason) and every other document's records are still written.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, Iterable, Iterator

# the options, statistics and errors are defined in batchrun (shared with the Dask engine) and used from here
from extractor.batchrun import (BatchInterrupted, BatchOptions, BatchStats, WorkerDied, estimate_total,  # noqa: F401
                                excluding_outputs, progress_bar, run_items, settings_of)
from extractor.document import Document
from extractor.engines import Item, Outcome, default_workers
from extractor.errors import ExtractorError


# --------------------------------------------------------------------------- the run

def run_batch(inputs: list[str], output: str, options: BatchOptions | None = None,
              on_error: Callable[[str], None] | None = None) -> BatchStats:
    """Process ``inputs`` and write records to ``output`` (``-`` = stdout). Returns counts.

    Raises :class:`ExtractorError` for problems with the run itself (a manifest that cannot
    be resumed, a Dask engine that is not installed), :class:`BatchInterrupted` on Ctrl-C.
    """
    options = excluding_outputs(options or BatchOptions(), output)  # never read our own output as an input
    on_error = on_error or (lambda msg: None)
    if options.resume and output == "-":
        raise ExtractorError("--resume needs an output file (-o FILE), not stdout")
    if options.engine == "dask":
        from extractor.dask_engine import run_dask

        return run_dask(inputs, output, options, on_error)
    workers = options.workers or default_workers()
    t0 = time.perf_counter()
    stats = BatchStats()
    total = estimate_total(inputs, options.ingest) if options.progress and sys.stderr.isatty() else None
    with progress_bar(options.progress, total) as bar:
        def report(outcome: Outcome, resumed: bool = False) -> None:
            if outcome.ok:
                stats.documents += 1
                stats.statements += outcome.n_records
                stats.resumed += resumed
            else:
                stats.failures += 1
                msg = f"error: {outcome.error}"
                stats.errors.append(msg)
                if bar.disable:
                    on_error(msg)
                else:  # keep the bar intact around the message
                    bar.clear()
                    on_error(msg)
                    bar.refresh()
            bar.update(1)
            if stats.failures:
                bar.set_postfix(statements=stats.statements, failed=stats.failures, refresh=False)
            else:
                bar.set_postfix(statements=stats.statements, refresh=False)

        try:
            if output == "-":
                _run_to_stdout(inputs, options, workers, report)
            else:
                _run_journalled(inputs, output, options, workers, report, stats)
        except KeyboardInterrupt:
            stats.seconds = time.perf_counter() - t0
            raise BatchInterrupted(stats, resumable=output != "-") from None
        except OSError as exc:  # reading inputs never raises (InputError outcomes): this is the output side
            raise ExtractorError(f"cannot write {exc.filename or output}: {exc.strerror or exc}") from exc
    stats.seconds = time.perf_counter() - t0
    return stats


def _single_or_stream(items: Iterator[Item], workers: int) -> tuple[Iterable[Item], int]:
    """Start no worker processes for a single document (start-up matters for one file)."""
    if workers <= 1:
        return items, workers
    head = []
    for item in items:
        head.append(item)
        if len(head) >= 2:
            break
    import itertools

    return itertools.chain(head, items), (workers if len(head) >= 2 else 1)


def _outcomes(items: Iterator[Item], options: BatchOptions, workers: int) -> Iterator[Outcome]:
    from extractor.engines import map_local

    items, workers = _single_or_stream(items, workers)
    try:
        yield from map_local(items, workers, options.model)
    except Exception as exc:  # a worker process died (out of memory, a crash in native code)
        from concurrent.futures.process import BrokenProcessPool

        if isinstance(exc, BrokenProcessPool):
            raise WorkerDied(f"a worker process died ({exc}); run again with --resume to continue") from exc
        raise


def _run_to_stdout(inputs, options: BatchOptions, workers: int, report) -> None:
    from extractor.jsonl import atomic_bytes

    summaries = atomic_bytes(options.documents_path) if options.documents_path else None
    sums = summaries.__enter__() if summaries else None
    out = sys.stdout
    try:
        for outcome in _outcomes(run_items(inputs, options.ingest), options, workers):
            if outcome.records:
                out.write(outcome.records)
            if sums:
                sums.write(outcome.summary.encode("utf-8"))
            report(outcome)
        out.flush()
    except BaseException:
        if summaries:
            summaries.__exit__(*sys.exc_info())
        raise
    if summaries:
        summaries.__exit__(None, None, None)


def _run_journalled(inputs, output: str, options: BatchOptions, workers: int, report, stats: BatchStats) -> None:
    from extractor.manifest import Journal

    with Journal(output, settings_of(options), resume=options.resume) as journal:
        order = []            # the manifest entry of every input, in input order
        resumed_keys = set()

        def fresh_or_resumed(items: Iterator[Item]) -> Iterator[Item]:
            for item in items:
                if isinstance(item, Document):
                    entry = journal.done.get((item.id, item.sha256))
                    if entry is not None:
                        resumed_keys.add(entry.key)
                        yield _ResumedOutcome(entry)
                        continue
                yield item

        for outcome in _outcomes(fresh_or_resumed(run_items(inputs, options.ingest)), options, workers):
            if isinstance(outcome, _ResumedOutcome):
                order.append(outcome.entry)
                report(outcome, resumed=True)
                continue
            order.append(journal.add(outcome))
            report(outcome)
        journal.assemble(order, options.documents_path)
        if not stats.failures:
            journal.remove()


class _ResumedOutcome(Outcome):
    """A document already done in an earlier run: its records stay where the manifest says."""

    def __init__(self, entry):
        super().__init__(id=entry.id, sha256=entry.sha256, path=entry.path, records="", n_records=entry.records,
                         summary="", sentences=entry.sentences)
        object.__setattr__(self, "entry", entry)
