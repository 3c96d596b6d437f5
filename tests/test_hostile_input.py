"""Inputs found by attack testing (issue 16): each is a one-line error with exit code 2 for a single
check — never a traceback — and, in a batch, an error object in its place while every other line
is still checked."""
import json

import pytest
from typer.testing import CliRunner

from replylint.cli import app

runner = CliRunner()
GOOD = {"question": "Когда доставят заказ?", "draft": "Здравствуйте! Заказ привезём завтра с 10:00 до 14:00."}


def run(*args, stdin=None):
    return runner.invoke(app, list(args), input=stdin)


def nested(depth: int) -> str:
    return '{"question": "Когда?", "draft": "Завтра.", "extra": ' + "[" * depth + "]" * depth + "}"


# (raw JSON line, what the one-line error must say)
BAD_LINES = {
    "nested 1,000 deep": (nested(1000), "nested more than 100 deep"),
    "nested 5,000 deep": (nested(5000), "nested more than 100 deep"),
    "nested objects": ('{"question": "a", "draft": "b", "x": ' + '{"a": ' * 3000 + "1" + "}" * 3000 + "}",
                       "nested more than 100 deep"),
    "5,000-digit integer": ('{"question": "a", "draft": "b", "n": ' + "7" * 5000 + "}", "more than 4,300 digits"),
    "lone surrogate": ('{"question": "Когда \\ud800 доставят?", "draft": "Завтра."}', "lone surrogate"),
    "surrogate in the draft": ('{"question": "Когда?", "draft": "Завтра \\udfff."}', "draft.text"),
    "surrogate in a field": ('{"customer": {"fields": {"order": "\\ud83d"}}, "question": "a", "draft": "b"}',
                             "customer.fields.order"),
    "Tangut": (json.dumps({"question": "Когда доставят \U00017000\U00017001?", "draft": "Завтра."}),
               "U+17000"),
    "Tangut in the name": (json.dumps({"customer": {"name": "\U00018d00"}, "question": "a", "draft": "Завтра."}),
                           "customer.name"),
}


@pytest.mark.parametrize("name", list(BAD_LINES))
def test_a_crash_input_is_one_line_and_exit_2(write, name):
    raw, message = BAD_LINES[name]
    result = run("check", str(write("t.json", raw)))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "t.json" in line and message in line


def test_a_batch_reports_every_crash_input_in_place_and_checks_every_other_line(write):
    raws = [json.dumps(GOOD, ensure_ascii=False)]
    for raw, _ in BAD_LINES.values():
        raws += [raw, json.dumps(GOOD, ensure_ascii=False)]
    result = run("check", "--input", str(write("b.jsonl", "\n".join(raws))), "--format", "jsonl")
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    out = [json.loads(l) for l in result.stdout.splitlines()]
    assert len(out) == len(raws)
    for n, (o, (_, message)) in enumerate(zip(out[1::2], BAD_LINES.values())):
        assert o["line"] == 2 * n + 2 and message in o["error"], o
    assert all(o["verdict"] == "ok" for o in out[::2])


def test_the_library_raises_input_error_for_unreadable_text():
    from replylint import InputError, check

    with pytest.raises(InputError, match="lone surrogate"):
        check({"question": "\ud800", "draft": "Завтра."})
    with pytest.raises(InputError, match="U\\+17000"):
        check({"question": "Когда?", "draft": "Завтра \U00017000"})
