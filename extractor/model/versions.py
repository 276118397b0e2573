"""The library versions a model was built with, and the differences from the installed ones."""

from __future__ import annotations

import platform


class ModelVersionWarning(UserWarning):
    """The model was built with other library versions than the ones installed."""


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    import extractor

    out = {"python": platform.python_version(), "extractor": extractor.__version__}
    for dist in ("scikit-learn", "skops", "numpy", "scipy", "underthesea"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


def version_differences(built: dict) -> list[str]:
    """Libraries whose installed version differs from the one a model was built with
    (scikit-learn and skops: any difference; others: major.minor)."""
    now = library_versions()
    out = []
    for lib in ("scikit-learn", "skops", "numpy", "scipy", "underthesea"):
        a, b = built.get(lib), now.get(lib)
        if not a or not b:
            continue
        if lib in ("scikit-learn", "skops"):
            differ = a != b
        else:
            differ = a.split(".")[:2] != b.split(".")[:2]
        if differ:
            out.append(f"{lib} {a} (installed: {b})")
    return out
