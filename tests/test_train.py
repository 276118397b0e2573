"""Training, saving and evaluating (tiny models, so the tests stay fast)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from extractor.annotations import load_data
from extractor.cli import cli
from extractor.labels import SHIPPED_LABELS as LABELS
from extractor.model.config import TrainConfig
from extractor.model.load import load_model
from extractor.model.metrics import choose_thresholds, decide
from extractor.model.save import save_model
from extractor.model.train import cross_validate, train_model

FIX = Path(__file__).parent / "fixtures"
SMALL = TrainConfig(cv_folds=0, calibration_folds=2, threshold_folds=0)


@pytest.fixture(scope="module")
def examples():
    return load_data(FIX / "doccano_export.jsonl").examples


def test_same_seed_same_predictions(examples, tmp_path):
    a = train_model(examples, SMALL)
    b = train_model(examples, SMALL)
    texts = [e.text for e in examples[:10]] + ["Đề nghị bổ sung biên chế cho phường."]
    assert a.thresholds == b.thresholds
    assert a.predict_topics(texts) == b.predict_topics(texts)
    assert a.predict_kind(texts) == b.predict_kind(texts)
    # and after a round trip through the saved files: the runtime file predicts, the skops
    # pipelines it was made from give the same probabilities
    save_model(a, tmp_path / "a")
    c = load_model(tmp_path / "a")
    assert c._topics is None and c.meta["files"]["runtime"]["path"] == "runtime.npz"
    assert c.predict_topics(texts) == a.predict_topics(texts)
    assert c.predict_kind(texts) == a.predict_kind(texts)
    c.topics_run, c.kind_run = c.topics, c.kind  # the skops pipelines themselves
    assert c.predict_topics(texts) == a.predict_topics(texts)
    assert c.predict_kind(texts) == a.predict_kind(texts)


def test_decide_falls_back_to_other():
    P = np.array([[0.1, 0.2, 0.1, 0.1, 0.1], [0.9, 0.8, 0.1, 0.1, 0.1]])
    Y = decide(P, np.full(len(LABELS), 0.5), LABELS.index("other"))
    assert [[l for j, l in enumerate(LABELS) if r[j]] for r in Y] == [["other"], ["staffing", "budget"]]


def test_thresholds_are_chosen_per_label():
    P = np.array([[0.3, 0.9, 0, 0, 0], [0.35, 0.2, 0, 0, 0], [0.1, 0.6, 0, 0, 0], [0.05, 0.1, 0, 0, 0]])
    Y = np.array([[1, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 0, 0]])
    th = choose_thresholds(P, Y)
    assert 0.1 < th[0] <= 0.3 and 0.2 < th[1] <= 0.6
    assert th[2] == 0.5  # a label without examples keeps 0.5


def test_cross_validation_reports_each_fold(examples):
    cv = cross_validate(examples, SMALL, k=2)
    assert cv["k"] == 2 and len(cv["topics_macro_f1"]["folds"]) == 2
    assert 0 <= cv["topics_macro_f1"]["mean"] <= 1
    assert cv["kind_macro_f1"] is not None


@pytest.mark.parametrize("export, cv", [("doccano_export.jsonl", "2"), ("labelstudio_export.json", "0"),
                                        ("labelstudio_export.jsonl", "0")])
def test_retrain_from_tool_export_end_to_end(export, cv, tmp_path):
    runner = CliRunner()
    out = tmp_path / "model"
    res = runner.invoke(cli, ["train", "--data", str(FIX / export), "--out", str(out), "--seed", "3", "--cv", cv, "-q"])
    assert res.exit_code == 0, res.output
    assert "validation" in res.output and "thresholds:" in res.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["seed"] == 3 and meta["data"]["train"]["sentences"] == 44
    assert (meta["metrics"]["topics"].get("cv") or {}).get("k", 0) == int(cv)
    assert (out / "topics.skops").is_file() and (out / "kind.skops").is_file() and (out / "MODEL_CARD.md").is_file()
    assert (out / "runtime.npz").is_file() and set(meta["files"]) == {"topics", "kind", "runtime"}
    if export.startswith("doccano"):  # the new model runs in the pipeline
        from extractor.pipeline import Extractor

        doc = Extractor(out).nlp("Ông Trần Văn B đề nghị thành phố bổ sung biên chế cho phường.")
        stmts = [s for s in doc.spans["sentences"] if s._.kind]
        assert stmts and stmts[0]._.evidence["topic_model"] == "model"
    # and evaluates, as text and as JSON
    res = runner.invoke(cli, ["evaluate", "--model", str(out), "--data", str(FIX / export)])
    assert res.exit_code == 0, res.output
    assert "macro-F1" in res.output and "gold \\ predicted" in res.output
    res = runner.invoke(cli, ["evaluate", "--model", str(out), "--data", str(FIX / export), "--json"])
    rep = json.loads(res.output)
    assert set(rep["topics"]["per_label"]) == set(LABELS)
    assert rep["topics"]["n"] == 38 and rep["kind"]["n"] == 44


def test_evaluate_shipped_model_with_cv_and_worst(tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["evaluate", "--data", str(FIX / "doccano_export.jsonl"), "--json", "--worst", "3"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    assert rep["model"] == "topics-v1"
    assert rep["topics"]["macro_f1"] > 0.8
    assert len(rep["topics"]["worst"]) == 3


def test_evaluate_cross_validates_with_the_model_settings(tmp_path, examples):
    m = train_model(examples, SMALL)
    save_model(m, tmp_path / "small")
    res = CliRunner().invoke(cli, ["evaluate", "--model", str(tmp_path / "small"), "--data",
                                   str(FIX / "labelstudio_export.json"), "--cv", "2"])
    assert res.exit_code == 0, res.output
    assert "2-fold CV (44 rows): topics macro-F1" in res.output


def test_train_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": ["weather"]}\n', encoding="utf-8")
    res = CliRunner().invoke(cli, ["train", "--data", str(bad), "--out", str(tmp_path / "m"), "-q"])
    assert res.exit_code == 1
    assert res.output.count("\n") == 1 and "at least two topic labels, found ['weather']" in res.output
    res = CliRunner().invoke(cli, ["evaluate", "--model", str(tmp_path / "none"), "--data", str(FIX / "doccano_export.jsonl")])
    assert res.exit_code == 1 and "model directory not found" in res.output


def test_commands_have_help():
    for name in ("train", "evaluate"):
        res = CliRunner().invoke(cli, [name, "--help"])
        assert res.exit_code == 0 and "--data" in res.output


def test_the_label_set_is_the_datas_and_travels_with_the_model(examples, tmp_path):
    # no 'other' and no 'data_sharing' examples: the model knows only the three labels it saw
    few = [e for e in examples if not {"other", "data_sharing"} & set(e.labels)][:20]
    m = train_model(few, SMALL)
    assert m.labels == ("staffing", "budget", "security_training") and m.fallback is None
    save_model(m, tmp_path / "few")
    loaded = load_model(tmp_path / "few")
    assert loaded.labels == m.labels
    assert json.loads((tmp_path / "few" / "meta.json").read_text(encoding="utf-8"))["labels"] == list(m.labels)
    (labels, scores), = loaded.predict_topics(["Đề nghị bổ sung biên chế cho phường."])
    assert set(labels) <= set(m.labels) and set(scores) == set(m.labels)


def test_a_label_without_examples_keeps_a_constant_when_the_set_is_given(examples, tmp_path):
    few = [e for e in examples if not {"other", "data_sharing"} & set(e.labels)][:20]
    m = train_model(few, SMALL, labels=LABELS)
    save_model(m, tmp_path / "few")
    (labels, scores), = load_model(tmp_path / "few").predict_topics(["Đề nghị bổ sung biên chế cho phường."])
    assert labels and set(scores) == set(LABELS)
    assert scores["data_sharing"] == 0.0


def test_train_without_the_shared_corpus_says_so(examples, tmp_path):
    data = tmp_path / "data"
    (data / "annotations").mkdir(parents=True)
    rows = [dict(e.to_dict(), split="train") for e in examples]
    (data / "annotations" / "a.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (data / "corpus_labels.jsonl").write_text(json.dumps(
        {"doc_id": "d", "start": 0, "end": 5, "sha1": "0" * 40, "kind": "none", "labels": [], "split": "train"}) + "\n",
        encoding="utf-8")
    out = tmp_path / "m"
    res = CliRunner().invoke(cli, ["train", "--data", str(data), "--out", str(out), "--cv", "0", "-q",
                                   "--corpus", str(tmp_path / "absent.jsonl")])
    assert res.exit_code == 0, res.output
    assert "shared corpus not found" in res.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["data"]["corpus_sentences_used"] == 0 and meta["data"]["corpus"]["corpus_present"] is False
    assert meta["data"]["notes"]


# A secretariat's own label set: health, transport and land (invented sentences, eight per label).
_OWN_LABELS = {
    "Y tế": [
        "Cử tri đề nghị bổ sung bác sĩ cho trạm y tế xã Tân Phú.",
        "Đề nghị Sở Y tế cấp thêm thuốc điều trị cao huyết áp cho trạm y tế phường.",
        "Bà Lan kiến nghị nâng cấp phòng khám đa khoa khu vực đã xuống cấp.",
        "Người dân mong muốn bệnh viện huyện có thêm máy chạy thận nhân tạo.",
        "Giám đốc Sở Y tế cho biết sẽ điều động hai bác sĩ về trạm y tế xã trong tháng tới.",
        "Đề nghị tăng cường kiểm tra an toàn thực phẩm tại các bếp ăn tập thể.",
        "Cử tri phản ánh tình trạng quá tải tại khoa nhi bệnh viện tỉnh và đề nghị mở rộng khoa.",
        "Ông Minh đề nghị tổ chức tiêm chủng mở rộng tại chỗ cho trẻ em vùng sâu.",
    ],
    "giao-thong": [
        "Cử tri đề nghị sửa chữa tuyến đường liên xã bị sạt lở sau mưa lũ.",
        "Đề nghị lắp đặt đèn tín hiệu giao thông tại ngã tư chợ Bình Tây.",
        "Người dân kiến nghị sớm xây cầu thay cho đò ngang qua sông.",
        "Giám đốc Sở Giao thông vận tải cho biết tuyến đường sẽ được thảm nhựa trong quý III.",
        "Ông Hùng đề nghị mở rộng quốc lộ đoạn qua thị trấn vì thường xuyên ùn tắc.",
        "Cử tri mong muốn có tuyến xe buýt nối trung tâm huyện với bệnh viện tỉnh.",
        "Đề nghị cắm biển hạn chế tải trọng trên cầu treo của thôn.",
        "Bà Hoa kiến nghị làm vỉa hè và rãnh thoát nước cho tuyến đường mới mở.",
    ],
    "Đất đai": [
        "Cử tri đề nghị đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân.",
        "Đề nghị công khai quy hoạch sử dụng đất của xã đến năm 2030.",
        "Người dân kiến nghị xem xét lại giá bồi thường đất nông nghiệp khi thu hồi.",
        "Giám đốc Sở Tài nguyên và Môi trường cho biết đã giải quyết xong hồ sơ tranh chấp đất.",
        "Ông Nam đề nghị xử lý dứt điểm các trường hợp lấn chiếm đất công.",
        "Cử tri mong muốn được chuyển mục đích sử dụng đất vườn sang đất ở.",
        "Đề nghị đo đạc lại ranh giới thửa đất giữa hai thôn đang tranh chấp.",
        "Bà Thu kiến nghị bố trí đất tái định cư trước khi thu hồi đất của dân.",
    ],
}


def test_a_model_trained_on_a_secretariats_own_labels_extracts_with_them(tmp_path):
    rows = [{"text": t, "label": [label, "recommendation" if "cho biết" not in t else "response"]}
            for label, texts in _OWN_LABELS.items() for t in texts]
    rows += [{"text": "Hội nghị diễn ra trong một buổi sáng tại hội trường UBND huyện.", "label": ["none"]},
             {"text": "Tham dự có đại diện các sở, ngành của tỉnh.", "label": ["none"]},
             {"text": "Chủ trì hội nghị là Chủ tịch UBND huyện.", "label": ["none"]}]
    export = tmp_path / "doccano.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "own"
    runner = CliRunner()
    res = runner.invoke(cli, ["train", "--data", str(export), "--out", str(out), "--cv", "0", "-q"])
    assert res.exit_code == 0, res.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["labels"] == ["giao_thong", "y_tế", "đất_đai"] and meta["fallback"] is None
    doc = tmp_path / "bien-ban.txt"
    doc.write_text("Cử tri xã An Hòa đề nghị sửa chữa tuyến đường liên thôn bị sạt lở.\n\n"
                   "Cử tri cũng đề nghị bổ sung bác sĩ cho trạm y tế xã.\n", encoding="utf-8")
    records, docs = tmp_path / "records.jsonl", tmp_path / "documents.jsonl"
    res = runner.invoke(cli, ["extract", str(doc), "--model", str(out), "-o", str(records), "--documents", str(docs),
                              "-q", "-w", "1"])
    assert res.exit_code == 0, res.output
    from extractor.records import DOCUMENT_SCHEMA, validation_errors

    recs = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 2 and all(not validation_errors(r) for r in recs)
    assert all(set(r["scores"]) == set(meta["labels"]) and set(r["topics"]) <= set(meta["labels"]) for r in recs)
    summary = json.loads(docs.read_text(encoding="utf-8").splitlines()[0])
    assert not validation_errors(summary, DOCUMENT_SCHEMA)
    assert summary["topic_model"] == {"name": "own", "labels": meta["labels"]}
