"""Pipeline assembly: one spaCy Language with our tokenizer and components, Document in, records out.

    text ──tokenizer (segment + underthesea words + norm view)──> Doc
         ──vi_speakers──> speaker/addressee on each sentence, roster on the Doc
         ──vi_statements──> kind, cue and evidence on each sentence
         ──vi_topics──> topics and scores on each statement
    Doc ──records──> JSON objects (schema 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractor.document import Document
from extractor.errors import ExtractorError
from extractor.links import cached_link_model, link_records
from extractor.obligations import add_obligations
from extractor.pieces import PIECE_CHARS, pieces
from extractor.records import DocFacts, document_summary, statement_records
from extractor.tokenise import blank_pipeline

COMPONENTS = ("vi_speakers", "vi_statements", "vi_topics")


@dataclass
class Result:
    """What one document produced: its statement records and its summary."""

    document: Document
    records: list[dict]
    summary: dict


def build_nlp(model: str | Path | None = None, *, topics: bool = True,
              sequence_model: str | Path | None = "default", use_model: bool = True) -> Language:
    """The spaCy pipeline. ``model`` is the topic (and kind) model directory (default: the shipped
    model); ``sequence_model`` the statement model directory ("default": the shipped one; None: the
    cue rules and the kind model decide); ``use_model=False``: the cue rules alone."""
    # importing the modules registers their factories
    import extractor.classify  # noqa: F401
    import extractor.speakers  # noqa: F401
    import extractor.statement_component  # noqa: F401

    nlp = blank_pipeline()
    nlp.max_length = max(nlp.max_length, PIECE_CHARS + 1)
    nlp.add_pipe("vi_speakers")
    nlp.add_pipe("vi_statements", config={"model": str(model) if model else None, "use_model": use_model,
                                          "sequence_model": str(sequence_model) if sequence_model else None})
    if topics:
        nlp.add_pipe("vi_topics", config={"model": str(model) if model else None})
    return nlp


class Extractor:
    """Turns Documents into statement records. Build once, call :meth:`process` per document."""

    def __init__(self, model: str | Path | None = None, *, topics: bool = True,
                 sequence_model: str | Path | None = "default", links: bool = True):
        self.nlp = build_nlp(model, topics=topics, sequence_model=sequence_model)
        self.link_model = cached_link_model() if links else None  # None: records get no links (training them)

    def annotate(self, document: Document) -> Doc:
        """The annotated Doc of a document that fits in one piece (see :meth:`process` for any length)."""
        return self.nlp(document.text)

    def process(self, document: Document, piece_chars: int = PIECE_CHARS) -> Result:
        """Records and summary of a document. A document longer than ``piece_chars`` is processed in
        pieces cut between sections, paragraphs or sentences (:mod:`extractor.pieces`); offsets and
        record ids are the document's, as for a short one."""
        records: list[dict] = []
        facts = DocFacts()
        try:
            for start, end in pieces(document.text, piece_chars):
                doc = self.nlp(document.text[start:end])
                records += statement_records(doc, document, start, facts.last_heading)
                facts = facts.then(DocFacts.of(doc, start))
        except ExtractorError:
            raise
        except Exception as exc:  # a bug must not lose the other documents of a batch
            raise ExtractorError(f"{document.path}: internal error while processing ({type(exc).__name__}: {exc})") from exc
        add_obligations(records, document.text)
        if self.link_model is not None:
            link_records(records, self.link_model)
        return Result(document, records, document_summary(document, records, facts))
