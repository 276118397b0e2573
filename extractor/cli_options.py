"""Options several commands share, as decorators, so that each is written (and documented) once."""

from __future__ import annotations

import click

FORMATS = click.Choice(["auto", "text", "docx", "pdf", "jsonl"])


def _stack(*decorators):
    def apply(f):
        for d in reversed(decorators):
            f = d(f)
        return f
    return apply


def input_options(what: str = "the inputs"):
    """How documents are read: --input-format, --id-field, --text-field, --max-mb."""
    return _stack(
        click.option("--input-format", type=FORMATS, default="auto", show_default=True,
                     help=f"How to read {what}; 'auto' goes by file suffix (.jsonl and .jsonl.gz are corpora)."),
        click.option("--id-field", default="id", show_default=True, help="JSONL corpora: the field holding the document id."),
        click.option("--text-field", default="text", show_default=True, help="JSONL corpora: the field holding the text."),
        click.option("--max-mb", type=float, default=20.0, show_default=True,
                     help="Refuse input files larger than this many megabytes.", callback=_positive),
    )


def _positive(ctx, param, value):
    if value is not None and value <= 0:
        raise click.BadParameter("must be positive")
    return value


def ingest_options(input_format: str, id_field: str, text_field: str, max_mb: float):
    """The library's IngestOptions from the shared input options."""
    from extractor.ingest import IngestOptions

    return IngestOptions(input_format=input_format, id_field=id_field, text_field=text_field,
                         max_bytes=max(1, int(max_mb * 1024 * 1024)))


def corpus_option(f):
    """--corpus: the shared corpus the real annotations and corpus labels point into."""
    return click.option("--corpus", type=click.Path(dir_okay=False), default=None,
                        help="The shared corpus the references point into (default: ../shared/corpus/, "
                             "or $EXTRACTOR_CORPUS).")(f)


def model_option(f):
    """--model: a topic (and kind) model directory."""
    return click.option("--model", "model_path", default=None, type=click.Path(),
                        help="Model directory (default: $EXTRACTOR_MODEL or the shipped models/topics-v1).")(f)
