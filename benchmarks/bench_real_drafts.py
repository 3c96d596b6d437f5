"""False alarms on real support answers: every rule run on a real team's knowledge-base answers.

    .venv/bin/python benchmarks/bench_real_drafts.py [--kb ../shared/eval/rutube/kb.jsonl] [--show RULE]

Each record of the RUTUBE knowledge base (`kb.jsonl`, written and used by RUTUBE's support team)
becomes a thread: its first question as the customer's message, its answer as the draft, on a
private channel (email). These are answers a real team sends, so every finding is a candidate
false alarm — an upper bound: some answers are exactly what a rule is for (an answer that is only
a link to the FAQ is a `faq-link-dump`). Prints, per rule, on how many answers it fired, and the
verdicts; `--show RULE` prints the question, the draft's opening and the finding for each.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replylint import Settings, check  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", default=str(ROOT.parent / "shared" / "eval" / "rutube" / "kb.jsonl"))
    ap.add_argument("--show", action="append", default=[], metavar="RULE",
                    help="print the answers this rule fired on (repeatable)")
    args = ap.parse_args()
    records = [json.loads(line) for line in Path(args.kb).read_text(encoding="utf-8").splitlines() if line.strip()]
    settings = Settings(templates=0)
    fired: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    for r in records:
        question = (r.get("questions") or [r.get("title", "")])[0]
        report = check({"channel": "email", "question": question, "draft": r["body"]}, settings)
        verdicts[report.verdict] += 1
        for rule in sorted({f.rule for f in report.findings}):
            fired[rule] += 1
            if rule in args.show:
                f = next(f for f in report.findings if f.rule == rule)
                print(f"[{rule}] {r['id']}  Q: {question}\n    draft: {r['body'][:160]!r}\n    → {f.message}\n")
    n = len(records)
    print(f"\n{n} real answers from {args.kb} checked as drafts for their own question")
    print(f"{'rule':<28} {'answers':>8} {'share':>7}")
    print("-" * 45)
    for rule, k in fired.most_common():
        print(f"{rule:<28} {k:>8} {k / n:>7.1%}")
    print("-" * 45)
    print("verdicts: " + ", ".join(f"{v} {verdicts[v]} ({verdicts[v] / n:.0%})" for v in ("ok", "warn", "block")))


if __name__ == "__main__":
    main()
