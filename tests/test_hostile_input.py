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


# ---------------------------------------------------------------- text output: no markup, no control characters

MARKUP = {"id": "T-[/]", "question": "Когда [/] доставят [bold]заказ?",
          "draft": "Короче, заказ [/] привезём [red]завтра[/red] :smile:"}


def test_markup_in_the_thread_is_shown_as_text(write):
    result = run("check", str(write("t.json", MARKUP)))
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output + result.stderr
    assert "T-[/]" in result.stdout and "заказ [/] привезём [red]завтра[/red] :smile:" in result.stdout
    assert "Когда [/] доставят" in result.stdout and "[bold]" in result.stdout  # the table wraps it


def test_markup_in_a_path_is_shown_as_text(tmp_path):
    result = run("check", str(tmp_path / "no[/]such[bold].json"))
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert "no[/]such[bold].json: No such file" in result.stderr
    (tmp_path / "[").mkdir()
    cases = tmp_path / "[" / "]cases.jsonl"  # the path holds "[/]"
    cases.write_text("not json\n" + json.dumps({"id": "c", "thread": GOOD, "expect": []}, ensure_ascii=False),
                     encoding="utf-8")
    result = run("eval", str(cases))
    assert result.exit_code == 0 and "Traceback" not in result.output + result.stderr
    assert "[/]cases.jsonl:1" in result.stderr and "]cases.jsonl: 1 cases" in result.stdout


def test_control_characters_never_reach_the_terminal(write):
    thread = {"id": "T\x1b]0;pwned\x07", "question": "Когда \x1b[2J доставят?\x1b[0m",
              "draft": "Короче, \x1b[31mзаказ\x1b[0m привезём завтра\r\x08\x9b ок \u202eтекст"}
    result = run("check", str(write("t.json", thread)))
    assert result.exit_code in (0, 1), result.output
    shown = result.stdout
    assert not any(ch in shown for ch in "\x1b\x07\x08\r\x9b\u202e")
    assert "␛[31mзаказ␛[0m" in shown and "T␛]0;pwned␇" in shown
    # the finding still points at the right characters of the original draft
    report = json.loads(run("check", str(write("t.json", thread)), "--format", "json").stdout)
    span = next(f["span"] for f in report["findings"] if f["rule"] == "familiar-address")
    assert thread["draft"][span["start"]:span["end"]] == span["text"] == "Короче"


def test_the_json_report_keeps_the_text_exactly(write):
    result = run("check", str(write("t.json", MARKUP)), "--format", "json")
    report = json.loads(result.stdout)
    assert report["thread_id"] == "T-[/]" and report["questions"][0]["span"]["text"] == "Когда [/] доставят [bold]заказ?"
