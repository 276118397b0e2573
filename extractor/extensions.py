"""The custom attributes the pipeline sets on spaCy Docs and Spans, registered in one place.

:func:`register` is called by the tokenizer (every Doc of the pipeline is made by it) and by each
component's factory; it is idempotent, so calling it again costs nothing."""

from __future__ import annotations

from spacy.tokens import Doc, Span

# Span attributes, on sentence spans unless said otherwise
SPAN_ATTRIBUTES = (
    ("kind", None),          # "recommendation" | "response" | None
    ("cue", None),           # the cue phrase that fired, as written in the rule file
    ("evidence", None),      # dict: why the kind was decided
    ("speaker", None),       # the speakers stage's Speaker of the sentence (extractor.turns)
    ("addressee", None),     # dict: text, start, end
    ("topics", None),        # list of labels
    ("scores", None),        # label -> probability
    ("analysis", None),      # the speakers stage's SpeakerAnalysis of the sentence (extractor.turns)
)
DOC_ATTRIBUTES = (
    ("roster", None),        # the document's list of participants, when it has one
    ("view", None),          # the normalised view of the text the rules read (same length and offsets)
    ("source_text", None),   # the exact string the tokenizer was given
    ("token_norms", None),   # each token's text in the view (norm_), as one list: no Token object per token
    ("topic_model", None),   # {"name", "labels"} of the topic model that labelled the statements
)
_done = False


def register() -> None:
    """Register every attribute above (once per process)."""
    global _done
    if _done:
        return
    for cls, attributes in ((Span, SPAN_ATTRIBUTES), (Doc, DOC_ATTRIBUTES)):
        for name, default in attributes:
            if not cls.has_extension(name):
                cls.set_extension(name, default=default)
    _done = True
