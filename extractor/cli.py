"""The command line: thin wrappers over the library. Library errors become messages and exit codes.

Exit codes: 0 all inputs processed, 1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import click

from extractor import __version__
from extractor.cli_options import ingest_options, input_options


def _err(msg: str) -> None:
    click.echo(msg, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extractor")
def cli() -> None:
    """Extract recommendations and responses from Vietnamese meeting documents."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help="Output JSONL file of statement records ('-' for stdout). Written atomically.")
@click.option("--documents", "documents_out", default=None, help="Also write one summary object per document to this JSONL file.")
@click.option("--model", default=None, help="Model directory (default: the shipped model).")
@input_options()
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes, each loading the pipeline once (default: one per core). "
                   "The output is the same whatever the number.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run: documents the manifest beside the output marks as done "
                   "(same id and sha256) are not processed again.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="'local': worker processes on this machine; 'dask': a dask.distributed cluster "
                   "(needs the 'dask' extra).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster of --workers workers).")
@click.option("--partition-size", type=click.IntRange(min=1), default=100, show_default=True,
              help="Dask engine: documents per task sent to the cluster.")
@click.option("--groups", "grouped", is_flag=True,
              help="After the run, give recommendations that ask for the same thing across the batch a shared "
                   "'group' (and each document summary its groups); needs an output file.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
def extract(inputs, output, documents_out, model, input_format, id_field, text_field, max_mb, workers, resume,
            engine, scheduler, partition_size, grouped, quiet):
    """Extract statement records from INPUTS (files, folders, JSONL corpora, or '-' for stdin).

    A progress bar is shown on a terminal; a summary line ends the run. Exit codes: 0 all
    inputs processed, 1 some inputs failed (one line each on stderr) or a worker died,
    2 usage error, 130 interrupted (a file output can then be continued with --resume).
    """
    from extractor.batch import BatchInterrupted, BatchOptions, WorkerDied, run_batch
    from extractor.errors import ExtractorError

    if scheduler and engine != "dask":
        raise click.BadParameter("only used with --engine dask", param_hint="--scheduler")
    if resume and output == "-":
        raise click.BadParameter("needs an output file (-o FILE), not stdout", param_hint="--resume")
    if grouped and output == "-":
        raise click.BadParameter("needs an output file (-o FILE), not stdout", param_hint="--groups")
    if "-" in inputs and engine == "dask":
        raise click.BadParameter("stdin input is not supported with --engine dask", param_hint="INPUTS")
    options = BatchOptions(ingest=ingest_options(input_format, id_field, text_field, max_mb), model=model, documents_path=documents_out, progress=not quiet,
                           workers=workers, resume=resume, engine=engine, scheduler=scheduler,
                           partition_size=partition_size)
    try:
        stats = run_batch(list(inputs), output, options, on_error=_err)
    except BatchInterrupted as exc:
        _err(f"{exc}")
        sys.exit(130)
    except WorkerDied as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    except ExtractorError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    if not quiet:
        _err(stats.line())
    if grouped:
        _group_output(output, documents_out, quiet)
    sys.exit(1 if stats.failures else 0)


def _group_output(records: str, documents: str | None, quiet: bool, output: str | None = None) -> None:
    from extractor.groups import group_files

    with _one_line_errors(output or records):
        g = group_files(records, documents, output)
    if not quiet:
        _err(f"groups: {g.groups} requests asked more than once ({g.grouped} of {g.recommendations} recommendations)")


@cli.command()
@click.argument("records", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", default=None, help="Write the grouped records here (default: rewrite RECORDS in place, atomically).")
@click.option("--documents", "documents", default=None, type=click.Path(exists=True, dir_okay=False),
              help="The document summaries of the same run: each gets the groups its requests are in (rewritten in place).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def group(records, output, documents, quiet):
    """Group the recommendations of RECORDS that ask for the same thing, across all its documents: each gets
    'group' (shared id) and 'group_size'. The same as 'extractor extract --groups' on records already written."""
    _group_output(records, documents, quiet, output)


@cli.command()
@click.argument("file")
@input_options("FILE")
@click.option("--id", "doc_id", default=None, help="JSONL corpora: the id of the document to print.")
def text(file, input_format, id_field, text_field, max_mb, doc_id):
    """Print the canonical text of FILE ('-' for stdin): the text every offset refers to."""
    from extractor.errors import InputError
    from extractor.ingest import canonical_text

    try:
        doc = canonical_text(file, ingest_options(input_format, id_field, text_field, max_mb), doc_id=doc_id)
    except InputError as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    click.echo(doc.text, nl=False)


@cli.command()
@click.argument("records", type=click.Path(exists=True, dir_okay=False))
def summary(records):
    """Print a short summary of a records JSONL file: counts per document, kind and topic."""
    from extractor.jsonl import JsonlError, read_records

    try:
        recs = read_records(records)
    except JsonlError as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    by_doc = Counter(str(r.get("doc_id")) for r in recs)
    kinds = Counter(str(r.get("kind")) for r in recs)
    topics = Counter(t for r in recs for t in (r.get("topics") or []))
    named = sum(1 for r in recs if (r.get("speaker") or {}).get("name"))
    sizes = {r["group"]: r.get("group_size") or 0 for r in recs if r.get("group")}
    click.echo(f"{records}: {len(recs)} statements in {len(by_doc)} documents")
    click.echo("  kinds:  " + (", ".join(f"{k} {v}" for k, v in kinds.most_common()) or "none"))
    click.echo("  topics: " + (", ".join(f"{k} {v}" for k, v in topics.most_common()) or "none"))
    click.echo(f"  with a named speaker: {named}")
    if sizes:
        many = sorted((n for n in sizes.values() if n > 1), reverse=True)
        click.echo(f"  groups: {len(many)} requests asked more than once" + (f" (largest: {', '.join(map(str, many[:5]))})" if many else ""))
    for d, n in sorted(by_doc.items()):
        click.echo(f"  {d}: {n}")


@contextmanager
def _one_line_errors(output: str):
    """A bad records file or a failed write becomes one line on stderr and exit 1."""
    from extractor.errors import ExtractorError
    from extractor.jsonl import JsonlError

    try:
        yield
    except (JsonlError, ExtractorError) as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    except OSError as exc:
        _err(f"error: cannot write {exc.filename or output}: {exc.strerror or exc}")
        sys.exit(1)


def _write_from_records(records: str, documents_in: str | None, output: str, write) -> int:
    """Read RECORDS (and the summaries), call ``write(records, summaries)``; errors become one line and exit 1."""
    from extractor.jsonl import read_records

    with _one_line_errors(output):
        recs = read_records(records)
        write(recs, read_records(documents_in) if documents_in else None)
    return len(recs)


@cli.command("report")
@click.argument("records", type=click.Path(exists=True, dir_okay=False))
@click.option("--documents", "documents_in", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The document summaries written by `extractor extract --documents` (titles, errors).")
@click.option("-o", "--output", required=True, help="The HTML file to write (atomically).")
@click.option("--title", default=None, help="The report's title (default: Báo cáo tổng hợp kiến nghị và trả lời).")
def report_command(records, documents_in, output, title):
    """Write one self-contained HTML report of the RECORDS (JSONL): totals, charts, each document's
    recommendations with their answers, the documents' text with the statements highlighted; filters
    and paging work offline, and it prints."""
    from extractor.report import write_report

    n = _write_from_records(records, documents_in, output, lambda recs, docs: write_report(recs, output, docs, title))
    _err(f"report of {n} statements written to {output}")


@cli.group()
def review() -> None:
    """Send uncertain records to reviewers (Label Studio, Doccano) and bring their corrections back."""


@review.command("export")
@click.argument("records", type=click.Path(exists=True, dir_okay=False))
@click.option("--below", type=click.FloatRange(0, 1.01), default=0.7, show_default=True,
              help="Export the records whose confidence (kind and topic probability) is below this (1.01: all).")
@click.option("--format", "fmt", type=click.Choice(["labelstudio", "doccano"]), default="labelstudio", show_default=True)
@click.option("-o", "--output", required=True, help="Tasks file: Label Studio JSON, or Doccano JSONL.")
def review_export(records, below, fmt, output):
    """Write the least certain statements of RECORDS as review tasks (and, for Label Studio, the labeling
    config beside them: OUTPUT with .xml)."""
    from extractor.ingest import reread_source
    from extractor.jsonl import JsonlError, atomic_bytes, atomic_jsonl, read_records
    from extractor.labels import label_order
    from extractor.review import export_tasks, labeling_config

    try:
        recs = read_records(records)
    except JsonlError as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    texts = {}
    for r in recs:
        if r.get("doc_id") not in texts:
            texts[r.get("doc_id")] = reread_source(r.get("source") or {})
    tasks = export_tasks(recs, texts, below, fmt)
    if fmt == "doccano":
        with atomic_jsonl(output) as w:
            w.write_all(tasks)
    else:
        with atomic_bytes(output) as fh:
            fh.write(json.dumps(tasks, ensure_ascii=False, indent=1).encode("utf-8"))
        labels = label_order({t for r in recs for t in r.get("scores") or {}} or {"other"})
        config = str(Path(output).with_suffix(".xml"))
        with atomic_bytes(config) as fh:
            fh.write(labeling_config(list(labels)).encode("utf-8"))
        _err(f"labeling config written to {config}")
    _err(f"{len(tasks)} of {len(recs)} statements below {below} written to {output}")


@review.command("import")
@click.argument("export_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--records", "records_in", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The records the tasks came from (to tell corrected from accepted).")
@click.option("-o", "--output", required=True, help="Corrections JSONL (also a training file for `extractor train`).")
def review_import(export_file, records_in, output):
    """Read a Label Studio export of reviewed tasks back as corrections."""
    from extractor.errors import ExtractorError
    from extractor.jsonl import JsonlError, atomic_jsonl, read_records
    from extractor.review import import_corrections

    try:
        recs = read_records(records_in) if records_in else None
        corrections = import_corrections(export_file, recs)
    except (JsonlError, ExtractorError) as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    with atomic_jsonl(output) as w:
        w.write_all(corrections)
    counts = Counter(c["review_status"] for c in corrections)
    _err(f"{len(corrections)} reviewed: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


@review.command("apply")
@click.argument("records", type=click.Path(exists=True, dir_okay=False))
@click.argument("corrections", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, help="The reviewed records (JSONL).")
def review_apply(records, corrections, output):
    """Write RECORDS with the reviewers' CORRECTIONS and each record's review_status."""
    from extractor.jsonl import JsonlError, atomic_jsonl, read_records
    from extractor.review import apply_corrections

    try:
        recs, fixes = read_records(records), read_records(corrections)
    except JsonlError as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    with atomic_jsonl(output) as w:
        w.write_all(apply_corrections(recs, fixes))


@cli.command("export")
@click.argument("records", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "sqlite"]), required=True,
              help="xlsx: a spreadsheet (header, frozen panes, filters); csv: UTF-8 with BOM for Excel; "
                   "sqlite: tables records and documents with full-text search (browse with datasette).")
@click.option("-o", "--output", required=True, help="The file to write (atomically); '-' for CSV on stdout.")
@click.option("--documents", "documents_in", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The document summaries written by `extractor extract --documents` (titles, counts, errors).")
def export_command(records, fmt, output, documents_in):
    """Write the statement RECORDS (JSONL) as one row per statement: XLSX, CSV or SQLite."""
    from extractor.export import export

    n = _write_from_records(records, documents_in, output, lambda recs, docs: export(recs, fmt, output, docs))
    if output != "-":
        _err(f"{n} statements written to {output}")


@cli.command()
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold JSONL: one object per document (../shared/eval/GUIDELINES.md).")
@click.option("--pred", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Records JSONL written by `extractor extract`.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--links", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Gold links JSONL (the format of the seed's links.jsonl): also link precision, recall and F1.")
def score(gold, pred, as_json, links):
    """Score statement records against a gold file: statement P/R/F1, kind, speaker and role accuracy,
    topic F1 per label (the algorithm of the shared scorer)."""
    from extractor.scoring import main as score_main

    sys.exit(score_main(["--gold", gold, "--pred", pred] + (["--json"] if as_json else [])
                        + (["--links", links] if links else [])))


from extractor.cli_model import evaluate, train, train_links_command, train_statements  # noqa: E402

cli.add_command(train)
cli.add_command(train_links_command)
cli.add_command(evaluate)
cli.add_command(train_statements)


def main() -> None:
    cli(prog_name="extractor")
