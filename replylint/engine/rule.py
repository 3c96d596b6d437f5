"""A loaded rule: its spec, its compiled lexicon and patterns, and the check that runs it."""
from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from ..model import Finding, Span
from .lexicon import Lexicon
from .registry import OPTIONS
from .schema import DataRuleOptions, Options, RuleSpec, options_model

if TYPE_CHECKING:
    from ..analysis import AnalysedThread


class PackError(ValueError):
    """A rule pack that cannot be loaded; the message names the file, line, rule and field."""


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

    @cached_property
    def options_model(self) -> type[Options]:
        """The pydantic model of this rule's options: a Python check's are its pack's defaults,
        typed by them (`engine.schema.options_model`); a data rule has `min_matches` only."""
        if not self.spec.python:
            return DataRuleOptions
        return options_model(self.name, self.spec.options, OPTIONS.get(self.name))

    def validate_options(self, values: dict[str, Any]) -> dict[str, Any]:
        """The pack's options with `values` (a team's settings) over them, validated: raises
        pydantic's ValidationError for an unknown option or a value of the wrong type."""
        return self.options_model.model_validate({**self.spec.options, **values}).model_dump()

    def options(self, ctx: "AnalysedThread") -> dict[str, Any]:
        return self.validate_options(ctx.rule_options(self.name))

    def severity(self, ctx: "AnalysedThread") -> str:
        entry = ctx.settings.rules.get(self.name)
        return (entry.severity if entry and entry.severity else None) or self.spec.severity

    def finding(self, ctx: "AnalysedThread", span: Span, *, message: str | None = None,
                related: list[Span] | None = None, suggestion: str | None = None,
                **values: Any) -> Finding:
        """A finding of this rule; `message`/`suggestion` default to the pack's, formatted with
        `values` (and `{text}`, the span's text)."""
        values.setdefault("text", span.text)
        text = self._format(message or self.spec.message, values)
        hint = suggestion if suggestion is not None else self.spec.suggestion
        return Finding(
            rule=self.name, code=self.code, severity=self.severity(ctx), message=text, span=span,
            related=related or [], suggestion=self._format(hint, values) if hint else None,
        )

    def _format(self, template: str, values: dict[str, Any]) -> str:
        """A message with its placeholders filled. Placeholders are checked to be plain names
        when the pack and settings load; which names a check gives is known only here."""
        try:
            return template.format(**values)
        except KeyError as e:
            given = ", ".join(f"{{{k}}}" for k in sorted(values))
            why = f"{{{e.args[0]}}} is not given here (this finding gives {given})"
        except (IndexError, ValueError, AttributeError) as e:
            why = str(e)
        raise PackError(f"rule {self.name}: message {template!r} (its pack's or your settings'): {why}")

    def run(self, ctx: "AnalysedThread") -> Iterator[Finding]:
        if self.check is not None:
            yield from self.check(ctx, self)
            return
        # Pure-data rule: each match in the draft, outside quotations, is a finding.
        draft = ctx.draft
        matches = [m for m in self.find(draft.doc) if not draft.quoted(m)]
        if len(matches) >= self.options(ctx)["min_matches"]:
            for m in matches:
                yield self.finding(ctx, draft.span_of(m))
