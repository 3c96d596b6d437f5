"""`check()`: the one library function every front end calls."""
from __future__ import annotations

from typing import Any

from .analysis import AnalysedThread
from .config import Settings
from .engine import Rule, load_rules
from .inputs import to_thread
from .model import DataItem, Report, Thread
from .nlp.entities import data_items
from .nlp.answers import answers
from .nlp.mood import mood


def selected_rules(settings: Settings) -> list[Rule]:
    return [
        r for r in load_rules(tuple(settings.rule_paths)) if settings.selects(r.name, r.code, r.family)
    ]


def check(thread: Thread | dict[str, Any], settings: Settings | None = None,
          where: str = "thread") -> Report:
    """Check a thread's draft: every selected rule runs on one analysis of the thread.

    Raises `InputError` for input that cannot be checked (`where` names it in the message)."""
    settings = settings or Settings()
    thread = to_thread(thread, where, settings.max_chars)
    ctx = AnalysedThread(thread, settings)
    findings = [f for rule in selected_rules(settings) for f in rule.run(ctx)]
    findings.sort(key=lambda f: (f.span.source != "draft", f.span.start))
    return Report(
        thread_id=thread.id,
        verdict=Report.verdict_of(findings),
        findings=findings,
        questions=[a.model() for a in ctx.memo(answers)],
        mood=ctx.memo(mood).label,
        data=[DataItem(kind=i.kind, value=i.value, span=i.span) for i in ctx.memo(data_items)],
    )
