"""Exports: every record's fields come back exactly from XLSX, CSV and SQLite, Vietnamese unchanged."""

from __future__ import annotations

import csv
import json
import sqlite3
import unicodedata

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.export import COLUMNS, ExportError, cell_value, export



@pytest.fixture(scope="module")
def extracted(samples_extracted):
    rec, docs = samples_extracted
    return rec, docs, [json.loads(line) for line in rec.read_text(encoding="utf-8").splitlines()]


def _expected(records):
    return [[c.get(r) for c in COLUMNS] for r in records]


def test_csv_reads_back_every_field_with_a_bom_for_excel(extracted, tmp_path):
    rec, _, records = extracted
    out = tmp_path / "records.csv"
    res = CliRunner().invoke(cli, ["export", str(rec), "--format", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == [c.name for c in COLUMNS]
    expected = [["" if v is None else str(v) for v in row] for row in _expected(records)]
    assert table[1:] == expected


def test_xlsx_has_a_header_frozen_panes_filters_and_every_field(extracted, tmp_path):
    from openpyxl import load_workbook

    rec, _, records = extracted
    out = tmp_path / "records.xlsx"
    res = CliRunner().invoke(cli, ["export", str(rec), "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    ws = load_workbook(out).active
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0] == [c.name for c in COLUMNS]
    assert values[1:] == [[cell_value(v) for v in row] for row in _expected(records)]
    assert any("\v" in r["text"] for r in records)  # a Word line break, a line break in the cell
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws["I2"].alignment.wrap_text and ws.column_dimensions["I"].width == 80


def test_sqlite_has_records_documents_foreign_keys_and_full_text_search(extracted, tmp_path):
    rec, docs, records = extracted
    out = tmp_path / "records.db"
    res = CliRunner().invoke(cli, ["export", str(rec), "--format", "sqlite", "-o", str(out), "--documents", str(docs)])
    assert res.exit_code == 0, res.output
    db = sqlite3.connect(out)
    names = [c.name if c.name != "document" else "doc_id" for c in COLUMNS]
    got = [list(r) for r in db.execute(f"select {', '.join(names)} from records order by rowid")]
    assert got == _expected(records)
    fks = db.execute("pragma foreign_key_list(records)").fetchall()
    assert [(f[2], f[3], f[4]) for f in fks] == [("documents", "doc_id", "doc_id")]
    n_docs = len(docs.read_text(encoding="utf-8").splitlines())
    assert db.execute("select count(*) from documents").fetchone()[0] == n_docs
    orphans = db.execute("select count(*) from records where doc_id not in (select doc_id from documents)").fetchone()
    assert orphans[0] == 0
    hits = db.execute("select count(*) from records_fts where records_fts match ?", ["\"biên chế\""]).fetchone()[0]
    assert hits == sum(1 for r in records if "biên chế" in r["text"].lower())


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sqlite"])
def test_vietnamese_survives_each_format_unchanged(tmp_path, fmt):
    text = unicodedata.normalize("NFC", "Cử tri phường Bến Nghé đề nghị bổ sung biên chế “chuyên trách” — 15,5%.")
    record = {"id": "abc", "doc_id": "tài-liệu", "kind": "recommendation", "text": text, "start": 0, "end": len(text),
              "section": "Ý KIẾN CỬ TRI", "speaker": {"name": "Nguyễn Thị Ánh", "role": "Chủ tịch UBND phường",
                                                      "organization": "UBND phường"},
              "addressee": {"text": "Sở Nội vụ"}, "topics": ["staffing"], "source": {"path": "tài-liệu.txt"}}
    out = tmp_path / f"one.{fmt}"
    export([record], fmt, str(out))
    if fmt == "csv":
        row = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))[1]
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        row = list(list(load_workbook(out).active.iter_rows(values_only=True))[1])
    else:
        row = list(sqlite3.connect(out).execute("select * from records").fetchone())
    assert text in row and "Nguyễn Thị Ánh" in row and "Ý KIẾN CỬ TRI" in row
    assert all(unicodedata.is_normalized("NFC", v) for v in row if isinstance(v, str))


@pytest.mark.parametrize("fmt", ["xlsx", "sqlite"])
def test_a_binary_format_refuses_stdout(fmt):
    with pytest.raises(ExportError, match="needs a file"):
        export([], fmt, "-")


def test_a_bad_records_line_is_one_error_naming_the_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x"}\nkhông phải JSON\n', encoding="utf-8")
    out = tmp_path / "out.xlsx"
    res = CliRunner().invoke(cli, ["export", str(bad), "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 1 and "line 2 is not JSON" in res.output and res.output.count("\n") == 1
    assert not out.exists() and not list(tmp_path.glob(".out.xlsx.*"))


def test_an_export_that_fails_leaves_the_previous_file(tmp_path, monkeypatch):
    out = tmp_path / "records.db"
    out.write_bytes(b"previous")
    import sqlite_utils

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(sqlite_utils.db.Table, "enable_fts", boom)
    with pytest.raises(RuntimeError):
        export([{"id": "a", "doc_id": "d", "text": "Đề nghị sửa đường.", "start": 0, "end": 5}], "sqlite", str(out))
    assert out.read_bytes() == b"previous" and not list(tmp_path.glob(".records.db.*"))


@pytest.mark.parametrize("value, cell", [
    ("Đề nghị bổ sung biên chế.", "Đề nghị bổ sung biên chế."),
    ("cần quy định rõ\vtrách nhiệm", "cần quy định rõ\ntrách nhiệm"),
    ("Trang 1\fTrang 2", "Trang 1\nTrang 2"),
    ("ký tự\x00lạ\x1b", "ký tựlạ"),
    (42, 42),
    (None, None),
])
def test_a_cell_holds_what_excel_can(value, cell):
    assert cell_value(value) == cell
