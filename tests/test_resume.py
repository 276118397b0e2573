"""Resume: a batch killed with SIGKILL mid-way, then resumed, writes exactly what a clean run writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch.journal import Journal, work_paths
from test_batch import make_corpus, run

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def _manifest_entries(path: Path) -> int:
    try:
        return max(0, path.read_bytes().count(b"\n") - 1)  # minus the header
    except FileNotFoundError:
        return 0


def _kill_midway(args: list[str], manifest: Path, after: int, timeout: float = 120) -> None:
    """Start ``extractor extract`` in its own process group; SIGKILL it once ``after`` documents are done."""
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "extract", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while _manifest_entries(manifest) < after:
            if proc.poll() is not None:
                pytest.fail(f"the batch ended before it could be killed: {proc.stderr.read().decode()}")
            if time.monotonic() > deadline:
                pytest.fail("the batch made no progress")
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, like kill -9 of the whole job
        proc.wait()
        proc.stderr.close()


def test_sigkill_then_resume_equals_a_clean_run(tmp_path, workers=2):
    corpus = make_corpus(tmp_path / "corpus.jsonl", 40, lines_per_doc=4)
    out = tmp_path / "out.jsonl"
    docs = tmp_path / "docs.jsonl"
    args = [str(corpus), "-o", str(out), "--documents", str(docs), "-w", str(workers)]
    _kill_midway(args, work_paths(out)["manifest"], after=8)
    assert not out.exists()  # the output is only ever written whole
    done_before = _manifest_entries(work_paths(out)["manifest"])
    assert 8 <= done_before < 40, "killed too late to test anything"

    res = subprocess.run([sys.executable, "-m", "extractor", "extract", *args, "--resume"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    summary = res.stderr.strip().splitlines()[-1]
    assert summary.startswith("40 documents, ") and "resumed from the manifest" in summary
    resumed = int(summary.rsplit("(", 1)[1].split()[0])
    assert resumed >= done_before - 1  # the last manifest line may have been torn by the kill

    clean = run([corpus], tmp_path / "clean.jsonl", workers=1, documents_path=str(tmp_path / "clean-docs.jsonl"))
    assert clean.failures == 0
    assert out.read_bytes() == (tmp_path / "clean.jsonl").read_bytes()
    assert docs.read_bytes() == (tmp_path / "clean-docs.jsonl").read_bytes()
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids))  # nothing twice
    assert not any(p.exists() for p in work_paths(out).values())


def test_a_torn_manifest_line_and_unrecorded_records_are_dropped(tmp_path):
    """What a kill between writing records and writing their manifest line leaves behind."""
    corpus = make_corpus(tmp_path / "corpus.jsonl", 6, lines_per_doc=4)
    out = tmp_path / "out.jsonl"
    paths = work_paths(out)
    clean = run([corpus], tmp_path / "clean.jsonl", workers=1)
    # simulate a crash: a finished run's work files, then garbage appended to every one of them
    from extractor.batch import BatchOptions, settings_of

    settings = settings_of(BatchOptions())
    with Journal(out, settings) as journal:
        from extractor.engines import map_local
        from extractor.ingest import iter_documents

        for i, outcome in enumerate(map_local(iter_documents([str(corpus)]))):
            if i == 3:
                break
            journal.add(outcome)
    with open(paths["records"], "ab") as fh:
        fh.write(b'{"half a record')
    with open(paths["manifest"], "ab") as fh:
        fh.write(b'{"id": "torn')
    stats = run([corpus], out, workers=1, resume=True)
    assert (stats.resumed, stats.documents, stats.failures) == (3, 6, 0)
    assert stats.statements == clean.statements
    assert out.read_bytes() == (tmp_path / "clean.jsonl").read_bytes()


def test_a_second_run_on_the_same_output_is_refused_while_the_first_runs(tmp_path):
    out = tmp_path / "out.jsonl"
    from extractor.batch import BatchOptions, settings_of
    from extractor.batch.journal import ManifestError

    settings = settings_of(BatchOptions())
    with Journal(out, settings):
        with pytest.raises(ManifestError, match="another extractor run"):
            with Journal(out, settings, resume=True):
                pass


def test_ctrl_c_exits_130_and_keeps_the_work_for_resume(tmp_path):
    corpus = make_corpus(tmp_path / "corpus.jsonl", 400, lines_per_doc=4)  # enough to be mid-run at the signal
    out = tmp_path / "out.jsonl"
    manifest = work_paths(out)["manifest"]
    proc = subprocess.Popen([sys.executable, "-m", "extractor", "extract", str(corpus), "-o", str(out), "-w", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while _manifest_entries(manifest) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1].startswith("interrupted after ") and "--resume" in err
    assert not out.exists() and _manifest_entries(manifest) >= 3
