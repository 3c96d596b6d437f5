"""Load on `replylint serve`, from a second process on 127.0.0.1.

Starts the service, warms it, then sends `POST /v1/check`: 2,000 calls at concurrency 32
(errors and throughput), then calls at concurrency 8 (p50 / p95 latency). The service's resident
memory (its process and its workers) is read after warm-up and at the end.

The threads are dev2's (`../shared/eval/dev2.jsonl`, only as load; nothing is measured on their
labels), else the rule packs' examples.

    python benchmarks/bench_serve.py [--workers N] [--calls 2000]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV2 = ROOT.parent / "shared" / "eval" / "dev2.jsonl"


def threads() -> list[bytes]:
    if DEV2.is_file():
        docs = [json.loads(line)["thread"] for line in DEV2.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        sys.path.insert(0, str(ROOT / "tests"))
        from conftest import example_thread
        from replylint.engine import load_rules

        docs = [example_thread(ex) for r in load_rules() for ex in r.spec.examples.flagged + r.spec.examples.clean]
    return [json.dumps(d, ensure_ascii=False).encode() for d in docs]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int) -> float:
    """Resident memory of `pid` and all its descendants."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True).stdout
    rows = [tuple(int(x) for x in line.split()) for line in out.splitlines() if line.strip()]
    family, grew = {pid}, True
    while grew:
        grew = False
        for p, pp, _ in rows:
            if pp in family and p not in family:
                family.add(p)
                grew = True
    return sum(r for p, _, r in rows if p in family) / 1024


def load(port: int, bodies: list[bytes], calls: int, concurrency: int) -> tuple[list[float], int, float]:
    """(latencies in ms, errors, wall seconds) for `calls` POSTs from `concurrency` connections."""
    latencies: list[float] = []
    errors = [0]
    counter = iter(range(calls))
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            started = time.perf_counter()
            try:
                conn.request("POST", "/v1/check", bodies[i % len(bodies)], {"Content-Type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            ms = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(ms)
                errors[0] += not ok
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return latencies, errors[0], time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--calls", type=int, default=2000)
    args = ap.parse_args()
    bodies = threads()
    port = free_port()
    exe = Path(sys.executable).with_name("replylint")
    server = subprocess.Popen([str(exe), "serve", "--port", str(port), "--workers", str(args.workers)],
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 180
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                sys.exit("the service did not come up")
            time.sleep(0.3)
        load(port, bodies, len(bodies), 4)  # every thread once: caches and allocator settle
        rss_warm = rss_mib(server.pid)
        lat32, err32, wall32 = load(port, bodies, args.calls, 32)
        lat8, err8, wall8 = load(port, bodies, args.calls // 2, 8)
        rss_end = rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    print(f"bench_serve: {len(bodies)} distinct threads, {args.workers} workers, {os.cpu_count()} CPUs")
    print(f"{'concurrency':>11} {'calls':>6} {'errors':>6} {'calls/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for conc, lat, errs, wall in ((32, lat32, err32, wall32), (8, lat8, err8, wall8)):
        print(f"{conc:>11} {len(lat):>6} {errs:>6} {len(lat) / wall:>8.1f} {statistics.median(lat):>7.0f} "
              f"{pct(lat, 0.95):>7.0f} {pct(lat, 0.99):>7.0f}")
    print(f"server RSS: {rss_warm:.0f} MiB after warm-up, {rss_end:.0f} MiB at the end ({rss_end / rss_warm:.2f}x)")


if __name__ == "__main__":
    main()
