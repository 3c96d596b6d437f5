"""False alarms on real support answers: every rule run on a real team's knowledge-base answers.

    .venv/bin/python benchmarks/bench_real_drafts.py [--data ../shared/eval/rutube] [--show RULE]

Two sets of threads on a private channel (email), from the RUTUBE data:
- each record of the knowledge base (`kb.jsonl`, written and used by RUTUBE's support team): its
  first question as the customer's message, its answer as the draft;
- each real customer question of `dev-questions.jsonl` (messy, with typos and context) answered
  with the body of its gold KB entry.
These are answers a real team sends, so every finding is a candidate false alarm — an upper
bound: some answers are exactly what a rule is for (an answer that is only a link to the FAQ is a
`faq-link-dump`; a reply to «не могу войти» without an apology is a `missing-apology`). Prints, per
rule, on how many threads it fired, and the verdicts; `--show RULE` prints the question, the
draft's opening and the finding for each.
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
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "rutube"))
    ap.add_argument("--show", action="append", default=[], metavar="RULE",
                    help="print the answers this rule fired on (repeatable)")
    args = ap.parse_args()
    data = Path(args.data)
    read = lambda name: [json.loads(line) for line in (data / name).read_text(encoding="utf-8").splitlines() if line.strip()]  # noqa: E731
    kb = read("kb.jsonl")
    by_id = {r["id"]: r for r in kb}
    sets = {
        "KB entries (own question)": [(r["id"], (r.get("questions") or [r["title"]])[0], r["body"]) for r in kb],
        "real questions (gold answer)": [(q["id"], q["text"], by_id[q["gold"]]["body"]) for q in read("dev-questions.jsonl")],
    }
    settings = Settings(templates=0)
    fired: dict[str, Counter[str]] = {name: Counter() for name in sets}
    verdicts: dict[str, Counter[str]] = {name: Counter() for name in sets}
    for name, threads in sets.items():
        for tid, question, draft in threads:
            report = check({"channel": "email", "question": question, "draft": draft}, settings)
            verdicts[name][report.verdict] += 1
            for rule in sorted({f.rule for f in report.findings}):
                fired[name][rule] += 1
                if rule in args.show:
                    f = next(f for f in report.findings if f.rule == rule)
                    print(f"[{rule}] {tid}  Q: {question}\n    draft: {draft[:160]!r}\n    → {f.message}\n")
    names = list(sets)
    print(f"\nRUTUBE's real answers checked as drafts ({data}): threads each rule fired on")
    print(f"{'rule':<28}" + "".join(f"{n:>32}" for n in names))
    print("-" * (28 + 32 * len(names)))
    rules = sorted(set().union(*fired.values()), key=lambda r: -sum(fired[n][r] for n in names))
    for rule in rules:
        print(f"{rule:<28}" + "".join(f"{fired[n][rule]:>24} ({fired[n][rule] / len(sets[n]):>5.1%})" for n in names))
    print("-" * (28 + 32 * len(names)))
    for n in names:
        k = len(sets[n])
        print(f"{n} ({k}): " + ", ".join(f"{v} {verdicts[n][v]} ({verdicts[n][v] / k:.0%})" for v in ("ok", "warn", "block")))


if __name__ == "__main__":
    main()
