"""The statement decision inside an answering turn: a response, the official's own request, or background.

Used by :meth:`extractor.statements.StatementRules.decide` once a turn answers (a reply opener, a verb of answering,
an official after a request, an answer label)."""

from __future__ import annotations

import re
from extractor.decisions import Cues, Decision, TurnState
from extractor.layout import is_list_item
from extractor.rulefiles import Match
from extractor.turns import SpeakerAnalysis

# "Về <topic>, ..." / "Đối với <topic>, ...": an answer taking up one point.
_TOPIC_OPENER = re.compile(r"(về|đối với)\s[^,.;:]{3,100},")
# what may precede an item's first word: "2.", "a)", "-", "+", "•", quotes
_LIST_MARKER = re.compile(r"^[\s\-–+•*\"“'(]*(?:(?:\d{1,2}|[a-zđ])[.)]\s*)?[\s\-–+•*\"“'(]*")
_VOTERS = re.compile(r"(?<!\w)(?:cử tri|người dân|nhân dân|bà con)(?!\w)")
_VOTERS_BEFORE = 60  # characters before a verb of asking where its voters may be ("cử tri xã A, xã B đã nhiều lần ...")


def in_answer(rules, view: str, start: int, end: int, a: SpeakerAnalysis, state: TurnState,
              explicit: bool, mention, c: Cues) -> Decision:
    """A sentence inside an answering turn: a response, the official's own request, or background. ``rules``: the
    :class:`~extractor.statements.StatementRules` deciding (its cue phrases and tests)."""
    req, resp_verb, resp_open, background, report, action = (c.req, c.resp_verb, c.resp_open, c.background,
                                                             c.report, c.action)
    if req is not None and _VOTERS.search(view, max(start, req.start - _VOTERS_BEFORE), req.start) \
            and rules.past_request(view, req, start, end):
        return Decision(None, "past_request", req)  # "Nội dung này cử tri đã kiến nghị tại kỳ họp thứ 17 ..."
    if req is not None:
        # the answering speaker asks lower levels directly ("Phó Giám đốc Sở Nội vụ cũng đề nghị ...")
        direct = mention is not None and mention[1] <= req.start and view[mention[1]:req.start].strip() in ("", "cũng", "còn")
        # or in their own voice, the verb opening the sentence ("Đề nghị UBND huyện chỉ đạo ...") or after the body
        # naming itself ("“Sở cũng kiến nghị Bộ ...", "Chúng tôi đề nghị ..."; not "đã kiến nghị": what was done)
        before = _LIST_MARKER.sub("", view[start:req.start]).strip()
        own = rules.own_voice.match_at(before, 0) if before else None
        direct = direct or not before or (own is not None and own.end == len(before))
        if direct and resp_open is None:
            return Decision("recommendation", "official_request", req)
        if background is not None and not explicit:
            return Decision(None, "background", background)
        return Decision("response", "reported_request_in_answer", req)
    if resp_verb is not None:
        return Decision("response", "response_verb", resp_verb)
    if background is not None and resp_open is None:
        return Decision(None, "background", background)
    if explicit and report is not None:
        return Decision("response", "answer_reported", report)
    if background is not None:
        return Decision(None, "background", background)
    if resp_open is not None and (action is not None or explicit or report is not None):
        return Decision("response", "reply_opener", resp_open)
    if action is not None:
        return Decision("response", "action_in_answer", action)
    directive = rules.opener(rules.directive_openers, view, start, end)
    if directive is not None:
        return Decision("response", "directive_in_answer", directive)
    topic = _TOPIC_OPENER.match(view, start, end)
    if topic is not None:
        return Decision("response", "topic_opener_in_answer",
                        Match(topic.start(), topic.end(1), view[topic.start():topic.end(1)]))
    if state.answer_block and not a.answer_label and a.person is not None \
            and len(view[start:end].split()) >= 6:
        # every sentence of a "Trả lời:" paragraph answers, legal background included
        return Decision("response", "in_answer_block")
    if state.list_lead == "response" and is_list_item(view, start):
        # "HĐND thành phố giao UBND thành phố chỉ đạo ... các nhiệm vụ sau:" then "3. Sở Tài chính tham mưu bố trí
        # kinh phí ...": each item is one of the decisions
        return Decision("response", "item_of_decision")
    return Decision(None, "answer_background")
