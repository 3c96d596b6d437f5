"""The schema of a rule pack (`rules/*.yaml`). Unknown keys are errors: a typo must not pass."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..model import Severity


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Docs(_Strict):
    what: str = Field(min_length=1)  # what the rule flags
    why: str = Field(min_length=1)  # why it matters to the customer
    instead: str = Field(min_length=1)  # what to write instead


class Example(_Strict):
    """A draft, read against one customer message (`question`) or a whole `thread`."""

    draft: str
    question: str | None = None
    thread: dict[str, Any] | None = None  # a Thread without its draft
    created_at: str | None = None  # when the draft was written (ISO 8601)
    settings: dict[str, Any] = Field(default_factory=dict)  # e.g. {voice: ты}
    span: str | None = None  # flagged: the text the finding's span must cover
    note: str | None = None


class Examples(_Strict):
    flagged: list[Example] = Field(min_length=2)
    clean: list[Example] = Field(min_length=2)


class RuleSpec(_Strict):
    code: str = Field(pattern=r"^[A-Z][0-9]{3}$")
    name: str = Field(pattern=r"^[a-z]+(-[a-z]+)*$")
    severity: Severity
    message: str
    suggestion: str | None = None
    docs: Docs
    # A registered Python check of this name reads the lexicon; without one the rule is pure data:
    # every lexicon or pattern match in the draft is a finding.
    python: bool = False
    lexicon: dict[str, list[str]] = Field(default_factory=dict)  # named lists of lemma phrases
    patterns: dict[str, list[list[dict[str, Any]]]] = Field(default_factory=dict)  # spaCy Matcher
    options: dict[str, Any] = Field(default_factory=dict)
    examples: Examples


class Pack(_Strict):
    family: str = Field(pattern=r"^[a-z]+$")
    rules: list[RuleSpec]
