"""Readers of annotated sentences: our JSONL, corpus references, Doccano and Label Studio exports."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from extractor.annotations import (AnnotationError, Example, detect_format, load_data, read_corpus_labels,
                                   read_doccano, read_label_studio, read_ours)
from extractor.training import drop_gold_overlap

FIX = Path(__file__).parent / "fixtures"
DATA = Path(__file__).parents[1] / "data"


def _write(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, fmt", [
    ("doccano_export.jsonl", "doccano"),
    ("labelstudio_export.json", "labelstudio"),
    ("labelstudio_export.jsonl", "labelstudio"),
])
def test_fixture_exports_are_detected_and_read(name, fmt):
    assert detect_format(FIX / name) == fmt
    ds = load_data(FIX / name)
    assert len(ds.examples) == 44  # the unannotated Label Studio task is skipped
    kinds = {e.kind for e in ds.examples}
    assert kinds == {"recommendation", "response", "none"}
    assert {l for e in ds.examples for l in e.labels} == {"staffing", "budget", "data_sharing",
                                                          "security_training", "other"}
    assert all(e.split is None for e in ds.examples)


def test_doccano_and_label_studio_fixtures_agree():
    a = {(e.text, e.kind, e.labels) for e in read_doccano(FIX / "doccano_export.jsonl")}
    b = {(e.text, e.kind, e.labels) for e in read_label_studio(FIX / "labelstudio_export.json")}
    assert a == b


def test_doccano_label_forms(tmp_path):
    f = _write(tmp_path / "d.jsonl", [
        {"text": "Đề nghị bổ sung biên chế.", "label": ["Staffing", "recommendation"]},
        {"text": "Hội nghị kết thúc lúc 17 giờ.", "labels": ["none"]},
        {"text": "Cần kết nối dữ liệu.", "label": "data-sharing"},
        {"text": "Chưa gán nhãn.", "label": []},
    ])
    ex = read_doccano(f)
    assert [(e.kind, e.labels) for e in ex] == [("recommendation", ("staffing",)), ("none", ()),
                                                (None, ("data_sharing",))]
    assert ex[2].is_statement and not ex[1].is_statement


@pytest.mark.parametrize("value, label", [
    ("y_te", "y_te"), ("Y tế", "y_tế"), ("giao-thong", "giao_thong"), ("Đất đai", "đất_đai"), ("budget", "budget"),
])
def test_any_label_of_a_secretariat_is_read_in_canonical_form(tmp_path, value, label):
    f = _write(tmp_path / "labels.jsonl", [{"text": "Đề nghị sửa đường liên xã.", "label": [value]}])
    assert read_doccano(f)[0].labels == (label,)


@pytest.mark.parametrize("row, message", [
    ({"text": "x", "label": ["weather?"]}, "'weather\\?' is neither a kind"),
    ({"text": "x", "label": ["12"]}, "'12' is neither a kind"),
    ({"text": "x", "label": [[0, 1, "budget"]]}, "span annotations"),
    ({"text": "", "label": ["budget"]}, "empty text"),
    ({"text": "x", "label": ["none", "budget"]}, "kind 'none' with topic labels"),
    ({"text": "x", "label": ["recommendation", "response"]}, "two kinds"),
    ({"text": "x"}, "no 'label' or 'labels' key"),
])
def test_doccano_errors_name_the_line(tmp_path, row, message):
    f = _write(tmp_path / "bad.jsonl", [{"text": "ok", "label": ["budget"]}, row])
    with pytest.raises(AnnotationError, match=message) as e:
        read_doccano(f)
    assert f"{f}:2" in str(e.value)


def test_label_studio_takes_last_uncancelled_annotation(tmp_path):
    task = {"data": {"text": "Đề nghị tăng phụ cấp."}, "annotations": [
        {"was_cancelled": False, "result": [{"value": {"choices": ["other"]}}]},
        {"was_cancelled": False, "result": [{"value": {"choices": ["budget", "recommendation"]}}]},
        {"was_cancelled": True, "result": [{"value": {"choices": ["staffing"]}}]},
    ]}
    f = tmp_path / "ls.json"
    f.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    (e,) = read_label_studio(f)
    assert e.labels == ("budget",) and e.kind == "recommendation"


def test_label_studio_non_choice_results_are_refused(tmp_path):
    task = {"data": {"text": "x"}, "annotations": [{"result": [{"value": {"start": 0, "end": 1, "labels": ["budget"]}}]}]}
    f = tmp_path / "ls.json"
    f.write_text(json.dumps([task]), encoding="utf-8")
    with pytest.raises(AnnotationError, match="choices"):
        read_label_studio(f)


def test_our_format_and_nfc(tmp_path):
    decomposed = "Đề nghị bổ sung biên chế".encode().decode()  # composed
    import unicodedata

    f = _write(tmp_path / "a.jsonl", [{"text": unicodedata.normalize("NFD", decomposed), "kind": "recommendation",
                                       "labels": ["staffing"], "source": "t", "split": "test"}])
    (e,) = read_ours(f)
    assert e.text == unicodedata.normalize("NFC", decomposed)
    assert e.split == "test" and Example.from_dict(e.to_dict()) == e


def test_corpus_references_resolve_and_check_sha1(tmp_path):
    text = "Cử tri đề nghị bổ sung biên chế. Năm nay xã có 20 cán bộ."
    corpus = _write(tmp_path / "corpus.jsonl", [{"id": "d1", "text": text}])
    s1 = text[:32]
    refs = _write(tmp_path / "corpus_labels.jsonl", [
        {"doc_id": "d1", "start": 0, "end": 32, "sha1": hashlib.sha1(s1.encode()).hexdigest(),
         "kind": "recommendation", "labels": ["staffing"], "split": "train"},
        {"doc_id": "d1", "start": 33, "end": len(text), "sha1": "0" * 40, "kind": "none", "labels": [], "split": "train"},
        {"doc_id": "gone", "start": 0, "end": 3, "sha1": "0" * 40, "kind": "none", "labels": [], "split": "test"},
    ])
    ex, stats = read_corpus_labels(refs, corpus)
    assert [e.text for e in ex] == [s1]
    assert stats["used"] == 1 and stats["sha1_mismatch"] == 1 and stats["missing_doc"] == 1
    ex, stats = read_corpus_labels(refs, tmp_path / "absent.jsonl")
    assert ex == [] and stats["corpus_present"] is False


def test_data_folder_without_corpus_trains_without_it(tmp_path):
    (tmp_path / "annotations").mkdir()
    _write(tmp_path / "annotations" / "a.jsonl", [{"text": "Đề nghị tăng phụ cấp.", "kind": "recommendation",
                                                    "labels": ["budget"], "source": "t", "split": "train"}])
    _write(tmp_path / "corpus_labels.jsonl", [{"doc_id": "d", "start": 0, "end": 1, "sha1": "0" * 40,
                                              "kind": "none", "labels": [], "split": "train"}])
    ds = load_data(tmp_path, corpus=tmp_path / "absent.jsonl")
    assert len(ds.examples) == 1
    assert ds.notes and "not found" in ds.notes[0]


def test_repo_data_folder_reads():
    ds = load_data(DATA)
    assert len(ds.split("train")) > 1000 and len(ds.split("test")) > 200
    assert not any("hcmc-ward-chairs" in e.source for e in ds.split("train"))


def test_gold_overlap_is_dropped():
    ex = [Example("Đề nghị bổ sung biên chế.", "recommendation", ("staffing",)),
          Example("Một câu khác.", "none", ())]
    kept, dropped = drop_gold_overlap(ex, ["Mở đầu.  Đề nghị bổ sung\nbiên chế. Kết thúc."])
    assert [e.text for e in dropped] == ["Đề nghị bổ sung biên chế."]
    assert [e.text for e in kept] == ["Một câu khác."]


def test_missing_file_is_an_annotation_error(tmp_path):
    with pytest.raises(AnnotationError, match="no such file"):
        load_data(tmp_path / "missing.jsonl")
