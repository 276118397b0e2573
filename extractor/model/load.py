"""Reading a model directory: checksums, trusted skops types, library versions, the runtime file.

Files are loaded only if every type they contain is in :data:`TRUSTED_TYPES`; anything else is
refused with a :class:`~extractor.errors.ModelError`. Nothing is ever unpickled.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from functools import lru_cache
from pathlib import Path

from extractor.errors import ModelError
from extractor.model.paths import FORMAT_VERSION, META_FILE, TOPICS_FILE, resolve_model_path
from extractor.model.runtime import Model
from extractor.model.versions import ModelVersionWarning, version_differences

# The types a model file may hold beyond those skops trusts by default: exactly what
# skops.io.get_untrusted_types() reports for the shipped files (the first four; a test checks
# it), plus the constant predictor one-vs-rest uses for a label without training examples
# (small exports). Loading refuses any other type.
TRUSTED_TYPES = (
    "extractor.features.char_text",
    "extractor.features.word_tokens",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.multiclass._ConstantPredictor",
)


class RuntimeFileWarning(UserWarning):
    """A model's runtime file could not be used; its skops pipelines predict instead."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_skops(path: Path, trusted: tuple[str, ...] = TRUSTED_TYPES):
    """Load a skops file if every type it holds is in ``trusted``; ModelError otherwise.

    ``skops.io.load`` itself checks the file's types against the explicit list (the list was
    built from ``skops.io.get_untrusted_types`` of the shipped model, see the tests), so
    the file is parsed once."""
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    if not path.is_file():
        raise ModelError(f"{path}: model file missing")
    try:
        return sio.load(path, trusted=list(trusted))
    except UntrustedTypesFoundException as exc:
        try:
            refused = sorted(set(sio.get_untrusted_types(file=path)) - set(trusted))
        except Exception:  # noqa: BLE001
            refused = [str(exc)]
        raise ModelError(f"{path}: refusing to load untrusted types: {', '.join(refused)}") from exc
    except Exception as exc:  # noqa: BLE001 - a corrupt file can fail in many ways
        raise ModelError(f"{path}: not a readable skops model file ({type(exc).__name__}: {exc})") from exc


def read_meta(path: Path) -> dict:
    """A model directory's meta.json, checked: format, label set (at least two), a threshold per label."""
    f = path / META_FILE
    if not path.is_dir():
        raise ModelError(f"{path}: model directory not found (train one with `extractor train --out {path}`)")
    if not f.is_file():
        raise ModelError(f"{f}: missing (a model directory holds {META_FILE} and {TOPICS_FILE})")
    try:
        meta = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{f}: unreadable model metadata ({exc})") from exc
    if not isinstance(meta, dict) or not isinstance(meta.get("thresholds"), dict):
        raise ModelError(f"{f}: model metadata without thresholds")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{f}: model format {meta.get('format_version')!r}, this extractor reads {FORMAT_VERSION}")
    labels = meta.get("labels")
    if (not isinstance(labels, list) or len(labels) < 2 or len(set(labels)) != len(labels)
            or not all(isinstance(l, str) and l for l in labels)):
        raise ModelError(f"{f}: the model's labels must be a list of at least two distinct names, got {labels!r}")
    missing = [l for l in labels if not isinstance(meta["thresholds"].get(l), (int, float))]
    if missing:
        raise ModelError(f"{f}: no threshold for the label(s) {', '.join(missing)}")
    return meta


def load_model(path: str | Path | None = None, *, kind: bool = True) -> Model:
    """Load a model directory (default: :func:`~extractor.model.paths.resolve_model_path`).
    Warns on version mismatch.

    With a runtime file (written by :func:`~extractor.model.save.save_model`) the model predicts
    with it and the skops pipelines are loaded only when asked for (``model.topics`` / ``model.kind``)."""
    path = resolve_model_path(path).resolve()
    meta = read_meta(path)
    files = meta.get("files") or {}
    for key in ("topics", "kind", "runtime"):
        entry = files.get(key)
        if entry and entry.get("sha256") and (path / entry["path"]).is_file():
            if sha256_of(path / entry["path"]) != entry["sha256"]:
                raise ModelError(f"{path / entry['path']}: checksum differs from {META_FILE} (corrupt or replaced file)")
    diffs = version_differences(meta.get("versions") or {})
    if diffs:
        warnings.warn(f"model {path} was built with {', '.join(diffs)}; predictions may differ. "
                      f"Retrain it with `extractor train --out {path}`.", ModelVersionWarning, stacklevel=2)
    labels = tuple(meta["labels"])
    thresholds = {l: float(meta["thresholds"][l]) for l in labels}
    skops_files = {"topics": files.get("topics", {}).get("path") or TOPICS_FILE}
    if kind and "kind" in files:
        skops_files["kind"] = files["kind"]["path"]

    def load_pipeline(name: str):
        pipe = load_skops(path / skops_files[name])
        if not hasattr(pipe, "predict_proba"):
            raise ModelError(f"{path / skops_files[name]}: not a classifier pipeline")
        return pipe

    runtime = _load_runtime(path, files, set(skops_files))
    if runtime is not None:
        return Model(None, thresholds, None, meta, path, labels=labels, topics_run=runtime["topics"],
                     kind_run=runtime.get("kind") if "kind" in skops_files else None, loader=load_pipeline)
    topics = load_pipeline("topics")
    kind_pipe = load_pipeline("kind") if "kind" in skops_files else None
    model = Model(topics, thresholds, kind_pipe, meta, path, labels=labels)
    model.use_fast_path()
    return model


def _load_runtime(path: Path, files: dict, wanted: set[str]) -> dict | None:
    """The runtime predictors of a model directory, or None (no file, or unusable: warned)."""
    from extractor.fastlinear import RuntimeFileError, load_runtime

    entry = files.get("runtime")
    if not entry:
        return None
    f = path / entry["path"]
    try:
        runtime = load_runtime(f)
    except RuntimeFileError as exc:
        warnings.warn(f"{f}: {exc}; predicting with the skops pipelines instead", RuntimeFileWarning, stacklevel=3)
        return None
    if not wanted <= set(runtime):
        warnings.warn(f"{f}: holds {sorted(runtime)}, not {sorted(wanted)}; predicting with the skops pipelines "
                      "instead", RuntimeFileWarning, stacklevel=3)
        return None
    return runtime


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> Model:
    return load_model(path)


def cached_model(path: str | Path | None = None) -> Model:
    """:func:`load_model`, cached per directory (and meta.json mtime)."""
    p = resolve_model_path(path).resolve()
    try:
        mtime = (p / META_FILE).stat().st_mtime
    except OSError:
        mtime = -1.0
    return _cached(str(p), mtime)
