"""What the speaker stage hands the statement stage for each sentence: one typed, frozen value.

``vi_speakers`` sets ``span._.analysis`` to a :class:`SpeakerAnalysis` on every sentence;
``vi_statements`` and the sequence model's features read it. ``person`` identifies who speaks
by their place in the document's cast (``SpeakerTracker.key``), stable for the whole document.
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

    def to_dict(self) -> dict:
        return asdict(self)


NO_ANALYSIS = SpeakerAnalysis()
