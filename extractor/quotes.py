"""Quotations inside one paragraph: the sentence splitter's pieces repaired where it cut at a quote, and the
quotations of several sentences (each sentence stays a sentence; the quotation shares its attribution's speaker).
Character spans over the canonical text only."""

from __future__ import annotations

_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote_open(piece: str) -> bool:
    """Whether a quotation opened in ``piece`` is still open at its end.

    Curly and angle quotes are counted (“ opens, ” or ’’ closes); straight quotes (") cannot
    say which they are, so an odd number of them leaves a quotation open.
    """
    curly = sum(piece.count(c) for c in _OPEN_QUOTES) - sum(piece.count(c) for c in _CLOSE_QUOTES) - piece.count("’’")
    return curly > 0 or piece.count('"') % 2 == 1


def _fix_quotes(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Repair the splitter's quote handling inside one paragraph; returns the sentences and the quotations of
    several sentences (from the first one's start to the end of the attribution that closes them).

    * a closing quote pushed to the start of the next sentence goes back to its sentence;
      what follows it stays with the quotation when it is an attribution (", bà X kiến
      nghị.", or a lower-case continuation) and is a sentence of its own otherwise. A
      straight quote (") is a closing one when the quotation before it is still open;
    * each sentence of a quotation of several sentences stays a sentence (the guidelines' unit); the
      quotation is returned too, so that its sentences share the speaker its attribution names.
    """
    out: list[list[int]] = []
    quotes: list[tuple[int, int]] = []
    group: int | None = None  # index in ``out`` of the first sentence of the open quotation
    for s, e in spans:
        first = group if group is not None else len(out) - 1
        still_open = bool(out) and _quote_open(text[out[first][0]:out[-1][1]]) and e - out[first][0] < 3000
        if out and (text[s] in _CLOSE_QUOTES or (text[s] in '"’' and still_open)):
            q = s  # ’’: two apostrophes written for a closing quote
            while q < e and (text[q] in _CLOSE_QUOTES or text[q] in '"’'):
                q += 1
            rest_s, rest_e = _strip(text, q, e)
            if rest_s >= rest_e or text[rest_s] in ",–-:" or text[rest_s].islower():
                out[-1][1] = e
                group = _close_quote(out, group, quotes)
                continue
            out[-1][1] = q
            group = _close_quote(out, group, quotes)
            s = rest_s
        elif still_open:  # the next sentence of a quotation: a sentence of its own
            group = first
            out.append([s, e])
            if not _quote_open(text[out[group][0]:e]):
                group = _close_quote(out, group, quotes)
            continue
        elif group is not None:
            group = _close_quote(out, group, quotes)
        out.append([s, e])
    if group is not None:
        _close_quote(out, group, quotes)
    return [(s, e) for s, e in out], quotes


def _close_quote(out: list[list[int]], group: int | None, quotes: list[tuple[int, int]]) -> None:
    """Record the quotation that started at ``out[group]`` and ends with the last sentence (if it has several);
    returns None, the state of no open quotation, so that callers write ``group = _close_quote(...)``."""
    if group is not None and group < len(out) - 1:
        quotes.append((out[group][0], out[-1][1]))
