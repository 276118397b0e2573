"""Passages of a document that decide whose turn a paragraph is, found before the walk over its sentences: an
interview's questions and answers, a quotation that runs over several paragraphs, the person a letter is written to."""

from __future__ import annotations

import re

from extractor.layout import after_heading_marker
from extractor.rulefiles import PhraseSet
from extractor.speakers.mentions import find_mentions
from extractor.speakers.names import Mention, Person, organization_of
from extractor.speakers.rules import SpeakerRules

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


_DIALOGUE_INTRO = 100  # characters of the introducing sentence: "Giọng chị run run:", "Ông Sử kể:", "Chị bức xúc nói với đoàn đại biểu:"


def dialogue_paragraphs(text: str, view: str, paragraphs: list[tuple[int, int]], person_words: PhraseSet) -> set[int]:
    """The starts of the dashed lines of speech after a short paragraph that introduces them with a colon ("Giọng chị
    run run:" then "— Vợ chồng em ...", "— Em mong tỉnh ..."): said by the person introduced, until a line without a
    dash. The introducing sentence speaks of a person (``person_words``, speakers.yaml ``dialogue_intro_words``);
    after "Một số kết quả cụ thể như sau:" or a long sentence the dashed lines are a list."""
    out: set[int] = set()
    opened = False
    for i, (a, b) in enumerate(paragraphs):
        para = text[a:b].strip()
        if not para:
            continue
        if _DASH.match(para) and (opened or (i > 0 and _introduces_speech(text, view, paragraphs[i - 1], person_words))):
            out.add(a)
            opened = True
        else:
            opened = False
    return out


def _introduces_speech(text: str, view: str, paragraph: tuple[int, int], person_words: PhraseSet) -> bool:
    """Whether the sentence that ends ``paragraph`` ("... quê Thanh Hóa. Giọng chị run run:") is short, ends with a
    colon and speaks of a person."""
    a, b = paragraph
    tail = text[a:b].rstrip()
    cut = max((m.end() for m in re.finditer(r"[.!?]\s", tail)), default=0)
    start, end = a + cut, a + len(tail)
    return tail.endswith(":") and end - start <= _DIALOGUE_INTRO and person_words.search(view, start, end) is not None


_QUOTE_SPAN_PARAGRAPHS = 15  # a quotation left open is looked for its close this many paragraphs on


def _continued_quotes(text: str, paragraphs: list[tuple[int, int]]) -> set[int]:
    """The starts of the paragraphs that continue a quotation opened in an earlier paragraph (“ left open at its end)
    and closed in them or a later one: ``phát biểu: “... Thứ nhất, ... Thứ hai, ... Tôi xin tiếp thu ...”``. A
    quotation never closed is not one (a stray mark). Curly and angle quotes only."""
    def balance(piece: str) -> int:
        return sum(piece.count(c) for c in "“«") - sum(piece.count(c) for c in "”»")

    out: set[int] = set()
    i = 0
    while i < len(paragraphs):
        s, e = paragraphs[i]
        i += 1
        if balance(text[s:e]) <= 0:
            continue
        inside: list[int] = []
        for j in range(i, min(len(paragraphs), i + _QUOTE_SPAN_PARAGRAPHS)):
            ps, pe = paragraphs[j]
            piece = text[ps:pe].lstrip()
            inside.append(ps)
            # a paragraph may open the quotation again ("“Thứ hai, ...": the convention of opening each paragraph)
            if balance(piece[1:] if piece[:1] in "“«" else piece) < 0:
                out.update(inside)
                i = j + 1
                break
    return out


_LETTER_HEAD = 2500  # a letter's salutation is within its first characters


def _letter_addressee(text: str, view: str, rules: SpeakerRules) -> tuple[Person, str] | None:
    """The person a letter is written to, with the honorific it calls them by ("ông", "bà"), or None when the
    salutation ("Kính gửi: Ông Nguyễn Đình Khải") names a body or there is none."""
    for sal in rules.letter_salutations.finditer(view, 0, min(len(view), _LETTER_HEAD)):
        if sal.start and text[sal.start - 1] not in "\n\t ":
            continue
        k = sal.end
        while k < len(text) and text[k] in " :\t\n-":
            k += 1
        line_end = text.find("\n", k)
        line_end = len(text) if line_end < 0 else line_end
        honorific = rules.honorifics.match_at(view, k, line_end)
        if honorific is None or honorific.phrase not in ("ông", "bà"):
            return None
        mentions, _ = find_mentions(text, view, k, line_end, rules)
        m = next((m for m in mentions if m.name and not m.short and m.start == k), None)
        if m is None:
            return None
        return Person(m.name, m.role, organization_of(m.role, rules) if m.role else None, 0, m), honorific.phrase
    return None


_TRAILING_PAREN = re.compile(r"\(\s*([^()]{2,120}?)\s*\)[\s.;]*$")
_CELL = re.compile(r"\|\s*([^|]{2,120}?)\s*(?=\||$)")


def _trailing_group(text: str, view: str, start: int, end: int, rules: SpeakerRules) -> Mention | None:
    """Voters named at the end of their item, as summary reports write them: "... (cử tri xã A,
    xã B)." or a table row's cell "| Cử tri phường 5 |" after the content ("1. Đề nghị ... | Cử tri xã A |
    Sở Y tế"). The whole line is searched, so a row's first sentence finds the cell after it too."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    # at the end of the sentence ("... (cử tri các huyện A, B). Về nội dung này, Sở X cho biết ..."), or of the line
    m = _TRAILING_PAREN.search(view, start, end) or _TRAILING_PAREN.search(view, start, line_end)
    spans = ([m.span(1)] if m is not None else []) + [c.span(1) for c in _CELL.finditer(view, start, line_end)]
    a, b = next(((a, b) for a, b in spans if rules.voter_words.match_at(view, a, b) is not None), (None, None))
    if a is None:
        return _person_cell(text, view, end, line_end, rules)
    role = text[a:b].strip()
    role = role[:1].upper() + role[1:]
    return Mention(a, b, "group", role=role, level=0)


def _person_cell(text: str, view: str, end: int, line_end: int, rules: SpeakerRules) -> Mention | None:
    """A table row's cell after the content that names one person ("| Ông Phan Văn Lợi, cử tri tổ dân phố 11 |"):
    that person asks."""
    c = next(_CELL.finditer(view, end, line_end), None)  # only the first cell after the content
    mentions = find_mentions(text, view, c.start(1), c.end(1), rules)[0] if c is not None else []
    m = mentions[0] if mentions else None
    return m if m is not None and m.name and not m.short and not m.pronoun and m.start == c.start(1) else None



def heading_speaker(text: str, view: str, rules: SpeakerRules, tracker, pos: int, end: int) -> Person | None:
    """The group or person a section heading names after "Kiến nghị của", "Ý kiến của" ..., or None."""
    start = after_heading_marker(view, pos, end)
    opener = rules.section_heading_openers.match_at(view, start, end)
    if opener is None:
        return _asker_heading(text, view, rules, tracker, start, end) or _voters_heading(text, view, rules, start, end)
    k = opener.end + 1
    if k >= end:
        return None
    recased = text[:k] + text[k].upper() + text[k + 1:]  # "cử tri tỉnh X" starts the heading's subject
    mentions, _ = find_mentions(recased, view, k, end, rules)
    if not mentions or mentions[0].start != k:
        return None
    m = mentions[0]
    person = tracker.resolve(m)
    return person if person is not None else Person(None, m.role, organization_of(m.role, rules), m.level, m)


def _voters_heading(text: str, view: str, rules: SpeakerRules, k: int, end: int) -> Person | None:
    """A section heading that is only voters ("1. Cử tri huyện Tuy Đức"): they raise what follows, or None."""
    if rules.voter_words.match_at(view, k, end) is None:
        return None
    mentions, _ = find_mentions(text, view, k, end, rules)
    if len(mentions) != 1 or mentions[0].start != k or text[mentions[0].end:end].strip(" .:;") \
            or mentions[0].rule not in ("group", "title", "title_only") or mentions[0].name:
        return None
    m = mentions[0]
    return Person(None, m.role, organization_of(m.role, rules), m.level, m)


_QUESTION_NUMBER = re.compile(r"\s*(?:số\s*)?\d+\s*[.:)]?\s*\(")


def _asker_heading(text: str, view: str, rules: SpeakerRules, tracker, k: int, end: int) -> Person | None:
    """"Câu 1. (Đại biểu H'Liên Byă, Tổ đại biểu huyện Krông Bông)": the named person in the parentheses, or None."""
    head = rules.question_heading_heads.match_at(view, k, end)
    number = _QUESTION_NUMBER.match(view, head.end, end) if head is not None else None
    close = text.rfind(")", 0, end)
    if number is None or close < number.end() or text[close + 1:end].strip(" .:"):
        return None
    named = [m for m in find_mentions(text, view, number.end(), close, rules)[0] if m.name]
    if not named:
        return None
    person = tracker.resolve(named[0])
    m = named[0]
    return person if person is not None else Person(m.name, m.role, organization_of(m.role, rules) if m.role else None,
                                                    m.level, m)
