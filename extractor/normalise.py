"""A normalised view of the text for matching, never written back into the text.

:func:`norm_view` maps a text to a string of exactly the same length in which

* letters are lower-cased (Vietnamese lower-casing never changes the length),
* tone marks sit in one place: old and new placement of ``oa``, ``oe`` and ``uy``
  syllables (``hoà``/``hòa``, ``thuỷ``/``thủy``, ``Uỷ``/``Ủy``) read the same,
* every kind of space (no-break, thin, tab) reads as a plain space,
* curly quotes and dashes read as their ASCII forms, the look-alike eth ``Ð`` as ``đ``.

Because the lengths are equal, a match at ``[i, j)`` of the view is the span
``[i, j)`` of the text: rules read the view, offsets stay exact.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(r"[^\W\d_]+")
_CHAR_MAP = {
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " ",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'",
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
    # the eth "Ð"/"ð" that old Vietnamese fonts and encodings put for "Đ"/"đ" ("Ðề nghị", "Ðỗ Văn Minh")
    "\u00d0": "đ", "\u00f0": "đ",
}
_TRANSLATE = str.maketrans(_CHAR_MAP)
# the end of a syllable in "oa", "oe" or "uy", with or without tones: "hoà", "thuỷ", "hoa"
_PAIR_END = re.compile(r"(?:[oòóỏõọ][aàáảãạeèéẻẽẹ]|[uùúủũụ][yỳýỷỹỵ])(?![^\W\d_])")
# where lower-casing the whole text differs from lower-casing its syllables: combining marks, the
# final sigma, circled letters (lower-cased though no syllable holds them)
_NOT_PLAIN = re.compile(r"[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u03a3\u24b6-\u24cf]")


@lru_cache(maxsize=65536)
def norm_syllable(syllable: str) -> str:
    """Lower-case one syllable and put its tone mark in the canonical place.

    The canonical place for the open syllables ``oa``, ``oe`` and ``uy`` is the first
    vowel (``hòa``, ``thủy``, ``ủy``), the placement most Vietnamese news uses.
    The result always has the length of the input.
    """
    low = syllable.lower()
    if len(low) != len(syllable):  # a rare letter whose case mapping changes length
        return syllable
    nfd = unicodedata.normalize("NFD", low)
    tones = [c for c in nfd if c in _TONES]
    if len(tones) != 1:
        return low
    base = "".join(c for c in nfd if c not in _TONES)
    base_nfc = unicodedata.normalize("NFC", base)
    if len(base_nfc) < 2:
        return low
    tail = base_nfc[-2:]
    if tail in ("oa", "oe", "uy") and not (tail == "uy" and base_nfc[-3:-2] == "q"):
        # move the tone to the first vowel of the pair
        target = len(base_nfc) - 2
        out = base_nfc[:target] + unicodedata.normalize("NFC", base_nfc[target] + tones[0]) + base_nfc[target + 1:]
        return out if len(out) == len(low) else low
    return low


def _norm_match(m: re.Match) -> str:
    return norm_syllable(m.group(0))


def norm_view(text: str) -> str:
    """The matching view of ``text``: same length, lower-case, one tone placement.

    Every syllable is :func:`norm_syllable` of itself. That is its lower case except for
    syllables ending in ``oa``, ``oe`` or ``uy`` (whose tone moves), so the text is lower-cased
    at once and only those syllables are looked at; a text where lower-casing is not syllable by
    syllable (a letter whose lower case is longer, a final sigma, combining marks) goes syllable by
    syllable."""
    text = text.translate(_TRANSLATE)
    low = text.lower()
    if len(low) != len(text) or _NOT_PLAIN.search(text):
        return _SYLLABLE.sub(_norm_match, text)
    parts: list[str] = []
    pos = 0
    for m in _PAIR_END.finditer(low):
        start = m.start()
        while start > pos and _letter(low[start - 1]):   # back to the start of the syllable
            start -= 1
        parts += (low[pos:start], norm_syllable(low[start:m.end()]))
        pos = m.end()
    if not parts:
        return low
    parts.append(low[pos:])
    return "".join(parts)


def _letter(c: str) -> bool:
    """What ``[^\\W\\d_]`` matches: a syllable's character."""
    return c.isalnum() and not c.isdecimal()


def norm_phrase(phrase: str) -> str:
    """Normalise a rule phrase the way :func:`norm_view` normalises text, spaces collapsed."""
    return " ".join(norm_view(unicodedata.normalize("NFC", phrase)).split())
