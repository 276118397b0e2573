"""Syllables, personal names, roles and organisations: the pieces mentions are made of."""

from __future__ import annotations

import re
from dataclasses import dataclass


from extractor.normalise import norm_phrase
from extractor.rulefiles import PhraseSet
from extractor.speakers.rules import SpeakerRules

_SYL = re.compile(r"[^\W_]+(?:['’][^\W_]*)?|[^\w\s]", re.UNICODE)
# the honorifics that also stand for a person named before ("Ông đề nghị ...", "Cụ đề nghị ..."); "anh", "chị", "cụ"
# only as the subject of a verb of saying (mentions._younger_pronoun)
_PERSON_PRONOUNS = frozenset({"ông", "bà", "anh", "chị", "cụ"})
_YOUNGER_PRONOUNS = frozenset({"anh", "chị", "cụ"})
_PLAIN_HONORIFICS = _PERSON_PRONOUNS | {"đồng chí", "đ/c", "bạn"}
_FILLERS = {"cũng", "đã", "vừa", "thì", "lại", "còn", "tiếp tục", "đồng thời", "luôn", "thẳng thắn", "đang", "sẽ", "liên tục", "mạnh dạn"}
_FILLERS_NORM = frozenset(w for f in _FILLERS for w in f.split()) | {"đều"}


# --------------------------------------------------------------------------- syllables


@dataclass(slots=True)
class Syl:
    start: int
    end: int
    text: str
    norm: str
    gap_newline: bool = False
    cap: bool = False    # capitalised like a name or a title ("Sở", "Hà", "TP"), not an acronym ("UBND")
    word: bool = False   # a word, not punctuation


def syllables(text: str, view: str, start: int, end: int) -> list[Syl]:
    """The syllables (and punctuation marks) of ``text[start:end]``; ``view`` is its matching view."""
    out: list[Syl] = []
    append = out.append
    prev_end = -1
    for m in _SYL.finditer(text, start, end):
        a, b = m.span()
        t = m.group(0)
        c = t[0]
        if out and "\n" in text[prev_end:a]:
            out[-1].gap_newline = True
        append(Syl(a, b, t, view[a:b], False, c.isupper() and c.isalpha() and (len(t) <= 2 or not t[1:].isupper()),
                   c.isalnum()))
        prev_end = b
    return out


# --------------------------------------------------------------------------- mentions


@dataclass
class Mention:
    start: int
    end: int
    rule: str
    name: str | None = None
    role: str | None = None
    role_span: tuple[int, int] | None = None
    short: bool = False        # a short name ("bà Tâm") to resolve against full names
    pronoun: bool = False
    level: int | None = None
    place: str | None = None

    def evidence(self, text: str) -> dict:
        return {"rule": self.rule, "start": self.start, "end": self.end, "text": text[self.start:self.end]}


@dataclass
class Person:
    name: str | None
    role: str | None
    organization: str | None
    level: int | None
    mention: Mention


def _is_name_syl(s: Syl, rules: SpeakerRules) -> bool:
    return s.word and s.cap and not s.text.isdigit() and s.norm not in rules.not_name and (len(s.text) > 1 or s.text.isalpha())


def name_at(syls: list[Syl], i: int, rules: SpeakerRules, *, allow_short: bool = False,
            shape: bool = False) -> int | None:
    """End index (exclusive) of a personal name starting at ``syls[i]``, or None.

    A name is a run of capitalised syllables that starts with a surname (``surnames``). With
    ``shape`` (after an honorific, "ông Điểu Huỳnh Sang"), any run of two to five capitalised
    syllables is a name, whatever its first syllable, up to a word that ends names
    (``name_stop_words``: "Sở", "UBND" ...). A place of the gazetteer never starts a name.
    """
    if i >= len(syls) or not syls[i].cap or not syls[i].word:
        return None
    j = i
    while j < len(syls) and j - i < 5 and (syls[j].cap and syls[j].word and not syls[j].text.isdigit()) and (
        j == i or syls[j].start - syls[j - 1].end <= 2
    ):
        if syls[j].text.isupper() and len(syls[j].text) > 1:
            break
        j += 1
    n = j - i
    place = _place_len(syls, i, rules)
    if place and not (syls[i].norm in _STRONG_SURNAMES and n >= 3 and place < n):
        return None  # "Hà Giang", "Vũ Quang" (a district); but "Vũ Quang Huy" is a name that a place starts
    if n == 0:
        return None
    if shape and syls[i].norm not in rules.name_stops:
        k = i
        while k < j and syls[k].norm not in rules.name_stops:
            k += 1
        if k == j - 1 and not _phrase_len(rules.org_units, syls, k) and not _title_len(syls, k, rules):
            k = j  # "ông Lê Văn Thành cho biết": a word that can start a body ends the name here, and starts none
        if k - i >= 2:
            return _initial_dot(syls, k)
    if syls[i].norm in rules.surnames and n >= 2:
        if any(s.norm in rules.not_name for s in syls[i + 1:j]):
            return None
        return _initial_dot(syls, j)
    if allow_short and n <= 2 and all(_is_name_syl(s, rules) for s in syls[i:j]):
        return _initial_dot(syls, j)
    return None


def _numbered(syls: list[Syl], j: int) -> bool:
    """Whether "số" and a number stand at ``syls[j]`` ("tổ dân phố | số 9")."""
    return j + 1 < len(syls) and syls[j].norm == "số" and syls[j + 1].text.isdigit()


def _initial_dot(syls: list[Syl], end: int) -> int:
    """A name that ends with an initial keeps its full stop, as written ("anh Rơ Chăm H., tổ trưởng ...")."""
    last = syls[end - 1]
    if end < len(syls) and syls[end].text == "." and syls[end].start == last.end and len(last.text) == 1 \
            and last.text.isupper():
        return end + 1
    return end


def _place_len(syls: list[Syl], j: int, rules: SpeakerRules) -> int:
    """Syllables of a gazetteer place starting at ``syls[j]`` (0: none)."""
    if j >= len(syls) or not syls[j].cap:
        return 0
    return _phrase_len(rules.places, syls, j)


def _name_ahead(syls: list[Syl], j: int, rules: SpeakerRules, limit: int = 10) -> tuple[int, int] | None:
    """A full name a few words after a role whose organisation is written in lower case
    ("Trưởng ban dân nguyện Lê Quang Bình", "Bộ trưởng Bộ Tài nguyên - môi trường Mai Ái Trực"):
    (start, end) of the name, or None when punctuation, a verb or a function word comes first."""
    for k in range(j, min(len(syls), j + limit)):
        s = syls[k]
        if k > j and syls[k - 1].gap_newline:
            return None
        if s.cap and s.word:
            if s.norm in rules.surnames and _name_start(syls, k, rules):
                return k, name_at(syls, k, rules)
            continue
        if s.text in _ROLE_STOP or (s.norm in _ROLE_STOP_WORDS and s.norm != "và"):
            return None
        if rules.speech_verbs.may_start(s.norm) and rules.speech_verbs.match_at(" ".join(x.norm for x in syls[k:k + 3]), 0):
            return None
    return None


def _place_ends_at(syls: list[Syl], end: int, rules: SpeakerRules) -> bool:
    """Whether a gazetteer place ends right before ``syls[end]``."""
    return any(_place_len(syls, k, rules) == end - k for k in range(max(0, end - 5), end))


def _level_of(role_norm: str, rules: SpeakerRules, title_norm: str | None) -> int | None:
    level = rules.title_level.get(title_norm) if title_norm else None
    unit_levels = [rules.unit_level[m.phrase and norm_phrase(m.phrase)] for m in rules.org_units.finditer(role_norm)
                   if norm_phrase(m.phrase) in rules.unit_level]
    if unit_levels and (level is None or level >= 1):
        return min(unit_levels) if level is None else max(1, min(unit_levels)) if level <= 3 else level
    return level


_STRONG_SURNAMES = frozenset(norm_phrase(x) for x in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
    "Đinh", "Trịnh", "Trương", "Đoàn", "Lương", "Lưu", "Tạ", "Quách", "Triệu"))


def _name_start(syls: list[Syl], j: int, rules: SpeakerRules) -> bool:
    """Whether a personal name starts at ``syls[j]`` (not a place whose next word starts the name)."""
    end = name_at(syls, j, rules)
    if end is None or _place_len(syls, j, rules):
        return False
    if _institution_before(syls, j, rules) or _inside_enterprise(syls, j, rules):
        return False  # "Trường THPT Nguyễn Thị Minh Khai": the school's name
    if _org_word_before(syls, j, rules) and not (end - j >= 3 and (
            syls[j].norm in _STRONG_SURNAMES or (syls[j].norm in rules.surnames and syls[j + 1].norm in _MIDDLE))):
        # "quận Bình Thạnh" is a place; "thành phố Nguyễn Mạnh Hùng", "thành phố Lâm Thị Ngọc Diệp" a unit and a name
        return False
    if j + 1 < len(syls) and syls[j + 1].norm in _STRONG_SURNAMES and syls[j].norm not in _STRONG_SURNAMES \
            and name_at(syls, j + 1, rules) is not None:
        return False  # "quận Bình Lạc Ngô Thanh Tùng": the name starts at "Ngô"
    return True


_MIDDLE = frozenset({"thị", "văn"})  # the middle names that make a surname and what follows a person's name
_ROLE_STOP = {",", ":", ";", ".", "“", "”", '"', "!", "?", "–"}
_ROLE_STOP_WORDS = {"cũng", "đã", "đang", "sẽ", "vừa", "khi", "là", "cho", "nêu", "có", "thì", "mà", "để", "tại", "trong",
                    "về", "với", "được", "này", "đó", "nói", "không", "chưa", "rất", "vì", "do", "nên", "cần", "phải",
                    "ở", "từ", "theo", "và", "tới", "đến", "các", "những", "lại", "còn", "thì", "trước", "sau", "xin", "luôn", "chỉ"}


# two-syllable adverbs that stand between a speaker and the verb ("tiếp tục kiến nghị", "nhiều lần đề nghị")
_ADVERB_PAIRS = {("tiếp", "tục"), ("liên", "tục"), ("nhiều", "lần"), ("một", "lần"), ("đồng", "thời")}


def _title_len(syls: list[Syl], i: int, rules: SpeakerRules) -> int:
    window = " ".join(s.norm for s in syls[i:i + 6])
    m = rules.titles.match_at(window, 0)
    return len(window[:m.end].split()) if m else 0


def _phrase_len(pset: PhraseSet, syls: list[Syl], j: int) -> int:
    if j >= len(syls) or not pset.may_start(syls[j].norm):
        return 0
    window = " ".join(s.norm for s in syls[j:j + 5])
    m = pset.match_at(window, 0)
    return len(window[:m.end].split()) if m else 0


def _acronym(word: str) -> bool:
    """"TPHCM", "UBND": upper case and longer than one letter ("Y" in "Sở Y tế" is a word)."""
    return len(word) > 1 and word.isupper()


_ORG_TAIL = 7  # lower-case syllables an organisation's name may run on after a capitalised one


def role_end(syls: list[Syl], i: int, rules: SpeakerRules) -> int:
    """Index after the role starting at ``syls[i]``: a title (or organisation head) and its organisation.

    The organisation runs over organisation words, administrative units ("thị trấn"),
    capitalised words and numbers, one lower-case syllable after a capitalised one
    ("Tài chính", "Nội vụ"), "và"/"-" before a capital, and a parenthesised place
    ("(quận 3)"). It stops at a personal name ("... Củ Chi Huỳnh Thị Hồng Vân"), a verb,
    or punctuation.
    """
    n = len(syls)
    j = i + max(1, _title_len(syls, i, rules) or _phrase_len(rules.org_heads, syls, i))
    tail_ok = (syls[j - 1].cap and not _acronym(syls[j - 1].text)) if j - 1 < n else False
    tail_left = 1
    head_tail = False
    title_end = j
    after_place = False
    place_run = False  # capitalised words after an administrative unit are the place's name ("huyện Lắk")
    while j < n:
        s = syls[j]
        if j > 0 and syls[j - 1].gap_newline:  # a role never runs over a line break
            break
        if s.text == "(":
            close = _paren_close(syls, j, rules)
            if close is None:
                break
            j, tail_ok = close + 1, False
            continue
        unit = _phrase_len(rules.org_units, syls, j)
        k = unit or _phrase_len(rules.org_heads, syls, j)
        if k and not (s.cap and _name_start(syls, j, rules)):
            j += k + (2 if unit and _numbered(syls, j + k) else 0)  # "tổ dân phố số 9": the unit's number
            # "Cục Phòng chống tệ nạn ...", "Sở giao thông công chính": an organisation's own name
            # may follow its head word in lower case; never an administrative unit's ("xã kiểm tra")
            tail_ok = not unit and not _acronym(syls[j - 1].text)
            place_run = bool(unit) and " ".join(x.norm for x in syls[j - k:j]) in rules.unit_words
            tail_left = _ORG_TAIL
            head_tail = True  # after a head word, only a whole run up to a boundary may follow
            continue
        joined = _joiner_len(syls, j, title_end, rules) or _modifier_len(syls, j, rules)
        if joined:  # "TP.HCM", "Sở Xây dựng - Giao thông", "Sở Qui hoạch - kiến trúc"; "ĐBQH chuyên trách tỉnh"
            j += joined
            continue
        if s.text in _ROLE_STOP:
            break
        pl = _place_len(syls, j, rules)
        if pl:  # "tỉnh Phú Yên Đào Tấn Lộc": the place belongs to the role, the name follows it
            j += pl
            tail_ok = False
            after_place = True
            continue
        if (j == title_end or after_place) and s.cap and name_at(syls, j, rules, shape=True):
            break  # "Thủ tướng John Howard", "Chủ tịch Hạ viện Nga Boris Gryzlov": a name by its shape
        after_place = False
        if _acronym(s.text) and s.text.isalpha() and s.norm not in rules.surnames:
            j += 1  # "Thứ trưởng GDĐT Bành Tiến Long", "Sở GTCC"
            tail_ok = False
            continue
        if s.cap or s.text.isdigit():
            if _name_start(syls, j, rules):
                break
            j = _past_capitalised(syls, j, rules)
            # "Tài chính", "Y tế", "Giao thông công chính", "Phòng chống tệ nạn xã hội": lower-case
            # words go on an organisation's name; never "TPHCM xây dựng"
            tail_ok = s.cap and not _acronym(s.text) and not place_run
            tail_left = _ORG_TAIL
            head_tail = False
            continue
        if s.norm == "và" and j + 1 < n and (syls[j + 1].cap or _and_lower_to_name(syls, j + 1, rules)):
            j += 1  # "Sở Giáo dục và Đào tạo"; "Ủy ban Kinh tế và ngân sách Tào Hữu Phùng"
            continue
        if j + 1 < n and (s.norm, syls[j + 1].norm) in _ADVERB_PAIRS:
            break  # "Cử tri ấp Chợ tiếp tục kiến nghị": the group ends before the adverb
        if tail_ok and _tail_word(syls, j, rules):
            step = _tail_step(syls, j, rules, tail_left, head_tail)
            if not step:
                break
            j, tail_ok = j + step, False
            continue
        break
    return j


def _past_capitalised(syls: list[Syl], j: int, rules: SpeakerRules) -> int:
    """The index after a capitalised word of an organisation's name: after the whole name when it names an
    institution after a person ("Trường THPT Lương Ngọc Quyến (thành phố Thái Nguyên)"), so that its last syllables
    never start a name of their own."""
    return (name_at(syls, j, rules) or j + 1) if _institution_before(syls, j, rules) else j + 1


def _modifier_len(syls: list[Syl], j: int, rules: SpeakerRules) -> int:
    """The length of a title's modifier at ``syls[j]`` ("chuyên trách" of "Phó Trưởng Đoàn ĐBQH chuyên trách tỉnh
    X") when a unit or a capitalised word follows it, else 0."""
    mod = _phrase_len(rules.role_modifiers, syls, j)
    k = j + mod
    return mod if mod and k < len(syls) and (syls[k].cap or _phrase_len(rules.org_units, syls, k)) else 0


def _paren_close(syls: list[Syl], j: int, rules: SpeakerRules) -> int | None:
    """The ")" closing the bracket at ``syls[j]`` when the bracket belongs to a role ("(quận 3)"): no verb
    of saying inside, closed within a few words."""
    close = next((k for k in range(j + 1, min(len(syls), j + 12)) if syls[k].text == ")"), None)
    if close is None or any(rules.speech_verbs.match_at(syls[k].norm, 0) for k in range(j + 1, close)):
        return None
    return close


def _tail_step(syls: list[Syl], j: int, rules: SpeakerRules, limit: int, head_tail: bool) -> int:
    """Lower-case syllables of an organisation's name from ``syls[j]`` (0: the sentence goes on instead)."""
    run = _lower_run(syls, j, rules, limit)
    if run > 1 and _tail_boundary(syls, j + run, rules):
        return run  # "Sở giao thông công chính TP HCM", "Cục Phòng chống tệ nạn xã hội, Bộ ..."
    if head_tail:
        return 0  # "Bộ Nội vụ sớm ban hành ...": the sentence goes on
    return 1  # one lower-case word only ("Nội vụ", "Tài chính")


def _and_lower_to_name(syls: list[Syl], k: int, rules: SpeakerRules) -> bool:
    """After "và", lower-case words that run straight into a personal name belong to the organisation's name."""
    run = _lower_run(syls, k, rules, 3)
    return 0 < run and k + run < len(syls) and syls[k + run].cap and name_at(syls, k + run, rules) is not None


def _joiner_len(syls: list[Syl], j: int, title_end: int, rules: SpeakerRules) -> int:
    """Syllables a joiner inside an organisation's name takes, from ``syls[j]`` (0 when it is none): a dot
    inside an abbreviation ("TP.HCM", "Q.1"), a dash, slash or "&" before a capital or a number, or a dash
    before a lower-case continuation that ends at a boundary ("Sở Qui hoạch - kiến trúc")."""
    n, s = len(syls), syls[j]
    if j == 0 or j + 1 >= n:
        return 0
    nxt = syls[j + 1]
    if s.text == "." and s.start == syls[j - 1].end and nxt.start == s.end and nxt.text[:1].isupper():
        return 1
    if s.text in ("-", "–", "/", ".", "&") and (nxt.cap or nxt.text.isdigit()) \
            and (s.start == syls[j - 1].end or s.text in ("-", "–")) and not (s.text == "." and nxt.start > s.end):
        return 1
    if s.text in ("-", "–") and j > title_end and _tail_word(syls, j + 1, rules):
        run = _lower_run(syls, j + 1, rules, _ORG_TAIL)
        k = j + 1 + run
        if run and (_tail_boundary(syls, k, rules) or (k < n and rules.speech_verbs.match_at(
                " ".join(x.norm for x in syls[k:k + 3]), 0) is not None)):
            return 1 + run  # "Sở Tài nguyên - môi trường đề nghị": up to the verb, past a dash
    return 0


def _tail_word(syls: list[Syl], j: int, rules: SpeakerRules) -> bool:
    s = syls[j]
    if not s.word or s.cap or s.norm in _ROLE_STOP_WORDS:
        return False
    ahead = " ".join(x.norm for x in syls[j:j + 3])
    return not any(v.match_at(ahead, 0) for v in (rules.speech_verbs, rules.task_verbs, rules.agreement_verbs))


def _lower_run(syls: list[Syl], j: int, rules: SpeakerRules, limit: int) -> int:
    k = j
    while k < len(syls) and k - j < limit and _tail_word(syls, k, rules) and not (k > j and syls[k - 1].gap_newline):
        k += 1
    return k - j


def _tail_boundary(syls: list[Syl], k: int, rules: SpeakerRules) -> bool:
    """Whether a long lower-case run of an organisation's name may end before ``syls[k]``: at a comma,
    a bracket or a dash, a capitalised word or an administrative unit; never at a verb, a full stop or
    the end (then the words were the sentence's own: "Bộ Nội vụ sớm ban hành hướng dẫn")."""
    if k >= len(syls):
        return False
    s = syls[k]
    return s.text in (",", "(", ")", "-", "–") or (s.cap and s.word) or bool(_phrase_len(rules.org_units, syls, k))


def _org_word_before(syls: list[Syl], j: int, rules: SpeakerRules) -> bool:
    """Whether ``syls[j]`` follows a unit word ("quận | Bình Thạnh") or an institution word (a place's name, not a
    person's)."""
    if j == 0:
        return False
    prev = " ".join(s.norm for s in syls[max(0, j - 4):j])
    return any(prev == u or prev.endswith(" " + u) for u in rules.place_words) or _institution_before(syls, j, rules)


_ENTERPRISE_REACH = 5  # syllables between an enterprise word and a name inside the enterprise's name


def _inside_enterprise(syls: list[Syl], j: int, rules: SpeakerRules) -> bool:
    """Whether ``syls[j]`` is a few words after an enterprise word, with no punctuation, function word or
    honorific between ("Công ty TNHH Điện tử | Kim Long")."""
    for k in range(j - 1, max(-1, j - 1 - _ENTERPRISE_REACH), -1):
        if any(k + 1 >= len(u) and tuple(s.text for s in syls[k + 1 - len(u):k + 1]) == u for u in rules.enterprise_words):
            return True
        s = syls[k]
        if not s.text[:1].isalnum() or s.norm in _ROLE_STOP_WORDS or s.norm in _PLAIN_HONORIFICS:
            return False
    return False


def _institution_before(syls: list[Syl], j: int, rules: SpeakerRules) -> bool:
    """Whether ``syls[j]`` follows an institution word as written ("Trường THCS | Nguyễn Trãi"): always the
    institution's name."""
    return any(j >= len(u) and tuple(s.text for s in syls[j - len(u):j]) == u for u in rules.institution_words)


def _index_after(syls: list[Syl], pos: int, default: int) -> int:
    for k in range(default, len(syls)):
        if syls[k].start >= pos:
            return k
    return len(syls)


def _is_delegation(place: str, title_norm: str, rules: SpeakerRules) -> bool:
    """A parenthesised place that says whom a deputy or a voter speaks for."""
    if title_norm not in rules.deputy_titles and rules.title_level.get(title_norm) != 0:
        return False
    return rules.place_heads.match_at(norm_phrase(place), 0) is not None


def _name_after_unit(syls: list[Syl], i: int, r_end: int, rules: SpeakerRules) -> tuple[int, int] | None:
    """A role that swallowed a personal name after its administrative unit ("... UBND tỉnh Giáp Văn
    Thắng cho biết"): (new role end, name end) when the role ends with a unit word followed only by
    a capitalised run of 3-4 syllables that starts with a surname (or a name prefix: "... UBND thành phố Y Khăm
    Niê") and is followed by no capital."""
    end = r_end
    for u in range(end - 1, i, -1):
        if syls[u].norm in rules.unit_words or f"{syls[u - 1].norm} {syls[u].norm}" in rules.unit_words:
            run = syls[u + 1:end]
            if 3 <= len(run) <= 4 and all(x.cap and x.word for x in run) \
                    and (run[0].norm in rules.surnames or run[0].norm in rules.given_name_prefixes) \
                    and not any(x.norm in rules.not_name for x in run) \
                    and _place_len(syls, u + 1, rules) < len(run) \
                    and (end >= len(syls) or not syls[end].cap):  # (not "UBND thành phố Hồ Chí Minh")
                return u + 1, end
            return None
        if not syls[u].cap:
            return None
    return None


def _paren_place(syls: list[Syl], k: int, text: str) -> tuple[str, int] | None:
    """A parenthesised place after a name: "(đoàn Bình Định)", "(phường 5)" -> (place, end offset)."""
    if k < len(syls) and syls[k].text == "(":
        close = next((j for j in range(k + 1, min(len(syls), k + 24)) if syls[j].text == ")"), None)
        if close is not None and close > k + 1:
            return text[syls[k + 1].start:syls[close - 1].end], syls[close].end
    return None


def organization_of(role: str | None, rules: SpeakerRules) -> str | None:
    """The body a role belongs to: "Chủ tịch UBND phường 13 (quận 3)" -> "UBND phường 13, quận 3"."""
    if not role:
        return None
    part = role.split(",")[-1].strip() if "," in role and "(" not in role else role
    from extractor.normalise import norm_view

    view = norm_view(part)
    t = rules.titles.match_at(view, 0)
    while t is not None:
        part = part[t.end:].lstrip()
        view = view[t.end:].lstrip()
        t = rules.titles.match_at(view, 0)
    part = re.sub(r"\s*\(([^)]*)\)", r", \1", part).strip(" ,")
    return part or None


