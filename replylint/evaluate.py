"""`replylint eval`: run labelled cases and measure every rule (precision, recall, F1) and the
false-alarm rate on clean cases. Bad case lines are reported and skipped."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .checker import check, did_you_mean, selected_rules
from .config import Settings
from .engine import load_rules
from .files import read_bytes
from .inputs import InputError, loads


@dataclass
class CaseResult:
    id: str
    expected: set[str]
    fired: set[str]
    clean: bool  # labelled a good reply (`"expect": []`)


@dataclass
class Evaluation:
    results: list[CaseResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)

    def counts(self, rule: str) -> tuple[int, int, int]:
        tp = sum(rule in r.fired and rule in r.expected for r in self.results)
        fp = sum(rule in r.fired and rule not in r.expected for r in self.results)
        fn = sum(rule not in r.fired and rule in r.expected for r in self.results)
        return tp, fp, fn

    @property
    def clean(self) -> list[CaseResult]:
        return [r for r in self.results if r.clean]

    @property
    def false_alarm_rate(self) -> float:
        clean = self.clean
        return sum(bool(r.fired) for r in clean) / len(clean) if clean else 0.0

    def mistakes(self) -> Iterable[tuple[str, str, str]]:
        for r in self.results:
            for rule in sorted(r.fired - r.expected):
                yield r.id, "false alarm", rule
            for rule in sorted(r.expected - r.fired):
                yield r.id, "miss", rule


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


MAX_CASES_BYTES = 1 << 30


def evaluate(path: Path, settings: Settings,
             progress: Callable[[int, int], None] | None = None) -> Evaluation:
    """Run every case of `path` (`progress(n, total)` after each line). A line that is not a
    case is skipped and listed in `errors`; a case that expects a rule no pack declares raises
    InputError (a typo would count as a miss of nothing)."""
    ev = Evaluation(rules=sorted(r.name for r in selected_rules(settings)))
    known = [r.name for r in load_rules(tuple(settings.rule_paths))]
    try:
        lines = read_bytes(path, MAX_CASES_BYTES).decode("utf-8").splitlines()
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise InputError(f"{path}: {e.strerror or e}") from None
    for n, line in enumerate(lines, 1):
        if progress:
            progress(n, len(lines))
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            case = loads(line)
            if not isinstance(case, dict) or "thread" not in case or not isinstance(case.get("expect", []), list):
                raise InputError(f"{where}: expected a labelled case {{id, thread, expect: [...]}}")
        except json.JSONDecodeError as e:
            ev.errors.append(f"{where}: not valid JSON: {e.msg}")
            continue
        except InputError as e:
            ev.errors.append(str(e))
            continue
        unknown = [name for name in case.get("expect", []) if name not in known]
        if unknown:  # not skipped: the figures would count a typo as a rule that never fires
            raise InputError(f"{where}: expect: no rule named {unknown[0]!r}"
                             f"{did_you_mean(str(unknown[0]), known)}")
        try:
            report = check(case["thread"], settings, where=where)
        except InputError as e:
            ev.errors.append(str(e))
            continue
        expected = {r for r in case.get("expect", []) if r in ev.rules}
        fired = {f.rule for f in report.findings}
        ev.results.append(CaseResult(str(case.get("id", n)), expected, fired, not case.get("expect")))
    return ev


def table(ev: Evaluation) -> list[tuple[str, int, int, int, float, float, float]]:
    rows = []
    for rule in ev.rules:
        tp, fp, fn = ev.counts(rule)
        p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
        rows.append((rule, tp, fp, fn, p, r, ratio(2 * p * r, p + r)))
    return rows


def rule_rows(ev: Evaluation) -> list[dict]:
    """`table(ev)` as records: what `eval --format jsonl` prints, one per line."""
    return [{"rule": rule, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
             "tp": tp, "fp": fp, "fn": fn} for rule, tp, fp, fn, p, r, f1 in table(ev)]


def summary(ev: Evaluation, cases: str) -> dict:
    """The whole evaluation as one JSON document (`eval --format json`)."""
    clean = ev.clean
    return {"cases_file": cases, "cases": len(ev.results), "clean": len(clean),
            "false_alarm_rate": round(ev.false_alarm_rate, 4),
            "false_alarms": sum(bool(r.fired) for r in clean), "rules": rule_rows(ev),
            "mistakes": [{"case": c, "kind": k, "rule": rule} for c, k, rule in ev.mistakes()],
            "skipped": list(ev.errors)}
