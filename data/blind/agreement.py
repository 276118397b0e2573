"""Agreement between the two independent annotations of the blind set's round 3 (``gold.jsonl`` and
``second-annotation.jsonl``, documents ``*-5`` and ``*-6``), with the scorer the tool is measured by.

    python data/blind/agreement.py

Each annotation is scored as if it were the tool's output against the other as gold: a statement of the
second annotator becomes a record whose text runs from its anchor to the end of its sentence.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from extractor.scoring import score  # noqa: E402

_END = re.compile(r"[.!?…](?=\s|$)|\n")
FIGURES = ("statement_f1", "kind_accuracy", "speaker_accuracy", "role_accuracy", "topic_macro_f1")


def read(path: Path) -> dict[str, dict]:
    return {d["doc"]: d for d in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if d}


def as_records(annotation: dict[str, dict]) -> list[dict]:
    out = []
    for doc, d in annotation.items():
        text = (HERE / d["source"]).read_text(encoding="utf-8")
        for st in d["statements"]:
            i = text.find(st["anchor"])
            end = _END.search(text, i + len(st["anchor"]))
            out.append({"doc_id": doc, "kind": st["kind"], "text": text[i:end.end() if end else len(text)],
                        "speaker": {"name": st["speaker_name"], "role": st["speaker_role"]}, "topics": st["topics"]})
    return out


def main() -> int:
    second = read(HERE / "second-annotation.jsonl")
    first = {k: v for k, v in read(HERE / "gold.jsonl").items() if k in second}
    for name, gold, other in (("first as gold", first, second), ("second as gold", second, first)):
        s = score(list(gold.values()), as_records(other))
        print(f"{name}: {len(gold)} documents, " + ", ".join(f"{f} {s[f]:.3f}" for f in FIGURES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
