"""The command line: outputs, stdin, exit codes, one error line per bad input, atomic writes, help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.records import DOCUMENT_SCHEMA, validation_errors

from conftest import FIXTURES, ROOT, SAMPLES, SEED

SEED_PATH = SAMPLES / f"{SEED}.txt"
TRANSCRIPT = SAMPLES / "phien-thao-luan-hdnd-tinh.txt"


def run(*args, input=None):
    """Invoke the CLI in-process; `extract` runs with one worker (no process pool) to stay fast."""
    args = [str(a) for a in args]
    if args[:1] == ["extract"] and "-w" not in args:
        args += ["-w", "1"]
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- extract


def test_extract_to_a_file_with_document_summaries(tmp_path):
    out, docs = tmp_path / "out" / "records.jsonl", tmp_path / "documents.jsonl"
    result = run("extract", SEED_PATH, TRANSCRIPT, "-o", out, "--documents", docs, "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == ""
    records = lines_of(out)
    assert {r["doc_id"] for r in records} == {SEED, TRANSCRIPT.stem}
    summaries = lines_of(docs)
    assert [s["doc_id"] for s in summaries] == [SEED, TRANSCRIPT.stem]
    assert all(validation_errors(s, DOCUMENT_SCHEMA) == [] for s in summaries)
    # a successful run leaves exactly its outputs: no temporary or journal files
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["documents.jsonl", "out", "records.jsonl"]


def test_legacy_conversion_is_noted_in_the_document_summary(tmp_path):
    out, docs = tmp_path / "r.jsonl", tmp_path / "d.jsonl"
    result = run("extract", FIXTURES / "tcvn3.txt", FIXTURES / "vni.txt", "-o", out, "--documents", docs, "-q")
    assert result.exit_code == 0, result.output
    notes = {s["doc_id"]: s["notes"] for s in lines_of(docs)}
    assert any("TCVN3" in n for n in notes["tcvn3"]) and any("VNI" in n for n in notes["vni"])
    for r in lines_of(out):  # offsets refer to the converted text
        from extractor.ingest import read_document

        assert read_document(r["source"]["path"]).text[r["start"]:r["end"]] == r["text"]


def test_extract_to_stdout_keeps_vietnamese_characters(tmp_path):
    result = run("extract", SEED_PATH, "-o", "-", "-q")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(r["doc_id"] == SEED for r in records)
    assert "kiến nghị" in result.stdout  # ensure_ascii=False
    assert "\\u" not in result.stdout


def test_extract_summary_line_on_stderr_unless_quiet(tmp_path):
    result = run("extract", SEED_PATH, "-o", tmp_path / "r.jsonl")
    assert result.exit_code == 0
    assert "1 documents" in result.stderr and "0 failed" in result.stderr


def test_extract_reads_stdin_dash(tmp_path):
    text = SEED_PATH.read_text(encoding="utf-8")
    out = tmp_path / "one.jsonl"
    result = run("extract", "-", "-o", out, "-q", input=text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    records = lines_of(out)
    assert records and {r["doc_id"] for r in records} == {"stdin"}
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]


def test_extract_jsonl_corpus_with_custom_fields(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"ma": "bai-1", "noi_dung": "Cử tri phường 7 đề nghị quận sớm sửa chữa đường số 12. "
                                  "Ông Minh cho biết quận sẽ khởi công trong quý II."}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    out = tmp_path / "r.jsonl"
    result = run("extract", corpus, "--id-field", "ma", "--text-field", "noi_dung", "-o", out, "-q")
    assert result.exit_code == 0, result.output
    assert {r["doc_id"] for r in lines_of(out)} == {"bai-1"}


def test_bad_inputs_get_one_stderr_line_each_and_exit_1(tmp_path):
    out, docs = tmp_path / "r.jsonl", tmp_path / "d.jsonl"
    missing = tmp_path / "khong-co.txt"
    bad = [missing, FIXTURES / "empty.txt", FIXTURES / "binary.txt", FIXTURES / "fake.docx"]
    result = run("extract", SEED_PATH, *bad, TRANSCRIPT, "-o", out, "--documents", docs, "-q")
    assert result.exit_code == 1
    err_lines = result.stderr.splitlines()
    assert len(err_lines) == len(bad)
    for line, path in zip(err_lines, bad):
        assert line.startswith("error: ") and str(path) in line
    assert {r["doc_id"] for r in lines_of(out)} == {SEED, TRANSCRIPT.stem}
    summaries = lines_of(docs)
    assert len(summaries) == 2 + len(bad)
    assert sum(1 for s in summaries if s["errors"]) == len(bad)


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "--no-such-option", "x.txt"],
        ["extract"],
        ["extract", "x.txt", "--input-format", "html"],
        ["extract", "x.txt", "--max-mb", "0"],
        ["no-such-command"],
        ["text"],
    ],
    ids=["unknown-option", "no-inputs", "bad-choice", "max-mb-zero", "unknown-command", "text-without-file"],
)
def test_usage_errors_exit_2(args, tmp_path):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Usage" in result.stderr or "Error" in result.stderr


def test_size_limit_option(tmp_path):
    out = tmp_path / "r.jsonl"
    result = run("extract", SEED_PATH, "--max-mb", "0.001", "-o", out, "-q")
    assert result.exit_code == 1
    assert "too large" in result.stderr and str(SEED_PATH) in result.stderr
    assert lines_of(out) == []


@pytest.mark.parametrize("exc", [KeyboardInterrupt, MemoryError], ids=["ctrl-c", "crash"])
@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "existing-file"])
def test_output_is_atomic_when_the_run_fails_midway(tmp_path, monkeypatch, exc, existing):
    """The pipeline dies after the first document: the destination is never half-written."""
    from extractor.pipeline import Extractor

    original = Extractor.process
    calls = []

    def process(self, document):
        calls.append(document.id)
        if len(calls) > 1:
            raise exc()
        return original(self, document)

    monkeypatch.setattr(Extractor, "process", process)
    out, docs = tmp_path / "records.jsonl", tmp_path / "documents.jsonl"
    if existing:
        out.write_text('{"old": true}\n', encoding="utf-8")
        docs.write_text('{"old": "docs"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(SEED_PATH), str(TRANSCRIPT), "-o", str(out),
                                      "--documents", str(docs), "-q", "-w", "1"])
    assert len(calls) == 2
    assert result.exit_code != 0
    if existing:
        assert out.read_text(encoding="utf-8") == '{"old": true}\n'
        assert docs.read_text(encoding="utf-8") == '{"old": "docs"}\n'
    else:
        assert not out.exists() and not docs.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- text and summary


@pytest.mark.parametrize("name", ["crlf.txt", "utf16_bom.txt", "tcvn3.txt", "nfd.txt", "minutes.docx"])
def test_text_prints_the_canonical_text(name):
    from extractor.ingest import read_document

    result = run("text", FIXTURES / name)
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == read_document(FIXTURES / name).text


def test_text_of_a_bad_file_is_one_error_line_and_exit_1(tmp_path):
    result = run("text", FIXTURES / "binary.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and str(FIXTURES / "binary.txt") in result.stderr


def test_text_reads_stdin():
    result = run("text", "-", input="Ông Hoa\u0300 đề nghị.\r\n".encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == "Ông Hoà đề nghị.\r\n"


def test_text_of_one_document_of_a_jsonl_corpus(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"ma": "bai-1", "noi_dung": "Cử tri đề nghị sửa đường."}, ensure_ascii=False) + "\n"
        + json.dumps({"ma": "bai-2", "noi_dung": "Ông Hoa\u0300 cho biết\r\nsẽ sửa."}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    fields = ["--id-field", "ma", "--text-field", "noi_dung"]
    result = run("text", corpus, "--id", "bai-2", *fields)
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == "Ông Hoà cho biết\r\nsẽ sửa."
    result = run("text", corpus, *fields)
    assert result.exit_code == 1 and "2 documents" in result.stderr and "--id" in result.stderr
    result = run("text", corpus, "--id", "bai-9", *fields)
    assert result.exit_code == 1 and "bai-9" in result.stderr


def test_text_with_an_explicit_input_format(tmp_path):
    path = tmp_path / "bien-ban.dat"
    path.write_text("Ông Hùng đề nghị tăng kinh phí.", encoding="utf-8")
    result = run("text", path, "--input-format", "text")
    assert result.exit_code == 0 and result.stdout == "Ông Hùng đề nghị tăng kinh phí."


def test_summary_counts_kinds_and_documents(tmp_path):
    out = tmp_path / "r.jsonl"
    assert run("extract", SEED_PATH, TRANSCRIPT, "-o", out, "-q").exit_code == 0
    records = lines_of(out)
    result = run("summary", out)
    assert result.exit_code == 0
    assert f"{len(records)} statements in 2 documents" in result.stdout
    n_rec = sum(r["kind"] == "recommendation" for r in records)
    assert f"recommendation {n_rec}" in result.stdout
    assert f"{SEED}: {sum(r['doc_id'] == SEED for r in records)}" in result.stdout


def test_summary_of_an_empty_file(tmp_path):
    empty = tmp_path / "r.jsonl"
    empty.write_text("", encoding="utf-8")
    result = run("summary", empty)
    assert result.exit_code == 0
    assert "0 statements in 0 documents" in result.stdout


def test_summary_of_a_broken_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "r.jsonl"
    broken.write_text('{"doc_id": "a", "kind": "response", "topics": []}\nkhông phải JSON\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["summary", str(broken)])
    assert result.exit_code == 1
    assert str(broken) in result.stderr and "line 2" in result.stderr
    assert "Traceback" not in result.output


def test_text_max_mb_must_be_positive():
    result = CliRunner().invoke(cli, ["text", str(FIXTURES / "utf8.txt"), "--max-mb", "0"])
    assert result.exit_code == 2 and "--max-mb" in result.stderr


def test_summary_of_a_missing_file_is_a_usage_error(tmp_path):
    assert CliRunner().invoke(cli, ["summary", str(tmp_path / "khong-co.jsonl")]).exit_code == 2


# --------------------------------------------------------------------------- help and entry points


def _commands():
    return sorted(cli.commands.items())


@pytest.mark.parametrize("name, command", _commands(), ids=[n for n, _ in _commands()])
def test_every_command_and_option_has_help_text(name, command):
    assert command.help and command.help.strip()
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"
    result = run(name, "--help")
    assert result.exit_code == 0 and "Usage" in result.stdout


def test_group_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for name in ("extract", "text", "summary"):
        assert name in result.stdout


def test_version():
    from extractor import __version__

    assert __version__ in run("--version").stdout


def test_real_console_script_and_module_entry_point(tmp_path):
    exe = Path(sys.executable).parent / "extractor"
    if not exe.exists():
        pytest.skip(f"{exe} is not installed (package not installed in this environment)")
    out = tmp_path / "r.jsonl"
    proc = subprocess.run([str(exe), "extract", str(SEED_PATH), str(TRANSCRIPT), str(tmp_path / "khong-co.txt"),
                           "-o", str(out), "-q", "-w", "1"],
                          capture_output=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 1
    assert proc.stderr.decode("utf-8").splitlines() == [f"error: {tmp_path / 'khong-co.txt'}: no such file or directory"]
    assert {r["doc_id"] for r in lines_of(out)} == {SEED, TRANSCRIPT.stem}
    proc = subprocess.run([sys.executable, "-m", "extractor", "text", str(FIXTURES / "crlf.txt")],
                          capture_output=True, timeout=60, cwd=ROOT, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0
    assert proc.stdout == (FIXTURES / "crlf.txt").read_bytes()
