"""Topic classification of statements (filled in by the classifier work, issue 4)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("vi_topics", default_config={"model": None}, assigns=["span._.topics", "span._.scores"])
def make_topics(nlp: Language, name: str, model: str | None):
    return TopicComponent()


class TopicComponent:
    def __call__(self, doc: Doc) -> Doc:
        return doc
