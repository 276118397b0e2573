"""The same request across documents: `extractor group` / `extract --groups` give recommendations that ask for
the same thing a shared `group`, document summaries their groups, and the report a list of them."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.groups import group_records


def _rec(i, doc, text, kind="recommendation"):
    return {"id": f"{i:016x}", "doc_id": doc, "kind": kind, "text": text, "start": 0, "end": len(text), "evidence": {}}


@pytest.mark.parametrize("a, b, same", [
    ("Cử tri phường 5 đề nghị tăng phụ cấp cho người hoạt động không chuyên trách ở khu phố.",
     "Cử tri xã An Bình kiến nghị nâng mức phụ cấp cho người hoạt động không chuyên trách ở thôn.", True),
    ("Đề nghị tổ chức tập huấn kỹ năng bảo đảm an toàn thông tin cho cán bộ, công chức cấp xã.",
     "Cử tri đề nghị tăng cường tập huấn an toàn thông tin cho cán bộ, công chức cấp xã.", True),
    ("Cử tri phường 5 đề nghị tăng phụ cấp cho người hoạt động không chuyên trách ở khu phố.",
     "Cử tri đề nghị sớm sửa chữa tuyến đường liên xã bị sạt lở.", False),
], ids=["allowance-for-part-time-workers", "security-training", "allowance-and-a-road"])
def test_requests_for_the_same_thing_share_a_group(a, b, same):
    filler = [_rec(10 + k, f"d{k}", t) for k, t in enumerate((
        "Đề nghị lắp camera an ninh ở các ngõ.", "Kiến nghị xây thêm phòng học cho trường mầm non.",
        "Đề nghị kết nối cơ sở dữ liệu đất đai với dân cư.", "Cử tri mong muốn có thêm bác sĩ cho trạm y tế."))]
    records = [_rec(1, "d-a", a), _rec(2, "d-b", b), _rec(3, "d-b", "Sở Nội vụ cho biết sẽ rà soát.", "response")] + filler
    group_records(records)
    assert (records[0]["group"] == records[1]["group"]) is same
    assert records[0]["group_size"] == (2 if same else 1)
    assert records[2]["group"] is None and records[2]["group_size"] is None


@pytest.fixture(scope="module")
def grouped(samples_extracted, tmp_path_factory):
    rec, docs = samples_extracted
    out = tmp_path_factory.mktemp("grouped")
    shutil.copy(rec, out / "records.jsonl")
    shutil.copy(docs, out / "documents.jsonl")
    res = CliRunner().invoke(cli, ["group", str(out / "records.jsonl"), "--documents", str(out / "documents.jsonl")])
    assert res.exit_code == 0, res.output
    read = lambda p: [json.loads(l) for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]
    return out, read(out / "records.jsonl"), read(out / "documents.jsonl")


def test_grouped_records_are_schema_valid_and_every_recommendation_has_a_group(grouped):
    from extractor.records import validate_record

    _, records, _ = grouped
    for r in records:
        validate_record(r)
        assert (r["group"] is not None) is (r["kind"] == "recommendation")
    sizes = {}
    for r in records:
        if r["group"]:
            sizes.setdefault(r["group"], []).append(r)
    assert all(len(m) == m[0]["group_size"] for m in sizes.values())
    assert any(len({r["doc_id"] for r in m}) > 1 for m in sizes.values())  # the samples repeat requests across documents


def test_each_document_summary_lists_the_groups_of_its_requests(grouped):
    _, records, docs = grouped
    for d in docs:
        mine = [r for r in records if r["doc_id"] == d["doc_id"] and (r.get("group_size") or 0) > 1]
        assert sum(g["recommendations"] for g in d["groups"]) == len(mine)
        assert {g["group"] for g in d["groups"]} == {r["group"] for r in mine}


def test_the_report_lists_the_groups_asked_more_than_once(grouped):
    out, records, _ = grouped
    page = out / "report.html"
    res = CliRunner().invoke(cli, ["report", str(out / "records.jsonl"), "--documents", str(out / "documents.jsonl"),
                                   "-o", str(page)])
    assert res.exit_code == 0, res.output
    html = page.read_text(encoding="utf-8")
    many = {r["group"] for r in records if (r.get("group_size") or 0) > 1}
    assert html.count('class="group"') == len(many) > 0
    assert all(f'id="{g}"' in html for g in many)


def test_grouping_needs_an_output_file():
    res = CliRunner().invoke(cli, ["extract", "data/samples/hcmc-ward-chairs-2023.txt", "--groups"])
    assert res.exit_code == 2 and "--groups" in res.output
