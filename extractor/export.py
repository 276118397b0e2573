"""Statement records as a spreadsheet (XLSX), CSV for Excel, or an SQLite database.

One row per statement, the columns of :data:`COLUMNS`. XLSX (openpyxl): a header row, frozen panes, an
auto-filter, wrapped text and column widths for reading. CSV: UTF-8 with a byte-order mark, so that Excel
opens Vietnamese correctly. SQLite (sqlite-utils): a ``documents`` table and a ``records`` table whose
``doc_id`` is a foreign key to it, with full-text search on the statement text, so that
``datasette FILE`` browses and facets it. Every file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from extractor.errors import ExtractorError
from extractor.jsonl import atomic_bytes, atomic_path

FORMATS = ("xlsx", "csv", "sqlite")


@dataclass(frozen=True)
class Column:
    name: str          # header and database column
    get: object        # record -> value (str, int or None)
    width: int         # XLSX column width, in characters


def _speaker(field):
    return lambda r: (r.get("speaker") or {}).get(field)


def _topics(r):
    return ", ".join(r.get("topics") or []) or None


COLUMNS = (
    Column("document", lambda r: r.get("doc_id"), 28),
    Column("section", lambda r: r.get("section"), 24),
    Column("kind", lambda r: r.get("kind"), 15),
    Column("speaker_name", _speaker("name"), 22),
    Column("speaker_role", _speaker("role"), 30),
    Column("organization", _speaker("organization"), 26),
    Column("addressee", lambda r: (r.get("addressee") or {}).get("text"), 26),
    Column("topics", _topics, 18),
    Column("text", lambda r: r.get("text"), 80),
    Column("start", lambda r: r.get("start"), 8),
    Column("end", lambda r: r.get("end"), 8),
    Column("record_id", lambda r: r.get("id"), 18),
    Column("assignee", lambda r: (r.get("assignee") or {}).get("text"), 22),
    Column("deadline", lambda r: (r.get("deadline") or {}).get("text"), 20),
    Column("deadline_date", lambda r: (r.get("deadline") or {}).get("date"), 12),
    Column("responds_to", lambda r: ", ".join(l["id"] for l in r.get("responds_to") or []) or None, 18),
    Column("answered_by", lambda r: ", ".join(r.get("answered_by") or []) or None, 18),
    Column("source", lambda r: (r.get("source") or {}).get("path"), 30),
)


class ExportError(ExtractorError):
    """The records cannot be written in the asked format."""


def cell_value(value):
    """A value as an XLSX cell holds it: Word's line and page breaks (\\v, \\f) become line breaks and other
    control characters, which a cell cannot hold, are left out (in the XLSX only; offsets refer to the text)."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value.replace("\v", "\n").replace("\f", "\n"))


def rows(records: list[dict]) -> list[list]:
    return [[c.get(r) for c in COLUMNS] for r in records]


def write_csv(records: list[dict], path: str) -> None:
    """UTF-8 with BOM (Excel reads it as UTF-8), a header row, one row per statement."""
    with atomic_bytes(path) as raw:
        fh = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        w = csv.writer(fh)
        w.writerow([c.name for c in COLUMNS])
        w.writerows([["" if v is None else v for v in row] for row in rows(records)])
        fh.flush()
        fh.detach()


def write_xlsx(records: list[dict], path: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Kiến nghị và trả lời"
    ws.append([c.name for c in COLUMNS])
    for row in rows(records):
        ws.append([cell_value(v) for v in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, col in enumerate(COLUMNS, 1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        for cell in ws[letter][1:]:
            cell.alignment = wrap
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(records) + 1)}"
    with atomic_path(path) as tmp:
        wb.save(tmp)


def _document_rows(records: list[dict], documents: list[dict] | None) -> list[dict]:
    out, seen = [], set()
    for d in documents or []:
        if d.get("doc_id") in seen:
            continue
        seen.add(d.get("doc_id"))
        counts = d.get("counts") or {}
        out.append({"doc_id": d.get("doc_id"), "title": d.get("title"), "path": (d.get("source") or {}).get("path"),
                    "sha256": (d.get("source") or {}).get("sha256"), "recommendations": counts.get("recommendation"),
                    "responses": counts.get("response"), "errors": json.dumps(d.get("errors") or [], ensure_ascii=False)})
    for r in records:  # documents named by records but absent from the summaries
        if r.get("doc_id") not in seen:
            seen.add(r.get("doc_id"))
            out.append({"doc_id": r.get("doc_id"), "title": None, "path": (r.get("source") or {}).get("path"),
                        "sha256": (r.get("source") or {}).get("sha256"), "recommendations": None, "responses": None,
                        "errors": "[]"})
    return out


def write_sqlite(records: list[dict], path: str, documents: list[dict] | None = None) -> None:
    """Tables ``documents`` (pk doc_id) and ``records`` (pk record_id, doc_id -> documents), FTS on text."""
    import sqlite_utils

    with atomic_path(path) as tmp:
        db = sqlite_utils.Database(tmp)
        db["documents"].insert_all(_document_rows(records, documents), pk="doc_id",
                                   columns={"doc_id": str, "title": str, "path": str, "sha256": str,
                                            "recommendations": int, "responses": int, "errors": str})
        names = {c.name: ("doc_id" if c.name == "document" else c.name) for c in COLUMNS}
        db["records"].create({names[c.name]: int if c.name in ("start", "end") else str for c in COLUMNS},
                             foreign_keys=[("doc_id", "documents", "doc_id")])
        # rowid order is the records' order; record ids repeat only when the same file is given twice
        db["records"].insert_all({names[c.name]: c.get(r) for c in COLUMNS} for r in records)
        db["records"].create_index(["record_id"])
        db["records"].create_index(["doc_id"])
        db["records"].enable_fts(["text", "speaker_name", "speaker_role"], create_triggers=True)
        db.conn.close()


def export(records: list[dict], fmt: str, path: str, documents: list[dict] | None = None) -> None:
    """Write ``records`` to ``path`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt in ("xlsx", "sqlite") and str(path) == "-":
        raise ExportError(f"{fmt} needs a file (-o FILE), not stdout")
    if fmt == "csv":
        write_csv(records, path)
    elif fmt == "xlsx":
        write_xlsx(records, path)
    elif fmt == "sqlite":
        write_sqlite(records, path, documents)
    else:
        raise ExportError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
