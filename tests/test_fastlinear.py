"""The numpy form of the linear classifiers gives scikit-learn's probabilities, or is not used."""

from __future__ import annotations

import numpy as np
import pytest

from extractor.fastlinear import LinearProba, fast_proba


@pytest.fixture(scope="module")
def shipped():
    from extractor.model import load_model

    return load_model()


SENTENCES = [
    "Ông kiến nghị thành phố bổ sung biên chế công nghệ thông tin cho phường.",
    "Sở Tài chính cho biết đã bố trí 14,5 tỷ đồng để mua sắm máy tính.",
    "Cần sớm kết nối, liên thông cơ sở dữ liệu dân cư với phần mềm một cửa.",
    "Hội nghị đã tổng hợp 25 kiến nghị của cử tri.",
    "Đề nghị tổ chức tập huấn an toàn thông tin cho cán bộ, công chức xã.",
]


def test_shipped_model_predicts_with_the_numpy_form(shipped):
    assert isinstance(shipped.topics_run, LinearProba) and isinstance(shipped.kind_run, LinearProba)


@pytest.mark.parametrize("which", ["topics", "kind"])
def test_numpy_form_equals_scikit_learn_on_real_sentences(shipped, which):
    from extractor.features import text_features

    feats = [text_features(t) for t in SENTENCES]
    pipe, fast = getattr(shipped, which), getattr(shipped, f"{which}_run")
    np.testing.assert_allclose(fast.predict_proba(feats), pipe.predict_proba(feats), rtol=0, atol=1e-9)
    assert list(fast.classes_) == list(pipe.classes_)


def test_a_pipeline_it_cannot_read_is_kept_as_is():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import Pipeline

    pipe = Pipeline([("f", CountVectorizer()), ("c", MultinomialNB())])
    pipe.fit(["biên chế xã", "kinh phí huyện", "biên chế huyện"], [0, 1, 0])
    assert fast_proba(pipe, ["biên chế", "kinh phí"]) is pipe
