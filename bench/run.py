"""Benchmark: the tokenizer floor, the full pipeline on 1 and 2 workers, start-up, scaling, memory.

    python bench/run.py --corpus ../shared/corpus/vntc_chinhtri_xahoi.jsonl --docs 200
    python bench/run.py --corpus ../shared/corpus/vntc_chinhtri_xahoi.jsonl --full   # the whole corpus, 2 workers

On the same ``--docs`` documents it measures

1. the floor: underthesea ``sent_tokenize`` then ``word_tokenize`` on every sentence, nothing else;
2. the full pipeline in one process (warm: the pipeline is built before the clock starts);
3. the full pipeline with 2 worker processes (warm: the workers are started before);

and prints documents/s, sentences/s and MB/s of each, the ratios ``full/floor`` and
``workers2/workers1``, the peak RSS, the wall time of ``extractor extract`` on a one-page file
(start-up, with what the imports cost), and the time per MB at 1x, 4x and 16x the input, both
as more documents and as longer documents. ``--full`` runs the whole corpus through
``extractor extract --input-format jsonl --workers 2`` and checks every record against the
schema. Results go to ``bench/RESULTS.md`` (the whole-corpus figures to ``bench/full_corpus.json``,
which RESULTS.md includes).

Every measurement runs in its own subprocess so that peak memory and imports are its own.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
FULL_JSON = HERE / "full_corpus.json"
PY = sys.executable
WAIT_QUIET = False
SCALING_ROUNDS = 3  # alternated rounds of the scaling measurement
REPEAT = 3  # timed passes over the same documents, caches emptied in between; the fastest is reported


# --------------------------------------------------------------------------- helpers


class TreeRSS:
    """Samples the summed RSS of a process and its descendants (workers, fork server) while it runs."""

    def __init__(self, pid: int, every: float = 0.25):
        self.pid, self.every, self.peak, self.peak_single, self.peak_pss = pid, every, 0, 0, 0
        self.cpu: dict[int, float] = {}   # CPU seconds of every process of the tree, last seen
        self.busy0 = self.busy1 = None     # machine-wide busy CPU seconds at start and end
        self.t0 = self.t1 = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss, pss = [], []
                for p in procs:
                    try:
                        info = p.memory_full_info()  # pss: shared pages counted once across processes
                        rss.append(info.rss)
                        pss.append(getattr(info, "pss", info.rss))
                    except psutil.Error:
                        pass
                for p in procs:
                    try:
                        t = p.cpu_times()
                        self.cpu[p.pid] = t.user + t.system + getattr(t, "children_user", 0) + \
                            getattr(t, "children_system", 0)
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, sum(rss))
                self.peak_pss = max(self.peak_pss, sum(pss))
                self.peak_single = max(self.peak_single, max(rss, default=0))
            except psutil.Error:
                pass
            self._stop.wait(self.every)

    @staticmethod
    def _busy() -> float | None:
        try:
            import psutil
        except ImportError:
            return None
        t = psutil.cpu_times()
        return t.user + t.system + getattr(t, "nice", 0) + getattr(t, "irq", 0) + getattr(t, "softirq", 0)

    def __enter__(self):
        self.busy0, self.t0 = self._busy(), time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.busy1, self.t1 = self._busy(), time.perf_counter()
        self._stop.set()
        self._thread.join()

    @property
    def other_load(self) -> float | None:
        """Cores used on average by processes outside the measured tree while it ran."""
        if self.busy0 is None or not self.t1:
            return None
        wall = self.t1 - self.t0
        return max(0.0, ((self.busy1 - self.busy0) - sum(self.cpu.values())) / wall)


def wait_quiet(limit: float = 0.3, patience: float = 180.0) -> float:
    """Wait (at most ``patience`` s) until other processes use less than ``limit`` cores; return that load."""
    try:
        import psutil
    except ImportError:
        return float("nan")
    deadline = time.monotonic() + patience
    while True:
        load = psutil.cpu_percent(interval=3.0) / 100 * (os.cpu_count() or 1)
        if load < limit or time.monotonic() > deadline:
            return load


def run_timed(cmd: list[str], **kw) -> tuple[float, TreeRSS, subprocess.CompletedProcess]:
    """Run ``cmd``; return wall seconds, its memory peaks (summed RSS and PSS, largest process), the result."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    with TreeRSS(proc.pid) as rss:
        out, err = proc.communicate()
    wall = time.perf_counter() - t0
    return wall, rss, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB"


def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    versions = {}
    for mod in ("underthesea", "spacy", "sklearn", "skops", "dask", "distributed"):
        try:
            m = __import__(mod)
            versions[mod] = getattr(m, "__version__", "?")
        except ImportError:
            pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "os": platform.platform(), "load_before": load, "versions": versions}


# --------------------------------------------------------------------------- the whole corpus


def full_corpus(corpus: Path, workers: int = 2) -> dict:
    """The whole corpus through the CLI with ``workers`` workers; every record checked against the schema."""
    out_dir = Path(tempfile.mkdtemp(prefix="extractor-full-"))
    out = out_dir / "records.jsonl"
    docs = out_dir / "documents.jsonl"
    cmd = [PY, "-m", "extractor", "extract", str(corpus), "--input-format", "jsonl", "--workers", str(workers),
           "-o", str(out), "--documents", str(docs)]
    print("running:", " ".join(cmd), flush=True)
    wall, mem, res = run_timed(cmd, cwd=ROOT)
    from extractor.records import validation_errors

    invalid = 0
    kinds: dict[str, int] = {}
    n = 0
    with open(out, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            n += 1
            kinds[rec["kind"]] = kinds.get(rec["kind"], 0) + 1
            if validation_errors(rec):
                invalid += 1
    summaries = [json.loads(line) for line in open(docs, encoding="utf-8")]
    failed = [s for s in summaries if s["errors"]]
    size = corpus.stat().st_size
    result = {
        "command": "extractor extract " + " ".join(cmd[4:5]) + " --input-format jsonl --workers "
                   f"{workers} -o OUT --documents DOCS",
        "exit_code": res.returncode, "summary_line": res.stderr.strip().splitlines()[-1] if res.stderr.strip() else "",
        "stderr_errors": [line for line in res.stderr.splitlines() if line.startswith("error:")][:20],
        "documents": len(summaries), "failed": len(failed), "statements": n, "kinds": kinds,
        "invalid_records": invalid, "seconds": round(wall, 1), "docs_per_s": round(len(summaries) / wall, 2),
        "other_load": mem.other_load,
        "mb_per_s": round(size / 2**20 / wall, 3), "peak_rss_tree": mem.peak, "peak_pss_tree": mem.peak_pss,
        "peak_rss_single": mem.peak_single,
        "workers": workers, "machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    FULL_JSON.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for p in (out, docs):
        p.unlink()
    out_dir.rmdir()
    return result


# --------------------------------------------------------------------------- measurements (each in a subprocess)


def load_docs(corpus: Path, n: int, skip: int = 0) -> list:
    from extractor.ingest import IngestOptions, iter_documents

    docs = (d for d in iter_documents([str(corpus)], IngestOptions(input_format="jsonl")) if hasattr(d, "text"))
    return list(itertools.islice(docs, skip, skip + n))


def _rss_self() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure_floor(corpus: Path, n: int) -> dict:
    """underthesea sentence splitting (per line, as the pipeline does) and word segmentation per sentence."""
    from underthesea import sent_tokenize, word_tokenize

    docs = load_docs(corpus, n)
    word_tokenize("Khởi động mô hình.", use_token_normalize=False)  # warm: models load on first use
    sent_tokenize("Khởi động. Mô hình.")
    runs = []
    for _ in range(REPEAT):
        c0 = time.process_time()
        t0 = time.perf_counter()
        sentences = words = 0
        for d in docs:
            for line in d.text.split("\n"):
                if not line.strip():
                    continue
                for sent in sent_tokenize(line):
                    sentences += 1
                    words += len(word_tokenize(sent, use_token_normalize=False))
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    secs, cpu = min(runs)
    return {"seconds": secs, "cpu": cpu, "runs": runs, "docs": len(docs), "sentences": sentences, "words": words,
            "bytes": sum(len(d.text.encode("utf-8")) for d in docs), "rss": _rss_self()}


def _floor_part(args) -> tuple[float, float]:
    corpus, n, skip, start_at = args
    from underthesea import sent_tokenize, word_tokenize

    docs = load_docs(Path(corpus), n, skip)
    word_tokenize("Khởi động mô hình.", use_token_normalize=False)
    sent_tokenize("Khởi động. Mô hình.")
    while time.time() < start_at:  # both processes start together, warm
        time.sleep(0.01)
    c0 = time.process_time()
    for d in docs:
        for line in d.text.split("\n"):
            if line.strip():
                for sent in sent_tokenize(line):
                    word_tokenize(sent, use_token_normalize=False)
    return time.time(), time.process_time() - c0


def measure_floor2(corpus: Path, n: int) -> dict:
    """The floor in 2 processes, each on half the documents: what this machine gives two processes."""
    import multiprocessing as mp

    half = n // 2
    start_at = time.time() + 8.0  # time enough for both to import underthesea and load its models
    with mp.get_context("spawn").Pool(2) as pool:
        res = pool.map(_floor_part, [(str(corpus), half, 0, start_at), (str(corpus), n - half, half, start_at)])
    return {"seconds": max(end for end, _ in res) - start_at, "cpu": sum(c for _, c in res),
            "docs": n, "bytes": sum(len(d.text.encode("utf-8")) for d in load_docs(corpus, n))}


def measure_full1(corpus: Path, n: int) -> dict:
    """The per-document function of the engines, in this process, pipeline built before the clock starts."""
    from extractor.engines import get_extractor, process_document

    docs = load_docs(corpus, n)
    t0 = time.perf_counter()
    ex = get_extractor()
    build = time.perf_counter() - t0
    process_document(load_docs(corpus, 1, skip=n)[0])  # warm
    runs = []
    warm = load_docs(corpus, 8, skip=n + 1)
    for _ in range(REPEAT):
        clear_caches()  # a repeated pass must not find the same documents' words in the caches
        for d in warm:
            process_document(d)
        c0 = time.process_time()
        t0 = time.perf_counter()
        statements = sentences = 0
        for d in docs:
            o = process_document(d)
            statements += o.n_records
            sentences += o.sentences
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    secs, cpu = min(runs)
    # where the time goes: the same documents again, stage by stage, with underthesea timed inside
    import extractor.tokenise as tok_mod
    from extractor.records import statement_records

    words = "word segmentation (extractor.wordseg: underthesea's syllables and model)"
    inner = {words: 0.0, "segment() incl. underthesea sent_tokenize": 0.0}
    orig_wt, orig_seg = tok_mod.word_tokenize, tok_mod.segment

    def wt(texts):
        t = time.perf_counter()
        try:
            return orig_wt(texts)
        finally:
            inner[words] += time.perf_counter() - t

    def sg(*a, **k):
        t = time.perf_counter()
        try:
            return orig_seg(*a, **k)
        finally:
            inner["segment() incl. underthesea sent_tokenize"] += time.perf_counter() - t

    stages: dict[str, float] = {"tokenizer (segment + words + Doc)": 0.0}
    for name, _ in ex.nlp.pipeline:
        stages[name] = 0.0
    stages["records"] = 0.0
    tok_mod.word_tokenize, tok_mod.segment = wt, sg
    try:
        for d in docs:
            t = time.perf_counter()
            doc = ex.nlp.make_doc(d.text)
            stages["tokenizer (segment + words + Doc)"] += time.perf_counter() - t
            for name, proc in ex.nlp.pipeline:
                t = time.perf_counter()
                doc = proc(doc)
                stages[name] += time.perf_counter() - t
            t = time.perf_counter()
            statement_records(doc, d)
            stages["records"] += time.perf_counter() - t
    finally:
        tok_mod.word_tokenize, tok_mod.segment = orig_wt, orig_seg
    return {"seconds": secs, "cpu": cpu, "runs": runs, "docs": len(docs), "statements": statements,
            "pipeline_sentences": sentences,
            "bytes": sum(len(d.text.encode("utf-8")) for d in docs), "build_seconds": build,
            "stages": stages, "tokenizer_inner": inner, "rss": _rss_self()}


def clear_caches() -> None:
    """Empty the bounded functools caches of the package (word features, normalised views...)."""
    import functools

    for name, mod in list(sys.modules.items()):
        if name == "extractor" or name.startswith("extractor."):
            for obj in list(vars(mod).values()):
                if isinstance(obj, functools._lru_cache_wrapper) and (obj.cache_info().maxsize or 0) > 8:
                    obj.cache_clear()
    wordseg = sys.modules.get("extractor.wordseg")
    if wordseg is not None and wordseg.load_segmenter.cache_info().currsize:
        segmenter = wordseg.load_segmenter()
        if segmenter is not None:
            segmenter.clear_cache()   # the syllables seen


def _workers_cpu() -> dict:
    """CPU seconds (user + system) used so far by each descendant process (the workers)."""
    try:
        import psutil  # comes with distributed (the 'dask' and 'test' extras)
    except ImportError:
        return {}

    out = {}
    for p in psutil.Process().children(recursive=True):
        try:
            t = p.cpu_times()
            out[p.pid] = t.user + t.system
        except psutil.Error:
            pass
    return out


def measure_full2(corpus: Path, n: int, workers: int = 2) -> dict:
    """map_local with ``workers`` processes, started and warmed before the clock starts."""
    from extractor.engines import map_local, shutdown_pools, start_workers

    docs = load_docs(corpus, n)
    warm = load_docs(corpus, 8 * workers, skip=n)
    starts, runs = [], []
    for _ in range(REPEAT):
        shutdown_pools()  # fresh workers (cold caches), warmed on other documents
        starts.append(start_workers(workers))  # every worker builds its pipeline and warms up
        list(map_local(iter(warm), workers))
        w0, c0 = _workers_cpu(), time.process_time()
        t0 = time.perf_counter()
        statements = 0
        for o in map_local(iter(docs), workers):
            statements += o.n_records
        secs = time.perf_counter() - t0
        worker_cpu = {pid: c - w0.get(pid, 0.0) for pid, c in _workers_cpu().items()}
        runs.append((secs, time.process_time() - c0, sorted(worker_cpu.values())))
    secs, parent_cpu, worker_cpu = min(runs)
    return {"seconds": secs, "cpu": parent_cpu + sum(worker_cpu), "runs": runs,
            "parent_cpu": parent_cpu, "worker_cpu": worker_cpu,
            "docs": len(docs), "statements": statements, "pool_start_seconds": min(starts),
            "bytes": sum(len(d.text.encode("utf-8")) for d in docs)}


def measure_scaling(corpus: Path, base: int) -> dict:
    """Time per MB at 1x, 4x, 16x: more documents (nested prefixes of the corpus) and longer documents."""
    from dataclasses import replace

    from extractor.engines import get_extractor, process_document

    get_extractor()
    pool = load_docs(corpus, 16 * base)
    warm = load_docs(corpus, 8, skip=16 * base)

    def same_start():  # every size starts from the same state: empty caches, then the same 8 other documents
        clear_caches()
        for d in warm:
            process_document(d)

    # Sizes are measured in alternation (1x, 4x, 16x, 1x, 4x, ...) and each keeps its fastest pass, so a
    # slow spell of the shared machine does not land on one size only.
    sizes = (1, 4, 16)
    best_more: dict[int, tuple[float, float]] = {}
    for _ in range(SCALING_ROUNDS):
        for k in sizes:
            docs = pool[: k * base]
            same_start()
            c0, t0 = time.process_time(), time.perf_counter()
            for d in docs:
                process_document(d)
            t = (time.perf_counter() - t0, time.process_time() - c0)
            best_more[k] = min(best_more.get(k, t), t)
    more = []
    for k in sizes:
        secs, cpu = best_more[k]
        size = sum(len(d.text.encode("utf-8")) for d in pool[: k * base])
        more.append({"factor": k, "docs": k * base, "bytes": size, "seconds": secs, "cpu": cpu,
                     "s_per_mb": secs / (size / 2**20), "cpu_s_per_mb": cpu / (size / 2**20)})
    unit = 4  # articles per 1x document
    long_docs = {k: replace(pool[0], id=f"long-{k}", text="\n\n".join(d.text for d in pool[: unit * k]))
                 for k in sizes}
    best_long: dict[int, tuple[float, float]] = {}
    for r in range(3 * SCALING_ROUNDS):
        for k in sizes:
            if k == 16 and r >= SCALING_ROUNDS:  # the short ones take 0.05 s: noise hits them most
                continue
            same_start()
            c0, t0 = time.process_time(), time.perf_counter()
            o = process_document(long_docs[k])
            t = (time.perf_counter() - t0, time.process_time() - c0)
            assert o.ok, o.error
            best_long[k] = min(best_long.get(k, t), t)
    longer = []
    for k in sizes:
        secs, cpu = best_long[k]
        text = long_docs[k].text
        size = len(text.encode("utf-8"))
        longer.append({"factor": k, "chars": len(text), "bytes": size, "seconds": secs, "cpu": cpu,
                       "s_per_mb": secs / (size / 2**20), "cpu_s_per_mb": cpu / (size / 2**20)})
    return {"more_documents": more, "longer_documents": longer}


def measure_imports() -> dict:
    """What start-up is made of: imports, building the pipeline (model load), the first document."""
    out = {}
    t = time.perf_counter()
    import extractor.cli  # noqa: F401
    out["import extractor.cli (click)"] = time.perf_counter() - t
    for mod in ("spacy", "underthesea", "sklearn", "skops.io", "extractor.pipeline"):
        t = time.perf_counter()
        __import__(mod)
        out[f"import {mod}"] = time.perf_counter() - t
    from extractor.engines import get_extractor, process_document
    from extractor.ingest import read_document

    t = time.perf_counter()
    get_extractor()
    out["build the pipeline (rule files, topic/kind model load)"] = time.perf_counter() - t
    t = time.perf_counter()
    process_document(read_document(str(HERE / "one_page.txt")))
    out["first one-page document (underthesea models load)"] = time.perf_counter() - t
    t = time.perf_counter()
    process_document(read_document(str(HERE / "one_page.txt")))
    out["same document again (warm)"] = time.perf_counter() - t
    return out


MEASURES = {"floor": measure_floor, "floor2": measure_floor2, "full1": measure_full1, "full2": measure_full2,
            "scaling": measure_scaling}


def sub_measure(name: str, corpus: Path, n: int, passes: int | None = None) -> dict:
    cmd = [PY, str(Path(__file__).resolve()), "--corpus", str(corpus), "--docs", str(n), "--_measure", name]
    if passes:
        cmd += ["--_passes", str(passes)]
    quiet = wait_quiet() if WAIT_QUIET else None
    wall, mem, res = run_timed(cmd, cwd=ROOT)
    if res.returncode != 0:
        raise SystemExit(f"{name} failed:\n{res.stderr}")
    r = json.loads(res.stdout.strip().splitlines()[-1])
    r["peak_rss_tree"], r["peak_pss_tree"], r["peak_rss_single"], r["wall"] = (mem.peak, mem.peak_pss,
                                                                               mem.peak_single, wall)
    r["other_load"], r["load_before"] = mem.other_load, quiet
    r["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"  {name}: done in {wall:.1f} s", flush=True)
    return r


PAIRED = ("floor", "floor2", "full1", "full2")


def paired_rounds(corpus: Path, n: int, rounds: int, names=PAIRED) -> dict:
    """Run the throughput measurements in alternation, ``rounds`` times, one timed pass each.

    The machine is shared and its speed drifts over minutes: measuring the 1-process and the
    2-worker runs one after the other, several times over, compares them under the same
    conditions instead of at two different moments. Each measurement keeps its fastest round
    (peak memory: the highest of all rounds), and the ratios of every round are kept too."""
    per: dict[str, list[dict]] = {name: [] for name in names}
    for i in range(rounds):
        print(f" round {i + 1}/{rounds}", flush=True)
        for name in names:
            per[name].append(sub_measure(name, corpus, n, passes=1))
    out = {}
    for name, rs in per.items():
        best = dict(min(rs, key=lambda r: r["seconds"]))
        best["runs"] = [[r["seconds"], r.get("cpu")] for r in rs]
        for key in ("peak_rss_tree", "peak_pss_tree", "peak_rss_single"):
            vals = [r[key] for r in rs if r.get(key)]
            if vals:
                best[key] = max(vals)
        out[name] = best
    if "floor" in per and "full1" in per:
        out["full1"]["paired_ratios"] = [a["seconds"] / b["seconds"] for a, b in zip(per["floor"], per["full1"])]
    if "full1" in per and "full2" in per:
        out["full2"]["paired_ratios"] = [a["seconds"] / b["seconds"] for a, b in zip(per["full1"], per["full2"])]
    if "floor" in per and "floor2" in per:
        out["floor2"]["paired_ratios"] = [a["seconds"] / b["seconds"] for a, b in zip(per["floor"], per["floor2"])]
    return out


ONE_PAGE_SOURCE = ROOT / "data" / "samples" / "tiep-xuc-cu-tri-quan.txt"


def one_page_file() -> Path:
    """About one printed page (~3,000 characters, whole lines) of a sample report."""
    lines, size = [], 0
    for line in ONE_PAGE_SOURCE.read_text(encoding="utf-8").splitlines():
        lines.append(line)
        size += len(line) + 1
        if size > 3000:
            break
    path = HERE / "one_page.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure_startup() -> dict:
    page = one_page_file()
    out = Path(tempfile.mkdtemp(prefix="extractor-bench-")) / "one.jsonl"
    runs = []
    for _ in range(3):
        wall, mem, res = run_timed([PY, "-m", "extractor", "extract", str(page), "-o", str(out), "-q"], cwd=ROOT)
        peak = mem.peak
        if res.returncode != 0:
            raise SystemExit(f"start-up run failed:\n{res.stderr}")
        runs.append(wall)
    helps = [run_timed([PY, "-m", "extractor", "extract", "--help"], cwd=ROOT)[0] for _ in range(3)]
    res = subprocess.run([PY, str(Path(__file__).resolve()), "--_measure", "imports"], capture_output=True, text=True,
                         cwd=ROOT)
    parts = json.loads(res.stdout.strip().splitlines()[-1]) if res.returncode == 0 else {"error": res.stderr[-500:]}
    out.unlink(missing_ok=True)
    out.parent.rmdir()
    return {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "chars": len(page.read_text(encoding="utf-8")), "runs": runs, "median": statistics.median(runs),
            "peak_rss": peak, "help_median": statistics.median(helps), "parts": parts}


# --------------------------------------------------------------------------- the report


def rates(r: dict, sentences: int) -> dict:
    return {"docs_s": r["docs"] / r["seconds"], "sents_s": sentences / r["seconds"],
            "mb_s": r["bytes"] / 2**20 / r["seconds"]}


def memory(r: dict) -> str:
    pss = r.get("peak_pss_tree")
    return (f"{mb(pss)} / " if pss else "") + mb(r["peak_rss_tree"])


def runs(r: dict) -> str:
    return ", ".join(f"{x[0]:.1f}" for x in r.get("runs", []))


def other(r: dict) -> str:
    load = r.get("other_load")
    return "?" if load is None else f"{load:.2f}"


def paired_lines(m: dict) -> list[str]:
    """The ratios of each round of the alternated measurements (see :func:`paired_rounds`)."""
    w = m["full2"].get("paired_ratios")
    ff = m["full1"].get("paired_ratios")
    f = m.get("floor2", {}).get("paired_ratios")
    if not w:
        return []
    out = [f"The measurements ran in {len(w)} alternated rounds (floor, floor in 2 processes, 1 process, "
           "2 workers; each a fresh process), so that each ratio compares runs made a minute apart at most. "
           f"`workers2/workers1` of each round: {', '.join(f'{x:.2f}' for x in w)} (median "
           f"{statistics.median(w):.2f})"]
    if ff:
        out[0] += (f"; `full/floor`: {', '.join(f'{x:.2f}' for x in ff)} (median {statistics.median(ff):.2f})")
    if f:
        out[0] += f"; the floor's 2-process speed-up in the same rounds: {', '.join(f'{x:.2f}' for x in f)}"
    out[0] += "."
    return out + [""]


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def write_results(args, m: dict) -> str:
    floor, full1, full2, scaling, startup = m["floor"], m["full1"], m["full2"], m["scaling"], m["startup"]
    floor2 = m.get("floor2") or {"seconds": float("nan"), "cpu": float("nan")}
    sents = floor["sentences"]
    rf, r1, r2 = rates(floor, sents), rates(full1, sents), rates(full2, sents)
    # Headline ratios: the median of the per-round ratios when the runs were alternated in rounds
    # (each compares runs made minutes apart), else fastest pass against fastest pass.
    best_full_floor = r1["docs_s"] / rf["docs_s"]
    best_w21 = r2["docs_s"] / r1["docs_s"]
    paired_ff, paired_w = full1.get("paired_ratios"), full2.get("paired_ratios")
    full_floor = statistics.median(paired_ff) if paired_ff else best_full_floor
    w21 = statistics.median(paired_w) if paired_w else best_w21
    cpu_full_floor = floor.get("cpu", 0) / full1["cpu"] if full1.get("cpu") else 0.0
    mach = m["machine"]
    more = scaling["more_documents"]
    longer = scaling["longer_documents"]

    def spread(rows, key="s_per_mb"):
        v = [r.get(key) or 0 for r in rows]
        return max(v) / min(v) - 1 if min(v) > 0 else float("nan")

    lines = [
        "# Benchmark results",
        "",
        f"Written by `python bench/run.py --corpus {args.corpus_arg} --docs {args.docs} --wait-quiet` on {m['date']}; "
        "measured: " + ", ".join(f"{k} {m[k].get('date', '?')}" for k in ("floor", "floor2", "full1", "full2",
                                                                           "scaling", "startup") if k in m) + ".",
        "",
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['cores']} cores; memory {mb(mach['memory'] or 0)}",
        f"- {mach['os']}, Python {mach['python']}; " + ", ".join(f"{k} {v}" for k, v in mach["versions"].items()),
        f"- load average before the run: {', '.join(f'{x:.2f}' for x in mach['load_before'] or [])} "
        "(other work on the machine slows every figure below)",
        "",
        f"## Throughput on the same {floor['docs']} documents ({floor['bytes'] / 2**20:.2f} MB, "
        f"{sents} underthesea sentences)",
        "",
        "| run | wall s | CPU s | documents/s | sentences/s | MB/s | peak memory (PSS / RSS, all processes) "
        "| other processes (cores) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| 1. floor: underthesea sent_tokenize + word_tokenize | {floor['seconds']:.1f} | {floor.get('cpu', 0):.1f} | "
        f"{rf['docs_s']:.1f} | {rf['sents_s']:.0f} | {rf['mb_s']:.3f} | {memory(floor)} | {other(floor)} |",
        f"| 2. full pipeline, 1 process | {full1['seconds']:.1f} | {full1.get('cpu', 0):.1f} | {r1['docs_s']:.1f} | "
        f"{r1['sents_s']:.0f} | {r1['mb_s']:.3f} | {memory(full1)} | {other(full1)} |",
        f"| 3. full pipeline, 2 workers | {full2['seconds']:.1f} | {full2.get('cpu', 0):.1f} | {r2['docs_s']:.1f} | "
        f"{r2['sents_s']:.0f} | {r2['mb_s']:.3f} | {memory(full2)} | {other(full2)} |",
        "",
        "```",
        f"full/floor: {full_floor:.2f}",
        f"workers2/workers1: {w21:.2f}",
        "```",
        "",
        (f"Both are the median of the ratios of {len(paired_w)} alternated rounds (below); the fastest pass of "
         f"each run against the fastest of the other gives full/floor {best_full_floor:.2f} and workers2/workers1 "
         f"{best_w21:.2f}." if paired_w and paired_ff else "Both compare the fastest pass of each run."),
        "",
        f"For reference, the floor itself in 2 processes (half the documents each) took {floor2['seconds']:.1f} s: "
        f"{floor['seconds'] / floor2['seconds']:.2f}x the floor in one process, on this machine at that moment "
        f"({floor2['cpu']:.1f} CPU s against {floor.get('cpu', 0):.1f} in one process).",
        "",
        *paired_lines(m),
        "Measured on the wall clock, as the targets are stated; the last column is the CPU other sessions used",
        "on this shared 2-core machine meanwhile (any load there slows the 2-worker run first). Per CPU second",
        f"the full pipeline does {cpu_full_floor:.2f}x the floor's work. The two workers used "
        f"{', '.join(f'{c:.1f}' for c in full2.get('worker_cpu', []) if c > 0.5)} CPU s (parent "
        f"{full2.get('parent_cpu', 0):.1f} s) for what took {full1.get('cpu', 0):.1f} CPU s in one process.",
        "",
        f"Each figure is the fastest of {len(full1.get('runs', [1]))} passes over the same documents (wall seconds of "
        f"every pass: floor {runs(floor)}; 1 process {runs(full1)}; 2 workers {runs(full2)}"
        + (f"; floor in 2 processes {runs(floor2)}" if floor2.get("runs") else "") + ").",
        "",
        f"Statements found: {full1['statements']} (1 process) and {full2['statements']} (2 workers). "
        f"Clocks start after the pipeline is built ({full1['build_seconds']:.1f} s in one process; "
        f"starting 2 workers took {full2['pool_start_seconds']:.1f} s).",
        "",
        "### Where the time of the full pipeline goes (1 process, same documents)",
        "",
        "| stage | seconds | share |",
        "|---|---:|---:|",
    ]
    total_stages = sum(full1["stages"].values())
    for name, secs in full1["stages"].items():
        lines.append(f"| {name} | {secs:.2f} | {secs / total_stages:.0%} |")
    for name, secs in full1["tokenizer_inner"].items():
        lines.append(f"| … of which {name} | {secs:.2f} | {secs / total_stages:.0%} |")
    lines += [
        "",
        "## Start-up",
        "",
        f"`extractor extract bench/one_page.txt -o OUT -q` (one page, {startup['chars']} characters): "
        f"median {startup['median']:.2f} s of " + ", ".join(f"{x:.2f}" for x in startup["runs"]) +
        f" s; peak RSS {mb(startup['peak_rss'])}. `extractor extract --help`: {startup['help_median']:.2f} s.",
        "",
        "What it is made of (one process, in order):",
        "",
        "| step | seconds |",
        "|---|---:|",
    ]
    for name, secs in startup["parts"].items():
        lines.append(f"| {name} | {secs:.2f} |" if isinstance(secs, float) else f"| {name} | {secs} |")
    lines += [
        "",
        "## Scaling: time per MB at 1x, 4x, 16x (1 process; each size starts with empty caches and the same 8 "
        "warm-up documents)",
        "",
        "| input | documents | MB | wall s | wall s/MB | CPU s/MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in more:
        lines.append(f"| {r['factor']}x documents | {r['docs']} | {r['bytes'] / 2**20:.2f} | {r['seconds']:.1f} | "
                     f"{r['s_per_mb']:.1f} | {r.get('cpu_s_per_mb', 0):.1f} |")
    for r in longer:
        lines.append(f"| one document {r['factor']}x as long ({r['chars']} chars) | 1 | {r['bytes'] / 2**20:.3f} | "
                     f"{r['seconds']:.2f} | {r['s_per_mb']:.1f} | {r.get('cpu_s_per_mb', 0):.1f} |")
    lines += [
        "",
        f"Spread of s/MB (wall): {spread(more):.0%} across more documents, {spread(longer):.0%} across longer "
        f"documents; on CPU time: {spread(more, 'cpu_s_per_mb'):.0%} and {spread(longer, 'cpu_s_per_mb'):.0%}. "
        "The 1x, 4x and 16x document sets are nested prefixes of the corpus, so their content differs too.",
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        # the targets of the restructuring issue (full/floor, workers, start-up, memory) and of the first one (per MB)
        f"| full pipeline >= 0.75x the floor | {full_floor:.2f} wall, {cpu_full_floor:.2f} CPU | "
        f"{verdict(full_floor >= 0.75)} |",
        f"| 2 workers >= 1.8x one worker | {w21:.2f} | "
        f"{verdict(w21 >= 1.8)} |",
        f"| start-up of a one-page extraction < 2.5 s | {startup['median']:.2f} s | "
        f"{verdict(startup['median'] < 2.5)} |",
        f"| time per MB within 15% at 1x/4x/16x | wall {spread(more):.0%} (documents), {spread(longer):.0%} (length); "
        f"CPU {spread(more, 'cpu_s_per_mb'):.0%}, {spread(longer, 'cpu_s_per_mb'):.0%} | "
        f"{verdict(spread(more, 'cpu_s_per_mb') <= 0.15 and spread(longer, 'cpu_s_per_mb') <= 0.15)} (on CPU time) |",
    ]
    full = json.loads(FULL_JSON.read_text(encoding="utf-8")) if FULL_JSON.exists() else None
    if full:
        used = full.get("peak_pss_tree") or full["peak_rss_tree"]
        lines.append(f"| peak memory < 500 MB for the whole corpus | {memory(full)} (PSS / RSS summed over all "
                     f"processes), {mb(full['peak_rss_single'])} largest process | {verdict(used < 500 * 2**20)} |")
    else:
        lines.append("| peak memory < 500 MB for the whole corpus | not run (`--full`) | |")
    lines += ["", "## The whole corpus", ""]
    if full:
        fm = full["machine"]
        lines += [
            f"`{full['command']}` on {full['date']} (load average before: "
            f"{', '.join(f'{x:.2f}' for x in fm['load_before'] or [])}):",
            "",
            f"- {full['documents']} documents in {full['seconds'] / 60:.1f} min ({full['docs_per_s']} documents/s, "
            f"{full['mb_per_s']} MB/s), exit code {full['exit_code']}, {full['failed']} failed",
            f"- {full['statements']} statements (" + ", ".join(f"{k} {v}" for k, v in sorted(full["kinds"].items()))
            + f"); {full['invalid_records']} records fail the schema",
            f"- peak memory {memory(full)} (PSS / RSS summed over all processes; RSS counts shared pages "
            f"once per process), {mb(full['peak_rss_single'])} RSS for the largest one",
            f"- summary line: `{full['summary_line']}`",
        ]
        if full["stderr_errors"]:
            lines += ["- errors:", *[f"  - `{e}`" for e in full["stderr_errors"]]]
    else:
        lines.append("Not run yet: `python bench/run.py --full`.")
    # the hand-written analysis (from "## Analysis" on) survives a re-run
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if "\n## Analysis" in old:
        lines += ["", old[old.index("\n## Analysis") + 1:].strip()]
    text = "\n".join(lines) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "vntc_chinhtri_xahoi.jsonl")
    ap.add_argument("--docs", type=int, default=200, help="documents for the floor / 1 worker / 2 workers comparison")
    ap.add_argument("--full", action="store_true", help="run the whole corpus with 2 workers instead")
    ap.add_argument("--only", default=None,
                    help="comma-separated measurements to run again (floor,full1,full2,scaling,startup); "
                         "the others are taken from bench/last_run.json")
    ap.add_argument("--report", action="store_true", help="only rewrite RESULTS.md from bench/last_run.json")
    ap.add_argument("--wait-quiet", action="store_true",
                    help="before each measurement, wait (up to 3 min) until other processes use < 0.3 cores")
    ap.add_argument("--rounds", type=int, default=4,
                    help="times the floor / 1-process / 2-worker measurements are run, in alternation")
    ap.add_argument("--_measure", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_passes", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    global WAIT_QUIET, REPEAT
    WAIT_QUIET = args.wait_quiet
    if args._passes:
        REPEAT = args._passes
    if args._measure == "imports":
        print(json.dumps(measure_imports()))
        return 0
    if not args.corpus.exists():
        print(f"{args.corpus}: no such corpus", file=sys.stderr)
        return 2
    if args.full:
        r = full_corpus(args.corpus)
        print(json.dumps({k: v for k, v in r.items() if k != "machine"}, ensure_ascii=False, indent=1))
        return 0
    if args._measure:
        n = args.docs if args._measure != "scaling" else max(1, args.docs // 4)
        print(json.dumps(MEASURES[args._measure](args.corpus, n)))
        return 0
    args.corpus_arg = os.path.relpath(args.corpus, ROOT) if args.corpus.is_absolute() else str(args.corpus)
    if args.report:  # rewrite RESULTS.md from bench/last_run.json, measuring nothing
        print(write_results(args, json.loads((HERE / "last_run.json").read_text(encoding="utf-8"))))
        return 0
    last = HERE / "last_run.json"
    only = set(args.only.split(",")) if args.only else None
    m = json.loads(last.read_text(encoding="utf-8")) if only and last.exists() else {}
    m.update({"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})
    print(f"benchmark on {args.docs} documents of {args.corpus}", flush=True)
    paired = [name for name in PAIRED if only is None or name in only or name not in m]
    if paired:
        m.update(paired_rounds(args.corpus, args.docs, args.rounds, paired))
    if only is None or "scaling" in only or "scaling" not in m:
        m["scaling"] = sub_measure("scaling", args.corpus, args.docs)
    if only is None or "startup" in only or "startup" not in m:
        m["startup"] = measure_startup()
        print("  startup: done", flush=True)
    last.write_text(json.dumps(m, indent=1) + "\n", encoding="utf-8")
    text = write_results(args, m)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
