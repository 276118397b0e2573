"""Real text: a slice of the news corpus (../shared/corpus) goes through the CLI with two workers.

The whole corpus (12,556 articles) is run by ``bench/run.py --full``; here a few dozen articles
keep the test short. Skipped when ../shared is absent (users' clones).
"""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.ingest import IngestOptions, iter_documents
from extractor.records import validation_errors

SHARED_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "vntc_chinhtri_xahoi.jsonl"


@pytest.fixture(scope="module")
def corpus_slice(tmp_path_factory):
    if not SHARED_CORPUS.exists():
        pytest.skip(f"{SHARED_CORPUS} is absent: ../shared only exists in the development workspace")
    # the articles that mention a recommendation, so that there are statements to check
    with open(SHARED_CORPUS, encoding="utf-8") as fh:
        lines = [line for line in itertools.islice(fh, 2000) if "kiến nghị" in line or "đề nghị" in line][:24]
    path = tmp_path_factory.mktemp("corpus") / "slice.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(lines)
    return path


def test_corpus_slice_runs_with_two_workers_and_every_record_is_valid_and_exact(corpus_slice, tmp_path):
    out = tmp_path / "records.jsonl"
    res = CliRunner().invoke(cli, ["extract", str(corpus_slice), "--input-format", "jsonl", "-o", str(out),
                                   "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert res.stderr.strip().splitlines()[-1].startswith("24 documents, ")
    texts = {d.id: d.text for d in iter_documents([str(corpus_slice)], IngestOptions(input_format="jsonl"))}
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records, "no statement found in 24 articles that mention recommendations"
    for r in records:
        assert not validation_errors(r), r
        assert texts[r["doc_id"]][r["start"]:r["end"]] == r["text"]
    assert [r["doc_id"] for r in records] == sorted((r["doc_id"] for r in records), key=list(texts).index)
