"""Template hygiene: is the knowledge base used well? (RULES.md, family *template*)."""
from __future__ import annotations

import re
from typing import Annotated, Iterator

from pydantic import AfterValidator

from ..analysis import AnalysedThread
from ..engine import Options, Rule, register
from ..model import Finding
from ..nlp.names import customer_name


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as e:
        raise ValueError(f"not a regular expression: {e}") from None
    return pattern


class PlaceholderOptions(Options):
    placeholders: list[Annotated[str, AfterValidator(_regex)]]  # what a placeholder looks like


@register("unfilled-placeholder", options=PlaceholderOptions)
def unfilled_placeholder(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    # Braces in a code sample the customer asked about (how to insert a variable) are content.
    if any(rule.find(t.doc, "syntax_question") for t in ctx.open_turn):
        return
    draft = ctx.draft
    seen: list[tuple[int, int]] = []
    for pattern in rule.options(ctx)["placeholders"]:
        for m in re.finditer(pattern, draft.text):
            if all(m.end() <= a or m.start() >= b for a, b in seen):
                seen.append((m.start(), m.end()))
                yield rule.finding(ctx, draft.span(m.start(), m.end()))


@register("generic-salutation")
def generic_salutation(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    name = ctx.memo(customer_name)
    if not name:
        return
    first = name.split()[0] if len(name.split()) != 3 else " ".join(name.split()[:2])
    for m in rule.find(ctx.draft.doc, "salutation"):
        yield rule.finding(ctx, ctx.draft.span_of(m), name=first)


def _kb_index(ctx: AnalysedThread):
    """The KB index for this thread's settings, or None when there is no readable KB."""
    from ..kb import KBError, default_kb_path, get_index

    try:
        return get_index(ctx.settings.kb or default_kb_path())
    except (KBError, OSError):
        return None


def _topic(ctx: AnalysedThread):
    from ..kb.topic import check_topic

    draft = ctx.thread.draft
    if not ctx.open_turn or not draft.text.strip():
        return None
    return check_topic(draft.text, draft.template_id, [t.doc for t in ctx.open_turn], ctx.draft.doc,
                       ctx.memo(_kb_index), **_topic_options(ctx))


def _topic_options(ctx: AnalysedThread) -> dict:
    opts = ctx.rule_options("wrong-topic-template")
    return {k: float(opts[k]) for k in ("low", "high", "confident", "margin") if k in opts}


@register("wrong-topic-template")
def wrong_topic_template(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    from ..kb.topic import is_greeting, is_signoff

    verdict = ctx.memo(_topic)
    if verdict is None or not verdict.wrong:
        return
    sents = [s for s in ctx.draft.sentences() if not is_greeting(s.text)]
    end = next((i for i, s in enumerate(sents) if is_signoff(s.text)), len(sents))
    body = sents[:end] or sents or ctx.draft.sentences()
    if not body:
        return
    start, stop = body[0].start_char, body[-1].start_char + len(body[-1].text.rstrip())
    name = verdict.match.template_id or "шаблон"
    best = verdict.best
    if best is not None and best.id != verdict.draft_kb_id and best.score >= 0.3:
        hint = f"Возьмите шаблон по теме вопроса: «{best.template.title or best.id}» ({best.id})."
    else:
        hint = None
    yield rule.finding(ctx, ctx.draft.span(start, stop), template=name, suggestion=hint)
