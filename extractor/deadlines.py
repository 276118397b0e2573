"""By when: ``deadline``, the time a statement sets ("trước ngày 30/6/2024", "trong quý III", "từ tháng 6-2023",
"trước kỳ họp cuối năm"), as a span of its text with an ISO date when the time can be resolved (a quarter or a
month without its year against the document's own date when it gives one). A past time, a budget year or a
condition is none; nothing is inferred. Word lists: ``resources/obligations.yaml``."""

from __future__ import annotations

import calendar
import re

from extractor.obligation_rules import ObligationRules, default_obligation_rules, span_of as _span

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:19|20)\d{2}"
# the time expressions a deadline can name, each with the way its date is read
_TIME = (
    rf"ngày\s+(?P<d1>\d{{1,2}})\s*[/.-]\s*(?P<m1>\d{{1,2}})(?:\s*[/.-]\s*(?P<y1>{_YEAR}))?"
    rf"|ngày\s+(?P<d2>\d{{1,2}})\s+tháng\s+(?P<m2>\d{{1,2}})(?:\s+năm\s+(?P<y2>{_YEAR}))?"
    rf"|(?P<d3>\d{{1,2}})\s*/\s*(?P<m3>\d{{1,2}})(?:\s*/\s*(?P<y3>{_YEAR}))?"
    rf"|quý\s+(?P<q>IV|III|II|I|[1-4])(?:\s*(?:năm|/|-)\s*(?P<qy>{_YEAR}))?"
    rf"|(?:(?P<half>\d)\s+tháng\s+(?P<part>đầu|cuối)\s+năm)(?:\s+(?P<hy>{_YEAR}))?"
    rf"|tháng\s+(?P<m4>\d{{1,2}})(?:\s+và\s+tháng\s+\d{{1,2}})?(?:\s*(?:năm|/|-)\s*(?P<y4>{_YEAR}))?"
    rf"|(?:cuối\s+)?năm\s+(?P<y5>{_YEAR})|cuối\s+năm(?:\s+nay)?|năm\s+nay|năm\s+(?:tới|sau)"
    rf"|kỳ\s+họp\s+(?:(?:thường\s+lệ\s+)?(?:cuối|đầu|giữa)\s+năm(?:\s+{_YEAR})?|tới|này"
    rf"|thứ\s+\w+(?:\s+(?:mốt|một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín))?)"
    rf"|tuần\s+(?:tới|sau)|tháng\s+(?:tới|sau)"
    rf"|(?:đầu\s+)?học\s+kỳ\s+(?:này|tới|sau|[IVX12]+)(?:\s+năm\s+học\s+{_YEAR}\s*-\s*{_YEAR})?"
    rf"|năm\s+học\s+{_YEAR}\s*-\s*{_YEAR}"
    rf"|mùa\s+(?:mưa|lũ|khô)(?:\s+bão)?(?:\s+năm\s+{_YEAR})?"
    rf"|ngày\s+mai|đêm\s+nay"
)
_DEADLINE = re.compile(rf"(?<!\w)(?P<prep>trước|chậm\s+nhất(?:\s+là|\s+trong)?|từ\s+nay\s+đến(?:\s+hết)?|đến\s+hết|hạn\s+chót|trong|từ|kể\s+từ|"
                       rf"ngay\s+trong|đến|vào|cuối|tại)\s+(?P<time>{_TIME})(?!\w)", re.IGNORECASE)
# a bare time before a commitment ("năm 2025 Sở sẽ tuyển dụng ...", "tháng 10 công an phường sẽ tổ chức ...")
_BARE = re.compile(rf"(?<!\w)(?P<time>(?:năm\s+{_YEAR}|tháng\s+\d{{1,2}}(?:\s*[/-]\s*{_YEAR})?|năm\s+nay"
                   rf"|(?:ngay\s+)?(?:ngày\s+mai|đêm\s+nay|tuần\s+tới|tháng\s+tới)))"
                   rf"(?=\s*,?\s+[^,.;:]{{0,40}}?(?<!\w)(?:sẽ|dự\s+kiến)(?!\w))", re.IGNORECASE)
_EXPECTED = re.compile(rf"(?<!\w)dự\s+kiến(?:\s+(?:hoàn\s+thành|xong))?\s+(?P<time>quý\s+(?:IV|III|II|I|[1-4])\s*(?:năm|/|-)\s*{_YEAR}"
                       rf"|tháng\s+\d{{1,2}}\s*(?:năm|/|-)\s*{_YEAR}|năm\s+{_YEAR})(?!\w)", re.IGNORECASE)
# what sets a time in a clause that tells what was done: an assignment or a plan ("đã giao Sở ... hoàn thành trong ...")
_FUTURE = re.compile(r"(?<!\w)(?:sẽ|dự kiến|giao|yêu cầu|chỉ đạo|phấn đấu|kế hoạch|hoàn thành|phải|tham mưu|để|đề nghị|kiến nghị|đề xuất)(?!\w)")
_DOC_DATE = re.compile(rf"ngày\s+(\d{{1,2}})\s*(?:/|tháng)\s*(\d{{1,2}})\s*(?:/|năm)\s*({_YEAR})", re.IGNORECASE)


def _date(m: re.Match, doc_year: int | None) -> str | None:
    g = m.groupdict()
    prep = re.sub(r"\s+", " ", g["prep"].casefold())
    start_of = prep in ("từ", "kể từ")

    def iso(y, mo, d):
        try:
            return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}" if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31 else None
        except (TypeError, ValueError):
            return None

    for d, mo, y in (("d1", "m1", "y1"), ("d2", "m2", "y2"), ("d3", "m3", "y3")):
        if g[d]:
            year = g[y] or doc_year
            return iso(year, g[mo], g[d]) if year else None
    if g["q"]:
        year = g["qy"] or doc_year
        q = _ROMAN[g["q"].casefold()]
        if not year:
            return None
        month = 3 * q - 2 if start_of else 3 * q
        return iso(year, month, 1 if start_of else calendar.monthrange(int(year), month)[1])
    if g["m4"]:
        year = g["y4"] or doc_year
        if not year:
            return None
        month = int(g["m4"])
        return iso(year, month, 1 if start_of else calendar.monthrange(int(year), month)[1]) if 1 <= month <= 12 else None
    if g["y5"]:
        return iso(g["y5"], 1, 1) if start_of else iso(g["y5"], 12, 31)
    return None


def document_date(text: str) -> str | None:
    """The document's own date as written ("ngày 12 tháng 3 năm 2024"): the first full date near its top."""
    m = _DOC_DATE.search(text[:3000])
    return m.group(0) if m else None


def document_year(text: str) -> int | None:
    """The year of the document's own date ("ngày 12 tháng 3 năm 2024", "ngày 12/3/2024"): the first one."""
    m = _DOC_DATE.search(text[:3000])
    return int(m.group(3)) if m else None


def find_deadline(text: str, offset: int = 0, doc_year: int | None = None,
                  rules: ObligationRules | None = None) -> dict | None:
    rules = rules or default_obligation_rules()
    for m in _DEADLINE.finditer(text):
        after = text[m.end():m.end() + 12].casefold().lstrip(" ,")
        if any(after.startswith(p + " ") or after == p or after.startswith(p + ",") or after.startswith(p + ".")
               for p in rules.past_markers):
            continue
        prep = re.sub(r"\s+", " ", m.group("prep").casefold())
        if prep in ("trong", "đến", "vào", "cuối", "tại") and not re.match(r"(?:quý|năm|tháng|\d|ngày|kỳ|tuần|học kỳ|đầu học kỳ)",
                                                                           m.group("time").casefold()):
            continue
        if prep in ("từ", "kể từ") and _past_clause(text, m.start(), m.end()):
            continue  # "Từ tháng 3/2024, Bộ đã triển khai ...": since when something was done, not a deadline
        if prep in ("trong", "vào") and _past_clause(text, m.start(), m.end()) and not _FUTURE.search(
                text[max(0, m.start() - 120):m.start()].casefold()):
            continue  # "Sở đã tổ chức 3 lớp trong tháng 9": when it was done ("đã giao ... hoàn thành trong quý III" sets one)
        out = _span(text, m.start(), m.end(), offset)
        out["date"] = _date(m, doc_year)
        return out
    m = _EXPECTED.search(text)
    if m is not None:  # "(đang giải quyết, dự kiến hoàn thành quý III/2025)": the time expected, as written
        out = _span(text, m.start("time"), m.end("time"), offset)
        out["date"] = _within_date(m.group("time"), doc_year)
        return out
    m = _BARE.search(text)
    if m is not None:  # read as "trong <time>": the end of that year or month
        out = _span(text, m.start(), m.end(), offset)
        out["date"] = _within_date(m.group("time"), doc_year)
        return out
    return None


def _within_date(time: str, doc_year: int | None) -> str | None:
    """The ISO date of a bare time read as "trong <time>" (the end of that year, quarter or month), or None."""
    m = _DEADLINE.match("trong " + time)
    return _date(m, doc_year) if m else None


def _past_clause(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``text[start:end]`` tells what was done ("đã"): up to the next and from the
    previous comma, semicolon or full stop."""
    a = max(text.rfind(c, 0, start) for c in ",;.") + 1
    b = min((i for i in (text.find(c, end) for c in ",;.") if i >= 0), default=len(text))
    if text[end:end + 1] == ",":  # "Từ ngày 01/01/2025, tỉnh đã bố trí ...": the clause the time opens
        b = min((i for i in (text.find(c, end + 1) for c in ",;.") if i >= 0), default=len(text))
    return re.search(r"(?<!\w)(?:đã|vừa|đã được)(?!\w)", text[a:b].casefold()) is not None
