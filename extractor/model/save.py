"""Writing a model directory: skops pipelines, the runtime arrays and meta.json (the label set,
thresholds, file checksums, library versions)."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import numpy as np

from extractor.labels import KINDS
from extractor.model.load import sha256_of
from extractor.model.paths import FORMAT_VERSION, KIND_FILE, META_FILE, RUNTIME_FILE, TOPICS_FILE
from extractor.model.runtime import PROBES, Model
from extractor.model.versions import library_versions


def runtime_bytes(model: Model) -> bytes | None:
    """The runtime file of ``model`` (its numpy form, see :mod:`extractor.fastlinear`), or None
    when some pipeline has no exact numpy form."""
    from extractor.fastlinear import LinearProba, dump_runtime, fast_proba

    pipes = {"topics": model.topics}
    if model.kind is not None:
        pipes["kind"] = model.kind
    predictors, expected = {}, {}
    for name, pipe in pipes.items():
        fast = fast_proba(pipe, PROBES)
        if not isinstance(fast, LinearProba):
            return None
        predictors[name] = fast
        expected[name] = np.asarray(pipe.predict_proba(PROBES), dtype=float)
    return dump_runtime(predictors, PROBES, expected)


def _replace_or_remove(out: Path, name: str, data: bytes | None) -> bool:
    from extractor.jsonl import atomic_bytes

    if data is None:
        if (out / name).exists():
            (out / name).unlink()
        return False
    with atomic_bytes(out / name) as fh:
        fh.write(data)
    return True


def save_model(model: Model, out: str | Path) -> Path:
    """Write the skops files, the runtime file and meta.json into ``out`` (created if needed)."""
    import skops.io as sio

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {"topics": TOPICS_FILE}
    sio.dump(model.topics, out / TOPICS_FILE, compression=8)
    if model.kind is not None:
        sio.dump(model.kind, out / KIND_FILE, compression=8)
        files["kind"] = KIND_FILE
    elif (out / KIND_FILE).exists():
        (out / KIND_FILE).unlink()
    if _replace_or_remove(out, RUNTIME_FILE, runtime_bytes(model)):
        files["runtime"] = RUNTIME_FILE
    meta = dict(model.meta)
    meta.update({
        "name": meta.get("name") or out.name,
        "format_version": FORMAT_VERSION,
        "labels": list(model.labels),
        "kinds": list(KINDS) if model.kind is not None else [],
        "thresholds": model.thresholds,
        "fallback": model.fallback,
        "files": {k: {"path": v, "sha256": sha256_of(out / v), "bytes": (out / v).stat().st_size}
                  for k, v in files.items()},
    })
    meta.setdefault("versions", library_versions())
    meta.setdefault("created", _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat())
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    model.meta, model.path = meta, out
    return out
