"""The statement sequence model (extractor/sequence): loading and trust, the combination with the rules,
the evidence it leaves in records, its features, and a small training run."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import ModelError
from extractor.sequence.runtime import SequenceModel, default_path

SHIPPED = default_path()


@pytest.fixture(scope="module")
def model():
    return SequenceModel(SHIPPED)


@pytest.fixture(scope="module")
def nlp():
    from extractor.pipeline import build_nlp

    return build_nlp(topics=False)


def kinds(nlp, text):
    doc = nlp(text)
    return [(s.text, s._.kind, s._.evidence or {}) for s in doc.spans["sentences"]]


def test_shipped_model_lists_its_labels_and_its_training_data(model):
    assert set(model.labels) == {"recommendation", "response", "none"}
    training = model.meta["training"]
    assert training["real_documents"] >= 500
    assert training["seed_document_excluded"] == "hcmc-ward-chairs-2023"
    assert model.combine is not None


def test_changed_model_file_is_refused(tmp_path):
    copy = tmp_path / "m"
    shutil.copytree(SHIPPED, copy)
    with open(copy / "statements.crfsuite", "ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelError, match="sha256"):
        SequenceModel(copy)


def test_missing_model_directory_is_one_clear_error(tmp_path):
    with pytest.raises(ModelError, match="not a statement model directory"):
        SequenceModel(tmp_path / "nothing")


@pytest.mark.parametrize("combine", [{"add_recommendation": 0.5}, {"add_recommendation": 0.5, "add_response": 0.5,
                                                                    "drop": 0.85, "flip": 2.0}, "yes",
                                     {"add_recommendation": 0.5, "add_response": 0.5, "drop": 0.85, "flip": 0.9,
                                      "drop_by_rule": {"request_verb": 3}},
                                     {"add_recommendation": 0.5, "add_response": 0.5, "drop": 0.85, "flip": 0.9,
                                      "drop_by_rule": [0.7]}],
                         ids=["missing-keys", "out-of-range", "not-a-table", "rule-drop-out-of-range",
                              "rule-drops-not-a-table"])
def test_bad_combination_settings_are_refused(tmp_path, combine):
    copy = tmp_path / "m"
    shutil.copytree(SHIPPED, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["combine"] = combine
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="combine"):
        SequenceModel(copy)


SETTING = {"add_recommendation": 0.5, "add_response": 0.6, "drop": 0.85, "flip": 0.9}


@pytest.mark.parametrize("scores, rule_kind, expected", [
    ({"recommendation": 0.7, "response": 0.1, "none": 0.2}, None, ("recommendation", "model_added")),
    ({"recommendation": 0.1, "response": 0.45, "none": 0.45}, None, ("none", "rules_kept")),
    ({"recommendation": 0.05, "response": 0.65, "none": 0.3}, None, ("response", "model_added")),
    ({"recommendation": 0.05, "response": 0.05, "none": 0.9}, "recommendation", ("none", "model_dropped")),
    ({"recommendation": 0.02, "response": 0.95, "none": 0.03}, "recommendation", ("response", "model_flipped")),
    ({"recommendation": 0.2, "response": 0.1, "none": 0.7}, "recommendation", ("recommendation", "rules_kept")),
], ids=["adds-a-likely-request", "response-below-its-own-threshold", "adds-a-likely-answer",
        "drops-a-sure-non-statement", "flips-a-sure-other-kind", "keeps-the-rules-otherwise"])
def test_combination_of_rules_and_model(model, scores, rule_kind, expected):
    saved = model.combine
    try:
        model.combine = SETTING
        assert model.decide(scores, rule_kind) == expected
    finally:
        model.combine = saved


@pytest.mark.parametrize("rule, expected", [
    ("modal", ("none", "model_dropped")),
    ("response_verb", ("none", "model_dropped")),
    ("request_verb", ("recommendation", "rules_kept")),
], ids=["a-modal-alone-is-dropped-sooner", "a-verb-of-answering-is-dropped-sooner", "a-request-verb-is-not"])
def test_the_weakest_rules_are_dropped_from_drop_weak(model, rule, expected):
    saved = model.combine
    try:
        model.combine = {**SETTING, "drop_weak": 0.7}
        assert model.decide({"recommendation": 0.2, "response": 0.05, "none": 0.75}, "recommendation", rule) == expected
    finally:
        model.combine = saved


@pytest.mark.parametrize("rule, expected", [
    ("request_verb", ("none", "model_dropped")),
    ("list_item", ("recommendation", "rules_kept")),
], ids=["a-rule-with-its-own-drop-is-dropped-from-it", "other-rules-keep-the-general-drop"])
def test_a_rule_can_have_its_own_drop(model, rule, expected):
    saved = model.combine
    try:
        model.combine = {**SETTING, "drop_by_rule": {"request_verb": 0.7}}
        assert model.decide({"recommendation": 0.2, "response": 0.05, "none": 0.75}, "recommendation", rule) == expected
    finally:
        model.combine = saved


@pytest.mark.parametrize("text, expected", [
    ("Ông Lê Văn Tâm, Chủ tịch UBND huyện Cần Đước, đề nghị tỉnh sớm nâng cấp tuyến đê bao. "
     "Đồng thời, tỉnh cần hỗ trợ kinh phí di dời các hộ dân sống ven sông.", ["recommendation", "recommendation"]),
    ("Thủ tướng chỉ đạo các bộ, ngành khẩn trương triển khai các biện pháp phòng chống dịch cúm gia cầm. "
     "Các địa phương phải tổ chức tiêu hủy ngay đàn gia cầm bị bệnh, không để dịch lây lan.",
     ["recommendation", "recommendation"]),
    ("Phát biểu tại hội nghị, Bộ trưởng Nguyễn Văn Hùng yêu cầu các địa phương tập trung vào ba việc. "
     "Một là, rà soát toàn bộ các hồ chứa nước trước mùa mưa. Hai là, bố trí lực lượng trực 24/24 giờ tại các "
     "điểm xung yếu.", ["recommendation", "recommendation", "recommendation"]),
    ("Ông Trần Minh Khoa, Giám đốc Sở Tài nguyên và Môi trường, cho biết trong tháng qua trên địa bàn tỉnh có mưa "
     "lớn kéo dài. Lượng mưa trung bình đạt 300 mm.", [None, None]),
    ("Theo thống kê của Sở Lao động, năm qua thành phố có 12.000 lao động được giải quyết việc làm. "
     "Số hộ nghèo giảm còn 2,5%.", [None, None]),
    ("Cử tri phường 4 kiến nghị thành phố sớm sửa chữa tuyến đường Nguyễn Trãi đang xuống cấp.\n"
     "Trả lời cử tri, ông Phạm Quốc Bảo, Phó Chủ tịch UBND quận, cho biết quận đã lập dự án sửa chữa.",
     ["recommendation", "response"]),
], ids=["continuation-without-a-cue-word-of-asking", "directive-and-its-second-sentence", "numbered-list-of-requests",
        "an-official-stating-facts-when-nothing-was-asked", "statistics", "request-then-answer"])
def test_statement_kinds_in_context(nlp, text, expected):
    assert [k for _, k, _ in kinds(nlp, text)] == expected


def test_records_carry_the_sequence_evidence(extractor):
    from extractor.document import Document
    from extractor.records import validation_errors

    text = ("Thủ tướng chỉ đạo các bộ, ngành khẩn trương triển khai các biện pháp phòng chống dịch. "
            "Các địa phương phải tổ chức tiêu hủy ngay đàn gia cầm bị bệnh.")
    result = extractor.process(Document("d", text, "d.txt", "txt", "0" * 64))
    assert result.records
    for rec in result.records:
        ev = rec["evidence"]
        assert ev["sequence_model"] == "statements-v1"
        assert ev["decision"] in {"rules_kept", "model_added", "model_flipped"}
        assert 0.0 <= ev["probability"] <= 1.0
        assert set(ev["kind_scores"]) == {"recommendation", "response", "none"}
        assert ev["features"] and all(isinstance(n, str) and isinstance(w, float) for n, w in ev["features"])
        assert not validation_errors(rec)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐƠ .,:;?!-\"“”\n\t0123456789ạếồ")),
               min_size=1, max_size=200))
def test_feature_names_never_hold_whitespace(nlp, text):
    """CRFsuite reads its model dump line by line: a feature name with a line break would corrupt it."""
    from extractor.tokenise import doc_text

    comp = nlp.get_pipe("vi_statements")
    with nlp.select_pipes(disable=["vi_statements"]):
        doc = nlp(text)
    sents, decisions, modes = comp.rule_pass(doc)
    assert doc_text(doc) == text
    for f in comp.sequence_features(doc, sents, decisions, modes):
        assert all(not any(c.isspace() for c in name) for name in f)


def test_a_small_training_run_gives_a_model_that_loads_and_tags(tmp_path):
    from extractor.model.paths import repo_root
    from extractor.sequence.train import SequenceConfig, build_sequences, sample_gold_pairs, train

    pairs = sample_gold_pairs(repo_root() / "data")[:3]
    seqs = build_sequences(pairs)
    assert seqs.statements > 0 and len(seqs.X) == 3
    out = train(seqs, tmp_path / "mini", SequenceConfig(max_iterations=30), meta={"threshold": 0.4})
    m = SequenceModel(out)
    tags = m.tag(seqs.X[0])
    assert len(tags) == len(seqs.X[0])
    assert m.meta["data"]["documents"] == 3 and m.threshold == 0.4


@pytest.mark.parametrize("args, message", [
    (["--splits", "train,holdout"], "--splits"),
    (["--combine", "0.5,0.5"], "--combine"),
    (["--threshold", "0"], "--threshold"),
    (["--drop-by-rule", "request_verb"], "--drop-by-rule"),
    (["--drop-by-rule", "request_verb=2"], "--drop-by-rule"),
], ids=["unknown-split", "combine-needs-four-numbers", "threshold-out-of-range", "rule-drop-needs-a-value",
        "rule-drop-out-of-range"])
def test_train_statements_refuses_bad_options(tmp_path, args, message):
    from click.testing import CliRunner

    from extractor.cli import cli

    result = CliRunner().invoke(cli, ["train-statements", "--out", str(tmp_path / "m"), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_train_statements_without_the_corpus_is_one_clear_error(tmp_path):
    from click.testing import CliRunner

    from extractor.cli import cli

    result = CliRunner().invoke(cli, ["train-statements", "--out", str(tmp_path / "m"),
                                      "--corpus", str(tmp_path / "no-corpus.jsonl")])
    assert result.exit_code == 1
    assert "shared corpus is not here" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "m").exists()


def test_features_come_in_the_same_order_whatever_the_hash_seed():
    """Training is reproducible: a sentence's features do not depend on Python's string hash order
    (the CRF file and its weights would otherwise differ from run to run)."""
    import os
    import subprocess
    import sys

    code = ("from extractor.pipeline import build_nlp\n"
            "nlp = build_nlp(topics=False, sequence_model=None, use_model=False)\n"
            "comp = nlp.get_pipe('vi_statements')\n"
            "doc = nlp.make_doc('Ông Lê Văn Tâm đề nghị tỉnh sớm nâng cấp đê bao. Đồng thời, tỉnh cần hỗ trợ kinh phí.')\n"
            "for name, proc in nlp.pipeline:\n"
            "    if name != 'vi_statements':\n"
            "        doc = proc(doc)\n"
            "sents, decisions, modes = comp.rule_pass(doc)\n"
            "print([list(f) for f in comp.sequence_features(doc, sents, decisions, modes)])\n")
    outs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")]
    assert outs[0] == outs[1] and outs[0].strip()


def test_the_shipped_weights_arrays_are_the_crfsuite_models_own():
    """state_features.npz (read at start-up instead of the model's slow dump) holds the same weights."""
    from extractor.model.paths import shipped_model_path
    from extractor.sequence.runtime import SequenceModel

    m = SequenceModel(shipped_model_path("statements-v1"))
    assert m.meta.get("state_features_sha256"), "the shipped model has no weights arrays"
    dump: dict = {}
    for (attr, label), w in m.tagger.info().state_features.items():
        if w:
            dump.setdefault(attr, {})[label] = w
    assert m.weights == dump


def test_a_weights_file_that_does_not_match_meta_is_not_used(tmp_path):
    import shutil

    from extractor.model.paths import shipped_model_path
    from extractor.sequence.runtime import WEIGHTS_FILE, SequenceModel

    src = shipped_model_path("statements-v1")
    for f in src.iterdir():
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / WEIGHTS_FILE).write_bytes(b"not the arrays")
    m = SequenceModel(tmp_path)
    assert m.weights == SequenceModel(src).weights  # read from the model's dump instead
