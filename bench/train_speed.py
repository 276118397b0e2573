"""Benchmark: train the topic + kind classifiers on 10,000 sentences on one core and print the time.

    .venv/bin/python bench/train_speed.py [--n 10000] [--data data/]

The annotated sentences are augmented to N distinct sentences (prefixes, lower case, old
tone-mark placement, an extra clause), so word segmentation really runs on every one of
them. Printed: segmentation time, fitting time (thresholds by 3-fold out-of-fold
predictions, final topic fit, kind fit) and the total. Not a test: no time is asserted.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

PREFIXES = ["", "Theo đại biểu, ", "Tại buổi làm việc, ", "Ngoài ra, ", "Bên cạnh đó, ", "Về vấn đề này, ",
            "Phát biểu tại hội nghị, ", "Trả lời cử tri, ", "Cũng theo báo cáo, ", "Đáng chú ý, "]
SUFFIXES = ["", " trong thời gian tới", " ngay trong năm nay", " theo đúng quy định", " để người dân yên tâm"]
OLD_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "ủy": "uỷ", "ùy": "uỳ", "úy": "uý"}


def augment(text: str, rng: random.Random) -> str:
    t = rng.choice(PREFIXES) + (text[0].lower() + text[1:] if text else text)
    if t and t[0].islower():
        t = t[0].upper() + t[1:]
    body, dot = (t[:-1], t[-1]) if t.endswith(".") else (t, "")
    t = body + rng.choice(SUFFIXES) + dot
    if rng.random() < 0.3:
        for a, b in OLD_TONES.items():
            t = t.replace(a, b)
    if rng.random() < 0.2:
        t = t.lower()
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1] / "data"))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from extractor.annotations import load_data
    from extractor.features import text_features
    from extractor.model.config import TrainConfig
    from extractor.model.train import train_model

    base = load_data(args.data).split("train")
    rng = random.Random(args.seed)
    seen, rows = set(), []
    for e in base:
        if e.text not in seen:
            seen.add(e.text)
            rows.append(e)
    tries = 0
    while len(rows) < args.n and tries < 50 * args.n:
        tries += 1
        e = rng.choice(base)
        t = augment(e.text, rng)
        if t not in seen:
            seen.add(t)
            rows.append(replace(e, text=t))
    rows = rows[: args.n]
    text_features("khởi động bộ tách từ")  # load underthesea's model outside the timing
    print(f"{len(rows)} sentences ({sum(1 for e in rows if e.labels)} statements with topics), one core", flush=True)
    t0 = time.perf_counter()
    for e in rows:
        text_features(e.text)
    t1 = time.perf_counter()
    model = train_model(rows, TrainConfig(seed=args.seed, cv_folds=0))
    t2 = time.perf_counter()
    print(f"segmentation  {t1 - t0:6.1f} s")
    print(f"fitting       {t2 - t1:6.1f} s  (features once; topics: 3 out-of-fold fits + final fit; kind: one fit)")
    print(f"total         {t2 - t0:6.1f} s")
    print("thresholds: " + ", ".join(f"{k} {v:.2f}" for k, v in model.thresholds.items()))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
