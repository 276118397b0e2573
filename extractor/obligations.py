"""Who must act and by when: ``assignee`` (the body a response or conclusion gives the task to: "giao Sở Nội
vụ chủ trì ...") and ``deadline`` (the time the text sets: "trước ngày 30/6/2024", "trong quý III", "từ tháng
6-2023", "trước kỳ họp cuối năm"), as spans of the statement's text, with an ISO date when the time can be
resolved (a quarter or a year without the year given is resolved against the document's date when the
document gives one). Nothing is inferred: when the sentence states no owner or no time, the field is null.
Word lists: ``resources/obligations.yaml``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.rulefiles import load_yaml, string_list

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:19|20)\d{2}"
# the time expressions a deadline can name, each with the way its date is read
_TIME = (
    rf"ngày\s+(?P<d1>\d{{1,2}})\s*[/.-]\s*(?P<m1>\d{{1,2}})(?:\s*[/.-]\s*(?P<y1>{_YEAR}))?"
    rf"|ngày\s+(?P<d2>\d{{1,2}})\s+tháng\s+(?P<m2>\d{{1,2}})(?:\s+năm\s+(?P<y2>{_YEAR}))?"
    rf"|(?P<d3>\d{{1,2}})\s*/\s*(?P<m3>\d{{1,2}})(?:\s*/\s*(?P<y3>{_YEAR}))?"
    rf"|quý\s+(?P<q>IV|III|II|I|[1-4])(?:\s*(?:năm|/|-)\s*(?P<qy>{_YEAR}))?"
    rf"|(?:(?P<half>\d)\s+tháng\s+(?P<part>đầu|cuối)\s+năm)(?:\s+(?P<hy>{_YEAR}))?"
    rf"|tháng\s+(?P<m4>\d{{1,2}})(?:\s*(?:năm|/|-)\s*(?P<y4>{_YEAR}))?"
    rf"|(?:cuối\s+)?năm\s+(?P<y5>{_YEAR})|cuối\s+năm(?:\s+nay)?|năm\s+nay|năm\s+(?:tới|sau)"
    rf"|kỳ\s+họp\s+(?:cuối\s+năm|tới|thứ\s+\w+|giữa\s+năm)|tuần\s+(?:tới|sau)|tháng\s+(?:tới|sau)"
)
_DEADLINE = re.compile(rf"(?<!\w)(?P<prep>trước|chậm\s+nhất(?:\s+là)?|đến\s+hết|hạn\s+chót|trong|từ|kể\s+từ|"
                       rf"ngay\s+trong|đến|vào|cuối)\s+(?P<time>{_TIME})(?!\w)", re.IGNORECASE)
_DOC_DATE = re.compile(rf"ngày\s+(\d{{1,2}})\s*(?:/|tháng)\s*(\d{{1,2}})\s*(?:/|năm)\s*({_YEAR})", re.IGNORECASE)


@dataclass(frozen=True)
class ObligationRules:
    assign_verbs: tuple[str, ...]
    task_verbs: tuple[str, ...]
    past_markers: tuple[str, ...]
    body_heads: tuple[str, ...] = ()
    commitment_words: tuple[str, ...] = ()

    def __post_init__(self):  # the patterns, compiled once (the lists are tried on every statement)
        alt = lambda words: "|".join(re.escape(w) for w in words)  # noqa: E731
        object.__setattr__(self, "assign_re", re.compile(rf"(?<!\w)(?:{alt(self.assign_verbs)})\s+(?:cho\s+)?"))
        object.__setattr__(self, "task_re", re.compile(rf"(.{{2,80}}?)\s*,?\s+(?:{alt(self.task_verbs)})(?!\w)"))
        object.__setattr__(self, "head_re", re.compile(rf"(?:các\s+)?(?:{alt(self.body_heads)})(?!\w)"))
        object.__setattr__(self, "commit_re", re.compile(rf"(?<!\w)(?:{alt(self.commitment_words)})(?!\w)"))


@lru_cache(maxsize=1)
def default_obligation_rules() -> ObligationRules:
    data = load_yaml("obligations.yaml")
    lists = {k: tuple(sorted(string_list(data, k, "obligations.yaml"), key=len, reverse=True))
             for k in ("assign_verbs", "task_verbs", "past_markers", "body_heads", "commitment_words")}
    return ObligationRules(**lists)


def _span(text: str, start: int, end: int, offset: int) -> dict:
    return {"text": text[start:end], "start": offset + start, "end": offset + end}


def find_assignee(text: str, offset: int = 0, rules: ObligationRules | None = None) -> dict | None:
    """The body the sentence gives the task to: the words after a verb of assigning, up to a task verb."""
    rules = rules or default_obligation_rules()
    low = text.casefold()
    for m in rules.assign_re.finditer(low):
        rest = rules.task_re.match(low, m.end())
        if not rest:
            continue
        start, end = m.end(), rest.end(1)
        name = text[start:end].strip(" ,")
        if name[:1].isupper() or rules.head_re.match(name.casefold()):
            return _named(text, start + len(text[start:end]) - len(text[start:end].lstrip(" ,")), name, offset)
    return _committed(text, low, offset, rules)


def _named(text: str, start: int, name: str, offset: int) -> dict:
    """The span of a name, without an honorific before a person's name ("ông Quách Minh Tuấn")."""
    h = re.match(r"(?:ông|bà|đồng chí|đ/c)\s+(?=[A-ZĐÀ-Ỹ])", name, re.IGNORECASE)
    if h:
        start, name = start + h.end(), name[h.end():]
    return _span(text, start, start + len(name), offset)


def _committed(text: str, low: str, offset: int, rules: ObligationRules) -> dict | None:
    """A commitment: the body that is the subject of "sẽ" / "cam kết" ("Về camera, phường sẽ lập danh sách")."""
    for m in rules.commit_re.finditer(low):
        clause_start = max(low.rfind(",", 0, m.start()), low.rfind(";", 0, m.start()), low.rfind(":", 0, m.start())) + 1
        clause = low[clause_start:m.start()]
        h = next((x for x in rules.head_re.finditer(clause) if x.start() == 0 or not clause[x.start() - 1].isalnum()),
                 None)
        if h is None:
            continue
        start, end = clause_start + h.start(), m.start()
        name = text[start:end].strip()
        if name and len(name.split()) <= 10:
            return _named(text, start, name, offset)
    return None


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
        if prep in ("trong", "đến", "vào", "cuối") and not re.match(r"(?:quý|năm|tháng|\d|ngày|kỳ)", m.group("time").casefold()):
            continue
        out = _span(text, m.start(), m.end(), offset)
        out["date"] = _date(m, doc_year)
        return out
    return None


def add_obligations(records: list[dict], text: str) -> None:
    """Set ``assignee`` and ``deadline`` on each record of one document (in place; null when not stated)."""
    year = document_year(text)
    for r in records:
        sentence = r.get("text", "")
        r["assignee"] = find_assignee(sentence, r["start"]) if r.get("kind") == "response" or _conclusion(r) else None
        r["deadline"] = find_deadline(sentence, r["start"], year)


def _conclusion(record: dict) -> bool:
    """A recommendation that is an official's own direction ("Đề nghị Công an phường chủ trì ..." in a
    chair's conclusion), not a request put to someone."""
    return (record.get("evidence") or {}).get("rule") in ("official_request",)
