"""Reading threads: JSON text or bytes into a `Thread`, with errors that say what and where."""
from __future__ import annotations

import json
import re
import sys
from typing import Any

from pydantic import ValidationError

from .files import MiB
from .model import Thread

MAX_THREAD_BYTES = 16 * MiB  # a thread file or stdin; its texts are bounded in characters too
# Defaults of the settings of the same names: the analysis costs about linear time in characters,
# and more per message; a real thread is far below these.
MAX_CHARS = 20_000  # one message or the draft
MAX_THREAD_CHARS = 60_000  # the draft and every message together
MAX_MESSAGES = 200


class InputError(ValueError):
    """Input that cannot be checked; the message names where (file, line, JSON path) and what."""


def describe(error: ValidationError) -> str:
    first = error.errors()[0]
    # a key can be any text, a lone surrogate too: shown escaped
    path = ".".join(str(p).encode("utf-8", "backslashreplace").decode() for p in first["loc"])
    extra = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{path or '(document)'}: {first['msg'].removeprefix('Value error, ')}{extra}"


_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
DEEP = 100  # reported nesting depth: no thread is nested this deep


def loads(text: str) -> Any:
    """`json.loads`, with every way that JSON cannot be read a `json.JSONDecodeError` with a
    position: also nesting too deep for Python's recursion (`RecursionError`) and integers too long
    for `int()` (a `ValueError` with no position)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        depth = 0
        for m in _NESTING.finditer(text):  # only after a failure: where it gets this deep
            depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(m.group(), 0)
            if depth > DEEP:
                raise json.JSONDecodeError(f"nested more than {DEEP} deep", text, m.start()) from None
        raise json.JSONDecodeError("nested too deep", text, 0) from None
    except ValueError:  # an integer longer than sys.get_int_max_str_digits()
        limit = sys.get_int_max_str_digits()
        m = re.search(r"\d{%d,}" % (limit + 1), text)
        raise json.JSONDecodeError(f"a number of more than {limit:,} digits", text,
                                   m.start() if m else 0) from None


def parse_json(raw: bytes | str, where: str) -> Any:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"{where}: not UTF-8 text (byte {e.start})") from None
    if not raw.strip():
        raise InputError(f"{where}: empty input, expected a JSON thread")
    try:
        return loads(raw)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None


def to_thread(data: Any, where: str, max_chars: int = MAX_CHARS, *,
              max_thread_chars: int = MAX_THREAD_CHARS, max_messages: int = MAX_MESSAGES) -> Thread:
    """A Thread from a document (or a Thread), refused with InputError when it cannot be checked
    or is larger than the limits: characters of each text, of all texts, and messages."""
    if isinstance(data, Thread):
        thread = data
    else:
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a JSON object (a thread), got {type(data).__name__}")
        if "draft" not in data:
            raise InputError(f"{where}: draft: missing — a thread needs the draft to check")
        if isinstance(data.get("messages"), list):  # before validating them all
            _at_most(where, "messages", len(data["messages"]), max_messages, "max_messages", "messages")
        try:
            thread = Thread.model_validate(data)
        except ValidationError as e:
            raise InputError(f"{where}: {describe(e)}") from None
    if not thread.draft.text.strip():
        raise InputError(f"{where}: draft.text: empty — nothing to check")
    _at_most(where, "messages", len(thread.messages), max_messages, "max_messages", "messages")
    texts = [("draft.text", thread.draft.text)] + [
        (f"messages.{i}.text", m.text) for i, m in enumerate(thread.messages)
    ]
    for path, text in texts:
        _at_most(where, path, len(text), max_chars, "max_chars", "characters")
    total = sum(len(text) for _, text in texts)
    _at_most(where, "draft and messages", total, max_thread_chars, "max_thread_chars", "characters in all")
    return thread


def _at_most(where: str, what: str, n: int, limit: int, setting: str, unit: str) -> None:
    if n > limit:
        raise InputError(f"{where}: {what}: {n:,} {unit}; the limit is {limit:,} ({setting})")


def read_thread(raw: bytes | str, where: str, max_chars: int = MAX_CHARS, **limits: int) -> Thread:
    return to_thread(parse_json(raw, where), where, max_chars, **limits)
