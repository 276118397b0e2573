"""PDF input: the text layer in reading order, repeated headers and footers dropped, scanned pages by OCR,
and one clear line for a PDF that cannot be read."""

from __future__ import annotations

import html
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.errors import InputError
from extractor.ingest import read_document
from extractor.pdf import _drop_running_lines, ocr_available

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "samples" / "hcmc-ward-chairs-2023.txt"
GOLD = ROOT / "data" / "gold" / "hcmc-ward-chairs-2023.jsonl"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
NO_CHROMIUM = "Chromium is not installed (it prints the seed to PDF; .ci/run installs the Debian package 'chromium')"


@pytest.mark.parametrize("pages, kept, dropped", [
    (["UBND XÃ AN BÌNH\nĐề nghị sửa đường.\nTrang 1/2", "UBND XÃ AN BÌNH\nXã sẽ sửa trong quý III.\nTrang 2/2"],
     ["Đề nghị sửa đường.", "Xã sẽ sửa trong quý III."], ["UBND XÃ AN BÌNH", "Trang 1/2", "Trang 2/2"]),
    (["Biên bản họp\nNội dung một.\n1", "Nội dung hai.\n2"], ["Biên bản họp\nNội dung một.", "Nội dung hai."],
     ["1", "2"]),
    (["Chỉ một trang.\nTrang 1"], ["Chỉ một trang.\nTrang 1"], []),
], ids=["running-header-and-page-numbers", "bare-page-numbers", "one-page-kept-whole"])
def test_running_headers_footers_and_page_numbers_are_dropped(pages, kept, dropped):
    out, gone = _drop_running_lines(pages)
    assert out == kept and gone == dropped


def _pdf_of_blank_page(encrypt: str | None = None) -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    if encrypt:
        w.encrypt(encrypt)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("hong.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nkhong phai pdf", "not a readable PDF"),
    ("khoa.pdf", _pdf_of_blank_page(encrypt="mat-khau"), "encrypted"),
], ids=["corrupt", "encrypted"])
def test_a_pdf_that_cannot_be_read_is_one_clear_error(tmp_path, name, data, message):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(InputError, match=message) as e:
        read_document(f)
    assert str(f) in str(e.value) and "\n" not in str(e.value)


def test_a_scan_without_ocr_says_what_to_install(tmp_path, monkeypatch):
    import extractor.pdf as pdf

    monkeypatch.setattr(pdf, "ocr_available", lambda: "Tesseract is not installed (Debian: apt-get install "
                                                       "tesseract-ocr tesseract-ocr-vie)")
    f = tmp_path / "scan.pdf"
    f.write_bytes(_pdf_of_blank_page())
    with pytest.raises(InputError, match="no text layer .* apt-get install tesseract-ocr tesseract-ocr-vie"):
        read_document(f)


@pytest.mark.parametrize("suffix, advice", [(".doc", "save it as .docx or PDF"), (".odt", "save it as .docx or PDF"),
                                            (".xlsx", "spreadsheets are not supported")])
def test_an_unsupported_format_is_named_with_what_to_do(tmp_path, suffix, advice):
    f = tmp_path / f"bien-ban{suffix}"
    f.write_bytes(b"\xd0\xcf\x11\xe0 binary")
    with pytest.raises(InputError, match=advice):
        read_document(f)


def test_a_folder_with_a_doc_file_reports_it_and_keeps_the_rest(tmp_path):
    (tmp_path / "a.txt").write_text("Cử tri phường 5 đề nghị sửa đường Lê Lợi.\n", encoding="utf-8")
    (tmp_path / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    out = tmp_path / "r.jsonl"
    res = CliRunner().invoke(cli, ["extract", str(tmp_path), "-o", str(out), "-q", "-w", "1"])
    assert res.exit_code == 1 and "b.doc: Word 97-2003 (.doc) is not supported" in res.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def _seed_html(tmp: Path) -> Path:
    page = tmp / "seed.html"
    page.write_text('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>body{font:15px/1.45 '
                    '"DejaVu Sans",sans-serif;margin:40px;white-space:pre-wrap}@page{size:A4;margin:18mm}</style>'
                    "</head><body>" + html.escape(SEED.read_text(encoding="utf-8")) + "</body></html>", encoding="utf-8")
    return page


def _seed_score(pdf: Path, tmp: Path) -> dict:
    out, docs = tmp / "r.jsonl", tmp / "d.jsonl"
    res = CliRunner().invoke(cli, ["extract", str(pdf), "-o", str(out), "--documents", str(docs), "-q", "-w", "1"])
    assert res.exit_code == 0, res.output
    records = [dict(json.loads(l), doc_id="hcmc-ward-chairs-2023") for l in out.read_text(encoding="utf-8").splitlines()]
    from extractor.scoring import read_gold, score

    return score(read_gold(GOLD), records) | {"summary": json.loads(docs.read_text(encoding="utf-8").splitlines()[0])}


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_the_seed_printed_to_pdf_extracts_from_its_text_layer(tmp_path):
    page = _seed_html(tmp_path)
    pdf = tmp_path / "seed.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'p'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120)
    assert pdf.is_file()
    s = _seed_score(pdf, tmp_path)
    assert s["statement_f1"] >= 0.90, s["missed"]
    assert s["summary"]["source"]["format"] == "pdf" and any("PDF: " in n for n in s["summary"]["notes"])


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
@pytest.mark.skipif(ocr_available() is not None, reason=f"OCR is not available: {ocr_available()}")
def test_a_scanned_page_of_the_seed_extracts_by_ocr(tmp_path):
    from PIL import Image

    page = _seed_html(tmp_path)
    png = tmp_path / "seed.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'p'}",
                    "--hide-scrollbars", "--force-device-scale-factor=2", "--window-size=900,5200",
                    f"--screenshot={png}", page.as_uri()], capture_output=True, timeout=120)
    scan = tmp_path / "scan.pdf"
    Image.open(png).convert("RGB").save(scan, resolution=200.0)  # an image-only PDF: a scan
    s = _seed_score(scan, tmp_path)
    assert s["statement_f1"] >= 0.90, s["missed"]
    assert any("OCR" in n for n in s["summary"]["notes"])
