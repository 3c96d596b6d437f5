"""The schema of a rule pack (`rules/*.yaml`). Unknown keys are errors: a typo must not pass."""
from __future__ import annotations

import re
import string
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from ..model import Severity


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def format_fields(template: str) -> set[str]:
    """The `{name}` placeholders of a message. Raises ValueError for a template `str.format`
    cannot read (`{`, `}` alone) or a placeholder that is not a plain name (`{}`, `{0}`,
    `{text.__class__}`, `{a[0]}`)."""
    names = set()
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as e:
        raise ValueError(f"{e} (write {{{{ or }}}} for a brace)") from None
    for _, name, spec, _ in parts:
        if name is None:
            continue
        if not name.isidentifier() or "{" in (spec or ""):
            raise ValueError(f"{{{name}}}: a placeholder is a plain name, such as {{text}}")
        names.add(name)
    return names


def _message(template: str) -> str:
    try:
        format_fields(template)
    except ValueError as e:
        raise ValueError(f"not a message template: {e}") from None
    return template


Message = Annotated[str, AfterValidator(_message)]  # a message with `{name}` placeholders

MAX_REPEAT = 10  # the largest count a Matcher `OP` may give: `{n,m}` is expanded into m tokens
_REPEAT = re.compile(r"\{(\d*)(?:,(\d*))?\}")


def _check_op(op: Any) -> None:
    if op in ("!", "?", "+", "*"):
        return
    m = _REPEAT.fullmatch(op) if isinstance(op, str) else None
    if m is None or not any(m.groups()):
        raise ValueError(f"OP {op!r}: expected !, ?, +, *, {{n}}, {{n,m}}, {{n,}} or {{,m}}")
    if any(g and int(g) > MAX_REPEAT for g in m.groups()):
        raise ValueError(f"OP {op!r}: at most {MAX_REPEAT} repetitions")


class Options(BaseModel):
    """The base of every rule's options: no unknown option, no value of another type. A check
    that needs more than its defaults' types (a regular expression) registers a subclass."""

    model_config = ConfigDict(extra="forbid", strict=True)


class DataRuleOptions(Options):
    """The options of a rule without a Python check."""

    min_matches: int = 1  # matches in the draft from which each is a finding


def _option_type(name: str, default: Any) -> Any:
    """The type a rule option takes, from its default in the pack: a string is a `Message`; a
    list takes items of its items' type; a mapping takes its own keys only."""
    if default is None:
        return Any
    if isinstance(default, (bool, int, float)):  # strict: no "3" for 3, no 1 for True
        return type(default)
    if isinstance(default, str):
        return Message
    if isinstance(default, list):
        kinds = {type(x) for x in default}
        return list[_option_type(name, default[0])] if len(kinds) == 1 else list[Any]
    if isinstance(default, dict) and all(isinstance(k, str) and k.isidentifier() for k in default):
        return options_model(name, default)
    return Any


def options_model(name: str, defaults: dict[str, Any], base: type[Options] | None = None) -> type[Options]:
    """The pydantic model of a rule's options: one field per default (typed by `_option_type`),
    and the fields of `base`, which win."""
    base = base or Options
    fields = {k: (_option_type(f"{name}.{k}", v), v) for k, v in defaults.items()
              if k not in base.model_fields}
    return create_model(f"Options[{name}]", __base__=base, **fields)


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
    message: Message
    suggestion: Message | None = None
    docs: Docs
    # A registered Python check of this name reads the lexicon; without one the rule is pure data:
    # every lexicon or pattern match in the draft is a finding.
    python: bool = False
    lexicon: dict[str, list[str]] = Field(default_factory=dict)  # named lists of lemma phrases
    patterns: dict[str, list[list[dict[str, Any]]]] = Field(default_factory=dict)  # spaCy Matcher
    options: dict[str, Any] = Field(default_factory=dict)
    examples: Examples

    @field_validator("patterns")
    @classmethod
    def _bounded_ops(cls, patterns: dict[str, list[list[dict[str, Any]]]]):
        for pattern in (p for group in patterns.values() for p in group):
            for token in pattern:
                if "OP" in token:
                    _check_op(token["OP"])
        return patterns

    @model_validator(mode="after")
    def _data_rule_messages(self):
        """A rule without a Python check gives its messages `{text}` (the match) only."""
        if not self.python:
            for template in (self.message, self.suggestion or ""):
                unknown = format_fields(template) - {"text"}
                if unknown:
                    raise ValueError(f"message {template!r}: a data rule gives {{text}} only, "
                                     f"not {{{sorted(unknown)[0]}}}")
        return self


class Pack(_Strict):
    family: str = Field(pattern=r"^[a-z]+$")
    rules: list[RuleSpec]
