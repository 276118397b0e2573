"""Ingest: turn files, folders, stdin and JSONL corpora into :class:`Document` objects.

No NLP happens here. The canonical text of a document is its decoded content put in
Unicode NFC, nothing else changed (CRLF, spacing and punctuation are kept), so every
offset emitted later can be checked against the file.

Errors never stop a batch: :func:`iter_documents` yields an :class:`InputError` in
place of the document that failed, and the caller reports it and goes on.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from extractor.document import Document
from extractor.errors import InputError

TEXT_SUFFIXES = (".txt", ".md")
DOCX_SUFFIXES = (".docx",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
PDF_SUFFIXES = (".pdf",)
SUPPORTED = TEXT_SUFFIXES + DOCX_SUFFIXES + JSONL_SUFFIXES + PDF_SUFFIXES
# formats we do not read, with what to do instead
UNSUPPORTED = {
    ".doc": "Word 97-2003 (.doc) is not supported: save it as .docx or PDF",
    ".rtf": "RTF is not supported: save it as .docx or PDF",
    ".odt": "OpenDocument text (.odt) is not supported: save it as .docx or PDF",
    ".xls": "spreadsheets are not supported: save the minutes as .docx or PDF",
    ".xlsx": "spreadsheets are not supported: save the minutes as .docx or PDF",
    ".ppt": "presentations are not supported: save it as PDF",
    ".pptx": "presentations are not supported: save it as PDF",
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class IngestOptions:
    """How inputs are read. ``input_format`` is ``auto`` (by file suffix), ``text``, ``docx``, ``pdf`` or ``jsonl``."""

    input_format: str = "auto"
    id_field: str = "id"
    text_field: str = "text"
    max_bytes: int = DEFAULT_MAX_BYTES
    exclude: frozenset = frozenset()  # resolved paths never read as inputs (the run's own output files)

    def __post_init__(self):
        allowed = ("auto", "text", "docx", "pdf", "jsonl")
        if self.input_format not in allowed:
            raise ValueError(f"input_format must be one of {allowed}, got {self.input_format!r}")
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes!r}")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return ".jsonl.gz"
    return path.suffix.lower()


def _excluded(path: Path, exclude: frozenset) -> bool:
    if not exclude:
        return False
    resolved = path.resolve()
    return str(resolved) in exclude or any(str(parent) in exclude for parent in resolved.parents)


def expand_paths(paths: Iterable[str], exclude: frozenset = frozenset()) -> Iterator[Path | InputError]:
    """Expand inputs: a directory becomes its supported files (recursive, sorted by path). Files in
    ``exclude`` (resolved paths: the run's own output and work files) are never inputs."""
    for raw in paths:
        if raw == "-":
            yield Path("-")
            continue
        p = Path(raw)
        if exclude and str(p.resolve()) in exclude:
            yield InputError(str(p), "this is the run's own output file, not an input")
            continue
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                           and not _excluded(f, exclude))
            files = [f for f in found if _suffix(f) in SUPPORTED]
            if not files:
                yield InputError(str(p), "directory holds no supported files (" + ", ".join(SUPPORTED) + ")")
            for f in found:  # in order; a file in a format we do not read is reported, not skipped silently
                if _suffix(f) in SUPPORTED:
                    yield f
                elif _suffix(f) in UNSUPPORTED:
                    yield InputError(str(f), UNSUPPORTED[_suffix(f)])
        elif p.exists():
            yield p
        else:
            yield InputError(str(p), "no such file or directory")


def iter_documents(paths: Iterable[str], options: IngestOptions | None = None) -> Iterator[Document | InputError]:
    """Yield one Document per input (several per JSONL corpus), or an InputError in its place."""
    options = options or IngestOptions()
    seen_ids: dict[str, int] = {}
    for item in expand_paths(paths, options.exclude):
        if isinstance(item, InputError):
            yield item
            continue
        fmt = _format_of(item, options)
        try:
            if fmt == "jsonl":
                produced = iter_jsonl_corpus(item, options)
            else:
                produced = iter([read_document(item, options, fmt=fmt)])
            for doc in produced:
                if isinstance(doc, Document):
                    doc = _unique_id(doc, seen_ids)
                yield doc
        except InputError as err:
            yield err


def _unique_id(doc: Document, seen: dict[str, int]) -> Document:
    n = seen.get(doc.id, 0) + 1
    seen[doc.id] = n
    if n == 1:
        return doc
    from dataclasses import replace

    return replace(doc, id=f"{doc.id}-{n}")


def _format_of(path: Path, options: IngestOptions) -> str:
    if options.input_format != "auto":
        return options.input_format
    if str(path) == "-":
        return "text"
    suffix = _suffix(path)
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in UNSUPPORTED:
        return "unsupported"
    return "text"


def _read_bytes(path: Path, options: IngestOptions) -> bytes:
    if str(path) == "-":
        data = sys.stdin.buffer.read(options.max_bytes + 1)
    else:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
        if size > options.max_bytes:
            raise InputError(
                str(path),
                f"file too large: {size / 1e6:.1f} MB is over the {options.max_bytes / 1e6:.1f} MB limit (raise it with --max-mb)",
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > options.max_bytes:
        raise InputError("stdin" if str(path) == "-" else str(path), f"input too large: over the {options.max_bytes / 1e6:.1f} MB limit (raise it with --max-mb)")
    return data


def read_document(path: Path | str, options: IngestOptions | None = None, *, fmt: str | None = None) -> Document:
    """Read one .txt/.md/.docx/.pdf file (or ``-`` for stdin) into a Document. Raises InputError."""
    options = options or IngestOptions()
    path = Path(path)
    fmt = fmt or _format_of(path, options)
    if fmt == "jsonl":
        raise InputError(str(path), "a JSONL corpus holds several documents: read it with iter_documents")
    if fmt == "unsupported":
        raise InputError(str(path), UNSUPPORTED[_suffix(path)])
    data = _read_bytes(path, options)
    name = "stdin" if str(path) == "-" else str(path)
    if not data.strip():
        raise InputError(name, "empty file")
    notes: list[str] = []
    if fmt == "docx":
        text = docx_text(data, name)
    elif fmt == "pdf":
        from extractor.pdf import pdf_text

        text, notes = pdf_text(data, name)
    else:
        text, notes = decode_text(data, name)
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(name, "no text in the document")
    doc_id = "stdin" if name == "stdin" else path.stem
    return Document(
        id=doc_id,
        text=text,
        path=name,
        format=fmt if fmt != "text" else ("md" if path.suffix.lower() == ".md" else "txt"),
        sha256=hashlib.sha256(data).hexdigest(),
        notes=tuple(notes),
    )


def canonical_text(path: Path | str, options: IngestOptions | None = None, *, doc_id: str | None = None) -> Document:
    """The Document whose text offsets refer to: a file, stdin, or one document of a JSONL corpus.

    A corpus needs ``doc_id`` unless it holds a single document. Raises InputError.
    """
    options = options or IngestOptions()
    path = Path(path)
    if _format_of(path, options) != "jsonl":
        return read_document(path, options)
    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    docs = [d for d in iter_jsonl_corpus(path, options) if isinstance(d, Document)]
    if doc_id is not None:
        found = [d for d in docs if d.id == doc_id]
        if not found:
            raise InputError(str(path), f"no document with {options.id_field} {doc_id!r} in the corpus")
        return found[0]
    if len(docs) != 1:
        raise InputError(str(path), f"the corpus holds {len(docs)} documents: choose one with --id")
    return docs[0]


# --------------------------------------------------------------------------- decoding


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode file bytes: UTF-8 (BOM optional), UTF-16 with BOM, or a legacy Vietnamese encoding.

    Returns the text (not yet NFC) and notes describing any conversion. Raises InputError
    for binary data and for bytes no supported encoding can read.
    """
    notes: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8", name)
        notes.append("decoded as UTF-8 with BOM")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", name)
        notes.append("decoded as UTF-16 with BOM")
    elif (bom_less := _utf16_without_bom(data)) is not None:
        text = _strict(data, bom_less, name)
        notes.append(f"decoded as {bom_less.upper()} without BOM")
    else:
        if b"\x00" in data[:65536]:
            raise InputError(name, "binary file (contains NUL bytes), not a text document")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            legacy = None if _mostly_utf8(data) else _legacy_from_bytes(data)
            if legacy is None:
                raise InputError(
                    name,
                    f"undecodable bytes: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}) "
                    "and not a recognised legacy Vietnamese encoding (TCVN3, VNI)",
                ) from None
            text, encoding = legacy
            notes.append(f"converted from legacy encoding {encoding.upper()} to Unicode")
            return text, notes
    if _binary_looking(text):
        raise InputError(name, "binary file (mostly control characters), not a text document")
    converted = _legacy_from_text(text)
    if converted is not None:
        text, encoding = converted
        notes.append(f"converted from legacy encoding {encoding.upper()} to Unicode")
    return text, notes


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` for UTF-16 text saved without a BOM, else None.

    Text in UTF-16 has a NUL high byte for every ASCII character (spaces, digits, most
    Vietnamese letters' base forms) and almost never a NUL low byte; binary data has NULs
    in both positions.
    """
    sample = data[:65536]
    if len(sample) < 8 or len(data) % 2:
        return None
    pairs = len(sample) // 2
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    if odd >= 0.3 and even <= 0.01:
        return "utf-16-le"
    if even >= 0.3 and odd <= 0.01:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(name, f"undecodable bytes: invalid {encoding.upper()} at offset {exc.start}") from None


def _binary_looking(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    control = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f\v")
    return control / len(sample) > 0.10


def _looks_legacy(text: str) -> bool:
    """Cheap pre-check: letters of the Latin-1 range only, several of them accented.

    Legacy fonts store every glyph as a byte, so text read from such a file holds no
    letter beyond U+00FF; a single Vietnamese letter outside that range (ă, đ, ơ, ư, ạ,
    ế, ...) shows the text is already Unicode, and it is never converted.
    """
    sample = text[:20000]
    if any(c.isalpha() and ord(c) > 0xFF for c in sample):
        return False
    letters = sum(1 for c in sample if c.isalpha())
    return letters >= 20 and sum(1 for c in sample if "\u00a0" <= c <= "\u00ff") >= 3


LEGACY_ENCODINGS = ("tcvn3", "vni")


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with a few damaged sequences (a cut or corrupted file).

    Such a file must be reported as undecodable, not "converted" from a legacy encoding:
    the conversion tables would turn its UTF-8 letters into plausible-looking nonsense.
    """
    text = data[:65536].decode("utf-8", errors="replace")
    valid = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    invalid = text.count("\ufffd")
    return valid >= 3 and valid >= invalid


def _detect_legacy(text: str) -> str | None:
    from viparse.normalize.detector import detect_encoding_by_content
    from viparse.normalize.encodings import CHARMAPS

    candidates = {name: CHARMAPS[name] for name in LEGACY_ENCODINGS}
    return detect_encoding_by_content(text[:20000], candidates).encoding


def _convert_legacy(text: str, encoding: str) -> str:
    from viparse.normalize.encodings import get_charmap
    from viparse.normalize.tables import convert

    return convert(text, get_charmap(encoding), "NFC")


def _legacy_from_text(text: str) -> tuple[str, str] | None:
    if not _looks_legacy(text):
        return None
    encoding = _detect_legacy(text)
    if encoding is None:
        return None
    return _convert_legacy(text, encoding), encoding


def _legacy_from_bytes(data: bytes) -> tuple[str, str] | None:
    # 8-bit legacy fonts (TCVN3/ABC, VNI-Windows) store one glyph per byte; the
    # conversion tables are keyed by the Latin-1 reading of those bytes.
    surface = data.decode("latin-1")
    if _binary_looking(surface):
        return None
    encoding = _detect_legacy(surface)
    if encoding is None:
        return None
    return _convert_legacy(surface, encoding), encoding


# --------------------------------------------------------------------------- docx


def docx_text(data: bytes, name: str) -> str:
    """Body paragraphs and table cells of a .docx, in document order, one per line."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(name, "not a valid .docx (not a zip archive)")
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for bad packages
        detail = " ".join(str(exc).split())  # one line on stderr, whatever the parser said
        raise InputError(name, f"not a valid .docx ({type(exc).__name__}: {detail})") from None
    lines: list[str] = []
    _docx_blocks(document.element.body, document, lines, Paragraph, Table)
    return "\n".join(lines)


def _docx_blocks(parent, document, lines: list[str], Paragraph, Table) -> None:
    """Paragraphs of ``parent`` in order, descending into tables (nested too) and content controls."""
    for block in parent.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                seen: list = []  # the cell elements themselves: a merged cell repeats across the row
                for cell in row.cells:
                    if any(cell._tc is tc for tc in seen):
                        continue
                    seen.append(cell._tc)
                    _docx_blocks(cell._tc, document, lines, Paragraph, Table)
        elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
            _docx_blocks(block, document, lines, Paragraph, Table)


# --------------------------------------------------------------------------- JSONL corpora


def iter_jsonl_corpus(path: Path, options: IngestOptions) -> Iterator[Document | InputError]:
    """Documents of a JSONL corpus (optionally gzipped): one JSON object per line.

    A bad line yields an InputError naming the file and line and the rest goes on.
    """
    name = str(path)
    opener = gzip.open if name.lower().endswith(".gz") else open
    try:
        fh = opener(path, "rt", encoding="utf-8")
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc}") from exc
    with fh:
        try:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{name}:{lineno}"
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield InputError(where, f"not JSON ({exc.msg})")
                    continue
                if not isinstance(obj, dict):
                    yield InputError(where, "not a JSON object")
                    continue
                text = obj.get(options.text_field)
                if not isinstance(text, str) or not text.strip():
                    yield InputError(where, f"field {options.text_field!r} missing or empty")
                    continue
                doc_id = obj.get(options.id_field)
                doc_id = str(doc_id) if doc_id not in (None, "") else f"{path.stem}-{lineno}"
                raw = line.rstrip("\n").encode("utf-8")
                title = obj.get("title") if isinstance(obj.get("title"), str) else None
                yield Document(
                    id=doc_id,
                    text=unicodedata.normalize("NFC", text),
                    path=where,
                    format="jsonl",
                    sha256=hashlib.sha256(raw).hexdigest(),
                    title=title,
                )
        except (UnicodeDecodeError, OSError, EOFError) as exc:
            yield InputError(name, f"cannot read the corpus further: {exc}")


def reread_source(source: dict) -> str | None:
    """The canonical text of a record's source file (``record["source"]``) when it can be read again and is
    the same file (same SHA-256); None otherwise (moved, changed, or a document of a JSONL corpus)."""
    path = (source or {}).get("path")
    if not path or source.get("format") == "jsonl" or not Path(path).is_file():
        return None
    try:
        document = read_document(Path(path))
    except (InputError, OSError):
        return None
    return document.text if document.sha256 == source.get("sha256") else None
