"""The Dask engine: the same per-document function over a ``dask.bag`` on a ``dask.distributed`` cluster.

The client reads the inputs (so only the client needs to see the input files), cuts the
document stream into partitions of ``partition_size`` documents, and submits them as bags,
a few at a time so memory stays bounded. Every worker runs
:func:`extractor.engines.process_document` on each document of its partition (building
the pipeline once per worker process and thread) and sends the outcomes back. For every
partition the client writes one JSONL part and a line in a manifest::

    OUT.parts/part-00000.jsonl            statement records of partition 0, in input order
    OUT.parts/part-00000.documents.jsonl  their document summaries
    OUT.parts/manifest.jsonl              a header, then one line per finished partition

and at the end assembles ``OUT`` (and ``--documents``) from the parts in order, atomically.
Records are identical to the local engine's. With ``resume``, partitions the manifest
lists with the same documents (id and sha256) and no failure are not computed again.

Workers need the package installed (``pip install 'vn-meeting-extractor[dask]'``); with no
scheduler address a :class:`distributed.LocalCluster` of ``workers`` processes is started.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

from extractor.errors import ExtractorError

PART_FORMAT = "extractor-dask-parts"
PART_VERSION = 1


def _require_dask():
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ExtractorError(
            f"--engine dask needs dask[bag] and distributed ({exc.name} is not installed): "
            "pip install 'vn-meeting-extractor[dask]'") from None


def parts_dir(output: str | Path) -> Path:
    output = Path(output)
    return output.with_name(output.name + ".parts")


def part_name(index: int) -> str:
    return f"part-{index:05d}"


def _key(outcome) -> list:
    return [outcome.id, outcome.sha256]


def _item_key(item) -> list:
    return [item.id, item.sha256]


def _partitions(items: Iterator, size: int) -> Iterator[list]:
    part: list = []
    for item in items:
        part.append(item)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def _write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class _PartManifest:
    """``OUT.parts/manifest.jsonl``: a header with the run's settings, then one line per partition."""

    def __init__(self, folder: Path, settings: dict, partition_size: int, resume: bool):
        self.folder = folder
        self.path = folder / "manifest.jsonl"
        self.header = {"format": PART_FORMAT, "version": PART_VERSION, "settings": settings,
                       "partition_size": partition_size}
        self.done: dict[int, dict] = {}
        folder.mkdir(parents=True, exist_ok=True)
        if resume and self.path.exists():
            self._load()
        else:
            for p in folder.glob("part-*"):
                p.unlink()
            _write_atomic(self.path, json.dumps(self.header, ensure_ascii=False) + "\n")
        self._fh = open(self.path, "a", encoding="utf-8", newline="\n")

    def _load(self) -> None:
        from extractor.manifest import ManifestError, _diff

        lines = self.path.read_bytes().split(b"\n")
        try:
            header = json.loads(lines[0])
        except ValueError:
            raise ManifestError(f"{self.path}: not a parts manifest; run without --resume to start over") from None
        if header.get("format") != PART_FORMAT or header != self.header:
            old = {**(header.get("settings") or {}), "partition_size": header.get("partition_size")}
            new = {**self.header["settings"], "partition_size": self.header["partition_size"]}
            raise ManifestError(f"{self.path}: written by a run with other settings ({_diff(old, new)}); "
                                "run without --resume to start over")
        good = len(lines[0]) + 1
        for line in lines[1:]:
            try:
                entry = json.loads(line)
                index = int(entry["partition"])
            except (ValueError, KeyError, TypeError):
                break  # a torn last line
            if (self.folder / (part_name(index) + ".jsonl")).exists():
                self.done[index] = entry
            good += len(line) + 1
        with open(self.path, "r+b") as fh:
            fh.truncate(min(good, fh.seek(0, os.SEEK_END)))

    def resumable(self, index: int, part: list) -> dict | None:
        entry = self.done.get(index)
        if entry and not entry.get("failed") and entry.get("keys") == [_item_key(i) for i in part]:
            return entry
        return None

    def add(self, index: int, outcomes: list) -> dict:
        name = part_name(index)
        _write_atomic(self.folder / f"{name}.jsonl", "".join(o.records for o in outcomes))
        _write_atomic(self.folder / f"{name}.documents.jsonl", "".join(o.summary for o in outcomes))
        entry = {"partition": index, "part": f"{name}.jsonl", "documents": len(outcomes),
                 "records": sum(o.n_records for o in outcomes), "failed": sum(1 for o in outcomes if not o.ok),
                 "keys": [_key(o) for o in outcomes]}
        self._fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._fh.flush()
        self.done[index] = entry
        return entry

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()


def _client(options, workers: int):
    from distributed import Client, LocalCluster

    if options.scheduler:
        try:
            return Client(options.scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise ExtractorError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_dask(inputs: list[str], output: str, options, on_error: Callable[[str], None]):
    """Run the batch on a Dask cluster; see the module docstring. Returns :class:`BatchStats`."""
    from extractor.batchrun import BatchStats, estimate_total, progress_bar, run_items, settings_of
    from extractor.engines import default_workers
    from extractor.engines import process_document
    from extractor.jsonl import atomic_bytes

    if output == "-":
        raise ExtractorError("--engine dask writes one part per partition: it needs an output file (-o FILE)")
    _require_dask()
    import dask
    import dask.bag as db
    from distributed import wait

    t0 = time.perf_counter()
    stats = BatchStats()
    folder = parts_dir(output)
    workers = options.workers or default_workers()
    total = estimate_total(inputs, options.ingest) if options.progress and sys.stderr.isatty() else None
    client, cluster = _client(options, workers)
    try:
        manifest = _PartManifest(folder, settings_of(options), options.partition_size, options.resume)
    except BaseException:
        client.close()
        if cluster is not None:
            cluster.close()
        raise
    n_parts = 0
    try:
        threads = max(1, sum(client.nthreads().values()))
        in_flight: dict = {}   # future -> partition index

        def finish(index: int, outcomes: list, bar, resumed_entry: dict | None = None) -> None:
            if resumed_entry is not None:
                stats.documents += resumed_entry["documents"]
                stats.resumed += resumed_entry["documents"]
                stats.statements += resumed_entry["records"]
                bar.update(resumed_entry["documents"])
                return
            manifest.add(index, outcomes)
            for o in outcomes:
                if o.ok:
                    stats.documents += 1
                    stats.statements += o.n_records
                else:
                    stats.failures += 1
                    msg = f"error: {o.error}"
                    stats.errors.append(msg)
                    bar.clear()
                    on_error(msg)
            bar.update(len(outcomes))
            bar.set_postfix(statements=stats.statements, refresh=False)

        def collect(bar, block_until: int) -> None:
            while len(in_flight) > block_until:
                done, _ = wait(list(in_flight), return_when="FIRST_COMPLETED")
                for fut in done:
                    index = in_flight.pop(fut)
                    finish(index, fut.result(), bar)
                    fut.release()

        def submit(wave: list[tuple[int, list]]) -> None:
            bag = db.from_delayed([dask.delayed(part, traverse=False) for _, part in wave])
            futures = client.compute(bag.map(process_document, model=options.model).to_delayed())
            for (index, _), fut in zip(wave, futures):
                in_flight[fut] = index

        with progress_bar(options.progress, total) as bar:
            wave: list[tuple[int, list]] = []
            for index, part in enumerate(_partitions(run_items(inputs, options.ingest), options.partition_size)):
                n_parts = index + 1
                entry = manifest.resumable(index, part) if options.resume else None
                if entry is not None:
                    finish(index, [], bar, resumed_entry=entry)
                    continue
                wave.append((index, part))
                if len(wave) >= threads:
                    submit(wave)
                    wave = []
                    collect(bar, block_until=2 * threads)
            if wave:
                submit(wave)
            collect(bar, block_until=0)
    except KeyboardInterrupt:
        from extractor.batchrun import BatchInterrupted

        stats.seconds = time.perf_counter() - t0
        raise BatchInterrupted(stats, resumable=True) from None
    finally:
        manifest.close()
        client.close()
        if cluster is not None:
            cluster.close()
    targets = [(".jsonl", output)] + ([(".documents.jsonl", options.documents_path)] if options.documents_path else [])
    for suffix, target in targets:
        with atomic_bytes(str(target)) as out:
            for index in range(n_parts):
                with open(folder / f"{part_name(index)}{suffix}", "rb") as src:
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
    stats.seconds = time.perf_counter() - t0
    return stats
