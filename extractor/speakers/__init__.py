"""Speakers: who said each sentence, in what capacity, and to whom.

Pattern rules from ``resources/speakers.yaml`` (titles, organisation words, honorifics,
surnames, pronouns) and the speech verbs of ``resources/cues.yaml`` are applied to the
normalised view of each sentence. The component ``vi_speakers``

* finds mentions: a title with its organisation and a name ("Chủ tịch UBND phường 13
  (quận 3) Bùi Hữu Huy Hoàng"), a name with an honorific ("bà Tâm"), a name followed by
  its role ("Trần Văn B, Trưởng phòng Nội vụ"), a group ("Cử tri phường 7"), a title
  alone ("Phó Giám đốc Sở Nội vụ"), a pronoun ("Ông", "Theo bà"), or a body ("Sở Nội vụ");
* picks the mention that is the subject of the sentence's speech verb, or the speaker
  of a transcript turn label, and resolves it to a person met earlier (full name and
  role), the roster of attendees, or the current turn;
* keeps the turn: sentences without a speaker of their own continue the current
  speaker's turn until a heading or a new speaker;
* reads the roster of attendees ("Tham dự hội nghị có các đồng chí: ...").

Each sentence's ``_.speaker`` is a frozen :class:`extractor.turns.Speaker` (``name``, ``role``,
``organization`` and ``evidence``: the rule and the character span of the mention); ``_.addressee``
holds the organisation a recommendation is addressed to; ``_.analysis`` is a frozen
:class:`extractor.turns.SpeakerAnalysis` with what the statement decision needs (explicit mention,
speaker level, who speaks by their place in the document's cast).
"""


from extractor.speakers.choice import choose_speaker, speech_verb_positions
from extractor.speakers.component import SpeakerComponent, make_speakers
from extractor.speakers.mentions import RECOGNISERS, find_mentions
from extractor.speakers.names import Mention, Person, name_at, organization_of, role_end, syllables
from extractor.speakers.rules import SpeakerRules, default_rules

__all__ = ["RECOGNISERS", "Mention", "Person", "SpeakerComponent", "SpeakerRules", "choose_speaker", "default_rules",
           "find_mentions", "make_speakers", "name_at", "organization_of", "role_end", "speech_verb_positions",
           "syllables"]
