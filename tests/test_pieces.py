"""Long documents: cut into pieces between sections, paragraphs and sentences, offsets unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.document import Document
from extractor.pieces import pieces

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _covers(text, cuts, limit):
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:]))
    assert all(0 < e - s <= limit for s, e in cuts)


@pytest.mark.parametrize("text, limit, first_piece_ends_with", [
    ("Phần I. Tình hình chung của phường trong quý.\n\nPhần II. Kiến nghị của cử tri về đường.", 60,
     "trong quý.\n\n"),
    ("Cử tri phường 5 đề nghị sửa đường Lê Lợi.\nÔng Tâm cho biết quận sẽ sửa trong quý III năm nay.", 60,
     "đường Lê Lợi.\n"),
    ("Cử tri phường 5 đề nghị sửa đường Lê Lợi. Ông Tâm cho biết quận sẽ sửa trong quý III năm nay.", 60,
     "đường Lê Lợi. "),
    ("Đề nghị thành phố sớm bổ sung biên chế cho các phường mới thành lập trong năm nay và năm sau", 60,
     "phường mới "),
])
def test_a_piece_ends_at_the_best_break_in_its_last_half(text, limit, first_piece_ends_with):
    cuts = pieces(text, limit)
    _covers(text, cuts, limit)
    assert text[: cuts[0][1]].endswith(first_piece_ends_with)


def test_a_text_that_fits_is_one_piece():
    assert pieces("Đề nghị sửa đường.", 100) == [(0, len("Đề nghị sửa đường."))]
    assert pieces("", 100) == [(0, 0)]


def test_a_text_without_any_break_is_cut_at_the_limit():
    text = "x" * 1000
    cuts = pieces(text, 300)
    _covers(text, cuts, 300)
    assert [e - s for s, e in cuts] == [300, 300, 300, 100]


def test_too_small_a_piece_is_refused():
    with pytest.raises(ValueError, match="at least 20"):
        pieces("abc", 10)


@pytest.fixture(scope="module")
def extractor():
    from extractor.pipeline import Extractor

    return Extractor()


def _document(text, name="long.txt"):
    import hashlib

    return Document(id=name, text=text, path=name, format="txt", sha256=hashlib.sha256(text.encode()).hexdigest())


def test_a_document_in_pieces_gives_each_copys_records_at_the_documents_offsets(extractor):
    seed = (SAMPLES / "hcmc-ward-chairs-2023.txt").read_text(encoding="utf-8").strip()
    one = extractor.process(_document(seed)).records
    text = "\n\n".join([seed] * 3)
    result = extractor.process(_document(text), piece_chars=len(seed) + 10)
    records = result.records
    assert len(records) == 3 * len(one) and len({r["id"] for r in records}) == len(records)
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]
    step = len(seed) + 2
    for copy in range(3):
        part = records[copy * len(one):(copy + 1) * len(one)]
        assert [(r["start"] - copy * step, r["end"] - copy * step, r["kind"], r["speaker"]["name"], r["topics"])
                for r in part] == [(r["start"], r["end"], r["kind"], r["speaker"]["name"], r["topics"]) for r in one]
    summary = result.summary
    assert summary["counts"]["recommendation"] + summary["counts"]["response"] == len(records)
    assert summary["counts"]["sentences"] == 3 * extractor.process(_document(seed)).summary["counts"]["sentences"]


def test_a_document_longer_than_spacys_limit_is_processed(extractor):
    """spaCy refuses a text over nlp.max_length (E088); the pieces stay under it."""
    seed = (SAMPLES / "hcmc-ward-chairs-2023.txt").read_text(encoding="utf-8").strip()
    text = "\n\n".join([seed] * 4)
    saved = extractor.nlp.max_length
    extractor.nlp.max_length = len(seed) + 100
    try:
        with pytest.raises(ValueError, match="E088"):
            extractor.nlp(text)
        records = extractor.process(_document(text), piece_chars=len(seed) + 50).records
    finally:
        extractor.nlp.max_length = saved
    assert records and all(text[r["start"]:r["end"]] == r["text"] for r in records)


def test_a_section_heading_carries_over_into_the_next_piece(extractor):
    head = "I. KIẾN NGHỊ VỀ TỔ CHỨC BỘ MÁY\n\n"
    body = "Cử tri phường 5 đề nghị thành phố bổ sung biên chế cho phường mới thành lập.\n\n" * 6
    text = head + body
    records = extractor.process(_document(text), piece_chars=200).records
    assert len(records) == 6
    assert {r["section"] for r in records} == {"I. KIẾN NGHỊ VỀ TỔ CHỨC BỘ MÁY"}


def test_every_offset_in_a_record_of_a_later_piece_points_into_the_document(extractor):
    """Speaker evidence, addressee and cue offsets are the document's, not the piece's."""
    seed = (SAMPLES / "hcmc-ward-chairs-2023.txt").read_text(encoding="utf-8").strip()
    text = "\n\n".join([seed] * 3)
    records = extractor.process(_document(text), piece_chars=len(seed) + 10).records
    later = [r for r in records if r["start"] > len(seed)]
    assert later
    checked = 0
    for r in later:
        ev = r["speaker"]["evidence"]
        if ev:
            assert text[ev["start"]:ev["end"]] == ev["text"] and ev["start"] > len(seed) - 200
            checked += 1
        to = r.get("addressee")
        if to and to.get("start") is not None:
            assert text[to["start"]:to["end"]] == to["text"] and r["start"] <= to["start"] < r["end"]
            checked += 1
        cue = r["evidence"]
        if cue.get("cue_start") is not None:
            assert r["start"] <= cue["cue_start"] < cue["cue_end"] <= r["end"]
            checked += 1
    assert checked > len(later)
