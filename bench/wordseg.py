"""Word segmentation: extractor.wordseg against underthesea.word_tokenize, word for word and in speed.

    python bench/wordseg.py --corpus ../shared/corpus/vntc_chinhtri_xahoi.jsonl [--docs N]

Every sentence of the first N documents (underthesea's sent_tokenize; all of them by default) is
segmented by both; the script prints the sentences whose words differ (it exits 1 if any does)
and the CPU seconds of each, underthesea's first (its model loaded before the clock starts).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--docs", type=int, default=None)
    parser.add_argument("--chunk", type=int, default=500, help="documents per comparison chunk")
    args = parser.parse_args(argv)

    from underthesea import sent_tokenize, word_tokenize

    from extractor.wordseg import load_segmenter

    segmenter = load_segmenter()
    if segmenter is None:
        print("extractor.wordseg cannot read the installed underthesea model (see the warning)")
        return 1
    word_tokenize("khởi động", use_token_normalize=False)
    docs = sentences = differ = 0
    slow = fast = 0.0
    with args.corpus.open(encoding="utf-8") as lines:
        rows = (json.loads(line) for line in lines if line.strip())
        rows = itertools.islice(rows, args.docs) if args.docs else rows
        while chunk := list(itertools.islice(rows, args.chunk)):
            per_doc = [sent_tokenize(row["text"]) for row in chunk]
            flat = [s for doc in per_doc for s in doc]
            t = time.process_time()
            expected = [word_tokenize(s, use_token_normalize=False) for s in flat]
            slow += time.process_time() - t
            t = time.process_time()
            got = [words for doc in per_doc for words in segmenter.words(doc)]
            fast += time.process_time() - t
            for sentence, a, b in zip(flat, expected, got):
                if a != b:
                    differ += 1
                    if differ <= 20:
                        print(f"differs: {sentence[:120]!r}\n  underthesea: {a}\n  wordseg:     {b}")
            docs += len(chunk)
            sentences += len(flat)
    print(f"{docs} documents, {sentences} sentences: {differ} differ")
    print(f"underthesea.word_tokenize {slow:.1f} CPU s ({sentences / slow:.0f} sentences/s); "
          f"extractor.wordseg {fast:.1f} CPU s ({sentences / fast:.0f} sentences/s), {slow / fast:.1f}x")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
