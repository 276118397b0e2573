"""Properties: arbitrary Unicode text never makes the pipeline raise, and every offset is exact."""

from __future__ import annotations

import hashlib
import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractor.document import Document
from extractor.segment import segment

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
PIECES = [
    "Ông ", "Bà ", "Đồng chí ", "Chủ tịch UBND ", "đề nghị ", "kiến nghị ", "cho biết ", "trả lời ", "tiếp thu ",
    "cần ", "Đối với ", "Về ", "Trang 2/3", ": ", ". ", ".", "!", "?", "…", "“", "”", "\"", "«", "»", ", ",
    "\n", "\r\n", "\r", "\n\n", "\t", "  ", "\u00a0", "- ", "1. ", "II. ", "a) ", "(", ")", "./.",
    "\u0300", "\u0323", "\u200b", "\ufeff", "\x00", "\x0b", "😀",
]
TEXT = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(alphabet=LETTERS + LETTERS.upper() + " ", min_size=1, max_size=12),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=5),
    ),
    max_size=60,
).map("".join)

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _document(text: str) -> Document:
    text = unicodedata.normalize("NFC", text)  # what ingest hands the pipeline
    return Document(id="h", text=text, path="h.txt", format="txt",
                    sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


@SETTINGS
@given(TEXT)
@example("")
@example("Ông Lê Văn C (Chủ tịch UBND xã D):\nTôi đề nghị tỉnh bổ sung kinh phí.”")
@example("“" * 50 + "Đề nghị." + "”" * 3)
@example("\r\r\n\n:" * 10)
@example("1. Về nhân sự Chủ tịch")
def test_process_never_raises_and_offsets_are_exact(extractor, text):
    doc = _document(text)
    result = extractor.process(doc)
    for r in result.records:
        assert 0 <= r["start"] < r["end"] <= len(doc.text)
        assert doc.text[r["start"]:r["end"]] == r["text"]
    assert result.summary["counts"]["recommendation"] + result.summary["counts"]["response"] == len(result.records)


@SETTINGS
@given(TEXT)
def test_segment_spans_are_exact_stripped_and_ordered(text):
    seg = segment(text)
    for name in ("sentences", "headings", "turn_labels", "items", "paragraphs"):
        spans = getattr(seg, name)
        for s, e in spans:
            assert 0 <= s < e <= len(text)
            assert text[s:e] == text[s:e].strip()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), name


@SETTINGS
@given(TEXT)
def test_tokenizer_is_lossless(tokenizer, text):
    doc = tokenizer(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text
    seg = segment(text)
    for name in ("sentences", "headings", "turn_labels", "items", "paragraphs"):
        assert [(sp.start_char, sp.end_char) for sp in doc.spans[name]] == getattr(seg, name), name


def test_real_news_articles_keep_exact_offsets(extractor):
    """20 articles of the shared VNTC corpus (real, messy news text) through the whole pipeline."""
    import json

    from conftest import require_shared

    path = require_shared("corpus", "vntc_chinhtri_xahoi.jsonl")
    with open(path, encoding="utf-8") as fh:
        articles = [json.loads(line) for _, line in zip(range(20), fh)]
    for article in articles:
        doc = _document(article["text"])
        result = extractor.process(doc)
        for r in result.records:
            assert doc.text[r["start"]:r["end"]] == r["text"] == r["text"].strip()
        seg = segment(doc.text)
        for name in ("sentences", "headings", "turn_labels", "items", "paragraphs"):
            for s, e in getattr(seg, name):
                assert doc.text[s:e] == doc.text[s:e].strip() and s < e, (article["id"], name)
