"""Who must act: ``assignee``, the body or person a response or conclusion gives the task to ("giao Sở Nội vụ chủ
trì ..."), as a span of the statement's text; and, with :mod:`extractor.deadlines`, by when. Nothing is
inferred: when the sentence states no owner or no time, the field is null. Word lists:
``resources/obligations.yaml`` (:mod:`extractor.obligation_rules`).
"""

from __future__ import annotations

import re

from extractor.deadlines import document_date, document_year, find_deadline
from extractor.obligation_rules import ObligationRules, default_obligation_rules, span_of as _span

__all__ = ["add_obligations", "document_date", "document_year", "find_assignee", "find_deadline", "ObligationRules",
           "default_obligation_rules"]


def find_assignee(text: str, offset: int = 0, rules: ObligationRules | None = None, *,
                  answer: bool = True) -> dict | None:
    """The body the sentence gives the task to: the name after a verb of assigning (read as the speakers
    stage reads an organisation's name: "giao Sở Nội vụ | chủ trì ..."), else the subject of a commitment.
    ``answer``: the sentence answers a request or concludes; else (a recommendation) only a direction counts
    ("Thủ tướng yêu cầu Bộ Thủy sản ...", never "đề nghị Sở ...")."""
    rules = rules or default_obligation_rules()
    low = _SPACES.sub(" ", text.casefold())  # a hard-wrapped line reads as one ("chủ\ntrì" is "chủ trì")
    for m in (rules.assign_re if answer else rules.directive_re).finditer(low):
        if not answer and any(not _REQUEST_NOUN.search(low, 0, r.start()) for r in _REQUEST.finditer(low, 0, m.start())):
            break  # "Đề nghị UBND tỉnh chỉ đạo các sở ...": the direction is what is asked for
        if _REQUEST.match(low, m.start()) and _commits_before(low, m.start(), rules):
            continue  # "phường sẽ có văn bản đề nghị UBND thị xã ...": who commits acts, not whom it will ask
        start = m.end()
        if not (text[start:start + 1].isupper() or rules.head_re.match(low, start)):
            continue
        end = _name_end(text, low, start, rules)
        if end is not None and end > start:
            return _named(text, start, text[start:_and_more(text, low, end, rules)], offset)
    committed = _committed(text, low, offset, rules)
    acting = _acting_subject(text, low, offset, rules, answer=answer)
    if committed is not None and not (acting is not None and acting["start"] < committed["start"] <= acting["end"]):
        return committed
    return acting  # "Xí nghiệp A và Xí nghiệp B phải kiểm điểm": the subject that holds the committed name too


# a request word used as a noun ("Đối với 18 kiến nghị đang giải quyết, UBND tỉnh yêu cầu ..."): no request made
_REQUEST_NOUN = re.compile(r"(?:đối với|về|các|những|\d+)\s+$")
_SPACES = re.compile(r"[\t\n\r\f\v]")
_REQUEST = re.compile(r"(?<!\w)(?:đề nghị|kiến nghị|đề xuất|mong|xin|kêu gọi)(?!\w)")
_UNITS = r"(?:huyện|xã|phường|quận|thị xã|thị trấn|thành phố|tỉnh|sở|ban|ngành|cơ quan|đơn vị|địa phương|trường)"
_UNIT_LIST = re.compile(rf"\s+(?:các|những)\s+{_UNITS}(?:\s*(?:,|và)\s*{_UNITS}(?![\w]))*(?!\w)", re.IGNORECASE)


def _name_end(text: str, low: str, start: int, rules: ObligationRules) -> int | None:
    """The end of the name of whom a task is given to, starting at ``start`` and ending before the task."""
    end = _cut_at_task(text, low, start, _body_end(text, start), rules)
    task = _up_to_task(text, low, start, rules)
    if end is None or not _has_noun(text, start, end):
        if task is not None and len(low[start:task].split()) > 6:
            # "chỉ đạo ngành thú y | cho lực lượng xuống thu gom ...": the name ends at the first word no name holds
            m = _STOP_RUN.match(low, start)
            if m and m.end() < task and _subject_words(low, start, m.end()):
                return start + len(m.group(0).rstrip())
        return task if task is not None else end  # "bộ | phận kế toán", "các | tổ chức tín dụng": up to the task
    if task is not None and task > end and _name_goes_on(low, end, task):
        return task  # "Đài truyền | thanh xã xây dựng ...": a lower-case name runs on to the task verb
    return end


def _commits_before(low: str, at: int, rules: ObligationRules) -> bool:
    """Whether a commitment ("sẽ") comes before ``at`` in its clause."""
    clause = max(low.rfind(c, 0, at) for c in ",;:.") + 1
    return rules.commit_re.search(low, clause, at) is not None


def _body_end(text: str, start: int) -> int | None:
    """Where the name of the body or person starting at ``start`` ends, read by the speakers stage's rules:
    "Sở Y tế | yêu cầu", "UBND các huyện, thị xã | rà soát", "ông Quách Minh Tuấn | liên hệ"; None when no
    name starts there."""
    from extractor.normalise import norm_view
    from extractor.speakers.names import name_at, role_end, syllables
    from extractor.speakers.rules import default_rules

    srules = default_rules()
    syls = syllables(text, norm_view(text), start, min(len(text), start + 200))
    if not syls:
        return None
    first = 1 if syls[0].norm in ("các", "những") and len(syls) > 1 else 0
    if syls[first].norm in ("ông", "bà", "đồng chí") and first + 1 < len(syls):
        k = name_at(syls, first + 1, srules)
        return syls[k - 1].end if k else None
    if not (syls[first].cap or srules.org_heads.match_at(syls[first].norm, 0) or srules.org_units.match_at(
            syls[first].norm, 0)):
        return None
    end = syls[role_end(syls, first, srules) - 1].end
    units = _UNIT_LIST.match(text, end)
    return units.end() if units else end


def _task_verbs(text: str, low: str, start: int, end: int, rules: ObligationRules):
    """The task verbs in ``low[start:end]`` written in lower case (a capitalised one is part of a name: "Bộ Xây
    dựng", "Quỹ Hỗ trợ phát triển"): their start offsets."""
    for m in rules.task_word_re.finditer(low, start):
        if m.start() >= end:
            return  # a verb may run past ``end`` ("Phường | bố trí": the name read as "Phường bố"), not start there
        if not text[m.start() + 1:m.start() + 2].isupper() and not low.startswith(" tri", m.end()):  # not "cử tri"
            yield m.start()


def _cut_at_task(text: str, low: str, start: int, end: int | None, rules: ObligationRules) -> int | None:
    """A name read up to a comma may have run over the task ("Sở Nội vụ chủ trì,"): it ends before the
    first task verb after its first word."""
    if end is None:
        return None
    first = low.find(" ", start, end)
    return next(_task_verbs(text, low, first, end, rules), end) if first > 0 else end


_HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "cũng"})
_DETERMINERS = frozenset({"các", "những", "mọi", "toàn bộ"})
_NOT_IN_NAMES = frozenset({"trong", "để", "từ", "tại", "cùng", "với", "và", "theo", "đến", "khi", "ngay", "sớm", "đã",
                           "sẽ", "đang", "cần", "phải", "nhằm", "việc"})


def _up_to_task(text: str, low: str, start: int, rules: ObligationRules) -> int | None:
    """The end of the words before the first task verb that follows a name ("các tổ chức tín dụng | bố trí");
    None when no task verb follows within 120 characters."""
    for k in _task_verbs(text, low, start, min(len(low), start + 120), rules):
        if _has_noun(text, start, k):
            return len(low[:k].rstrip(" ,"))
    return None


def _name_goes_on(low: str, end: int, task: int) -> bool:
    """Whether the one to three words between a name read and the task verb belong to it (lower case, no comma,
    no function word)."""
    words = low[end:task].split()
    return 0 < len(words) <= 3 and "," not in low[end:task] and not _NOT_IN_NAMES & set(words)


def _has_noun(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` names someone: more than one word, or one capitalised word ("Sở", "Phường");
    not a determiner or one lower-case head word alone ("các", "bộ")."""
    words = text[start:end].split()
    if len(words) != 1:
        return bool(words)
    return words[0].casefold() not in _DETERMINERS and words[0][:1].isupper()


_AND = re.compile(r"\s+và\s+|\s*,\s*(?=\w)")
_TRAILING_AND = re.compile(r"(?:\s+và|\s*,)+$")


def _and_more(text: str, low: str, end: int, rules: ObligationRules, depth: int = 0) -> int:
    """The end of the names given the task together ("Công an xã và ông Quách Minh Tuấn", "Bộ Xây dựng và Bộ
    Giao thông Vận tải", "Mặt trận Tổ quốc VN và các đoàn thể"): after "và" a body or a person, after a comma a
    capitalised body ("Bộ Giao thông vận tải, Tổng công ty Đường sắt Việt Nam")."""
    end -= len(_TRAILING_AND.search(text[:end]).group(0)) if _TRAILING_AND.search(text[:end]) else 0
    end = len(text[:end].rstrip(" ,"))
    m = _AND.match(low, end)
    if m is None or depth > 4:
        return end
    k = m.end()
    comma = "và" not in m.group(0)
    head = rules.head_re.match(low, k)
    if comma and not (head and text[k:k + 1].isupper()) or not comma and not (head or text[k:k + 1].isupper()):
        return end
    more = _name_end(text, low, k, rules)
    if more is None or more <= k or not _has_noun(text, k, more) and not head:
        return end
    return _and_more(text, low, more, rules, depth + 1)


def _named(text: str, start: int, name: str, offset: int) -> dict:
    """The span of a name, without an honorific before a person's name ("ông Quách Minh Tuấn"), never across a
    table's cell border."""
    name = name.split("|")[0].rstrip()
    h = re.match(r"(?:ông|bà|đồng chí|đ/c)\s+(?=[A-ZĐÀ-Ỹ])", name, re.IGNORECASE)
    if h:
        start, name = start + h.end(), name[h.end():]
    at = _person_after_title(name)
    if at:
        start, name = start + at, name[at:]
    return _span(text, start, start + len(name), offset)


def _person_after_title(name: str) -> int:
    """Where the personal name starts in a title and a name ("Bộ trưởng Đào Đình Bình", "Giám đốc Sở Tài chính
    Lương Văn Hải": the person, not the office), or 0 when ``name`` is not one."""
    from extractor.normalise import norm_view
    from extractor.speakers.names import name_at, syllables
    from extractor.speakers.rules import default_rules

    srules, view = default_rules(), norm_view(name)
    t = srules.titles.match_at(view, 0)
    if t is None:
        return 0
    syls = syllables(name, view, t.end, len(name))
    k = 0
    while k < len(syls) and syls[k].start < t.end:
        k += 1
    for j in range(k, len(syls)):  # "Giám đốc Sở Tài chính | Lương Văn Hải": the name that ends the span
        if syls[j].cap and name_at(syls, j, srules) == len(syls):
            return syls[j].start
    return 0


_TIME_TAIL = re.compile(r"(?:(?:trong|từ|đến|vào|ngay trong|ngay)\s+)?(?:năm học\s+(?:này|tới|sau|mới)|(?:năm|tháng|quý|tuần|ngày)\s+[\w/.-]+"
                        r"(?:\s+năm\s+\d{4})?|năm nay|tháng này|tuần sau|thời gian tới|sắp tới|trước mắt)$")


def _committed(text: str, low: str, offset: int, rules: ObligationRules) -> dict | None:
    """A commitment: the body that is the subject of "sẽ" / "cam kết" ("Về camera, phường sẽ lập danh sách",
    "ông Quang cho biết Sở đã nhận ... và sẽ chi trả"): the nearest body before it that opens its clause or
    follows a verb of saying or a conjunction, a few words before it."""
    for m in rules.commit_re.finditer(low):
        clause_start = max(low.rfind(",", 0, m.start()), low.rfind(";", 0, m.start()), low.rfind(":", 0, m.start())) + 1
        heads = [h for h in rules.head_re.finditer(low, clause_start, m.start())
                 if (h.start() == clause_start or not low[h.start() - 1].isalnum())
                 and not low[max(0, h.start() - 5):h.start()].endswith("toàn ")]  # "toàn bộ 34 tỉnh" is no "Bộ"
        for h in reversed(heads):
            before = _TIME_TAIL.sub("", low[clause_start:h.start()].strip(_QUOTES)).strip()  # "cho biết năm 2025 | Sở sẽ"
            if before and not any(before.endswith(w) and (len(before) == len(w) or not before[-len(w) - 1].isalnum())
                                  for w in rules.subject_openers):
                continue
            end = _cut_at_task(text, low, h.start(), _body_end(text, h.start()), rules)
            if end is None and m.group(0) != "phải" and _subject_words(low, h.start(), m.start()):
                end = len(low[:m.start()].rstrip())  # "tháng 10 công an phường | sẽ tổ chức": lower case up to "sẽ"
            if end is None or end > m.start():
                continue
            if len(low[end:m.start()].split()) <= 12:
                return _named(text, h.start(), text[h.start():_and_more(text, low, end, rules)], offset)
    return None


_QUOTES = " \"“”‘’'«»(-–"
_ITEM_MARK = re.compile(r"\s*(?:[+\-–•|“\"]\s*|[a-zđ]\)\s*|\d{1,2}[.)]\s*|\d{1,2}\s*[-–]\s+)*")


def _acting_subject(text: str, low: str, offset: int, rules: ObligationRules, *, answer: bool = True) -> dict | None:
    """In an answer or a conclusion, a clause that opens with a body and its task ("Văn phòng UBND phường lập danh
    sách ...", "trong quý II xã thay ...": after a list mark or a time), the body: the one who acts."""
    if not answer:  # a direction's item ("2- Các địa phương tiếp tục nạo vét ..."): only the sentence's subject
        return _acting_at(text, low, _ITEM_MARK.match(low).end(), offset, rules, _DIRECTED)
    starts = [m.end() for m in re.finditer(r"(?:^|[;:|]\s*)", low)]  # "| Sở Tư pháp | Sở Tư pháp đã tổ chức ..."
    # "ông Khải cho biết, Sở Y tế đang phối hợp ...", "bà Hà khẳng định Bảo hiểm xã hội tỉnh đã ...": after the saying
    starts += [m.end() for m in _SAID.finditer(low)]
    for a in list(starts):  # "Về máy tính một cửa, trong quý II xã thay ...": after the topic a clause opens
        lead = _ITEM_MARK.match(low, a).end()
        comma = low.find(",", lead)
        if comma > 0 and _TOPIC_LEAD.match(low, lead) and ";" not in low[lead:comma]:
            starts.append(comma + 1)
    for a in sorted(starts):
        found = _acting_at(text, low, a, offset, rules, _ACTING)
        if found is not None:
            return found
    return None


def _acting_at(text: str, low: str, a: int, offset: int, rules: ObligationRules, aspect: re.Pattern) -> dict | None:
    """The body that opens the clause at ``a`` (after a list mark, a time, an adverb) when its task follows: a task
    verb or one of ``aspect`` ("đang", "được chỉ đạo", ...)."""
    k = _ITEM_MARK.match(low, a).end()
    while low[k:k + 1] == " ":
        k += 1
    k += len(low[k:]) - len(_LEAD_TIME.sub("", low[k:], count=1))
    k += len(low[k:]) - len(_LEAD_ADVERB.sub("", low[k:], count=1))
    if rules.head_re.match(low, k) is None:
        return None
    end = _cut_at_task(text, low, k, _body_end(text, k), rules)
    first = a <= _ITEM_MARK.match(low).end()
    task = _up_to_task(text, low, k, rules) if first else None
    if task is not None and (end is None or task > end) and _subject_words(low, k if end is None else end, task):
        # "Các bộ | ngành liên quan có trách nhiệm", "Trung tâm Dự báo | khí tượng thủy văn phối hợp": the
        # sentence's subject, read as a name too short, runs on in lower case to its task
        end = task
    if end is None or end <= k:
        return None
    end = _and_more(text, low, end, rules)
    acronym = _ACRONYM.match(text, end)
    if acronym and not _NOT_SUBJECT & set(acronym.group(1).casefold().split()):
        end = acronym.end()  # "Tổng công ty Xuất nhập khẩu | xây dựng (Vinaconex)": the name runs to its acronym
    after = low[end:].lstrip(" ,")
    if any(after.startswith(v + " ") for v in rules.task_verbs) or aspect.match(after) or (
            first and _DIRECTED_LATER.search(low, end)):
        return _named(text, k, text[k:end], offset)
    return None


_ACRONYM = re.compile(r"((?:\s+\w+){0,3})\s*\([A-ZĐ][\w&.-]{1,15}\)")
# "UBND thành phố Hà Nội đã thu hồi 94 ha ..., được yêu cầu phải ...": the subject is directed in a later clause
_DIRECTED_LATER = re.compile(r",\s*(?:hiện\s+|cũng\s+)?(?:được chỉ đạo|được yêu cầu|được giao)\s")


def _subject_words(low: str, start: int, end: int) -> bool:
    """Whether ``low[start:end]`` can be the rest of a subject's name: up to five words, no comma, no function
    word, honorific or verb of requesting."""
    words = low[start:end].split()
    return (0 < len(words) <= 5 and "," not in low[start:end] and not _NOT_SUBJECT & set(words)
            and not _REQUEST.search(low, start, end))


_STOP_RUN = re.compile(r"(?:[^\W\d]+ )+?(?=(?:cho|để|với|và|thì|trong|tại|theo|từ|đến|khi|được|đã|sẽ|đang|phải|cần)\s)")
# words a subject's name never holds (function words, honorifics, "được", "vừa", "nên", "cho biết")
_NOT_SUBJECT = _NOT_IN_NAMES | _HONORIFICS | {"được", "vừa", "nên", "cho", "biết", "có", "là", "thì", "mới", "hiện", "của",
                                             "ghi", "nhận"}


_TOPIC_LEAD = re.compile(r"(?:về|đối với|riêng|với|trả lời|chia sẻ|giải trình|tiếp thu|thay mặt)\s")
_LEAD_ADVERB = re.compile(r"^(?:hiện nay|hiện|đồng thời|ngoài ra|bên cạnh đó|trước mắt|riêng|do vậy|do đó|vì vậy)\s*,?\s*")
_ACTING = re.compile(r"(?:đang|sẽ|tiếp tục|thống nhất|được giao|được chỉ đạo|được yêu cầu|có trách nhiệm|phải|cần|"
                     r"đã thống nhất|dự kiến|(?:cho biết|khẳng định|thông tin)\s*,?\s+(?:đang|sẽ|dự kiến|tiếp tục))"
                     r"\s(?!(?:tiếp thu|ghi nhận|nhận)(?!\w))")
_SAID = re.compile(r"(?<!\w)(?:cho biết|khẳng định|thông tin|cho hay|nói|trả lời)\s*,?\s+")
_DIRECTED = re.compile(r"(?:được giao|được chỉ đạo|được yêu cầu|có trách nhiệm|phải)\s")
_LEAD_TIME = re.compile(r"^(?:trong |từ |đến |vào )?(?:(?:năm|tháng|quý|tuần|ngày) [\w/.-]+(?: năm \d{4})?|năm nay|tuần sau)"
                        r"\s*,?\s*")


def add_obligations(records: list[dict], text: str) -> None:
    """Set ``assignee`` and ``deadline`` on each record of one document (in place; null when not stated)."""
    year = document_year(text)
    rules = default_obligation_rules()
    for r in records:
        sentence = r.get("text", "")
        if r.get("kind") == "response" or _conclusion(r) and _speaker_role_in(r, rules.concluding_speakers):
            r["assignee"] = find_assignee(sentence, r["start"], rules) or _speaker_commits(r, rules)
        elif r.get("kind") == "recommendation" and not _speaker_role_in(r, rules.requesting_speakers):
            r["assignee"] = find_assignee(sentence, r["start"], rules, answer=False)
        else:
            r["assignee"] = None
        r["deadline"] = find_deadline(sentence, r["start"], year)


def _speaker_commits(record: dict, rules: ObligationRules) -> dict | None:
    """A response whose speaker, named in it, commits in person ("Giám đốc Trung tâm Y tế huyện Bế Thị Thoa tiếp thu
    ... và cam kết ...", "ông Nam cho biết sẽ tổng hợp ..."), no body named as who acts: the speaker's name. Between
    the name and the commitment (``self_commitments``) only one clause: an apposition, what the speaker did first."""
    speaker = record.get("speaker") or {}
    name, ev = speaker.get("name"), speaker.get("evidence") or {}
    sentence, start = record.get("text", ""), record["start"]
    if not rules.self_commitments or not name or ev.get("start") is None or not start <= ev["start"] < start + len(sentence):
        return None
    m = rules.self_commit_re.search(sentence.casefold())
    at = sentence.find(name, ev["start"] - start)
    if m is None or at < 0 or at > m.start():
        return None
    between = sentence[at + len(name):m.start()]
    if len(between) > 160 or any(c in between for c in ".;:!?"):
        return None
    return _span(sentence, at, at + len(name), start)


def _conclusion(record: dict) -> bool:
    """A recommendation that is an official's own direction ("Đề nghị Công an phường chủ trì ..." in a
    chair's conclusion), not a request put to someone."""
    return (record.get("evidence") or {}).get("rule") in ("official_request",)


def _speaker_role_in(record: dict, starts: tuple[str, ...]) -> bool:
    """Whether the speaker's role starts with one of ``starts`` (lower case): ``requesting_speakers`` (voters,
    citizens: they request, they never direct), ``concluding_speakers`` (who chairs and concludes)."""
    role = ((record.get("speaker") or {}).get("role") or "").casefold()
    return any(role.startswith(w) for w in starts)
