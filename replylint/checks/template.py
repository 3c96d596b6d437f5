"""Template hygiene: is the knowledge base used well? (RULES.md, family *template*)."""
from __future__ import annotations

import re
from typing import Iterator

from ..analysis import AnalysedThread
from ..engine import Rule, register
from ..model import Finding
from ..nlp.names import customer_name


@register("unfilled-placeholder")
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
