"""The topic component and the shipped model: labels, scores, features, loading and its errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor.errors import ModelError
from extractor.features import feature_string, span_features, text_features, word_tokens
from extractor.labels import SHIPPED_LABELS as LABELS
from extractor.model.load import TRUSTED_TYPES, cached_model, load_model, load_skops
from extractor.model.paths import default_model_path, resolve_model_path
from extractor.model.versions import ModelVersionWarning

SHIPPED = default_model_path()


@pytest.fixture(scope="module")
def model():
    return cached_model()


@pytest.fixture(scope="module")
def nlp():
    from extractor.pipeline import build_nlp

    return build_nlp()


# ---------------------------------------------------------------- quality of the shipped model

@pytest.mark.parametrize("text, expected", [
    ("bổ sung biên chế cho phường", {"staffing"}),
    ("Đề nghị bổ sung biên chế cho phường.", {"staffing"}),
    ("Cử tri kiến nghị tăng số lượng cán bộ chuyên trách công nghệ thông tin ở xã.", {"staffing"}),
    ("Phường đang thiếu công chức địa chính, đề nghị quận sớm tuyển dụng.", {"staffing"}),
    ("Ở phường, 1 cán bộ phải kiêm nhiệm nhiều việc, đề nghị bổ sung nhân sự.", {"staffing"}),
    ("Đề nghị thành phố bố trí kinh phí để mua sắm trang thiết bị cho phường.", {"budget"}),
    ("Cử tri đề nghị nâng mức phụ cấp cho người hoạt động không chuyên trách.", {"budget"}),
    ("Uỷ ban nhân dân xã đề nghị huyện hỗ trợ kinh phí sửa chữa trụ sở.", {"budget"}),
    ("Đề nghị kết nối, chia sẻ cơ sở dữ liệu dân cư giữa các sở, ngành.", {"data_sharing"}),
    ("Sở sẽ đồng bộ dữ liệu hộ tịch với hệ thống của Bộ Tư pháp.", {"data_sharing"}),
    ("Cần liên thông dữ liệu đất đai giữa quận và phường để giải quyết hồ sơ nhanh hơn.", {"data_sharing"}),
    ("Đề nghị tổ chức các lớp tập huấn, bồi dưỡng kỹ năng số cho cán bộ phường.", {"security_training"}),
    ("Sở Thông tin và Truyền thông sẽ mở lớp đào tạo về an toàn thông tin cho công chức cấp xã.",
     {"security_training"}),
    ("Cần tăng cường bảo mật thông tin cá nhân của người dân trên hệ thống.", {"security_training"}),
    ("Đề nghị sửa chữa tuyến đường liên xã đã xuống cấp.", {"other"}),
    ("Cử tri kiến nghị đẩy mạnh tuyên truyền để người dân sử dụng dịch vụ công trực tuyến.", {"other"}),
    ("Thành phố cần đơn giản hoá thủ tục hành chính cho doanh nghiệp.", {"other"}),
    ("Đề nghị có chính sách hỗ trợ cho lực lượng cộng tác viên.", {"staffing", "budget"}),
])
def test_shipped_model_labels(model, text, expected):
    (labels, scores), = model.predict_topics([text])
    assert set(labels) == expected, scores
    assert set(scores) == set(LABELS)
    assert all(0.0 <= p <= 1.0 for p in scores.values())


@pytest.mark.parametrize("text, kind", [
    ("Đề nghị bổ sung biên chế cho phường.", "recommendation"),
    ("Giám đốc Sở cho biết sẽ xem xét bổ sung biên chế cho các phường.", "response"),
    ("Năm 2023, phường có 25 cán bộ, công chức.", "none"),
])
def test_predict_kind(model, text, kind):
    (probs,) = model.predict_kind([text])
    assert set(probs) == {"recommendation", "response", "none"}
    assert max(probs, key=probs.get) == kind
    assert sum(probs.values()) == pytest.approx(1.0, abs=1e-3)


def test_meta_reports_the_required_figures(model):
    meta = model.meta
    for key in ("labels", "thresholds", "versions", "created", "metrics", "data"):
        assert key in meta
    assert meta["metrics"]["topics"]["test"]["macro_f1"] >= 0.85
    assert meta["metrics"]["topics"]["cv"]["k"] == 5
    assert 0 < meta["metrics"]["topics"]["cv"]["macro_f1"]["mean"] <= 1
    assert "kind" in meta["metrics"]
    assert meta["data"]["sha256"] and meta["data"]["train"]["statements"] > 500
    assert "corpus_sentences_used" in meta["data"]


def test_shipped_model_is_small():
    total = sum(p.stat().st_size for p in SHIPPED.iterdir())
    assert total < 5_000_000


# ---------------------------------------------------------------- the component in the pipeline

def test_component_sets_topics_scores_and_evidence(nlp):
    text = ("Tại hội nghị, ông Nguyễn Văn A, Chủ tịch UBND phường 5, đề nghị thành phố bổ sung biên chế "
            "cho phường. Năm nay phường có 20 cán bộ.")
    doc = nlp(text)
    statements = [s for s in doc.spans["sentences"] if s._.kind]
    assert statements
    for s in statements:
        assert s._.topics and set(s._.topics) <= set(LABELS)
        assert set(s._.scores) == set(LABELS)
        assert s._.evidence["topic_model"] == "topics-v1"
    assert "staffing" in statements[0]._.topics
    for s in doc.spans["sentences"]:
        if not s._.kind:
            assert s._.topics is None


@pytest.mark.parametrize("text", [
    "Đề nghị bổ sung biên chế cho phường.",
    "Bà  Nguyễn Thị Hoà, Chủ tịch Uỷ ban nhân dân xã Thuỷ An, đề nghị tỉnh sớm bố trí kinh phí.",
    "Ông Lê Văn C (Chủ tịch UBND xã D): đề nghị huyện tăng cường tập huấn an toàn thông tin cho cán bộ.",
    "Cần \u201cliên thông\u201d dữ liệu giữa các sở, ngành – nhất là dữ liệu dân cư (CSDL QG).",
    "Ở xã, 1 người kiêm 3 việc; ý kiến cử tri: cần thêm cán bộ chuyên trách.",
])
def test_doc_path_and_training_path_give_the_same_feature_string(nlp, text):
    doc = nlp(text)
    for sent in doc.spans["sentences"]:
        assert span_features(sent) == text_features(sent.text)


def test_feature_string_joins_syllables_and_normalises():
    assert feature_string(["Bổ sung", "biên  chế", " ", "cho", "phường", "."]) == "bổ_sung biên_chế cho phường ."
    # old and new tone-mark placement read the same
    assert feature_string(["Uỷ ban"]) == feature_string(["Ủy ban"])
    # one-letter words are kept, tone marks are never stripped, numbers fold to 0
    assert word_tokens("ở xã , 15 người") == ["ở", "xã", "0", "người"]


def test_vocabulary_keeps_one_letter_words(model):
    word = dict(model.topics.named_steps["features"].transformer_list)["word"]
    assert "ở" in word.vocabulary_
    assert word.strip_accents is None


# ---------------------------------------------------------------- model files and their errors

def test_resolve_model_path(monkeypatch, tmp_path):
    monkeypatch.delenv("EXTRACTOR_MODEL", raising=False)
    assert resolve_model_path() == SHIPPED
    monkeypatch.setenv("EXTRACTOR_MODEL", str(tmp_path))
    assert resolve_model_path() == tmp_path
    assert resolve_model_path("models/x") == Path("models/x")


def test_shipped_model_types_are_all_explicitly_trusted():
    import skops.io as sio

    for name in ("topics.skops", "kind.skops"):
        assert set(sio.get_untrusted_types(file=SHIPPED / name)) <= set(TRUSTED_TYPES)


def _copy_model(tmp_path) -> Path:
    dst = tmp_path / "m"
    shutil.copytree(SHIPPED, dst)
    return dst


def test_missing_model_dir_is_one_clear_error(tmp_path):
    with pytest.raises(ModelError, match=str(tmp_path / "nope")):
        load_model(tmp_path / "nope")


def test_corrupt_model_file_is_a_model_error(tmp_path):
    m = _copy_model(tmp_path)
    (m / "topics.skops").write_bytes(b"not a zip file at all")
    with pytest.raises(ModelError, match="topics.skops"):
        load_model(m)
    # without the checksum in meta.json the skops reader itself must fail cleanly, when the
    # pipeline is read: at once without a runtime file, on first use with one
    meta = json.loads((m / "meta.json").read_text(encoding="utf-8"))
    del meta["files"]["topics"]["sha256"]
    (m / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    lazy = load_model(m)
    with pytest.raises(ModelError, match="topics.skops"):
        lazy.topics
    del meta["files"]["runtime"]
    (m / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="topics.skops"):
        load_model(m)


def test_corrupt_meta_is_a_model_error(tmp_path):
    m = _copy_model(tmp_path)
    (m / "meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="meta.json"):
        load_model(m)


def untrusted_function(x):  # referenced by the file written in the test below
    return x


def test_untrusted_types_are_refused(tmp_path):
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    path = tmp_path / "evil.skops"
    sio.dump(FunctionTransformer(func=untrusted_function), path)
    with pytest.raises(ModelError, match="untrusted types.*untrusted_function"):
        load_skops(path)


def test_other_library_versions_warn(tmp_path):
    m = _copy_model(tmp_path)
    meta = json.loads((m / "meta.json").read_text(encoding="utf-8"))
    meta["versions"]["scikit-learn"] = "0.99.0"
    (m / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.warns(ModelVersionWarning, match="scikit-learn 0.99.0"):
        load_model(m)


def test_pipeline_with_a_missing_model_fails_with_model_error(tmp_path):
    from extractor.pipeline import build_nlp

    with pytest.raises(ModelError, match="nope"):
        build_nlp(tmp_path / "nope")


def test_shipped_topic_thresholds_were_chosen_on_real_statements():
    """Labels with enough real validation statements take the threshold that is best on real text
    (extractor.model.train.fit_topics); the model's meta.json says which."""
    import json


    meta = json.loads((default_model_path() / "meta.json").read_text(encoding="utf-8"))
    chosen = meta["metrics"]["topics"]["validation"]["thresholds_chosen_on_real_statements"]
    assert {"staffing", "budget", "other"} <= set(chosen)


def test_thresholds_follow_the_real_statements_when_there_are_enough():
    import numpy as np

    from extractor.model.config import TrainConfig
    from extractor.model.train import REAL_MIN_POSITIVES, fit_topics

    rng = np.random.default_rng(0)
    n = 400
    M = rng.random((n, 6))
    Y = np.zeros((n, len(LABELS)), dtype=int)
    Y[:, 0] = (M[:, 0] > 0.5).astype(int)
    Y[:, len(LABELS) - 1] = 1 - Y[:, 0]
    real = np.zeros(n, dtype=bool)
    real[: n // 2] = True
    _, _, validation = fit_topics(M, Y, TrainConfig(seed=0, cv_folds=0), real=real, labels=LABELS)
    assert Y[real, 0].sum() >= REAL_MIN_POSITIVES
    assert LABELS[0] in validation["thresholds_chosen_on_real_statements"]
