"""A role written in apposition to a name: ", Trưởng phòng Nội vụ", " (Chủ tịch UBND xã D)", ", Phó Trưởng Đoàn
chuyên trách Đoàn ĐBQH tỉnh, đề nghị": attached to the mention of the person it describes."""

from __future__ import annotations

from extractor.normalise import norm_phrase
from extractor.speakers.names import _PLAIN_HONORIFICS, _ROLE_STOP_WORDS, Mention, Syl, _level_of, role_end
from extractor.speakers.rules import SpeakerRules


_APPOSITION_STOP = {".", ";", ":", "(", ")", "“", "”", '"', "!", "?"}


def _comma_closed(syls: list[Syl], r_end: int, rules: SpeakerRules) -> int:
    """A role in apposition runs to the comma that closes it (", Phó Trưởng Đoàn chuyên trách Đoàn ĐBQH tỉnh, đề
    nghị"): when the words after where the role was read to reach a comma within a few syllables, with no verb of
    saying or line break among them, they are the role's too; otherwise ``r_end``."""
    j = r_end
    while j < len(syls) and j - r_end <= 12 and syls[j].text not in _APPOSITION_STOP and syls[j].text != ",":
        if syls[j].norm in _ROLE_STOP_WORDS or (j > 0 and syls[j - 1].gap_newline) or \
                rules.speech_verbs.match_at(" ".join(x.norm for x in syls[j:j + 3]), 0) is not None:
            return r_end
        j += 1
    # (or to the colon or the end of a turn label: "Ông Lê Minh Đức - Giám đốc Sở Giao thông vận tải:")
    return j if j > r_end and (j == len(syls) or syls[j].text in (",", ":")) else r_end


def _past_descriptions(syls: list[Syl], k: int) -> int:
    """Past what an apposition says of the person before their capacity: the age ("Ông Vàng Seo Phử, 62 tuổi,
    Bí thư chi bộ thôn Lùng Chún") and the people they belong to ("Ông Giàng A Sinh, người Mông, nông dân bản Pá
    Khoang", "Chị Lường Thị Xuân, dân tộc Thái, nhân viên y tế bản"), each closed by a comma."""
    while k + 3 < len(syls) and syls[k].text == ",":
        if syls[k + 1].text.isdigit() and syls[k + 2].norm == "tuổi" and syls[k + 3].text == ",":
            k += 3
            continue
        if syls[k + 1].norm == "người":
            j = k + 2
        elif syls[k + 1].norm == "dân" and syls[k + 2].norm == "tộc":
            j = k + 3
        else:
            return k
        if j >= len(syls) or not syls[j].cap:
            return k
        while j < len(syls) and j - k <= 5 and syls[j].cap:
            j += 1
        if j >= len(syls) or syls[j].text != ",":
            return k
        k = j
    return k


def _apposition(m: Mention, syls: list[Syl], k: int, text: str, rules: SpeakerRules) -> None:
    """Attach a role written after a name: ", Trưởng phòng Nội vụ" or " (Chủ tịch UBND xã D)"."""
    if k >= len(syls):
        return
    k = _past_descriptions(syls, k)
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
                called = _capacity_called(m, text)
                if called:  # "Bạn đọc Nguyễn Thị Lan (TP Hải Dương)": a reader, of that place
                    m.role, m.role_span = f"{called} ({m.place})", (m.start, syls[close].end)
            if close + 1 < len(syls) and syls[close + 1].text == ",":
                # "Anh Sùng A Páo (dân tộc Mông), công nhân Công ty X, đề nghị ...": the capacity after it
                _comma_apposition(m, syls, close + 1, text, rules)
        m.end = max(m.end, syls[close].end)
        return
    if syls[k].text in (",", "–", "-", "—") and k + 1 < len(syls):  # ", Trưởng phòng" / " – Giám đốc Sở"
        _comma_apposition(m, syls, k, text, rules)


def _capacity_called(m: Mention, text: str) -> str | None:
    """The honorific a person is called by when it is a capacity ("Bạn đọc", "Thính giả", "Luật sư"), not a plain
    "ông" / "bà": the text before the name, or None."""
    if m.rule != "honorific_name" or not m.name:
        return None
    at = text.find(m.name, m.start)
    called = text[m.start:at].strip() if at > m.start else ""
    return called if called and norm_phrase(called) not in _PLAIN_HONORIFICS else None


def _comma_apposition(m: Mention, syls: list[Syl], k: int, text: str, rules: SpeakerRules) -> None:
    """The role after ``syls[k]``, a comma or a dash, when a title starts it, up to the closing comma."""
    if k + 1 < len(syls):
        window = " ".join(s.norm for s in syls[k + 1:k + 7])
        t = rules.titles.match_at(window, 0)
        if t is not None:
            r_end = _comma_closed(syls, role_end(syls, k + 1, rules), rules)
            if _owned(m, syls) and not (r_end < len(syls) and syls[r_end].text in (",", ";", ".")):
                # (closed by a comma or a semicolon it is the apposition: "có sự tham dự của ông X, Phó Chủ tịch
                # UBND phường; Thiếu tá Y, ...")
                return  # "Về ý kiến của đại biểu X, Bộ trưởng tiếp thu ...": the title starts the main clause
            if r_end > k + 1:
                level = _level_of(" ".join(s.norm for s in syls[k + 1:r_end]), rules, norm_phrase(t.phrase))
                r_end, level = _concurrent_titles(syls, r_end, rules, level)
                m.role = text[syls[k + 1].start:syls[r_end - 1].end]
                m.role_span = (syls[k + 1].start, syls[r_end - 1].end)
                m.level = level
                m.end = syls[r_end - 1].end


def _concurrent_titles(syls: list[Syl], r_end: int, rules: SpeakerRules, level: int | None) -> tuple[int, int | None]:
    """The end of a role that goes on with the other posts the person holds ("Phó Bí thư Đảng ủy, Chủ tịch UBND
    xã"), each after a comma and starting with a title, and the highest level among them."""
    for _ in range(2):
        if not (r_end + 1 < len(syls) and syls[r_end].text == ","):
            break
        t = rules.titles.match_at(" ".join(s.norm for s in syls[r_end + 1:r_end + 7]), 0)
        nxt = _comma_closed(syls, role_end(syls, r_end + 1, rules), rules) if t is not None else r_end + 1
        if t is None or nxt <= r_end + 1 or rules.title_level.get(norm_phrase(t.phrase)) == 0:
            break
        more = _level_of(" ".join(s.norm for s in syls[r_end + 1:nxt]), rules, norm_phrase(t.phrase))
        level = more if level is None else (level if more is None else max(level, more))
        r_end = nxt
    return r_end, level


def _owned(m: Mention, syls: list[Syl]) -> bool:
    """Whether the person named is the object of "của" ("ý kiến của (đại biểu) X"): a phrase about them, not the
    sentence's subject."""
    i = next((j for j, s in enumerate(syls) if s.start >= m.start), 0)
    return any(s.norm == "của" for s in syls[max(0, i - 3):i])


def place_apposition(m: Mention, syls: list[Syl], k: int, text: str, rules: SpeakerRules) -> None:
    """A voter's place written after the name ("Cử tri Đỗ Thị Lan, tổ dân phố 7 (phường cũ Lạc Viên) phản ánh:"):
    the role is the title and the place, as for a place in parentheses ("Cử tri tổ dân phố 7 (phường cũ Lạc
    Viên)"), when the place starts with a word of ``delegation_place_heads`` and is closed by a comma, a colon or
    a verb of saying."""
    if k + 1 >= len(syls) or syls[k].text != "," or m.role is None:
        return
    if rules.place_heads.match_at(" ".join(s.norm for s in syls[k + 1:k + 4]), 0) is None:
        return
    j, depth = k + 1, 0
    while j < len(syls) and j - k <= 16:
        t = syls[j].text
        depth += (t == "(") - (t == ")")
        if depth == 0 and t == "," and rules.place_heads.match_at(" ".join(x.norm for x in syls[j + 1:j + 4]), 0):
            j += 1  # "bản Nà Phát, xã Mường Khoa": the place goes on
            continue
        if depth == 0 and (t in (",", ":", ";", ".") or rules.speech_verbs.match_at(
                " ".join(x.norm for x in syls[j:j + 3]), 0) is not None):
            break
        if depth < 0 or t in ("“", "”", '"') or (j > k + 1 and syls[j - 1].gap_newline):
            return
        j += 1
    if j == len(syls) or j - k > 16 or depth:
        return
    place = text[syls[k + 1].start:syls[j - 1].end]
    m.role, m.place = f"{m.role} {place}", place
    m.role_span = (m.role_span[0], syls[j - 1].end) if m.role_span else (syls[k + 1].start, syls[j - 1].end)
    m.end = syls[j - 1].end
    if syls[j].text == ",":  # "..., bản Nà Phát, Bí thư chi bộ, kiến nghị": the capacity after the place
        _comma_apposition(m, syls, j, text, rules)
