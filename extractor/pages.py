"""The layout of text exported page by page or hard-wrapped: line widths, page numbers, running headers."""

from __future__ import annotations

import re
from collections import defaultdict

MAX_WRAP_WIDTH = 130
_RUNNING_MAX_CHARS = 100


def wrap_width(spans: list[tuple[int, int]]) -> int | None:
    """The line width of a hard-wrapped text (paragraphs broken at about N characters), or None.

    A hard-wrapped text has no long lines (the width of e-mails, PDF and terminal exports
    is 60-120 characters) and many lines nearly as long as the longest; a text with one
    paragraph per line has lines of several hundred characters.
    """
    lengths = sorted(e - s for s, e in spans)
    if len(lengths) < 8:
        return None
    width = lengths[int(0.98 * (len(lengths) - 1))]  # one stray long line does not count
    if not 40 <= width <= MAX_WRAP_WIDTH:
        return None
    near = sum(1 for n in lengths if n >= 0.75 * width)
    return width if near >= 0.35 * len(lengths) else None


def page_lines(text: str, spans: list[tuple[int, int]], page_break: re.Pattern) -> set[int]:
    """Indexes of the lines that belong to page breaks, not to the text: page-number lines ("Trang 2/5", "- 2 -")
    and running headers or footers, short lines written the same way every time, each of them next to a page-number
    line or at the very start or end of the text ("UBND HUYỆN X - Biên bản TXCT" at the top of every page)."""
    texts = [text[s:e].strip() for s, e in spans]
    breaks = {i for i, line in enumerate(texts) if page_break.match(line)}
    if not breaks:
        return set()

    def near_break(i: int) -> bool:
        return any(i + d in breaks for d in (-2, -1, 1, 2))

    def at_edge(i: int) -> bool:
        return i < 2 or i >= len(texts) - 2

    where: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(texts):
        if i not in breaks and len(line) <= _RUNNING_MAX_CHARS:
            where[line].append(i)
    running = set()
    for idx in where.values():
        if len(idx) >= 2 and any(map(near_break, idx)) and all(near_break(i) or at_edge(i) for i in idx):
            running.update(idx)
    return breaks | running


def open_line_end(view: str, open_ends: frozenset, verbs, not_before: tuple[str, ...]) -> bool:
    """Whether a line (its normalised view) stops where no sentence or heading stops, so the next line goes on with
    it (cells of a table flattened by a PDF export): on a function word or a body's head ("... đề nghị Bộ" / "Nông
    nghiệp và Môi trường ..."), or on a verb of asking right after who asks ("Cử tri huyện Hướng Hóa kiến nghị" /
    "Chính phủ sớm ban hành ..."; not "Tổng hợp ý kiến, kiến nghị", a heading)."""
    words = view.split()
    if len(words) < 3:
        return False
    if words[-1] in open_ends or " ".join(words[-2:]) in open_ends:
        return True
    last = None
    for last in verbs.finditer(view):
        pass
    return last is not None and last.end == len(view.rstrip()) and last.start > 0 \
        and not any(view.startswith(w) for w in not_before)
