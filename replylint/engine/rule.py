"""A loaded rule: its spec, its compiled lexicon and patterns, and the check that runs it."""
from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from ..model import Finding, Span
from .lexicon import Lexicon
from .schema import RuleSpec

if TYPE_CHECKING:
    from ..analysis import AnalysedThread


class Rule:
    def __init__(self, spec: RuleSpec, family: str, check: Callable | None, origin: str) -> None:
        self.spec = spec
        self.family = family
        self.check = check
        self.origin = origin  # the pack file, for messages

    name = property(lambda self: self.spec.name)
    code = property(lambda self: self.spec.code)
    severity_default = property(lambda self: self.spec.severity)

    @cached_property
    def lexicon(self) -> Lexicon:
        return Lexicon(self.spec.lexicon, self.spec.patterns, Path(self.origin).parent / "lexicons")

    def words(self, key: str) -> frozenset[str]:
        return self.lexicon.words(key)

    def find(self, doc: Doc | TokenSpan, *keys: str) -> list[TokenSpan]:
        return self.lexicon.find(doc, *keys)

    def options(self, ctx: "AnalysedThread") -> dict[str, Any]:
        return {**self.spec.options, **ctx.rule_options(self.name)}

    def severity(self, ctx: "AnalysedThread") -> str:
        entry = ctx.settings.rules.get(self.name)
        return (entry.severity if entry and entry.severity else None) or self.spec.severity

    def finding(self, ctx: "AnalysedThread", span: Span, *, message: str | None = None,
                related: list[Span] | None = None, suggestion: str | None = None,
                **values: Any) -> Finding:
        """A finding of this rule; `message`/`suggestion` default to the pack's, formatted with
        `values` (and `{text}`, the span's text)."""
        values.setdefault("text", span.text)
        text = (message or self.spec.message).format(**values)
        hint = suggestion if suggestion is not None else self.spec.suggestion
        return Finding(
            rule=self.name, code=self.code, severity=self.severity(ctx), message=text, span=span,
            related=related or [], suggestion=hint.format(**values) if hint else None,
        )

    def run(self, ctx: "AnalysedThread") -> Iterator[Finding]:
        if self.check is not None:
            yield from self.check(ctx, self)
            return
        # Pure-data rule: each match in the draft, outside quotations, is a finding.
        draft = ctx.draft
        matches = [m for m in self.find(draft.doc) if not draft.quoted(m)]
        if len(matches) >= int(self.options(ctx).get("min_matches", 1)):
            for m in matches:
                yield self.finding(ctx, draft.span_of(m))
