"""The Dask engine on a LocalCluster of two workers gives the local engine's records, through the same journal."""

from __future__ import annotations

import json
import logging

import pytest

from test_batch import make_corpus, run

from extractor.batch.journal import work_paths

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


def test_dask_engine_writes_the_local_engines_records_and_summaries(cluster, corpus, tmp_path):
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
    # a failure keeps the journal, in the local engine's format: one line per input (12: 10 documents, 2 bad lines)
    entries = [json.loads(line) for line in work_paths(out)["manifest"].read_text(encoding="utf-8").splitlines()[1:]]
    assert len(entries) == 12 and sum(e["status"] == "failed" for e in entries) == 2
    assert sum(e["records"] for e in entries) == stats.statements
    with_workers = {w.get("nthreads") for w in cluster.scheduler_info["workers"].values()}
    assert len(cluster.scheduler_info["workers"]) == 2 and with_workers == {1}


def test_dask_resume_computes_only_the_documents_that_are_missing_or_failed(cluster, corpus, tmp_path):
    out = tmp_path / "dask.jsonl"
    first = run([corpus], out, engine="dask", scheduler=cluster.scheduler_address, partition_size=4)
    assert first.failures == 2 and work_paths(out)["manifest"].exists()  # kept: the failures can be retried
    errors: list[str] = []
    second = run([corpus], out, errors, engine="dask", scheduler=cluster.scheduler_address, partition_size=4,
                 resume=True)
    assert second.resumed == 10 and second.failures == 2 and second.statements == first.statements


def test_a_local_run_resumes_on_dask_with_the_same_journal(cluster, corpus, tmp_path):
    out = tmp_path / "mixed.jsonl"
    first = run([corpus], out, workers=1)  # the two bad lines keep the journal
    assert first.failures == 2
    second = run([corpus], out, engine="dask", scheduler=cluster.scheduler_address, partition_size=4, resume=True)
    assert second.resumed == 10 and second.statements == first.statements


def test_dask_engine_streams_to_stdout_in_input_order(cluster, corpus, tmp_path, capsys):
    local = tmp_path / "local.jsonl"
    run([corpus], local, workers=1)
    capsys.readouterr()
    run([corpus], "-", engine="dask", scheduler=cluster.scheduler_address, partition_size=3)
    assert capsys.readouterr().out.encode("utf-8") == local.read_bytes()


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
