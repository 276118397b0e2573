"""Speakers: who said each sentence, in what capacity, and to whom.

Pattern rules from ``resources/speakers.yaml`` (titles, organisation words, honorifics,
surnames, pronouns) and the speech verbs of ``resources/cues.yaml`` are applied to the
normalised view of each sentence. The component ``vi_speakers``

* finds mentions: a title with its organisation and a name ("Chủ tịch UBND phường 13
  (quận 3) Bùi Hữu Huy Hoàng"), a name with an honorific ("bà Tâm"), a name followed by
  its role ("Trần Văn B, Trưởng phòng Nội vụ"), a group ("Cử tri phường 7"), a title
  alone ("Phó Giám đốc Sở Nội vụ"), a pronoun ("Ông", "Theo bà"), or a body ("Sở Nội vụ");
* picks the mention that is the subject of the sentence's speech verb, or the speaker
  of a transcript turn label, and resolves it to a person met earlier (full name and
  role), the roster of attendees, or the current turn;
* keeps the turn: sentences without a speaker of their own continue the current
  speaker's turn until a heading or a new speaker;
* reads the roster of attendees ("Tham dự hội nghị có các đồng chí: ...").

Each sentence's ``_.speaker`` holds ``name``, ``role``, ``organization`` and
``evidence`` (the rule and the character span of the mention); ``_.addressee`` holds
the organisation a recommendation is addressed to; ``_.analysis`` keeps what the
statement decision needs (explicit mention, speaker level, verb positions).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.normalise import norm_phrase, norm_view
from extractor.rulefiles import PhraseSet, load_yaml, require, string_list
from extractor.tokenise import doc_text
from extractor.turns import SpeakerAnalysis

if not Span.has_extension("analysis"):
    Span.set_extension("analysis", default=None)

_SYL = re.compile(r"[^\W_]+(?:['’][^\W_]*)?|[^\w\s]", re.UNICODE)
_PLAIN_HONORIFICS = frozenset({"ông", "bà", "anh", "chị", "đồng chí", "đ/c"})
_FILLERS = {"cũng", "đã", "vừa", "thì", "lại", "còn", "tiếp tục", "đồng thời", "luôn", "thẳng thắn", "đang", "sẽ", "liên tục", "mạnh dạn"}
_FILLERS_NORM = frozenset(w for f in _FILLERS for w in f.split()) | {"đều"}


@dataclass(frozen=True)
class SpeakerRules:
    honorifics: PhraseSet
    pronouns: PhraseSet
    titles: PhraseSet
    title_level: dict
    org_heads: PhraseSet
    org_units: PhraseSet
    unit_level: dict
    surnames: frozenset
    not_name: frozenset
    speech_verbs: PhraseSet
    request_verbs: PhraseSet
    procedural_labels: PhraseSet
    deputy_titles: frozenset      # titles whose parenthesised place is a delegation ("Đại biểu X (đoàn Y)")
    place_heads: PhraseSet        # how such a place starts ("đoàn", "tổ", "phường", ...)
    unit_words: frozenset         # unit words a personal name may directly follow in a role
    voter_words: PhraseSet        # how voters named at the end of an item start ("cử tri", "nhiều cử tri")
    places: PhraseSet = PhraseSet([], name="places")  # provinces, districts, countries (places.yaml)
    group_subjects: PhraseSet = PhraseSet([], name="group_subjects")  # "nhiều ý kiến", "các đại biểu" ...
    name_stops: frozenset = frozenset()  # words that end a name even after an honorific ("ông X Sở ...")
    starts2: frozenset = frozenset()  # prefixes of every honorific, title and organisation head
    starts1: frozenset = frozenset()

    def __post_init__(self):
        two, one = set(), set()
        for pset in (self.honorifics, self.titles, self.org_heads, self.group_subjects):
            a, b = pset.prefixes()
            two |= a
            one |= b
        object.__setattr__(self, "starts2", frozenset(two))
        object.__setattr__(self, "starts1", frozenset(one))

    @classmethod
    def load(cls, name: str = "speakers.yaml", cues: str = "cues.yaml", places: str = "places.yaml") -> "SpeakerRules":
        data = load_yaml(name)
        gaz = load_yaml(places)
        place_list = [p for key in ("provinces", "cities_and_districts", "countries") for p in string_list(gaz, key, places)]
        titles = require(data, "titles", list, name)
        title_level = {}
        for i, t in enumerate(titles):
            if not isinstance(t, dict) or not isinstance(t.get("title"), str) or not isinstance(t.get("level"), int):
                raise_config(f"{name}: titles[{i}] must be {{title: str, level: int}}, got {t!r}")
            title_level[norm_phrase(t["title"])] = t["level"]
        units = require(data, "org_levels", list, name)
        unit_level = {}
        for i, u in enumerate(units):
            if not isinstance(u, dict) or not isinstance(u.get("unit"), str) or not isinstance(u.get("level"), int):
                raise_config(f"{name}: org_levels[{i}] must be {{unit: str, level: int}}, got {u!r}")
            unit_level[norm_phrase(u["unit"])] = u["level"]
        cue = load_yaml(cues)
        speech = (string_list(cue, "request_verbs", cues) + string_list(cue, "response_verbs", cues)
                  + string_list(cue, "reporting_verbs", cues))
        return cls(
            honorifics=PhraseSet(string_list(data, "honorifics", name), name=f"{name}: honorifics"),
            pronouns=PhraseSet(string_list(data, "pronouns", name), name=f"{name}: pronouns"),
            titles=PhraseSet([t["title"] for t in titles], name=f"{name}: titles"),
            title_level=title_level,
            org_heads=PhraseSet(string_list(data, "organization_heads", name), name=f"{name}: organization_heads"),
            org_units=PhraseSet([u["unit"] for u in units], name=f"{name}: org_levels"),
            unit_level=unit_level,
            surnames=frozenset(norm_phrase(s) for s in string_list(data, "surnames", name)),
            not_name=frozenset(norm_phrase(s) for s in string_list(data, "not_name_words", name)),
            speech_verbs=PhraseSet(speech, name=f"{cues}: speech verbs"),
            request_verbs=PhraseSet(string_list(cue, "request_verbs", cues), name=f"{cues}: request_verbs"),
            procedural_labels=PhraseSet(string_list(data, "procedural_labels", name),
                                        name=f"{name}: procedural_labels"),
            deputy_titles=frozenset(norm_phrase(x) for x in string_list(data, "deputy_titles", name)),
            place_heads=PhraseSet(string_list(data, "delegation_place_heads", name),
                                  name=f"{name}: delegation_place_heads"),
            unit_words=frozenset(norm_phrase(x) for x in string_list(data, "name_after_unit_words", name)),
            voter_words=PhraseSet(string_list(data, "trailing_voter_words", name), name=f"{name}: trailing_voter_words"),
            places=PhraseSet(place_list, name=places),
            name_stops=frozenset(norm_phrase(x) for x in string_list(data, "name_stop_words", name)),
            group_subjects=PhraseSet(string_list(data, "group_subjects", name), name=f"{name}: group_subjects"),
        )


def raise_config(msg: str):
    from extractor.errors import ConfigError

    raise ConfigError(msg)


@lru_cache(maxsize=1)
def default_rules() -> SpeakerRules:
    return SpeakerRules.load()


# --------------------------------------------------------------------------- syllables


@dataclass(slots=True)
class Syl:
    start: int
    end: int
    text: str
    norm: str
    gap_newline: bool = False

    @property
    def cap(self) -> bool:
        t = self.text
        return t[:1].isupper() and (len(t) == 1 or not t[1:].isupper() or len(t) <= 2) and t[:1].isalpha()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()


def syllables(text: str, view: str, start: int, end: int) -> list[Syl]:
    out = [Syl(m.start(), m.end(), m.group(0), view[m.start():m.end()]) for m in _SYL.finditer(text, start, end)]
    for a, b in zip(out, out[1:]):
        a.gap_newline = "\n" in text[a.end:b.start]
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
    if _place_len(syls, i, rules):
        return None
    j = i
    while j < len(syls) and j - i < 5 and (syls[j].cap and syls[j].word and not syls[j].text.isdigit()) and (
        j == i or syls[j].start - syls[j - 1].end <= 2
    ):
        if syls[j].text.isupper() and len(syls[j].text) > 1:
            break
        j += 1
    n = j - i
    if n == 0:
        return None
    if shape and syls[i].norm not in rules.name_stops:
        k = i
        while k < j and syls[k].norm not in rules.name_stops:
            k += 1
        if k - i >= 2:
            return k
    if syls[i].norm in rules.surnames and n >= 2:
        if any(s.norm in rules.not_name for s in syls[i + 1:j]):
            return None
        return j
    if allow_short and n <= 2 and all(_is_name_syl(s, rules) for s in syls[i:j]):
        return j
    return None


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
        if s.cap and s.word and name_at(syls, k, rules) is not None and _name_start(syls, k, rules):
            return k, name_at(syls, k, rules)
        if s.text in _ROLE_STOP or s.norm in _ROLE_STOP_WORDS - {"và"} or \
                rules.speech_verbs.match_at(" ".join(x.norm for x in syls[k:k + 3]), 0):
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
    if _org_word_before(syls, j, rules) and not (syls[j].norm in _STRONG_SURNAMES and end - j >= 3):
        return False  # "quận Bình Thạnh" is a place; "thành phố Nguyễn Mạnh Hùng" a unit and a name
    if j + 1 < len(syls) and syls[j + 1].norm in _STRONG_SURNAMES and syls[j].norm not in _STRONG_SURNAMES \
            and name_at(syls, j + 1, rules) is not None:
        return False  # "quận Bình Lạc Ngô Thanh Tùng": the name starts at "Ngô"
    return True


_ROLE_STOP = {",", ":", ";", ".", "“", "”", '"', "!", "?", "–"}
_ROLE_STOP_WORDS = {"cũng", "đã", "đang", "sẽ", "vừa", "khi", "là", "cho", "nêu", "có", "thì", "mà", "để", "tại", "trong",
                    "về", "với", "được", "này", "đó", "nói", "không", "chưa", "rất", "vì", "do", "nên", "cần", "phải",
                    "ở", "từ", "theo", "và", "tới", "đến", "các", "những", "lại", "còn", "thì", "trước", "sau"}


def _title_len(syls: list[Syl], i: int, rules: SpeakerRules) -> int:
    window = " ".join(s.norm for s in syls[i:i + 6])
    m = rules.titles.match_at(window, 0)
    return len(window[:m.end].split()) if m else 0


def _phrase_len(pset: PhraseSet, syls: list[Syl], j: int) -> int:
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
    while j < n:
        s = syls[j]
        if j > 0 and syls[j - 1].gap_newline:  # a role never runs over a line break
            break
        if s.text == "(":
            close = next((k for k in range(j + 1, min(n, j + 12)) if syls[k].text == ")"), None)
            if close is None or any(rules.speech_verbs.match_at(syls[k].norm, 0) for k in range(j + 1, close)):
                break
            j = close + 1
            tail_ok = False
            continue
        unit = _phrase_len(rules.org_units, syls, j)
        k = unit or _phrase_len(rules.org_heads, syls, j)
        if k and not (s.cap and _name_start(syls, j, rules)):
            j += k
            # "Cục Phòng chống tệ nạn ...", "Sở giao thông công chính": an organisation's own name
            # may follow its head word in lower case; never an administrative unit's ("xã kiểm tra")
            tail_ok = not unit and not _acronym(syls[j - 1].text)
            tail_left = _ORG_TAIL
            head_tail = True  # after a head word, only a whole run up to a boundary may follow
            continue
        if s.text == "." and j + 1 < n and s.start == syls[j - 1].end and syls[j + 1].start == s.end \
                and syls[j + 1].text[:1].isupper():
            j += 1  # "TP.HCM", "Q.1": a dot inside an abbreviation
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
        if s.text in ("-", "–", "/", ".", "&") and j + 1 < n and (syls[j + 1].cap or syls[j + 1].text.isdigit()) \
                and (s.start == syls[j - 1].end or s.text in ("-", "–")):
            j += 1
            continue
        if s.cap or s.text.isdigit():
            if _name_start(syls, j, rules):
                break
            j += 1
            # "Tài chính", "Y tế", "Giao thông công chính", "Phòng chống tệ nạn xã hội": lower-case
            # words go on an organisation's name; never "TPHCM xây dựng"
            tail_ok = s.cap and not _acronym(s.text)
            tail_left = _ORG_TAIL
            head_tail = False
            continue
        if s.norm == "và" and j + 1 < n and syls[j + 1].cap:
            j += 1
            continue
        if tail_ok and _tail_word(syls, j, rules):
            run = _lower_run(syls, j, rules, tail_left)
            if run > 1 and _tail_boundary(syls, j + run, rules):
                j += run  # "Sở giao thông công chính TP HCM", "Cục Phòng chống tệ nạn xã hội, Bộ ..."
            elif head_tail:
                break  # "Bộ Nội vụ sớm ban hành ...": the sentence goes on
            else:
                j += 1  # one lower-case word only ("Nội vụ", "Tài chính")
            tail_ok = False
            continue
        break
    return j


def _tail_word(syls: list[Syl], j: int, rules: SpeakerRules) -> bool:
    s = syls[j]
    return s.word and not s.cap and s.norm not in _ROLE_STOP_WORDS and not rules.speech_verbs.match_at(
        " ".join(x.norm for x in syls[j:j + 3]), 0)


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
    """Whether ``syls[j]`` follows an administrative unit word (a place name, not a person)."""
    if j == 0:
        return False
    prev = " ".join(s.norm for s in syls[max(0, j - 3):j])
    return any(prev.endswith(norm_phrase(u)) for u in ("phường", "xã", "thị trấn", "quận", "huyện", "tỉnh", "thành phố",
                                                         "thị xã", "tp", "đường", "ấp", "thôn", "khu phố", "bản", "làng"))


def find_mentions(text: str, view: str, start: int, end: int, rules: SpeakerRules) -> tuple[list[Mention], list[Syl]]:
    syls = syllables(text, view, start, end)
    joined_norm = [s.norm for s in syls]
    mentions: list[Mention] = []
    i = 0
    n = len(syls)

    def phrase_at(pset: PhraseSet, k: int, max_len: int = 6):
        # matched on the text itself (its normalised view), so that phrases written with
        # punctuation ("đ/c", "TP.HCM") match as well as phrases of whole syllables
        a = syls[k].start
        if not pset.may_start(view[a:a + 2]):
            return None, k
        m = pset.match_at(view, a, syls[min(k + max_len, n) - 1].end)
        if m is None:
            return None, k
        j = k
        while j < n and syls[j].start < m.end:
            j += 1
        return m, j

    starts2, starts1 = rules.starts2, rules.starts1
    while i < n:
        s = syls[i]
        if not s.cap and s.norm not in ("tôi", "chúng"):
            pre = view[s.start:s.start + 2]
            if pre not in starts2 and pre[:1] not in starts1:
                i += 1  # no mention can start at a lower-case word that starts no rule phrase
                continue
        # honorific + name: "ông Đỗ Hữu Cường", "bà Tâm", "Đồng chí Trần Văn B, Trưởng phòng Nội vụ"
        h, after = phrase_at(rules.honorifics, i, 2)
        if h is not None and after < n and phrase_at(rules.titles, after, 6)[0] is not None \
                and syls[after].cap and s.norm not in ("ông", "bà"):
            # "Đồng chí Phó Chủ tịch UBND huyện Trần Quốc Hùng": the title and name follow
            i = after
            continue
        if h is not None and after < n:
            shaped = name_at(syls, after, rules, shape=True)
            name_end = shaped or name_at(syls, after, rules, allow_short=True)
            if name_end is not None:
                full = shaped is not None or name_at(syls, after, rules) is not None
                m = Mention(s.start, syls[name_end - 1].end, "honorific_name",
                            name=text[syls[after].start:syls[name_end - 1].end], short=not full)
                # apposition: ", Trưởng phòng Nội vụ" or "(Chủ tịch UBND xã D)"
                _apposition(m, syls, name_end, text, rules)
                if m.role is None and h.phrase and norm_phrase(h.phrase) not in _PLAIN_HONORIFICS:
                    m.role = text[s.start:syls[after - 1].end]  # "luật sư X", "GS X", "đại tá X": the capacity
                mentions.append(m)
                i = _index_after(syls, m.end, name_end)
                continue
            # pronoun use of an honorific ("Ông kiến nghị", "Theo bà,")
            if s.norm in ("ông", "bà") and (after >= n or not syls[after].cap or i == 0 or syls[i - 1].norm == "theo"):
                mentions.append(Mention(s.start, s.end, "pronoun", pronoun=True))
                i = after
                continue
        # a group as the subject: "Nhiều ý kiến cho rằng ...", "..., các đại biểu đề nghị ..."
        g, g_after = phrase_at(rules.group_subjects, i, 4)
        if g is not None and (i == 0 or syls[i - 1].text in (",", ";", ":", "-", "–", '"', "“")):
            k = g_after
            while k < n and k - i < 10 and syls[k].text not in _ROLE_STOP and \
                    rules.speech_verbs.match_at(" ".join(joined_norm[k:k + 3]), 0) is None:
                k += 1
            if k < n and k - i < 10 and syls[k].text not in _ROLE_STOP:
                while k > g_after and joined_norm[k - 1] in _FILLERS_NORM:
                    k -= 1
                mentions.append(Mention(s.start, syls[k - 1].end, "group_subject", role=text[s.start:syls[k - 1].end],
                                        role_span=(s.start, syls[k - 1].end), level=0))
                i = k
                continue
        # first person: "Tôi đề nghị ...", "Chúng tôi cũng đề nghị ..."
        if s.norm in ("tôi", "chúng") and (s.norm == "tôi" or (i + 1 < n and syls[i + 1].norm == "tôi")):
            last = i if s.norm == "tôi" else i + 1
            mentions.append(Mention(s.start, syls[last].end, "pronoun", pronoun=True))
            i = last + 1
            continue
        # title (+ organisation) (+ name)
        t, after = phrase_at(rules.titles, i, 6)
        if t is not None and (s.cap or t.phrase[:1].islower() or (i > 0 and syls[i - 1].text in (",", ";", ":"))):
            r_end = role_end(syls, i, rules)
            r_end = max(r_end, after)
            title_norm = norm_phrase(t.phrase)
            name_end = name_at(syls, r_end, rules) if r_end < n else None
            if name_end is None and r_end < n:
                ahead = _name_ahead(syls, r_end, rules)
                if ahead is not None:  # "Trưởng phòng cảnh sát chữa cháy thành phố Nguyễn Mạnh Hùng"
                    r_end, name_end = ahead
            if name_end is None and r_end < n and r_end > i:
                shaped = name_at(syls, r_end, rules, shape=True)
                if shaped is not None and (r_end == after or _place_ends_at(syls, r_end, rules)):
                    name_end = shaped  # a foreign or unlisted name right after the title or a place
            split = _name_after_unit(syls, i, name_end or r_end, rules)
            if split is not None:  # "Phó Chủ tịch UBND tỉnh Giáp Văn Thắng": the unit has no name of its own
                r_end, name_end = split
            role_text = text[s.start:syls[r_end - 1].end] if r_end > i else t.phrase
            level = _level_of(" ".join(joined_norm[i:r_end]), rules, title_norm)
            short = False
            if name_end is None and r_end < n and r_end == after and syls[r_end].cap:
                # a title and a short name: "Đại biểu Toàn", "Bộ trưởng Đạt"
                name_end = name_at(syls, r_end, rules, allow_short=True)
                short = name_end is not None and name_end - r_end == 1
                if not short:
                    name_end = None
            if name_end is not None:
                m = Mention(s.start, syls[name_end - 1].end, "title_org_name",
                            name=text[syls[r_end].start:syls[name_end - 1].end], role=role_text,
                            role_span=(s.start, syls[r_end - 1].end), level=level, short=short)
                place = _paren_place(syls, name_end, text)
                if place is not None and rules.titles.match_at(norm_phrase(place[0]), 0) is not None:
                    # "Cử tri Bùi Thị Hạnh (giáo viên Trường Mầm non Hoa Ban)": the capacity they speak in
                    m.role, m.role_span, m.end = place[0], (place[1] - 1 - len(place[0]), place[1] - 1), place[1]
                    m.level = _level_of(norm_phrase(place[0]), rules, None)
                elif place is not None and _is_delegation(place[0], title_norm, rules):
                    # "Đại biểu X (Đoàn ĐBQH tỉnh Y)": a deputy speaks for the delegation;
                    # "Cử tri X (phường 5)": a voter of that place
                    group = rules.title_level.get(title_norm) == 0
                    m.role = f"{role_text} {place[0]}" if group else place[0]
                    m.role_span = (s.start, place[1]) if group else (place[1] - 1 - len(place[0]), place[1] - 1)
                    m.end, m.place = place[1], place[0]
                elif place is not None:
                    m.end = place[1]
                    m.place = place[0]
                mentions.append(m)
                i = _index_after(syls, m.end, name_end)
                continue
            # a group ("Cử tri phường 7") or a title alone ("Phó Giám đốc Sở Nội vụ")
            prev = joined_norm[i - 1] if i else ""
            group = rules.title_level.get(title_norm) == 0
            if group and prev in ("các", "những") and i - 1 >= 0 and syls[i - 1].cap:
                s = syls[i - 1]  # "Các khu phố trưởng đề nghị ...": the group starts at "Các"
                role_text = text[s.start:syls[r_end - 1].end]
                prev = ""
            if prev in ("các", "những", "mọi", "với", "của", "cho", "và", "gửi", "mời") or (
                    joined_norm[min(after, n - 1)] in ("các", "những") and not group):
                i = r_end
                continue
            if group and r_end < n and joined_norm[r_end] in ("các", "những", "ở", "tại", "thuộc", "khu", "vùng"):
                # "Cử tri các xã ven biển", "Người dân ở khu phố 3": the group runs to the verb
                k = r_end
                while k < n and k - r_end < 10 and syls[k].text not in _ROLE_STOP and \
                        rules.speech_verbs.match_at(" ".join(joined_norm[k:k + 3]), 0) is None:
                    k += 1
                r_end = k
                role_text = text[s.start:syls[r_end - 1].end]
            rule = "group" if group else "title_only"
            mentions.append(Mention(s.start, syls[r_end - 1].end, rule, role=role_text,
                                    role_span=(s.start, syls[r_end - 1].end), level=level))
            i = r_end
            continue
        # a full name on its own, possibly followed by its role ("Trần Văn B, Trưởng phòng ...")
        if s.cap and (i == 0 or not syls[i - 1].cap or syls[i - 1].text in _ROLE_STOP):
            name_end = name_at(syls, i, rules)
            if name_end is not None and not _org_word_before(syls, i, rules):
                m = Mention(s.start, syls[name_end - 1].end, "name",
                            name=text[s.start:syls[name_end - 1].end])
                _apposition(m, syls, name_end, text, rules)
                mentions.append(m)
                i = _index_after(syls, m.end, name_end)
                continue
        # an organisation speaking on its own ("Sở Nội vụ cho biết")
        o, after = phrase_at(rules.org_heads, i, 6)
        if o is not None and s.text[:1].isupper() and not (i and joined_norm[i - 1] in ("của", "với", "cho", "và", "giao", "phối hợp")):
            r_end = max(role_end(syls, i, rules), after)
            mentions.append(Mention(s.start, syls[r_end - 1].end, "organization",
                                    role=text[s.start:syls[r_end - 1].end], role_span=(s.start, syls[r_end - 1].end),
                                    level=_level_of(" ".join(joined_norm[i:r_end]), rules, None)))
            i = r_end
            continue
        i += 1
    return mentions, syls


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
    a capitalised run of 3-4 syllables that starts with a surname and is followed by no capital."""
    end = r_end
    for u in range(end - 1, i, -1):
        if syls[u].norm in rules.unit_words:
            run = syls[u + 1:end]
            if 3 <= len(run) <= 4 and all(x.cap and x.word for x in run) and run[0].norm in rules.surnames \
                    and not any(x.norm in rules.not_name for x in run) \
                    and (end >= len(syls) or not syls[end].cap):
                return u + 1, end
            return None
        if not syls[u].cap:
            return None
    return None


_TRAILING_CELL = re.compile(r"(?:\(\s*([^()]{2,120}?)\s*\)|\|\s*([^|]{2,120}?)\s*\|)[\s.;]*$")


def _trailing_group(text: str, view: str, start: int, end: int, rules: SpeakerRules) -> Mention | None:
    """Voters named at the end of their item, as summary reports write them: "... (cử tri xã A,
    xã B)." or a table row's last cell "| Cử tri phường 5 |". The whole line is searched, so a
    row's first sentence finds the cell at its end too."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    m = _TRAILING_CELL.search(view, start, line_end)
    if m is None:
        return None
    g = 1 if m.group(1) is not None else 2
    a, b = m.start(g), m.end(g)
    if rules.voter_words.match_at(view, a, b) is None:
        return None
    role = text[a:b].strip()
    role = role[:1].upper() + role[1:]
    return Mention(a, b, "group", role=role, level=0)


def _paren_place(syls: list[Syl], k: int, text: str) -> tuple[str, int] | None:
    """A parenthesised place after a name: "(đoàn Bình Định)", "(phường 5)" -> (place, end offset)."""
    if k < len(syls) and syls[k].text == "(":
        close = next((j for j in range(k + 1, min(len(syls), k + 24)) if syls[j].text == ")"), None)
        if close is not None and close > k + 1:
            return text[syls[k + 1].start:syls[close - 1].end], syls[close].end
    return None


def _apposition(m: Mention, syls: list[Syl], k: int, text: str, rules: SpeakerRules) -> None:
    """Attach a role written after a name: ", Trưởng phòng Nội vụ" or " (Chủ tịch UBND xã D)"."""
    if k >= len(syls):
        return
    if syls[k].text == "(":
        close = next((j for j in range(k + 1, min(len(syls), k + 20)) if syls[j].text == ")"), None)
        if close is None:
            return
        inner = " ".join(s.norm for s in syls[k + 1:close])
        t = rules.titles.match_at(inner, 0)
        if t is not None:
            m.role = text[syls[k + 1].start:syls[close - 1].end]
            m.role_span = (syls[k + 1].start, syls[close - 1].end)
            m.level = _level_of(inner, rules, norm_phrase(t.phrase))
        elif inner:
            m.place = text[syls[k + 1].start:syls[close - 1].end]  # "(phường 5)"
            if m.role is None:  # "Ông Mẫn Đức Thọ (nhà số 7, ngách 46/3)": all that is said of who speaks
                m.role, m.role_span = m.place, (syls[k + 1].start, syls[close - 1].end)
        m.end = syls[close].end
        return
    if syls[k].text in (",", "–", "-", "—") and k + 1 < len(syls):  # ", Trưởng phòng" / " – Giám đốc Sở"
        window = " ".join(s.norm for s in syls[k + 1:k + 7])
        t = rules.titles.match_at(window, 0)
        if t is not None:
            r_end = role_end(syls, k + 1, rules)
            if r_end > k + 1:
                m.role = text[syls[k + 1].start:syls[r_end - 1].end]
                m.role_span = (syls[k + 1].start, syls[r_end - 1].end)
                m.level = _level_of(" ".join(s.norm for s in syls[k + 1:r_end]), rules, norm_phrase(t.phrase))
                m.end = syls[r_end - 1].end


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


def _belongs_to(body: str | None, person: "Person") -> bool:
    """Whether the body named ("Sở Tài chính", "sở") is the person's own organisation: its head word
    and, when given, its name occur in the person's role ("Giám đốc Sở Tài chính")."""
    from extractor.normalise import norm_view

    if not body or not person.role:
        return False
    b, r = norm_view(body).split(), norm_view(person.role)
    return bool(b) and b[0] in r.split() and (len(b) == 1 or " ".join(b[1:3]) in r)


# --------------------------------------------------------------------------- speaker choice


_TOLD = re.compile(r"(?<!\w)cho (?:[^\s,.;:\"]+ ){1,3}biết(?!\w)")  # "cho VnExpress biết", "cho phóng viên biết"


def speech_verb_positions(view: str, start: int, end: int, rules: SpeakerRules) -> list[tuple[int, int]]:
    found = [(m.start, m.end) for m in rules.speech_verbs.finditer(view, start, end)]
    found += [(m.start(), m.end()) for m in _TOLD.finditer(view, start, end)]
    return sorted(found)


def _between_is_filler(text: str, view: str, a: int, b: int) -> bool:
    gap = re.sub(r"\([^()]{0,120}\)", " ", view[a:b])  # "bà X (huyện Lạc Giang), cho biết"
    words = [w for w in re.split(r"[\s,:\"'()]+", gap) if w]
    rest = " ".join(words)
    for f in sorted(_FILLERS, key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(f)}(?!\w)", " ", rest)
    return not rest.strip() and len(words) <= 4


_OBJECT_MARKERS = re.compile(r"(?:^|\s)(là|của|với|cho|và|mời|gửi|đến|tới|giao|phối hợp|cùng|đề nghị|kiến nghị|đề xuất|"
                             r"yêu cầu)\s*$|(?:^|\s)(?:mà|như)(?:\s+\S+){0,2}\s*$")
# "mà cử tri X nêu", "như ông X vừa nói": a relative clause, the mention is not the speaker


def _object_position(view: str, pos: int, start: int) -> bool:
    """Whether a mention at ``pos`` follows a word that makes it an object, not a subject."""
    return bool(_OBJECT_MARKERS.search(view[max(start, pos - 14):pos]))


def choose_speaker(mentions: list[Mention], verbs: list[tuple[int, int]], text: str, view: str,
                   start: int, end: int) -> Mention | None:
    """The mention that says the sentence: the subject of its speech verb, or "theo <mention>,"."""
    for vs, ve in verbs:
        before = [m for m in mentions if m.end <= vs]
        if before:
            m = before[-1]
            if _between_is_filler(text, view, m.end, vs) and not _object_position(view, m.start, start):
                if m.rule == "organization" and len(before) > 1:
                    # "Ông Huỳnh Tấn Lộc, Chủ tich UBND xã, kết luận": the body is the person's apposition
                    p = before[-2]
                    gap = view[p.end:m.start]
                    if p.name and not p.pronoun and gap.lstrip().startswith(",") and len(gap.split()) <= 6 \
                            and not any(c in gap for c in ".;:"):
                        return p
                return m
    subject = _subject_before_verb(mentions, verbs, view, start)
    if subject is not None:
        return subject
    for m in mentions:
        pre = view[max(start, m.start - 6):m.start].strip()
        if pre.endswith("theo") and (view[m.end:m.end + 1] == "," or m.pronoun or _clause_follows(view, m.end, end)):
            return m
    if not verbs and mentions:
        # no verb of saying: a person named as the subject of the sentence acts in it
        # ("Thứ trưởng X đã giao cho Vụ ...", "Chủ tịch Quốc hội X thẳng thắn bác bỏ ...")
        m = mentions[0]
        lead = view[start:m.start]
        if (m.name or m.rule == "title_only") and not m.pronoun and m.rule != "organization" \
                and (not lead.strip() or (lead.rstrip().endswith(",") and len(lead.split()) <= 12)) \
                and not re.match(r"\s*(?:và|với|cùng|của)\b", view[m.end:m.end + 8]):
            return m
    # minutes items: "Đồng chí X, Trưởng phòng Nội vụ: đề nghị ..."
    for m in mentions:
        if m.start - start <= 2 and view[m.end:m.end + 2].startswith(":") and m.rule != "organization":
            return m
    return None


_CLAUSE_BREAK = re.compile(r'[.;:"?!]')


def _clause_follows(view: str, pos: int, end: int) -> bool:
    """"Theo ông X, Giám đốc Sở giao thông công chính TP HCM, ...": the rest of a long apposition,
    then the comma that closes the "theo" phrase."""
    comma = view.find(",", pos, end)
    return comma >= 0 and len(view[pos:comma].split()) <= 10 and not _CLAUSE_BREAK.search(view, pos, comma)


def _subject_before_verb(mentions: list[Mention], verbs: list[tuple[int, int]], view: str, start: int) -> Mention | None:
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
    if not (m.name or m.pronoun or m.rule == "title_only"):
        return None
    lead = view[start:m.start]
    if lead.strip() and not lead.rstrip().endswith(","):
        return None
    if len(lead.split()) > 20:
        return None
    gap = view[m.end:vs]
    if _CLAUSE_BREAK.search(gap) or len(gap.split()) > 16:
        return None
    return m


# --------------------------------------------------------------------------- roster


_ROSTER_CUE = re.compile(r"(tham dự|thành phần|cùng dự|có mặt|chủ trì|đồng chủ trì|chủ tọa|chủ toạ|thư ký|"
                         r"người ghi biên bản)[^:]{0,60}:|các đồng chí\s*:", re.I)
_ANSWER_LABEL = re.compile(r"\W*(trả lời|nội dung trả lời|ý kiến trả lời|phúc đáp|giải trình|kết quả giải quyết)[^:.;]{0,60}:")
_ALIAS_LABEL = re.compile(r"\s*(chủ trì|chủ tọa|chủ toạ|thư ký|người ghi biên bản)\s*:", re.I)


def roster_entries(text: str, view: str, start: int, end: int, rules: SpeakerRules) -> list[Person]:
    """Attendees listed in one sentence or item: "NAME, ROLE; NAME, ROLE"."""
    out = []
    m = _ROSTER_CUE.search(view, start, end)
    body_start = m.end() if m else start
    for part in re.finditer(r"[^;]+", text[body_start:end]):
        ps, pe = body_start + part.start(), body_start + part.end()
        mentions, syls = find_mentions(text, view, ps, pe, rules)
        named = [x for x in mentions if x.name and not x.short]
        if not named:
            continue
        first = named[0]
        if first.start - ps > 30:
            continue
        name_end = text.find(first.name, first.start) + len(first.name)
        rest = text[name_end:pe].strip(" ,.;:()")
        role = rest or first.role
        out.append(Person(first.name, role, organization_of(role, rules), _level_of(view[ps:pe], rules, None), first))
    return out


# --------------------------------------------------------------------------- the component


def _short_matches(short: str, full: str) -> bool:
    s, f = norm_phrase(short).split(), norm_phrase(full).split()
    return len(s) <= len(f) and f[-len(s):] == s


def _role_matches(mention_role: str, person_role: str | None, rules: SpeakerRules) -> bool:
    """Same title ("Chủ tịch" is not "Phó Chủ tịch") and one organisation contains the other."""
    if not person_role:
        return False
    for part in person_role.split(","):
        a, b = norm_phrase(re.sub(r"[()]", " ", mention_role)), norm_phrase(re.sub(r"[()]", " ", part))
        ta, tb = rules.titles.match_at(a, 0), rules.titles.match_at(b, 0)
        if ta is None or tb is None or a[:ta.end] != b[:tb.end]:
            continue
        if a == b or a in b or b in a:
            return True
    return False


_UPPER_RUN = re.compile(r"[^\W\d_]+", re.UNICODE)


_SYLLABLE_SHAPE = re.compile(r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?[aeiouy]{1,3}"
                             r"(?:ng|nh|ch|[cmnpt])?")


def _is_syllable(word: str) -> bool:
    """Whether ``word`` reads as a Vietnamese syllable ("HUYỆN"), not an acronym ("UBND", "MC")."""
    base = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    return _SYLLABLE_SHAPE.fullmatch(base) is not None


def _recase_label(text: str, start: int, end: int, rules: SpeakerRules) -> str:
    """``text`` with an all-capitals speaker label written in ordinary case, so that its title and
    name are found: "CỬ TRI LÊ VĂN TÁM (thôn 3)" -> "Cử tri Lê Văn Tám (thôn 3)". Every word gets a
    capital initial, then the words of a title or honorific after its first go lower case
    ("Phó Chủ tịch", "Đồng chí"); acronyms (UBND, HĐND: no vowel) stay as written. The
    parenthesised part, and a label with lower-case letters before it, are left alone. Offsets
    do not change."""
    head_end = text.find("(", start, end)
    head_end = end if head_end < 0 else head_end
    head = text[start:head_end]
    if not any(c.isupper() for c in head) or any(c.islower() for c in head):
        return text
    new = _UPPER_RUN.sub(lambda m: m.group(0) if not _is_syllable(m.group(0)) else
                         m.group(0)[:1] + m.group(0)[1:].lower(), head)
    if len(new) != len(head):
        return text
    view = norm_view(new)
    chars = list(new)
    for pset in (rules.titles, rules.honorifics):
        for m in pset.finditer(view):
            for k, w in enumerate(_UPPER_RUN.finditer(new, m.start, m.end)):
                if k and _is_syllable(w.group(0)) and rules.org_heads.match_at(view, w.start()) is None:
                    chars[w.start():w.end()] = w.group(0).lower()
    return text[:start] + "".join(chars) + text[head_end:]


def _issuing_body(text: str, rules: SpeakerRules) -> Person | None:
    """The body that issued an official letter or report: its name heads the first line
    ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG      CỘNG HÒA XÃ HỘI ..."), written in ordinary case."""
    first = text.lstrip()[:200].split("\n", 1)[0]
    head = re.split(r"\s{2,}|\t", first.strip(), maxsplit=1)[0].strip()
    if not head or len(head) > 80 or any(c.islower() for c in head):
        return None
    recased = _recase_label(head, 0, len(head), rules)
    view = norm_view(recased)
    if rules.org_heads.match_at(view, 0) is None or "cộng hòa" in view or "cộng hoà" in view:
        return None
    at = text.find(head)
    mention = Mention(at, at + len(head), "issuing_body", role=recased)  # the header is the evidence
    return Person(None, recased, recased, None, mention)


class SpeakerTracker:
    """Resolves mentions to people and keeps the current turn across sentences."""

    def __init__(self, text: str, rules: SpeakerRules):
        self.text = text
        self.rules = rules
        self.people: list[Person] = []
        self.by_name: dict[str, Person] = {}  # normalised full name -> person (the first one named so)
        self.roster: list[dict] = []
        self.current: Person | None = None
        self.aliases: dict[str, Person] = {}
        self.author: Person | None = _issuing_body(text, rules)
        self._keyed: list[Person] = []
        self._keys: dict[int, int] = {}

    def key(self, person: Person | None) -> int | None:
        """A stable number for a person within the document, in order of first appearance (the
        person is kept referenced here, so its ``id`` is never reused while the document lasts)."""
        if person is None:
            return None
        k = self._keys.get(id(person))
        if k is None:
            k = self._keys[id(person)] = len(self._keyed)
            self._keyed.append(person)
        return k

    def known(self, name: str | None) -> Person | None:
        return self.by_name.get(norm_phrase(name)) if name else None

    def remember(self, p: Person) -> Person:
        """Add someone not known yet (by full name) to the people of the document."""
        self.people.append(p)
        if p.name:
            self.by_name.setdefault(norm_phrase(p.name), p)
        return p

    def register(self, p: Person) -> Person:
        q = self.known(p.name)
        if q is not None:
            if p.role:  # the capacity named now is the one they speak in
                q.role, q.organization, q.level = p.role, p.organization, p.level
            return q
        return self.remember(p)

    def resolve(self, m: Mention) -> Person | None:
        rules = self.rules
        if m.pronoun:
            # "Ông đề nghị ..." after a paragraph that named no one: the person named last
            return self.current or next((p for p in reversed(self.people) if p.name), None)
        if m.name and not m.short:
            role = m.role
            p = Person(m.name, role, organization_of(role, rules), m.level, m)
            if role is None:
                q = self.known(m.name)
                if q is not None:
                    return q
            return self.register(p)
        if m.name and m.short:
            for q in reversed(self.people):
                if q.name and _short_matches(m.name, q.name):
                    return q
            return Person(m.name, m.role, organization_of(m.role, rules), m.level, m)
        if m.rule == "title_only" and m.role:
            alias = self.aliases.get(norm_phrase(m.role))
            if alias is not None:
                return alias
            role_norm = norm_phrase(m.role)
            t = rules.titles.match_at(role_norm, 0)
            rest = role_norm[t.end:].strip() if t is not None else ""
            if rest and len(rest.split()) <= 2 and m.role.split()[-1][:1].isupper():
                # "Đại biểu Toàn": a title and the last name of someone already named
                for q in reversed(self.people):
                    if q.name and _short_matches(rest, q.name):
                        return q
            cur = self.current
            if cur is not None and cur.role and any(norm_phrase(part).startswith(norm_phrase(m.role))
                                                    for part in cur.role.split(",")):
                return cur  # "Đại biểu cũng mong muốn ..." of the delegate speaking, "đại biểu HĐND huyện"
            for q in reversed(self.people):
                if _role_matches(m.role, q.role, rules):
                    return q
            return Person(None, m.role, organization_of(m.role, rules), m.level, m)
        if m.rule in ("group", "group_subject", "organization") and m.role:
            return Person(None, m.role, m.role if m.rule == "organization" else organization_of(m.role, rules),
                          m.level, m)
        return None


_DASH = re.compile(r"\s*[-–—]\s*\S")
_ASKER = re.compile(r"\s*(?:PV|P\.V|Phóng viên|Hỏi)\s*[:.]", re.I)
_ANSWERER = re.compile(r"\s*(?:Trả lời|Đáp)\s*:", re.I)


def interview_paragraphs(text: str, paragraphs: list[tuple[int, int]]) -> dict[int, str]:
    """Question and answer paragraphs of an interview, by their start offset (empty when the
    document is not one): "- ...?" or "PV: ..." asks; the dashed or "Trả lời:" paragraphs after a
    question, and plain paragraphs that continue them, answer."""
    kinds = {}
    questions = 0
    for a, b in paragraphs:
        para = text[a:b].rstrip()
        dash = bool(_DASH.match(para))
        if _ASKER.match(para) or (dash and para.endswith("?")):
            kinds[a] = "question"
            questions += 1
        elif dash or _ANSWERER.match(para):
            kinds[a] = "dash"
        else:
            kinds[a] = "plain"
    if questions < 2:
        return {}
    out, state = {}, None
    for a, _ in paragraphs:
        k = kinds[a]
        if k == "question":
            state = "answer"
            out[a] = "question"
        elif state == "answer":
            out[a] = "answer"
    return out


def _paragraph_start(text: str, pos: int) -> int:
    nl = text.rfind("\n", 0, pos)
    k = nl + 1
    while k < pos and text[k] in " \t":
        k += 1
    return k


def _addressee(view: str, text: str, start: int, end: int, mentions: list[Mention], rules: SpeakerRules) -> dict | None:
    for rv in rules.request_verbs.finditer(view, start, end):
        k = rv.end
        while k < end and view[k] == " ":
            k += 1
        if view.startswith("với ", k):
            k += 4
        o = rules.org_heads.match_at(view, k, end)
        unit = rules.org_units.match_at(view, k, end)
        if o is None and unit is None:
            continue
        syls = syllables(text, view, k, end)
        r_end = role_end(syls, 0, rules) if syls else 0
        if r_end == 0:
            continue
        a_end = syls[r_end - 1].end
        return {"text": text[k:a_end], "start": k, "end": a_end}
    return None


@Language.factory("vi_speakers", assigns=["span._.speaker", "span._.addressee", "span._.analysis", "doc._.roster"],
                  requires=["doc.spans"])
def make_speakers(nlp: Language, name: str):
    return SpeakerComponent(default_rules())


class SpeakerComponent:
    def __init__(self, rules: SpeakerRules):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        text, view = doc_text(doc), doc._.view
        rules = self.rules
        tracker = SpeakerTracker(text, rules)
        headings = sorted(h.start_char for h in doc.spans["headings"])
        labels = sorted((s.start_char, s.end_char) for s in doc.spans["turn_labels"])
        items = [(s.start_char, s.end_char) for s in doc.spans["items"]]
        events = []
        for s in doc.spans["sentences"]:
            events.append((s.start_char, "sentence", s))
        for h in headings:
            events.append((h, "heading", None))
        for ls, le in labels:
            events.append((ls, "label", (ls, le)))
        events.sort(key=lambda e: (e[0], e[1] != "label"))
        in_roster_block = False
        procedural_turn = False
        interview = interview_paragraphs(text, [(p.start_char, p.end_char) for p in doc.spans["paragraphs"]])
        interviewee: Person | None = None
        last_para: int | None = None  # the paragraph of the last sentence a named person said
        pending_label: Person | None = None
        label_person: Person | None = None  # the speaker of the last turn label
        for pos, kind, obj in events:
            if kind == "heading":
                tracker.current = label_person = None
                procedural_turn = False
                head = text[pos:pos + 80].lower()
                in_roster_block = "thành phần" in head or "tham dự" in head
                continue
            if kind == "label":
                ls, le = obj
                proc = rules.procedural_labels.match_at(view, ls, le)
                if proc is not None and not view[proc.end:le].strip(" :"):
                    tracker.current = pending_label = None  # the MC's turn: procedure, no statements
                    procedural_turn = True
                    continue
                procedural_turn = False
                mentions, _ = find_mentions(_recase_label(text, ls, le, rules), view, ls, le, rules)
                line_end = text.find("\n", le)
                rest = text[le:len(text) if line_end < 0 else line_end].strip(" :\t")
                if rest and len(rest) < 90 and rest[-1] not in ".!?…\"”'»)" and not any(m.name for m in mentions):
                    # "Giám đốc Sở Y tế: Sẽ tuyển 45 bác sĩ cho tuyến xã": a news subheading, not a turn
                    tracker.current = pending_label = label_person = None
                    continue
                person = tracker.resolve(mentions[0]) if mentions else None
                if person is None and mentions:
                    person = Person(None, mentions[0].role, organization_of(mentions[0].role, rules), mentions[0].level, mentions[0])
                tracker.current = person
                pending_label = label_person = person
                in_roster_block = False
                continue
            sent: Span = obj
            s, e = sent.start_char, sent.end_char
            if procedural_turn:
                sent._.speaker = {"name": None, "role": None, "organization": None, "evidence": None}
                sent._.analysis = SpeakerAnalysis(procedural=True)
                continue
            cue = _ROSTER_CUE.search(view, s, min(e, s + 120))
            if cue and not text[cue.end():e].strip():
                in_roster_block = True  # "Thành phần tham dự:" then one attendee per item
                sent._.analysis = SpeakerAnalysis(roster=True)
                continue
            if in_roster_block and not any(a <= s < b for a, b in items):
                in_roster_block = False
            if cue or (in_roster_block and not speech_verb_positions(view, s, e, rules)):
                entries = roster_entries(text, view, s, e, rules)
                if entries:
                    alias = _ALIAS_LABEL.match(view, s)
                    if alias:
                        tracker.aliases[norm_phrase(alias.group(1))] = tracker.register(
                            Person(entries[0].name, entries[0].role, entries[0].organization, entries[0].level, entries[0].mention))
                    for p in entries:
                        tracker.roster.append({"name": p.name, "role": p.role, "organization": p.organization,
                                               "start": p.mention.start, "end": p.mention.end})
                        tracker.register(Person(p.name, p.role, p.organization, p.level, p.mention))
                    sent._.analysis = SpeakerAnalysis(roster=True)
                    continue
            mentions, syls = find_mentions(text, view, s, e, rules)
            verbs = speech_verb_positions(view, s, e, rules)
            chosen = choose_speaker(mentions, verbs, text, view, s, e)
            para = _paragraph_start(text, s)
            turn = interview.get(para) if interview else None
            if turn == "question":
                if interviewee is None:
                    interviewee = next((p for p in reversed(tracker.people) if p.name), None)
                tracker.current = None  # the journalist asks
                sent._.speaker = {"name": None, "role": None, "organization": None, "evidence": None}
                sent._.analysis = SpeakerAnalysis(interview_question=True)
                continue
            if turn == "answer" and interviewee is not None and (chosen is None or chosen.pronoun) \
                    and tracker.current is None:
                tracker.current = interviewee  # "- Thứ nhất, ...": the person interviewed answers
            if chosen is not None and label_person is not None and label_person.name \
                    and tracker.current is label_person and not chosen.pronoun and chosen.start - s > 3:
                chosen = None  # inside a labelled turn, people named mid-sentence are talked about
            answer = _ANSWER_LABEL.match(view, s, e)
            if answer is not None:
                # "Trả lời: Sở Nội vụ đang ...", "Nội dung trả lời của UBND tỉnh: ..."
                first = next((m for m in mentions if m.start < answer.end() + 3 and m.rule != "pronoun"), None)
                chosen = first or chosen or next((m for m in mentions if m.rule == "organization"), None)
            if chosen is not None and chosen.rule in ("organization", "group_subject") \
                    and tracker.current is not None and tracker.current.name is not None and answer is None \
                    and (_belongs_to(chosen.role, tracker.current) or para == last_para or turn == "answer"):
                # "Sở Tài chính tiếp thu ...", "UBND TP đã yêu cầu ...": said by the official whose turn it
                # is (their own body, or the same paragraph); a body opening a paragraph of its own speaks
                chosen = None
            if chosen is None and answer is None:
                trailing = _trailing_group(text, view, s, e, rules)
                if trailing is not None:  # "... (cử tri xã Tân Khê, xã Phù Lãng)." / "... | Cử tri phường 5 |"
                    chosen = trailing
            for m in mentions:  # everyone named in full, so that "ông Quang" later finds "Tạ Minh Quang"
                if m is not chosen and m.name and not m.short and not m.pronoun and tracker.known(m.name) is None:
                    # only remembered: someone talked about does not change the capacity of a known speaker
                    tracker.remember(Person(m.name, m.role, organization_of(m.role, rules) if m.role else None,
                                            m.level, m))
            explicit = chosen is not None and not chosen.pronoun
            person = tracker.resolve(chosen) if chosen is not None else None
            if answer is not None and chosen is None:
                # "Trả lời:" with no one named: the body that issued the document answers, never the
                # petitioner whose turn it was
                person = tracker.author
                tracker.current = person
            label_turn = pending_label is not None and chosen is None
            pending_label = None
            if chosen is not None and person is not None:
                tracker.current = person
                if not chosen.pronoun and chosen.rule != "issuing_body":
                    person.mention = chosen  # the latest naming is the evidence of the turn that follows
            elif chosen is None:
                person = tracker.current
            if person is not None:
                ev_m = chosen if chosen is not None else person.mention
                rule = (chosen.rule if chosen is not None else "continued_turn")
                sent._.speaker = {
                    "name": person.name,
                    "role": person.role,
                    "organization": person.organization,
                    "evidence": {"rule": rule, "start": ev_m.start, "end": ev_m.end, "text": text[ev_m.start:ev_m.end]},
                }
            else:
                sent._.speaker = {"name": None, "role": None, "organization": None, "evidence": None}
            last_para = para if person is not None and person.name else None
            sent._.addressee = _addressee(view, text, s, e, mentions, rules)
            sent._.analysis = SpeakerAnalysis(
                explicit=explicit or label_turn,
                pronoun=chosen is not None and chosen.pronoun,
                mention=(chosen.start, chosen.end) if chosen is not None else None,
                level=person.level if person is not None else None,
                person=tracker.key(person),
                new_turn=chosen is not None or label_turn or answer is not None,
                label_turn=person is not None and person is label_person,
                answer_label=answer is not None,
                interview_answer=turn == "answer",
            )
        doc._.roster = tracker.roster
        return doc
