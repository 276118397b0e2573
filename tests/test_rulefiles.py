"""Rule files: loaded with safe_load, validated on load; a broken file names the file and the entry.
PhraseSet matches whole syllables over the normalised view, longest phrase first."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import ConfigError
from extractor.normalise import norm_phrase, norm_view
from extractor.rulefiles import PhraseSet, compile_regex, load_yaml, require, resource_path, string_list
from extractor.segment import SegmentRules


@pytest.mark.parametrize("name", ["segment.yaml", "cues.yaml", "speakers.yaml"])
def test_shipped_rule_files_load(name):
    data = load_yaml(name)
    assert data["version"] == 1
    assert resource_path(name).exists()


def test_segment_rules_load_from_the_shipped_file():
    rules = SegmentRules.from_yaml()
    assert rules.heading_max_chars > 0 and len(rules.turn_heads) > 5


@pytest.mark.parametrize(
    "content, message",
    [
        ("version: 1\nheading: [\n", "not valid YAML"),
        ("- a\n- b\n", "top level must be a mapping"),
        ("heading: {}\n", "'version: 1' is required"),
        ("version: 2\n", "'version: 1' is required"),
        ("version: 1\n", "missing key 'heading'"),
        ("version: 1\nheading: {max_chars: '160', max_words: 24, final_punctuation: '.'}\n", "'max_chars' must be int"),
    ],
    ids=["bad-yaml", "not-mapping", "no-version", "wrong-version", "missing-key", "wrong-type"],
)
def test_broken_rule_file_names_the_file_and_the_entry(tmp_path, content, message):
    path = tmp_path / "segment.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        SegmentRules.from_yaml(str(path))
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_missing_rule_file(tmp_path):
    with pytest.raises(ConfigError, match="rule file not found"):
        load_yaml(tmp_path / "khong-co.yaml")


def test_string_list_checks_every_entry():
    with pytest.raises(ConfigError, match=r"openers\[1\] must be a non-empty string"):
        string_list({"openers": ["Đối với", ""]}, "openers", "segment.yaml")
    with pytest.raises(ConfigError, match="must not be empty"):
        string_list({"openers": []}, "openers", "segment.yaml")
    assert string_list({"openers": []}, "openers", "x", allow_empty=True) == []


def test_require_names_the_expected_type():
    with pytest.raises(ConfigError, match="'n' must be int/float, got str"):
        require({"n": "1"}, "n", (int, float), "cues.yaml")


def test_invalid_regex_fails_loudly():
    with pytest.raises(ConfigError, match=r"item_marker: invalid regular expression"):
        compile_regex("([a-z", "segment.yaml: item_marker")


def test_empty_phrase_is_rejected():
    with pytest.raises(ConfigError, match="empty phrase"):
        PhraseSet(["Chủ tịch", "  "], name="speakers.yaml: titles")


ROLES = PhraseSet(["Chủ tịch", "Phó Chủ tịch", "Uỷ ban nhân dân"], name="roles")


@pytest.mark.parametrize(
    "text, found",
    [
        ("Phó Chủ tịch UBND xã phát biểu", ["Phó Chủ tịch"]),           # longest first, no "Chủ tịch" inside
        ("Chủ tịch UBND xã và Phó Chủ tịch HĐND", ["Chủ tịch", "Phó Chủ tịch"]),
        ("chủ  tịch xã", ["Chủ tịch"]),                                  # case and spacing variants
        ("Ủy ban nhân dân xã", ["Uỷ ban nhân dân"]),                      # tone placement variant
        ("Chủ tịchh xã", []),                                            # never inside a longer word
        ("PhóChủ tịch", []),
    ],
)
def test_phrase_set_matches_whole_syllables_longest_first(text, found):
    view = norm_view(text)
    matches = list(ROLES.finditer(view))
    assert [m.phrase for m in matches] == found
    for m in matches:
        assert len(text[m.start:m.end].split()) == len(m.phrase.split())


def test_phrase_set_match_at_a_position():
    view = norm_view("Bà Lan, Phó Chủ tịch  ")
    assert ROLES.match_at(view, 8).phrase == "Phó Chủ tịch"
    assert ROLES.match_at(view, 0) is None
    assert "phó chủ tịch" in ROLES and "Ủy ban nhân dân" in ROLES and len(ROLES) == 3


# -- the factored phrase expression finds what an alternation of the phrases, longest first, finds -----------

_SYLLABLES = ("chủ", "tịch", "phó", "ủy", "ban", "tp.hcm", "đ/c", "sở", "nội", "vụ", "ông", "ôn")


def _alternation(phrases: list[str]):
    import re

    ordered = sorted({norm_phrase(p) for p in phrases}, key=lambda s: (-len(s), s))
    body = "|".join(r"\s+".join(re.escape(w) for w in n.split(" ")) for n in ordered)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")


_PHRASES = st.lists(st.lists(st.sampled_from(_SYLLABLES[:5]), min_size=1, max_size=3).map(" ".join),
                   min_size=1, max_size=8)


@given(phrases=_PHRASES, data=st.data())
@settings(max_examples=300, deadline=None)
def test_phrase_set_matches_as_an_alternation_of_its_phrases_longest_first(phrases, data):
    # the text is made of the phrases themselves and other syllables, so that phrases overlap and extend each other
    pieces = st.sampled_from(phrases) | st.sampled_from(_SYLLABLES + ("không", "x", ",", "  ", "\n"))
    text = " ".join(data.draw(st.lists(pieces, max_size=20))).replace(" ,", ",")
    expected = _alternation(phrases)
    found = PhraseSet(phrases)
    assert [(m.start, m.end) for m in found.finditer(text)] == [m.span() for m in expected.finditer(text)]
    for pos in range(len(text)):
        m = found.match_at(text, pos)
        e = expected.match(text, pos)
        assert (m and (m.start, m.end)) == (e and e.span())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("phó chủ tịch  ubnd tỉnh", ["phó chủ tịch"]),   # the longer phrase wins where both start
        ("ông chủ tịch ubnd huyện", ["chủ tịch ubnd"]),  # the longest phrase, spaces any run
        ("khôngchủ tịch", []),                          # never inside a word
        ("tại tp.hcm, đ/c an", ["tp.hcm", "đ/c"]),      # phrases with punctuation
    ],
)
def test_phrase_set_takes_the_longest_phrase_and_no_part_of_a_word(text, expected):
    ps = PhraseSet(["chủ tịch", "phó chủ tịch", "chủ tịch ubnd", "tp.hcm", "đ/c"])
    assert [m.phrase for m in ps.finditer(text)] == expected
