"""Benchmark: one very long document (default 5 million characters) through the whole pipeline.

    python bench/long_document.py [--chars 5000000]

The document is the project's sample documents (``data/samples/*.txt``) repeated, one after the other with
a blank line between them, until it has ``--chars`` characters. It is extracted in one process through
``Extractor.process`` (pieces of ``extractor.pieces.PIECE_CHARS``); the script prints the time, the
characters per second, the number of pieces and records, and the peak resident memory of the process, and
checks that every record's text is the document's text at its offsets.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_text(chars: int) -> str:
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted((ROOT / "data" / "samples").glob("*.txt"))]
    parts, size, i = [], 0, 0
    while size < chars:
        parts.append(texts[i % len(texts)])
        size += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:chars]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=5_000_000)
    a = ap.parse_args(argv)
    from extractor.document import Document
    from extractor.pieces import PIECE_CHARS, pieces
    from extractor.pipeline import Extractor

    text = build_text(a.chars)
    doc = Document(id="long", text=text, path="long.txt", format="txt",
                   sha256=hashlib.sha256(text.encode()).hexdigest())
    ex = Extractor()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    result = ex.process(doc)
    took = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bad = [r["id"] for r in result.records if text[r["start"]:r["end"]] != r["text"]]
    print(f"document: {len(text):,} characters in {len(pieces(text)):,} pieces of at most {PIECE_CHARS:,}")
    print(f"records: {len(result.records):,} ({len(bad)} whose offsets do not give their text)")
    print(f"time: {took:.1f} s ({len(text) / took:,.0f} characters/s)")
    print(f"peak RSS: {peak:.0f} MB (after the pipeline was built and the text made: {before:.0f} MB)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
