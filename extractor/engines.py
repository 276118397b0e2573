"""Engines: the per-document function, and running it in worker processes in input order.

:func:`process_document` is the one unit of work every engine runs: a Document in, an
:class:`Outcome` out (records already serialised as JSON lines, the document summary, or
the error that stopped it). It builds the pipeline once per process (and thread) and
reuses it, so a worker pays the start-up cost once.

:func:`map_local` runs it over a stream in ``workers`` processes and yields the outcomes in
input order, holding at most a bounded window of documents in flight, so memory stays
bounded whatever the input size. With one worker it runs in the calling process.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator, Union

from extractor.document import Document
from extractor.errors import ExtractorError, InputError


@dataclass(frozen=True)
class Outcome:
    """What one input produced. ``records``/``summary`` are JSONL text ready to be written."""

    id: str                 # document id, or the failing path when there is no document
    sha256: str | None
    path: str
    records: str            # the statement records, one JSON line each ("" when none)
    n_records: int
    summary: str            # the document summary (or failure summary), one JSON line
    sentences: int = 0
    error: str | None = None  # "path: reason" when the input failed

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.id, self.sha256)


Item = Union[Document, Outcome]


def _line(obj: dict) -> str:
    from extractor.jsonl import _dumps

    return _dumps(obj) + "\n"


def failed_outcome(path: str, reason: str, *, doc: Document | None = None) -> Outcome:
    """The outcome of an input that could not be read or processed."""
    from extractor.records import failed_summary

    summary = failed_summary(path, reason)
    if doc is not None:
        summary["doc_id"] = doc.id
        summary["source"] = doc.source
    return Outcome(id=doc.id if doc else path, sha256=doc.sha256 if doc else None, path=path,
                   records="", n_records=0, summary=_line(summary), error=f"{path}: {reason}")


def input_error_outcome(err: InputError) -> Outcome:
    return failed_outcome(err.path, err.reason)


# --------------------------------------------------------------------------- the per-document function

_local = threading.local()

# spaCy's vocabulary keeps every string it has seen, so a pipeline that lives for a whole archive
# grows without bound. Rebuilding it every RENEW_EVERY documents keeps a worker's memory flat; it
# costs ~0.1 s (the rule files and the model stay cached) and does not change any record.
RENEW_EVERY = 1000


def get_extractor(model: str | None = None):
    """The pipeline of this process and thread, built on first use and then reused."""
    cache = getattr(_local, "extractors", None)
    if cache is None:
        cache = _local.extractors = {}
        _local.used = {}
    if model not in cache or _local.used.get(model, 0) >= RENEW_EVERY:
        from extractor.pipeline import Extractor

        cache.pop(model, None)  # let the old pipeline go before building the next one
        cache[model] = Extractor(model)
        _local.used[model] = 0
    _local.used[model] += 1
    return cache[model]


def process_document(item: Item, model: str | None = None) -> Outcome:
    """Run the pipeline on one document. Never raises for a bad document: failures are outcomes."""
    if isinstance(item, Outcome):  # already decided (an input error, a resumed document)
        return item
    extractor = get_extractor(model)  # a model that cannot be loaded stops the run, not one document
    try:
        result = extractor.process(item)
    except ExtractorError as exc:
        reason = str(exc)
        prefix = f"{item.path}: "
        if reason.startswith(prefix):
            reason = reason[len(prefix):]
        return failed_outcome(item.path, reason, doc=item)
    summary = result.summary
    return Outcome(
        id=item.id, sha256=item.sha256, path=item.path,
        records="".join(_line(r) for r in result.records), n_records=len(result.records),
        summary=_line(summary), sentences=int(summary.get("counts", {}).get("sentences", 0)),
    )


def process_chunk(chunk: list[Item], model: str | None = None) -> list[Outcome]:
    return [process_document(item, model) for item in chunk]


# --------------------------------------------------------------------------- local worker processes

def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# One thread per worker for the numeric libraries: with N workers on N cores, BLAS/OpenMP thread
# pools of their own would only compete for the same cores (as dask's nanny does for its workers).
_THREAD_LIMITS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS")


def _init_worker(model: str | None, parent: int) -> None:
    for var in _THREAD_LIMITS:  # before numpy/scikit-learn are imported by the pipeline
        os.environ.setdefault(var, "1")
    # Ctrl-C goes to the whole process group: the parent handles it, workers just stop when told
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    try:
        warm_up(get_extractor(model))
    except Exception:  # noqa: BLE001 - raised again by the first task, where the parent sees it
        pass


# underthesea loads its models on first use (~0.5 s): a worker does that before its first task,
# while the parent is still reading inputs, not in the middle of the batch.
WARM_UP_TEXT = ("Biên bản họp\nÔng Nguyễn Văn An, Chủ tịch UBND xã, đề nghị huyện bổ sung kinh phí "
                "cho phường.\nBà Lê Thị Hoa cho biết sở sẽ tiếp thu ý kiến.\n")


def warm_up(extractor) -> None:
    """Run one small document through a freshly built pipeline (its output is discarded)."""
    extractor.process(Document(id="warm-up", text=WARM_UP_TEXT, path="<warm-up>", format="txt", sha256=""))


def _watch_parent(parent: int, every: float = 1.0) -> None:
    """Exit when the batch process is gone (killed with SIGKILL, it cannot tell its workers)."""
    import time

    while True:
        time.sleep(every)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the pid was reused by another user's process: ours is gone
            os._exit(1)


# Imported by the fork server before it forks workers, so that the workers share these modules' pages with it
# (extraction imports no scikit-learn): on 3,000 corpus documents with 2 workers the peak of the summed PSS
# went 489 -> 446 MB (reference counting still copies the pages of the objects a worker touches).
PRELOAD = ["extractor.engines", "spacy", "underthesea", "extractor.pipeline"]


def _mp_context():
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return mp.get_context("spawn")


def chunks(items: Iterable[Item], max_docs: int = 8, max_chars: int = 50_000) -> Iterator[list[Item]]:
    """Group a stream into small chunks (few documents, bounded text) to cut per-task overhead."""
    chunk: list[Item] = []
    chars = 0
    for item in items:
        chunk.append(item)
        if isinstance(item, Document):
            chars += len(item.text)
        if len(chunk) >= max_docs or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def merge_outcomes(chunk: list[Item], computed: list[Outcome]) -> list[Outcome]:
    """The outcomes of a chunk in its order: the items that were already outcomes (input errors, resumed
    documents) where they stood, the computed outcomes of its documents in between."""
    done = iter(computed)
    return [item if isinstance(item, Outcome) else next(done) for item in chunk]


def map_local(items: Iterable[Item], workers: int = 1, model: str | None = None, *,
              window: int | None = None) -> Iterator[Outcome]:
    """Yield the outcome of every item, in input order, using ``workers`` processes.

    At most ``window`` chunks (default: 4 per worker) are in flight at any time, so a
    stream of any length is processed in bounded memory. Outcomes passed in (input errors,
    resumed documents) go through unchanged and keep their place.
    """
    if workers <= 1:
        for item in items:
            yield process_document(item, model)
        return
    window = window or 4 * workers
    pool = _pool(workers, model)
    pending: deque = deque()   # (future or None, chunk), in input order

    def resolve(fut, chunk: list[Item]) -> list[Outcome]:
        return chunk if fut is None else merge_outcomes(chunk, fut.result())

    finished = False
    try:
        for chunk in chunks(items):
            docs = [item for item in chunk if not isinstance(item, Outcome)]
            if not docs and not pending:
                yield from chunk  # nothing to compute and nothing ahead of it
                continue
            pending.append((pool.submit(process_chunk, docs, model) if docs else None, chunk))
            while len(pending) >= window:
                yield from resolve(*pending.popleft())
        while pending:
            yield from resolve(*pending.popleft())
        finished = True
    finally:
        if not finished:  # interrupted, a worker died, or the consumer stopped early: start afresh next time
            for fut, _ in pending:
                if fut is not None:
                    fut.cancel()
            shutdown_pools()


# Worker pools are kept for the life of the process, so that a program (or a test session)
# calling run_batch several times loads the pipeline in each worker only once.
_POOLS: dict = {}


def _pool(workers: int, model: str | None):
    from concurrent.futures import ProcessPoolExecutor

    key = (workers, model)
    pool = _POOLS.get(key)
    if pool is None:
        shutdown_pools()  # one pool at a time: workers are heavy
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(),
                                   initializer=_init_worker, initargs=(model, os.getpid()))
        # The executor starts a process per submitted task while none is idle: ask for all of them
        # now, so that every worker builds its pipeline at the same time, before the first chunk.
        for _ in range(workers):
            pool.submit(_ready)
        _POOLS[key] = pool
        if len(_POOLS) == 1:
            import atexit

            atexit.register(shutdown_pools)
    return pool


def _ready(delay: float = 0.0) -> int:
    """A task that only says which worker ran it (after the worker's initializer)."""
    if delay:
        import time

        time.sleep(delay)
    return os.getpid()


def start_workers(workers: int, model: str | None = None, timeout: float = 300.0) -> float:
    """Start the pool of :func:`map_local` and return once every worker is ready (seconds taken).

    A batch does not need this (workers start at the first chunk and warm up meanwhile); a
    benchmark does, to start its clock with every worker's pipeline built and warmed up."""
    import time

    t0 = time.perf_counter()
    pool = _pool(workers, model)
    seen: set[int] = set()
    while len(seen) < workers:
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"{workers - len(seen)} of {workers} workers not ready after {timeout:.0f} s")
        # each task holds its worker a moment, so that a busy worker leaves the next task to another
        seen.update(f.result() for f in [pool.submit(_ready, 0.2) for _ in range(workers)])
    return time.perf_counter() - t0


def shutdown_pools() -> None:
    """Stop the worker processes kept by :func:`map_local`."""
    while _POOLS:
        _, pool = _POOLS.popitem()
        pool.shutdown(wait=True, cancel_futures=True)
