"""Tokenise: underthesea words in a lossless spaCy Doc; norm_ is the normalised view; pyvi never loads."""

from __future__ import annotations

import sys

import pytest

from extractor.normalise import norm_view
from conftest import SAMPLES as SAMPLE_DIR
from extractor.tokenise import SPAN_GROUPS, TOKENIZER_NAME, blank_pipeline, word_spans

SAMPLES = sorted(SAMPLE_DIR.glob("*.txt"))
TRICKY = {
    "double-spaces": "Phòng họp  UBND phường  Bình Minh đề nghị.",
    "tabs": "UBND THỊ XÃ SƠN HÀ\t\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "newline-inside-name": "Chủ tịch UBND phường Bùi Hữu\nHuy Hoàng kiến nghị bổ sung biên chế.",
    "nbsp": "Ông\u00a0Nguyễn\u00a0Văn Nên cho biết thành phố sẽ\u00a0xem xét.",
    "emoji": "Cử tri rất vui 😀👍🏽 khi đường được sửa. Đề nghị tiếp tục 🙏!",
    "combining-marks": "Hoa\u0300 Thua\u0323\u0302n (dấu rời) và x\u0301 lạ.",
    "crlf": "BIÊN BẢN HỌP\r\nÔng Lý Thành Đông kiến nghị.\r\n\r\nBà Lụa đề nghị.\r\n",
    "leading-trailing-space": "  \n Ông Hùng đề nghị tăng kinh phí. \n\n ",
    "zero-width-and-bom": "\ufeffÔng\u200bHùng đề\u200cnghị.",
    "only-punctuation": "… ––– !!! ??? ...",
    "control-chars": "Ông Hùng\x0b\x0cđề nghị\x1f tăng\x00 kinh phí.",
    "quotes": "“Cần bổ sung biên chế.”, bà Tâm kiến nghị. «Được» – ông nói.",
    "empty": "",
    "only-space": " \n\t ",
}


@pytest.mark.parametrize("text", list(TRICKY.values()), ids=list(TRICKY))
def test_doc_text_is_the_input_exactly(tokenizer, text):
    doc = tokenizer(text)
    assert doc.text == text
    for tok in doc:
        assert text[tok.idx: tok.idx + len(tok.text)] == tok.text
    for name in SPAN_GROUPS:
        for span in doc.spans[name]:
            assert text[span.start_char:span.end_char] == span.text


@pytest.mark.parametrize("text", list(TRICKY.values()) + [SAMPLE.read_text(encoding="utf-8") for SAMPLE in SAMPLES],
                         ids=list(TRICKY) + [p.stem for p in SAMPLES])
def test_span_groups_are_exactly_the_segmentation(tokenizer, text):
    from extractor.segment import segment

    seg = segment(text)
    doc = tokenizer(text)
    for name in SPAN_GROUPS:
        assert [(sp.start_char, sp.end_char) for sp in doc.spans[name]] == getattr(seg, name), name


@pytest.mark.parametrize("text", list(TRICKY.values()), ids=list(TRICKY))
def test_token_norm_is_the_normalised_view(tokenizer, text):
    doc = tokenizer(text)
    view = norm_view(text)
    assert doc._.view == view
    for tok in doc:
        if not tok.is_space:
            assert tok.norm_ == view[tok.idx: tok.idx + len(tok.text)]


@pytest.mark.parametrize(
    "text, old, new",
    [
        ("Uỷ ban nhân dân xã Hoà Thuận đề nghị.", "Uỷ ban", "ủy ban"),
        ("Uỷ ban nhân dân xã Hoà Thuận đề nghị.", "Hoà", "hòa"),
        ("Bà Lê Thị Thuỷ kiến nghị.", "Thuỷ", "thủy"),
    ],
)
def test_old_tone_placement_tokens_read_new_placement(tokenizer, text, old, new):
    doc = tokenizer(text)
    tok = next(t for t in doc if old in t.text)
    assert new in tok.norm_ and old not in tok.norm_


def test_multi_syllable_words_are_single_tokens(tokenizer):
    doc = tokenizer("Chủ tịch UBND phường đề nghị bổ sung biên chế công chức.")
    words = [t.text for t in doc if not t.is_space]
    assert "Chủ tịch" in words
    assert "biên chế" in words
    assert words[-1] == "."


def test_word_split_across_a_line_break_keeps_the_break_in_the_token(tokenizer):
    text = "Ông Bùi Hữu\nHuy Hoàng đề nghị."
    doc = tokenizer(text)
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)


def test_sentence_starts_follow_the_segmentation(tokenizer):
    text = "Ông Hùng đề nghị tăng kinh phí. Bà Lan cho biết sẽ xem xét."
    doc = tokenizer(text)
    assert [s.text for s in doc.spans["sentences"]] == ["Ông Hùng đề nghị tăng kinh phí.", "Bà Lan cho biết sẽ xem xét."]
    starts = [t.idx for t in doc if t.is_sent_start]
    assert starts == [0, text.index("Bà")]


def test_word_spans_fall_back_when_underthesea_fails(monkeypatch):
    import extractor.tokenise as tk

    def boom(texts):
        raise RuntimeError("model missing")

    monkeypatch.setattr(tk, "word_tokenize", boom)
    text = "Ông Hùng đề nghị."
    assert [text[s:e] for s, e in word_spans(text, 0, len(text))] == ["Ông", "Hùng", "đề", "nghị", "."]


def test_a_region_that_fails_segmentation_leaves_the_others_their_words(monkeypatch):
    import extractor.tokenise as tk

    real = tk.word_tokenize

    def fails_on_one(texts):
        if any("hỏng" in t for t in texts):
            raise RuntimeError("cannot segment")
        return real(texts)

    monkeypatch.setattr(tk, "word_tokenize", fails_on_one)
    text = "Cử tri đề nghị sửa đường. Câu hỏng này."
    first, second = tk.regions_word_spans(text, [(0, 25), (26, len(text))])
    assert [text[s:e] for s, e in first] == ["Cử tri", "đề nghị", "sửa", "đường", "."]
    assert [text[s:e] for s, e in second] == ["Câu", "hỏng", "này", "."]


def test_blank_pipeline_uses_our_registered_tokenizer():
    nlp = blank_pipeline()
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == TOKENIZER_NAME
    assert nlp("Ông Hùng đề nghị.").text == "Ông Hùng đề nghị."


def test_pyvi_is_never_imported(nlp):
    nlp("Ủy ban nhân dân phường đề nghị bổ sung biên chế.")
    assert "pyvi" not in sys.modules


@pytest.mark.parametrize(
    "text",
    ["Bộ phận một cửa quá tải, không có chế độ.Đề nghị phường hợp đồng thêm 01 nhân sự.Ông Đông kiến nghị thay máy."]
    + [p.read_text(encoding="utf-8") for p in SAMPLES],
    ids=["glued-sentences"] + [p.stem for p in SAMPLES],
)
def test_no_token_crosses_a_sentence_heading_or_label_boundary(tokenizer, text):
    doc = tokenizer(text)
    bounds = set()
    for name in ("sentences", "headings", "turn_labels"):
        for span in doc.spans[name]:
            bounds.update((span.start_char, span.end_char))
    for tok in doc:
        assert not any(tok.idx < b < tok.idx + len(tok.text) for b in bounds), tok.text
