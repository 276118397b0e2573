"""extractor.wordseg gives underthesea's words, from underthesea's model files read as plain data."""

from __future__ import annotations

import collections
import itertools
import json
import logging
import pickle
from pathlib import Path

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from underthesea import sent_tokenize
from underthesea import word_tokenize as underthesea_words

from extractor import wordseg
from extractor.wordseg import load_segmenter
from extractor.wordseg.model_files import ModelFileError, _strings, pickled_strings, read_crfsuite
from extractor.wordseg.segmenter import parse_templates

from conftest import SAMPLES, require_shared


@pytest.fixture(scope="module")
def segmenter():
    seg = load_segmenter()
    assert seg is not None, "extractor.wordseg could not read the installed underthesea model"
    return seg


@pytest.fixture(scope="module")
def model_dir() -> Path:
    return wordseg.model_dir()


def underthesea_featurizer():
    """The featurizer underthesea itself loads for word_tokenize."""
    import underthesea.pipeline.word_tokenize as ws

    ws.word_tokenize("a")
    return ws.word_tokenize_model.featurizer


def expected(text: str) -> list[str]:
    return underthesea_words(text, use_token_normalize=False)


# -- the model files ---------------------------------------------------------------------------
def test_crf_weights_are_those_python_crfsuite_reads(model_dir):
    import pycrfsuite

    weights = read_crfsuite(model_dir / "models.bin")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_dir / "models.bin"))
    info = tagger.info()
    assert weights.labels == tuple(sorted(info.labels, key=lambda label: int(info.labels[label])))
    assert len(weights.attributes) == len({a for a, _ in info.state_features})
    for (attribute, label), weight in info.state_features.items():   # the dump has 6 decimals
        assert weights.state[weights.attributes[attribute], weights.labels.index(label)] == \
            pytest.approx(weight, abs=1e-6)
    assert numpy.count_nonzero(weights.state) == len(info.state_features)
    for (a, b), weight in info.transitions.items():
        assert weights.transition[weights.labels.index(a), weights.labels.index(b)] == \
            pytest.approx(weight, abs=1e-6)


def test_templates_are_the_ones_the_featurizer_uses(model_dir):
    names = pickled_strings(model_dir / "features.bin")
    produced = [f.partition("=")[0] for f in underthesea_featurizer().process([[["a"], ["b"], ["c"]]])[0][1]]
    assert names == produced
    assert len(parse_templates(names)) == len(names)


def test_dictionary_is_a_set_of_lower_case_words(model_dir):
    words = pickled_strings(model_dir / "dictionary.bin")
    assert len(words) == len(set(words)) > 50_000
    assert all(w == w.lower() for w in words)
    assert {"bác sĩ", "cử tri", "kiến nghị", "uỷ ban"} <= set(words)


def test_a_garbage_model_file_is_refused_with_the_file_named(tmp_path):
    path = tmp_path / "models.bin"
    path.write_bytes(b"lCRF\x00\x00\x00\x00FOMC" + bytes(20))
    with pytest.raises(ModelFileError, match="models.bin"):
        read_crfsuite(path)


@pytest.mark.parametrize("obj", [collections.OrderedDict(a=1), {"a": 1}, ("a", 1), 1.5, [b"bytes"]],
                         ids=["class", "dict", "tuple-with-int", "float", "bytes"])
def test_a_pickle_that_is_not_strings_is_refused(tmp_path, obj):
    path = tmp_path / "x.bin"
    path.write_bytes(pickle.dumps(obj, protocol=4))
    with pytest.raises(ModelFileError, match="x.bin"):
        pickled_strings(path)


def test_a_pickle_calling_a_function_is_refused_before_anything_runs(tmp_path):
    path = tmp_path / "evil.bin"
    path.write_bytes(b"\x80\x04\x95\x1d\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x8c\x06system\x93"
                     b"\x8c\x04true\x85R.")
    with pytest.raises(ModelFileError, match="opcode 0x93"):
        pickled_strings(path)


def test_a_truncated_pickle_is_refused(tmp_path):
    path = tmp_path / "cut.bin"
    path.write_bytes(pickle.dumps(["một", "hai"], protocol=4)[:-3])
    with pytest.raises(ModelFileError):
        pickled_strings(path)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=40), st.sampled_from([2, 3, 4, 5]))
def test_strings_are_read_as_pickle_would_load_them(strings, protocol):
    repeated = strings + strings[:3]   # repeated objects are pickled as memo references
    assert _strings(pickle.dumps(repeated, protocol=protocol)) == repeated


@settings(max_examples=30, deadline=None)
@given(st.sets(st.text(max_size=50), max_size=40), st.sampled_from([4, 5]))
def test_a_set_of_strings_is_read(strings, protocol):
    assert set(_strings(pickle.dumps(strings, protocol=protocol))) == strings


# -- scores and words ----------------------------------------------------------------------------
SENTENCES = {
    "plain": "Cử tri phường Bến Nghé đề nghị thành phố sớm nâng cấp tuyến đường Lê Thánh Tôn.",
    "abbreviations": "Chủ tịch UBND TP.HCM Phan Văn Mãi trả lời kiến nghị của cử tri Q.1 về BHYT.",
    "numbers-and-dates": "Đến ngày 30/6/2024, đã giải ngân 1.250,5 tỷ đồng (đạt 45,2%) cho 12 dự án.",
    "minority-names": "Bà H'Hen Niê và ông Y Thông Ksor, thôn Buôn Đôn, kiến nghị làm cầu treo.",
    "upper-case-heading": "II. KIẾN NGHỊ VỀ LĨNH VỰC ĐẤT ĐAI, TÀI NGUYÊN VÀ MÔI TRƯỜNG",
    "turn-label": "Đ/c Nguyễn Thị Lệ – Chủ tịch HĐND Thành phố:",
    "url-and-email": "Góp ý gửi về địa chỉ https://dichvucong.gov.vn hoặc thuongtruc@hdnd.hcm.vn trước 17h.",
    "quotes-and-dashes": "Ông nói: “Sở sẽ rà soát - báo cáo UBND thành phố trong quý III/2024”.",
    "one-syllable": "Đúng.",
    "two-syllables": "Xin cảm_ơn",
    "punctuation-only": "... – ;",
    "mixed-case-and-digits": "Khu phố 3A, ấp Mỹ Hòa 2, xã Tân Xuân có 1.200 hộ dân; HTX An Phú 24/7",
}


@pytest.mark.parametrize("text", SENTENCES.values(), ids=SENTENCES.keys())
def test_words_are_underthesea_s(segmenter, text):
    assert segmenter(text) == expected(text)


@pytest.mark.parametrize("text", SENTENCES.values(), ids=SENTENCES.keys())
def test_scores_are_the_sum_of_the_featurizer_s_feature_weights(segmenter, model_dir, text):
    """Every syllable's score: the weights of the 43 strings underthesea's featurizer gives."""
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    weights = read_crfsuite(model_dir / "models.bin")
    syllables = tokenize(text, use_token_normalize=False)
    features = underthesea_featurizer().process([[[s] for s in syllables]])[0]
    want = [sum((weights.state[weights.attributes[f]] for f in fs if f in weights.attributes),
                numpy.zeros(2)) for fs in features]
    got = segmenter.scores([syllables])[0]
    assert numpy.allclose(got, want, rtol=0, atol=1e-9)


def test_empty_text_has_no_words(segmenter):
    assert segmenter("") == [] == expected("")
    assert segmenter.words([]) == []


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_words_of_every_sentence_of_a_sample_document(segmenter, path):
    sentences = sent_tokenize(path.read_text(encoding="utf-8"))
    got = segmenter.words(sentences)   # one batch, as the tokenizer calls it
    assert [i for i, (s, words) in enumerate(zip(sentences, got)) if words != expected(s)] == []


def test_words_of_the_first_300_corpus_documents():
    corpus = require_shared("corpus", "vntc_chinhtri_xahoi.jsonl")
    seg = load_segmenter()
    with corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in itertools.islice(lines, 300)]
    differ = []
    for text in texts:
        sentences = sent_tokenize(text)
        differ += [s for s, words in zip(sentences, seg.words(sentences)) if words != expected(s)]
    assert differ == []


def test_an_unreadable_model_falls_back_to_underthesea_with_a_warning(monkeypatch, caplog):
    def broken(path):
        raise ModelFileError(f"{path}: not a first-order CRFsuite model")

    monkeypatch.setattr(wordseg, "read_crfsuite", broken)
    load_segmenter.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="extractor.wordseg"):
            assert wordseg.word_tokenize([SENTENCES["plain"]]) == [expected(SENTENCES["plain"])]
        assert "falls back to underthesea.word_tokenize" in caplog.text
    finally:
        load_segmenter.cache_clear()


def test_syllables_are_underthesea_s_regex_tokens_taken_whole():
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    syllables = wordseg._syllables()
    assert syllables.__name__ == "syllables", "the probe sentence fell back to underthesea's tokenize"
    for text in SENTENCES.values():
        assert syllables(text) == tokenize(text, use_token_normalize=False)


def test_our_featurizer_gives_the_features_underthesea_s_gives(model_dir):
    templates = pickled_strings(model_dir / "features.bin")
    ours = wordseg.featurizer(templates, frozenset(pickled_strings(model_dir / "dictionary.bin")))
    sentence = [[s] for s in SENTENCES["abbreviations"].split()]
    assert ours.process([sentence]) == underthesea_featurizer().process([sentence])
