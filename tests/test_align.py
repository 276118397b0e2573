"""Align: segmenter output is found in the text syllable by syllable, whatever spacing the text had."""

from __future__ import annotations

import pytest

from extractor.align import AlignmentError, align_pieces


@pytest.mark.parametrize(
    "text",
    [
        "Chủ tịch UBND xã  Hoà Thuận đề nghị tăng biên chế.",          # two spaces inside a word
        "Chủ tịch UBND xã\nHoà Thuận đề nghị tăng biên chế.",          # hard-wrapped line
        "Chủ tịch UBND xã\r\nHoà Thuận đề nghị tăng biên chế.",        # CRLF wrap
        "Chủ tịch\tUBND xã \u00a0Hoà Thuận đề nghị tăng biên chế.",    # tab and NBSP
    ],
    ids=["two-spaces", "newline", "crlf", "tab-nbsp"],
)
def test_underthesea_words_rejoined_with_one_space_align_exactly(text):
    from underthesea import word_tokenize

    words = word_tokenize(text, use_token_normalize=False)
    spans = align_pieces(text, 0, len(text), words)
    assert len(spans) == len(words)
    for (s, e), w in zip(spans, words):
        assert text[s:e].split() == w.split()
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_multi_syllable_word_spans_the_whitespace_between_its_syllables():
    text = "xã  Hoà\nThuận"
    assert align_pieces(text, 0, len(text), ["xã", "Hoà Thuận"]) == [(0, 2), (4, 13)]


def test_pieces_are_aligned_inside_the_window_only():
    text = "Mở đầu. Ông Hùng đề nghị. Kết thúc."
    start = text.index("Ông")
    end = text.index("Kết") - 1
    assert align_pieces(text, start, end, ["Ông Hùng", "đề nghị", "."]) == [
        (start, start + 8), (start + 9, start + 16), (start + 16, start + 17)]


def test_sentence_pieces_align_exactly():
    from underthesea import sent_tokenize

    text = "Ông kiến nghị bổ sung biên chế.  Bà Tâm cho biết sẽ xem xét.\nHội nghị kết thúc."
    pieces = sent_tokenize(text)
    spans = align_pieces(text, 0, len(text), pieces)
    assert [text[s:e] for s, e in spans] == [
        "Ông kiến nghị bổ sung biên chế.", "Bà Tâm cho biết sẽ xem xét.", "Hội nghị kết thúc."]


def test_slack_skips_a_character_the_segmenter_dropped():
    text = "\ufeffÔng Hùng"
    assert align_pieces(text, 0, len(text), ["Ông", "Hùng"], slack=2) == [(1, 4), (5, 9)]


@pytest.mark.parametrize("pieces", [["Ông", "Tâm"], ["Hùng", "Ông"], ["Ông Hùng đề nghị thêm"]])
def test_piece_not_in_text_raises_alignment_error(pieces):
    text = "Ông Hùng đề nghị"
    with pytest.raises(AlignmentError, match="cannot align"):
        align_pieces(text, 0, len(text), pieces)


def test_empty_pieces_are_skipped():
    assert align_pieces("Ông Hùng", 0, 8, ["", "Ông", "  ", "Hùng"]) == [(0, 3), (4, 8)]
