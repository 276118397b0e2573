"""Shared fixtures: the pipeline is built once per session; paths to samples, gold and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "data" / "samples"
GOLD = ROOT / "data" / "gold"
SHARED = ROOT.parent / "shared"
SEED = "hcmc-ward-chairs-2023"


def require_shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test when the shared folder is absent (users' clones)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared only exists in the development workspace")
    return path


@pytest.fixture(scope="session")
def extractor():
    """One Extractor (spaCy pipeline with underthesea) for the whole session.

    Without a topic model (a clone where none was trained yet) the pipeline runs without
    the topic component, so the segmentation, statement and offset tests still run; the
    CLI and schema tests, which use the default pipeline, then report the missing model.
    """
    import warnings

    from extractor.errors import ModelError
    from extractor.pipeline import Extractor

    try:
        return Extractor()
    except ModelError as exc:
        warnings.warn(f"no topic model ({exc}): the shared test pipeline runs without topics")
        try:
            return Extractor(topics=False)
        except ModelError as again:
            pytest.fail(f"cannot build the pipeline without its model: {again}")


@pytest.fixture(scope="session")
def nlp(extractor):
    return extractor.nlp


@pytest.fixture(scope="session")
def tokenizer(extractor):
    return extractor.nlp.tokenizer


@pytest.fixture(scope="session")
def sample_results(extractor):
    """Records and documents of every sample, extracted once: {stem: Result}."""
    from extractor.ingest import read_document

    return {p.stem: extractor.process(read_document(p)) for p in sorted(SAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def samples_extracted(tmp_path_factory):
    """`extractor extract data/samples --documents ...` run once through the CLI entry point: the records
    and document summaries files."""
    from click.testing import CliRunner

    from extractor.cli import cli

    out = tmp_path_factory.mktemp("samples-extracted")
    rec, docs = out / "records.jsonl", out / "documents.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(SAMPLES), "-o", str(rec), "--documents", str(docs), "-q", "-w", "1"])
    assert result.exit_code == 0, result.output
    return rec, docs


@pytest.fixture(scope="session")
def seed_text():
    return (SAMPLES / f"{SEED}.txt").read_text(encoding="utf-8")
