"""`check()`: the one library function every front end calls."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from pydantic import ValidationError

from .analysis import AnalysedThread
from .budget import OutOfTime, budget, tick
from .config import ConfigError, Settings, selector_matches
from .engine import Rule, load_rules
from .inputs import to_thread
from .kb.thread import suggest_for_thread
from .model import DataItem, Finding, Question, Report, Span, TemplateSuggestion, Thread
from .nlp.entities import data_items
from .nlp.answers import answers
from .nlp.mood import mood


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the choice closest to a mistyped `word`, or ''."""
    from rapidfuzz import fuzz, process

    best = process.extractOne(word, sorted(set(choices)), scorer=fuzz.ratio, score_cutoff=60)
    return f"; did you mean {best[0]!r}?" if best else ""


def check_settings(settings: Settings, rules: Iterable[Rule]) -> None:
    """Raise ConfigError, naming the file (or flag) and key, for settings that name no rule:
    a typo in `select`, `ignore` or `[rules.<name>]` must not switch a gate off unnoticed, nor
    an unknown or mistyped option of a rule."""
    rules = list(rules)
    names = [k for r in rules for k in (r.name, r.code, r.family)]
    for key in ("select", "ignore"):
        for sel in getattr(settings, key) or []:
            if not any(selector_matches(sel, r.name, r.code, r.family) for r in rules):
                raise ConfigError(f"{settings.where(key)}: {sel!r} is no rule name, code, code prefix "
                                  f"or family{did_you_mean(sel, names)}")
    by_name = {r.name: r for r in rules}
    for name, entry in settings.rules.items():
        where = settings.where(f"rules.{name}")
        rule = by_name.get(name)
        if rule is None:
            raise ConfigError(f"{where}: no rule named {name!r}{did_you_mean(name, by_name)}")
        try:
            rule.validate_options(entry.options())
        except ValidationError as e:
            err = e.errors()[0]
            key = ".".join(map(str, err["loc"]))
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                *parents, last = err["loc"]
                model = rule.options_model
                for part in parents:  # a mapping option: its own keys
                    model = model.model_fields[part].annotation
                known = list(model.model_fields) if parents else ["severity", *model.model_fields]
                owner = f"{name} has no option" if not parents else f"{'.'.join(map(str, parents))} has no key"
                msg = f"{owner} {last!r}{did_you_mean(str(last), known)} (it has: {', '.join(known)})"
            raise ConfigError(f"{where}.{key}: {msg}") from None


def selected_rules(settings: Settings) -> list[Rule]:
    """The rules that `settings` select, after `check_settings`."""
    rules = load_rules(tuple(settings.rule_paths))
    check_settings(settings, rules)
    return [r for r in rules if settings.selects(r.name, r.code, r.family)]


ANSWER_TEXT_CHARS = 300  # a question's answer is listed with at most this much of its text


def _listed(q: Question, at: Callable[[Span], Span]) -> Question:
    """A question as the report lists it, its spans mapped by `at`: one long draft sentence can
    answer hundreds of questions, so its text is cut (`Span.clipped`; the offsets still give all
    of it)."""
    answer = q.answered_by and at(q.answered_by).clipped(ANSWER_TEXT_CHARS)
    return q.model_copy(update={"span": at(q.span), "answered_by": answer})


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
    thread = to_thread(thread, where, **settings.limits())
    with budget(settings.max_seconds):
        return _check(thread, settings)


TIMEOUT_RULE, TIMEOUT_CODE = "check-timeout", "X001"


def timeout_notice(thread: Thread, seconds: float) -> Finding:
    """The finding that says the check stopped at its time budget, over the draft's first word."""
    text = thread.draft.text
    lead = len(text) - len(text.lstrip())
    end = lead + next((i for i, c in enumerate(text[lead:lead + 40]) if c.isspace()), len(text[lead:lead + 40]))
    return Finding(
        rule=TIMEOUT_RULE, code=TIMEOUT_CODE, severity="warning", span=Span(source="draft", start=0, end=end,
                                                                           text=text[:end]),
        message=f"Проверка остановлена: она заняла больше {seconds:g} с (max_seconds). Показаны только "
                "замечания, найденные до этого, — проверьте черновик сами.",
    )


def _check(thread: Thread, settings: Settings) -> Report:
    ctx = AnalysedThread(thread, settings)
    at = ctx.original_span  # the analysis reads texts without invisible characters
    findings: list[Finding] = []
    timed_out = False
    try:
        for rule in selected_rules(settings):
            tick()  # between rules; long analysis loops tick too
            for f in rule.run(ctx):
                findings.append(f.model_copy(update={"span": at(f.span), "related": [at(r) for r in f.related]}))
    except OutOfTime:
        timed_out = True

    def part(fn: Callable[[], Any], empty: Any) -> Any:
        """One more part of the report, unless the budget is spent (then `empty`)."""
        nonlocal timed_out
        if timed_out:
            return empty
        try:
            return fn()
        except OutOfTime:
            timed_out = True
            return empty

    def memo_part(fn: Callable[[AnalysedThread], Any], empty: Any) -> Any:
        """An analysis the rules shared: the one computed already, even when out of time."""
        return ctx.memoized(fn) if ctx.memoized(fn) is not None else part(lambda: ctx.memo(fn), empty)

    templates = part(lambda: [
        TemplateSuggestion(id=s.id, title=s.title, score=s.score, text=s.text,
                           covers=[at(c) for c in s.covers[:settings.max_questions]])
        for s in suggest_for_thread(ctx, settings.kb, top=settings.templates,
                                    min_score=settings.template_min_score)
    ], []) if settings.templates else []
    questions = [_listed(a.model(), at) for a in memo_part(answers, [])[:settings.max_questions]]
    the_mood = memo_part(mood, None)
    data = [DataItem(kind=i.kind, value=i.value, span=at(i.span)) for i in memo_part(data_items, [])]
    if timed_out:
        findings.append(timeout_notice(thread, settings.max_seconds or 0))
    findings.sort(key=lambda f: (f.span.source != "draft", f.span.start))
    return Report(
        thread_id=thread.id,
        verdict=Report.verdict_of(findings),
        findings=findings,
        templates=templates,
        questions=questions,
        mood=the_mood.label if the_mood is not None else None,
        data=data,
    )
