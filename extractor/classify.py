"""Topic classification of statements: the ``vi_topics`` pipeline component.

For every sentence span whose ``kind`` is set (recommendation or response), the component
sets ``span._.topics`` (the labels passing their thresholds, ``other`` when none does),
``span._.scores`` (the probability of each of the five labels) and adds the model's name to
``span._.evidence["topic_model"]``.

The model is a directory (:mod:`extractor.model`): the component's ``model`` config, else
the ``EXTRACTOR_MODEL`` environment variable, else the shipped ``models/topics-v1``. The
component reads the words already in the Doc (:func:`extractor.features.span_features`),
so underthesea is not run a second time.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractor.extensions import register
from extractor.features import span_features
from extractor.model.load import cached_model
from extractor.model.runtime import Model


@Language.factory("vi_topics", default_config={"model": None},
                  assigns=["span._.topics", "span._.scores", "span._.evidence"], requires=["span._.kind"])
def make_topics(nlp: Language, name: str, model: str | None):
    register()
    return TopicComponent(cached_model(model))


class TopicComponent:
    """Doc -> Doc: topics and scores on every statement sentence."""

    def __init__(self, model: Model):
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        doc._.topic_model = {"name": self.model.name, "labels": list(self.model.labels)}
        sents = [s for s in doc.spans["sentences"] if s._.kind] if "sentences" in doc.spans else []
        if not sents:
            return doc
        results = self.model.classify_features([span_features(s) for s in sents])
        for span, (labels, scores) in zip(sents, results):
            span._.topics = labels
            span._.scores = scores
            evidence = dict(span._.evidence or {"decided_by": "unknown"})
            evidence["topic_model"] = self.model.name
            span._.evidence = evidence
        return doc
