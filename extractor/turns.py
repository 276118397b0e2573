"""What the speaker stage hands the statement stage for each sentence: typed, frozen values.

``vi_speakers`` sets ``span._.speaker`` to a :class:`Speaker` (who says the sentence, and the mention that
shows it) and ``span._.analysis`` to a :class:`SpeakerAnalysis` (how the turn goes) on every sentence;
``vi_statements``, the sequence model's features and the records read them. ``person`` identifies who
speaks by their place in the document's cast (``SpeakerTracker.key``), stable for the whole document.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class SpeakerAnalysis:
    roster: bool = False              # a line of the attendance list: never a statement
    procedural: bool = False          # the MC's or the secretary's turn
    explicit: bool = False            # the sentence names its speaker (or a turn label does)
    pronoun: bool = False             # the speaker is named by a pronoun ("Ông", "tôi")
    mention: tuple[int, int] | None = None  # character span of the mention that decided
    level: int | None = None          # the speaker's level (0 voters ... 4 central)
    person: int | None = None         # who speaks: index in the document's cast
    new_turn: bool = False            # a speaker is named here: a turn starts
    label_turn: bool = False          # the sentence belongs to a labelled transcript turn
    answer_label: bool = False        # a "Trả lời:" label opens the sentence
    interview_question: bool = False  # a journalist's question in an interview
    interview_answer: bool = False    # an answer paragraph of an interview
    asker: bool = False               # the speaker asks by capacity: a deputy or voters (who ask, never answer)

    def to_dict(self) -> dict:
        return asdict(self)


NO_ANALYSIS = SpeakerAnalysis()


@dataclass(frozen=True)
class SpeakerEvidence:
    """The mention that decided who speaks (character offsets in the Doc's text) and the rule that made it."""

    rule: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Speaker:
    """Who says a sentence: a person (name and role), or a body or group (role only), or no one."""

    name: str | None = None
    role: str | None = None
    organization: str | None = None
    evidence: SpeakerEvidence | None = None

    def to_dict(self, offset: int = 0) -> dict:
        """The record's ``speaker`` object; evidence offsets moved by ``offset`` (a piece of a long document)."""
        ev = self.evidence
        return {"name": self.name, "role": self.role, "organization": self.organization,
                "evidence": None if ev is None else {"rule": ev.rule, "start": ev.start + offset,
                                                     "end": ev.end + offset, "text": ev.text}}


NO_SPEAKER = Speaker()
