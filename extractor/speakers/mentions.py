"""Mentions of who speaks in one sentence, found by a list of small recognisers, one per pattern.

Each :class:`Recogniser` has a name (the ``rule`` of the mentions it makes and of the speaker
evidence), what it recognises, its examples (a sentence and the mention it must find there, which
``tests/test_mentions.py`` runs one by one), and a function that looks at one syllable of the
sentence. :func:`find_mentions` walks the syllables; at each one the recognisers are asked in
order, and the first that applies decides (a mention and where to go on, or only where to go on).
Order matters: an honorific before a title hands over to the title, a name after an honorific is
taken before a bare name, a title before an organisation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extractor.normalise import norm_phrase
from extractor.rulefiles import PhraseSet
from extractor.speakers.apposition import _apposition, _comma_apposition, place_apposition
from extractor.speakers.names import (_FILLERS_NORM, _PLAIN_HONORIFICS, _YOUNGER_PRONOUNS, _ROLE_STOP, _STRONG_SURNAMES, Mention, Syl,
                                      _index_after, _is_delegation, _level_of, _name_after_unit,
                                      _name_ahead, _org_word_before, _paren_place, _phrase_len, _place_ends_at, _place_len,
                                      name_at, role_end, syllables)
from extractor.speakers.rules import SpeakerRules


@dataclass
class Scan:
    """One sentence being scanned: its syllables and the rules."""

    text: str
    view: str
    syls: list[Syl]
    rules: SpeakerRules

    def __post_init__(self):
        self.norms = [s.norm for s in self.syls]
        self.n = len(self.syls)
        self._memo: dict = {}

    def phrase_at(self, pset: PhraseSet, k: int, max_len: int = 6):
        """The phrase of ``pset`` starting at syllable ``k`` and the syllable after it, or (None, k).

        Matched on the normalised text itself, so that phrases written with punctuation ("đ/c",
        "TP.HCM") match as well as phrases of whole syllables."""
        syls, view, n = self.syls, self.view, self.n
        a = syls[k].start
        if not pset.may_start(view[a:a + 2]):
            return None, k
        key = (id(pset), k, max_len)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        found = (None, k)
        m = pset.match_at(view, a, syls[min(k + max_len, n) - 1].end)
        if m is not None:
            j = k
            while j < n and syls[j].start < m.end:
                j += 1
            found = (m, j)
        self._memo[key] = found
        return found

    def span(self, i: int, j: int) -> str:
        return self.text[self.syls[i].start:self.syls[j - 1].end]


Found = tuple[Mention | None, int]  # a mention (or none) and the syllable to go on from


@dataclass(frozen=True)
class Recogniser:
    name: str
    recognises: str
    examples: tuple[tuple[str, str], ...]  # (sentence, the text of the mention found in it)
    match: Callable[[Scan, int], Found | None]


# --------------------------------------------------------------------------- the recognisers


def _honorific_before_title(sc: Scan, i: int) -> Found | None:
    h, after = sc.phrase_at(sc.rules.honorifics, i, 3)
    if h is not None and after < sc.n and sc.phrase_at(sc.rules.titles, after, 6)[0] is not None \
            and sc.syls[after].cap and sc.syls[i].norm not in ("ông", "bà"):
        return None, after  # the title recogniser takes it from the title on
    return None


def _honorific_name(sc: Scan, i: int) -> Found | None:
    syls, rules, text = sc.syls, sc.rules, sc.text
    h, after = sc.phrase_at(rules.honorifics, i, 3)
    if h is None or after >= sc.n:
        return None
    shaped = name_at(syls, after, rules, shape=True)
    name_end = shaped or name_at(syls, after, rules, allow_short=True) or _one_syllable_place_name(sc, after)
    if name_end is None:
        return None
    full = shaped is not None or name_at(syls, after, rules) is not None
    m = Mention(syls[i].start, syls[name_end - 1].end, "honorific_name", name=sc.span(after, name_end), short=not full)
    _apposition(m, syls, name_end, text, rules)  # ", Trưởng phòng Nội vụ" or "(Chủ tịch UBND xã D)"
    if m.role is None and h.phrase and norm_phrase(h.phrase) not in _PLAIN_HONORIFICS:
        m.role = sc.span(i, after)  # "luật sư X", "GS X", "đại tá X": the capacity
    return m, _index_after(syls, m.end, name_end)


def _one_syllable_place_name(sc: Scan, k: int) -> int | None:
    """After an honorific, one capitalised syllable that is also a place is a short name ("ông Vinh", "bà Huế"):
    the end of the name, or None."""
    syls = sc.syls
    if _place_len(syls, k, sc.rules) != 1 or (k + 1 < sc.n and syls[k + 1].cap and syls[k + 1].word):
        return None
    s = syls[k]
    return k + 1 if s.word and s.text.isalpha() and s.norm not in sc.rules.not_name else None


def _honorific_pronoun(sc: Scan, i: int) -> Found | None:
    syls = sc.syls
    if syls[i].norm in _YOUNGER_PRONOUNS:
        return _younger_pronoun(sc, i)
    if i == 0 and sc.norms[:2] == ["đồng", "chí"] and sc.n > 2 and not syls[2].cap:
        # "Đồng chí yêu cầu ..." opening a sentence of the minutes: the comrade named before
        return Mention(syls[0].start, syls[1].end, "pronoun", pronoun=True), 2
    if syls[i].norm not in ("ông", "bà"):
        return None
    h, after = sc.phrase_at(sc.rules.honorifics, i, 3)
    if h is None or after >= sc.n:
        return None
    if not syls[after].cap or i == 0 or syls[i - 1].norm == "theo":
        return Mention(syls[i].start, syls[i].end, "pronoun", pronoun=True), after
    return None


def _younger_pronoun(sc: Scan, i: int) -> Found | None:
    """"Anh đề nghị ...", "Theo chị, ...", "Cụ đề nghị ...": "anh", "chị", "cụ" standing for the person named before, only as the subject of a
    verb of saying or after "theo" (elsewhere the word is a kinship noun, or "Anh" the country)."""
    syls, norms, n = sc.syls, sc.norms, sc.n
    if i > 0 and norms[i - 1] == "theo" and sc.view[syls[i].end:syls[i].end + 1] == ",":
        return Mention(syls[i].start, syls[i].end, "pronoun", pronoun=True), i + 1
    j = i + 1
    while j < n and norms[j] in _FILLERS_NORM:
        j += 1
    if j < n and not syls[j].cap and sc.rules.speech_verbs.match_at(" ".join(norms[j:j + 3]), 0) is not None:
        return Mention(syls[i].start, syls[i].end, "pronoun", pronoun=True), i + 1
    return None


def _group_subject(sc: Scan, i: int) -> Found | None:
    syls, rules, norms, n = sc.syls, sc.rules, sc.norms, sc.n
    g, g_after = sc.phrase_at(rules.group_subjects, i, 5)
    if g is None:
        return None
    if i > 0 and norms[i - 1] == "theo":
        # "Theo một số doanh nghiệp, ...": the group says the clause after the comma
        k = g_after
        while k < n and k - i < 10 and syls[k].text not in _ROLE_STOP:
            k += 1
        if k < n and syls[k].text == ",":
            return Mention(syls[i].start, syls[k - 1].end, "group_subject", role=sc.span(i, k),
                           role_span=(syls[i].start, syls[k - 1].end), level=0), k
        return None
    if not (i == 0 or syls[i - 1].text in (",", ";", ":", "-", "–", '"', "“")):
        return None
    k = g_after
    while k < n and k - i < 16 and (syls[k].text not in _ROLE_STOP or _place_goes_on(sc, k)) and \
            rules.speech_verbs.match_at(" ".join(norms[k:k + 3]), 0) is None:
        k += 1
    if not (k < n and k - i < 16 and syls[k].text not in _ROLE_STOP):
        return None  # no verb of saying after it: a group talked about
    while k > g_after and norms[k - 1] in _FILLERS_NORM:
        k -= 1
    return Mention(syls[i].start, syls[k - 1].end, "group_subject", role=sc.span(i, k),
                   role_span=(syls[i].start, syls[k - 1].end), level=0), k


def _place_goes_on(sc: Scan, k: int) -> bool:
    """A comma inside the group's place ("Một cử tri ở phường Bắc Hà, thành phố Hà Tĩnh đề nghị"): a place word
    after it."""
    return sc.syls[k].text == "," and k + 1 < sc.n and any(
        " ".join(sc.norms[k + 1:k + 1 + len(w.split())]) == w for w in sc.rules.place_words)


def _first_person(sc: Scan, i: int) -> Found | None:
    syls, n = sc.syls, sc.n
    s = syls[i]
    if s.norm == "tôi" or (s.norm == "chúng" and i + 1 < n and syls[i + 1].norm == "tôi"):
        last = i if s.norm == "tôi" else i + 1
        return Mention(s.start, syls[last].end, "pronoun", pronoun=True), last + 1
    return None


def _title(sc: Scan, i: int) -> Found | None:
    syls, rules, text, norms, n = sc.syls, sc.rules, sc.text, sc.norms, sc.n
    s = syls[i]
    t, after = sc.phrase_at(rules.titles, i, 6)
    if t is None or not (s.cap or t.phrase[:1].islower() or (i > 0 and (syls[i - 1].text in (",", ";", ":", "-", "–")
                                                                     or syls[i - 1].norm == "theo"))):
        return None  # a lower-case title only where a subject or "theo X" can start
    if not s.cap and i >= 2 and syls[i - 1].text == "," and any(
            " ".join(norms[k:i - 1]) in rules.people_nouns for k in range(max(0, i - 4), i - 1)):
        return None, after  # "cán bộ, công chức cấp xã được hưởng ...": nouns in a row, the matter talked about
    if after + 1 < n and syls[after].text in ("-", "–") and sc.phrase_at(rules.titles, after + 1, 6)[0] is not None:
        return None, after  # "CHỦ TỌA - Phó Chủ tịch HĐND tỉnh Lê Văn Khánh:": the person is after the dash
    r_end = max(role_end(syls, i, rules), after)
    title_norm = norm_phrase(t.phrase)
    name_end = name_at(syls, r_end, rules) if r_end < n else None
    if name_end is None and r_end < n:
        ahead = _name_ahead(syls, r_end, rules)
        if ahead is not None:  # "Trưởng phòng cảnh sát chữa cháy thành phố Nguyễn Mạnh Hùng"
            r_end, name_end = ahead
    group = rules.title_level.get(title_norm) == 0
    if name_end is None and r_end < n and r_end > i and not group:
        # (after "Cử tri", a capitalised run that starts with no surname is a place: "Cử tri Ea Kiết")
        shaped = name_at(syls, r_end, rules, shape=True)
        if shaped is not None and (r_end == after or _place_ends_at(syls, r_end, rules)):
            name_end = shaped  # a foreign or unlisted name right after the title or a place
    split = None if group else _name_after_unit(syls, i, name_end or r_end, rules)
    if split is not None:  # "Phó Chủ tịch UBND tỉnh Giáp Văn Thắng": the unit has no name of its own
        r_end, name_end = split
    elif group and name_end is not None and _named_unit(sc, after, name_end):
        # "Cử tri phường Châu Văn Liêm": voters of a place named after a person
        r_end, name_end = name_end, None
    role_text = sc.span(i, r_end) if r_end > i else t.phrase
    level = _level_of(" ".join(norms[i:r_end]), rules, title_norm)
    short = False
    if name_end is None and r_end < n and r_end == after and syls[r_end].cap:
        # a title and a short name: "Đại biểu Toàn", "Bộ trưởng Đạt"
        name_end = name_at(syls, r_end, rules, allow_short=True)
        short = name_end is not None and name_end - r_end == 1
        if not short:
            name_end = None
    if name_end is not None:
        return _titled_name(sc, i, r_end, name_end, role_text, title_norm, level, short)
    if group and r_end == after and r_end < n and syls[r_end].cap and syls[r_end].word:
        k = r_end  # "Cử tri Ea Kiết": a place the gazetteer does not list, written like a name
        while k < n and k - r_end < 4 and syls[k].cap and syls[k].word and not syls[k - 1].gap_newline:
            k += 1
        r_end = k
        role_text = sc.span(i, r_end)
    # a group ("Cử tri phường 7") or a title alone ("Phó Giám đốc Sở Nội vụ")
    prev = norms[i - 1] if i else ""
    first = s
    if group and prev in ("các", "những") and i - 1 >= 0 and syls[i - 1].cap:
        first = syls[i - 1]  # "Các khu phố trưởng đề nghị ...": the group starts at "Các"
        role_text = text[first.start:syls[r_end - 1].end]
        prev = ""
    if prev in ("các", "những", "mọi", "với", "của", "cho", "và", "gửi", "mời") or (
            norms[min(after, n - 1)] in ("các", "những") and not group):
        return None, r_end  # an object ("mời các đại biểu", "của Chủ tịch"), no speaker
    if group and r_end < n and norms[r_end] in ("các", "những", "ở", "tại", "thuộc", "khu", "vùng"):
        # "Cử tri các xã ven biển", "Người dân ở khu phố 3": the group runs to the verb
        k = r_end
        while k < n and k - r_end < 10 and syls[k].text not in _ROLE_STOP and \
                rules.speech_verbs.match_at(" ".join(norms[k:k + 3]), 0) is None:
            k += 1
        r_end = k
        role_text = text[first.start:syls[r_end - 1].end]
    places_end = _place_list_end(sc, r_end) if group and r_end < n else r_end
    if places_end > r_end:  # "Cử tri huyện Trần Đề, Cù Lao Dung kiến nghị": voters of several places
        r_end = places_end
        role_text = text[first.start:syls[r_end - 1].end]
    return Mention(first.start, syls[r_end - 1].end, "group" if group else "title_only", role=role_text,
                   role_span=(first.start, syls[r_end - 1].end), level=level), r_end


def _named_unit(sc: Scan, a: int, b: int) -> bool:
    """Whether an administrative unit word between ``syls[a]`` and ``syls[b]`` is followed by a personal name
    that runs to ``syls[b]`` ("phường Châu Văn Liêm", not "phường 5 Lê Văn Tám"): the name is the place's."""
    words, syls = sc.rules.unit_words, sc.syls
    for k in range(a, b):
        for n in (2, 1):
            if k + n < b and " ".join(sc.norms[k:k + n]) in words:
                # the whole rest is one name right after the unit ("phường | Châu Văn Liêm"), no place first
                return syls[k + n].cap and name_at(syls, k + n, sc.rules) == b
    return False


def _place_list_end(sc: Scan, k: int) -> int:
    """After a group's place, more places (", Tân Khang", " và Krông Năng") up to a verb of saying: the
    syllable after the last of them; ``k`` when the words after ``k`` are not such a list."""
    syls, norms, n = sc.syls, sc.norms, sc.n
    j = end = k
    while j < n and (syls[j].text == "," or norms[j] == "và"):
        first = j + 1
        for size in (2, 1):  # ", xã Sơn Long": a unit word may open the next place
            if first + size < n and " ".join(norms[first:first + size]) in sc.rules.unit_words:
                first += size
                break
        m = first
        while m < n and m - first < 4 and (syls[m].cap or (m > first and syls[m].text.isdigit())) and syls[m].word:
            m += 1
        if m == first or (first == j + 1 and not _place_len(syls, first, sc.rules) and name_at(syls, first, sc.rules) == m
                          and (m - first >= 3 or norms[first] in _STRONG_SURNAMES)):
            break  # no words, or a person's name ("Cử tri xã An Bình, Lê Văn Tám cho biết"), not "Sơn Mùa"
        j = end = m
    if end == k:
        return k
    v = end
    if v < n and syls[v].text == "(":  # "Cử tri các xã Sơn Tây, Sơn Lâm (huyện Hương Sơn) kiến nghị": their district
        close = next((q for q in range(v + 1, min(n, v + 12)) if syls[q].text == ")"), None)
        if close is not None and (_place_len(syls, v + 1, sc.rules) or norms[v + 1] in sc.rules.unit_words
                                  or " ".join(norms[v + 1:v + 3]) in sc.rules.unit_words):
            end = v = close + 1
    while v < n and norms[v] in _FILLERS_NORM:  # "... tiếp tục kiến nghị"
        v += 1
    if v < n and sc.rules.speech_verbs.match_at(" ".join(norms[v:v + 3]), 0) is not None:
        return end
    return k


def _titled_name(sc: Scan, i: int, r_end: int, name_end: int, role_text: str, title_norm: str,
                 level: int | None, short: bool) -> Found:
    syls, rules, text = sc.syls, sc.rules, sc.text
    s = syls[i]
    m = Mention(s.start, syls[name_end - 1].end, "title_org_name", name=sc.span(r_end, name_end), role=role_text,
                role_span=(s.start, syls[r_end - 1].end), level=level, short=short)
    place = _paren_place(syls, name_end, text)
    if place is not None and rules.titles.match_at(norm_phrase(place[0]), 0) is not None:
        # "Cử tri Bùi Thị Hạnh (giáo viên Trường Mầm non Hoa Ban)": the capacity they speak in
        m.role, m.role_span, m.end = place[0], (place[1] - 1 - len(place[0]), place[1] - 1), place[1]
        m.level = _level_of(norm_phrase(place[0]), rules, None)
    elif place is not None:
        group = rules.title_level.get(title_norm) == 0
        if _is_delegation(place[0], title_norm, rules):
            # "Đại biểu X (Đoàn ĐBQH tỉnh Y)": a deputy speaks for the delegation; "Cử tri X (phường 5)": a voter of it
            m.role = f"{role_text} {place[0]}" if group else place[0]
            m.role_span = (s.start, place[1]) if group else (place[1] - 1 - len(place[0]), place[1] - 1)
        m.end, m.place = place[1], place[0]
        after = _index_after(syls, m.end, name_end)
        if group and after < len(syls) and syls[after].text == ",":
            # "Cử tri Võ Văn Mến (tổ 9, khu vực 4), Trưởng khu vực 4:", "Cử tri Bùi Thị Lan (52 tuổi, thôn Đồng Mới),
            # Chi hội trưởng Chi hội Phụ nữ thôn, cho rằng": the capacity after the parenthesis
            _comma_apposition(m, syls, after, text, rules)
    elif title_norm in rules.deputy_titles or rules.title_level.get(title_norm) == 0:
        # "đại biểu Y Vinh Mlô, Phó Trưởng Đoàn ĐBQH tỉnh": the office a deputy holds is the capacity;
        # "Cử tri Trần Văn Khải, công nhân Công ty ...": so is a voter's occupation
        _apposition(m, syls, name_end, text, rules)
        if m.role == role_text and rules.title_level.get(title_norm) == 0:
            place_apposition(m, syls, name_end, text, rules)  # "Cử tri X, tổ dân phố 7 (phường cũ Y) phản ánh:"
    return m, _index_after(syls, m.end, name_end)


def _bare_name(sc: Scan, i: int) -> Found | None:
    syls, rules = sc.syls, sc.rules
    s = syls[i]
    if not s.cap or not (i == 0 or not syls[i - 1].cap or syls[i - 1].text in _ROLE_STOP):
        return None
    name_end = name_at(syls, i, rules)
    if name_end is None or _org_word_before(syls, i, rules) or _place_len(syls, i, rules) >= name_end - i:
        return None  # no name, or a place written like one ("Cù Lao Dung", "Hồ Gươm")
    m = Mention(s.start, syls[name_end - 1].end, "name", name=sc.span(i, name_end))
    _apposition(m, syls, name_end, sc.text, rules)
    return m, _index_after(syls, m.end, name_end)


def _place_subject(sc: Scan, i: int) -> Found | None:
    """A country, province or district as the subject of a verb of saying ("Việt Nam đề xuất ...")."""
    syls, rules, norms, n = sc.syls, sc.rules, sc.norms, sc.n
    if not (i == 0 or syls[i - 1].text in (",", ";", ":", "-", "–")):
        return None
    k = i + _place_len(syls, i, rules)
    if k == i:
        return None
    j = k
    while j < n and norms[j] in _FILLERS_NORM:
        j += 1
    if j >= n or rules.speech_verbs.match_at(" ".join(norms[j:j + 3]), 0) is None:
        return None
    return Mention(syls[i].start, syls[k - 1].end, "place_subject", role=sc.span(i, k),
                   role_span=(syls[i].start, syls[k - 1].end)), k


def _generic_body(sc: Scan, i: int) -> Found | None:
    """A body named by its kind ("thành phố", "tỉnh") as the subject of a verb of saying at a clause's start."""
    syls, rules, norms, n = sc.syls, sc.rules, sc.norms, sc.n
    if not (i == 0 or syls[i - 1].text in (",", ";", ":", "-", "–")):
        return None
    k = i + _phrase_len(rules.generic_bodies, syls, i)
    if k == i:
        return None
    j = k
    while j < n and norms[j] in _FILLERS_NORM:
        j += 1
    if j >= n or rules.speech_verbs.match_at(" ".join(norms[j:j + 3]), 0) is None:
        return None
    return Mention(syls[i].start, syls[k - 1].end, "organization", role=sc.span(i, k),
                   role_span=(syls[i].start, syls[k - 1].end),
                   level=_level_of(" ".join(norms[i:k]), rules, None)), k


def _organization(sc: Scan, i: int) -> Found | None:
    syls, rules, norms = sc.syls, sc.rules, sc.norms
    s = syls[i]
    o, after = sc.phrase_at(rules.org_heads, i, 9)
    if o is None or not s.text[:1].isupper() or (i and norms[i - 1] in ("của", "với", "cho", "và", "giao", "phối hợp")
                                                 and not rules.according_to_before(norms, i)):
        return None
    r_end = max(role_end(syls, i, rules), after)
    return Mention(s.start, syls[r_end - 1].end, "organization", role=sc.span(i, r_end),
                   role_span=(s.start, syls[r_end - 1].end),
                   level=_level_of(" ".join(norms[i:r_end]), rules, None)), r_end


RECOGNISERS: tuple[Recogniser, ...] = (
    Recogniser("honorific_before_title", "an honorific before a title: the title and the name that follow decide",
               (("Đồng chí Phó Chủ tịch UBND huyện Trần Quốc Hùng đề nghị rà soát.",
                 "Phó Chủ tịch UBND huyện Trần Quốc Hùng"),), _honorific_before_title),
    Recogniser("honorific_name", "an honorific and a name (full, short, or by its shape), with its apposition",
               (("Ông Đỗ Hữu Cường, Chủ tịch UBND phường, đề nghị tăng biên chế.",
                 "Ông Đỗ Hữu Cường, Chủ tịch UBND phường"),
                ("Bà Tâm cũng kiến nghị sửa đường.", "Bà Tâm"),
                ("Luật sư Trương Văn Hòa cho rằng cần sửa luật.", "Luật sư Trương Văn Hòa"),
                ("Ông Điểu Huỳnh Sang kiến nghị hỗ trợ đồng bào.", "Ông Điểu Huỳnh Sang"),
                ("Giám đốc Sở Xây dựng, ông Trần Văn Lâm, cho biết sẽ kiểm tra.",
                 "Giám đốc Sở Xây dựng, ông Trần Văn Lâm")), _honorific_name),
    Recogniser("pronoun", "an honorific standing for the person named before ('Ông kiến nghị', 'Theo bà,')",
               (("Theo bà, thành phố cần tăng phụ cấp.", "bà"), ("Ông kiến nghị sửa đường.", "Ông")),
               _honorific_pronoun),
    Recogniser("group_subject", "a group as the subject of a verb of saying ('Nhiều ý kiến cho rằng ...')",
               (("Nhiều ý kiến cho rằng cần công khai tài sản.", "Nhiều ý kiến"),
                ("Góp ý dự thảo, các đại biểu đề nghị bổ sung một điều.", "các đại biểu"),
                ("Theo một số chuyên gia, cần lùi thời điểm áp dụng.", "một số chuyên gia")), _group_subject),
    Recogniser("first_person", "the speaker in the first person ('Tôi đề nghị', 'Chúng tôi kiến nghị')",
               (("Chúng tôi kiến nghị tỉnh hỗ trợ kinh phí.", "Chúng tôi"),), _first_person),
    Recogniser("title", "a title with its organisation and a name, a group ('Cử tri phường 7') or a title alone",
               (("Chủ tịch UBND phường 13 (quận 3) Bùi Hữu Huy Hoàng cho rằng cần đổi mới.",
                 "Chủ tịch UBND phường 13 (quận 3) Bùi Hữu Huy Hoàng"),
                ("Cử tri phường 7 đề nghị sửa đường.", "Cử tri phường 7"),
                ("Cử tri huyện Trần Đề, Cù Lao Dung kiến nghị sửa đê.", "Cử tri huyện Trần Đề, Cù Lao Dung"),
                ("Cử tri phường Lê Hồng Phong đề nghị nạo vét kênh.", "Cử tri phường Lê Hồng Phong"),
                ("Cùng nỗi lo, cử tri các xã Minh Nghĩa, Tân Khang kiến nghị nạo vét sông.",
                 "cử tri các xã Minh Nghĩa, Tân Khang"),
                ("Phó Giám đốc Sở Nội vụ cho biết sở đang rà soát.", "Phó Giám đốc Sở Nội vụ"),
                ("Thủ tướng John Howard bày tỏ mong muốn hợp tác.", "Thủ tướng John Howard"),
                ("Tại hội nghị, đại biểu Y Vinh Mlô, Phó Trưởng Đoàn ĐBQH tỉnh đã tiếp thu.",
                 "đại biểu Y Vinh Mlô, Phó Trưởng Đoàn ĐBQH tỉnh")), _title),
    Recogniser("place_subject", "a country, province or district speaking as a body ('Việt Nam đề xuất ...')",
               (("Tại diễn đàn, Lào đề xuất hai nước sớm ký hiệp định.", "Lào"),
                ("Hà Nội kiến nghị Chính phủ cho phép thí điểm.", "Hà Nội")), _place_subject),
    Recogniser("generic_body", "a body named by its kind as the subject of a verb of saying ('thành phố yêu cầu')",
               (("Bên cạnh đó, thành phố cũng yêu cầu các quận kiểm tra công trình sai phép.", "thành phố"),
                ("Tỉnh đề nghị Trung ương sớm bổ sung vốn.", "Tỉnh")), _generic_body),
    Recogniser("name", "a full name on its own, with the role after it ('Trần Văn B, Trưởng phòng ...')",
               (("Trần Văn Bình, Trưởng phòng Nội vụ, đề nghị bổ sung biên chế.",
                 "Trần Văn Bình, Trưởng phòng Nội vụ"),), _bare_name),
    Recogniser("organization", "a body speaking on its own ('Sở Nội vụ cho biết')",
               (("Sở Nội vụ cho biết đang tổng hợp nhu cầu.", "Sở Nội vụ"),), _organization),
)


def find_mentions(text: str, view: str, start: int, end: int, rules: SpeakerRules,
                  recognisers: tuple[Recogniser, ...] = RECOGNISERS) -> tuple[list[Mention], list[Syl]]:
    """The mentions of who may be speaking in ``text[start:end]``, in order, and its syllables."""
    sc = Scan(text, view, syllables(text, view, start, end), rules)
    syls, n = sc.syls, sc.n
    starts2, starts1 = rules.starts2, rules.starts1
    mentions: list[Mention] = []
    i = 0
    while i < n:
        s = syls[i]
        if not s.cap and s.norm not in ("tôi", "chúng"):
            pre = view[s.start:s.start + 2]
            if pre not in starts2 and pre[:1] not in starts1:
                i += 1  # no mention can start at a lower-case word that starts no rule phrase
                continue
        for rec in recognisers:
            found = rec.match(sc, i)
            if found is not None:
                m, nxt = found
                if m is not None:
                    mentions.append(m)
                i = max(nxt, i + 1)
                break
        else:
            i += 1
    return _titles_before_names(mentions, view), syls


def _opens_clause(view: str, pos: int) -> bool:
    """Whether a phrase at ``pos`` opens a clause: after punctuation, at the start, or after "là" ("Là công chức
    ..., bà X cho biết")."""
    before = view[max(0, pos - 12):pos].rstrip()
    return not before[-1:].isalnum() or before.split()[-1].lower() == "là"


def _titles_before_names(mentions: list[Mention], view: str) -> list[Mention]:
    """"Chủ tịch UBND Thành phố, ông Lê Thanh Hải, nhấn mạnh ...": a title alone, a comma, then a name with no
    role of its own: one person, the title their role."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.rule == "title_only" and m.name and m.role is None and not m.pronoun \
                and view[prev.end:m.start].strip() == "," and _opens_clause(view, prev.start):
            # (the title opens a clause: not the "giáo viên" of "Về biên chế giáo viên, ông Lê Văn Thành ...")
            m.role, m.role_span, m.level, m.start = prev.role, prev.role_span, prev.level, prev.start
            out[-1] = m
            continue
        out.append(m)
    return out
