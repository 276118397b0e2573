"""Statements: is a sentence a recommendation, a response, or neither?

The decision sits behind one interface, :class:`StatementRules.decide`, used by the
``vi_statements`` component (:mod:`extractor.statement_component`). It reads the cue phrases of ``resources/cues.yaml`` over
the normalised view, and the speaker analysis left by ``vi_speakers`` (who speaks, at
what level, whether the sentence names its speaker), and keeps a small turn state:

* a turn *recommends* when its speaker asks for something (kiến nghị, đề xuất, cần ...);
* a turn *answers* when it opens with a reply ("Trao đổi lại", "Về vấn đề này", "Trả lời")
  or uses a verb of answering (tiếp thu, giải trình, nhìn nhận), or when a speaker of a
  higher level than those who recommended takes the floor after them.

Every decision carries its evidence: the rule, the cue phrase and its character span.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from extractor.answer_turns import _LIST_MARKER, _VOTERS, _VOTERS_BEFORE, in_answer
from extractor.decisions import Cues, Decision, TurnState, background_or_report, open_turn
from extractor.rulefiles import Match, PhraseSet, load_yaml, string_list
from extractor.layout import is_list_item
from extractor.questions import asks_for_information
from extractor.turns import NO_ANALYSIS, SpeakerAnalysis

KINDS = ("recommendation", "response")

_CAUSE = re.compile(r"(?<!\w)(do|vì|bởi|bởi vì|tại vì)(?!\w)")


def _capitalised_inside(text: str | None, m: Match, start: int) -> bool:
    """A cue written with a capital inside a sentence is a name ("Hứa Văn Khởi", not "hứa")."""
    return text is not None and text[m.start].isupper() and bool(text[start:m.start].strip(" \"“'(-–•+*0123456789.)"))


_FOOTNOTE = re.compile(r"\s*\[\d{1,3}\]")
_DONE = re.compile(r"(?<!\w)đã\s*$")  # "đã" right before a verb: done, not asked now


def _skip_spaces(view: str, pos: int, end: int) -> int:
    while pos < end and view[pos] == " ":
        pos += 1
    return pos


_PARENS = re.compile(r"\([^()]*\)")
_PLACE_TAIL = re.compile(r"^(?:\s*,\s*(?:thị xã|thị trấn|huyện|tỉnh|thành phố|quận|phường|xã|tp\.?)\s+[^,.;:]{1,30})+(?=\s*,)")
_SPOKEN_FILLER = re.compile(r"\W*(?:(?:dạ|vâng|thưa [^,.]{1,40}|tôi|chúng tôi|và|sau đây|bây giờ)\W+)+")

# decisions no model overturns: procedure, a line introducing a list, background told with an opener
# ("Vừa qua, thành phố đề xuất ... nhưng chưa được chấp thuận"), footnotes, questions ("đề nghị ... cho biết")
FINAL_RULES = frozenset({"procedural_speaker", "procedural", "introduces_list", "background", "footnote", "question", "count",
                         "past_request", "complaint", "recipients"})


_NEGATED = re.compile(r"(?<!\w)(?:chưa|không|chẳng)(?:\s+(?:được|hề|thể))?\s*$")  # "chưa làm rõ": not done


def _verb_of(view: str, mention, verb) -> bool:
    """Whether ``verb`` follows the speaker's mention with at most a few words between ("Đại biểu X cũng xin tiếp thu")."""
    return mention is not None and mention[1] <= verb.start and len(view[mention[1]:verb.start].split()) <= 3


_MATTER_END = re.compile(r"[,:]")  # where "Về tuyển dụng giáo viên" ends and the decision starts


_DECISION_FILLER = re.compile(r"(?:cũng|đã|sẽ|đồng thời|,)(?!\w)")


class StatementRules:
    """Cue-phrase rules for the statement decision (see module docstring)."""

    GROUPS = ("request_verbs", "noun_markers_before", "noun_markers_after", "modal_cues", "imperative_verbs",
              "response_verbs", "reporting_verbs", "response_openers", "action_phrases", "background_openers",
              "continuation_openers", "response_sections", "recommendation_sections", "directive_openers",
              "procedural_openers", "procedural_addressees", "list_openers", "question_verbs", "question_also_asks",
              "past_request_markers", "past_request_context", "question_directives", "imperative_openers",
              "complaint_verbs", "decision_verbs", "procedural_requests", "turn_counts", "list_lead_endings", "closing_thanks",
              "addressee_headings", "council_subjects", "question_verb_not_in", "answer_leads", "matter_headings",
              "own_voice", "speaking_for_askers", "request_lead_endings", "recipient_heads")

    def __init__(self, name: str = "cues.yaml"):
        self._cache: dict = {}
        data = load_yaml(name)
        for g in self.GROUPS:
            setattr(self, g, PhraseSet(string_list(data, g, name), name=f"{name}: {g}"))
        units = sorted(string_list(data, "numbered_units", name), key=len, reverse=True)
        self._unit_number = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, units)) + r")\s+\d+\s*$")
        self.examples = data.get("examples") or {}

    # -- helpers over the normalised view -------------------------------------------------

    def _is_noun_use(self, view: str, m: Match, start: int) -> bool:
        before = view[max(start, m.start - 24):m.start].rstrip()
        after = view[m.end:m.end + 20].lstrip()
        if re.search(r"\d\s*$", before) and not self._unit_number.search(before):
            return True  # "25 kiến nghị", not "Cử tri phường 7 đề nghị"
        for b in self.noun_markers_before.finditer(before):
            if not before[b.end:].strip():
                return True
        a = self.noun_markers_after.match_at(after, 0)
        return a is not None

    def _memo(self, key: tuple, compute):
        """The value of ``compute()`` for a (view, span, what) key: the rules and the sequence
        model's features look up the same cues in the same sentence; bounded, cleared per document."""
        memo = self._cache
        if key in memo:
            return memo[key]
        if len(memo) > 20000:
            memo.clear()
        value = memo[key] = compute()
        return value

    def clear_cache(self) -> None:
        self._cache.clear()

    def search(self, group: str, view: str, start: int, end: int) -> Match | None:
        """The first phrase of a cue group in the span (memoised)."""
        return self._memo((view, start, end, "search", group), lambda: getattr(self, group).search(view, start, end))

    def request(self, view: str, start: int, end: int) -> Match | None:
        return self._memo((view, start, end, "request"), lambda: self._request(view, start, end))

    def _request(self, view: str, start: int, end: int) -> Match | None:
        """The first request verb used as a verb (not "25 kiến nghị", "các đề xuất", "kiến nghị của ...")."""
        for m in self.request_verbs.finditer(view, start, end):
            rest = view[m.end:end].strip()
            if rest[:1] == ":" and rest[1:].strip() and not _LIST_MARKER.sub("", view[start:m.start]).strip():
                continue  # "3. Kiến nghị: Cử tri xã X đề nghị cho biết ...": an item's label, the request follows it
            if not self._is_noun_use(view, m, start):
                return m
        return None

    def past_request(self, view: str, req: Match, start: int, end: int) -> bool:
        """Whether the request was made in the past and is told as background ("... đã nhiều lần kiến nghị",
        "Nội dung này cử tri đã kiến nghị tại kỳ họp thứ 6 ...")."""
        before = view[max(start, req.start - 24):req.start].rstrip()
        if re.search(r"(?<!\w)(?:tôi|chúng tôi|chúng ta)(?:\s+\S+){0,2}$", before):
            return False  # "chúng tôi nhiều lần kiến nghị ...": the speaker's own request, made again
        for m in self.past_request_markers.finditer(before):
            if not before[m.end:].strip():
                return True
        if not re.search(r"(?<!\w)đã$", before):
            return False
        return self.past_request_context.search(view, start, end) is not None

    def modal(self, view: str, start: int, end: int, text: str | None = None) -> Match | None:
        return self._memo((view, start, end, "modal", text is None), lambda: self._modal(view, start, end, text))

    def _modal(self, view: str, start: int, end: int, text: str | None = None) -> Match | None:
        for m in self.modal_cues.finditer(view, start, end):
            if text is not None and text[m.start].isupper() and text[start:m.start].strip(" \"“'(-"):
                continue  # a capitalised "Cần" inside a sentence is a name ("Cần Giuộc", "Cần Thơ")
            before = view[max(start, m.start - 12):m.start]
            if re.search(r"(nhu|sự|khi|không|chưa)\s*$", before):
                continue
            after = view[m.end:m.end + 12]
            if re.match(r"\s*(thiết|thơ|cù|mẫn)\b", after):
                continue
            if m.phrase == "nên" and (before.rstrip().endswith(",") or _CAUSE.search(view, start, m.start)):
                continue  # "..., nên ..." / "do ... nên ...": "so", not "should"
            return m
        return None

    def imperative_clause(self, view: str, start: int, end: int) -> Match | None:
        for cm in re.finditer(r";\s*", view[start:end]):
            pos = start + cm.end()
            m = self.imperative_verbs.match_at(view, pos, end)
            if m is not None:
                return m
        return None

    def opener(self, pset: PhraseSet, view: str, start: int, end: int) -> Match | None:
        return self._memo((view, start, end, "opener", pset.name), lambda: self._opener(pset, view, start, end))

    def _opener(self, pset: PhraseSet, view: str, start: int, end: int) -> Match | None:
        pos = start
        while pos < end and not view[pos].isalnum():
            pos += 1
        return pset.match_at(view, pos, end)

    # -- the decision ----------------------------------------------------------------------

    def decide(self, view: str, start: int, end: int, analysis: SpeakerAnalysis | None, state: TurnState,
               text: str | None = None) -> Decision:
        head = self.recipient_heads.match_at(view, start, end)
        if state.in_recipients(head is not None and not view[head.end:end].strip(" :"), is_list_item(view, start)):
            return Decision(None, "recipients")  # "Nơi nhận:" and the letter's recipients after it
        if state.list_lead and not is_list_item(view, start) and not state.under_addressee:
            state.list_lead = None  # the list ends at the first sentence that is not an item (or not under "Đối với X")
        d = self._decide(view, start, end, analysis, state, text)
        if state.list_lead == "recommendation" and d.kind != "recommendation" and is_list_item(view, start) \
                and (d.rule not in FINAL_RULES or d.rule == "past_request") and d.rule != "roster" \
                and self.opener(self.question_verbs, view, start, end) is None:
            # "... kiến nghị UBND huyện một số nội dung sau:" then "1. Chỉ đạo ... rà soát kiến nghị đã trả lời ...": one
            # of the requests, whatever words of answering or of past requests it holds
            d = Decision("recommendation", "item_of_request")
        colon = view.find(":", start, end)
        if d.kind is not None and analysis is not None and analysis.answer_label and colon >= 0 \
                and not _PARENS.sub("", view[colon + 1:end]).strip(" .;"):
            # "Trả lời: (Sở Nội vụ trả lời tại Văn bản số 1245/SNV-XDCQ)": the label of the answer that follows
            return Decision(None, "introduces_list", d.cue)
        if d.kind is not None and (view[start:end].rstrip().endswith(":") or self._leads_a_list(view, start, end) or (
                d.kind == "recommendation" and self._leads_a_list(view, start, end, self.request_lead_endings))):
            # "Chủ tọa kết luận:": the turn starts here (the state above has seen it), the items
            # that follow are the statements; "Ông X đề nghị UBND tỉnh ..., trong đó tập trung:" (in an answer
            # too): the items are what is asked
            if d.kind == "recommendation":
                state.mode = "recommendation"
            elif self._leads_an_answer(view, start, end):
                state.answer_block = state.answer_lead = True  # "Bộ Nội vụ trả lời vấn đề này như sau:"
            state.list_lead = d.kind
            return Decision(None, "introduces_list", d.cue)
        return d

    @staticmethod
    def _after_last(pset: PhraseSet, view: str, start: int, end: int) -> str | None:
        """The sentence's text after the last phrase of ``pset`` in it, or None when it has none."""
        last = None
        for last in pset.finditer(view, start, end):
            pass
        return None if last is None else view[last.end:end]

    def _leads_a_list(self, view: str, start: int, end: int, endings: PhraseSet | None = None) -> bool:
        """"Ông đề nghị UBND tỉnh tập trung chỉ đạo một số nội dung sau.": a request without its content, whose
        content is the items that follow (``list_lead_endings`` end the sentence, before its full stop; or whom the
        items are for: "... đưa ra một số kiến nghị đối với Chính phủ.")."""
        tail = (self._after_last(endings or self.list_lead_endings, view, start, end) or "-").strip(" .:;\n")
        return not tail or (re.match(r"(đối với|với|tới|đến|gửi)\s", tail) is not None and len(tail.split()) <= 6
                            and not re.search(r"[,;]", tail))

    def _speaks_for_askers(self, a: SpeakerAnalysis, view: str, start: int, end: int) -> SpeakerAnalysis:
        """"Thay mặt người lao động, ông X, Chủ tịch Công đoàn Công ty, cho biết ...": asks, whatever the level."""
        if a.asker or self.opener(self.speaking_for_askers, view, start, end) is None:
            return a
        return replace(a, asker=True, level=0)

    def _leads_an_answer(self, view: str, start: int, end: int) -> bool:
        """"Bộ Nội vụ trả lời vấn đề này như sau:": the sentence ends with one of ``answer_leads`` and a colon."""
        return (self._after_last(self.answer_leads, view, start, end) or "").strip() == ":"

    def _runs_the_meeting(self, view: str, start: int, end: int) -> Decision | None:
        """A sentence that only runs the meeting: an opener of procedure ("Xin mời đồng chí ... phát biểu.") or a count
        of its turns ("Phiên chất vấn đã có 14 lượt đại biểu đặt câu hỏi"); or None."""
        filler = _SPOKEN_FILLER.match(view, start, end)  # "Dạ, tôi xin mời ...", "Vâng, cảm ơn ..."
        procedural = self.opener(self.procedural_openers, view, filler.end() if filler else start, end)
        if procedural is not None:
            return Decision(None, "procedural", procedural)
        thanks = self.search("closing_thanks", view, start, end)
        if thanks is not None and self.request(view, start, end) is None:
            return Decision(None, "procedural", thanks)  # "Bộ Nội vụ trân trọng cảm ơn cử tri ...": a letter's close
        count = self.search("turn_counts", view, start, end)
        if count is not None and self.request(view, start, end) is None \
                and re.search(r"\d\s*$", view[max(start, count.start - 8):count.start]):
            return Decision(None, "count", count)
        return None

    def _answer_verb(self, view: str, start: int, end: int, text: str | None) -> Match | None:
        """The first verb of answering used as a verb: not a noun ("câu trả lời"), not inside a capitalised name, not
        negated ("chưa làm rõ")."""
        return next((m for m in self.response_verbs.finditer(view, start, end)
                     if not self._is_noun_use(view, m, start) and not _capitalised_inside(text, m, start)
                     and not _NEGATED.search(view, max(start, m.start - 12), m.start)), None)

    def _report_verb(self, view: str, start: int, end: int, mention) -> Match | None:
        """The first reporting verb; after the speaker's ``mention`` when a phrase ending in a comma comes before it
        ("Phát biểu kết luận, ông X đánh giá cao ...": the verb of saying in that phrase is not theirs)."""
        lead_end = mention[0] if mention is not None and view[start:mention[0]].rstrip().endswith(",") else start
        return self.search("reporting_verbs", view, lead_end, end)

    def _procedural_request(self, view: str, req: Match, end: int, a: SpeakerAnalysis) -> bool:
        """A request about the meeting itself: "đề nghị các đại biểu nêu câu hỏi ngắn gọn" (not a voter named
        asking the deputies: "Anh Quang ở phường X đề nghị các đại biểu khi thảo luận dự án luật cần ..."), "đề nghị
        cử tri phát biểu ngắn gọn, mỗi lượt không quá 5 phút"."""
        if self.procedural_addressees.match_at(view, _skip_spaces(view, req.end, end), end) \
                and not (a.explicit and not a.label_turn and (a.level or 0) == 0):
            return True
        return self.procedural_requests.search(view, req.end, end) is not None

    def _decide(self, view: str, start: int, end: int, analysis: SpeakerAnalysis | None, state: TurnState,
                text: str | None = None) -> Decision:
        a = analysis or NO_ANALYSIS
        if a.roster:
            return Decision(None, "roster")
        explicit = a.explicit or a.pronoun
        state.sentence_starts(a)
        if a.procedural:
            return Decision(None, "procedural_speaker")  # the MC's or the secretary's turn
        running = self._runs_the_meeting(view, start, end)
        if running is not None:
            state.turn_pending = explicit if a.new_turn else state.turn_pending  # "Xin cảm ơn ...": mode read after
            return running
        if _FOOTNOTE.match(view, start, end):
            return Decision(None, "footnote")  # "[2] Mô hình ... đã được một số địa phương đề xuất ..."
        mention = a.mention
        req = self.request(view, start, end)
        if req is not None and self._procedural_request(view, req, end, a):
            return Decision(None, "procedural", req)
        if req is not None and asks_for_information(self, view, req, end, text):
            state.asked = True
            return Decision(None, "question", req)  # "đề nghị Bộ trưởng cho biết ...": asks for an answer
        resp_verb = self._answer_verb(view, start, end, text)
        resp_open = self.opener(self.response_openers, view, start, end)
        background, report = background_or_report(view, self.opener(self.background_openers, view, start, end),
                                                  self._report_verb(view, start, end, mention if explicit else None), mention, explicit)
        action = self.search("action_phrases", view, start, end)
        modal = self.modal(view, start, end, text)

        cues = Cues(req, resp_verb, resp_open, background, report, action)
        a = self._speaks_for_askers(a, view, start, end)
        if a.new_turn or (state.mode is None and state.turn_pending is not None):
            open_turn(state, a, explicit or bool(state.turn_pending), cues, modal)
            state.turn_pending = None
        decision = self.decision_on_request(view, start, end, a, state, explicit, mention)
        if decision is not None:
            state.mode = "response"
            return Decision("response", "decision_on_request", decision)
        if state.mode == "response":
            return in_answer(self, view, start, end, a, state, explicit, mention, cues)

        complaint = self.complaint(view, start, end, mention, state, cues, modal)
        if complaint is not None:
            return Decision(None, "complaint", complaint)  # "Cử tri X phản ánh ...": a problem told, nothing asked
        if resp_open is not None and (action is not None or resp_verb is not None) and resp_open.start < start + 4:
            # "Về kiến nghị tăng phụ cấp, Sở Nội vụ đang tham mưu ...": an answer even without a turn
            state.mode = "response"
            return Decision("response", "reply_opener", resp_open)
        if req is not None:
            return self._on_request(view, start, end, a, state, explicit, cues)
        if resp_verb is not None and explicit and not (a.asker and not _verb_of(view, mention, resp_verb)):
            # a deputy's or voters' verb of answering is theirs only right after them ("Đại biểu X tiếp thu ..."), not in
            # what they report ("... nêu thực trạng: hệ thống giám sát ghi nhận 1.430 lượt tấn công")
            state.mode = "response"
            return Decision("response", "response_verb", resp_verb)
        if modal is not None and state.mode in ("recommendation", "neutral", None) and background is None:
            if a.person is None and not a.pronoun:
                return Decision(None, "modal_without_speaker", modal)  # advice in a news story, a manual ...
            if state.mode == "neutral" and not explicit and not self.opener(self.continuation_openers, view, start, end):
                return Decision(None, "modal_outside_turn", modal)
            state.mode = "recommendation"
            state.note_recommendation(a)
            return Decision("recommendation", "modal", modal)
        if state.mode == "recommendation" or (state.mode in (None, "neutral") and (
                state.asked or state.previous_kind == "recommendation")):
            more = self._one_more_request(view, start, end, background, state.list_lead)
            if more is not None:
                return more
        if background is not None:
            return Decision(None, "background", background)  # "Dẫn chứng, ...", "Vừa qua, ...": no model adds it
        return Decision(None, "no_cue")

    def _on_request(self, view: str, start: int, end: int, a: SpeakerAnalysis, state: TurnState, explicit: bool,
                    c: Cues) -> Decision:
        """A sentence with a verb of asking, outside an answering turn."""
        req = c.req
        if c.background is not None and not explicit:
            return Decision(None, "background", c.background)
        if self.past_request(view, req, start, end) and (
                not explicit or _VOTERS.search(view, max(start, req.start - _VOTERS_BEFORE), req.start)):
            # "Cử tri đã nhiều lần kiến nghị ... nhưng ...", never an official restating their own proposal
            return Decision(None, "past_request", req)
        if c.resp_open is not None and c.resp_verb is not None:
            return Decision("response", "response_verb", c.resp_verb)
        if explicit and not a.asker and state.section_asked and (a.level or 0) >= 1 and a.mention is not None \
                and req.phrase in ("yêu cầu", "chỉ đạo") and _DONE.search(view, max(start, req.start - 12), req.start) \
                and (self.own_voice.match_at(view, a.mention[0]) or view.startswith(("ubnd", "ủy ban"), a.mention[0])):
            # "Sở Y tế đã yêu cầu Bệnh viện ...", "Chúng tôi cũng đã chỉ đạo ..." after a petition of the section:
            # what the body did in reply (a person's "đã yêu cầu" at a conference is told as their request)
            state.mode = "response"
            return Decision("response", "done_in_reply", req)
        state.note_recommendation(a)
        return Decision("recommendation", "request_verb", req)

    def decision_on_request(self, view: str, start: int, end: int, a: SpeakerAnalysis, state: TurnState,
                            explicit: bool, mention) -> Match | None:
        """An official or a body that takes the turn with a decision ("UBND huyện giao UBND xã ...", "UBND huyện
        thống nhất với kiến nghị của ông ...") after voters or a deputy asked in the same section: the verb (a
        decision on the request is a response), or None."""
        if not (state.section_asked and not a.asker and (a.level or 0) >= 1 and a.person is not None):
            return None
        if not (explicit and a.new_turn and mention is not None):
            return self._concluding_decision(view, start, end, a)
        k = _skip_spaces(view, mention[1], end)
        while True:  # "UBND huyện cũng đã giao ..."
            filler = _DECISION_FILLER.match(view, k, end)
            if filler is None:
                break
            k = _skip_spaces(view, filler.end(), end)
        return self.decision_verbs.match_at(view, k, end)

    def _concluding_decision(self, view: str, start: int, end: int, a: SpeakerAnalysis) -> Match | None:
        """In an official's turn after a request in the section, a sentence that opens with the decision, after the
        matter it is about ("Về tuyển dụng giáo viên: giao Sở Nội vụ ...", "Về y tế, thống nhất giao UBND tỉnh ...",
        "1. Giao Phòng Nội vụ tham mưu ..."): the verb, or None."""
        if a.mention is not None:
            return None
        k = _skip_spaces(view, start + len(_LIST_MARKER.match(view[start:end]).group(0)), end)
        if view.startswith(("về ", "đối với "), k):
            lead = _MATTER_END.search(view, k, min(end, k + 120))
            if lead is None:
                return None
            k = _skip_spaces(view, lead.end(), end)
        council = self.council_subjects.match_at(view, k, end)
        if council is not None:  # "HĐND thành phố giao UBND thành phố ...": the chair's council decides
            k = _skip_spaces(view, council.end, end)
        return self.decision_verbs.match_at(view, k, end)

    def _one_more_request(self, view: str, start: int, end: int, background, list_lead: str | None = None
                          ) -> Decision | None:
        """Inside a turn that asks, a sentence with no cue of its own that is one more request: an imperative clause,
        a list item ("Hai là, bố trí lực lượng trực ..."), an imperative opening ("Duy trì tạm thời ..."), an item of
        a list a request announced ("Đoàn giám sát kiến nghị như sau:" then "- Quan tâm bố trí vốn ...")."""
        imp = self.imperative_clause(view, start, end)
        if imp is not None:
            return Decision("recommendation", "imperative_clause", imp)
        item = self.opener(self.list_openers, view, start, end)
        if item is not None and background is None:
            return Decision("recommendation", "list_item", item)
        opening = self.opener(self.imperative_openers, view, start, end)
        if opening is not None and background is None and opening.start < start + 3:
            return Decision("recommendation", "imperative_opening", opening)
        cont = self.opener(self.continuation_openers, view, start, end)
        if cont is not None and background is None:
            # "Bên cạnh đó, bố trí một công chức ...": the request goes on with no subject
            k = _skip_spaces(view, cont.end, end)
            k = _skip_spaces(view, k + 1, end) if k < end and view[k] == "," else k
            verb = self.imperative_verbs.match_at(view, k, end) or self.imperative_openers.match_at(view, k, end)
            if verb is not None:
                return Decision("recommendation", "continued_request", verb)
        if list_lead == "recommendation" and is_list_item(view, start):
            return Decision("recommendation", "item_of_request", None)
        return None

    def complaint(self, view: str, start: int, end: int, mention, state: TurnState, c: Cues, modal) -> Match | None:
        """The complaint verb of a speaker who only complains ("Cử tri X phản ánh ...", "nêu thực trạng"): no verb of
        asking or answering, no "cần"/"nên" (a "phải" after it tells the hardship: "bệnh nhân phải tự bỏ tiền")."""
        if c.req is not None or c.resp_verb is not None or (modal is not None and modal.phrase != "phải"):
            return None
        found = self.search("complaint_verbs", view, start, end)
        if found is None or (c.report is not None and c.report.start < found.start):
            return None
        if mention is None:
            return found if state.mode != "response" else None
        between = _PARENS.sub("", view[mention[1]:found.start]) if mention[1] <= found.start else "-"
        between = _PLACE_TAIL.sub("", between).strip(" ,")  # ", thị xã Sa Pa, phản ánh": the speaker's place
        return found if between in ("", "cũng", "còn", "thì") else None

@lru_cache(maxsize=1)
def default_rules() -> StatementRules:
    return StatementRules()
