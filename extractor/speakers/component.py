"""The ``vi_speakers`` pipeline component: who said each sentence, turn by turn."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.extensions import register
from extractor.normalise import norm_phrase
from extractor.tokenise import doc_text
from extractor.turns import SpeakerAnalysis
from extractor.speakers.rules import SpeakerRules, default_rules
from extractor.speakers.names import Mention, Person, organization_of, role_end, syllables
from extractor.speakers.mentions import _trailing_group, find_mentions
from extractor.speakers.choice import _belongs_to, choose_speaker, speech_verb_positions
from extractor.speakers.cast import (SpeakerTracker, _ALIAS_LABEL, _ANSWER_LABEL, _ROSTER_CUE, _recase_label,
                                     roster_entries)




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
    register()
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
            chosen = choose_speaker(mentions, verbs, text, view, s, e, self.rules.verb_fillers)
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

