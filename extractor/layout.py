"""Small facts of a document's layout that several stages read (the speaker walk and the statement decision)."""

from __future__ import annotations

import re

_ITEM = re.compile(r"\s*(?:[-–+•*▪]|\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-zđ]\))\s+$")  # a list item's marker


def is_list_item(view: str, start: int) -> bool:
    """Whether the sentence at ``start`` opens a list item: only its marker ("- ", "2. ", "a) ") before it on its line."""
    line = view.rfind("\n", 0, start) + 1
    return start - line <= 8 and _ITEM.fullmatch(view, line, start) is not None
