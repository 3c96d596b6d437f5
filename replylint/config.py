"""Settings: `[tool.replylint]` in `pyproject.toml`, or `replylint.toml`, found from the working
directory upwards; CLI flags override. A bad file is reported with its path and key."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from .files import MiB, read_bytes
from .inputs import MAX_CHARS, MAX_MESSAGES, MAX_THREAD_CHARS
from .model import AddressForm, Severity

MAX_SETTINGS_BYTES = MiB


class ConfigError(ValueError):
    """A configuration file or value that cannot be used; the message names file and key."""


class RuleSettings(BaseModel):
    """`[tool.replylint.rules.<name>]`: a severity and any of the rule's options."""

    model_config = ConfigDict(extra="allow")
    severity: Severity | None = None

    def options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    select: list[str] | None = None  # names, codes, code prefixes or families; None = all
    ignore: list[str] = Field(default_factory=list)
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    voice: AddressForm | None = None  # brand voice; a customer's `address_form` wins
    sla_hours: float = Field(2.0, gt=0)  # a reply later than this after the customer needs an apology
    emoji_limit: dict[str, int] = Field(
        default_factory=lambda: {"email": 0, "phone": 0, "social_public": 1, "social_private": 2,
                                 "chat": 3, "messenger": 3}
    )
    kb: str | None = None  # knowledge base (Markdown folder or JSONL); None = the packaged one
    templates: int = Field(3, ge=0)  # template suggestions in the report; 0 = none
    template_min_score: float = Field(0.3, ge=0, le=1)  # hide weaker suggestions
    rule_paths: list[str] = Field(default_factory=list)
    max_chars: int = Field(MAX_CHARS, gt=0)  # longest message or draft analysed
    max_thread_chars: int = Field(MAX_THREAD_CHARS, gt=0)  # the draft and all messages together
    max_messages: int = Field(MAX_MESSAGES, gt=0)  # messages in a thread
    max_questions: int = Field(100, ge=0)  # questions listed in the report (all are checked)
    # seconds one check may take: past them it stops and reports `check-timeout`; None = no limit
    max_seconds: float | None = Field(2.0, gt=0)

    _source: str = PrivateAttr("settings:")  # where they were read, for messages
    _flags: frozenset[str] = PrivateAttr(frozenset())  # keys set by command-line flags

    def selects(self, name: str, code: str, family: str) -> bool:
        chosen = self.select is None or any(selector_matches(s, name, code, family) for s in self.select)
        return chosen and not any(selector_matches(s, name, code, family) for s in self.ignore)

    def limits(self) -> dict[str, int]:
        """The size limits of a thread, as `inputs.to_thread` takes them."""
        return {"max_chars": self.max_chars, "max_thread_chars": self.max_thread_chars,
                "max_messages": self.max_messages}

    def where(self, key: str) -> str:
        """Where the value of `key` (`select`, `rules.bureaucratese`) was set: its flag
        (`--select`) or its file and table (`pyproject.toml: [tool.replylint] select`)."""
        top = key.split(".")[0]
        return f"--{top.replace('_', '-')}" if top in self._flags else f"{self._source} {key}"

    def with_overrides(self, **values: Any) -> "Settings":
        """A copy with the non-None values set (CLI flags)."""
        data = self.model_dump()
        flags = {k: v for k, v in values.items() if v is not None}
        data.update(flags)
        try:
            new = Settings.model_validate(data)
        except ValidationError as e:
            raise ConfigError(_describe(e, "command line: [tool.replylint]")) from None
        new._source, new._flags = self._source, self._flags | set(flags)
        return new


def selector_matches(selector: str, name: str, code: str, family: str) -> bool:
    """A `select`/`ignore` entry names this rule: its name, code or family, or (an upper-case
    start) a prefix of its code (`D2`, `T`)."""
    return selector in (name, code, family) or (selector[:1].isupper() and code.startswith(selector))


def _describe(error: ValidationError, where: str) -> str:
    first = error.errors()[0]
    key = ".".join(str(p) for p in first["loc"]) or "(top)"
    return f"{where} {key}: {first['msg']}"


def find_config(start: Path | None = None) -> Path | None:
    """The nearest `replylint.toml`, or `pyproject.toml` with a `[tool.replylint]` table."""
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        own = folder / "replylint.toml"
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file() and "[tool.replylint" in py.read_text(encoding="utf-8", errors="replace"):
            return py
    return None


def load_settings(path: Path | None = None) -> Settings:
    path = path or find_config()
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(read_bytes(path, MAX_SETTINGS_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read settings: {e}") from None
    tool = data.get("tool")
    table = tool.get("replylint") if isinstance(tool, dict) else None
    source = f"{path}: [tool.replylint]" if table is not None or Path(path).name == "pyproject.toml" else f"{path}:"
    data = table if table is not None else {} if Path(path).name == "pyproject.toml" else data
    try:
        settings = Settings.model_validate(data)
    except ValidationError as e:
        raise ConfigError(_describe(e, source)) from None
    settings._source = source
    return settings
