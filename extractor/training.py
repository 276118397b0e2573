"""The researchers' workflow: data folder or export file -> trained, measured, saved model.

:func:`train_and_save` is what ``extractor train`` runs: it reads the data
(:func:`extractor.annotations.load_data`), leaves out any training sentence found verbatim
in a gold sample document (``data/samples/*.txt``: those are for evaluation only), trains
the topic and kind classifiers, measures them on the test split and by k-fold
cross-validation on the training split, and writes the model directory with its
``meta.json`` and ``MODEL_CARD.md``.
"""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

from extractor.annotations import Dataset, Example, data_sha256, load_data
from extractor.labels import label_order
from extractor.model.assess import model_metrics
from extractor.model.config import TrainConfig
from extractor.model.paths import CARD_FILE
from extractor.model.runtime import Model
from extractor.model.save import save_model
from extractor.model.train import cross_validate, train_model
from extractor.model.versions import library_versions


def gold_texts(data_path: Path) -> list[str]:
    """Texts of the gold sample documents next to the data (``samples/*.txt``), NFC."""
    folder = data_path / "samples" if data_path.is_dir() else data_path.parent / "samples"
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.glob("*.txt")):
        try:
            out.append(unicodedata.normalize("NFC", p.read_text(encoding="utf-8-sig")))
        except (OSError, UnicodeDecodeError):
            continue
    return out


def drop_gold_overlap(examples: list[Example], documents: list[str]) -> tuple[list[Example], list[Example]]:
    """(kept, dropped): training sentences that occur verbatim in a gold document are dropped."""
    if not documents:
        return examples, []
    kept, dropped = [], []
    for e in examples:
        t = " ".join(e.text.split())
        hit = any(t in " ".join(d.split()) for d in documents) if t else False
        (dropped if hit else kept).append(e)
    return kept, dropped


def _counts(examples: list[Example]) -> dict:
    st = [e for e in examples if e.is_statement and e.labels]
    out = {"sentences": len(examples), "statements": len(st)}
    for k in ("recommendation", "response", "none"):
        out[f"kind_{k}"] = sum(1 for e in examples if e.kind == k)
    for l in label_order({l for e in st for l in e.labels}):
        out[f"label_{l}"] = sum(1 for e in st if l in e.labels)
    return out


class Steps:
    """A tqdm progress bar over the training steps (stderr), or silence."""

    def __init__(self, total: int, enabled: bool = True):
        self.bar = None
        if enabled:
            import sys

            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="step", file=sys.stderr, dynamic_ncols=True, leave=True)

    def __call__(self, msg: str) -> None:
        if self.bar is not None:
            self.bar.set_description(msg[:60])
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            if self.bar.n < self.bar.total:
                self.bar.update(self.bar.total - self.bar.n)
            self.bar.close()


def featurise(examples: list[Example], progress: bool) -> None:
    """Segment every sentence once (results are cached), with a progress bar."""
    from extractor.features import text_features

    it = examples
    if progress:
        import sys

        from tqdm import tqdm

        it = tqdm(examples, desc="segmenting", unit="sent", file=sys.stderr, dynamic_ncols=True, leave=False)
    for e in it:
        text_features(e.text)


def train_and_save(data: str | Path, out: str | Path, config: TrainConfig = TrainConfig(), *,
                   fmt: str = "auto", corpus: str | Path | None = None, name: str | None = None,
                   progress: bool = True, dataset: Dataset | None = None) -> Model:
    """Train on the ``train`` split of ``data`` and save to ``out``. Returns the model."""
    t0 = time.perf_counter()
    data = Path(data)
    ds = dataset or load_data(data, fmt, corpus)
    train_all = ds.split("train")
    test = ds.split("test")
    train, dropped = drop_gold_overlap(train_all, gold_texts(data))
    featurise(train + test, progress)
    steps = Steps(total=3 + config.threshold_folds + (1 if test else 0) + (config.cv_folds if config.cv_folds and config.cv_folds >= 2 else 0),
                  enabled=progress)
    try:
        model = train_model(train, config, step=steps)
        metrics = model.meta["metrics"]
        if test:
            steps("test split")
            rep = model_metrics(model, test)
            metrics["topics"]["test"] = rep["topics"]
            if "kind" in rep:
                metrics.setdefault("kind", {})["test"] = rep["kind"]
            by_source = {}
            for group, pred in (("invented", lambda e: not e.source.startswith("corpus:")),
                                ("corpus", lambda e: e.source.startswith("corpus:"))):
                part = [e for e in test if pred(e)]
                if part:
                    r = model_metrics(model, part)
                    by_source[group] = {"topics_macro_f1": r["topics"]["macro_f1"], "n_statements": r["topics"]["n"]}
                    if "kind" in r:
                        by_source[group]["kind_accuracy"] = r["kind"]["accuracy"]
            metrics["test_by_source"] = by_source
        if config.cv_folds and config.cv_folds >= 2:
            cv = cross_validate(train, config, config.cv_folds, step=steps)
            metrics["topics"]["cv"] = {"k": cv["k"], "macro_f1": cv["topics_macro_f1"]}
            if cv["kind_macro_f1"]:
                metrics.setdefault("kind", {})["cv"] = {"k": cv["k"], "macro_f1": cv["kind_macro_f1"],
                                                        "accuracy": cv["kind_accuracy"]}
    finally:
        steps.close()
    corpus_stats = dict(ds.corpus)
    model.meta.update({
        "name": name or Path(out).name,
        "config": config.to_dict(),
        "seed": config.seed,
        "features": ("feature string = underthesea words in the normalised view (lower case, one tone placement), "
                     "multi-syllable words joined with '_'; word 1-2 grams (TF-IDF, numbers as 0) + char_wb "
                     f"{config.char_ngrams[0]}-{config.char_ngrams[1]} grams (TF-IDF, tone marks kept)"),
        "classifier": ("one-vs-rest LinearSVC, sigmoid-calibrated (CalibratedClassifierCV)"
                       if config.classifier == "svm" else "one-vs-rest LogisticRegression"),
        "data": {
            "path": str(data),
            "files": ds.files,
            "sha256": data_sha256(train),
            "sha256_all": data_sha256(ds.examples),
            "train": _counts(train),
            "test": _counts(test),
            "excluded_gold_overlap": len(dropped),
            "corpus": corpus_stats,
            "corpus_sentences_used": corpus_stats.get("used", 0),
            "notes": ds.notes,
        },
        "versions": library_versions(),
        "train_seconds": round(time.perf_counter() - t0, 1),
    })
    save_model(model, out)
    write_card(model, Path(out))
    return model


def validation_report(model: Model) -> str:
    """The text report ``extractor train`` prints."""
    m = model.meta.get("metrics", {})
    lines = []
    val = m.get("topics", {}).get("validation")
    if val:
        how = (f"out-of-fold predictions, {val['folds']} folds of the training split" if val.get("folds", 1) > 1
               else "a validation part held out of the training split")
        lines.append(f"validation (topics, {val['n']} statements; {how}):")
        lines.extend(format_topic_table(val))
    test = m.get("topics", {}).get("test")
    if test:
        lines.append(f"test split: topics macro-F1 {test['macro_f1']:.3f}, micro-F1 {test['micro_f1']:.3f} "
                     f"({test['n']} statements)")
    for g, r in (m.get("test_by_source") or {}).items():
        lines.append(f"  {g}: topics macro-F1 {r['topics_macro_f1']:.3f} ({r['n_statements']} statements)"
                     + (f", kind accuracy {r['kind_accuracy']:.3f}" if "kind_accuracy" in r else ""))
    kt = m.get("kind", {}).get("test")
    if kt:
        lines.append(f"test split: kind accuracy {kt['accuracy']:.3f}, macro-F1 {kt['macro_f1']:.3f} ({kt['n']} sentences)")
    cv = m.get("topics", {}).get("cv")
    if cv and cv.get("macro_f1"):
        lines.append(f"{cv['k']}-fold CV on the training split: topics macro-F1 {cv['macro_f1']['mean']:.3f} "
                     f"± {cv['macro_f1']['std']:.3f}")
    kcv = m.get("kind", {}).get("cv")
    if kcv and kcv.get("macro_f1"):
        lines.append(f"{kcv['k']}-fold CV on the training split: kind macro-F1 {kcv['macro_f1']['mean']:.3f} "
                     f"± {kcv['macro_f1']['std']:.3f}")
    th = model.thresholds
    lines.append("thresholds: " + ", ".join(f"{l} {th[l]:.2f}" for l in model.labels))
    return "\n".join(lines)


def format_topic_table(rep: dict) -> list[str]:
    lines = [f"  {'label':<18} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}"]
    for l, r in rep["per_label"].items():
        lines.append(f"  {l:<18} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} {r['support']:>5}")
    lines.append(f"  micro-F1 {rep['micro_f1']:.3f}  macro-F1 {rep['macro_f1']:.3f}")
    return lines


def format_confusion(conf: dict, labels) -> list[str]:
    short = {l: l[:9] for l in labels}
    lines = ["  gold \\ predicted  " + " ".join(f"{short[l]:>9}" for l in labels)]
    for g in labels:
        lines.append(f"  {g:<18}" + " ".join(f"{conf[g][p]:>9}" for p in labels))
    return lines


KIND_DECISION = (
    "The pipeline (`extractor/statements.py`) lets the cue rules decide and lets this classifier add a sentence "
    "the rules leave out when the sentence has a speaker and P(statement) >= 0.7 (the component's "
    "`add_threshold`). The classifier reads one sentence without its context, so it never overrides the rules; "
    "`bench/kind_vs_rules.py` measures rules alone, rules + additions and the classifier alone on the gold "
    "documents, and the README gives the figures on the real-news test split that led to this choice.")


def write_card(model: Model, out: Path) -> None:
    m = model.meta
    met = m.get("metrics", {})
    d = m.get("data", {})
    test = met.get("topics", {}).get("test") or {}
    cv = (met.get("topics", {}).get("cv") or {}).get("macro_f1") or {}
    kt = met.get("kind", {}).get("test") or {}
    kcv = (met.get("kind", {}).get("cv") or {}).get("macro_f1") or {}
    tr = d.get("train", {})
    corpus = d.get("corpus") or {}
    cfg = m.get("config", {})
    thr_how = (f"out-of-fold predictions of a {cfg.get('threshold_folds')}-fold split"
               if (cfg.get("threshold_folds") or 0) >= 2 else
               f"a {int(cfg.get('validation_fraction', 0.2) * 100)}% validation part")
    corpus_line = (f"{corpus.get('used', 0)} of {corpus.get('references', 0)} real-news sentences read from the shared "
                   f"corpus (SHA-1 checked)" if corpus.get("corpus_present") else
                   ("the shared corpus was absent: its references were not used" if corpus else "no corpus references"))
    card = f"""# Model card: {m.get('name')}

**What it does.** Labels the topic of a statement sentence (recommendation or response) in Vietnamese
meeting documents with one or more of: {', '.join(model.labels)}. A second classifier in the same folder
(`kind.skops`) gives the probability that a sentence is a recommendation, a response or neither
(`Model.predict_kind`); see "Statement kind" below for how the pipeline uses it.

**How.** {m.get('features')}. Classifier: {m.get('classifier')}. A label is given when its
probability reaches its threshold; the thresholds are chosen per label on validation predictions carved
from the training split ({thr_how}), then the model is fit on the whole training split; when no
label passes, the statement gets `{m.get('fallback', 'other')}`. Thresholds: {', '.join(f"{k} {v:.2f}" for k, v in model.thresholds.items())}.
Extraction predicts with `runtime.npz`, the exact numpy form of both pipelines (checked against
scikit-learn's probabilities on probe sentences when saved and on every load).

**Data.** Training split: {tr.get('sentences')} sentences, {tr.get('statements')} statements
(staffing {tr.get('label_staffing')}, budget {tr.get('label_budget')}, data_sharing {tr.get('label_data_sharing')},
security_training {tr.get('label_security_training')}, other {tr.get('label_other')}); {corpus_line}.
{d.get('excluded_gold_overlap', 0)} training sentences found verbatim in the gold sample documents were left out.
The gold documents (`data/gold`, `data/samples`, including the seed hcmc-ward-chairs-2023) are never trained on.
Data digest (sha256 of the training examples): `{d.get('sha256')}`.

**Figures.** Test split (never seen in training): topics macro-F1 **{test.get('macro_f1', float('nan')):.3f}**
(micro {test.get('micro_f1', float('nan')):.3f}, {test.get('n', 0)} statements).
{met.get('topics', {}).get('cv', {}).get('k', 5)}-fold cross-validation on the training split: macro-F1
{cv.get('mean', float('nan')):.3f} ± {cv.get('std', float('nan')):.3f}.
Kind classifier: test accuracy {kt.get('accuracy', float('nan')):.3f}, macro-F1 {kt.get('macro_f1', float('nan')):.3f};
CV macro-F1 {kcv.get('mean', float('nan')):.3f}. Per-label figures, the confusion table and the end-to-end figures
on the gold documents are in `meta.json` and the README.

**Statement kind.** {m.get('kind_decision', KIND_DECISION)}

**Limits.** Most training sentences are invented in the registers the product meets; the real news
(2005-2006) has few data_sharing and security_training statements, so those labels rest mostly on
invented text. One annotator, no agreement study. Vocational training of citizens is `other`, not
`security_training`. The model reads single sentences: a follow-up sentence ("Ông cũng đề nghị xem xét
lại việc này") gets its topic from its own words only.

**Use.** `extractor extract --model {out}` (default: `models/topics-v1`), or `EXTRACTOR_MODEL`.
Built {m.get('created')} with {', '.join(f'{k} {v}' for k, v in (m.get('versions') or {}).items())}.
Retrain: `extractor train --data data/ --out models/NAME --seed {m.get('seed', 0)}`.
"""
    (out / CARD_FILE).write_text(card, encoding="utf-8")
