"""Agreement between the two independent annotations of assignees and deadlines of blind round 11
(``obligations.jsonl`` and ``obligations-second.jsonl``): exact-span F1 per field, line breaks read as spaces,
over the 196 statements of the round (a statement left out of a file has neither field).

    python data/blind/obligations_agreement.py

It is the ceiling the tool's figures on ``obligations.jsonl`` are read against (``bench/obligations.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ("assignee", "deadline")


def spans(path: Path) -> dict[tuple[str, str, str], str]:
    """(document, anchor, field) -> the span's words, for every non-null span of the file."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        for st in doc["statements"]:
            for field in FIELDS:
                if st.get(field):
                    out[(doc["doc"], st["anchor"], field)] = " ".join(st[field].split())
    return out


def agreement(a: dict, b: dict, field: str) -> dict[str, float]:
    """Exact-span agreement of ``b`` with ``a`` on one field: precision, recall, F1 (symmetric), and how many
    statements each gives a span and both give one (same or not)."""
    ka = {k for k in a if k[2] == field}
    kb = {k for k in b if k[2] == field}
    same = sum(1 for k in ka & kb if a[k] == b[k])
    p = same / len(kb) if kb else 0.0
    r = same / len(ka) if ka else 0.0
    return {"first": len(ka), "second": len(kb), "both": len(ka & kb), "same_span": same,
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def main() -> int:
    first, second = spans(HERE / "obligations.jsonl"), spans(HERE / "obligations-second.jsonl")
    for field in FIELDS:
        print(field, agreement(first, second, field))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
