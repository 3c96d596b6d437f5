"""Settings: `[tool.replylint]` in `pyproject.toml`, or `replylint.toml`, found from the working
directory upwards; CLI flags override. A bad file is reported with its path and key."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .files import MiB, read_bytes
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
    max_chars: int = Field(20_000, gt=0)  # longest message or draft analysed

    def selects(self, name: str, code: str, family: str) -> bool:
        keys = {name, code, family}
        chosen = self.select is None or any(_matches(s, keys, code) for s in self.select)
        return chosen and not any(_matches(s, keys, code) for s in self.ignore)

    def with_overrides(self, **values: Any) -> "Settings":
        """A copy with the non-None values set (CLI flags)."""
        data = self.model_dump()
        data.update({k: v for k, v in values.items() if v is not None})
        try:
            return Settings.model_validate(data)
        except ValidationError as e:
            raise ConfigError(_describe(e, "command line")) from None


def _matches(selector: str, keys: set[str], code: str) -> bool:
    return selector in keys or (selector[:1].isupper() and code.startswith(selector))


def _describe(error: ValidationError, where: str) -> str:
    first = error.errors()[0]
    key = ".".join(str(p) for p in first["loc"]) or "(top)"
    return f"{where}: [tool.replylint] {key}: {first['msg']}"


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
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("replylint", {})
    else:
        data = data.get("tool", {}).get("replylint", data)
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        raise ConfigError(_describe(e, str(path))) from None
