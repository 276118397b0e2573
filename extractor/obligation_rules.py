"""The word lists of ``resources/obligations.yaml`` as one frozen value (who must act: verbs of assigning and of the
task, the heads of bodies, commitments; by when: the words after which a time is the past), shared by
:mod:`extractor.obligations` (assignees) and :mod:`extractor.deadlines`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.rulefiles import load_yaml, string_list


@dataclass(frozen=True)
class ObligationRules:
    assign_verbs: tuple[str, ...]
    task_verbs: tuple[str, ...]
    past_markers: tuple[str, ...]
    body_heads: tuple[str, ...] = ()
    commitment_words: tuple[str, ...] = ()
    subject_openers: tuple[str, ...] = ()
    directive_verbs: tuple[str, ...] = ()
    requesting_speakers: tuple[str, ...] = ()
    concluding_speakers: tuple[str, ...] = ()
    self_commitments: tuple[str, ...] = ()

    def __post_init__(self):  # the patterns, compiled once (the lists are tried on every statement)
        alt = lambda words: "|".join(re.escape(w) for w in words)  # noqa: E731
        object.__setattr__(self, "assign_re", re.compile(rf"(?<!\w)(?:{alt(self.assign_verbs)})\s+(?:cho\s+)?"))
        object.__setattr__(self, "task_re", re.compile(rf"(.{{2,80}}?)\s*,?\s+(?:{alt(self.task_verbs)})(?!\w)"))
        object.__setattr__(self, "task_word_re", re.compile(rf"\s(?:{alt(self.task_verbs)})(?!\w)"))
        object.__setattr__(self, "head_re", re.compile(rf"(?:các\s+)?(?:{alt(self.body_heads)})(?!\w)"))
        object.__setattr__(self, "commit_re", re.compile(rf"(?<!\w)(?:{alt(self.commitment_words)})(?!\w)"))
        object.__setattr__(self, "directive_re", re.compile(rf"(?<!\w)(?:{alt(self.directive_verbs)})\s+(?:cho\s+)?"))
        object.__setattr__(self, "self_commit_re", re.compile(rf"(?<!\w)(?:{alt(self.self_commitments)})(?!\w)"))


@lru_cache(maxsize=1)
def default_obligation_rules() -> ObligationRules:
    data = load_yaml("obligations.yaml")
    lists = {k: tuple(sorted(string_list(data, k, "obligations.yaml"), key=len, reverse=True))
             for k in ("assign_verbs", "task_verbs", "past_markers", "body_heads", "commitment_words",
                       "subject_openers", "directive_verbs", "requesting_speakers", "concluding_speakers",
                       "self_commitments")}
    return ObligationRules(**lists)




def span_of(text: str, start: int, end: int, offset: int) -> dict:
    """A field's span: its text and its offsets in the document (``offset``: where ``text`` starts)."""
    return {"text": text[start:end], "start": offset + start, "end": offset + end}
