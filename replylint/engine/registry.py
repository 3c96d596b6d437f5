"""Python checks, registered by rule name. A check is `check(ctx, rule) -> Iterator[Finding]`."""
from __future__ import annotations

from typing import Callable, Iterator

from .schema import Options

CHECKS: dict[str, Callable] = {}
OPTIONS: dict[str, type[Options]] = {}  # options a check types itself (beyond their defaults' types)


def register(name: str, options: type[Options] | None = None) -> Callable:
    """Register the Python check of rule `name` (declared in a pack with `python: true`), and
    the model of the options it needs typed more closely than by their defaults."""

    def wrap(fn: Callable[..., Iterator]) -> Callable[..., Iterator]:
        CHECKS[name] = fn
        if options is not None:
            OPTIONS[name] = options
        return fn

    return wrap


def load_checks() -> None:
    """Import the check modules so that they register themselves."""
    from .. import checks  # noqa: F401  (imports every family module)
