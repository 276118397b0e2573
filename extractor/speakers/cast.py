"""The people of a document: the roster, resolution of short names and titles, the current turn."""

from __future__ import annotations

import re
import unicodedata


from extractor.normalise import norm_phrase, norm_view
from extractor.speakers.rules import SpeakerRules
from extractor.speakers.names import _PERSON_PRONOUNS, Mention, Person, _level_of, organization_of
from extractor.speakers.mentions import find_mentions

_ONE_PERSON = _PERSON_PRONOUNS | {"tôi"}  # pronouns that stand for one person, never a group or a body


# --------------------------------------------------------------------------- roster


_ROSTER_CUE = re.compile(r"(tham dự|thành phần|cùng dự|có mặt|chủ trì|đồng chủ trì|chủ tọa|chủ toạ|thư ký|"
                         r"người ghi biên bản)[^:]{0,60}:|các đồng chí\s*:", re.I)
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
        rest = text[name_end:pe].strip(" ,.;:()–—-\n\t")  # "Đ/c Lê Đình Thắng - Chủ tịch HĐND huyện."
        role = rest or first.role
        out.append(Person(first.name, role, organization_of(role, rules), _level_of(view[ps:pe], rules, None), first))
    return out


# --------------------------------------------------------------------------- the component


def _short_matches(short: str, full: str, prefixes: frozenset = frozenset()) -> bool:
    """Whether a short name is how the full one is called: its last syllables ("Tâm" for "Nguyễn Thị Minh
    Tâm"), or the given name after a prefix of a minority name ("Khuê" for "Y Khuê Byă")."""
    s, f = norm_phrase(short).split(), norm_phrase(full).split()
    if len(s) <= len(f) and f[-len(s):] == s:
        return True
    minority = f[0] in prefixes or (len(f[0]) > 2 and f[0][1] in "'’" and f[0][0] in prefixes)  # "Y Blim Niê", "H'Nga Byă"
    return minority and len(f) > len(s) and (f[:len(s)] == s or f[1:1 + len(s)] == s)


def _initials(words: list[str]) -> str:
    """"Thông tin và Truyền thông" -> "tttt" (the initials of the words but "và"), "TT&TT" -> "tttt" (its letters)."""
    if len(words) == 1:
        return "".join(c for c in words[0] if c.isalpha())
    return "".join(w[0] for w in words if w != "và" and w[:1].isalpha())


def same_body(a: str | None, b: str | None) -> bool:
    """Whether two names are one body: the same words, or one the short form of the other with the same head
    ("Bộ TT&TT" and "Bộ Thông tin và Truyền thông", "Sở GD&ĐT" and "Sở Giáo dục và Đào tạo")."""
    if not a or not b:
        return False
    x, y = norm_phrase(a).split(), norm_phrase(b).split()
    if x == y:
        return True
    if len(x) < 2 or len(y) < 2 or x[0] != y[0] or (len(x) > 2 and len(y) > 2):
        return False
    short, full = (x, y) if len(x) < len(y) else (y, x)
    return len(short) == 2 and len(full) > 2 and _initials(short[1:]) == _initials(full[1:])


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


_SYLLABLE_SHAPE = re.compile(r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|kr|bl|br|dr|pl|kl|hr|gl|[bcdđghklmnprstvx])?[aeiouy]{1,3}"
                             r"(?:ng|nh|ch|[cmnptk])?")


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
    ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG      CỘNG HÒA XÃ HỘI ...", "ỦY BAN NHÂN DÂN" then "TỈNH BÌNH ĐỊNH"),
    written in ordinary case ("Bộ Thông tin và Truyền thông", "Ủy ban nhân dân tỉnh Bình Định")."""
    lines = text.lstrip()[:300].split("\n")
    head = re.split(r"\s{2,}|\t", lines[0].strip(), maxsplit=1)[0].strip()
    if not head or len(head) > 80 or any(c.islower() for c in head):
        return None
    view = norm_view(head)
    if rules.org_heads.match_at(view, 0) is None or "cộng hòa" in view or "cộng hoà" in view:
        return None
    at = text.find(head)
    end = at + len(head)
    nxt = 1
    if len(lines) > 1:  # "TỈNH BÌNH ĐỊNH" on the next line belongs to the name
        second = re.split(r"\s{2,}|\t", lines[1].strip(), maxsplit=1)[0].strip()
        if second and not any(c.islower() for c in second) and norm_view(second).split()[0] in rules.unit_words:
            head, end = f"{head} {second}", text.find(second, end) + len(second)
            nxt = 2
    if len(lines) > nxt:  # "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ" then "SỞ Y TẾ": the department under the province writes
        sub = re.split(r"\s{2,}|\t", lines[nxt].strip(), maxsplit=1)[0].strip()
        sub_view = norm_view(sub)
        if sub and len(sub) <= 80 and not any(c.islower() for c in sub) and rules.sub_bodies.match_at(sub_view, 0):
            head = sub
            at = text.find(sub, end)
            end = at + len(sub)
    role = _SHORT_FORMS.sub(lambda m: "UBND" if m.group("committee") else "HĐND", _org_case(head, rules))
    level = _level_of(norm_phrase(role), rules, None)  # "UBND huyện X": a body of the district
    mention = Mention(at, end, "issuing_body", role=role, level=level)  # the header is the evidence
    return Person(None, role, role, level, mention)


_NOT_UNITS = frozenset({"xã hội"})  # "Thương binh và Xã hội": society, not a commune
# the short forms a committee and a council write themselves by in the text of their letters ("UBND tỉnh đã ...")
_SHORT_FORMS = re.compile(r"^(?:(?P<committee>Ủy ban nhân dân|Uỷ ban nhân dân)|Hội đồng nhân dân)(?= )")


def _org_case(name: str, rules: SpeakerRules) -> str:
    """An organisation's name written in capitals, in ordinary case: the head word and the first word of each
    part of the name capitalised ("Bộ Lao động - Thương binh và Xã hội"), a unit word in lower case and the
    place after it capitalised ("Ủy ban nhân dân tỉnh Bình Định"); acronyms (UBND, HĐND) as written."""
    words = name.split()
    head = rules.org_heads.match_at(norm_view(name), 0)
    n_head = len(head.phrase.split()) if head is not None else 1
    official = (rules.org_names or {}).get(norm_phrase(head.phrase)) if head is not None else None
    official = official.split() if official is not None and len(official.split()) == n_head else None
    out, start_part, in_place, skip = [], True, False, 0
    for k, w in enumerate(words):
        norm = norm_view(w)
        if official is not None and k < n_head:  # "BỘ THÔNG TIN VÀ TRUYỀN THÔNG": the official name as written
            out.append(official[k])
            start_part = False
            continue
        if skip:
            out.append(w.lower())
            skip -= 1
            continue
        if not _is_syllable(w) or not w.isalpha():
            out.append(w)
            start_part = w in ("-", "–", "&")
            continue
        low = w.lower()
        if k < n_head:
            out.append(w[:1] + low[1:] if k == 0 else low)
            start_part = k == n_head - 1
            continue
        pair = f"{norm} {norm_view(words[k + 1])}" if k + 1 < len(words) else ""
        if pair in rules.unit_words or (norm in rules.unit_words and pair not in _NOT_UNITS):
            out.append(low)
            in_place, skip = True, int(pair in rules.unit_words)
            continue
        if norm == "và":
            out.append(low)
            start_part = True
            continue
        out.append(w[:1] + low[1:] if (start_part or in_place) else low)
        start_part = False
    return " ".join(out)


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
        self.bodies: list[Person] = []  # groups and bodies named in the current paragraph, spoken or not
        self.voters: list[tuple[Person, str]] = []  # voters named in this paragraph ("Cử tri Đỗ Thị Lan, ...")
        self.bodies_by_name: dict[str, Person] = {}  # normalised name of a body that spoke -> the body
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

    def _introduced_as(self, p: Person) -> str:
        """The title written before a person's name where they were introduced ("" when none)."""
        m = p.mention
        if m is not None and m.rule == "title_only":  # named by the title alone since ("Đại biểu đề nghị ...")
            return norm_phrase(self.text[m.start:m.end])
        if m is None or m.rule != "title_org_name" or not p.name:
            return ""
        at = self.text.find(p.name, m.start, m.end)
        return norm_phrase(self.text[m.start:at]) if at > m.start else ""

    def is_author(self, role: str | None) -> bool:
        """Whether ``role`` names the body that issued the document: the same body, or its head and unit alone
        ("UBND huyện" in the letter of "UBND huyện Cư M'gar")."""
        author = self.author.role if self.author is not None else None
        if not role or not author:
            return False
        if same_body(author, role):
            return True
        r, a = norm_phrase(role).split(), norm_phrase(author).split()
        return len(r) == 2 and r[1] in self.rules.unit_words and a[:2] == r and len(a) > 2

    def start_paragraph(self) -> None:
        """A new paragraph: the voters named in the one before are no longer who a bare "Cử tri" names."""
        self.voters = []

    def note_bodies(self, mentions: list[Mention], new_paragraph: bool) -> None:
        """Remember the groups and bodies named in full in a sentence ("Cử tri huyện Cư Kuin", "Bộ Công an"), for
        a bare "Cử tri" or "Bộ" later in the same paragraph."""
        if new_paragraph:
            self.bodies = []
        for m in mentions:
            intro = self._voter_title(m) if m.name else None
            if intro:
                # "Cử tri Đỗ Thị Lan, tổ dân phố 7, phản ánh: ... Cử tri đề nghị ...": the voter just named
                self.voters.append((self.known(m.name), intro))
            if m.name or not m.role:
                continue
            words = len(m.role.split())
            if m.rule == "organization" and words > 1:  # "Bộ Công an", not a bare "Bộ"
                # the same Person as the body's own naming resolves to, so that "Bộ" later is the same speaker
                key = norm_phrase(m.role)
                known = self.bodies_by_name.get(key) or (self.author if self.is_author(m.role) else None)
                if known is None:
                    known = self.bodies_by_name[key] = Person(None, m.role, m.role, m.level, m)
                self.bodies.append(known)
            elif m.rule in ("group", "group_subject") and words > 2:  # "Cử tri huyện Cư Kuin", not "Cử tri"
                self.bodies.append(Person(None, m.role, organization_of(m.role, self.rules), m.level, m))

    def _voter_title(self, m: Mention) -> str | None:
        """The title of level 0 a person was named after ("Cử tri Đỗ Thị Lan" -> "cử tri"), whom a bare "Cử tri"
        later in the paragraph goes on naming; or None."""
        if m.rule != "title_org_name" or self.known(m.name) is None:
            return None
        t = self.rules.titles.match_at(norm_phrase(self.text[m.start:m.end]), 0)
        title = norm_phrase(t.phrase) if t is not None else None
        return title if title is not None and self.rules.title_level.get(title) == 0 else None

    def _resolve_title(self, m: Mention) -> Person:
        """Who a bare title names ("Đại biểu đề nghị ...", "Chủ tọa:", "Giám đốc Sở cho biết ..."): the person the
        title was given to (an alias, the speaker, someone introduced in it), or a new person of that title."""
        rules = self.rules
        alias = self.aliases.get(norm_phrase(m.role))
        if alias is not None:
            return alias
        role_norm = norm_phrase(m.role)
        t = rules.titles.match_at(role_norm, 0)
        rest = role_norm[t.end:].strip() if t is not None else ""
        if rest and len(rest.split()) <= 2 and m.role.split()[-1][:1].isupper():
            # "Đại biểu Toàn": a title and the last name of someone already named
            for q in reversed(self.people):
                if q.name and _short_matches(rest, q.name, rules.given_name_prefixes):
                    return q
        cur = self.current
        if cur is not None and cur.role and any(norm_phrase(part).startswith(norm_phrase(m.role))
                                                for part in cur.role.split(",")):
            return cur  # "Đại biểu cũng mong muốn ..." of the delegate speaking, "đại biểu HĐND huyện"
        deputy = role_norm in rules.deputy_titles  # "Đại biểu" for someone named "ĐB X" ("ĐB" is "Đại biểu")
        if deputy and cur is not None and cur.name and "đại biểu" in norm_phrase(cur.role or ""):
            return cur  # "Tổ trưởng Tổ đại biểu X tiếp thu ... Đại biểu đề nghị ...": the deputy speaking
        for q in reversed(self.people):
            if _role_matches(m.role, q.role, rules):
                return q
        for q in reversed(self.people):  # "Chủ trì thống nhất ..." of "Ông X, chủ trì hội nghị, ..."
            if q.name and q.role and any(norm_phrase(part).startswith(role_norm)
                                         for part in re.split(r",|\s[–-]\s", q.role)):
                return q
        # "Đại biểu Huỳnh Thanh Phong (Tổ đại biểu quận Ninh Kiều) chất vấn ... Đại biểu đề nghị ...": the
        # person last introduced with that title, whose role is now the delegation
        for q in ([cur] if cur is not None else []) + list(reversed(self.people)):
            intro = self._introduced_as(q) if q.name else ""
            if intro and (intro.startswith(role_norm) or (deputy and intro in rules.deputy_titles)):
                return q
        return Person(None, m.role, organization_of(m.role, rules), m.level, m)

    def resolve(self, m: Mention) -> Person | None:
        rules = self.rules
        if m.pronoun:
            # "Ông đề nghị ..." after a paragraph that named no one: the person named last; "ông", "bà", "tôi" is
            # a person, never the group or body whose turn it was ("ĐB X hỏi: Nhiều cử tri phản ánh ... Tôi đề nghị")
            cur = self.current
            if cur is not None and cur.name is None and norm_phrase(self.text[m.start:m.end]) in _ONE_PERSON:
                cur = None
            return cur or next((p for p in reversed(self.people) if p.name), None)
        if m.name and not m.short and self.known(m.name) is None:
            words = norm_phrase(m.name).split()
            if len(words) == 2 and words[0] not in rules.surnames:
                # "đại biểu Chanh Thu" for "Sơn Thị Chanh Thu" named before: no surname, so the called name
                q = next((q for q in reversed(self.people) if q.name and len(q.name.split()) > 2
                          and _short_matches(m.name, q.name, rules.given_name_prefixes)), None)
                if q is not None:
                    return q
        if m.name and not m.short and m.rule == "honorific_name" and m.role:
            q = self.known(m.name)
            h = rules.honorifics.match_at(norm_phrase(m.role), 0)
            if q is not None and q.role and h is not None and h.end == len(norm_phrase(m.role)):
                return q  # "Thiếu tá Đỗ Văn Hưng cho biết" of "Thiếu tá Đỗ Văn Hưng, Phó Trưởng Công an phường": a rank
        if m.name and not m.short:
            role = m.role
            p = Person(m.name, role, organization_of(role, rules), m.level, m)
            if role is None:
                q = self.known(m.name) or next(
                    (q for q in reversed(self.people) if q.name and len(q.name) > len(m.name)
                     and _short_matches(m.name, q.name, rules.given_name_prefixes)), None)
                if q is not None:  # the same person, or "ông Y Blim" for "Y Blim Niê" named before
                    return q
            return self.register(p)
        if m.name and m.short:
            for q in reversed(self.people):
                if q.name and _short_matches(m.name, q.name, rules.given_name_prefixes):
                    return q
            p = Person(m.name, m.role, organization_of(m.role, rules), m.level, m)
            # a given name introduced with its capacity ("Bạn nghe đài Lan ở xã X kể ...", then "Chị Lan kiến nghị")
            return self.register(p) if m.role else p
        if m.rule == "title_only" and m.role:
            return self._resolve_title(m)
        cur = self.current
        if m.rule in ("group", "organization") and m.role and len(norm_phrase(m.role).split()) <= 2:
            # "Cử tri huyện Cư Kuin lo ngại ... Cử tri đề nghị ...", "Bộ Công an thông tin ... Bộ khẳng định ...":
            # the group or body just named in the paragraph, or the one whose turn it is
            bare = norm_phrase(m.role)
            for q in list(reversed(self.bodies)) + ([cur] if cur is not None else []):
                if q.name is None and q.role and norm_phrase(q.role).startswith(bare + " "):
                    return q
            for q, title in reversed(self.voters):  # a voter named in the paragraph with that title
                if title == bare:
                    return q
        if m.rule in ("organization", "place_subject") and m.role:
            # the same body named again is the same speaker (its turn goes on): the issuing body of a letter too
            key = norm_phrase(m.role)
            known = self.bodies_by_name.get(key)
            if known is None and self.is_author(m.role):
                known = self.author  # "Bộ TT&TT" in the letter of "Bộ Thông tin và Truyền thông"
            if known is None:
                known = self.bodies_by_name[key] = Person(None, m.role, m.role, m.level, m)
            return known
        if m.rule in ("group", "group_subject") and m.role:
            return Person(None, m.role, organization_of(m.role, rules), m.level, m)
        return None


def asks_by_capacity(person: Person | None, rules: SpeakerRules, named_as: str = "") -> bool:
    """A deputy ("Đại biểu X (Tổ đại biểu huyện Y)") or voters speak to ask; the one who answers them is someone else.
    ``named_as``: how the person was named ("Cử tri Bùi Thị Hạnh (giáo viên ...)": a voter whatever the capacity)."""
    if person is None:
        return False
    if person.level == 0:
        return True  # a village head, a worker, a retired official: people of the place, who ask
    if person.name and person.level is None and _address_only(person.role, rules):
        return True  # a citizen named with an address ("bà Trần Thị Lan (phường Hưng Dũng, thành phố Vinh)"): a petitioner
    role = norm_phrase(" ".join(filter(None, (person.role, named_as))))
    return any(w in role for w in rules.asker_words) or any(role.startswith(t) for t in rules.deputy_titles)


def _address_only(role: str | None, rules: SpeakerRules) -> bool:
    """A role that is only where someone lives ("xã Diễn Kỷ, huyện Diễn Châu", "trú tại thôn Phú Sa")."""
    words = norm_phrase(role or "").split()
    if words[:2] == ["trú", "tại"]:
        return True
    return bool(words) and (words[0] in rules.unit_words or " ".join(words[:2]) in rules.unit_words)
