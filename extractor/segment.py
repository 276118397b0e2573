"""Segment: paragraphs, headings, list items, speaker-turn labels and sentences.

Works on the canonical text only and returns character spans; it never changes the
text. For every sentence ``text[start:end]`` is the sentence (no surrounding spaces).
Layout rules (heading length, list markers, turn-label words, glued-heading openers)
come from ``resources/segment.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractor.align import AlignmentError, align_pieces
from extractor.normalise import norm_view
from extractor.pages import open_line_end, page_lines, wrap_width
from extractor.quotes import _CLOSE_QUOTES, _fix_quotes, _strip
from extractor.rulefiles import PhraseSet, compile_regex, load_yaml, require, string_list

_TERMINAL = ".!?…"
_BULLETS = "-–—•+*▪●◦"
_LINE = re.compile(r"[^\r\n]+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class SegmentRules:
    heading_max_chars: int
    heading_max_words: int
    heading_final: str
    openers: tuple[str, ...]
    item_marker: re.Pattern
    turn_heads: PhraseSet
    turn_forbidden: PhraseSet
    turn_max_words: int
    max_unit_chars: int
    numbered_openers: PhraseSet
    numbered_max_words: int
    name_introducers: frozenset
    page_break: re.Pattern
    opener_words: frozenset = frozenset()  # compounds an opener starts that are no opener ("Giao thông")
    label_openers: PhraseSet = PhraseSet([], name="heading label_openers")  # "Trả lời:": a label, never a heading
    table_header_max_words: int = 4  # a row of cells ("a | b | c") is a heading only when its first cell is this short
    # "Câu hỏi 1 (Đại biểu X, Tổ đại biểu huyện Y):", "Hỏi (ĐB X):": a question's label, its asker in parentheses
    question_heads: PhraseSet = PhraseSet([], name="turn_label_question_heads")
    # "Hỏi: đại biểu X (Tổ đại biểu số 2)", "Trả lời: ông Y, Chủ tịch UBND xã" on a line of their own: the person after
    # the colon takes the turn
    line_heads: frozenset = frozenset()
    # "Ý kiến của ông X (thôn Y):", "Giải trình của bà Z, Trưởng phòng ...:": the label is the person after "của"
    of_heads: PhraseSet = PhraseSet([], name="turn_label_of_heads")
    name_line_heads: frozenset = frozenset()  # "Người phản ánh: Trần Thị Mỹ Hạnh (...)": a bare name after the head
    # a headline that names who asks, with its verb of asking: a sentence (segment.yaml ``headline``)
    headline_verbs: PhraseSet = PhraseSet([], name="headline request_verbs")
    headline_max_before: int = 8
    headline_not_before: tuple[str, ...] = ()
    headline_not_after: tuple[str, ...] = ()
    open_line_ends: frozenset = frozenset()  # "của", "Bộ": a line ending on one goes on in the next (pages.open_line_end)

    @classmethod
    def from_yaml(cls, name: str = "segment.yaml") -> "SegmentRules":
        data = load_yaml(name)
        h = require(data, "heading", dict, f"{name}: heading")
        return cls(
            heading_max_chars=int(require(h, "max_chars", int, f"{name}: heading")),
            heading_max_words=int(require(h, "max_words", int, f"{name}: heading")),
            heading_final=str(require(h, "final_punctuation", str, f"{name}: heading")),
            label_openers=PhraseSet(string_list(h, "label_openers", f"{name}: heading"), name=f"{name}: heading label_openers"),
            table_header_max_words=int(require(h, "table_header_max_words", int, f"{name}: heading")),
            openers=tuple(string_list(data, "glued_heading_openers", name)),
            opener_words=frozenset(norm_view(w) for w in string_list(data, "glued_heading_not_openers", name)),
            item_marker=compile_regex(require(data, "item_marker", str, name), f"{name}: item_marker"),
            turn_heads=PhraseSet(string_list(data, "turn_label_heads", name), name=f"{name}: turn_label_heads"),
            turn_forbidden=PhraseSet(string_list(data, "turn_label_forbidden", name), name=f"{name}: turn_label_forbidden"),
            question_heads=PhraseSet(string_list(data, "turn_label_question_heads", name),
                                     name=f"{name}: turn_label_question_heads"),
            line_heads=frozenset(norm_view(w) for w in string_list(data, "turn_label_line_heads", name)),
            of_heads=PhraseSet(string_list(data, "turn_label_of_heads", name), name=f"{name}: turn_label_of_heads"),
            name_line_heads=frozenset(norm_view(w) for w in string_list(data, "turn_label_name_line_heads", name)),
            turn_max_words=int(require(data, "turn_label_max_words", int, name)),
            max_unit_chars=int(require(data, "max_unit_chars", int, name)),
            numbered_openers=PhraseSet(string_list(nh := require(data, "numbered_heading", dict, name), "openers",
                                                   f"{name}: numbered_heading"), name=f"{name}: numbered_heading"),
            numbered_max_words=int(require(nh, "max_words", int, f"{name}: numbered_heading")),
            name_introducers=frozenset(norm_view(w) for w in string_list(nh, "name_introducers",
                                                                         f"{name}: numbered_heading")),
            page_break=compile_regex(require(data, "page_break", str, name), f"{name}: page_break"),
            headline_verbs=PhraseSet(string_list(hl := require(data, "headline", dict, name), "request_verbs",
                                                 f"{name}: headline"), name=f"{name}: headline request_verbs"),
            headline_max_before=int(require(hl, "max_words_before", int, f"{name}: headline")),
            headline_not_before=tuple(norm_view(w) for w in string_list(hl, "not_before_verb", f"{name}: headline")),
            headline_not_after=tuple(norm_view(w) for w in string_list(hl, "not_after_verb", f"{name}: headline")),
            open_line_ends=frozenset(norm_view(w) for w in string_list(data, "open_line_ends", name)),
        )


    def item_marker_end(self, text: str, start: int, end: int) -> int | None:
        """End offset of a bullet or number at the start of the line ``text[start:end]``, or None.

        The pattern is matched against the line itself: its ``^`` would never match at a
        position inside the whole text.
        """
        m = self.item_marker.match(text[start:end])
        return start + m.end() if m else None


@lru_cache(maxsize=1)
def default_rules() -> SegmentRules:
    return SegmentRules.from_yaml()


@dataclass
class Segmentation:
    """Character spans found in one text. Every list is in text order."""

    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    items: list[tuple[int, int]] = field(default_factory=list)
    turn_labels: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)  # quotations of several sentences, attribution included


def lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as stripped spans; blank lines are dropped (they end paragraphs)."""
    out = []
    for m in _LINE.finditer(text):
        s, e = _strip(text, m.start(), m.end())
        if s < e:
            out.append((s, e))
    return out


def _blank_between(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return gap.count("\n") + gap.count("\r") - gap.count("\r\n") >= 2


def is_heading(text: str, rules: SegmentRules | None = None) -> bool:
    """A short line with no final punctuation, or a line in capitals."""
    rules = rules or default_rules()
    t = text.strip()
    if not t or not _LETTER.search(t):
        return False
    letters = [c for c in t if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(t) <= 2 * rules.heading_max_chars:
        return True
    if t[-1] in rules.heading_final or t[-1] in _CLOSE_QUOTES + '"':
        return False
    opener = rules.label_openers.match_at(norm_view(t), 0)
    if opener is not None and t[opener.end:].lstrip().startswith(":"):
        return False  # "Trả lời: (Sở Nội vụ trả lời tại Văn bản số 1245/SNV-XDCQ)": an answer's label
    if " | " in t:  # a table row: the header row has short cells, a row of content does not
        cells = [c for c in (rules.item_marker.sub("", c.strip() + " ", count=1) for c in t.split("|")) if _LETTER.search(c)]
        return not cells or len(cells[0].split()) <= rules.table_header_max_words
    return len(t) <= rules.heading_max_chars and len(t.split()) <= rules.heading_max_words


# an abbreviation's full stop ("CT UBND P.", "TP. Thủ Dầu Một") is no sentence's end inside a label
_ABBREVIATION = re.compile(r"(?<!\w)[A-ZĐ]{1,3}\.(?=\s|$)")
_ASKER_IN_PARENS = re.compile(r"\s*\d{0,3}\s*\([^()]{3,160}\)\s*")


def is_headline_request(line: str, rules: SegmentRules | None = None) -> bool:
    """A headline that names who asks and carries the verb of asking after them ("Cử tri xã Nà Hỳ kiến nghị bổ
    sung giáo viên mầm non"): a sentence, not a heading (``headline`` in segment.yaml)."""
    rules = rules or default_rules()
    view = norm_view(line)
    m = rules.headline_verbs.search(view)
    if m is None or not line[:1].isupper():
        return False
    before, after = view[:m.start].strip(), view[m.end:].strip()
    return (0 < len(before.split()) <= rules.headline_max_before and "," not in before and ":" not in before
            and not any(before == w or before.endswith(" " + w) for w in rules.headline_not_before)
            and not any(after == w or after.startswith(w + " ") for w in rules.headline_not_after))


def _content_start(text: str, k: int, end: int) -> int:
    while k < end and text[k].isspace():
        k += 1
    return k


def _person_after_head(text: str, k: int, end: int, rules: SegmentRules, bare_name: bool = False
                       ) -> tuple[int, int, int] | None:
    """"Hỏi: đại biểu Nguyễn Văn Bé (Tổ đại biểu số 2)" alone on its line: the label is the person after the head."""
    line_end = text.find("\n", k, end)
    line_end = end if line_end < 0 else line_end
    a = _content_start(text, k, line_end)
    b = line_end
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".:"):
        b -= 1
    rest = text[a:b]
    view = norm_view(rest)
    if not rest or len(rest.split()) > rules.turn_max_words or any(c in rest for c in ";!?“”\"") \
            or (rules.turn_heads.match_at(view, 0) is None and not (bare_name and rest[0].isupper())) \
            or rules.turn_forbidden.search(view) is not None:
        return None
    return a, b, _content_start(text, line_end, end)


_STAGE_DIRECTION = re.compile(r"\(\s*[a-zđàáảãạăâèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ][^()A-ZĐ]{0,30}\)\s*$")


def turn_label(text: str, start: int, end: int, rules: SegmentRules | None = None) -> tuple[int, int, int] | None:
    """A speaker-turn label at the start of ``text[start:end]``.

    Returns ``(label_start, label_end, content_start)`` or None. The label ends before
    its colon; the content starts after the colon and spaces (== end for a label line).
    """
    rules = rules or default_rules()
    colon = text.find(":", start, min(end, start + 200))
    if colon < 0:
        return None
    label = text[start:colon]
    if norm_view(label.strip()) in rules.line_heads | rules.name_line_heads:
        return _person_after_head(text, colon + 1, end, rules, norm_view(label.strip()) in rules.name_line_heads)
    of = rules.of_heads.match_at(norm_view(label), 0)
    if of is not None:   # "Ý kiến của ông X:": the label is "ông X", if it is one
        person = of.end + len(label[of.end:]) - len(label[of.end:].lstrip())
        return turn_label(text, start + person, end, rules) if start + person < colon else None
    words = label.split()
    if not words or len(words) > rules.turn_max_words or any(c in _ABBREVIATION.sub("", label) for c in ".;!?“”\"") \
            or _blank_between(label, 0, len(label)):  # (one line break: a label wrapped in a hard-wrapped text)
        return None
    view = norm_view(label)
    asks = rules.question_heads.match_at(view, 0)
    if asks is not None and _ASKER_IN_PARENS.fullmatch(view, asks.end) is not None:
        return start, colon, _content_start(text, colon + 1, end)  # "Câu hỏi 1 (Đại biểu X, Tổ đại biểu ...):"
    head = rules.turn_heads.match_at(view, 0)
    if head is None:
        return None
    # a stage direction in parentheses at the end ("... LÊ MINH THUẬN (kết luận)", "(tranh luận)") is not
    # a reported verb: the forbidden words are looked for before it
    direction = _STAGE_DIRECTION.search(label)
    if rules.turn_forbidden.search(view[:direction.start()] if direction else view) is not None:
        return None
    rest = label[head.end:].strip()
    if rest[:1] in ("-", "–", "—"):  # "CHỦ TỌA - Phó Chủ tịch HĐND tỉnh Lê Văn Khánh:": who holds the head's office
        rest = rest[1:].strip()
    if rest:
        # after the head: a name, a title or an organisation (a capital letter), or a
        # parenthesised role; never a bare lower-case verb phrase
        if not (rest[0].isupper() or rest[0] == "(" or rest[0].isdigit()):
            return None
    content = _content_start(text, colon + 1, end)
    if content < end and text[content] in "“\"«" and "," in re.sub(r"\([^()]*\)", "", label):
        return None  # "Chị X, công nhân Công ty Y, bức xúc: “...”": a news report quoting, not a transcript's turn
    if content < end and text[content].islower():
        # "Bà X, Phó Chủ tịch HĐND xã: cho biết ..." in minutes: the name is the subject
        # of the sentence, not a transcript turn label
        return None
    label_end = colon
    while label_end > start and text[label_end - 1].isspace():  # "Ông Võ Thế Lực :"
        label_end -= 1
    return start, label_end, content


def split_glued_heading(text: str, start: int, end: int, rules: SegmentRules | None = None,
                        *, numbered: bool = False) -> int | None:
    """Offset where a heading glued to its sentence ends and the sentence starts, or None.

    Two cases: the sentence starts with one of the ``glued_heading_openers`` ("... dám
    làm Đối với kiến nghị ..."); or, in a numbered item only, a short topic heading that
    starts with a ``numbered_heading`` opener is followed by a capitalised word
    ("2. Về dữ liệu và an toàn thông tin Giao công chức ...").
    """
    rules = rules or default_rules()
    for opener in rules.openers:
        for m in _opener_regex(opener).finditer(text, start, end):
            word2 = norm_view(" ".join(text[m.start(1):m.start(1) + len(opener) + 12].split()[:len(opener.split()) + 1]))
            if word2 in rules.opener_words:
                continue  # "Bộ trưởng Giao thông vận tải ...": a compound, not the opener "Giao"
            head = text[start:m.start()].rstrip()
            if (
                head
                and head[-1].isalpha()
                and head.split()[-1][:1].islower()  # "... Giám đốc Sở Giao thông": a name, not a heading
                and len(head.split()) >= 3
                and is_heading(head, rules)
            ):
                return m.start(1)
    if numbered:
        return _split_numbered_heading(text, start, end, rules)
    return None


@lru_cache(maxsize=256)
def _opener_regex(opener: str) -> re.Pattern:
    """An opener after whitespace and before whitespace; any run of spaces or a line break between its words."""
    return re.compile(r"\s(" + r"\s+".join(re.escape(w) for w in opener.split()) + r")(?=\s)")


_WORD_RUN = re.compile(r"\S+")


def _split_numbered_heading(text: str, start: int, end: int, rules: SegmentRules) -> int | None:
    view = norm_view(text[start:end])
    if rules.numbered_openers.match_at(view, 0) is None:
        return None
    words = [(m.start(), m.end()) for m in _WORD_RUN.finditer(text, start, end)]
    limit = min(len(words) - 3, rules.numbered_max_words)
    if any(text[we - 1] == ":" for _, we in words[:limit + 1]):
        return None  # "1. Về trang thiết bị Bộ phận một cửa: thống nhất giao ...": the colon ends the heading
    for i in range(1, limit):
        ws, we = words[i]
        prev = text[words[i - 1][0]:words[i - 1][1]]
        if not prev[-1].isalpha() or not prev[-1].islower():
            return None  # a comma or other punctuation first: a sentence, not a heading
        word = text[ws:we]
        if word[0].isupper() and prev.islower() and norm_view(prev) not in rules.name_introducers:
            return ws if i >= 2 else None
    return None


def _sentence_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    from underthesea import sent_tokenize

    chunk = text[start:end]
    try:
        pieces = sent_tokenize(chunk)
    except Exception:  # the splitter must never take a document down
        pieces = [chunk]
    try:
        spans = align_pieces(text, start, end, pieces)
    except AlignmentError:
        spans = [(start, end)]
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def _merge_punctuation(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Repair pieces of the sentence splitter inside one paragraph.

    * a piece without a letter or digit ("/." closing official minutes, a stray "…") joins
      the sentence before it, and is dropped when no sentence precedes it (a ". " used as
      a bullet);
    * a piece glued to the previous one without a space that starts with a lower-case
      letter or a digit continues it: the splitter cut a web address or an abbreviation
      ("vnexpress.|net", "TP.|hcm"). A glued piece starting with a capital stays a sentence
      of its own ("... chế độ.Đề nghị ...").
    """
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if not any(c.isalnum() for c in text[s:e]):
            if out:
                out[-1] = (out[-1][0], e)
            continue
        if out and out[-1][1] == s and (text[s].islower() or text[s].isdigit()):
            out[-1] = (out[-1][0], e)
            continue
        out.append((s, e))
    return out


def _cut_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut a very long unit at whitespace so the sentence splitter sees bounded input."""
    out = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _title_line(line: str, rules: "SegmentRules") -> bool:
    """A line in capitals or numbered with a Roman numeral: a heading even at full width."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    return re.match(r"[IVXLC]{1,6}[.)]\s", line) is not None


def _units(text: str, rules: SegmentRules) -> list[tuple[int, int]]:
    """Paragraph units: a line, or hard-wrapped lines that continue one sentence.

    Page-number lines ("Trang 2/3") and running headers are dropped, and a sentence cut by a page break
    ("... Phòng Văn hóa và <page break> Thông tin thị xã yêu cầu.") is one unit again.
    """
    units: list[list[int]] = []
    prev = None
    after_break = False
    all_lines = lines(text)
    width = wrap_width(all_lines)
    on_breaks = page_lines(text, all_lines, rules.page_break)
    for k, (s, e) in enumerate(all_lines):
        line = text[s:e]
        if k in on_breaks:
            after_break = prev is not None
            continue
        if prev is not None and rules.item_marker_end(line, 0, len(line)) is None:
            last = text[prev[1] - 1]
            if after_break:
                join = (last.isalpha() and last.islower() or last == ",") and line[:1].isalnum() and (
                    not line[:1].isupper() or len(text[units[-1][0]:prev[1]].split()) > rules.heading_max_words // 2)
            elif width is not None:
                # a hard-wrapped file: a full-width line continues on the next one, unless
                # the next line is a label of its own ("Thành phần:")
                join = (not _blank_between(text, prev[1], s)
                        and last not in _TERMINAL + _CLOSE_QUOTES
                        and (line[:1].islower()
                             or (prev[1] - prev[0] >= 0.75 * width
                                 and last != ":"
                                 and not line.endswith(":")
                                 and not _title_line(text[prev[0]:prev[1]], rules)
                                 and turn_label(text, s, e, rules) is None)))
            else:
                join = (not _blank_between(text, prev[1], s) and line[:1].islower()
                        and last not in _TERMINAL + ":;" + _CLOSE_QUOTES)
            if not join and not after_break and last.isalpha() and line[:1].isalpha() \
                    and not _blank_between(text, prev[1], s) and not _title_line(text[prev[0]:prev[1]], rules) \
                    and turn_label(text, s, e, rules) is None:
                join = open_line_end(norm_view(text[prev[0]:prev[1]]), rules.open_line_ends, rules.headline_verbs,
                                     rules.headline_not_before)
            if join:
                units[-1][1] = e
                prev = (s, e)
                after_break = False
                continue
        units.append([s, e])
        prev = (s, e)
        after_break = False
    return [(s, e) for s, e in units]


def segment(text: str, rules: SegmentRules | None = None) -> Segmentation:
    """Find paragraphs, headings, items, turn labels and sentences of ``text``."""
    rules = rules or default_rules()
    seg = Segmentation()
    for u_start, u_end in _units(text, rules):
        seg.paragraphs.append((u_start, u_end))
        content = u_start
        marker_end = rules.item_marker_end(text, u_start, u_end)
        bullet = marker_end is not None and text[u_start:marker_end].strip()[:1] in _BULLETS
        if marker_end is not None:
            seg.items.append((u_start, u_end))
            content = marker_end
        label = turn_label(text, content, u_end, rules)
        if label is not None:
            seg.turn_labels.append(label[:2])
            content = label[2]
        if content >= u_end:
            continue
        body = text[content:u_end]
        if not bullet and label is None and is_heading(body, rules):
            if len(seg.paragraphs) == 1 and is_headline_request(body, rules):
                # the headline "Cử tri xã X kiến nghị ...": a sentence, and still the heading that ends its turn
                seg.sentences.append(_strip(text, content, u_end))
            # a numbered heading keeps its number ("II. Ý kiến của các đại biểu")
            seg.headings.append((u_start, u_end))
            continue
        glued = split_glued_heading(text, content, u_end, rules, numbered=marker_end is not None and not bullet) \
            if not bullet and label is None else None
        if glued is not None:
            seg.headings.append(_strip(text, u_start, glued))
            content = glued
        spans: list[tuple[int, int]] = []
        for c_start, c_end in _cut_long(text, content, u_end, rules.max_unit_chars):
            spans.extend(_sentence_pieces(text, c_start, c_end))
        sentences, quotes = _fix_quotes(text, _merge_punctuation(text, spans))
        seg.sentences.extend(sentences)
        seg.quotes.extend(quotes)
    return seg
