"""The run loop of a batch: inputs -> an engine -> the journal, progress, statistics and the output.

Documents are read one at a time (:func:`extractor.ingest.iter_documents`) and handed to an engine
(:mod:`extractor.batch.engine`: worker processes here, or a Dask cluster), which gives their outcomes back
in input order, so the output is the same record for record whatever the engine and the number of workers.
At most a bounded window of documents is in flight: memory does not grow with the number of inputs.

A file output is written through the :class:`~extractor.batch.journal.Journal`: every document's records
are appended to a partial file and recorded in a manifest as soon as it is done, and the output is
assembled atomically at the end. A run that is killed can be resumed (``resume=True``): documents the
journal has are not given to the engine again. Output to stdout (``-``) is streamed.

A document that fails is reported through ``on_error`` (one line naming the file and the reason) and
every other document's records are still written.
"""

from __future__ import annotations

import sys
import time
from typing import Callable, Iterator

from extractor.batch.engine import engine_for
from extractor.batch.options import (BatchInterrupted, BatchOptions, BatchStats, estimate_total,
                                     excluding_outputs, progress_bar, run_items, settings_of)
from extractor.document import Document
from extractor.engines import Item, Outcome
from extractor.errors import ExtractorError


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
    t0 = time.perf_counter()
    stats = BatchStats()
    total = estimate_total(inputs, options.ingest) if options.progress and sys.stderr.isatty() else None
    with progress_bar(options.progress, total) as bar:
        report = _reporter(stats, bar, on_error)
        try:
            with engine_for(options) as engine:
                if output == "-":
                    _to_stdout(engine.map(run_items(inputs, options.ingest)), options, report)
                else:
                    _journalled(engine, inputs, output, options, report, stats)
        except KeyboardInterrupt:
            stats.seconds = time.perf_counter() - t0
            raise BatchInterrupted(stats, resumable=output != "-") from None
        except OSError as exc:  # reading inputs never raises (InputError outcomes): this is the output side
            raise ExtractorError(f"cannot write {exc.filename or output}: {exc.strerror or exc}") from exc
    stats.seconds = time.perf_counter() - t0
    return stats


def _reporter(stats: BatchStats, bar, on_error: Callable[[str], None]):
    """Count one outcome, tell its error, move the progress bar."""
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
    return report


def _to_stdout(outcomes: Iterator[Outcome], options: BatchOptions, report) -> None:
    from extractor.jsonl import atomic_bytes

    summaries = atomic_bytes(options.documents_path) if options.documents_path else None
    sums = summaries.__enter__() if summaries else None
    out = sys.stdout
    try:
        for outcome in outcomes:
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


def _journalled(engine, inputs, output: str, options: BatchOptions, report, stats: BatchStats) -> None:
    from extractor.batch.journal import Journal

    with Journal(output, settings_of(options), resume=options.resume) as journal:
        order = []  # the manifest entry of every input, in input order

        def fresh_or_resumed(items: Iterator[Item]) -> Iterator[Item]:
            for item in items:
                entry = journal.done.get((item.id, item.sha256)) if isinstance(item, Document) else None
                yield _ResumedOutcome(entry) if entry is not None else item

        for outcome in engine.map(fresh_or_resumed(run_items(inputs, options.ingest))):
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
