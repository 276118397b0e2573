"""Which mention says the sentence: the subject of its verb of saying, "Theo X,", a label."""

from __future__ import annotations

import re


from extractor.speakers.rules import SpeakerRules
from extractor.speakers.names import Mention, Person, _FILLERS


def _belongs_to(body: str | None, person: "Person") -> bool:
    """Whether the body named ("Sở Tài chính", "sở") is the person's own organisation: its head word
    and, when given, its name occur in the person's role ("Giám đốc Sở Tài chính")."""
    from extractor.normalise import norm_view

    if not body or not person.role:
        return False
    b, r = norm_view(body).split(), norm_view(person.role)
    if b[:2] == ["thường", "trực"] and len(b) > 2:
        b = b[2:]  # "Thường trực HĐND huyện" is the council's own for its chair ("Chủ tịch HĐND huyện")
    return bool(b) and b[0] in r.split() and (len(b) == 1 or " ".join(b[1:3]) in r)


# --------------------------------------------------------------------------- speaker choice


_TOLD = re.compile(r"(?<!\w)cho (?:[^\s,.;:\"]+ ){1,3}biết(?!\w)")  # "cho VnExpress biết", "cho phóng viên biết"


def speech_verb_positions(view: str, start: int, end: int, rules: SpeakerRules) -> list[tuple[int, int]]:
    found = [(m.start, m.end) for m in rules.speech_verbs.finditer(view, start, end)]
    found += [(m.start(), m.end()) for m in _TOLD.finditer(view, start, end)]
    nouns = [(m.start, m.end) for m in rules.verb_nouns.finditer(view, start, end)]
    return sorted(v for v in found if not any(a <= v[0] < b for a, b in nouns))  # not "Ban | chỉ đạo"


def _between_is_filler(text: str, view: str, a: int, b: int, extra: tuple[str, ...] = ()) -> bool:
    gap = re.sub(r"\([^()]{0,120}\)", " ", view[a:b])  # "bà X (huyện Lạc Giang), cho biết"
    words = [w for w in re.split(r"[\s,:\"'()]+", gap) if w]
    rest = " ".join(words)
    for f in sorted(_FILLERS | set(extra), key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(f)}(?!\w)", " ", rest)
    return not rest.strip() and len(words) <= 4


_OBJECT_MARKERS = re.compile(r"(?:^|\s)(là|của|với|cho|và|mời|gửi|đến|tới|giao|phối hợp|cùng|đề nghị|kiến nghị|đề xuất|"
                             r"yêu cầu)\s*$|(?:^|\s)(?:mà|như)(?:\s+\S+){0,2}\s*$")
# "mà cử tri X nêu", "như ông X vừa nói": a relative clause, the mention is not the speaker


def _object_position(view: str, pos: int, start: int) -> bool:
    """Whether a mention at ``pos`` follows a word that makes it an object, not a subject (a sentence opening with
    "Là" introduces its subject's capacity: "Là công chức xã, bà X cho biết")."""
    if view[start:pos].strip() == "là":
        return False
    return bool(_OBJECT_MARKERS.search(view[max(start, pos - 14):pos]))


def choose_speaker(mentions: list[Mention], verbs: list[tuple[int, int]], text: str, view: str,
                   start: int, end: int, fillers: tuple[str, ...] = (), task_verbs=None,
                   according_to: tuple[str, ...] = ()) -> Mention | None:
    """The mention that says the sentence: the subject of its speech verb, or "theo <mention>,". ``fillers``:
    phrases allowed between a subject and its verb besides the adverbs ("có công văn"); ``task_verbs``: what a
    body does before it says anything ("Sở Tài chính chủ trì, phối hợp với ..., cho biết"); ``according_to``:
    phrases that work like "theo" ("theo báo cáo của")."""
    mentions, verbs = _attribution(mentions, verbs, text, start, end)
    if mentions and mentions[0].name and not mentions[0].pronoun \
            and view[start:mentions[0].start].rstrip().endswith(","):
        # a verb in the opening phrase is not the subject's ("Kết luận phiên chất vấn, Chủ tịch X đánh giá ...")
        verbs = [v for v in verbs if v[0] >= mentions[0].end]
    for vs, ve in verbs:
        before = [m for m in mentions if m.end <= vs]
        if before:
            m = before[-1]
            if _between_is_filler(text, view, m.end, vs, fillers) and not _object_position(view, m.start, start):
                if m.rule == "organization" and len(before) > 1:
                    # "Ông Huỳnh Tấn Lộc, Chủ tich UBND xã, kết luận": the body is the person's apposition
                    p = before[-2]
                    gap = view[p.end:m.start]
                    # the role may run long ("Phó Trưởng phòng An ninh mạng và phòng, chống tội phạm ..., Công an tỉnh")
                    if p.name and not p.pronoun and (gap.lstrip().startswith(",") or (p.role and gap.rstrip().endswith(","))) \
                            and len(gap.split()) <= 12 and not any(c in gap for c in ".;:"):
                        return p
                return m
    subject = _subject_before_verb(mentions, verbs, view, start, task_verbs)
    if subject is not None:
        return subject
    for m in mentions:
        pre = view[max(start, m.start - 40):m.start].strip()
        according = pre.endswith("theo") or any(pre.endswith(p) for p in according_to)
        if according and (view[m.end:m.end + 1] == "," or view[m.end:m.end + 3].strip()[:1] in ("-", "–")
                          or m.pronoun or _clause_follows(view, m.end, end)):
            return m
    if not verbs and mentions:
        # no verb of saying: a person named as the subject of the sentence acts in it
        # ("Thứ trưởng X đã giao cho Vụ ...", "Chủ tịch Quốc hội X thẳng thắn bác bỏ ...")
        m = mentions[0]
        lead = view[start:m.start]
        if (m.name or m.rule == "title_only") and not m.pronoun and m.rule != "organization" \
                and (not lead.strip() or _TIME_LEAD.match(lead) or (lead.rstrip().endswith(",") and len(lead.split()) <= 12)) \
                and not re.match(r"\s*(?:và|với|cùng|của)\b", view[m.end:m.end + 8]):
            return m
    # minutes items: "Đồng chí X, Trưởng phòng Nội vụ: đề nghị ..."
    for m in mentions:
        if m.start - start <= 2 and view[m.end:m.end + 2].startswith(":") and m.rule != "organization":
            return m
    # a quotation introduced by its speaker: "Chị X, công nhân Công ty Y, bức xúc: “...”"
    for m in mentions:
        if m.start - start <= 2 and m.name and not m.pronoun and _QUOTE_INTRO.match(view, m.end, end):
            return m
    return None


_QUOTE_INTRO = re.compile(r"\s*,?(?:\s+[^\W\d_]+){1,3}\s*:\s*[“\"«]")


def _skip_spaces(text: str, k: int, end: int) -> int:
    while k < end and text[k].isspace():
        k += 1
    return k


def _attribution(mentions: list[Mention], verbs: list[tuple[int, int]], text: str, start: int, end: int
                 ) -> tuple[list[Mention], list[tuple[int, int]]]:
    """A sentence that opens with a quotation closed by its attribution (“..., cho mỗi bác sĩ cam kết ...”, đại biểu
    Chanh Thu kiến nghị.): only the mentions and verbs after the closing quote say who speaks."""
    k = _skip_spaces(text, start, end)
    if k >= end or text[k] not in '"“«':
        return mentions, verbs
    close = next((i for i in range(k + 1, end) if text[i] in '"”»'), -1)
    if close < 0:
        return mentions, verbs
    after_m = [m for m in mentions if m.start > close]
    after_v = [v for v in verbs if v[0] > close]
    return (after_m, after_v) if after_m and after_v else (mentions, verbs)


_ASSIGNS = re.compile(r"\s+(?:đã\s+|cũng\s+)?giao(?:\s+cho)?\s+")


def assigning_body(mentions: list[Mention], view: str, start: int, end: int, rules: SpeakerRules) -> Mention | None:
    """A body that opens the sentence by assigning a task to another ("UBND tỉnh giao Sở Nội vụ chủ trì ...",
    "Về bồi dưỡng, UBND tỉnh giao Sở TT&TT mở 08 lớp ..."): it acts in the sentence, though no verb of saying is
    there; or None."""
    for m in mentions:
        lead = view[start:m.start]
        if lead.strip() and not (lead.rstrip().endswith(",") and len(lead.split()) <= 12 and "," not in lead.rstrip()[:-1]):
            break
        if m.rule == "organization":
            verb = _ASSIGNS.match(view, m.end, end)
            if verb is not None and rules.org_heads.match_at(view, verb.end(), end) is not None:
                return m
            break
    # "Đối với kiến nghị của cử tri xã Ea Hiu về ..., Phòng Tài nguyên và Môi trường đã rà soát ...": after the phrase
    # that names the matter, the body that opens the main clause and what it has done
    m = next((m for m in mentions if m.rule == "organization" and view[start:m.start].rstrip().endswith(",")), None)
    if m is not None and rules.response_openers.match_at(view, _first_word(view, start, end), end) is not None \
            and len(view[start:m.start].split()) <= 30 and _DONE.match(view, m.end, end):
        return m
    return None


_DONE = re.compile(r"\s+(?:cũng\s+)?(?:đã|đang|sẽ|giao|chưa)(?!\w)")


def _first_word(view: str, start: int, end: int) -> int:
    k = start
    while k < end and not view[k].isalnum():
        k += 1
    return k


def cell_body(mentions: list[Mention], view: str, start: int, end: int) -> Mention | None:
    """A table row's cell that holds only a body, opening the sentence ("| Sở Nội vụ | Đã giải quyết: HĐND tỉnh đã
    ban hành ..."): the column of who answers, so that body says the cell after it; or None."""
    k = _skip_spaces(view, start, end)
    if k >= end or view[k] != "|" or not mentions:
        return None
    m = mentions[0]
    bar = view.find("|", k + 1, end)
    if m.rule != "organization" or view[k + 1:m.start].strip() or bar < m.end:
        return None
    inside = [x for x in mentions if x.start < bar]
    if any(x.rule != "organization" for x in inside):
        return None
    rest, at = [], k + 1  # "| Sở Nội vụ, Sở Tài chính | ...": bodies joined by commas and "và", nothing else
    for x in inside:
        rest.append(view[at:x.start])
        at = x.end
    rest.append(view[at:bar])
    return m if all(_JOINER.fullmatch(r) for r in rest[1:]) and not rest[0].strip() else None


_JOINER = re.compile(r"\s*(?:,|và|;)?\s*")


_CLAUSE_BREAK = re.compile(r'[.;:"?!]')
# the time stamp of a live report's entry ("8h20: Giám đốc Sở X đăng đàn"): the sentence still starts with its subject
_TIME_LEAD = re.compile(r"\s*\d{1,2}\s*(?:h|giờ|:)\s*\d{0,2}(?:\s*phút)?\s*[:,–-]\s*$")


def _clause_follows(view: str, pos: int, end: int) -> bool:
    """"Theo ông X, Giám đốc Sở giao thông công chính TP HCM, ...": the rest of a long apposition,
    then the comma that closes the "theo" phrase."""
    comma = view.find(",", pos, end)
    return comma >= 0 and len(view[pos:comma].split()) <= 10 and not _CLAUSE_BREAK.search(view, pos, comma)


def _subject_before_verb(mentions: list[Mention], verbs: list[tuple[int, int]], view: str, start: int,
                         task_verbs=None) -> Mention | None:
    """The sentence's subject when a long apposition separates it from its speech verb.

    "Ông X, Giám đốc Sở Giao thông công chính TP HCM vừa cho biết ...": the person named at the
    start of the sentence (or right after an opening phrase closed by a comma) says it, when no
    other mention and no clause boundary lies between them and the first speech verb, and the gap
    is short.
    """
    if not verbs:
        return None
    vs = verbs[0][0]
    before = [m for m in mentions if m.end <= vs]
    if not before:
        return None
    m = before[0]
    if any(b.rule not in ("organization", "title_only") or b.name for b in before[1:]):
        return None  # another person between them: not an apposition ("Đại sứ quán", "Cục ..." inside it are)
    leads_the_task = m.rule == "organization" and task_verbs is not None \
        and task_verbs.match_at(view, _skip_spaces(view, m.end, vs)) is not None
    if not (m.name or m.pronoun or m.rule == "title_only" or leads_the_task):
        return None
    lead = view[start:m.start]
    if lead.strip() and not lead.rstrip().endswith(",") and not _TIME_LEAD.match(lead):
        return None
    if len(lead.split()) > 20:
        return None
    gap = view[m.end:vs]
    if _CLAUSE_BREAK.search(gap) or len(gap.split()) > 16:
        return None
    return m


