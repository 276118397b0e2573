"""``extractor train``, ``extractor evaluate`` (a model on annotated sentences) and ``extractor
train-statements``: thin wrappers over :mod:`extractor.training`, :mod:`extractor.model` and
:mod:`extractor.sequence.train`. Library errors become one line on stderr and exit code 1
(2 for usage errors)."""

from __future__ import annotations

import json
import sys

import click

from extractor.cli_options import corpus_option, model_option

_FORMATS = click.Choice(["auto", "ours", "corpus", "doccano", "labelstudio", "dir"])


def _err(msg: str) -> None:
    click.echo(msg, err=True)


@click.command()
@click.option("--data", "data", required=True, type=click.Path(exists=True),
              help="A data folder (annotations/*.jsonl + corpus_labels.jsonl) or one export file "
                   "(our JSONL, Doccano JSONL, Label Studio JSON/JSONL).")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Model directory to write (models/NAME).")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same data + seed = same model.")
@click.option("--format", "fmt", type=_FORMATS, default="auto", show_default=True, help="Format of --data.")
@corpus_option
@click.option("--cv", "cv", type=int, default=5, show_default=True,
              help="Folds of the cross-validation on the training split reported in meta.json (0: none).")
@click.option("--classifier", type=click.Choice(["svm", "lr"]), default="svm", show_default=True,
              help="svm: LinearSVC with sigmoid calibration; lr: logistic regression.")
@click.option("--no-kind", is_flag=True, help="Do not train the statement-kind classifier.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def train(data, out, seed, fmt, corpus, cv, classifier, no_kind, quiet):
    """Train the topic (and statement-kind) classifier on the train split of DATA and save it to OUT.

    Sentences of the test split are never trained on; they give the test figures in meta.json.
    Sentences found verbatim in the gold sample documents (samples/*.txt next to the data) are left out.
    """
    from extractor.errors import ExtractorError
    from extractor.model.config import TrainConfig
    from extractor.training import train_and_save, validation_report

    if cv == 1 or cv < 0:
        raise click.BadParameter("must be 0 (none) or at least 2", param_hint="--cv")
    try:
        config = TrainConfig(seed=seed, classifier=classifier, cv_folds=cv, train_kind=not no_kind)
        model = train_and_save(data, out, config, fmt=fmt, corpus=corpus, progress=not quiet)
    except ExtractorError as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    for note in model.meta.get("data", {}).get("notes", []):
        _err(f"note: {note}")
    click.echo(validation_report(model))
    click.echo(f"saved {out}")


@click.command()
@model_option
@click.option("--data", "data", required=True, type=click.Path(exists=True),
              help="Annotations to score: a data folder, our JSONL, a Doccano or a Label Studio export.")
@click.option("--format", "fmt", type=_FORMATS, default="auto", show_default=True, help="Format of --data.")
@click.option("--split", type=click.Choice(["test", "train", "all"]), default="test", show_default=True,
              help="Which rows to score; rows without a split field always count.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--cv", "cv", type=int, default=0,
              help="Also run K-fold cross-validation on all rows of --data, retraining with the model's settings.")
@click.option("--worst", type=int, default=0, help="List the N statements the model gets most wrong.")
@corpus_option
def evaluate(model_path, data, fmt, split, as_json, cv, worst, corpus):
    """Score a model on annotated sentences: per-label precision/recall/F1, micro and macro F1,
    a confusion table for topics and for statement kinds."""
    from extractor.annotations import KINDS, load_data
    from extractor.errors import ExtractorError
    from extractor.model.assess import model_metrics
    from extractor.model.config import TrainConfig
    from extractor.model.load import load_model
    from extractor.model.train import cross_validate
    from extractor.training import format_confusion, format_topic_table

    if cv == 1 or cv < 0:
        raise click.BadParameter("must be 0 (none) or at least 2", param_hint="--cv")
    try:
        model = load_model(model_path)
        ds = load_data(data, fmt, corpus)
        rows = ds.examples if split == "all" else [e for e in ds.examples if e.split in (None, split)]
        report = model_metrics(model, rows, worst=worst)
        report.update({"data": str(data), "split": split, "rows": len(rows)})
        if cv:
            config = TrainConfig.from_dict({**model.meta.get("config", {}), "cv_folds": 0})
            report["cv"] = cross_validate(ds.examples, config, cv)
    except ExtractorError as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    t = report["topics"]
    click.echo(f"model {report['model']} on {data} ({split}: {len(rows)} rows)")
    click.echo(f"topics ({t['n']} statements):")
    for line in format_topic_table(t):
        click.echo(line)
    click.echo("topic confusion (statements with gold label x predicted label):")
    for line in format_confusion(t["confusion"], model.labels):
        click.echo(line)
    if "kind" in report:
        k = report["kind"]
        click.echo(f"statement kind ({k['n']} sentences): accuracy {k['accuracy']:.3f}, macro-F1 {k['macro_f1']:.3f}")
        for kk in KINDS:
            r = k["per_label"][kk]
            click.echo(f"  {kk:<18} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} {r['support']:>5}")
        for line in format_confusion(k["confusion"], KINDS):
            click.echo(line)
    for w in t.get("worst", []):
        click.echo(f"  loss {w['loss']:.2f} gold {','.join(w['gold'])} predicted {','.join(w['predicted'])}: {w['text']}")
    if cv:
        c = report["cv"]
        tm = c["topics_macro_f1"]
        click.echo(f"{c['k']}-fold CV ({c['n']} rows): topics macro-F1 {tm['mean']:.3f} ± {tm['std']:.3f}")
        if c["kind_macro_f1"]:
            km = c["kind_macro_f1"]
            click.echo(f"{c['k']}-fold CV: kind macro-F1 {km['mean']:.3f} ± {km['std']:.3f}")


@click.command("train-links")
@click.option("--data", "data", default="data", show_default=True, type=click.Path(exists=True, file_okay=False),
              help="The data folder: links/gold.jsonl, gold/, samples/ and real/links.jsonl.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Model directory to write (models/NAME).")
@corpus_option
@click.option("--C", "C", type=float, default=3.0, show_default=True, help="Inverse regularisation of the logistic model.")
def train_links_command(data, out, corpus, C):
    """Train the links model (which recommendation each response answers) on the project's gold links and,
    with the shared corpus, the real documents' links; the seed is never trained on."""
    from extractor.errors import ExtractorError
    from extractor.links_train import train_links

    if C <= 0:
        raise click.BadParameter("must be positive", param_hint="--C")
    try:
        path = train_links(out, data, C=C, corpus=corpus, progress=lambda m: _err(m))
    except ExtractorError as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    meta = json.loads((path / "links.json").read_text(encoding="utf-8"))
    cv = meta["leave_one_document_out"]
    click.echo(f"leave-one-document-out link F1 {cv['link_f1']:.3f} (P {cv['link_precision']:.3f}, R "
               f"{cv['link_recall']:.3f}); threshold {meta['threshold']}")
    click.echo(f"saved {path}")


@click.command("train-statements")
@click.option("--data", "data", default="data", show_default=True, type=click.Path(exists=True, file_okay=False),
              help="The data folder: real/ (annotations by reference), gold/ and samples/.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Model directory to write (models/NAME).")
@corpus_option
@click.option("--splits", default="train,dev", show_default=True,
              help="Which splits of the real annotations to train on (the test split is for the figures).")
@click.option("--sample-weight", type=int, default=1, show_default=True,
              help="How many times the project's gold documents count (0: real documents only).")
@click.option("--threshold", type=float, default=0.3, show_default=True,
              help="A sentence is a statement when its probability of not being 'none' reaches this.")
@click.option("--c1", type=float, default=0.2, show_default=True, help="L1 regularisation of the CRF.")
@click.option("--c2", type=float, default=3.0, show_default=True, help="L2 regularisation of the CRF.")
@click.option("--combine", default="0.4,0.4,0.88,0.9,0.6", show_default=True,
              help="Rules and model together: ADD_RECOMMENDATION,ADD_RESPONSE,DROP,FLIP[,DROP_WEAK] probabilities "
                   "(see extractor/sequence/runtime.py); 'none' for the model alone with --threshold.")
@click.option("--drop-by-rule", default="request_verb=0.7", show_default=True,
              help="RULE=P,...: the drop probability of the statements of these rule ids (with --combine).")
def train_statements(data, out, corpus, splits, sample_weight, threshold, c1, c2, combine, drop_by_rule):
    """Train the statement sequence model (a CRF over each document's sentences) on real annotated
    documents and the project's gold documents; the seed document is never trained on."""
    from extractor.errors import ExtractorError
    from extractor.sequence.train import SequenceConfig, train_statement_model

    if not 0.0 < threshold <= 1.0:
        raise click.BadParameter("must be in (0, 1]", param_hint="--threshold")
    wanted = tuple(x.strip() for x in splits.split(",") if x.strip())
    if not wanted or set(wanted) - {"train", "dev", "test"}:
        raise click.BadParameter("a comma-separated list of train, dev, test", param_hint="--splits")
    combined = None
    if combine != "none":
        try:
            values = [float(x) for x in combine.split(",")]
        except ValueError:
            values = []
        if len(values) not in (4, 5) or not all(0.0 < v <= 1.01 for v in values):
            raise click.BadParameter("four or five numbers in (0, 1.01], or 'none'", param_hint="--combine")
        combined = dict(zip(("add_recommendation", "add_response", "drop", "flip", "drop_weak"), values))
        by_rule = {}
        for item in filter(None, (x.strip() for x in drop_by_rule.split(","))):
            rule, _, value = item.partition("=")
            try:
                by_rule[rule.strip()] = float(value)
            except ValueError:
                raise click.BadParameter(f"{item!r}: expected RULE=P", param_hint="--drop-by-rule") from None
            if not rule.strip() or not 0.0 < by_rule[rule.strip()] <= 1.01:
                raise click.BadParameter(f"{item!r}: expected RULE=P with P in (0, 1.01]", param_hint="--drop-by-rule")
        if by_rule:
            combined["drop_by_rule"] = by_rule
    try:
        path = train_statement_model(out, data_dir=data, corpus=corpus, splits=wanted, sample_weight=sample_weight,
                                     config=SequenceConfig(c1=c1, c2=c2), threshold=threshold, combine=combined,
                                     progress=lambda m: _err(m))
    except ExtractorError as exc:
        _err(f"error: {exc}")
        sys.exit(1)
    click.echo(f"saved {path}")
