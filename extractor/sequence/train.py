"""Training the sequence model from gold documents (the shared scorer's gold format).

Each gold document is run through the pipeline up to the cue rules; each of its sentences gets
the label of the gold statement whose anchor it holds ("none" for the others), and the CRF
(CRFsuite, L1 + L2, transitions between all labels) is trained on the sequences. Gold statements
whose anchor lies across two of our sentences cannot be learned; they are counted in meta.json.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from extractor.document import Document
from extractor.errors import ExtractorError
from extractor.scoring import fold
from extractor.sequence.runtime import LABELS, MODEL_FILE, WEIGHTS_FILE, save_state_features


@dataclass(frozen=True)
class SequenceConfig:
    c1: float = 0.2  # with the word pairs as features, half the model file of 0.05 at the same CV F1
    c2: float = 3.0
    max_iterations: int = 300  # CRFsuite's L-BFGS is deterministic: same data, same model

    def to_dict(self) -> dict:
        return {"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations}


@dataclass
class Sequences:
    X: list[list[dict[str, float]]] = field(default_factory=list)
    y: list[list[str]] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    unaligned: int = 0
    statements: int = 0


def rule_nlp():
    """The pipeline with the cue rules only (no model is loaded): what the features are computed from."""
    from extractor.pipeline import build_nlp

    return build_nlp(topics=False, sequence_model=None, use_model=False)


def label_sentences(sents, gold_statements) -> tuple[list[str], int]:
    folded = [fold(s.text) for s in sents]
    labels = ["none"] * len(sents)
    unaligned = 0
    for g in gold_statements:
        a = fold(g["anchor"])
        hit = next((i for i, t in enumerate(folded) if labels[i] == "none" and a in t), None)
        if hit is None:
            unaligned += 1
        else:
            labels[hit] = g["kind"]
    return labels, unaligned


def doc_features(nlp, document: Document):
    comp = nlp.get_pipe("vi_statements")
    with nlp.select_pipes(disable=["vi_statements"]):
        doc = nlp(document.text)
    sents, decisions, modes = comp.rule_pass(doc)
    return sents, comp.sequence_features(doc, sents, decisions, modes)


def build_sequences(pairs: list[tuple[Document, dict]], nlp=None) -> Sequences:
    nlp = nlp or rule_nlp()
    out = Sequences()
    for document, gold in pairs:
        sents, feats = doc_features(nlp, document)
        if not sents:
            continue
        labels, unaligned = label_sentences(sents, gold["statements"])
        out.X.append(feats)
        out.y.append(labels)
        out.docs.append(document.id)
        out.unaligned += unaligned
        out.statements += len(gold["statements"])
    return out


def train(seqs: Sequences, out: str | Path, config: SequenceConfig = SequenceConfig(), meta: dict | None = None) -> Path:
    import pycrfsuite

    if not seqs.X:
        raise ExtractorError("no training sequences")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(seqs.X, seqs.y):
        trainer.append(x, y)
    trainer.set_params({"c1": config.c1, "c2": config.c2, "max_iterations": config.max_iterations,
                        "feature.possible_transitions": True})
    tmp = out / (MODEL_FILE + ".tmp")
    trainer.train(str(tmp))
    tmp.replace(out / MODEL_FILE)
    digest = hashlib.sha256((out / MODEL_FILE).read_bytes()).hexdigest()
    counts = {lab: sum(y.count(lab) for y in seqs.y) for lab in LABELS}
    info = {
        "name": out.name,
        "kind": "statement sequence model (linear-chain CRF over a document's sentences)",
        "labels": list(LABELS),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sha256": digest,
        "config": config.to_dict(),
        "data": {"documents": len(seqs.docs), "sentences": sum(len(y) for y in seqs.y), "labels": counts,
                 "gold_statements": seqs.statements, "unaligned_statements": seqs.unaligned},
    }
    from extractor import __version__

    info["extractor_version"] = __version__
    tagger = pycrfsuite.Tagger()
    tagger.open(str(out / MODEL_FILE))
    info["state_features_sha256"] = save_state_features(tagger, out / WEIGHTS_FILE)
    info.update(meta or {})
    (out / "meta.json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


SEED_DOCUMENT = "hcmc-ward-chairs-2023"


def sample_gold_pairs(data_dir: Path, exclude: tuple[str, ...] = (SEED_DOCUMENT,)) -> list[tuple[Document, dict]]:
    """The project's gold documents (``data/gold/*.jsonl`` with ``data/samples/``), the seed left out:
    it is the user's own test document and is never trained on."""
    from extractor.scoring import read_gold
    from extractor.ingest import read_document

    pairs = []
    for path in sorted((data_dir / "gold").glob("*.jsonl")):
        for gold in read_gold(path):
            if gold["doc"] in exclude:
                continue
            pairs.append((read_document(data_dir / "samples" / gold["source"]), gold))
    return pairs


def train_statement_model(out: str | Path, *, data_dir: str | Path, corpus: str | Path | None = None,
                          splits: tuple[str, ...] = ("train", "dev"), sample_weight: int = 1,
                          config: SequenceConfig = SequenceConfig(), threshold: float = 0.3,
                          combine: dict | None = None, progress=lambda msg: None) -> Path:
    """Train the shipped statement model: the real annotated documents of ``splits`` plus the
    project's gold documents (each repeated ``sample_weight`` times; 0 leaves them out)."""
    from extractor.realdata import load_real_gold

    data_dir = Path(data_dir)
    real = load_real_gold(corpus, splits=splits, folder=data_dir / "real")
    progress(f"{len(real)} real documents ({', '.join(splits)})")
    nlp = rule_nlp()
    seqs = build_sequences([(r.document, r.gold) for r in real], nlp)
    samples = build_sequences(sample_gold_pairs(data_dir), nlp) if sample_weight else Sequences()
    progress(f"{len(samples.X)} sample documents x {sample_weight}")
    combined = Sequences(list(seqs.X), list(seqs.y), list(seqs.docs), seqs.unaligned, seqs.statements)
    for _ in range(sample_weight):
        combined.X += samples.X
        combined.y += samples.y
    combined.docs += samples.docs
    combined.unaligned += samples.unaligned
    combined.statements += samples.statements
    meta = {"threshold": threshold, "training": {
        "real_documents": len(seqs.docs), "real_splits": list(splits), "real_statements": seqs.statements,
        "real_unaligned": seqs.unaligned, "sample_documents": len(samples.docs), "sample_weight": sample_weight,
        "seed_document_excluded": SEED_DOCUMENT}}
    if combine:
        meta["combine"] = combine
    return train(combined, out, config, meta)
