"""JSONL output that is written atomically: a temporary file in the same folder, then a rename.

An interrupted run never leaves a half-written file at the destination. ``-`` writes to
stdout. Vietnamese text is kept as is (``ensure_ascii=False``).
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import jsonlines


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class _Writer:
    def __init__(self, fh):
        self._writer = jsonlines.Writer(fh, dumps=_dumps, flush=False)
        self.count = 0

    def write(self, obj: dict) -> None:
        self._writer.write(obj)
        self.count += 1

    def write_all(self, objs: Iterable[dict]) -> None:
        for obj in objs:
            self.write(obj)


@contextmanager
def atomic_bytes(path: str | Path) -> Iterator:
    """A binary file written to a temporary file beside ``path``, then renamed (``-`` = stdout)."""
    if str(path) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for a library that writes files itself (SQLite, openpyxl);
    renamed to ``path`` when the block ends without an error, removed otherwise."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)  # the library creates the file
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            try:
                os.unlink(leftover)
            except FileNotFoundError:
                pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_jsonl(path: str | Path) -> Iterator[_Writer]:
    """Write JSON lines to ``path`` atomically (or to stdout for ``-``)."""
    if str(path) == "-":
        writer = _Writer(sys.stdout)
        yield writer
        sys.stdout.flush()
        return
    with atomic_bytes(path) as raw:
        fh = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        yield _Writer(fh)
        fh.flush()
        fh.detach()  # the binary file is closed by atomic_bytes


class JsonlError(ValueError):
    """A JSONL file has a line that is not a JSON object. The message names the file and the line."""


def read_records(path: str | Path) -> list[dict]:
    """The JSON objects of a JSONL file; a bad line raises :class:`JsonlError` naming the file and line."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise JsonlError(f"{path}: line {lineno} is not JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise JsonlError(f"{path}: line {lineno} is not a JSON object")
            out.append(obj)
    return out
