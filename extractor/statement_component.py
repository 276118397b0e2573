"""The ``vi_statements`` pipeline component: the cue rules of :mod:`extractor.statements` decide each sentence in
text order, then the sentence-sequence model (or the kind model) reconsiders or adds, with the evidence kept."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.decisions import Decision, TurnState
from extractor.extensions import register
from extractor.statements import FINAL_RULES, KINDS, StatementRules, default_rules
from extractor.tokenise import doc_text
from extractor.turns import NO_ANALYSIS, NO_SPEAKER


def _speaker_near(sent: Span, text: str) -> bool:
    """Whether the sentence names its speaker, or follows the sentence that did, in the same paragraph."""
    a = sent._.analysis or NO_ANALYSIS
    if a.new_turn or a.pronoun or a.label_turn:
        return True  # a transcript turn: its label names the speaker of every sentence in it
    ev = (sent._.speaker or NO_SPEAKER).evidence
    if ev is None:
        return False
    start = ev.start
    gap = text[start:sent.start_char]
    return "\n" not in gap.strip() and len(gap) < 400



@Language.factory("vi_statements",
                  default_config={"model": None, "use_model": True, "add_threshold": 0.7, "sequence_model": "default"},
                  assigns=["span._.kind", "span._.cue", "span._.evidence"], requires=["span._.analysis"])
def make_statements(nlp: Language, name: str, model: str | None, use_model: bool, add_threshold: float,
                    sequence_model: str | None):
    """``sequence_model``: a statement model directory, ``"default"`` for the shipped one, or
    ``None``/``""`` for the rules (and the kind model's additions) alone."""
    register()
    if not 0.0 < add_threshold <= 1.0:
        raise ValueError(f"add_threshold must be in (0, 1], got {add_threshold!r}")
    sequence = None
    if use_model and sequence_model:
        from extractor.sequence.runtime import cached_sequence_model

        sequence = cached_sequence_model(None if sequence_model == "default" else sequence_model)
    kind_model = None
    if use_model and sequence is None:
        from extractor.model.load import cached_model

        kind_model = cached_model(model)
    return StatementComponent(default_rules(), kind_model, add_threshold, sequence)


class StatementComponent:
    """Rules find cues and keep the turn state; a sequence model trained on real documents decides.

    With a sequence model (the default), every sentence's kind is the CRF's label over the whole
    document, the rules' decision and cue groups being among its features; decisions of the rules
    that are final (a procedural turn, a roster line, a line introducing a list) are kept.
    Without one, the rules decide and the learned kind model (when given) adds what the rules
    miss: a sentence with a speaker near it and a statement probability of at least ``add_threshold``.
    The choice was made on the real test split (see models/statements-v1/MODEL_CARD.md).
    """

    def __init__(self, rules: StatementRules, kind_model=None, add_threshold: float = 0.7, sequence=None):
        self.rules = rules
        self.kind_model = kind_model
        self.add_threshold = add_threshold
        self.sequence = sequence

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sents, decisions, modes = self.rule_pass(doc)
        if self.sequence is not None:
            self._decide_by_sequence(doc, text, sents, decisions, modes)
        elif self.kind_model is not None:
            self._add_from_model(doc, text, modes)
        return doc

    def rule_pass(self, doc: Doc):
        """The cue rules over the document's sentences: (sentences, decisions, turn mode by start)."""
        self.rules.clear_cache()
        view = doc._.view
        text = doc_text(doc)
        state = TurnState()
        modes: dict[int, str | None] = {}  # the turn's mode at each sentence, for the model's additions
        decisions: list[Decision] = []
        headings = [(h.start_char, h.end_char) for h in doc.spans["headings"]]
        hi = 0
        sents = list(doc.spans["sentences"])
        for sent in sents:
            while hi < len(headings) and headings[hi][0] < sent.start_char:
                state.heading(view[headings[hi][0]:headings[hi][1]], self.rules.response_sections,
                              self.rules.recommendation_sections, self.rules.addressee_headings,
                              self.rules.matter_headings)
                hi += 1
            d = self.rules.decide(view, sent.start_char, sent.end_char, sent._.analysis, state, text)
            state.previous_kind = d.kind
            sent._.kind = d.kind
            sent._.cue = d.cue.phrase if (d.cue and d.kind) else None
            sent._.evidence = d.evidence()
            modes[sent.start_char] = state.mode
            decisions.append(d)
        return sents, decisions, modes

    def sequence_features(self, doc: Doc, sents, decisions, modes) -> list[dict[str, float]]:
        from extractor.sequence.features import sentence_features

        text = doc_text(doc)
        near = [_speaker_near(s, text) for s in sents]
        return sentence_features(doc, sents, decisions, [modes[s.start_char] for s in sents], self.rules, near)

    def _decide_by_sequence(self, doc: Doc, text: str, sents, decisions, modes) -> None:
        feats = self.sequence_features(doc, sents, decisions, modes)
        tags = self.sequence.tag(feats, [d.kind for d in decisions],
                                 rules=[_combined_rule(d, s) for d, s in zip(decisions, sents)])
        for sent, d, tag in zip(sents, decisions, tags):
            if d.rule in FINAL_RULES or d.rule == "roster":
                continue
            sent._.kind = tag.kind
            sent._.cue = d.cue.phrase if (d.cue and tag.kind) else None
            evidence = d.evidence()
            evidence.update(decided_by="rules" if tag.how == "rules_kept" else "rules+sequence_model",
                            decision=tag.how, rule_kind=d.kind, sequence_model=self.sequence.name,
                            probability=tag.probability, kind_scores=tag.scores,
                            features=[[k, w] for k, w in tag.features])
            sent._.evidence = evidence

    def _add_from_model(self, doc: Doc, text: str, modes: dict | None = None) -> None:
        from extractor.features import span_features

        # only sentences the model could add: left out by the rules, with a speaker
        sents = [s for s in doc.spans["sentences"]
                 if s._.kind is None and not (s._.analysis or NO_ANALYSIS).roster
                 and (s._.evidence or {}).get("rule") not in FINAL_RULES
                 and ((s._.speaker or NO_SPEAKER).name or (s._.speaker or NO_SPEAKER).role)
                 and _speaker_near(s, text)]
        if not sents:
            return
        probs = self.kind_model.kind_proba_features([span_features(s) for s in sents])
        for sent, p in zip(sents, probs):
            evidence = sent._.evidence
            evidence["kind_scores"] = {k: round(float(v), 4) for k, v in p.items()}
            kind = max(KINDS, key=lambda k: p.get(k, 0.0))
            mode = (modes or {}).get(sent.start_char)
            if 1.0 - p.get("none", 0.0) >= self.add_threshold and not (mode == "recommendation" and kind == "response"):
                # (a "response" in the middle of someone's recommendations describes, it does not answer)
                sent._.kind = kind
                evidence.update(decided_by="rules+model", rule="model_added")
            sent._.evidence = evidence


def _combined_rule(d: Decision, sent: Span) -> str:
    """The rule id the sequence model's combination step sees: a verb of answering in the labelled turn of an
    official ("Ông Lê Đình Khang: Chúng tôi tiếp thu phản ánh ...") is not the weak evidence a verb of answering
    alone is."""
    a = sent._.analysis or NO_ANALYSIS
    if d.rule == "response_verb" and a.label_turn and not a.asker and (a.level or 0) >= 1:
        return "response_verb_in_labelled_turn"
    return d.rule
