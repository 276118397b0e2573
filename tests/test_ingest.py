"""Ingest: every supported format and encoding becomes a Document with the canonical NFC text;
every bad input becomes exactly one InputError naming the file and the reason, and the other
inputs are still read."""

from __future__ import annotations

import hashlib
import io
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.document import Document
from extractor.errors import InputError
from extractor.ingest import IngestOptions, decode_text, iter_documents, read_document

from conftest import FIXTURES

MINUTES = (
    "Bà Nguyễn Thị Thu Hà đề nghị UBND xã bố trí thêm cộng tác viên tại bộ phận một cửa.\n"
    "Ông Đặng Văn Hùng cho biết xã sẽ xem xét trong quý II."
)
LEGACY = (
    "Bà Nguyễn Thị Hoa đề nghị huyện bổ sung kinh phí mua sắm máy tính cho bộ phận một cửa.\n"
    "Ông Trần Văn Bình cho biết huyện sẽ xem xét trong năm nay.\n"
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "name, expected_text, fmt, note",
    [
        ("utf8.txt", MINUTES, "txt", None),
        ("utf8_bom.txt", MINUTES, "txt", "UTF-8 with BOM"),
        ("utf16_bom.txt", MINUTES, "txt", "UTF-16 with BOM"),
        ("notes.md", "# Ghi chú\n\n" + MINUTES, "md", None),
        ("nfd.txt", "Chủ tịch UBND xã Hoà Thuận đề nghị tỉnh hỗ trợ kinh phí đào tạo cán bộ.\n", "txt", None),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "markdown", "decomposed-nfd"],
)
def test_text_file_becomes_document_with_nfc_text(name, expected_text, fmt, note):
    path = FIXTURES / name
    doc = read_document(path)
    assert isinstance(doc, Document)
    assert doc.text == expected_text
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "\ufeff" not in doc.text
    assert doc.sha256 == _sha(path)
    assert doc.id == path.stem
    assert doc.path == str(path)
    assert doc.format == fmt
    if note:
        assert any(note in n for n in doc.notes), doc.notes


def test_decomposed_file_is_composed_but_canonically_equivalent():
    raw = (FIXTURES / "nfd.txt").read_bytes().decode("utf-8")
    doc = read_document(FIXTURES / "nfd.txt")
    assert raw != doc.text
    assert unicodedata.normalize("NFD", doc.text) == raw
    assert len(doc.text) < len(raw)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_with_a_note(tmp_path, encoding):
    path = tmp_path / "xuat-tu-word.txt"
    path.write_bytes(MINUTES.encode(encoding))
    doc = read_document(path)
    assert doc.text == MINUTES
    assert any(encoding.upper() in n and "without BOM" in n for n in doc.notes), doc.notes


def test_crlf_line_endings_are_kept():
    doc = read_document(FIXTURES / "crlf.txt")
    assert doc.text == (FIXTURES / "crlf.txt").read_bytes().decode("utf-8")
    assert doc.text.count("\r\n") == 4
    assert "\n" not in doc.text.replace("\r\n", "")


@pytest.mark.parametrize("name, encoding", [("tcvn3.txt", "TCVN3"), ("vni.txt", "VNI")])
def test_legacy_encoding_is_converted_with_a_note(name, encoding):
    path = FIXTURES / name
    doc = read_document(path)
    assert doc.text == LEGACY
    assert doc.sha256 == _sha(path)
    assert any(encoding in n and "converted" in n for n in doc.notes), doc.notes


def test_legacy_glyphs_saved_as_utf8_are_converted_too(tmp_path):
    # a TCVN3 document opened as Latin-1 and saved again as UTF-8: the glyphs survive as letters
    surface = (FIXTURES / "tcvn3.txt").read_bytes().decode("latin-1")
    path = tmp_path / "tcvn3-utf8.txt"
    path.write_bytes(surface.encode("utf-8"))
    doc = read_document(path)
    assert doc.text == LEGACY
    assert any("TCVN3" in n for n in doc.notes)


VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=VIET + VIET.upper(), min_size=1, max_size=7), min_size=1, max_size=60)
       .map(" ".join).filter(lambda t: any(ord(c) > 0xFF for c in t)))
@example("BÀ HÀ CHÁNH VĂN PHÒNG, ÔNG TÂN VÀ ÔNG LÂM ÀÀÒ")
def test_unicode_vietnamese_is_never_taken_for_a_legacy_encoding(text):
    out, notes = decode_text(text.encode("utf-8"), "x.txt")
    assert out == text and notes == []


@pytest.mark.parametrize("text", [
    "Le café à côté de l'hôtel était très agréable, déjà réservé pour la réunion.",
    "El niño comió paella en la reunión del ayuntamiento después de la sesión.",
    "ÀÀè",
])
def test_latin1_text_in_utf8_is_kept(text):
    assert decode_text(text.encode("utf-8"), "x.txt") == (text, [])


def test_docx_paragraphs_and_table_cells_in_document_order():
    path = FIXTURES / "minutes.docx"
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.id == "minutes"
    assert doc.sha256 == _sha(path)
    assert doc.text.split("\n") == [
        "BIÊN BẢN HỌP",
        "Ông Phan Quốc Toản, Phó Chủ tịch UBND xã, trình bày báo cáo.",
        "Người phát biểu",
        "Nội dung",
        "Bà Lương Thị Kim Oanh",
        "Đề nghị xã sớm lập dự toán chi tiết.",
        "Cuộc họp kết thúc lúc 11 giờ cùng ngày.",
    ]


def test_docx_merged_cells_are_read_once(tmp_path):
    import docx

    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Ý kiến của các đại biểu"
    table.cell(1, 0).text = "Ông Vũ Đình Khải"
    table.cell(1, 1).text = "Đề xuất ban hành quy chế phối hợp."
    path = tmp_path / "merged.docx"
    d.save(path)
    assert read_document(path).text.split("\n") == [
        "Ý kiến của các đại biểu", "Ông Vũ Đình Khải", "Đề xuất ban hành quy chế phối hợp.",
    ]


def test_docx_nested_tables_and_content_controls_are_read_in_order(tmp_path):
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    d.add_paragraph("BIÊN BẢN HỌP")
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Ý kiến"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Ông Trí"
    inner.cell(0, 1).text = "Kiến nghị bổ sung kinh phí."
    # a content control (w:sdt) around a paragraph, as templates of government forms have
    sdt, content, p, r, t = (OxmlElement(n) for n in ("w:sdt", "w:sdtContent", "w:p", "w:r", "w:t"))
    t.text = "Chủ trì tiếp thu ý kiến."
    r.append(t)
    p.append(r)
    content.append(p)
    sdt.append(content)
    d.element.body.insert(len(d.element.body) - 1, sdt)  # before the final sectPr
    path = tmp_path / "long-nhau.docx"
    d.save(path)
    # a cell holding a table starts and ends with an (empty) paragraph of its own
    assert read_document(path).text.split("\n") == [
        "BIÊN BẢN HỌP", "Ý kiến", "", "Ông Trí", "Kiến nghị bổ sung kinh phí.", "", "Chủ trì tiếp thu ý kiến.",
    ]


def test_stdin_dash_reads_standard_input(monkeypatch):
    data = MINUTES.encode("utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    doc = read_document("-")
    assert doc.id == "stdin"
    assert doc.path == "stdin"
    assert doc.text == MINUTES
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_stdin_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(MINUTES.encode("utf-8")), encoding="utf-8"))
    with pytest.raises(InputError, match="too large") as err:
        read_document("-", IngestOptions(max_bytes=20))
    assert err.value.path == "stdin"


def test_a_directory_given_to_read_document_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_document(tmp_path)


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    shutil.copy(FIXTURES / "utf8.txt", tmp_path / "b" / "z.txt")
    shutil.copy(FIXTURES / "crlf.txt", tmp_path / "a.txt")
    shutil.copy(FIXTURES / "minutes.docx", tmp_path / "b" / "c.docx")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("Ông A đề nghị.", encoding="utf-8")
    items = list(iter_documents([str(tmp_path)]))
    assert all(isinstance(i, Document) for i in items)
    assert [Path(d.path).relative_to(tmp_path).as_posix() for d in items] == ["a.txt", "b/c.docx", "b/z.txt"]


def test_same_stem_twice_gets_distinct_ids(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    shutil.copy(FIXTURES / "utf8.txt", tmp_path / "x" / "bien-ban.txt")
    shutil.copy(FIXTURES / "utf8.txt", tmp_path / "y" / "bien-ban.txt")
    ids = [d.id for d in iter_documents([str(tmp_path)])]
    assert len(ids) == 2 and len(set(ids)) == 2 and ids[0] == "bien-ban"


# --------------------------------------------------------------------------- bad inputs


def _undecodable(tmp_path: Path) -> Path:
    # valid UTF-8 Vietnamese with stray C1 bytes in the middle (a damaged export)
    p = tmp_path / "hong.txt"
    p.write_bytes("Biên bản họp ".encode("utf-8") + b"\x81\x8d\x8f\x90\x9d" + " đề nghị bổ sung.".encode("utf-8"))
    return p


def _truncated_utf8(tmp_path: Path) -> Path:
    # a UTF-8 file cut in the middle of a multi-byte letter must not be "converted" as legacy text
    p = tmp_path / "cat-ngang.txt"
    p.write_bytes(("Cử tri đề nghị bổ sung biên chế cho xã " * 3).encode("utf-8") + "ế".encode("utf-8")[:2] + b"\xff")
    return p


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "khong-co.txt"


def _empty(tmp_path: Path) -> Path:
    return FIXTURES / "empty.txt"


def _whitespace_only(tmp_path: Path) -> Path:
    p = tmp_path / "trang.txt"
    p.write_bytes(b" \r\n\t\n")
    return p


def _binary(tmp_path: Path) -> Path:
    return FIXTURES / "binary.txt"


def _fake_docx(tmp_path: Path) -> Path:
    return FIXTURES / "fake.docx"


def _zip_not_docx(tmp_path: Path) -> Path:
    import zipfile

    p = tmp_path / "nen.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "không phải tài liệu Word")
    return p


def _corrupt_docx(tmp_path: Path) -> Path:
    import zipfile

    p = tmp_path / "hong.docx"
    with zipfile.ZipFile(FIXTURES / "minutes.docx") as src, zipfile.ZipFile(p, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # cut in the middle of the XML
            dst.writestr(item, data)
    return p


def _empty_dir(tmp_path: Path) -> Path:
    d = tmp_path / "thu-muc-rong"
    d.mkdir()
    (d / "scan.png").write_bytes(b"\x89PNG")
    return d


def _too_large(tmp_path: Path) -> Path:
    p = tmp_path / "qua-lon.txt"
    with open(p, "wb") as f:
        f.write("Biên bản họp.\n".encode("utf-8"))
        f.truncate(50 * 1024 * 1024)  # sparse: nothing more is written
    return p


BAD = [
    (_missing, "no such file"),
    (_empty, "empty"),
    (_whitespace_only, "empty"),
    (_binary, "binary"),
    (_undecodable, "undecodable"),
    (_truncated_utf8, "undecodable"),
    (_fake_docx, "not a valid .docx"),
    (_zip_not_docx, "not a valid .docx"),
    (_corrupt_docx, "not a valid .docx"),
    (_empty_dir, "no supported files"),
    (_too_large, "too large"),
]


@pytest.mark.parametrize("make, reason", BAD, ids=[m.__name__.strip("_") for m, _ in BAD])
def test_bad_input_gives_one_error_naming_file_and_reason_and_others_are_read(tmp_path, make, reason):
    bad = make(tmp_path)
    good_a, good_b = FIXTURES / "utf8.txt", FIXTURES / "crlf.txt"
    items = list(iter_documents([str(good_a), str(bad), str(good_b)]))
    errors = [i for i in items if isinstance(i, InputError)]
    docs = [i for i in items if isinstance(i, Document)]
    assert len(errors) == 1, items
    err = errors[0]
    assert err.path == str(bad)
    assert str(bad) in str(err)
    assert reason in err.reason.lower()
    assert "\n" not in str(err)
    assert [d.id for d in docs] == ["utf8", "crlf"]
    assert isinstance(items[1], InputError)  # reported in its place, in input order


@pytest.mark.parametrize("make, reason", BAD[1:-2], ids=[m.__name__.strip("_") for m, _ in BAD[1:-2]])
def test_read_document_raises_input_error(tmp_path, make, reason):
    with pytest.raises(InputError, match=reason):
        read_document(make(tmp_path))


def test_size_limit_is_configurable(tmp_path):
    p = tmp_path / "nho.txt"
    p.write_text(MINUTES, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        read_document(p, IngestOptions(max_bytes=10))
    assert read_document(p, IngestOptions(max_bytes=10_000)).text == MINUTES


@pytest.mark.parametrize("kwargs", [{"input_format": "html"}, {"max_bytes": 0}])
def test_invalid_options_name_the_parameter(kwargs):
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=name):
        IngestOptions(**kwargs)


def test_read_document_refuses_a_jsonl_corpus(tmp_path):
    p = tmp_path / "corpus.jsonl"
    p.write_text('{"id": "a", "text": "Cử tri đề nghị."}\n', encoding="utf-8")
    with pytest.raises(InputError, match="JSONL corpus"):
        read_document(p)


def test_jsonl_corpus_bad_line_is_reported_and_rest_read(tmp_path):
    p = tmp_path / "corpus.jsonl"
    p.write_text(
        '{"id": "a1", "text": "Cử tri đề nghị sửa đường."}\n'
        "không phải JSON\n"
        '{"id": "a3", "text": ""}\n'
        '{"id": "a4", "text": "Ông Hoa\u0300 cho biết sẽ sửa.", "title": "Tiếp xúc cử tri"}\n',
        encoding="utf-8",
    )
    items = list(iter_documents([str(p)]))
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "InputError", "Document"]
    assert items[1].path == f"{p}:2" and items[2].path == f"{p}:3"
    assert items[3].text == "Ông Hoà cho biết sẽ sửa." and items[3].title == "Tiếp xúc cử tri"
    assert items[0].format == "jsonl"
