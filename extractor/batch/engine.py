"""The engine protocol, and the local engine (worker processes on this machine).

An engine does one thing: ``map(items)`` runs :func:`extractor.engines.process_document` over a stream of
work items and yields one :class:`~extractor.engines.Outcome` per item, **in input order**. Items that are
already outcomes (an input that could not be read, a document resumed from the journal) come back unchanged
in their place. Engines are context managers: what they start (worker processes, a Dask client) they stop on
exit. The run loop (:mod:`extractor.batch.run`) owns everything else: the journal, progress, statistics and
the output.
"""

from __future__ import annotations

import itertools
from typing import Iterable, Iterator, Protocol

from extractor.batch.options import BatchOptions, WorkerDied
from extractor.engines import Item, Outcome, default_workers


class Engine(Protocol):
    def __enter__(self) -> "Engine": ...

    def __exit__(self, *exc) -> None: ...

    def map(self, items: Iterable[Item]) -> Iterator[Outcome]:
        """The outcome of every item, in input order."""
        ...


class LocalEngine:
    """``workers`` processes of this machine (none for one worker, or for a single document)."""

    def __init__(self, workers: int, model: str | None = None):
        self.workers, self.model = workers, model

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc) -> None:
        pass  # the worker pool is kept for the life of the process (extractor.engines)

    def map(self, items: Iterable[Item]) -> Iterator[Outcome]:
        from concurrent.futures.process import BrokenProcessPool

        from extractor.engines import map_local

        items, workers = _single_or_stream(iter(items), self.workers)
        try:
            yield from map_local(items, workers, self.model)
        except BrokenProcessPool as exc:  # a worker process died (out of memory, a crash in native code)
            raise WorkerDied(f"a worker process died ({exc}); run again with --resume to continue") from exc


def _single_or_stream(items: Iterator[Item], workers: int) -> tuple[Iterable[Item], int]:
    """Start no worker processes for a single document (start-up matters for one file)."""
    if workers <= 1:
        return items, workers
    head = list(itertools.islice(items, 2))
    return itertools.chain(head, items), (workers if len(head) >= 2 else 1)


def engine_for(options: BatchOptions) -> Engine:
    """The engine the options ask for."""
    workers = options.workers or default_workers()
    if options.engine == "dask":
        from extractor.batch.dask_engine import DaskEngine

        return DaskEngine(workers, options.model, scheduler=options.scheduler, partition_size=options.partition_size)
    return LocalEngine(workers, options.model)
