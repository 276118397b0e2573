"""Who must act and by when: assignee and deadline spans, never inferred."""

from __future__ import annotations

import pytest

from extractor.obligations import document_year, find_assignee, find_deadline
from extractor.rulefiles import load_yaml

EXAMPLES = load_yaml("obligations.yaml")["examples"]


@pytest.mark.parametrize("example", EXAMPLES["assignee"], ids=lambda e: e["text"][:40])
def test_obligations_yaml_assignee_example(example):
    found = find_assignee(example["text"], answer=example.get("answer", True))
    assert (found and found["text"]) == example["assignee"]


@pytest.mark.parametrize("example", EXAMPLES["deadline"], ids=lambda e: e["text"][:40])
def test_obligations_yaml_deadline_example(example):
    found = find_deadline(example["text"])
    assert (found and found["text"]) == example["deadline"] and (found and found["date"]) == example["date"]


@pytest.mark.parametrize("text, deadline, date", [
    ("Giao phòng Nội vụ báo cáo chậm nhất ngày 15/7/2024.", "chậm nhất ngày 15/7/2024", "2024-07-15"),
    ("UBND huyện sẽ hoàn thành trong năm 2025.", "trong năm 2025", "2025-12-31"),
    ("Sở sẽ mở lớp trong tháng 10.", "trong tháng 10", "2024-10-31"),
    ("Xã sẽ sửa xong trong quý III.", "trong quý III", "2024-09-30"),
    ("Từ năm 2020 đến nay, xã đã tuyển 5 công chức.", None, None),
    ("Ngày 12/3 vừa qua, sở đã làm việc với huyện.", None, None),
], ids=["at-the-latest", "within-a-year", "month-of-the-documents-year", "quarter-of-the-documents-year",
        "a-past-period", "a-past-date"])
def test_a_deadline_is_the_time_set_and_relative_times_take_the_documents_year(text, deadline, date):
    found = find_deadline(text, doc_year=2024)
    assert (found and found["text"]) == deadline and (found and found["date"]) == date


def test_a_quarter_without_a_year_has_no_date_when_the_document_gives_none():
    found = find_deadline("Xã sẽ sửa xong trong quý III.", doc_year=None)
    assert found["text"] == "trong quý III" and found["date"] is None


@pytest.mark.parametrize("text, year", [
    ("UBND XÃ AN BÌNH\nAn Bình, ngày 12 tháng 3 năm 2024\nBIÊN BẢN HỌP", 2024),
    ("Biên bản họp ngày 05/11/2023 tại hội trường", 2023),
    ("Biên bản họp tổ dân phố", None),
])
def test_the_documents_date_is_its_first_date(text, year):
    assert document_year(text) == year


def test_spans_are_offsets_into_the_document():
    text = "Chủ tọa kết luận giao Sở Nội vụ chủ trì rà soát trước ngày 30/6/2024."
    a, d = find_assignee(text, 100), find_deadline(text, 100)
    assert (a["start"], a["end"]) == (100 + text.index("Sở Nội vụ"), 100 + text.index("Sở Nội vụ") + len("Sở Nội vụ"))
    assert d["start"] - 100 == text.index("trước ngày")


def test_a_request_has_no_assignee_and_no_statement_gets_a_span_its_text_does_not_hold():
    """Over the project's documents: a recommendation put to someone ("đề nghị Sở ...", "kiến nghị UBND tỉnh
    chỉ đạo ...") never gets an assignee, and every assignee and deadline is a span of the statement's own text."""
    import re

    from pathlib import Path

    from extractor.ingest import read_document
    from extractor.pipeline import Extractor

    ex = Extractor(links=False)
    records = [r for p in sorted((Path(__file__).resolve().parents[1] / "data" / "samples").glob("*.txt"))
               for r in ex.process(read_document(p)).records]
    for r in records:
        if r["kind"] == "recommendation" and r["evidence"].get("rule") != "official_request" and r["assignee"]:
            # the addressee of a request is not an assignee; a direction's object or a commitment's subject is
            before = r["text"][:r["assignee"]["start"] - r["start"]]
            assert not re.search(r"(?i)(đề nghị|kiến nghị|đề xuất|mong muốn|mong)\s+(cho\s+)?$", before), r["text"]
            assert not (r["speaker"]["role"] or "").lower().startswith("cử tri") or "sẽ" in r["text"], r["text"]
        for field in ("assignee", "deadline"):
            span = r[field]
            if span:
                assert r["start"] <= span["start"] < span["end"] <= r["end"]
                assert r["text"][span["start"] - r["start"]:span["end"] - r["start"]] == span["text"]
    assert sum(1 for r in records if r["deadline"]) >= 20 and sum(1 for r in records if r["assignee"]) >= 20


@pytest.mark.parametrize("text, date", [
    ("UBND XÃ AN BÌNH\nAn Bình, ngày 12 tháng 3 năm 2024\nBIÊN BẢN HỌP", "ngày 12 tháng 3 năm 2024"),
    ("Biên bản họp tổ dân phố", None),
])
def test_the_report_shows_the_documents_own_date_as_written(text, date):
    from extractor.obligations import document_date

    assert document_date(text) == date


@pytest.mark.parametrize("sentence, name, expected", [
    ("Giám đốc Trung tâm Y tế huyện Bế Thị Thoa tiếp thu ý kiến và cam kết trong quý IV sẽ bố trí bác sĩ về trạm.",
     "Bế Thị Thoa", "Bế Thị Thoa"),
    ("Đại biểu Trần Hoàng Nam cho biết sẽ tổng hợp đầy đủ ý kiến của cử tri gửi Quốc hội.", "Trần Hoàng Nam",
     "Trần Hoàng Nam"),
    ("Ông Lê Văn Tùng cho biết tuyến đường đã được sửa xong từ tháng 5.", "Lê Văn Tùng", None),
], ids=["commits-in-person", "says-they-will", "no-commitment"])
def test_a_named_speaker_who_commits_in_person_is_the_assignee(sentence, name, expected):
    from extractor.obligations import add_obligations

    at = sentence.find(name)
    record = {"kind": "response", "text": sentence, "start": 100,
              "speaker": {"name": name, "role": None, "evidence": {"start": 100 + at, "end": 100 + at + len(name)}}}
    add_obligations([record], "x" * 100 + sentence)
    assert (record["assignee"] or {}).get("text") == expected
