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


# ---------------------------------------------------------------- size: the whole thread, and the report

def test_the_whole_thread_is_bounded(write):
    many = {"draft": "Завтра.", "messages": [{"author": "customer", "text": "Когда?"}] * 201}
    result = run("check", str(write("t.json", many)))
    assert result.exit_code == 2 and "201 messages; the limit is 200 (max_messages)" in result.stderr
    long = {"draft": "Завтра.", "messages": [{"author": "customer", "text": "а" * 19_000}] * 4}
    result = run("check", str(write("t.json", long)))
    assert result.exit_code == 2 and "76,007 characters in all; the limit is 60,000 (max_thread_chars)" in result.stderr
    # in a batch: an error object in place, the next line checked
    lines = [json.dumps(many), json.dumps(GOOD, ensure_ascii=False)]
    out = [json.loads(l) for l in run("check", "--input", str(write("b.jsonl", "\n".join(lines))),
                                      "--format", "jsonl").stdout.splitlines()]
    assert "max_messages" in out[0]["error"] and out[1]["verdict"] == "ok"


def test_the_limits_are_settings(write):
    config = write("replylint.toml", "max_messages = 2\nmax_thread_chars = 100\n")
    thread = {"draft": "Завтра.", "messages": [{"author": "customer", "text": "Когда?"}] * 3}
    result = run("check", str(write("t.json", thread)), "--config", str(config))
    assert result.exit_code == 2 and "the limit is 2 (max_messages)" in result.stderr
    result = run("check", "-q", "Когда доставят? " * 10, "-d", "Завтра.", "--config", str(config))
    assert result.exit_code == 2 and "the limit is 100 (max_thread_chars)" in result.stderr


def test_the_report_lists_a_bounded_number_of_questions_with_bounded_answer_text(write):
    from replylint.checker import ANSWER_TEXT_CHARS

    question = " ".join(f"Когда привезут заказ номер {i}?" for i in range(1, 6))
    draft = "Заказ привезут завтра, " + ", ".join(["курьер позвонит заранее"] * 20) + "."
    config = write("replylint.toml", "max_questions = 3\n")
    result = run("check", "-q", question, "-d", draft, "--format", "json", "--config", str(config))
    report = json.loads(result.stdout)
    assert len(report["questions"]) == 3 and len(draft) > ANSWER_TEXT_CHARS
    answers = [q["answered_by"] for q in report["questions"] if q["answered_by"]]
    assert answers
    for a in answers:
        whole = draft[a["start"]:a["end"]]
        assert len(a["text"]) <= ANSWER_TEXT_CHARS + 1
        assert a["text"] == whole or (a["text"].endswith("…") and whole.startswith(a["text"][:-1]))
    assert any(a["text"].endswith("…") for a in answers)
    for t in report["templates"]:
        assert len(t["covers"]) <= 3


# ---------------------------------------------------------------- invisible characters cannot hide a word

@pytest.mark.parametrize("hidden, rule, word", [
    ("Вы сами ви\u200bноваты, что не сохранили письмо.", "rude-or-blaming", "сами ви\u200bноваты"),
    ("Ко\u2060роче, курьер уже едет, будет через 10 минут.", "familiar-address", "Ко\u2060роче"),
    ("Кор\u00adоче, курьер уже едет, будет через 10 минут.", "familiar-address", "Кор\u00adоче"),
    ("\ufeffКо\u200dроче, курьер уже едет.", "familiar-address", "Ко\u200dроче"),
])
def test_zero_width_characters_inside_words_do_not_hide_findings(hidden, rule, word):
    from replylint import check

    question = "Где мой за\u200bказ 4815\u200b162342? 👨\u200d👩\u200d👧"
    report = check({"question": question, "draft": hidden})
    finding = next((f for f in report.findings if f.rule == rule), None)
    assert finding is not None, [f.rule for f in report.findings]
    # offsets and text are the original's, invisible characters included
    span = finding.span
    assert hidden[span.start:span.end] == span.text == word
    order = next(i for i in report.data if i.kind == "order")
    assert order.value == "4815162342"
    assert question[order.span.start:order.span.end] == order.span.text == "4815\u200b162342"
    for q in report.questions:
        assert question[q.span.start:q.span.end] == q.span.text


def test_an_unforeseen_error_on_one_line_does_not_cost_the_batch_the_lines_after_it(write, monkeypatch):
    from replylint.engine import load_rules

    rule = next(r for r in load_rules(()) if r.name == "shouting")  # the cached rules check() runs
    original = rule.check

    def flaky(ctx, rule):
        if "взрыв" in ctx.draft.text:
            raise RuntimeError("a bug in a check")
        yield from original(ctx, rule)

    monkeypatch.setattr(rule, "check", flaky)
    lines = [json.dumps({"question": "Что случилось?", "draft": "Был взрыв котла."}, ensure_ascii=False),
             json.dumps(GOOD, ensure_ascii=False)]
    result = run("check", "--input", str(write("b.jsonl", "\n".join(lines))), "--format", "jsonl")
    out = [json.loads(l) for l in result.stdout.splitlines()]
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert out[0]["line"] == 1 and "internal error" in out[0]["error"] and "a bug in a check" in out[0]["error"]
    assert out[1]["verdict"] == "ok"
