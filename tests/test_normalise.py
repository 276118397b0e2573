"""Normalise: one matching view per text, same length, old and new tone placement read the same."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalise import norm_phrase, norm_syllable, norm_view


@pytest.mark.parametrize(
    "old, new",
    [
        ("hoà", "hòa"),
        ("Hoà Thuận", "Hòa Thuận"),
        ("thuỷ", "thủy"),
        ("Lê Thị Thuỷ", "Lê Thị Thủy"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        ("khoẻ", "khỏe"),
        ("tuỳ", "tùy"),
        ("CỘNG HOÀ", "cộng hòa"),
    ],
)
def test_old_and_new_tone_placement_have_the_same_view(old, new):
    assert norm_view(old) == norm_view(new)


@pytest.mark.parametrize(
    "a, b",
    [
        ("hoà", "hóa"),       # different tones stay different
        ("thuỷ", "thuý"),
        ("quý", "qúy"),       # "qu" + y: the tone of quý stays on y
    ],
)
def test_different_words_keep_different_views(a, b):
    assert norm_view(a) != norm_view(b)


def test_quy_keeps_its_tone_on_y():
    assert norm_syllable("quý") == "quý"
    assert norm_syllable("Quỳnh") == "quỳnh"


@pytest.mark.parametrize(
    "text, view",
    [
        ("Đề nghị", "đề nghị"),
        ("“Đề nghị”", '"đề nghị"'),
        ("Tài chính – Kế hoạch", "tài chính - kế hoạch"),
        ("Ông\u00a0Nguyễn\tVăn", "ông nguyễn văn"),
        ("2,5 tỷ đồng", "2,5 tỷ đồng"),
    ],
)
def test_view_lowercases_and_maps_quotes_dashes_and_spaces(text, view):
    assert norm_view(text) == view


@pytest.mark.parametrize("text, view", [("Ðề nghị", "đề nghị"), ("ông Ðỗ Văn Ðức", "ông đỗ văn đức"), ("ðồng", "đồng")],
                         ids=["eth-capital-opening-a-cue", "eth-in-a-name", "eth-small"])
def test_the_look_alike_eth_reads_as_d_with_stroke(text, view):
    assert norm_view(text) == view


def test_view_keeps_line_breaks_and_offsets():
    text = "Chủ tịch UBND xã\r\nHoà Thuận"
    view = norm_view(text)
    assert len(view) == len(text)
    assert view[text.index("Hoà"):text.index("Hoà") + 3] == "hòa"
    assert view[16:18] == "\r\n"


@pytest.mark.parametrize("phrase, norm", [("  Phó  Chủ tịch ", "phó chủ tịch"), ("Uỷ ban", "ủy ban"), ("Hoa\u0300", "hòa")])
def test_norm_phrase_collapses_spaces_and_composes(phrase, norm):
    assert norm_phrase(phrase) == norm


VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(VIET + VIET.upper() + " \n\r\t\u00a0“”–.,:;\"'"),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_view_length_always_equals_text_length(text):
    assert len(norm_view(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_view_is_idempotent(text):
    view = norm_view(unicodedata.normalize("NFC", text))
    assert norm_view(view) == view


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["hoà", "hòa", "thuỷ", "thủy", "Uỷ", "Ủy", "khoẻ", "khỏe", "quý", "Nguyễn", "ban"]),
                max_size=12).map(" ".join))
def test_view_ignores_case_and_tone_placement(text):
    swapped = text.replace("oà", "òa").replace("uỷ", "ủy").replace("Uỷ", "Ủy").replace("oẻ", "ỏe")
    assert norm_view(text) == norm_view(swapped) == norm_view(text.upper())


def _by_syllable(text: str) -> str:
    """The definition: every syllable is norm_syllable of itself (what norm_view computes faster)."""
    import re

    from extractor.normalise import _TRANSLATE

    return re.sub(r"[^\W\d_]+", lambda m: norm_syllable(m.group(0)), text.translate(_TRANSLATE))


@pytest.mark.parametrize("text", [
    "Hoà Bình, thuỷ lợi, QUÝ khoẻ, ông HOÀ", "cao điểmtruy quét", "hoa tòa xòe quy khuya", "İstanbul hoà",
    "ΟΔΟΣ hoà", "Ⓐ hoà", "hoa\u0300 (dấu tổ hợp)", "Ủy ban nhân dân xã Hoà Thuỷ", "3hoà hoà5 hoà_x",
], ids=["old-placement", "glued-syllables", "untoned-and-q", "dotted-capital-i", "final-sigma", "circled-letter",
        "combining-mark", "upper-and-lower", "digits-and-underscore"])
def test_view_is_norm_syllable_of_every_syllable(text):
    assert norm_view(text) == _by_syllable(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_view_is_norm_syllable_of_every_syllable_for_any_text(text):
    assert norm_view(text) == _by_syllable(text)
