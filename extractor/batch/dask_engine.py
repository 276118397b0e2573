"""The Dask engine: the per-document function on a ``dask.distributed`` cluster, as an
:class:`~extractor.batch.engine.Engine`.

The client reads the inputs (so only the client needs to see the input files) and cuts the stream into
partitions of ``partition_size`` documents; each partition is one task running
:func:`extractor.engines.process_chunk` on a worker (which builds the pipeline once per process and
thread). At most two partitions per worker thread are in flight, so memory stays bounded, and outcomes come
back in input order, so the records are the local engine's byte for byte; the run loop journals and writes
them like any engine's (``--resume`` works the same way).

Workers need the package installed (``pip install 'vn-meeting-extractor[dask]'``); with no scheduler
address a :class:`distributed.LocalCluster` of ``workers`` single-threaded processes is started.
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from typing import Iterable, Iterator

from extractor.engines import Item, Outcome
from extractor.errors import ExtractorError


def _require_dask():
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ExtractorError(
            f"--engine dask needs dask and distributed ({exc.name} is not installed): "
            "pip install 'vn-meeting-extractor[dask]'") from None


class DaskEngine:
    def __init__(self, workers: int, model: str | None = None, *, scheduler: str | None = None,
                 partition_size: int = 100):
        self.workers, self.model, self.scheduler, self.partition_size = workers, model, scheduler, partition_size
        self.client = self.cluster = None

    def __enter__(self) -> "DaskEngine":
        _require_dask()
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise ExtractorError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
        else:
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                        dashboard_address=":0", silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def map(self, items: Iterable[Item]) -> Iterator[Outcome]:
        from extractor.engines import merge_outcomes, process_chunk

        if self.client is None:
            raise RuntimeError("DaskEngine.map outside its 'with' block")
        window = 2 * max(1, sum(self.client.nthreads().values()))
        pending: deque = deque()  # (future or None, partition), in input order

        def resolve(fut, part: list[Item]) -> list[Outcome]:
            if fut is None:
                return part
            computed = fut.result()
            fut.release()
            return merge_outcomes(part, computed)

        try:
            for part in _partitions(iter(items), self.partition_size):
                docs = [item for item in part if not isinstance(item, Outcome)]
                fut = self.client.submit(process_chunk, docs, self.model, pure=False) if docs else None
                pending.append((fut, part))
                while len(pending) >= window:
                    yield from resolve(*pending.popleft())
            while pending:
                yield from resolve(*pending.popleft())
        finally:
            for fut, _ in pending:
                if fut is not None:
                    fut.cancel()


def _partitions(items: Iterator, size: int) -> Iterator[list]:
    while part := list(itertools.islice(items, size)):
        yield part
