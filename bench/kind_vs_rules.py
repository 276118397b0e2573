"""Statement decision on the gold documents: cue rules, the learned kind classifier, and the pipeline.

    .venv/bin/python bench/kind_vs_rules.py [--model models/topics-v1] [--score ../shared/eval/score.py]

For every sentence of data/samples/*.txt: "rules" is vi_statements without the model
(use_model=False); "pipeline" is the default vi_statements (rules, plus the sentences the
model adds: left out by the rules, with a speaker, P(statement) >= 0.7); "learned" takes the
kind classifier's most probable class for every sentence (none = not a statement). Each
variant is scored with score.py against data/gold/*.jsonl; the mean over the gold
documents is printed.
"""

import argparse
import json
import glob
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--score", default=str(ROOT.parent / "shared" / "eval" / "score.py"))
    args = ap.parse_args()
    from extractor.features import span_features
    from extractor.ingest import read_document
    from extractor.model.load import cached_model
    from extractor.pipeline import Extractor

    from extractor.tokenise import blank_pipeline

    model = str(args.model) if args.model else None
    ex = Extractor(args.model)
    rules_nlp = blank_pipeline()
    rules_nlp.add_pipe("vi_speakers")
    rules_nlp.add_pipe("vi_statements", config={"model": model, "use_model": False})
    rules_nlp.add_pipe("vi_topics", config={"model": model})
    m = cached_model(args.model)
    variants = {"rules": [], "pipeline": [], "learned": []}
    for f in sorted(glob.glob(str(ROOT / "data" / "samples" / "*.txt"))):
        d = read_document(f)
        for name, doc in (("rules", rules_nlp(d.text)), ("pipeline", ex.annotate(d))):
            for s in doc.spans["sentences"]:
                if s._.kind:
                    variants[name].append({"doc_id": d.id, "text": s.text, "kind": s._.kind,
                                           "topics": s._.topics or [], "speaker": s._.speaker})
        sents = list(doc.spans["sentences"])
        probs = m.kind_proba_features([span_features(s) for s in sents])
        for s, p in zip(sents, probs):
            k = max(p, key=p.get)
            if k != "none":
                variants["learned"].append({"doc_id": d.id, "text": s.text, "kind": k, "topics": [],
                                            "speaker": s._.speaker})
    with tempfile.TemporaryDirectory() as tmp:
        for name, recs in variants.items():
            out = Path(tmp) / f"{name}.jsonl"
            out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
            tot = {"statement_f1": [], "kind_accuracy": [], "recommendation_f1": []}
            for g in sorted(glob.glob(str(ROOT / "data" / "gold" / "*.jsonl"))):
                res = subprocess.run([sys.executable, args.score, "--gold", g, "--pred", str(out), "--json"],
                                     capture_output=True, text=True, check=True)
                d = json.loads(res.stdout)
                for key in tot:
                    tot[key].append(d[key])
            print(f"{name:8s} " + "  ".join(f"{k} {sum(v) / len(v):.3f}" for k, v in tot.items()))


if __name__ == "__main__":
    main()
