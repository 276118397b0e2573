"""The review loop: uncertain records out as Label Studio / Doccano tasks, corrections back in, applied and
trained on; offsets in UTF-16 code units for Label Studio."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.review import ReviewError, confidence, from_utf16, import_corrections, to_utf16

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


@pytest.mark.parametrize("text", [
    "Cử tri phường 5 đề nghị sửa đường.",
    unicodedata.normalize("NFC", "Bà Lan 😀 đề nghị 𝔸 bổ sung biên chế."),   # outside the Basic Multilingual Plane
    unicodedata.normalize("NFC", unicodedata.normalize("NFD", "Đề nghị tăng phụ cấp cho cán bộ.")),  # decomposed input
])
def test_utf16_offsets_convert_both_ways(text):
    for i in range(len(text) + 1):
        assert from_utf16(text, to_utf16(text, i)) == i
    js_len = len(text.encode("utf-16-le")) // 2
    assert to_utf16(text, len(text)) == js_len


def test_an_emoji_counts_two_units_as_in_javascript():
    text = "a😀b"
    assert [to_utf16(text, i) for i in range(4)] == [0, 1, 3, 4]


@pytest.mark.parametrize("record, value", [
    ({"kind": "response", "evidence": {"probability": 0.55}, "topics": ["budget"], "scores": {"budget": 0.8}}, 0.55),
    ({"kind": "response", "evidence": {}, "topics": ["budget"], "scores": {"budget": 0.42}}, 0.42),
    ({"kind": "response", "evidence": {}, "topics": [], "scores": {}}, 1.0),
])
def test_confidence_is_the_lower_of_kind_and_topic_probability(record, value):
    assert confidence(record) == value


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    rec = out / "records.jsonl"
    res = CliRunner().invoke(cli, ["extract", str(SAMPLES), "-o", str(rec), "-q", "-w", "1"])
    assert res.exit_code == 0, res.output
    tasks = out / "tasks.json"
    res = CliRunner().invoke(cli, ["review", "export", str(rec), "--below", "1.01", "-o", str(tasks)])
    assert res.exit_code == 0, res.output
    return out, rec, tasks


def test_tasks_follow_label_studios_import_format(exported):
    out, rec, tasks = exported
    records = [json.loads(l) for l in rec.read_text(encoding="utf-8").splitlines()]
    data = json.loads(tasks.read_text(encoding="utf-8"))
    assert len(data) == len(records)  # --below 1.01: every record
    scores = [t["predictions"][0]["score"] for t in data]
    assert scores == sorted(scores)  # least certain first
    by_id = {r["id"]: r for r in records}
    for t in data:
        assert set(t) == {"data", "predictions"} and isinstance(t["data"]["text"], str)
        for item in t["predictions"][0]["result"]:
            assert {"from_name", "to_name", "type", "value"} <= set(item)
        st = next(i for i in t["predictions"][0]["result"] if i["from_name"] == "statement")
        ctx = t["data"]["text"]
        s, e = from_utf16(ctx, st["value"]["start"]), from_utf16(ctx, st["value"]["end"])
        assert ctx[s:e] == by_id[t["data"]["record_id"]]["text"] == st["value"]["text"]
    config = tasks.with_suffix(".xml").read_text(encoding="utf-8")
    assert config.startswith("<View>") and 'name="statement"' in config and 'name="topics"' in config


def test_doccano_tasks_have_spans_and_categories(exported, tmp_path):
    _, rec, _ = exported
    out = tmp_path / "tasks.jsonl"
    res = CliRunner().invoke(cli, ["review", "export", str(rec), "--below", "1.01", "--format", "doccano", "-o", str(out)])
    assert res.exit_code == 0, res.output
    for line in out.read_text(encoding="utf-8").splitlines():
        t = json.loads(line)
        assert {"text", "label", "cats", "meta"} <= set(t)
        for s, e, label in t["label"]:
            assert 0 <= s < e <= len(t["text"]) and label


def test_round_trip_a_reviewers_corrections_reach_the_records_and_the_training_data(exported, tmp_path):
    out, rec, tasks = exported
    data = json.loads(tasks.read_text(encoding="utf-8"))
    changes = {}
    for i, t in enumerate(data):
        result = [dict(x) for x in t["predictions"][0]["result"]]
        kind = next(x for x in result if x["from_name"] == "kind")
        topics = next(x for x in result if x["from_name"] == "topics")
        if i == 0:
            kind["value"] = {"choices": ["response" if kind["value"]["choices"][0] == "recommendation" else "recommendation"]}
            changes["kind"] = t["data"]["record_id"]
        elif i == 1:
            new_topic = "data_sharing" if topics["value"]["choices"] != ["data_sharing"] else "budget"
            topics["value"] = {"choices": [new_topic]}
            changes["topic"] = t["data"]["record_id"]
        elif i == 2:
            result = [x for x in result if x["from_name"] != "speaker_name"] + [
                {"from_name": "speaker_name", "to_name": "text", "type": "textarea", "value": {"text": ["Nguyễn Thị Ánh"]}}]
            changes["speaker"] = t["data"]["record_id"]
        elif i == 3:
            kind["value"] = {"choices": ["none"]}
            changes["rejected"] = t["data"]["record_id"]
        t["annotations"] = [{"result": result, "was_cancelled": False}]
    exported_file = tmp_path / "export.json"
    exported_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    corrections = tmp_path / "corrections.jsonl"
    res = CliRunner().invoke(cli, ["review", "import", str(exported_file), "--records", str(rec), "-o", str(corrections)])
    assert res.exit_code == 0, res.output
    fixes = {c["record_id"]: c for c in map(json.loads, corrections.read_text(encoding="utf-8").splitlines())}
    assert len(fixes) == len(data)
    assert fixes[changes["rejected"]]["review_status"] == "rejected"
    assert {k: fixes[changes[k]]["review_status"] for k in ("kind", "topic", "speaker")} == dict.fromkeys(
        ("kind", "topic", "speaker"), "corrected")
    assert sum(c["review_status"] == "accepted" for c in fixes.values()) == len(data) - 4
    reviewed = tmp_path / "reviewed.jsonl"
    res = CliRunner().invoke(cli, ["review", "apply", str(rec), str(corrections), "-o", str(reviewed)])
    assert res.exit_code == 0, res.output
    after = {r["id"]: r for r in map(json.loads, reviewed.read_text(encoding="utf-8").splitlines())}
    before = {r["id"]: r for r in map(json.loads, rec.read_text(encoding="utf-8").splitlines())}
    assert len(after) == len(before)  # nothing lost, nothing duplicated
    assert after[changes["kind"]]["kind"] != before[changes["kind"]]["kind"]
    assert after[changes["topic"]]["topics"] == [new_topic]
    assert after[changes["speaker"]]["speaker"]["name"] == "Nguyễn Thị Ánh"
    assert after[changes["rejected"]]["review_status"] == "rejected"
    from extractor.records import validation_errors

    assert all(not validation_errors(r) for r in after.values())
    # the corrections are training data `extractor train` accepts
    model = tmp_path / "model"
    res = CliRunner().invoke(cli, ["train", "--data", str(corrections), "--out", str(model), "--cv", "0", "-q"])
    assert res.exit_code == 0, res.output
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert new_topic in meta["labels"] and meta["data"]["train"]["kind_none"] >= 1


@pytest.mark.parametrize("content, message", [
    ("not json", "not a Label Studio JSON export"),
    ('{"data": {}}', "expected a list of tasks"),
    ('[{"data": {"text": "x"}, "annotations": []}]', "task 1: no data.record_id"),
    ('[{"data": {"text": "x", "record_id": "a"}, "annotations": [{"result": [{"value": {}}]}]}]',
     "task 1: a result without from_name"),
], ids=["not-json", "not-a-list", "foreign-task", "broken-result"])
def test_a_malformed_export_is_one_error_naming_the_task(tmp_path, content, message):
    f = tmp_path / "export.json"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ReviewError, match=message):
        import_corrections(f)


def test_a_doccano_export_comes_back_as_corrections(exported, tmp_path):
    _, rec, _ = exported
    tasks = tmp_path / "tasks.jsonl"
    res = CliRunner().invoke(cli, ["review", "export", str(rec), "--below", "1.01", "--format", "doccano", "-o", str(tasks)])
    assert res.exit_code == 0, res.output
    lines = [json.loads(l) for l in tasks.read_text(encoding="utf-8").splitlines()]
    lines[0]["cats"] = ["none"]                                   # rejected
    lines[1]["cats"] = [lines[1]["cats"][0], "security_training"]  # a topic corrected
    exported_file = tmp_path / "doccano-export.jsonl"
    exported_file.write_text("".join(json.dumps(l, ensure_ascii=False) + "\n" for l in lines), encoding="utf-8")
    records = [json.loads(l) for l in rec.read_text(encoding="utf-8").splitlines()]
    fixes = {c["record_id"]: c for c in import_corrections(exported_file, records)}
    assert len(fixes) == len(lines)
    assert fixes[lines[0]["meta"]["record_id"]]["review_status"] == "rejected"
    second = fixes[lines[1]["meta"]["record_id"]]
    assert second["labels"] == ["security_training"]
    by_id = {r["id"]: r for r in records}
    assert second["text"] == by_id[second["record_id"]]["text"]
