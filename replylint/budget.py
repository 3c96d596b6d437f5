"""The time budget of one check (`max_seconds`): the last guard against input that makes an
analysis slow (issue 16). It is cooperative: `checker.check()` looks at the clock between rules,
and analysis loops that can run long call `tick()`, which raises `OutOfTime` past the deadline.
The check then returns the findings it has and one `check-timeout` notice."""
from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

_deadline: ContextVar[float | None] = ContextVar("replylint_deadline", default=None)


class OutOfTime(Exception):
    """The check's time budget is spent."""


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Run the block with a deadline `seconds` from now (None: no deadline)."""
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def spent() -> bool:
    deadline = _deadline.get()
    return deadline is not None and time.monotonic() > deadline


def tick() -> None:
    """Raise `OutOfTime` when the current check is past its deadline."""
    if spent():
        raise OutOfTime
