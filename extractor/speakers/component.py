"""The ``vi_speakers`` pipeline component: who said each sentence, turn by turn."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.extensions import register
from extractor.normalise import norm_phrase
from extractor.layout import after_heading_marker, is_list_item
from extractor.tokenise import doc_text
from extractor.turns import Speaker, SpeakerAnalysis, SpeakerEvidence
from extractor.speakers.rules import SpeakerRules, default_rules
from extractor.speakers.names import Mention, Person, organization_of, role_end, syllables
from extractor.speakers.mentions import find_mentions
from extractor.speakers.choice import _belongs_to, assigning_body, cell_body, choose_speaker, speech_verb_positions
from extractor.speakers.passages import (_continued_quotes, _letter_addressee, _trailing_group, dialogue_paragraphs,
                                         heading_speaker, interview_paragraphs)
from extractor.speakers.cast import (SpeakerTracker, asks_by_capacity, same_body, _ALIAS_LABEL, _ROSTER_CUE, _recase_label,
                                     _short_matches, roster_entries)


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
    register()
    return SpeakerComponent(default_rules())


class SpeakerComponent:
    def __init__(self, rules: SpeakerRules):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        walk = _Walk(doc, self.rules)
        for pos, kind, obj in _events(doc):
            if kind == "heading":
                walk.heading(pos, obj)
            elif kind == "label":
                walk.label(*obj)
            else:
                walk.sentence(obj)
        _named_later(doc, walk.tracker, self.rules)
        doc._.roster = walk.tracker.roster
        return doc


def _named_later(doc: Doc, tracker: SpeakerTracker, rules: SpeakerRules) -> None:
    """A short name nobody had been introduced by ("ông Khải" in a live report whose newest entry comes first) is
    the one person of the whole document whose full name it ends ("Lương Văn Khải, Giám đốc Sở Y tế", named later):
    that person, in the capacity written there when the short mention gave none."""
    full = [p for p in tracker.people if p.name and len(p.name.split()) > 1]
    found: dict[str, Person | None] = {}  # short name -> the one person it calls, or None
    for sent in doc.spans["sentences"]:
        sp = sent._.speaker
        if sp is None or not sp.name or len(sp.name.split()) != 1:
            continue
        if sp.name not in found:
            matches = {norm_phrase(p.name): p for p in full if _short_matches(sp.name, p.name, rules.given_name_prefixes)}
            found[sp.name] = next(iter(matches.values())) if len(matches) == 1 else None
        p = found[sp.name]
        if p is not None:
            sent._.speaker = replace(sp, name=p.name, role=sp.role or p.role,
                                     organization=sp.organization or p.organization)


def _unwrapped(text: str, paragraphs: list[tuple[int, int]]) -> str:
    """``text`` with the line breaks inside paragraphs as spaces (a paragraph of one line has none)."""
    if "\n" not in text:
        return text
    chars = list(text)
    for a, b in paragraphs:
        k = text.find("\n", a, b)
        while 0 <= k < b:
            if text[k + 1:k + 2] not in ("\n", ""):
                chars[k] = " "
            k = text.find("\n", k + 1, b)
    return "".join(chars)


def _events(doc: Doc) -> list[tuple[int, str, object]]:
    """Sentences, headings and turn labels in text order (a label before the sentence it opens)."""
    events = [(s.start_char, "sentence", s) for s in doc.spans["sentences"]]
    events += [(h.start_char, "heading", h.end_char) for h in doc.spans["headings"]]
    events += [(s.start_char, "label", (s.start_char, s.end_char)) for s in doc.spans["turn_labels"]]
    events.sort(key=lambda e: (e[0], e[1] != "label"))
    return events


_NOBODY = Speaker()
_LEADS_LIST = re.compile(r"(?:như sau|sau)?\s*:\s*$|như sau\W*$")


class _Walk:
    """One pass over a document's sentences, headings and turn labels, keeping the turn."""

    def __init__(self, doc: Doc, rules: SpeakerRules):
        paragraphs = [(p.start_char, p.end_char) for p in doc.spans["paragraphs"]]
        self.original = doc_text(doc)  # the evidence is quoted from it
        # a line break inside a paragraph is a space for names and roles ("bà Võ Thị Trung\nTrinh"), offsets unchanged
        self.text, self.view = _unwrapped(self.original, paragraphs), _unwrapped(doc._.view, paragraphs)
        self.rules = rules
        self.tracker = SpeakerTracker(self.text, rules)
        self.items = [(s.start_char, s.end_char) for s in doc.spans["items"]]
        self.interview = interview_paragraphs(self.text, paragraphs)
        self.dialogue = dialogue_paragraphs(self.text, self.view, paragraphs, rules.dialogue_intro) \
            if not self.interview else set()
        self.dialogue_speaker: Person | None = None
        self.in_roster_block = self.procedural_turn = False
        self.interviewee: Person | None = None
        self.last_para: int | None = None  # the paragraph of the last sentence a named person said
        self.pending_label: Person | None = None
        self.answering_label = False  # the pending label's line makes its turn an answer ("Giải trình của ông X:")
        self.label_person: Person | None = None  # the speaker of the last turn label
        self.answering: Person | None = None  # the body answering since a "Trả lời:" label with no one named
        self.body_para: int | None = None  # the paragraph whose groups and bodies the tracker remembers
        self.alias_label: str | None = None  # the head of the last label when it is "Chủ tọa", "Thư ký" ...
        self.label_aliases: dict[str, Person] = {}  # a label's head -> the person it named in parentheses once
        # quotations of several sentences: each sentence is said by whom the quotation's attribution names
        self.quotes = [(q.start_char, q.end_char) for q in doc.spans["quotes"]] if "quotes" in doc.spans else []
        # a letter to a person ("Kính gửi: Ông Nguyễn Đình Khải"): its "ông" is the petitioner it answers
        self.addressee = _letter_addressee(self.text, self.view, rules)
        if self.addressee is not None:
            self.tracker.remember(self.addressee[0])
        self.sentence_para: int | None = None  # the paragraph of the previous sentence
        # paragraphs inside a quotation of several paragraphs, and who is quoted there (the turn when it opened)
        self.continued_quote = _continued_quotes(self.text, paragraphs)
        self.quoted: Person | None = None
        self.list_lead: Person | None = None  # who announced the list being read ("Đoàn giám sát kiến nghị như sau:")
        self.under_addressee = False  # under "1. Đối với UBND tỉnh" in that list
        self.item_para: int | None = None  # the paragraph of the last list item (its later sentences are the item's)

    def heading(self, pos: int, end: int) -> None:
        if self.list_lead is not None and self.rules.addressee_headings.match_at(
                self.view, after_heading_marker(self.view, pos, end), end) is not None:
            self.tracker.current = self.list_lead  # "1. Đối với UBND tỉnh" inside a list of requests: it goes on
            self.under_addressee = True   # and its paragraphs, items or not, are the list's
            return
        self.list_lead = None
        self.under_addressee = False
        self.tracker.current = self.label_person = self.answering = None
        self.procedural_turn = False
        head = self.text[pos:pos + 80].lower()
        self.in_roster_block = "thành phần" in head or "tham dự" in head
        person = heading_speaker(self.text, self.view, self.rules, self.tracker, pos, end)
        if person is not None:  # "1. Kiến nghị của cử tri tỉnh Lai Châu": they speak the section, as after a label
            self.tracker.current = self.pending_label = self.label_person = person
            return
        self._introduced(find_mentions(self.text, self.view, pos, end, self.rules)[0])  # "2. Ông Nguyễn Văn Tám, ..."

    def _introduced(self, mentions: list[Mention]) -> None:
        """People named in full where nobody speaks (a heading, the host's introduction): known to the document."""
        for m in mentions:
            if m.name and not m.short and not m.pronoun:
                self.tracker.register(Person(m.name, m.role, organization_of(m.role, self.rules), m.level, m))

    def label(self, ls: int, le: int) -> None:
        text, view, rules, tracker = self.text, self.view, self.rules, self.tracker
        alias = _ALIAS_LABEL.match(view, ls)
        self.alias_label = norm_phrase(alias.group(1)) if alias else None  # "Chủ tọa:" naming the chair after it
        proc = rules.procedural_labels.match_at(view, ls, le)
        if proc is not None and not view[proc.end:le].strip(" :"):
            tracker.current = self.pending_label = None  # the MC's turn: procedure, no statements
            self.procedural_turn = True
            return
        self.procedural_turn = False
        self.answering = None
        line_start = text.rfind("\n", 0, ls) + 1
        self.answering_label = rules.answer_label_of_heads.match_at(
            view, after_heading_marker(view, line_start, ls), ls) is not None   # "4. Kết luận của ...:"
        mentions, _ = find_mentions(_recase_label(text, ls, le, rules), view, ls, le, rules)
        line_end = text.find("\n", le)
        rest = text[le:len(text) if line_end < 0 else line_end].strip(" :\t")
        if rest and len(rest) < 90 and rest[-1] not in ".!?…\"”'»)" and not any(m.name for m in mentions):
            # "Giám đốc Sở Y tế: Sẽ tuyển 45 bác sĩ cho tuyến xã": a news subheading, not a turn
            tracker.current = self.pending_label = self.label_person = None
            return
        parts = re.split(r"\(|\s[-–—]\s", text[ls:le], maxsplit=1)  # "Chủ tọa (X)", "CHỦ TỌA - X"
        head = norm_phrase(parts[0])
        paren = text.find("(", ls, le)
        if paren >= 0 and not any(m.name for m in mentions):
            # "Chủ tọa (Chủ tịch HĐND TP Phan Thanh Bình)": the person is named inside the parenthesis
            inner = [m for m in find_mentions(text, view, paren + 1, le, rules)[0] if m.name]
            mentions = inner or mentions
        person = tracker.resolve(mentions[0]) if mentions else None
        if person is None and mentions:
            person = Person(None, mentions[0].role, organization_of(mentions[0].role, rules), mentions[0].level,
                            mentions[0])
        if person is not None and person.name and len(parts) > 1 and head:
            # "Chủ tọa (Chủ tịch HĐND TP Phan Thanh Bình):", "CHỦ TỌA - Phó Chủ tịch ...:" -> "Chủ tọa:" later
            self.label_aliases[head] = person
        elif (person is None or not person.name) and head in self.label_aliases:
            person = self.label_aliases[head]
        elif person is None or not person.name:
            # "Tổ trưởng tổ thảo luận:" of "Chủ trì: đồng chí X, ..., Tổ trưởng tổ thảo luận.": the capacity introduced
            person = next((q for q in reversed(tracker.people) if q.name and q.role and any(
                norm_phrase(part) == head for part in q.role.split(","))), person)
        tracker.current = self.pending_label = self.label_person = person
        self.in_roster_block = False

    def sentence(self, sent: Span) -> None:
        s, e = sent.start_char, sent.end_char
        answer = self.rules.answer_label.match(self.view, s, min(len(self.view), e + 1))  # the label's colon may end the sentence
        if answer is None and self._roster_line(sent, s, e):
            # ("Trả lời (Sở Nội vụ chủ trì, phối hợp Sở Giáo dục và Đào tạo):" says who answers: no roster line)
            sent._.analysis = SpeakerAnalysis(roster=True)
            return
        text, view, rules, tracker = self.text, self.view, self.rules, self.tracker
        ms, me = next(((a, b) for a, b in self.quotes if a <= s and e <= b), (s, e))
        mentions, _ = find_mentions(text, view, ms, me, rules)
        verbs = speech_verb_positions(view, ms, me, rules)
        chosen = choose_speaker(mentions, verbs, text, view, ms, me, rules.verb_fillers, rules.task_verbs, rules.according_to)
        if self.procedural_turn and not _relays(chosen, tracker.current):
            # the MC's own words: procedure; what the host relays of a caller named as asking is theirs, to the next label
            sent._.speaker, sent._.analysis = _NOBODY, SpeakerAnalysis(procedural=True)
            self._introduced(mentions)  # "Khách mời hôm nay là ông X, Phó Giám đốc Sở Y": X's capacity, for later
            return
        if chosen is None:
            chosen = assigning_body(mentions, view, s, e, rules) or cell_body(mentions, view, s, e)
        para = _paragraph_start(text, s)
        if para != self.sentence_para:
            self._quotation(para)
        turn = self.interview.get(para) if self.interview else None
        if turn == "question":
            if self.interviewee is None:
                self.interviewee = next((p for p in reversed(tracker.people) if p.name), None)
            tracker.current = None  # the journalist asks
            sent._.speaker, sent._.analysis = _NOBODY, SpeakerAnalysis(interview_question=True)
            return
        if turn == "answer" and self.interviewee is not None and (chosen is None or chosen.pronoun) \
                and tracker.current is None:
            tracker.current = self.interviewee  # "- Thứ nhất, ...": the person interviewed answers
        if para in self.dialogue:  # "— Em mong tỉnh ...": the person the paragraph before introduced speaks
            if para != self.sentence_para and self.dialogue_speaker is None and tracker.current is None:
                # (in someone's turn the dashed lines are the items of what they say: "trả lời như sau:" "- Về ...")
                self.dialogue_speaker = next((p for p in reversed(tracker.people) if p.name), None)
            if self.dialogue_speaker is not None and (chosen is None or chosen.pronoun):
                tracker.current = self.dialogue_speaker
        else:
            self.dialogue_speaker = None
        chosen = self._who(chosen, mentions, s, e, para, turn, answer)
        chosen = self._in_list_or_alias(chosen, s)
        if self.addressee is not None:
            chosen = self._in_letter(chosen, para, answer)
        self.sentence_para = para
        for m in mentions:  # everyone named in full, so that "ông Quang" later finds "Tạ Minh Quang"
            if m is not chosen and m.name and (not m.short or m.role) and not m.pronoun and tracker.known(m.name) is None:
                # only remembered: someone talked about does not change the capacity of a known speaker
                tracker.remember(Person(m.name, m.role, organization_of(m.role, rules) if m.role else None, m.level, m))
        if para != self.body_para:
            tracker.start_paragraph()
        person = self._resolve(chosen, answer)
        tracker.note_bodies(mentions, para != self.body_para)
        self.body_para = para
        label_turn = self.pending_label is not None and chosen is None
        # "Giải trình của ông X:" opens an answer, like a "Trả lời:" label
        answer_label = answer is not None or (self.pending_label is not None and self.answering_label)
        self.pending_label = None
        sent._.speaker = _speaker_of(person, chosen, self.original)
        self._note_list(s, e, para)
        self.last_para = para if person is not None and person.name else None
        sent._.addressee = _addressee(view, text, s, e, mentions, rules)
        sent._.analysis = SpeakerAnalysis(
            explicit=(chosen is not None and not chosen.pronoun) or label_turn,
            pronoun=chosen is not None and chosen.pronoun,
            mention=(chosen.start, chosen.end) if chosen is not None else None,
            level=person.level if person is not None else None,
            person=tracker.key(person),
            new_turn=chosen is not None or label_turn or answer_label,
            label_turn=person is not None and person is self.label_person,
            answer_label=answer_label,
            interview_answer=turn == "answer",
            asker=asks_by_capacity(person, rules, self.text[person.mention.start:person.mention.end]
                                    if person is not None and person.mention is not None else ""),
        )

    def _quotation(self, para: int) -> None:
        """At a new paragraph: inside a quotation of several paragraphs, the person quoted keeps the turn."""
        if para not in self.continued_quote:
            self.quoted = None
            return
        if self.quoted is None:
            self.quoted = self.tracker.current
        if self.quoted is not None:
            self.tracker.current = self.quoted

    def _roster_line(self, sent: Span, s: int, e: int) -> bool:
        """An attendance line ("Thành phần tham dự:", then one attendee per item): its people are
        registered, and it is nobody's statement."""
        text, view, rules, tracker = self.text, self.view, self.rules, self.tracker
        cue = _ROSTER_CUE.search(view, s, min(e, s + 120))
        if cue and not text[cue.end():e].strip():
            self.in_roster_block = True
            return True
        if self.in_roster_block and not any(a <= s < b for a, b in self.items):
            self.in_roster_block = False
        alias = _ALIAS_LABEL.match(view, s)
        alias_head = norm_phrase(alias.group(1)) if alias else self.alias_label if self.pending_label else None
        if not (cue or ((self.in_roster_block or alias_head) and not speech_verb_positions(view, s, e, rules))):
            return False
        entries = roster_entries(text, view, s, e, rules)
        if not entries:
            return False
        lead = norm_phrase(view[s:entries[0].mention.start])
        honorific = rules.honorifics.match_at(lead, 0) if lead else None
        if alias_head and not alias and not cue and lead and (honorific is None or honorific.end < len(lead)):
            return False  # "Chủ tọa: Mời đại biểu X phát biểu.": the chair speaks, no one is introduced
        if alias_head:
            # "Chủ tọa: Ông Lê Minh Thuận, Chủ tịch HĐND tỉnh." (a label line or a roster line): a later "CHỦ TỌA:" is him
            first = entries[0]
            tracker.aliases[alias_head] = tracker.register(
                Person(first.name, first.role, first.organization, first.level, first.mention))
            self.pending_label = None
        for p in entries:
            tracker.roster.append({"name": p.name, "role": p.role, "organization": p.organization,
                                   "start": p.mention.start, "end": p.mention.end})
            tracker.register(Person(p.name, p.role, p.organization, p.level, p.mention))
        return True

    def _who(self, chosen: Mention | None, mentions: list[Mention], s: int, e: int, para: int, turn: str | None,
             answer) -> Mention | None:
        """The mention the sentence's speaker is taken from, after the turn's rules (or None: the turn goes on)."""
        tracker, label_person = self.tracker, self.label_person or self.quoted
        if chosen is not None and label_person is not None and label_person.name \
                and tracker.current is label_person and not chosen.pronoun and chosen.start - s > 3:
            chosen = None  # inside a labelled turn, people named mid-sentence are talked about
        if chosen is not None and label_person is not None and label_person.name and tracker.current is label_person \
                and chosen.rule in ("group", "group_subject") and chosen.role \
                and not (is_list_item(self.view, s) and chosen.start - s <= 3):
            # "Cử tri cũng mong muốn ..." in a deputy's labelled turn: the deputy relays it (not a new item that the
            # group opens: "3.7. Nhiều cử tri đề nghị ...")
            chosen = None
        if answer is not None:
            # "Trả lời: Sở Nội vụ đang ...", "Nội dung trả lời của UBND tỉnh: ..."
            first = next((m for m in mentions if m.start < answer.end() + 3 and m.rule != "pronoun"), None)
            chosen = first or chosen or next((m for m in mentions if m.rule == "organization"), None)
        cur = tracker.current
        if chosen is not None and (chosen.rule == "organization" or (chosen.rule == "group_subject" and turn == "answer")) \
                and cur is not None and cur.name is not None and answer is None and self._holds_office(cur) \
                and not (self.addressee is not None and tracker.is_author(chosen.role)) \
                and (_belongs_to(chosen.role, cur) or para == self.last_para or turn == "answer") \
                and not (not _belongs_to(chosen.role, cur) and any(
                    m.start > chosen.end and m.rule == "organization" and _belongs_to(m.role, cur) for m in mentions)):
            # "Sở Tài chính tiếp thu ...", "UBND TP đã yêu cầu ...": said by the official whose turn it
            # is (their own body, or the same paragraph); a body opening a paragraph of its own speaks, and so does
            # another body that speaks to the official's own ("Thường trực HĐND tỉnh đề nghị Sở Tài nguyên ...")
            chosen = None
        if chosen is not None and self.answering is not None and tracker.current is self.answering \
                and answer is None and not chosen.name and chosen.start - s > 3 \
                and chosen.rule in ("title_only", "organization", "group_subject") \
                and not same_body(chosen.role, self.answering.role):
            # inside a letter's answer ("Trả lời: ... công chức Văn phòng - Thống kê có nhiệm vụ ..."), bodies and
            # titles are talked about: the answering body goes on
            chosen = None
        bare = chosen is not None and chosen.rule == "group" and chosen.role and len(chosen.role.split()) <= 2
        if (chosen is None or bare) and answer is None:
            # "... (cử tri xã Tân Khê, xã Phù Lãng)." / "... | Cử tri phường 5 |"; "1. Cử tri phản ánh ... và đề nghị ...
            # (Cử tri quận Ninh Kiều, Thốt Nốt).": the voters named at the end are the bare "Cử tri" of the item
            trailing = _trailing_group(self.text, self.view, s, e, self.rules)
            if trailing is not None:
                chosen = trailing
        if chosen is None and answer is None and cur is not None and cur.name is None:
            # the body whose turn it is, named in its own sentence ("..., Bộ TT&TT đã hướng dẫn ..."): that naming
            chosen = next((m for m in mentions if m.rule == "organization" and same_body(m.role, cur.role)), None)
        return chosen

    def _note_list(self, s: int, e: int, para: int) -> None:
        """Who announced the list being read (and whose answer it is), after the sentence ``s:e`` of ``para``."""
        view, current = self.view, self.tracker.current
        item = is_list_item(view, s)
        self.item_para = para if item else self.item_para
        if _LEADS_LIST.search(view, s, e):  # "..., Bộ Nội vụ xin trả lời như sau:": what follows is its answer too
            self.list_lead = current
            self.answering = current if self.rules.answer_leads.search(view, s, e) else self.answering
        elif not item and not self.under_addressee and para != self.item_para:
            self.list_lead = None

    def _holds_office(self, person: Person) -> bool:
        """Whether a person speaks for a body (a title in their role), not a citizen named with an address only
        ("Nguyễn Văn Thắng (xã Diễn Kỷ, huyện Diễn Châu)"), whose petition a body's sentences then answer."""
        return person.level is not None or (bool(person.role)
                                            and self.rules.titles.match_at(norm_phrase(person.role), 0) is not None)

    def _in_list_or_alias(self, chosen: Mention | None, s: int) -> Mention | None:
        """Two turns that a bare title or a body does not change: the chair called by the label's head ("Chủ tọa ghi
        nhận ..." after "CHỦ TỌA (Phó Chủ tịch HĐND thành phố X):"), and a list someone announced, whose items name
        the bodies given the tasks ("3. Sở Tài chính tham mưu bố trí kinh phí ...")."""
        if chosen is None or chosen.name:
            return chosen
        alias = self.label_aliases.get(norm_phrase(chosen.role or "")) if chosen.rule == "title_only" else None
        if alias is not None:
            self.tracker.current = alias
            return None
        if self.list_lead is not None and (self.list_lead.name or self.list_lead.role) \
                and chosen.rule in ("organization", "title_only") \
                and is_list_item(self.view, s):
            self.tracker.current = self.list_lead
            return None
        return chosen

    def _in_letter(self, chosen: Mention | None, para: int, answer) -> Mention | None:
        """In a letter to a person: a paragraph that names no one is the issuing body's, and its "ông" / "bà" is the
        person written to, unless the turn is of someone else named in the same paragraph. The mention to resolve
        (None: the turn, as set here, goes on)."""
        tracker = self.tracker
        person, honorific = self.addressee
        if chosen is None and answer is None and para != self.sentence_para and self.label_person is None \
                and tracker.author is not None:
            tracker.current = tracker.author
        if chosen is not None and chosen.pronoun and norm_phrase(self.text[chosen.start:chosen.end]) == honorific:
            cur = tracker.current
            named_here = cur is not None and cur.name and cur is not person and cur.mention is not None \
                and cur.mention.start >= para
            if not named_here:
                tracker.current = person  # the pronoun resolves to whom the turn is
        return chosen

    def _resolve(self, chosen: Mention | None, answer) -> Person | None:
        """Who speaks, and the turn updated to them."""
        tracker = self.tracker
        person = tracker.resolve(chosen) if chosen is not None else None
        if answer is not None and chosen is None:
            # "Trả lời:" with no one named: the issuing body answers, never the petitioner whose turn it was
            person = tracker.author
            tracker.current = self.answering = person
        elif chosen is not None and chosen.rule in ("group", "title_org_name", "honorific_name", "name"):
            self.answering = None  # a new petition ("Cử tri huyện X kiến nghị ...") or a person named
        if chosen is not None and person is not None:
            tracker.current = person
            if not chosen.pronoun and chosen.rule != "issuing_body":
                person.mention = chosen  # the latest naming is the evidence of the turn that follows
        elif chosen is None:
            person = tracker.current
        return person


def _relays(chosen: Mention | None, current: Person | None) -> bool:
    """Inside the host's turn, whether the sentence is someone else's: a person or a group named as who speaks
    (not the host's "tôi" or "chúng tôi"), or the sentences after such a one until the next label."""
    if chosen is not None and not chosen.pronoun:
        return True
    return current is not None


def _speaker_of(person: Person | None, chosen: Mention | None, text: str) -> Speaker:
    if person is None:
        return _NOBODY
    m = chosen if chosen is not None else person.mention
    rule = chosen.rule if chosen is not None else "continued_turn"
    role = person.role
    if person.name is None and m is not None and m.rule == "organization" and m.role:
        role = m.role  # a body named in a short form ("Bộ TT&TT") is that body, its role as last written
    return Speaker(person.name, role, person.organization, SpeakerEvidence(rule, m.start, m.end, text[m.start:m.end]))
