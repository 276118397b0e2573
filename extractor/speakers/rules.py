"""The speaker rules of resources/speakers.yaml (and the speech verbs of cues.yaml and the places of
places.yaml), loaded and checked once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from extractor.normalise import norm_phrase
from extractor.rulefiles import PhraseSet, load_yaml, phrase_pattern, require, string_list


@dataclass(frozen=True)
class SpeakerRules:
    honorifics: PhraseSet
    pronouns: PhraseSet
    titles: PhraseSet
    title_level: dict
    org_heads: PhraseSet
    org_units: PhraseSet
    unit_level: dict
    surnames: frozenset
    not_name: frozenset
    speech_verbs: PhraseSet
    request_verbs: PhraseSet
    procedural_labels: PhraseSet
    section_heading_openers: PhraseSet  # "Kiến nghị của": a heading that names who raised the section's requests
    generic_bodies: PhraseSet  # "thành phố", "tỉnh": a body named by its kind, as a subject
    letter_salutations: PhraseSet  # "Kính gửi": a letter to the person named after it, who is its "ông" / "bà"
    deputy_titles: frozenset      # titles whose parenthesised place is a delegation ("Đại biểu X (đoàn Y)")
    place_heads: PhraseSet        # how such a place starts ("đoàn", "tổ", "phường", ...)
    unit_words: frozenset         # unit words a personal name may directly follow in a role
    voter_words: PhraseSet        # how voters named at the end of an item start ("cử tri", "nhiều cử tri")
    places: PhraseSet = PhraseSet([], name="places")  # provinces, districts, countries (places.yaml)
    group_subjects: PhraseSet = PhraseSet([], name="group_subjects")  # "nhiều ý kiến", "các đại biểu" ...
    verb_fillers: tuple[str, ...] = ()  # "có công văn": between a speaker and its verb (subject_verb_fillers)
    verb_nouns: PhraseSet = PhraseSet([], name="verb_nouns")  # "Ban chỉ đạo": a verb of saying inside a noun
    dialogue_intro: PhraseSet = PhraseSet([], name="dialogue_intro_words")  # "Giọng chị run run:" then "— ..."
    sub_bodies: PhraseSet = PhraseSet([], name="issuing_sub_bodies")  # "SỞ Y TẾ" under "UBND TỈNH X" writes
    response_openers: PhraseSet = PhraseSet([], name="response_openers")  # "Đối với kiến nghị ...," (cues.yaml)
    name_stops: frozenset = frozenset()  # words that end a name even after an honorific ("ông X Sở ...")
    place_words: tuple[str, ...] = ()  # "quận", "thôn": a capitalised run after them is a place (place_words_before_names)
    org_names: dict = None  # normalised official name -> as written (organization_names)
    given_name_prefixes: frozenset = frozenset()  # "Y" of "Y Khuê Byă", called "ông Khuê"
    enterprise_words: tuple[tuple[str, ...], ...] = ()  # ("Công", "ty"): a name a few words after is the enterprise's
    institution_words: tuple[tuple[str, ...], ...] = ()  # ("Trường",), ("Bệnh", "viện"): the name after them is the institution's
    task_verbs: PhraseSet = PhraseSet([], name="task_verbs")  # "chủ trì", "phối hợp": a body's name ends before them
    # "Theo báo cáo của UBND huyện X, ...": the body after one of these says the clause after the comma
    according_to: tuple[str, ...] = ()
    asker_words: tuple[str, ...] = ()  # "cử tri", "thính giả": who is named so asks (never answers)
    answer_label: re.Pattern = re.compile(r"(?!)")  # "Trả lời:", "Tiếp thu, giải trình:" (answer_labels)
    answer_leads: PhraseSet = PhraseSet([], name="answer_leads")  # "... xin trả lời như sau:" (cues.yaml)
    addressee_headings: PhraseSet = PhraseSet([], name="addressee_headings")  # "1. Đối với UBND tỉnh" in a list
    role_modifiers: PhraseSet = PhraseSet([], name="role_modifiers")  # "chuyên trách": inside a role, before its unit
    people_nouns: frozenset = frozenset()  # "cán bộ, công chức": nouns of people a lower-case title is listed after
    # "Giải trình của ông X:", "Kết luận của Chủ tịch UBND xã:": the labelled turn answers
    answer_label_of_heads: PhraseSet = PhraseSet([], name="answer_label_of_heads")
    # "Câu 1. (Đại biểu H'Liên Byă, Tổ đại biểu huyện Krông Bông)": a question's heading, its asker in parentheses
    question_heading_heads: PhraseSet = PhraseSet([], name="question_heading_heads")
    agreement_verbs: PhraseSet = PhraseSet([], name="agreement_verbs")  # "đồng tình": a verb, never a role's tail
    starts2: frozenset = frozenset()  # prefixes of every honorific, title and organisation head
    starts1: frozenset = frozenset()

    def according_to_before(self, norms: list[str], i: int) -> bool:
        """Whether an ``according_to`` phrase ("theo báo cáo của") ends right before syllable ``i`` of ``norms``."""
        return any(" ".join(norms[max(0, i - len(p.split())):i]) == p for p in self.according_to)

    def __post_init__(self):
        two, one = set(), set()
        for pset in (self.honorifics, self.titles, self.org_heads, self.group_subjects):
            a, b = pset.prefixes()
            two |= a
            one |= b
        object.__setattr__(self, "starts2", frozenset(two))
        object.__setattr__(self, "starts1", frozenset(one))

    @classmethod
    def load(cls, name: str = "speakers.yaml", cues: str = "cues.yaml", places: str = "places.yaml") -> "SpeakerRules":
        data = load_yaml(name)
        gaz = load_yaml(places)
        place_list = [p for key in ("provinces", "cities_and_districts", "countries") for p in string_list(gaz, key, places)]
        place_list += _districts(gaz, places)
        titles = require(data, "titles", list, name)
        title_level = {}
        for i, t in enumerate(titles):
            if not isinstance(t, dict) or not isinstance(t.get("title"), str) or not isinstance(t.get("level"), int):
                raise_config(f"{name}: titles[{i}] must be {{title: str, level: int}}, got {t!r}")
            title_level[norm_phrase(t["title"])] = t["level"]
        units = require(data, "org_levels", list, name)
        unit_level = {}
        for i, u in enumerate(units):
            if not isinstance(u, dict) or not isinstance(u.get("unit"), str) or not isinstance(u.get("level"), int):
                raise_config(f"{name}: org_levels[{i}] must be {{unit: str, level: int}}, got {u!r}")
            unit_level[norm_phrase(u["unit"])] = u["level"]
        cue = load_yaml(cues)
        speech = (string_list(cue, "request_verbs", cues) + string_list(cue, "response_verbs", cues)
                  + string_list(cue, "reporting_verbs", cues) + string_list(data, "deciding_verbs", name)
                  + string_list(data, "asking_verbs", name))
        return cls(
            honorifics=PhraseSet(string_list(data, "honorifics", name), name=f"{name}: honorifics"),
            pronouns=PhraseSet(string_list(data, "pronouns", name), name=f"{name}: pronouns"),
            titles=PhraseSet([t["title"] for t in titles], name=f"{name}: titles"),
            title_level=title_level,
            org_heads=PhraseSet(string_list(data, "organization_heads", name) + string_list(data, "organization_names", name),
                                name=f"{name}: organization_heads"),
            org_units=PhraseSet([u["unit"] for u in units], name=f"{name}: org_levels"),
            unit_level=unit_level,
            surnames=frozenset(norm_phrase(s) for s in string_list(data, "surnames", name)),
            not_name=frozenset(norm_phrase(s) for s in string_list(data, "not_name_words", name)),
            speech_verbs=PhraseSet(speech, name=f"{cues}: speech verbs"),
            request_verbs=PhraseSet(string_list(cue, "request_verbs", cues), name=f"{cues}: request_verbs"),
            sub_bodies=PhraseSet(string_list(data, "issuing_sub_bodies", name), name=f"{name}: issuing_sub_bodies"),
            dialogue_intro=PhraseSet(string_list(data, "dialogue_intro_words", name), name=f"{name}: dialogue_intro_words"),
            response_openers=PhraseSet(string_list(cue, "response_openers", cues), name=f"{cues}: response_openers"),
            generic_bodies=PhraseSet(string_list(data, "generic_body_subjects", name),
                                     name=f"{name}: generic_body_subjects"),
            letter_salutations=PhraseSet(string_list(data, "letter_salutations", name),
                                         name=f"{name}: letter_salutations"),
            section_heading_openers=PhraseSet(string_list(data, "section_heading_openers", name),
                                              name=f"{name}: section_heading_openers"),
            procedural_labels=PhraseSet(string_list(data, "procedural_labels", name),
                                        name=f"{name}: procedural_labels"),
            deputy_titles=frozenset(norm_phrase(x) for x in string_list(data, "deputy_titles", name)),
            place_heads=PhraseSet(string_list(data, "delegation_place_heads", name),
                                  name=f"{name}: delegation_place_heads"),
            unit_words=frozenset(norm_phrase(x) for x in string_list(data, "name_after_unit_words", name)),
            voter_words=PhraseSet(string_list(data, "trailing_voter_words", name), name=f"{name}: trailing_voter_words"),
            places=PhraseSet(place_list, name=places),
            name_stops=frozenset(norm_phrase(x) for x in string_list(data, "name_stop_words", name)),
            group_subjects=PhraseSet(string_list(data, "group_subjects", name), name=f"{name}: group_subjects"),
            verb_fillers=tuple(norm_phrase(x) for x in string_list(data, "subject_verb_fillers", name)),
            verb_nouns=PhraseSet(string_list(data, "verb_nouns", name), name=f"{name}: verb_nouns"),
            place_words=tuple(norm_phrase(x) for x in string_list(data, "place_words_before_names", name)),
            org_names={norm_phrase(x): x for x in string_list(data, "organization_names", name)},
            given_name_prefixes=frozenset(norm_phrase(x) for x in string_list(data, "given_name_prefixes", name)),
            institution_words=tuple(tuple(x.split()) for x in string_list(data, "institution_words", name)),
            enterprise_words=tuple(tuple(x.split()) for x in string_list(data, "enterprise_words", name)),
            role_modifiers=PhraseSet(string_list(data, "role_modifiers", name), name=f"{name}: role_modifiers"),
            people_nouns=frozenset(norm_phrase(x) for x in string_list(data, "people_nouns", name)),
            answer_label_of_heads=PhraseSet(string_list(data, "answer_label_of_heads", name),
                                            name=f"{name}: answer_label_of_heads"),
            question_heading_heads=PhraseSet(string_list(data, "question_heading_heads", name),
                                             name=f"{name}: question_heading_heads"),
            agreement_verbs=PhraseSet(string_list(data, "agreement_verbs", name), name=f"{name}: agreement_verbs"),
            task_verbs=PhraseSet(string_list(data, "task_verbs", name), name=f"{name}: task_verbs"),
            according_to=tuple(norm_phrase(x) for x in string_list(data, "according_to", name)),
            asker_words=tuple(norm_phrase(x) for x in string_list(data, "asker_words", name)),
            answer_label=_answer_label(string_list(data, "answer_labels", name)),
            answer_leads=PhraseSet(string_list(cue, "answer_leads", cues), name=f"{cues}: answer_leads"),
            addressee_headings=PhraseSet(string_list(cue, "addressee_headings", cues), name=f"{cues}: addressee_headings"),
        )


def _answer_label(heads: list[str]) -> re.Pattern:
    """The label of an answer: one of ``heads``, then up to 60 characters (or a parenthesis naming who answers,
    however long) before its colon, matched on the normalised view."""
    body = phrase_pattern(sorted({norm_phrase(h) for h in heads}))
    return re.compile(rf"\W*({body})(?:[^:.;]{{0,60}}|[^:.;(]{{0,30}}\([^()]{{0,150}}\)\s*):")


def _districts(gaz: dict, where: str) -> list[str]:
    """The district names of places.yaml (a mapping: province -> list of names)."""
    table = gaz.get("districts") or {}
    if not isinstance(table, dict):
        raise_config(f"{where}: 'districts' must map each province to a list of names")
    return [p for province in table for p in string_list(table, province, where)]


def raise_config(msg: str):
    from extractor.errors import ConfigError

    raise ConfigError(msg)


@lru_cache(maxsize=1)
def default_rules() -> SpeakerRules:
    return SpeakerRules.load()


