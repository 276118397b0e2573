"""The numpy form of the classifiers gives scikit-learn's probabilities, or is not used.

Extraction predicts with the model directory's ``runtime.npz`` (extractor.fastlinear) and
never imports scikit-learn or skops; these tests hold that form to the skops pipelines it
was made from."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from extractor.fastlinear import LinearProba, RuntimeFileError, char_wb_ngrams, fast_proba, load_runtime, word_ngrams
from extractor.model.load import RuntimeFileWarning, load_model
from extractor.model.paths import default_model_path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = default_model_path()


@pytest.fixture(scope="module")
def shipped():
    return load_model()


SENTENCES = [
    "Ông kiến nghị thành phố bổ sung biên chế công nghệ thông tin cho phường.",
    "Sở Tài chính cho biết đã bố trí 14,5 tỷ đồng để mua sắm máy tính.",
    "Cần sớm kết nối, liên thông cơ sở dữ liệu dân cư với phần mềm một cửa.",
    "Hội nghị đã tổng hợp 25 kiến nghị của cử tri.",
    "Đề nghị tổ chức tập huấn an toàn thông tin cho cán bộ, công chức xã.",
    "",
    "!!!",
    "Xã Tân Phú   đề nghị\nhỗ trợ kinh phí 3.500.000 đồng/người.",
]


def _sample_lines() -> list[str]:
    """Every non-empty line of the sample documents (whole paragraphs, headings, turns)."""
    out = []
    for f in sorted((ROOT / "data" / "samples").glob("*.txt")):
        out.extend(line for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    return out


def test_shipped_model_predicts_with_its_runtime_file(shipped):
    assert isinstance(shipped.topics_run, LinearProba) and isinstance(shipped.kind_run, LinearProba)
    assert shipped._topics is None and shipped._kind is None  # skops pipelines not read


@pytest.mark.parametrize("which", ["topics", "kind"])
def test_runtime_form_equals_scikit_learn_on_every_sample_line(shipped, which):
    from extractor.features import text_features

    texts = SENTENCES + _sample_lines()
    assert len(texts) > 100
    feats = [text_features(t) for t in texts]
    pipe, fast = getattr(shipped, which), getattr(shipped, f"{which}_run")
    np.testing.assert_allclose(fast.predict_proba(feats), pipe.predict_proba(feats), rtol=0, atol=1e-9)
    assert [str(c) for c in fast.classes_] == [str(c) for c in pipe.classes_]


@pytest.mark.parametrize("tokens, lo, hi, expected", [
    (["a", "b", "c"], 1, 2, ["a", "b", "c", "a b", "b c"]),
    (["a", "b"], 2, 3, ["a b"]),
    (["a"], 1, 3, ["a"]),
    ([], 1, 2, []),
])
def test_word_ngrams_are_scikit_learns(tokens, lo, hi, expected):
    from sklearn.feature_extraction.text import TfidfVectorizer

    assert word_ngrams(tokens, lo, hi) == expected
    assert TfidfVectorizer(ngram_range=(lo, hi))._word_ngrams(tokens) == expected


@pytest.mark.parametrize("text", ["bổ sung biên chế", "  a  bb\nccc ", "", "đề_nghị 0 tỷ"])
def test_char_wb_ngrams_are_scikit_learns(text):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))
    assert char_wb_ngrams(text, 2, 5) == vec._char_wb_ngrams(text)


def test_extraction_never_imports_scikit_learn_or_skops():
    code = ("import sys; from extractor.pipeline import Extractor; from extractor.ingest import read_document; "
            "r = Extractor().process(read_document('data/samples/tiep-xuc-cu-tri-quan.txt')); "
            "assert r.records, 'no record'; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'skops', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def _copy_model(tmp_path) -> Path:
    dst = tmp_path / "m"
    shutil.copytree(SHIPPED, dst)
    return dst


def _without_checksum(m: Path, key: str) -> None:
    meta = json.loads((m / "meta.json").read_text(encoding="utf-8"))
    del meta["files"][key]["sha256"]
    (m / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def test_a_replaced_runtime_file_fails_its_checksum(tmp_path):
    from extractor.errors import ModelError

    m = _copy_model(tmp_path)
    (m / "runtime.npz").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ModelError, match="runtime.npz: checksum"):
        load_model(m)


def test_a_runtime_file_that_does_not_reproduce_its_probes_is_not_used(tmp_path):
    m = _copy_model(tmp_path)
    with np.load(m / "runtime.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["topics.W"] = arrays["topics.W"] * 1.01  # weights changed, stored probabilities not
    np.savez_compressed(m / "runtime.npz", **arrays)
    _without_checksum(m, "runtime")
    with pytest.raises(RuntimeFileError, match="topics predictor does not reproduce"):
        load_runtime(m / "runtime.npz")
    with pytest.warns(RuntimeFileWarning, match="skops pipelines instead"):
        model = load_model(m)
    # the skops pipelines predict, through their own checked numpy form
    assert isinstance(model.topics_run, LinearProba) and model._topics is not None


@pytest.mark.parametrize("payload", [b"", b"not a zip", b"PK\x05\x06" + b"\x00" * 18])
def test_an_unreadable_runtime_file_is_a_runtime_file_error(tmp_path, payload):
    f = tmp_path / "runtime.npz"
    f.write_bytes(payload)
    with pytest.raises(RuntimeFileError):
        load_runtime(f)


def test_a_runtime_file_with_a_pickled_array_is_refused(tmp_path):
    m = _copy_model(tmp_path)
    with np.load(m / "runtime.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["topics.b"] = np.array([object()] * len(arrays["topics.b"]), dtype=object)
    np.savez_compressed(m / "runtime.npz", **arrays)
    with pytest.raises(RuntimeFileError):
        load_runtime(m / "runtime.npz")


def test_a_pipeline_it_cannot_read_is_kept_as_is():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import Pipeline

    pipe = Pipeline([("f", CountVectorizer()), ("c", MultinomialNB())])
    pipe.fit(["biên chế xã", "kinh phí huyện", "biên chế huyện"], [0, 1, 0])
    assert fast_proba(pipe, ["biên chế", "kinh phí"]) is pipe
