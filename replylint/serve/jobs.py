"""What a service worker process does with one request body: the same library calls as the CLI.

`handle()` never raises: every outcome is an HTTP status and a JSON body (bytes), so a bad
request costs one response, never a worker. Bodies are parsed here, in the worker, so that even
hostile JSON never touches the process that serves HTTP.
"""
from __future__ import annotations

import json
import logging
import traceback
from typing import Any

from ..config import Settings
from ..inputs import InputError, parse_json

log = logging.getLogger("replylint.serve")

# A thread every worker checks once before it takes requests: models, rule packs, the encoder and
# the KB index are loaded then, not on a customer's first request.
WARM_THREAD = {"question": "Здравствуйте! Заказ 4815162342 не пришёл. Когда доставят?",
               "draft": "Здравствуйте! Пришлите, пожалуйста, номер заказа."}
MAX_TOP = 20


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def error(status: int, message: str) -> tuple[int, bytes]:
    return status, dumps({"error": message})


def warm(settings: Settings) -> None:
    from ..checker import check

    check(WARM_THREAD, settings)


def handle(kind: str, body: bytes, settings: Settings) -> tuple[int, bytes, dict]:
    """(HTTP status, JSON body, fields for the log line: never text)."""
    try:
        data = parse_json(body, "request")
    except InputError as e:
        return (*error(400, str(e)), {})
    except (RecursionError, ValueError) as e:  # nesting or numbers too big for the parser
        return (*error(400, f"request: not valid JSON: {type(e).__name__}"), {})
    try:
        if kind == "check":
            return _check(data, settings)
        return (*_suggest(data, settings), {})
    except Exception as e:  # a bug must not take the worker down; the type only, never text
        where = "".join(traceback.format_tb(e.__traceback__)[-3:])
        log.error("internal error in %s: %s\n%s", kind, type(e).__name__, where)
        return (*error(500, f"internal error ({type(e).__name__})"), {})


def _check(data: Any, settings: Settings) -> tuple[int, bytes, dict]:
    from ..checker import check
    from ..engine import PackError
    from ..kb.store import KBError

    try:
        report = check(data, settings, where="request")
    except InputError as e:
        return (*error(422, str(e)), {})
    except (PackError, KBError) as e:
        return (*error(500, str(e)), {})
    return 200, dumps(report.model_dump(mode="json")), {"thread": report.thread_id, "verdict": report.verdict}


def _suggest(data: Any, settings: Settings) -> tuple[int, bytes]:
    from ..kb import get_index
    from ..kb.suggestion import question_of, suggestion

    if not isinstance(data, dict):
        return error(422, f"request: expected a JSON object, got {type(data).__name__}")
    top, min_score = data.get("top", 3), data.get("min_score", 0.0)
    if not isinstance(top, int) or isinstance(top, bool) or not 1 <= top <= MAX_TOP:
        return error(422, f"request: top: expected a whole number from 1 to {MAX_TOP}")
    if not isinstance(min_score, (int, float)) or isinstance(min_score, bool) or not 0 <= min_score <= 1:
        return error(422, "request: min_score: expected a number from 0 to 1")
    try:
        qid, text, values = question_of(data)
    except ValueError as e:
        return error(422, f"request: {e}")
    return 200, dumps(suggestion(get_index(settings.kb), qid, text, values, top, float(min_score)))
