"""The Dask engine on a LocalCluster of two workers gives the local engine's records, part by part."""

from __future__ import annotations

import json
import logging

import pytest

from test_batch import make_corpus, run

pytest.importorskip("dask.bag", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two single-threaded worker processes, shared by the tests of this module."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("dask")
    return make_corpus(d / "corpus.jsonl", 10, lines_per_doc=6, bad_lines=True)


def test_dask_engine_writes_one_part_per_partition_and_the_local_records(cluster, corpus, tmp_path):
    local_errors: list[str] = []
    local = run([corpus], tmp_path / "local.jsonl", local_errors, workers=1, documents_path=str(tmp_path / "ld.jsonl"))
    errors: list[str] = []
    out = tmp_path / "dask.jsonl"
    stats = run([corpus], out, errors, engine="dask", scheduler=cluster.scheduler_address, partition_size=4,
                documents_path=str(tmp_path / "dd.jsonl"))
    assert (stats.documents, stats.statements, stats.failures) == (local.documents, local.statements, local.failures)
    assert sorted(errors) == sorted(local_errors) and len(errors) == 2
    assert out.read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "dd.jsonl").read_bytes() == (tmp_path / "ld.jsonl").read_bytes()
    parts = out.with_name(out.name + ".parts")
    # 12 inputs (10 documents and 2 bad lines) in partitions of 4
    assert sorted(p.name for p in parts.glob("part-*.jsonl") if "documents" not in p.name) == [
        "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    manifest = [json.loads(line) for line in (parts / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert manifest[0]["partition_size"] == 4
    assert sorted(e["partition"] for e in manifest[1:]) == [0, 1, 2]
    assert sum(e["records"] for e in manifest[1:]) == stats.statements
    with_workers = {w.get("nthreads") for w in cluster.scheduler_info["workers"].values()}
    assert len(cluster.scheduler_info["workers"]) == 2 and with_workers == {1}


def test_dask_resume_computes_only_the_partitions_that_are_missing_or_failed(cluster, corpus, tmp_path):
    out = tmp_path / "dask.jsonl"
    first = run([corpus], out, engine="dask", scheduler=cluster.scheduler_address, partition_size=4)
    assert first.failures == 2  # the bad lines are inputs 3 and 6: partitions 0 and 1 failed
    (corpus.parent / "fixed.jsonl").write_text("".join(
        line for line in corpus.read_text(encoding="utf-8").splitlines(keepends=True)
        if line.startswith('{"id": "0')), encoding="utf-8")
    corpus = corpus.parent / "fixed.jsonl"
    first = run([corpus], out, engine="dask", scheduler=cluster.scheduler_address, partition_size=4)
    assert first.failures == 0
    before = out.read_bytes()
    parts = out.with_name(out.name + ".parts")
    (parts / "part-00002.jsonl").unlink()  # as if the run had died before writing it
    errors: list[str] = []
    second = run([corpus], out, errors, engine="dask", scheduler=cluster.scheduler_address, partition_size=4,
                 resume=True)
    assert second.resumed == 8 and second.statements == first.statements and not errors
    assert out.read_bytes() == before


def test_cli_dask_engine_starts_its_own_local_cluster_without_an_address(tmp_path):
    from click.testing import CliRunner

    from extractor.cli import cli

    small = make_corpus(tmp_path / "small.jsonl", 3, lines_per_doc=3)
    local = run([small], tmp_path / "local.jsonl", workers=1)
    res = CliRunner().invoke(cli, ["extract", str(small), "-o", str(tmp_path / "d.jsonl"), "--engine", "dask",
                                   "--workers", "1", "--partition-size", "2"])
    assert res.exit_code == 0, res.output
    assert res.stderr.strip().splitlines()[-1].startswith(f"3 documents, {local.statements} statements, 0 failed")
    assert (tmp_path / "d.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
