"""Batch processing: same output whatever the number of workers, streaming, corpus input, errors, work files."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.batch import BatchOptions, run_batch
from extractor.cli import cli
from extractor.engines import Outcome, chunks, map_local
from extractor.ingest import IngestOptions
from extractor.batch.journal import work_paths
from extractor.records import validation_errors

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


def make_corpus(path: Path, n_docs: int, lines_per_doc: int = 12, *, bad_lines: bool = False) -> Path:
    """A JSONL corpus of ``n_docs`` small documents cut from the samples (whole lines, in order)."""
    pieces = []
    for sample in sorted(SAMPLES.glob("*.txt")):
        lines = sample.read_text(encoding="utf-8").splitlines()
        for i in range(0, len(lines), lines_per_doc):
            text = "\n".join(lines[i:i + lines_per_doc]).strip()
            if text:
                pieces.append((f"{sample.stem}-{i // lines_per_doc}", text))
    rows = []
    for n in range(n_docs):
        pid, text = pieces[n % len(pieces)]
        rows.append(json.dumps({"id": f"{n:04d}-{pid}", "text": text}, ensure_ascii=False))
    if bad_lines:
        rows.insert(2, "{not json")
        rows.insert(5, json.dumps({"id": "no-text"}))
    data = "\n".join(rows) + "\n"
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def run(inputs, output, errors=None, **kw) -> object:
    ingest = kw.pop("ingest", IngestOptions())
    return run_batch([str(i) for i in inputs], str(output), BatchOptions(ingest=ingest, progress=False, **kw),
                     on_error=(errors.append if errors is not None else None))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The samples plus one empty file (which must fail alone)."""
    d = tmp_path_factory.mktemp("inputs")
    for p in sorted(SAMPLES.glob("*.txt"))[:4]:
        (d / p.name).write_bytes(p.read_bytes())
    (d / "empty.txt").write_text("", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def sequential(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("seq")
    errors: list[str] = []
    stats = run([inputs], out / "records.jsonl", errors, workers=1, documents_path=str(out / "docs.jsonl"))
    return stats, errors, (out / "records.jsonl").read_bytes(), (out / "docs.jsonl").read_bytes()


def test_sequential_run_writes_valid_records_and_reports_the_bad_file_once(sequential, inputs):
    stats, errors, records, docs = sequential
    assert stats.documents == 4 and stats.failures == 1
    assert len(errors) == 1 and "empty.txt" in errors[0] and "empty file" in errors[0]
    recs = [json.loads(line) for line in records.decode("utf-8").splitlines()]
    assert len(recs) == stats.statements > 0
    assert all(not validation_errors(r) for r in recs)
    summaries = [json.loads(line) for line in docs.decode("utf-8").splitlines()]
    names = sorted(p.name for p in inputs.iterdir())  # summaries come in input (sorted path) order
    assert len(summaries) == 5 and summaries[names.index("empty.txt")]["errors"] == ["empty file"]
    ids = [s["doc_id"] for s in summaries]
    assert [r["doc_id"] for r in recs] == sorted((r["doc_id"] for r in recs), key=ids.index)


def test_two_workers_give_the_same_output_in_the_same_order(sequential, inputs, tmp_path):
    _, _, records, docs = sequential
    errors: list[str] = []
    stats = run([inputs], tmp_path / "r.jsonl", errors, workers=2, documents_path=str(tmp_path / "d.jsonl"))
    assert (tmp_path / "r.jsonl").read_bytes() == records
    assert (tmp_path / "d.jsonl").read_bytes() == docs
    assert stats.failures == 1 and len(errors) == 1


def test_stdout_output_is_streamed_and_identical(sequential, inputs, capsys):
    _, _, records, _ = sequential
    stats = run([inputs], "-", workers=2)
    assert capsys.readouterr().out.encode("utf-8") == records
    assert stats.failures == 1


def test_work_files_are_removed_after_a_clean_run_and_kept_when_inputs_failed(sequential, inputs, tmp_path):
    one = SAMPLES / "tiep-xuc-cu-tri-quan.txt"
    run([one], tmp_path / "ok.jsonl", workers=1)
    assert not any(p.exists() for p in work_paths(tmp_path / "ok.jsonl").values())
    run([inputs], tmp_path / "bad.jsonl", workers=1)
    assert all(p.exists() for p in work_paths(tmp_path / "bad.jsonl").values())


def test_resume_after_a_failure_processes_only_the_failed_input(inputs, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(SAMPLES.glob("*.txt"))[:3]:
        (src / p.name).write_bytes(p.read_bytes())
    broken = src / "zz-late.txt"
    broken.write_text("", encoding="utf-8")
    first = run([src], tmp_path / "out.jsonl", workers=1)
    assert first.failures == 1
    broken.write_text((SAMPLES / "tiep-xuc-cu-tri-quan.txt").read_text(encoding="utf-8"), encoding="utf-8")
    errors: list[str] = []
    second = run([src], tmp_path / "out.jsonl", errors, workers=1, resume=True)
    assert (second.failures, second.resumed, second.documents) == (0, 3, 4) and not errors
    clean = run([src], tmp_path / "clean.jsonl", workers=1)
    assert clean.failures == 0
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "clean.jsonl").read_bytes()


def test_jsonl_and_gzip_corpora_give_the_same_records_with_one_error_per_bad_line(tmp_path):
    plain = make_corpus(tmp_path / "c.jsonl", 6, bad_lines=True)
    gz = make_corpus(tmp_path / "c.jsonl.gz", 6, bad_lines=True)
    e1: list[str] = []
    e2: list[str] = []
    s1 = run([plain], tmp_path / "a.jsonl", e1, workers=1)
    s2 = run([gz], tmp_path / "b.jsonl", e2, workers=2)
    assert s1.documents == s2.documents == 6 and s1.failures == s2.failures == 2
    assert [e.replace(".gz", "") for e in e2] == e1
    assert any("c.jsonl:3" in e and "not JSON" in e for e in e1)
    assert any("c.jsonl:6" in e and "'text'" in e for e in e1)
    a = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    b = [json.loads(x) for x in (tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()]
    strip = lambda r: {**r, "source": {**r["source"], "path": r["source"]["path"].replace(".gz", "")}}  # noqa: E731
    assert a and [strip(r) for r in b] == a


def test_map_local_keeps_a_bounded_window_in_flight(tmp_path):
    from extractor.ingest import iter_documents

    make_corpus(tmp_path / "c.jsonl", 30, lines_per_doc=1)
    pulled = 0
    max_ahead = 0
    yielded = 0

    def stream():
        nonlocal pulled
        for doc in iter_documents([str(tmp_path / "c.jsonl")]):
            pulled += 1
            yield doc

    for outcome in map_local(stream(), workers=2, window=3):
        yielded += 1
        max_ahead = max(max_ahead, pulled - yielded)
        assert isinstance(outcome, Outcome) and outcome.ok
    assert yielded == 30
    assert max_ahead <= 3 * 8 + 8  # window chunks of at most 8 documents, plus the chunk being read


def test_every_worker_starts_and_warms_up_before_the_first_chunk():
    import os

    from extractor.engines import _POOLS, _ready, start_workers

    start_workers(2)
    pool = _POOLS[(2, None)]
    assert len(pool._processes) == 2  # both started, not one now and one at the second chunk
    pids = {pool.submit(_ready, 0.3).result() for _ in range(2)} | {f.result() for f in
                                                                    [pool.submit(_ready, 0.3) for _ in range(2)]}
    assert pids <= set(pool._processes) and os.getpid() not in pids


def test_chunks_cut_by_count_and_by_text_size():
    from extractor.document import Document

    docs = [Document(id=str(i), text="x" * 30_000, path=str(i), format="txt", sha256=str(i)) for i in range(5)]
    assert [len(c) for c in chunks(docs, max_docs=8, max_chars=50_000)] == [2, 2, 1]
    assert [len(c) for c in chunks(range(10), max_docs=4)] == [4, 4, 2]


# --------------------------------------------------------------------------- the CLI


def test_cli_summary_line_exit_codes_and_no_bar_when_not_a_terminal(inputs, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["extract", str(SAMPLES / "tiep-xuc-cu-tri-quan.txt"), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 0, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("1 documents, ") and " 0 failed, " in lines[0]
    res = runner.invoke(cli, ["extract", str(inputs), "-o", str(tmp_path / "o.jsonl"), "-w", "2", "-q"])
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines() == [f"error: {inputs / 'empty.txt'}: empty file"]


@pytest.mark.parametrize("args, hint", [
    (["--resume", "-o", "-"], "--resume"),
    (["--scheduler", "tcp://127.0.0.1:1", "-o", "x.jsonl"], "--scheduler"),
    (["--workers", "0"], "--workers"),
])
def test_cli_usage_errors_exit_2(args, hint):
    res = CliRunner().invoke(cli, ["extract", str(SAMPLES / "tiep-xuc-cu-tri-quan.txt"), *args])
    assert res.exit_code == 2 and hint in res.output


def test_resume_refuses_a_manifest_written_with_other_settings(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text((SAMPLES / "tiep-xuc-cu-tri-quan.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (src / "b.txt").write_text("", encoding="utf-8")  # a failure keeps the manifest
    out = tmp_path / "o.jsonl"
    runner = CliRunner()
    assert runner.invoke(cli, ["extract", str(src), "-o", str(out), "-q", "-w", "1"]).exit_code == 1
    res = runner.invoke(cli, ["extract", str(src), "-o", str(out), "-q", "-w", "1", "--resume", "--max-mb", "1"])
    assert res.exit_code == 2 and "other settings" in res.stderr and "max_bytes" in res.stderr


def test_help_imports_no_heavy_module():
    code = ("import sys; from extractor.cli import cli\n"
            "try:\n    cli(['extract', '--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('spacy', 'sklearn', 'underthesea', 'dask', 'distributed', 'torch') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_renewing_the_pipeline_every_few_documents_changes_no_record(sequential, inputs, tmp_path, monkeypatch):
    import extractor.engines as engines

    _, _, records, _ = sequential
    monkeypatch.setattr(engines, "RENEW_EVERY", 2)
    run([inputs], tmp_path / "r.jsonl", workers=1)
    assert (tmp_path / "r.jsonl").read_bytes() == records


@pytest.mark.parametrize("output_name", ["records.jsonl", "sub/records.jsonl"])
def test_an_output_inside_an_input_folder_is_never_read_back_as_an_input(tmp_path, output_name):
    """The journal's work files (records.jsonl.partial, .manifest.jsonl) appear in the folder being read."""
    from extractor.batch import BatchOptions, run_batch

    (tmp_path / "bien-ban.txt").write_text("Cử tri phường 5 đề nghị sửa đường Lê Lợi.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    out = tmp_path / output_name
    out.write_text("", encoding="utf-8")  # a previous run's output, in the folder
    errors = []
    stats = run_batch([str(tmp_path)], str(out), BatchOptions(progress=False, workers=1), on_error=errors.append)
    assert (stats.documents, stats.failures, errors) == (1, 0, [])
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
