"""Long documents in pieces: cut points that respect sections, paragraphs and sentences.

spaCy refuses a text over ``nlp.max_length`` characters (a million by default), and one Doc of several
million characters would need gigabytes. A document longer than :data:`PIECE_CHARS` is processed piece by
piece; each piece ends, in order of preference, before a blank line, at a line break, or after a
sentence end (". ", "? ", "! ") within the last half of its budget, and only when none is there at
a space. Pieces are contiguous and cover the text exactly, so offsets are the piece's start plus the
offset inside it.
"""

from __future__ import annotations

import re

PIECE_CHARS = 200_000
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.?!…][\"”’)]*[ \t]+"), re.compile(r"[ \t]+"))


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the piece starting at ``start``: the best break in its last half."""
    hard = start + limit
    window_start = start + limit // 2
    for pattern in _BREAKS:
        last = None
        for m in pattern.finditer(text, window_start, hard):
            last = m
        if last is not None:
            return last.end()
    return hard


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """(start, end) of each piece of ``text``; one piece when the text fits in ``limit``."""
    if limit < 20:
        raise ValueError(f"a piece must be at least 20 characters, got {limit}")
    out, start = [], 0
    while len(text) - start > limit:
        end = _cut(text, start, limit)
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out
