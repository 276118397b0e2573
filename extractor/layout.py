"""Small facts of a document's layout that several stages read (the speaker walk and the statement decision)."""

from __future__ import annotations

import re

_ITEM = re.compile(r"\s*(?:[-–+•*▪]|\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-zđ]\))\s+$")  # a list item's marker


# an item of a list counted in words at the start of its line ("Một là, UBND huyện chỉ đạo ...", "Hai là, ...")
_ORDINAL = re.compile(r"(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) là\s*,")


def is_list_item(view: str, start: int) -> bool:
    """Whether the sentence at ``start`` opens a list item: only its marker ("- ", "2. ", "a) ") before it on its line,
    or, at the start of its line, the ordinal words of one ("Một là, ...")."""
    line = view.rfind("\n", 0, start) + 1
    if start == line and _ORDINAL.match(view, start) is not None:
        return True
    return start - line <= 8 and _ITEM.fullmatch(view, line, start) is not None


_HEADING_MARKER = re.compile(r"\s*(?:(?:[ivxlc]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]\s+)?")


def after_heading_marker(view: str, pos: int = 0, end: int | None = None) -> int:
    """Where a heading's words start, after its number or letter ("IV. ", "1.2. ", "a) "): ``pos`` when it has none."""
    return _HEADING_MARKER.match(view, pos, len(view) if end is None else end).end()
