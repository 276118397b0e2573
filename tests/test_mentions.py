"""The mention recognisers of extractor/speakers/mentions.py, each with its own examples, one case each."""

from __future__ import annotations

import pytest

from extractor.normalise import norm_view
from extractor.speakers import RECOGNISERS, default_rules, find_mentions

CASES = [(rec.name, sentence, expected) for rec in RECOGNISERS for sentence, expected in rec.examples]


@pytest.mark.parametrize("recogniser, sentence, expected", CASES, ids=[f"{r}:{s[:30]}" for r, s, _ in CASES])
def test_recogniser_finds_its_example(recogniser, sentence, expected):
    mentions, _ = find_mentions(sentence, norm_view(sentence), 0, len(sentence), default_rules())
    texts = [sentence[m.start:m.end] for m in mentions]
    assert expected in texts, f"{recogniser}: {texts}"


def test_every_recogniser_has_examples_and_a_unique_name():
    names = [r.name for r in RECOGNISERS]
    assert len(names) == len(set(names))
    assert all(r.examples and r.recognises for r in RECOGNISERS)


@pytest.mark.parametrize("sentence", [
    "Hội nghị mời các đại biểu phát biểu ý kiến.",
    "Kinh phí của Sở Tài chính đã được phân bổ.",
    "Cử tri Hà Giang kiến nghị làm đường.",
], ids=["invited-delegates-are-objects", "a-body-after-của-is-not-a-speaker", "a-province-is-not-a-person"])
def test_no_person_is_found_where_there_is_none(sentence):
    mentions, _ = find_mentions(sentence, norm_view(sentence), 0, len(sentence), default_rules())
    assert not [m for m in mentions if m.name]
    assert not [m for m in mentions if m.rule in ("title_only", "organization") and "của" in sentence
                and sentence.index("của") < m.start]


def test_a_recogniser_list_can_be_narrowed():
    """find_mentions takes the recognisers as a parameter: a caller can run a subset."""
    sentence = "Ông Lê Văn Tâm đề nghị. Sở Nội vụ cho biết."
    only_bodies = tuple(r for r in RECOGNISERS if r.name == "organization")
    mentions, _ = find_mentions(sentence, norm_view(sentence), 0, len(sentence), default_rules(), only_bodies)
    assert [m.rule for m in mentions] == ["organization"]
