"""Topic label sets: the shipped model's five labels, and the order of any other set.

A model's label set is its own (``meta.json`` lists it; training takes it from the data). The five
below are the shipped model's, defined here once; :func:`label_order` puts any set in a stable
order (the shipped labels first, in their order, then the others alphabetically).
"""

from __future__ import annotations

import re

SHIPPED_LABELS = ("staffing", "budget", "data_sharing", "security_training", "other")
FALLBACK = "other"  # the label given when no other passes its threshold, if the set has it
KINDS = ("recommendation", "response", "none")
_LABEL = re.compile(r"^[^\W\d][\w]*$")


def canonical(value: str) -> str:
    """A label as stored: lower case, words joined by underscores ("Y tế" -> "y_tế")."""
    return "_".join(str(value).strip().lower().replace("-", " ").split())


def is_label(value: str) -> bool:
    """Whether a canonical value can be a topic label (a word: letters, digits, underscores)."""
    return bool(_LABEL.match(value)) and value not in KINDS


def label_order(labels) -> tuple[str, ...]:
    """The labels of a set in a stable order: shipped ones first, in their order, then the rest sorted."""
    labels = set(labels)
    known = [l for l in SHIPPED_LABELS if l in labels]
    return tuple(known + sorted(labels - set(known)))


def fallback_for(labels) -> str | None:
    """The fallback label of a set: ``other`` when the set has it, else None (no label)."""
    return FALLBACK if FALLBACK in labels else None
