"""What the sentence encoder and the trained heads cost: cold start and time per thread.

    python benchmarks/bench_encoder.py [THREADS.jsonl]   (default ../shared/eval/dev2.jsonl)

- cold start: a fresh process loading the encoder and every head and scoring one sentence, minus a
  fresh process that only imports the package (median of 5 runs each);
- per thread: `ctx.memo(stance)` — every sentence of the thread encoded in one batch — and every
  head scoring them (more than `check()` pays: it runs only the heads its rules read), after the
  thread's NLP analysis is done, so the figure is what the encoder and heads add;
  median and p95 in ms (wall and CPU), beside the whole `check()` for scale.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from replylint import check  # noqa: E402
from replylint.analysis import AnalysedThread  # noqa: E402
from replylint.inputs import to_thread  # noqa: E402
from replylint.nlp.heads import HEADS  # noqa: E402
from replylint.nlp.stance import stance  # noqa: E402

LOAD = ("from replylint.nlp import encoder, heads; "
        "v = encoder.encode(['Проверим и вернёмся с ответом.']); "
        "[heads.probabilities(h, v, ['Проверим и вернёмся с ответом.']) for h in heads.HEADS]")


def _fresh(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def cold_start(runs: int = 5) -> None:
    base = statistics.median(_fresh("from replylint.nlp import encoder, heads") for _ in range(runs))
    full = statistics.median(_fresh(LOAD) for _ in range(runs))
    print(f"cold start: encoder + heads + first sentence {full:.2f} s, the package's import {base:.2f} s, "
          f"growth {full - base:.2f} s (target ≤ 1 s)")


def per_thread(path: Path) -> None:
    threads = [json.loads(line)["thread"] for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    check(threads[0])  # warm: models loaded
    wall, cpu, sentences, whole = [], [], [], []
    for data in threads:
        ctx = AnalysedThread(to_thread(data, "bench", 20000))
        for text in [ctx.draft, *ctx.messages]:
            text.doc  # the NLP analysis, done before the clock starts
        w0, c0 = time.perf_counter(), time.process_time()
        st = ctx.memo(stance)
        for head in HEADS:
            st.scores(head)
        wall.append(1000 * (time.perf_counter() - w0))
        cpu.append(1000 * (time.process_time() - c0))
        sentences.append(len(st.index))
        w0 = time.perf_counter()
        check(data)
        whole.append(1000 * (time.perf_counter() - w0))

    def p95(xs):
        return sorted(xs)[int(0.95 * (len(xs) - 1))]

    print(f"per thread ({len(threads)} threads of {path.name}, median {statistics.median(sentences):.0f} "
          f"sentences): encoder + heads median {statistics.median(wall):.1f} ms wall "
          f"({statistics.median(cpu):.1f} ms CPU), p95 {p95(wall):.1f} ms (target median ≤ 25 ms); "
          f"whole check() median {statistics.median(whole):.0f} ms")


if __name__ == "__main__":
    cold_start()
    per_thread(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval" / "dev2.jsonl")
