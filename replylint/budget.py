"""The time budget of one check (`max_seconds`): the last guard against input that makes an
analysis slow (issue 16). It is cooperative: `checker.check()` looks at the clock between rules,
and analysis loops that can run long call `tick()`, which raises `OutOfTime` past the deadline.
The check then returns the findings it has and one `check-timeout` notice.

Loading the models, rules and lexicons (once per process, seconds) is no work on the input: the
loaders are `untimed`, and the time they take moves the deadline on."""
from __future__ import annotations

import functools
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, TypeVar

F = TypeVar("F", bound=Callable)

# the current check's deadline, in a list so that `untimed` can move it on
_deadline: ContextVar[list[float] | None] = ContextVar("replylint_deadline", default=None)


class OutOfTime(Exception):
    """The check's time budget is spent."""


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Run the block with a deadline `seconds` from now (None: no deadline)."""
    token = _deadline.set(None if seconds is None else [time.monotonic() + seconds])
    try:
        yield
    finally:
        _deadline.reset(token)


def spent() -> bool:
    deadline = _deadline.get()
    return deadline is not None and time.monotonic() > deadline[0]


def untimed(fn: F) -> F:
    """A loader whose time does not count against the check's budget (put it under `lru_cache`,
    so that only real loads are timed)."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        deadline = _deadline.get()
        started = time.monotonic()
        try:
            return fn(*args, **kwargs)
        finally:
            if deadline is not None:
                deadline[0] += time.monotonic() - started
    return run  # type: ignore[return-value]


def tick() -> None:
    """Raise `OutOfTime` when the current check is past its deadline."""
    if spent():
        raise OutOfTime
