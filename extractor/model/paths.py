"""Where models live: the shipped ones are package data (``extractor.shipped_models``, the
repository's ``models/`` folder), found through :mod:`importlib.resources`, so an installed wheel
finds them as a source checkout does."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

FORMAT_VERSION = 1  # the layout of a model directory
TOPICS_FILE = "topics.skops"
KIND_FILE = "kind.skops"
RUNTIME_FILE = "runtime.npz"
META_FILE = "meta.json"
CARD_FILE = "MODEL_CARD.md"
DEFAULT_NAME = "topics-v1"
STATEMENTS_NAME = "statements-v1"
ENV_VAR = "EXTRACTOR_MODEL"


def repo_root() -> Path:
    """The source checkout's root (data/, models/ ...); only meaningful in a checkout."""
    import extractor

    return Path(extractor.__file__).resolve().parents[1]


def shipped_model_path(name: str) -> Path:
    """The directory of a model shipped with the package (``models/<name>`` in a checkout)."""
    try:
        root = resources.files("extractor.shipped_models")
    except ModuleNotFoundError:  # a source tree put on sys.path, not installed: models/ beside the package
        return repo_root() / "models" / name
    return Path(str(root.joinpath(name)))


def default_model_path() -> Path:
    return shipped_model_path(DEFAULT_NAME)


def resolve_model_path(model: str | Path | None = None) -> Path:
    """The model directory: ``model`` if given, else ``$EXTRACTOR_MODEL``, else the shipped one."""
    if model:
        return Path(model)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return default_model_path()
