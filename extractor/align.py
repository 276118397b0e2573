"""Align the strings a segmenter returns with the text they came from.

underthesea returns words and sentences without offsets, and it may rejoin syllables
with one space where the text had two spaces or a line break. The aligner therefore
walks syllable by syllable (runs of non-space characters), skipping any whitespace in
the text, and never relies on the pieces' own spacing.
"""

from __future__ import annotations


class AlignmentError(ValueError):
    """A piece does not occur where the text says it should."""


def align_pieces(text: str, start: int, end: int, pieces: list[str], *, slack: int = 0) -> list[tuple[int, int]]:
    """Character spans of ``pieces`` in ``text[start:end]``, in order.

    Each piece's syllables must follow one another in the text separated only by
    whitespace. With ``slack`` > 0, up to that many unmatched characters may be skipped
    before a piece (a character the segmenter dropped). Raises :class:`AlignmentError`
    when a piece cannot be placed.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    for piece in pieces:
        sylls = piece.split()
        if not sylls:
            continue
        first = True
        p_start = None
        for syl in sylls:
            while pos < end and text[pos].isspace():
                pos += 1
            if not text.startswith(syl, pos) or pos + len(syl) > end:
                found = text.find(syl, pos, min(end, pos + slack + len(syl))) if first and slack else -1
                if found < 0:
                    raise AlignmentError(f"cannot align {syl!r} at offset {pos}: text has {text[pos:pos + len(syl) + 5]!r}")
                pos = found
            if first:
                p_start = pos
                first = False
            pos += len(syl)
        spans.append((p_start, pos))
    return spans
