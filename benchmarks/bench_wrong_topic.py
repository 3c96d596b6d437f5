"""`wrong-topic-template` on real questions: right templates that must pass, wrong ones that must not.

    .venv/bin/python benchmarks/bench_wrong_topic.py [--data ../shared/eval/rutube]

Each RUTUBE dev question (`dev-questions.jsonl`, real customer wording, none of it in the KB) is
answered twice with `kb.jsonl` as the knowledge base: once with the body of its gold template —
the right answer, so any finding is a false alarm — and once with the body of a template from
another top-level topic (fixed seed) — a wrong-topic reply the rule should block. Prints both
counts, and the same with the packaged shop KB (`templates_kb/`), each template's example
question answered by itself and by a template of another topic.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replylint import Settings, check  # noqa: E402
from replylint.kb.store import load_kb  # noqa: E402
from replylint.kb import default_kb_path  # noqa: E402


def run(pairs, kb: str) -> tuple[int, int, int]:
    """(pairs, false alarms on right templates, findings on wrong ones)."""
    settings = Settings(select=["wrong-topic-template"], templates=0, kb=kb)
    fired = lambda q, t: bool(check({"channel": "email", "question": q, "draft": t.body}, settings).findings)  # noqa: E731
    alarms = sum(fired(q, right) for q, right, _ in pairs)
    caught = sum(fired(q, wrong) for q, _, wrong in pairs)
    return len(pairs), alarms, caught


def other(templates, t, rng, key):
    return rng.choice([x for x in templates if key(x) != key(t)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "rutube"))
    args = ap.parse_args()
    data = Path(args.data)
    rng = random.Random(20261123)

    kb_path = str(data / "kb.jsonl")
    templates = load_kb(kb_path)
    by_id = {t.id: t for t in templates}
    category = lambda t: t.topic.split("/")[0].strip()  # noqa: E731
    qs = [json.loads(line) for line in (data / "dev-questions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    rutube = [(q["text"], by_id[q["gold"]], other(templates, by_id[q["gold"]], rng, category)) for q in qs]

    shop_path = str(default_kb_path())
    shop = load_kb(shop_path)
    own = [(rng.choice(t.questions), t, other(shop, t, rng, lambda x: x.topic)) for t in shop if t.questions]

    print(f"{'data':<44} {'pairs':>6} {'false alarms (right template)':>30} {'caught (wrong template)':>24}")
    print("-" * 108)
    for name, pairs, kb in (("RUTUBE dev questions, kb.jsonl", rutube, kb_path),
                            ("shop KB example questions, templates_kb/", own, shop_path)):
        n, alarms, caught = run(pairs, kb)
        print(f"{name:<44} {n:>6} {alarms:>20} ({alarms / n:>5.1%}) {caught:>14} ({caught / n:>5.1%})")


if __name__ == "__main__":
    main()
