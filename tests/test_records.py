"""Records: every record of the samples validates against the shipped schema, has exact offsets
into the canonical text, and a stable id."""

from __future__ import annotations

import json

import pytest

from extractor import SCHEMA_VERSION, __version__
from extractor.document import Document
from extractor.ingest import read_document
from extractor.records import (
    DOCUMENT_SCHEMA, KINDS, RECORD_SCHEMA, failed_summary, load_schema, record_id, validation_errors,
)

from conftest import SAMPLES


@pytest.fixture(scope="module")
def extracted(samples_extracted):
    """The samples' records and document summaries, extracted once through the CLI entry point."""
    rec, docs = samples_extracted
    return ([json.loads(line) for line in rec.read_text(encoding="utf-8").splitlines()],
            [json.loads(line) for line in docs.read_text(encoding="utf-8").splitlines()])


@pytest.mark.parametrize("name", [RECORD_SCHEMA, DOCUMENT_SCHEMA])
def test_schemas_are_valid_json_schema(name):
    import jsonschema

    schema = load_schema(name)
    jsonschema.validators.validator_for(schema).check_schema(schema)
    assert schema["$schema"].startswith("https://json-schema.org/")


def test_schema_enums_match_the_code():
    schema = load_schema(RECORD_SCHEMA)
    assert tuple(schema["properties"]["kind"]["enum"]) == KINDS
    assert "enum" not in schema["$defs"]["label"]  # any label of the model's set


@pytest.mark.parametrize("topics, valid", [
    (["staffing"], True), (["y_tế", "giao_thông"], True), ([], True), ([""], False), (["two words"], False),
])
def test_the_record_schema_accepts_any_label_of_a_model(extracted, topics, valid):
    record = dict(extracted[0][0])
    record["topics"] = topics
    record["scores"] = {t: 0.5 for t in topics}
    assert (not validation_errors(record)) is valid


def test_every_record_validates_against_the_record_schema(extracted):
    records, _ = extracted
    assert len(records) > 50
    for r in records:
        assert validation_errors(r) == [], (r["doc_id"], r["start"])


def test_every_summary_validates_against_the_document_schema(extracted):
    records, summaries = extracted
    assert sorted(s["doc_id"] for s in summaries) == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    for s in summaries:
        assert validation_errors(s, DOCUMENT_SCHEMA) == [], s["doc_id"]
        assert s["errors"] == []
        mine = [r for r in records if r["doc_id"] == s["doc_id"]]
        assert s["counts"]["recommendation"] == sum(r["kind"] == "recommendation" for r in mine)
        assert s["counts"]["response"] == sum(r["kind"] == "response" for r in mine)


def test_record_text_is_the_canonical_text_slice(extracted):
    records, _ = extracted
    texts = {}
    for r in records:
        if r["source"]["path"] not in texts:
            texts[r["source"]["path"]] = read_document(r["source"]["path"]).text
        text = texts[r["source"]["path"]]
        assert 0 <= r["start"] < r["end"] <= len(text)
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["text"] == r["text"].strip()


def test_record_fields(extracted):
    records, _ = extracted
    for r in records:
        assert r["schema_version"] == SCHEMA_VERSION
        assert r["extractor_version"] == __version__
        assert r["id"] == record_id(r["source"]["sha256"], r["start"], r["end"])
        if r["section"] is not None:
            assert r["section"] in read_document(r["source"]["path"]).text


def test_ids_are_unique_and_stable_across_two_runs(extracted, extractor):
    records, _ = extracted
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    again = [r for p in sorted(SAMPLES.glob("*.txt")) for r in extractor.process(read_document(p)).records]
    assert [r["id"] for r in again] == ids
    assert again == records


def test_record_id_depends_on_file_and_offsets():
    a = record_id("0" * 64, 10, 20)
    assert a == record_id("0" * 64, 10, 20)
    assert len({a, record_id("1" * 64, 10, 20), record_id("0" * 64, 10, 21), record_id("0" * 64, 11, 20)}) == 4


def test_seed_title_is_none_and_minutes_title_is_first_heading(extracted):
    _, summaries = extracted
    by_id = {s["doc_id"]: s for s in summaries}
    assert by_id["bien-ban-hop-ubnd-xa"]["title"] == "UỶ BAN NHÂN DÂN HUYỆN ĐỨC LẬP"


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda r: r.update(kind="opinion"), "kind"),
        (lambda r: r.update(start=-1), "start"),
        (lambda r: r.update(id="XYZ"), "id"),
        (lambda r: r.update(topics=["two words"]), "topics/0"),
        (lambda r: r.update(extra=1), "<root>"),
        (lambda r: r.pop("speaker"), "<root>"),
        (lambda r: r["source"].update(sha256="abc"), "source/sha256"),
        (lambda r: r.update(scores={"budget": 1.5}), "scores/budget"),
    ],
)
def test_invalid_records_are_reported_with_their_path(extracted, mutate, path):
    import copy

    r = copy.deepcopy(extracted[0][0])
    mutate(r)
    errors = validation_errors(r)
    assert errors and any(e.startswith(path + ":") for e in errors), errors


def test_failed_summary_validates():
    s = failed_summary("khong-co.txt", "no such file or directory")
    assert validation_errors(s, DOCUMENT_SCHEMA) == []
    assert s["errors"] == ["no such file or directory"]


def test_document_round_trips_through_dict():
    d = Document(id="a", text="Ông Hùng đề nghị.", path="a.txt", format="txt", sha256="0" * 64, notes=("x",))
    assert Document.from_dict(json.loads(json.dumps(d.to_dict()))) == d


def test_section_is_the_nearest_heading_before_the_statement(extracted):
    records, _ = extracted
    seed = [r for r in records if r["doc_id"] == "hcmc-ward-chairs-2023"]
    glued = next(r for r in seed if r["text"].startswith("Đối với kiến nghị của chủ tịch các phường"))
    assert glued["section"] == "TPHCM đang xây dựng cơ chế khuyến khích cán bộ dám nghĩ, dám làm"
    first = min(seed, key=lambda r: r["start"])  # the first statement follows the first heading
    assert first["section"] == "Thiếu nhân sự công nghệ thông tin"
    minutes = [r for r in records if r["doc_id"] == "bien-ban-hop-ubnd-xa"]
    assert {r["section"] for r in minutes} <= {"II. Ý kiến của các đại biểu", "III. Kết luận của chủ trì"}


@pytest.mark.parametrize("text, quoted", [
    ("BÁO CÁO TỔNG HỢP\n\n1. Lĩnh vực y tế: Cử tri đề nghị tỉnh bổ sung biên chế cho các trạm y tế xã.\n",
     "1. Lĩnh vực y tế: Cử tri đề nghị tỉnh bổ sung biên chế cho các trạm y tế xã."),
    ("BÁO CÁO TỔNG HỢP\n\n- Cử tri xã An Bình đề nghị tỉnh sớm sửa chữa đường liên xã.\n",
     "- Cử tri xã An Bình đề nghị tỉnh sớm sửa chữa đường liên xã."),
    ("Cử tri phường 7 đề nghị quận sửa chữa tuyến đường số 12.", "Cử tri phường 7 đề nghị quận sửa chữa tuyến đường số 12."),
    ("II. Ý KIẾN CỬ TRI\n\n4. Bà Phạm Thị Hạnh (tổ dân phố 15): Đề nghị phường khắc phục tình trạng ngập úng ở ngõ 291.\n",
     "4. Bà Phạm Thị Hạnh (tổ dân phố 15): Đề nghị phường khắc phục tình trạng ngập úng ở ngõ 291."),
    ("Đại biểu Lê Văn An (Tổ đại biểu số 2):\nTôi đề nghị huyện bố trí thêm kinh phí sửa trường học.\n",
     "Tôi đề nghị huyện bố trí thêm kinh phí sửa trường học."),
], ids=["numbered-item", "bulleted-item", "not-an-item", "a-label-on-the-line-is-quoted-with-the-item",
        "a-label-on-a-line-of-its-own-is-not-quoted"])
def test_a_record_quotes_its_item_with_the_number_or_bullet_and_its_label(extractor, text, quoted):
    from extractor.document import Document

    doc = Document(id="t", text=text, path="t", format="txt", sha256="t")
    (rec,) = [r for r in extractor.process(doc).records if r["kind"] == "recommendation"]
    assert rec["text"] == quoted == text[rec["start"]:rec["end"]]
