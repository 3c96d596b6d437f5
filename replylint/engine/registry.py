"""Python checks, registered by rule name. A check is `check(ctx, rule) -> Iterator[Finding]`."""
from __future__ import annotations

from typing import Callable, Iterator

CHECKS: dict[str, Callable] = {}


def register(name: str) -> Callable:
    """Register the Python check of rule `name` (declared in a pack with `python: true`)."""

    def wrap(fn: Callable[..., Iterator]) -> Callable[..., Iterator]:
        CHECKS[name] = fn
        return fn

    return wrap


def load_checks() -> None:
    """Import the check modules so that they register themselves."""
    from .. import checks  # noqa: F401  (imports every family module)
