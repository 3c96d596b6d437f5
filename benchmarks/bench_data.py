"""Data-item extraction benchmark: precision and recall per kind on annotated customer messages.

    .venv/bin/python benchmarks/bench_data.py [--data benchmarks/data/data_items.jsonl] [-v]

Each line of the data file is `{"id", "text", "asked"?, "items": [{"kind", "value"}]}`: a customer
message (after an agent message `asked`, when the message answers a request) and the data items a
person finds in it. An extracted item counts as correct when its kind is the same and its value
is the same (digits only for phones; case, spaces and punctuation ignored), or — for addresses,
names and problem descriptions, whose extent is a matter of taste — when one contains the other.
The messages were written for this benchmark (not taken from `../shared/eval`).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replylint.analysis import AnalysedThread  # noqa: E402
from replylint.model import Thread  # noqa: E402
from replylint.nlp.entities import KINDS, data_items  # noqa: E402

LOOSE = {"address", "name", "problem"}


def norm(kind: str, value: str) -> str:
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        return digits[-10:]
    return re.sub(r"[\W_]+", "", value.lower().replace("ё", "е"))


def same(kind: str, got: str, want: str) -> bool:
    a, b = norm(kind, got), norm(kind, want)
    return a == b or (kind in LOOSE and bool(a) and bool(b) and (a in b or b in a))


def extracted(record: dict) -> list[tuple[str, str]]:
    messages = []
    if record.get("asked"):
        messages.append({"author": "agent", "text": record["asked"]})
    messages.append({"author": "customer", "text": record["text"]})
    ctx = AnalysedThread(Thread(messages=messages, draft={"text": "."}))
    return [(i.kind, i.value) for i in ctx.memo(data_items) if i.source.startswith("message:")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT / "benchmarks/data/data_items.jsonl"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    tp, fp, fn = Counter(), Counter(), Counter()
    exact = total = 0
    for line in Path(args.data).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        got = extracted(record)
        want = [(i["kind"], i["value"]) for i in record["items"]]
        unmatched = list(want)
        wrong = []
        for kind, value in got:
            hit = next((w for w in unmatched if w[0] == kind and same(kind, value, w[1])), None)
            if hit:
                unmatched.remove(hit)
                tp[kind] += 1
            else:
                fp[kind] += 1
                wrong.append((kind, value))
        for kind, _ in unmatched:
            fn[kind] += 1
        total += 1
        exact += not wrong and not unmatched
        if args.verbose and (wrong or unmatched):
            print(f"{record['id']}: extra {wrong} missed {unmatched}")
    print(f"{'kind':12} {'P':>5} {'R':>5}  tp fp fn")
    for kind in KINDS:
        if tp[kind] + fp[kind] + fn[kind] == 0:
            continue
        p = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 0.0
        r = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 0.0
        print(f"{kind:12} {p:5.2f} {r:5.2f}  {tp[kind]:2} {fp[kind]:2} {fn[kind]:2}")
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"{'all':12} {T / max(T + F, 1):5.2f} {T / max(T + N, 1):5.2f}  {T:2} {F:2} {N:2}")
    print(f"messages with every item right: {exact}/{total}")


if __name__ == "__main__":
    main()
