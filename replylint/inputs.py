"""Reading threads: JSON text or bytes into a `Thread`, with errors that say what and where."""
from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from .files import MiB
from .model import Thread

MAX_THREAD_BYTES = 16 * MiB  # a thread file or stdin; its texts are bounded in characters too


class InputError(ValueError):
    """Input that cannot be checked; the message names where (file, line, JSON path) and what."""


def describe(error: ValidationError) -> str:
    first = error.errors()[0]
    path = ".".join(str(p) for p in first["loc"]) or "(document)"
    extra = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{path}: {first['msg']}{extra}"


def parse_json(raw: bytes | str, where: str) -> Any:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"{where}: not UTF-8 text (byte {e.start})") from None
    if not raw.strip():
        raise InputError(f"{where}: empty input, expected a JSON thread")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None


def to_thread(data: Any, where: str, max_chars: int) -> Thread:
    if isinstance(data, Thread):
        thread = data
    else:
        if not isinstance(data, dict):
            raise InputError(f"{where}: expected a JSON object (a thread), got {type(data).__name__}")
        if "draft" not in data:
            raise InputError(f"{where}: draft: missing — a thread needs the draft to check")
        try:
            thread = Thread.model_validate(data)
        except ValidationError as e:
            raise InputError(f"{where}: {describe(e)}") from None
    if not thread.draft.text.strip():
        raise InputError(f"{where}: draft.text: empty — nothing to check")
    texts = [("draft.text", thread.draft.text)] + [
        (f"messages.{i}.text", m.text) for i, m in enumerate(thread.messages)
    ]
    for path, text in texts:
        if len(text) > max_chars:
            raise InputError(
                f"{where}: {path}: {len(text):,} characters; the limit is {max_chars:,} (max_chars)"
            )
    return thread


def read_thread(raw: bytes | str, where: str, max_chars: int) -> Thread:
    return to_thread(parse_json(raw, where), where, max_chars)
