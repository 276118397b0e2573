"""The values the statement decision works with: the cues found in a sentence, the decision for it, and
what the decision remembers across a document's sentences (the turn state)."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.layout import after_heading_marker
from extractor.rulefiles import Match
from extractor.turns import SpeakerAnalysis



@dataclass(frozen=True)
class Cues:
    """The cue phrases found in one sentence (each a Match or None), handed between the decision's steps."""

    req: Match | None
    resp_verb: Match | None
    resp_open: Match | None
    background: Match | None
    report: Match | None
    action: Match | None


@dataclass(frozen=True)
class Decision:
    kind: str | None           # "recommendation" | "response" | None
    rule: str
    cue: Match | None = None

    def evidence(self) -> dict:
        return {
            "decided_by": "rules",
            "rule": self.rule,
            "cue_start": self.cue.start if self.cue else None,
            "cue_end": self.cue.end if self.cue else None,
        }


class TurnState:
    """What the statement decision remembers across the sentences of one document."""

    def __init__(self):
        self.mode: str | None = None
        self.max_rec_level: int | None = None
        self._turn_level: int | None = None
        self.section: str | None = None
        self.person: int | None = None

    answer_block: bool = False
    previous_kind: str | None = None  # the decision on the sentence before ("... đề nghị ...", then "Bên cạnh đó, ...")
    answer_lead: bool = False  # "UBND huyện trả lời như sau:" announced answers: its "2. Về ..." headings go on answering
    section_asked: bool = False  # voters or a deputy asked in this section: a body's decision answers them
    asked: bool = False  # the turn before asked a question ("đề nghị Giám đốc Sở cho biết ..."): the next one answers
    # the kind of the sentence that announced the list being read ("Đoàn giám sát kiến nghị như sau:": its items are
    # the requests; "HĐND thành phố giao UBND thành phố ... các nhiệm vụ sau:": they are the decisions), or None
    list_lead: str | None = None
    # under a heading that names whom the list's items are for ("1. Đối với UBND tỉnh"): its paragraphs are the list's
    under_addressee: bool = False
    recipients: bool = False  # in a letter's list of recipients ("Nơi nhận:" then "- Như trên;", "- Bộ Nội vụ;")
    turn_pending: bool | None = None  # a turn opened on a procedural sentence ("Xin cảm ơn đại biểu."): its explicitness

    def in_recipients(self, head: bool, item: bool) -> bool:
        """"Nơi nhận:" opens a letter's list of recipients, which the items after it continue."""
        self.recipients = head or (self.recipients and item)
        return self.recipients

    def start_turn(self, analysis: SpeakerAnalysis) -> None:
        self.mode = None
        self.list_lead = None
        self.person = analysis.person
        self._turn_level = analysis.level

    def sentence_starts(self, a: SpeakerAnalysis) -> None:
        """A sentence begins: a new speaker starts a turn; a "Trả lời:" label opens an answer block, which
        someone else named ends (the answering body named again goes on answering)."""
        someone_else = a.new_turn and a.person != self.person
        if someone_else or (a.new_turn and a.answer_label):
            self.start_turn(a)
        if a.answer_label:
            self.mode = "response"
            self.answer_block = True
        elif someone_else and a.explicit:
            self.answer_block = False

    def note_recommendation(self, analysis: SpeakerAnalysis) -> None:
        if analysis.asker:
            self.asked = True  # a deputy's or voters' request: the official who speaks next answers it
            self.section_asked = True
        level = analysis.level
        if level is None:
            level = self._turn_level
        if level is not None:
            self.max_rec_level = level if self.max_rec_level is None else max(self.max_rec_level, level)

    def heading(self, view: str, response_sections, recommendation_sections, addressee_headings=None,
                matter_headings=None) -> None:
        """A heading starts a section; the rule file's section patterns say whether it holds answers. A heading that
        only names whom the items are for ("1. Đối với UBND tỉnh") inside a list of requests keeps the list going;
        one that names the matter answered ("2. Về đơn giá bồi thường") after answers were announced ("UBND huyện
        trả lời như sau:") keeps the answer going."""
        if self.list_lead and addressee_headings is not None and addressee_headings.match_at(
                view, after_heading_marker(view)) is not None:
            self.under_addressee = True
            return
        self.under_addressee = False
        if self.answer_lead and matter_headings is not None and matter_headings.match_at(
                view, after_heading_marker(view)) is not None:
            self.list_lead = None
            self.mode, self.answer_block = "response", True
            return
        self.list_lead = None
        self.mode = None
        self.answer_block = False
        self.section_asked = False
        self.person = None
        answers, asks = response_sections.search(view), recommendation_sections.search(view)
        if answers is not None and asks is not None:
            self.section = None  # "Ý kiến của các hộ dân và giải trình của các cơ quan": each turn says what it does
        elif answers is not None:
            self.section = "response"
        elif asks is not None:
            self.section = "recommendation"
        else:
            self.section = None


def open_turn(state: TurnState, a: SpeakerAnalysis, explicit: bool, c: Cues, modal) -> None:
    """A new turn: whether it answers, asks, or neither (the mode its sentences are read in)."""
    if not explicit:
        if not a.answer_label:  # "Nội dung trả lời:" with no one named: the answer block stays an answer
            state.mode = "neutral"
        return
    if state.mode is not None:
        return
    # after a question, an official who does not ask in turn answers it; in a transcript, all of their turn does
    answers_question = state.asked and c.req is None and modal is None and not a.asker and (a.level or 0) >= 1
    # a verb of answering after the request is not what the turn does ("đề nghị UBND huyện thực hiện các nội dung đã
    # cam kết, đồng thời ... các nhiệm vụ sau:" asks)
    answers_by_verb = c.resp_verb is not None and (c.req is None or c.resp_verb.start < c.req.start)
    # under a heading of answers ("NỘI DUNG PHIÊN GIẢI TRÌNH"), a deputy's or voters' turn still asks
    answering = c.resp_open is not None or answers_by_verb or (state.section == "response" and not a.asker) \
        or answers_question
    if c.req is None and modal is None:
        state.asked = False  # a turn that asks too leaves the request open ("Ông Mươn cũng kiến nghị ..."): the next answers
    higher = a.level is not None and state.max_rec_level is not None and a.level > state.max_rec_level
    if a.label_turn and (answers_question or (answering and not a.asker and (a.level or 0) >= 1
                                              and (state.asked or state.section_asked))):
        # an official's labelled turn that answers what was asked ("GIÁM ĐỐC SỞ X: Xin cảm ơn chủ tọa. Về câu hỏi
        # của đại biểu Y, tôi xin tiếp thu ..."): all of it answers, the figures and the law it cites included
        state.answer_block = True
    if answering or (higher and c.report is not None and c.req is None):
        state.mode = "response"
    elif c.req is not None or modal is not None:
        state.mode = "recommendation"
    else:
        state.mode = "neutral"


def background_or_report(view: str, background, report, mention, explicit: bool):
    """(background opener, reporting verb) of a sentence, with a background opener that names the sentence's
    speaker right after it ("Theo báo cáo của UBND huyện Bình Sơn, ...") read as the speaker's report: a body
    answering a petition cites what it checked."""
    if background is not None and explicit and mention is not None and background.end <= mention[0] \
            and view[background.end:mention[0]].strip() == "của":
        return None, background
    return background, report
