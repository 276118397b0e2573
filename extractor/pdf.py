"""PDF minutes and reports: the text layer (pypdf), or OCR for scanned pages (Tesseract with its Vietnamese data).

Pages are read in order and joined with a blank line. A line repeated at the top or the bottom of most pages (a
running header, a footer, "Trang 2/5") is dropped. A page without a text layer is read by OCR when Tesseract
and Pillow are installed (``pip install 'vn-meeting-extractor[ocr]'`` and the Debian packages
``tesseract-ocr tesseract-ocr-vie``); otherwise the document fails with one line saying what to install. The
document's notes say how many pages it had, which were read by OCR and which lines were dropped.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import textwrap
from collections import Counter

from extractor.errors import InputError

OCR_LANGUAGE = "vie"
_PAGE_NUMBER = re.compile(r"^\s*(?:trang\s*)?\d{1,4}\s*(?:/\s*\d{1,4})?\s*$", re.IGNORECASE)


def pdf_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """(text, notes) of a PDF. Raises InputError for an encrypted, corrupt or unreadable file."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(name, "the PDF is encrypted (password protected): save an unprotected copy")
        pages = [_page_text(page) for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(name, f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    notes = [f"PDF: {len(pages)} page(s)"]
    empty = [i for i, t in enumerate(pages) if not t.strip()]
    if empty:
        ocr = _ocr_pages(reader, empty, name)
        for i, t in ocr.items():
            pages[i] = t
        notes.append("read by OCR (Tesseract, vie): page(s) " + ", ".join(str(i + 1) for i in sorted(ocr)))
    pages = [_tidy(t) for t in pages]
    pages, dropped = _drop_running_lines(pages)
    if dropped:
        notes.append("dropped lines repeated on every page: " + "; ".join(repr(d) for d in dropped[:5]))
    return "\n\n".join(p for p in pages if p.strip()), notes


def _page_text(page) -> str:
    """A page's text in reading order; the layout mode keeps the blank line between paragraphs."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except (ValueError, KeyError, TypeError, ZeroDivisionError):  # a page the layout mode cannot place
        return page.extract_text() or ""


def _tidy(text: str) -> str:
    lines = [l.rstrip() for l in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return textwrap.dedent("\n".join(lines)).strip("\n")


def _drop_running_lines(pages: list[str]) -> tuple[list[str], list[str]]:
    """Drop the first or last line of each page when it repeats on most pages (numbers folded), and bare page
    numbers in those places."""
    if len(pages) < 2:
        return pages, []
    key = lambda line: re.sub(r"\d+", "#", line.strip().casefold())  # noqa: E731
    ends = Counter()
    for p in pages:
        lines = [l for l in p.split("\n") if l.strip()]
        for line in {*(lines[:1]), *(lines[-1:])}:
            ends[key(line)] += 1
    running = {k for k, n in ends.items() if n >= max(2, 0.6 * len(pages))}
    out, dropped = [], []
    for p in pages:
        lines = p.split("\n")
        nonblank = [i for i, l in enumerate(lines) if l.strip()]
        drop = set()
        for i in nonblank[:1] + nonblank[-1:]:
            if key(lines[i]) in running or _PAGE_NUMBER.match(lines[i]):
                drop.add(i)
                if lines[i].strip() not in dropped:
                    dropped.append(lines[i].strip())
        out.append("\n".join(l for i, l in enumerate(lines) if i not in drop).strip("\n"))
    return out, dropped


def ocr_available() -> str | None:
    """Why OCR cannot run here (None when it can)."""
    if shutil.which("tesseract") is None:
        return "Tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"
    try:
        import PIL  # noqa: F401
    except ImportError:
        return "Pillow is not installed (pip install 'vn-meeting-extractor[ocr]')"
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({exc})"
    if OCR_LANGUAGE not in langs.split():
        return "Tesseract has no Vietnamese data (Debian: apt-get install tesseract-ocr-vie)"
    return None


def _ocr_pages(reader, indexes: list[int], name: str) -> dict[int, str]:
    missing = ocr_available()
    if missing:
        raise InputError(name, f"page(s) {', '.join(str(i + 1) for i in indexes)} have no text layer (a scan) "
                               f"and OCR is not available: {missing}")
    out = {}
    for i in indexes:
        images = list(reader.pages[i].images)
        if not images:
            out[i] = ""
            continue
        texts = []
        for image in images:
            png = io.BytesIO()
            image.image.convert("L").save(png, format="PNG")
            res = subprocess.run(["tesseract", "stdin", "stdout", "-l", OCR_LANGUAGE, "--psm", "4"],
                                 input=png.getvalue(), capture_output=True, timeout=600)
            if res.returncode != 0:
                raise InputError(name, f"OCR failed on page {i + 1}: {res.stderr.decode(errors='replace').strip()[:200]}")
            texts.append(res.stdout.decode("utf-8", errors="replace"))
        out[i] = "\n".join(texts)
    return out
