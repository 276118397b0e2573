"""Links between responses and the recommendations they answer (records 1.1)."""

from __future__ import annotations

import hashlib

import pytest

from extractor.links import default_link_rules, link_records, pair_candidates
from extractor.rulefiles import load_yaml

EXAMPLES = load_yaml("links.yaml")["examples"]


def _record(i, kind, text, speaker=None, topics=("other",)):
    return {"id": hashlib.sha256(str(i).encode()).hexdigest()[:16], "kind": kind, "text": text, "start": i * 100,
            "speaker": {"name": speaker}, "topics": list(topics)}


def _links(records):
    """Response position -> positions of the recommendations it is linked to."""
    link_records(records)
    index = {r["id"]: i for i, r in enumerate(records)}
    return {i: sorted(index[l["id"]] for l in r["responds_to"]) for i, r in enumerate(records) if r["kind"] == "response"}


@pytest.mark.parametrize("example", EXAMPLES["reference"], ids=lambda e: e["text"][:40])
def test_links_yaml_reference_example(example):
    assert default_link_rules().reference(example["text"]) == example["phrase"]


@pytest.mark.parametrize("example", EXAMPLES["continuation"], ids=lambda e: e["text"][:40])
def test_links_yaml_continuation_example(example):
    assert default_link_rules().continues(example["text"]) is example["continues"]


VOTERS = [
    ("recommendation", "Cử tri phường 5 đề nghị thành phố sớm sửa chữa tuyến đường Lê Lợi bị ngập sau mưa.", "Trần Văn Hòa"),
    ("recommendation", "Bà Lan kiến nghị bổ sung biên chế cán bộ địa chính cho phường mới thành lập.", "Nguyễn Thị Lan"),
    ("recommendation", "Ông Hoàng đề xuất mở lớp bồi dưỡng an toàn thông tin cho công chức phường.", "Lê Văn Hoàng"),
]


@pytest.mark.parametrize("response, answers", [
    ("Về đề xuất sửa chữa tuyến đường Lê Lợi, Sở Giao thông cho biết sẽ khởi công trong quý III.",
     [0]),
    ("Về kiến nghị bổ sung biên chế cán bộ địa chính, Giám đốc Sở Nội vụ cho biết sở đang rà soát.",
     [1]),
    ("Đối với kiến nghị của ông Hoàng, Sở Thông tin và Truyền thông sẽ tổ chức hai lớp trong năm.",
     [2]),
    ("Giám đốc Sở Tài chính cho biết năm nay ngân sách thành phố thu vượt dự toán.", []),
], ids=["names-the-matter", "names-the-matter-2", "names-the-speaker", "answers-nothing-asked"])
def test_a_response_is_linked_to_the_recommendation_it_answers(response, answers):
    records = [_record(i, k, t, s) for i, (k, t, s) in enumerate(VOTERS)] + [_record(9, "response", response)]
    assert _links(records)[3] == answers


def test_a_continuation_answers_what_the_response_before_it_answered():
    records = [_record(i, k, t, s) for i, (k, t, s) in enumerate(VOTERS)] + [
        _record(5, "response", "Về kiến nghị bổ sung biên chế cán bộ địa chính, Sở Nội vụ đang rà soát định biên."),
        _record(6, "response", "Đồng thời, thành phố sẽ trình Bộ cho phép tự quyết số lượng người làm việc.")]
    links = _links(records)
    assert links[4] == [1]
    evidence = records[-1]["responds_to"][0]["evidence"]
    assert evidence == {"continues": records[-2]["id"]}


def test_answered_by_is_the_reverse_of_responds_to_and_every_record_has_both():
    records = [_record(i, k, t, s) for i, (k, t, s) in enumerate(VOTERS)] + [
        _record(7, "response", "Về đề xuất mở lớp bồi dưỡng an toàn thông tin, sở sẽ mở lớp vào tháng 6.")]
    link_records(records)
    assert all(isinstance(r["responds_to"], list) and isinstance(r["answered_by"], list) for r in records)
    assert records[2]["answered_by"] == [records[3]["id"]]
    assert records[0]["answered_by"] == [] and records[1]["answered_by"] == []
    link = records[3]["responds_to"][0]
    assert link["id"] == records[2]["id"] and 0 < link["score"] <= 1 and link["evidence"]["named_matter"]


def test_a_response_is_never_linked_to_a_later_recommendation():
    records = [_record(0, "response", "Về đề xuất sửa đường Lê Lợi, sở sẽ sửa trong quý III."),
               _record(1, "recommendation", "Cử tri đề nghị sửa đường Lê Lợi.")]
    link_records(records)
    assert records[0]["responds_to"] == [] and records[1]["answered_by"] == []


@pytest.mark.parametrize("example", EXAMPLES["anaphora"], ids=lambda e: e["text"][:40])
def test_links_yaml_anaphora_example(example):
    assert default_link_rules().points_back(example["text"]) is example["points_back"]


def _meeting(last_response: str) -> list[dict]:
    """The three voters' requests, an answer to the first, one more request, then ``last_response``."""
    return [_record(i, k, t, s) for i, (k, t, s) in enumerate(VOTERS)] + [
        _record(5, "response", "Về đề xuất sửa chữa tuyến đường Lê Lợi, sở sẽ sửa trong quý III."),
        _record(6, "recommendation", "Bà Mai đề nghị lắp thêm camera tại các ngõ của tổ dân phố.", "Phạm Thị Mai"),
        _record(7, "response", last_response)]


def test_a_response_pointing_back_answers_the_requests_since_the_previous_response():
    records = _meeting("Tiếp thu ý kiến này, Công an phường cam kết phối hợp với tổ dân phố.")
    assert _links(records)[5] == [4]
    assert records[5]["responds_to"][0]["evidence"]["points_back"] is True


# --------------------------------------------------------------------------- on whole documents

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
# Floors under the figures of bench/links.py (README): seed 0.710, project documents 0.779, the blind documents
# of rounds 7-11 0.738 (never trained on). They can fail.
SEED_LINK_F1_MIN = 0.65
PROJECT_LINK_F1_MIN = 0.74
BLIND_LINK_F1_MIN = 0.70


@pytest.fixture(scope="module")
def linked():
    import json

    from extractor.ingest import read_document
    from extractor.pipeline import Extractor
    from extractor.scoring import read_gold

    ex = Extractor()
    links = [json.loads(l) for l in (ROOT / "data" / "links" / "gold.jsonl").read_text(encoding="utf-8").splitlines() if l]
    golds = {g["doc"]: g for p in sorted((ROOT / "data" / "gold").glob("*.jsonl")) for g in read_gold(p)}
    records = [r for gl in links for r in ex.process(read_document(ROOT / "data" / "samples" / golds[gl["doc"]]["source"])).records]
    return links, list(golds.values()), records


def test_the_seed_links_reach_their_floor(linked):
    from extractor.scoring import score_links

    links, golds, records = linked
    s = score_links([l for l in links if l["doc"] == "hcmc-ward-chairs-2023"], golds, records)
    assert s["gold_pairs"] == 16 and s["link_f1"] >= SEED_LINK_F1_MIN, s


def test_the_project_documents_links_reach_their_floor(linked):
    from extractor.scoring import score_links

    links, golds, records = linked
    s = score_links([l for l in links if l["doc"] != "hcmc-ward-chairs-2023"], golds, records)
    assert s["link_f1"] >= PROJECT_LINK_F1_MIN, s


def test_the_blind_documents_links_reach_their_floor():
    import json

    from extractor.ingest import read_document
    from extractor.pipeline import Extractor
    from extractor.scoring import read_gold, score_links

    blind = ROOT / "data" / "blind"
    links = [json.loads(l) for l in (blind / "links.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    golds = {g["doc"]: g for g in read_gold(blind / "gold.jsonl")}
    ex = Extractor()
    records = [r for gl in links for r in ex.process(read_document(blind / golds[gl["doc"]]["source"])).records]
    s = score_links(links, [golds[gl["doc"]] for gl in links], records)
    assert s["gold_pairs"] == 523 and s["link_f1"] >= BLIND_LINK_F1_MIN, s


def test_every_link_points_inside_its_document_and_back(linked):
    _, _, records = linked
    by_id = {r["id"]: r for r in records}
    for r in records:
        for link in r["responds_to"]:
            target = by_id[link["id"]]
            assert r["kind"] == "response" and target["kind"] in ("recommendation", "question")
            assert target["doc_id"] == r["doc_id"] and target["start"] < r["start"]
            assert r["id"] in target["answered_by"]
        for rid in r["answered_by"]:
            assert r["id"] in {l["id"] for l in by_id[rid]["responds_to"]}


def test_every_record_validates_against_schema_1_1_and_its_1_0_part_against_1_0(linked):
    from extractor.records import RECORD_SCHEMA, RECORD_SCHEMA_1_0, validation_errors

    _, _, records = linked
    for r in records:
        assert r["schema_version"] == "1.1" and not validation_errors(r, RECORD_SCHEMA)
        if r["kind"] == "question":  # new in 1.1: a 1.0 reader keeps the kinds it knows
            continue
        old = {k: v for k, v in r.items() if k not in ("responds_to", "answered_by", "assignee", "deadline")}
        assert not validation_errors(old, RECORD_SCHEMA_1_0)
    assert any(r["kind"] == "question" for r in records)  # the question sessions' "cho biết" requests


def test_train_links_without_the_corpus_trains_on_the_project_documents(tmp_path):
    import json

    from click.testing import CliRunner

    from extractor.cli import cli
    from extractor.links import load_link_model

    res = CliRunner().invoke(cli, ["train-links", "--out", str(tmp_path / "links"), "--data", str(ROOT / "data"),
                                   "--corpus", str(tmp_path / "khong-co.jsonl")])
    assert res.exit_code == 0, res.output
    assert "corpus is absent" in res.output and "leave-one-document-out link F1" in res.output
    meta = json.loads((tmp_path / "links" / "links.json").read_text(encoding="utf-8"))
    assert meta["trained_on"]["real_documents"] == 0 and "hcmc-ward-chairs-2023" not in meta["trained_on"]["documents"]
    model = load_link_model(tmp_path / "links")
    assert len(model.weights) == len(meta["features"]) and 0 < model.threshold < 1


@pytest.mark.parametrize("example", EXAMPLES["pointing"], ids=lambda e: e["text"][:40])
def test_links_yaml_pointing_example(example):
    assert default_link_rules().pointing(example["text"]) == example["points_at"]


def test_a_response_pointing_back_in_the_singular_points_only_at_the_request_just_made():
    records = [_record(0, "recommendation", "Ông Cường đề nghị thành phố hỗ trợ lực lượng trật tự đô thị.", "Đỗ Hữu Cường"),
               _record(1, "recommendation", "Ông đề nghị bố trí cho phường gói ngân sách dự phòng.", "Đỗ Hữu Cường"),
               _record(2, "response", "Về vấn đề này, Chủ tịch UBND thành phố nhìn nhận đây là bất cập.")]
    [(_, rows)] = list(pair_candidates(records))
    assert [c["id"] for c, f, _ in rows if f["points_back"]] == [records[1]["id"]]


def test_a_response_pointing_back_in_the_plural_points_at_every_request_since_the_previous_response():
    records = [_record(0, "recommendation", "Ông Cường đề nghị thành phố hỗ trợ lực lượng trật tự đô thị.", "Đỗ Hữu Cường"),
               _record(1, "recommendation", "Ông đề nghị bố trí cho phường gói ngân sách dự phòng.", "Đỗ Hữu Cường"),
               _record(2, "response", "Tiếp thu các ý kiến trên, Chủ tịch UBND thành phố giao Sở Tài chính rà soát.")]
    [(_, rows)] = list(pair_candidates(records))
    assert [c["id"] for c, f, _ in rows if f["points_back"]] == [records[0]["id"], records[1]["id"]]


@pytest.mark.parametrize("closing", [
    "Phát biểu kết luận, ông Đặng Văn Lực tiếp thu các ý kiến và cho biết những kiến nghị thuộc thẩm quyền tỉnh sẽ được tổng hợp.",
    "Thay mặt Tổ đại biểu, bà Hà Thị Lan tiếp thu đầy đủ các ý kiến của cử tri.",
])
def test_a_response_accepting_the_opinions_as_a_whole_answers_every_request_before_it(closing):
    records = _meeting(closing)
    assert _links(records)[5] == [0, 1, 2, 4]  # the three voters' requests, and Bà Mai's after the first answer
    assert all(l["evidence"]["accepts_all"] for l in records[5]["responds_to"])


def test_an_answer_opened_by_accepting_the_opinions_answers_only_what_it_is_about():
    records = _meeting("Tiếp thu ý kiến cử tri, Trưởng Công an phường cho biết sẽ lắp camera tại các ngõ trong tháng 6.")
    assert _links(records)[5] == [4]


def test_a_response_naming_another_matter_is_marked_so_for_the_request():
    records = [_record(0, "recommendation", "Cử tri đề nghị sửa đường Lê Lợi."),
               _record(1, "response", "Về thi tuyển công chức cấp xã, sở sẽ tổ chức trong quý III.")]
    [(_, rows)] = list(pair_candidates(records))
    assert rows[0][1]["names_other_matter"] == 1.0


@pytest.mark.parametrize("a, b, expected", [
    ("bổ sung chức danh công nghệ thông tin vào biên chế", "đề nghị bổ sung chức danh công nghệ thông tin cho phường", 8),
    ("tăng phụ cấp của các xã", "nâng phụ cấp của các thôn", 4),
    ("và của các", "và của các", 0),  # only words that say nothing of the matter
    ("sửa đường Lê Lợi", "xây trường học mới", 0),
], ids=["a-long-shared-run", "a-run-with-a-content-word", "stop-words-only", "nothing-shared"])
def test_the_longest_shared_run_of_words(a, b, expected):
    from extractor.links import _WORD, _shared_run, default_link_rules

    stop = default_link_rules().stop_words
    assert _shared_run(_WORD.findall(a), _WORD.findall(b), stop) == expected
