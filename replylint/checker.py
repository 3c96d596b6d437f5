"""`check()`: the one library function every front end calls."""
from __future__ import annotations

from typing import Any

from .analysis import AnalysedThread
from .config import Settings
from .engine import Rule, load_rules
from .inputs import to_thread
from .kb.thread import suggest_for_thread
from .model import DataItem, Report, TemplateSuggestion, Thread
from .nlp.entities import data_items
from .nlp.answers import answers
from .nlp.mood import mood


def selected_rules(settings: Settings) -> list[Rule]:
    return [
        r for r in load_rules(tuple(settings.rule_paths)) if settings.selects(r.name, r.code, r.family)
    ]


def rule_records(settings: Settings) -> list[dict[str, Any]]:
    """Every rule, enabled or not: what `rules --format json` and the service's `/v1/rules` list."""
    return [{"code": r.code, "name": r.name, "severity": r.severity_default, "family": r.family,
             "what": r.spec.docs.what, "enabled": settings.selects(r.name, r.code, r.family)}
            for r in load_rules(tuple(settings.rule_paths))]


def check(thread: Thread | dict[str, Any], settings: Settings | None = None,
          where: str = "thread") -> Report:
    """Check a thread's draft: every selected rule runs on one analysis of the thread.

    Raises `InputError` for input that cannot be checked (`where` names it in the message), and
    `KBError` for a knowledge base that cannot be read."""
    settings = settings or Settings()
    thread = to_thread(thread, where, settings.max_chars)
    ctx = AnalysedThread(thread, settings)
    findings = [f for rule in selected_rules(settings) for f in rule.run(ctx)]
    findings.sort(key=lambda f: (f.span.source != "draft", f.span.start))
    templates = [
        TemplateSuggestion(id=s.id, title=s.title, score=s.score, text=s.text, covers=s.covers)
        for s in suggest_for_thread(ctx, settings.kb, top=settings.templates,
                                    min_score=settings.template_min_score)
    ] if settings.templates else []
    return Report(
        thread_id=thread.id,
        verdict=Report.verdict_of(findings),
        findings=findings,
        templates=templates,
        questions=[a.model() for a in ctx.memo(answers)],
        mood=ctx.memo(mood).label,
        data=[DataItem(kind=i.kind, value=i.value, span=i.span) for i in ctx.memo(data_items)],
    )
