"""The command line: exit codes, the JSON contract, batch mode, bad input, configuration."""
import json

import pytest
from typer.testing import CliRunner

from replylint.cli import app

runner = CliRunner()
GOOD = {"id": "T-1", "question": "Когда доставят заказ?", "draft": "Здравствуйте! Заказ привезём завтра с 10:00 до 14:00."}
RUDE = {"question": "Как поменять пароль?", "draft": "Это же очевидно: нажмите «Забыли пароль?»."}
SLANG = {"question": "Курьер выехал?", "draft": "Короче, курьер уже едет, будет через 10 минут."}


def run(*args, stdin=None):
    return runner.invoke(app, list(args), input=stdin)


def test_clean_thread_exits_0_and_json_is_the_report(write):
    result = run("check", str(write("t.json", GOOD)), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["thread_id"] == "T-1" and report["verdict"] == "ok" and report["findings"] == []
    assert set(report) >= {"thread_id", "verdict", "findings", "questions", "templates"}


def test_error_finding_blocks_with_exit_1_and_spans_are_offsets(write):
    result = run("check", str(write("t.json", RUDE)), "--format", "json")
    assert result.exit_code == 1
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["rule"] == "rude-or-blaming" and finding["code"] == "T501"
    span = finding["span"]
    assert RUDE["draft"][span["start"]:span["end"]] == span["text"]


def test_warnings_pass_unless_fail_on_warning(write):
    path = str(write("t.json", SLANG))
    assert run("check", path).exit_code == 0
    assert run("check", path, "--fail-on", "warning").exit_code == 1


def test_question_and_draft_flags_and_stdin():
    result = run("check", "-q", RUDE["question"], "-d", RUDE["draft"])
    assert result.exit_code == 1 and "rude-or-blaming" in result.output
    result = run("check", "-", "--format", "jsonl", stdin=json.dumps(SLANG, ensure_ascii=False))
    assert json.loads(result.stdout)["verdict"] == "warn"


def test_text_output_shows_draft_findings_and_suggestions(write):
    result = run("check", str(write("t.json", SLANG)))
    assert "Короче" in result.output and "familiar-address" in result.output and "→" in result.output


@pytest.mark.parametrize("content, message", [
    (b"", "empty input"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "expected a JSON object"),
    (b'{"messages": []}', "draft: missing"),
    (b'{"question": "a", "draft": "   "}', "draft.text: empty"),
    (b'{"draft": {"text": "ok"}, "channel": "fax"}', "channel"),
    (b'{"draft": {"text": "ok"}, "messages": [{"author": "bot", "text": "x"}]}', "messages.0.author"),
])
def test_bad_input_is_one_clear_line_and_exit_2(write, content, message):
    path = write("bad.json", content)
    result = run("check", str(path))
    assert result.exit_code == 2
    assert message in result.stderr and "bad.json" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_huge_draft_is_refused_not_hung(write):
    result = run("check", str(write("big.json", {"question": "Когда?", "draft": "а" * 1_000_000})))
    assert result.exit_code == 2 and "limit is 20,000" in result.stderr


@pytest.mark.parametrize("draft", [
    "<p>Здравствуйте!</p><p>Заказ <b>привезём</b> завтра до 18:00.</p>",
    "👍👍",
    "Hello! Your order will arrive tomorrow.",
])
def test_odd_but_valid_text_gets_a_report(draft):
    result = run("check", "-q", "Когда доставят?", "-d", draft, "--format", "json")
    assert result.exit_code in (0, 1)
    assert json.loads(result.stdout)["verdict"] in {"ok", "warn", "block"}


def test_a_thread_without_messages_is_checked():
    result = run("check", "-", "--format", "json", stdin='{"draft": {"text": "Здравствуйте! Чем помочь?"}}')
    assert result.exit_code == 0 and json.loads(result.stdout)["verdict"] == "ok"


def test_batch_keeps_order_and_goes_on_after_a_bad_line(write):
    lines = [json.dumps(GOOD, ensure_ascii=False), "{broken", json.dumps(RUDE, ensure_ascii=False), ""]
    result = run("check", "--input", str(write("b.jsonl", "\n".join(lines))), "--format", "jsonl")
    out = [json.loads(l) for l in result.stdout.splitlines()]
    assert [o.get("verdict", "error") for o in out] == ["ok", "error", "block"]
    assert out[1]["line"] == 2 and "not valid JSON" in out[1]["error"]
    assert [o["line"] for o in out] == [1, 2, 3]  # every report carries its input line
    assert result.exit_code == 2


def test_select_ignore_and_config_file(write, tmp_path, monkeypatch):
    path = str(write("t.json", RUDE))
    assert run("check", path, "--ignore", "rude-or-blaming").exit_code == 0
    assert run("check", path, "--select", "T5").exit_code == 1
    config = write("replylint.toml", '[tool.replylint]\nignore = ["tone"]\n')
    assert run("check", path, "--config", str(config)).exit_code == 0
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.replylint.rules.rude-or-blaming]\nseverity = "info"\n')
    monkeypatch.chdir(project)
    result = run("check", path, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["findings"][0]["severity"] == "info"


def test_a_bad_config_names_file_and_key(write):
    config = write("replylint.toml", '[tool.replylint]\nsla_hours = "soon"\n')
    result = run("check", "-q", "a", "-d", "b", "--config", str(config))
    assert result.exit_code == 2 and "replylint.toml" in result.stderr and "sla_hours" in result.stderr


def test_rules_list_and_explain():
    listing = run("rules", "--format", "json")
    rules = json.loads(listing.stdout)  # one document
    assert [json.loads(l) for l in run("rules", "--format", "jsonl").stdout.splitlines()] == rules
    shouting = next(r for r in rules if r["name"] == "shouting")
    assert shouting.items() >= {"code": "T507", "severity": "warning", "family": "tone", "enabled": True}.items()
    assert "capitals" in shouting["what"]
    explained = run("rules", "explain", "shouting")
    assert explained.exit_code == 0 and "Why" in explained.output and "НИКОГДА" in explained.output
    assert run("rules", "explain", "no-such-rule").exit_code == 2


def test_eval_prints_per_rule_figures_and_errors(write):
    cases = [
        {"id": "c1", "thread": RUDE, "expect": ["rude-or-blaming"]},
        {"id": "c2", "thread": GOOD, "expect": []},
        {"id": "c3", "thread": SLANG, "expect": []},
    ]
    path = write("cases.jsonl", "\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\nnot json\n")
    result = run("eval", str(path), "--show-errors")
    assert result.exit_code == 0
    assert "rude-or-blaming" in result.stdout and "1.00" in result.stdout
    assert "false alarms on clean cases: 50.0% (1 of 2)" in result.stdout
    assert "c3\tfalse alarm\tfamiliar-address" in result.stdout
    assert "cases.jsonl:4" in result.stderr


def _one_line_error(result, *parts):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for part in parts:
        assert part in result.stderr


def test_a_directory_or_device_as_the_thread_file_says_what_it_is(tmp_path):
    import os

    fifo = tmp_path / "thread.json"
    os.mkfifo(fifo)
    # a directory stands for its *.json files: here a pipe, refused as one
    _one_line_error(run("check", str(tmp_path)), "thread.json", "not a regular file")
    (tmp_path / "empty").mkdir()
    _one_line_error(run("check", str(tmp_path / "empty")), "empty", "no *.json file")
    _one_line_error(run("check", "/dev/zero"), "/dev/zero", "not a regular file")
    _one_line_error(run("check", str(fifo)), "thread.json", "not a regular file")
    _one_line_error(run("check", str(tmp_path / "nothing.json")), "nothing.json", "No such file")


def test_dev_zero_as_kb_or_settings_is_refused_at_once(write):
    import time

    start = time.monotonic()
    _one_line_error(run("check", "-q", "Когда доставят?", "-d", "Завтра.", "--kb", "/dev/zero"),
                    "/dev/zero", "not a regular file")
    config = write("replylint.toml", '[tool.replylint]\nkb = "/dev/zero"\n')
    _one_line_error(run("check", "-q", "Когда доставят?", "-d", "Завтра.", "--config", str(config)),
                    "/dev/zero", "not a regular file")
    _one_line_error(run("check", "-q", "a", "-d", "b", "--config", "/dev/zero"), "/dev/zero", "not a regular file")
    _one_line_error(run("suggest", "как вернуть товар", "--kb", "/dev/zero"), "/dev/zero", "not a regular file")
    assert time.monotonic() - start < 60


# ---------------------------------------------------------------- strictness: a typo cannot switch a gate off

@pytest.mark.parametrize("args, parts", [
    (["--select", "bogus"], ["--select", "'bogus'", "no rule name"]),
    (["--select", "rude-or-blamin"], ["--select", "did you mean 'rude-or-blaming'?"]),
    (["--ignore", "tnoe"], ["--ignore", "did you mean 'tone'?"]),
    (["--select", "T5", "--select", "X9"], ["'X9'"]),
])
def test_an_unknown_selector_on_the_command_line_is_exit_2(write, args, parts):
    result = run("check", str(write("t.json", RUDE)), *args)
    _one_line_error(result, *parts)


def test_codes_prefixes_and_families_remain_valid_selectors(write):
    path = str(write("t.json", RUDE))
    for selector in ("T501", "T5", "D2", "tone", "rude-or-blaming"):
        assert run("check", path, "--select", selector).exit_code in (0, 1), selector
    assert run("check", path, "--select", "T5", "--ignore", "D2").exit_code == 1


@pytest.mark.parametrize("name, toml, parts", [
    ("pyproject.toml", '[tool.replylint]\nselect = ["tone", "bureaucratse"]\n',
     ["pyproject.toml: [tool.replylint] select", "did you mean 'bureaucratese'?"]),
    ("pyproject.toml", '[tool.replylint]\nignore = ["nothing-like-a-rule"]\n', ["[tool.replylint] ignore", "'nothing-like-a-rule'"]),
    ("pyproject.toml", '[tool.replylint.rules.bureaucratse]\nseverity = "error"\n',
     ["pyproject.toml: [tool.replylint] rules.bureaucratse", "no rule named", "did you mean 'bureaucratese'?"]),
    ("replylint.toml", '[rules.shoutin]\nmin_words = 3\n', ["replylint.toml: rules.shoutin", "did you mean 'shouting'?"]),
    ("pyproject.toml", '[tool.replylint.rules.bureaucratese]\nmin_marker = 3\n',
     ["rules.bureaucratese.min_marker", "no option 'min_marker'", "did you mean 'min_markers'?"]),
    ("pyproject.toml", '[tool.replylint.rules.bureaucratese]\nmin_markers = "x"\n',
     ["rules.bureaucratese.min_markers", "valid integer"]),
    ("pyproject.toml", '[tool.replylint.rules.excuses]\nthreshold = "high"\n', ["rules.excuses.threshold", "valid number"]),
    ("pyproject.toml", '[tool.replylint.rules.unfilled-placeholder]\nplaceholders = "("\n',
     ["rules.unfilled-placeholder.placeholders", "valid list"]),
    ("pyproject.toml", '[tool.replylint.rules.unfilled-placeholder]\nplaceholders = ["("]\n',
     ["rules.unfilled-placeholder.placeholders.0", "not a regular expression"]),
    ("pyproject.toml", '[tool.replylint.rules.shouting]\npunct_message = "Знаки: {text"\n',
     ["rules.shouting.punct_message", "not a message template"]),
    ("pyproject.toml", '[tool.replylint.rules.unanswered-question.suggestions]\nwhn = "Назовите срок."\n',
     ["rules.unanswered-question.suggestions.whn", "suggestions has no key 'whn'", "did you mean 'when'?"]),
])
def test_unknown_rules_options_and_wrong_types_in_settings_are_exit_2(write, tmp_path, monkeypatch, name, toml, parts):
    (tmp_path / name).write_text(toml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _one_line_error(run("check", "-q", "Когда доставят?", "-d", "Завтра!!!"), *parts)
    assert run("rules").exit_code == 2
    batch = write("b.jsonl", json.dumps(GOOD, ensure_ascii=False))
    result = run("check", "--input", str(batch), "--format", "jsonl")
    _one_line_error(result, *parts)
    assert result.stdout == ""  # refused before the first line, not once per line


def test_a_message_naming_a_value_not_given_is_a_line_error_in_a_batch(write, tmp_path, monkeypatch):
    (tmp_path / "replylint.toml").write_text('[rules.shouting]\npunct_message = "Знаки: {nope}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shouting = {"question": "Когда доставят?", "draft": "Завтра привезём!!!"}
    _one_line_error(run("check", str(write("t.json", shouting))), "rule shouting", "{nope}")
    lines = [json.dumps(shouting, ensure_ascii=False), json.dumps(GOOD, ensure_ascii=False)]
    result = run("check", "--input", str(write("b.jsonl", "\n".join(lines))), "--format", "jsonl")
    out = [json.loads(l) for l in result.stdout.splitlines()]
    assert result.exit_code == 2 and len(out) == 2
    assert out[0]["line"] == 1 and "{nope}" in out[0]["error"] and out[1]["verdict"] == "ok"


def test_eval_refuses_unknown_expected_rules_and_files_with_no_case(write):
    cases = [{"id": "c1", "thread": RUDE, "expect": ["rude-or-blamng"]}]
    path = write("cases.jsonl", "\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
    _one_line_error(run("eval", str(path)), "cases.jsonl:1", "expect", "did you mean 'rude-or-blaming'?")
    empty = write("empty.jsonl", "not json\n[1]\n\n")
    result = run("eval", str(empty))
    assert result.exit_code == 2 and "no valid case" in result.stderr and "Traceback" not in result.output
    assert run("eval", str(write("bad.jsonl", b"\xff\xfe"))).exit_code == 2


def test_the_library_refuses_unknown_selectors_too():
    from replylint import ConfigError, Settings, check

    with pytest.raises(ConfigError, match="did you mean 'shouting'"):
        check(GOOD, Settings(select=["shoutng"]))


# ---------------------------------------------------------------- conventions users of ruff and Vale expect

def test_version_prints_the_installed_version():
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"replylint {version('replylint')}"


def test_batch_reports_carry_their_line_across_blank_lines(write):
    lines = ["", json.dumps(RUDE, ensure_ascii=False), "   ", json.dumps(GOOD, ensure_ascii=False)]
    result = run("check", "--input", str(write("b.jsonl", "\n".join(lines))), "--format", "jsonl")
    out = [json.loads(l) for l in result.stdout.splitlines()]
    assert [(o["line"], o["verdict"]) for o in out] == [(2, "block"), (4, "ok")]
    assert result.exit_code == 1
    assert run("check", "--input", str(write("b.jsonl", "\n".join(lines))), "--exit-zero").exit_code == 0


def test_exit_zero_passes_blocking_findings_but_not_bad_input(write):
    path = str(write("t.json", RUDE))
    assert run("check", path).exit_code == 1
    result = run("check", path, "--exit-zero")
    assert result.exit_code == 0 and "rude-or-blaming" in result.stdout
    assert run("check", str(write("bad.json", b"{nope")), "--exit-zero").exit_code == 2


def test_quiet_prints_the_findings_only(write):
    result = run("check", str(write("t.json", RUDE)), "--quiet")
    assert result.exit_code == 1
    assert "T501 rude-or-blaming" in result.stdout and "Грубость" in result.stdout
    assert "BLOCK" not in result.stdout and "Questions" not in result.stdout and "1 error" not in result.stdout
    loud = run("check", str(write("t.json", RUDE)))
    assert "BLOCK" in loud.stdout and "1 error" in loud.stdout
    clean = run("check", str(write("g.json", GOOD)), "--quiet")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_channel_sets_the_channel_of_a_question_draft_pair():
    args = ["check", "-q", "Когда доставят заказ?", "-d", "Здравствуйте! Заказ привезём завтра с 10:00 до 14:00 😊", "-f", "json"]
    email = json.loads(run(*args).stdout)  # email allows no emoji, chat three
    chat = json.loads(run(*args, "--channel", "chat").stdout)
    assert [f["rule"] for f in email["findings"]] == ["familiar-address"] and chat["findings"] == []
    assert "· chat" in run(*args[:-2], "--channel", "chat").stdout
    assert run(*args, "--channel", "fax").exit_code == 2
    _one_line_error(run("check", "-", "--channel", "chat", stdin=json.dumps(GOOD)), "--channel")


def test_several_files_and_a_directory(write, tmp_path):
    folder = tmp_path / "threads"
    folder.mkdir()
    (folder / "b.json").write_text(json.dumps(RUDE, ensure_ascii=False), encoding="utf-8")
    (folder / "a.json").write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    (folder / "notes.txt").write_text("not a thread", encoding="utf-8")
    result = run("check", str(folder), "--format", "jsonl")
    out = [json.loads(l) for l in result.stdout.splitlines()]
    assert [(o["file"], o["verdict"]) for o in out] == [(str(folder / "a.json"), "ok"), (str(folder / "b.json"), "block")]
    assert result.exit_code == 1
    slang = str(write("slang.json", SLANG))
    doc = json.loads(run("check", slang, str(folder / "a.json"), "--format", "json").stdout)  # one document
    assert [r["verdict"] for r in doc] == ["warn", "ok"] and doc[0]["file"] == slang
    text = run("check", slang, str(folder / "b.json"))
    assert slang in text.stdout.splitlines() and str(folder / "b.json") in text.stdout.splitlines()
    assert text.exit_code == 1
    bad = run("check", str(write("bad.json", b"{nope")), slang, "--format", "jsonl")
    lines = [json.loads(l) for l in bad.stdout.splitlines()]
    assert "not valid JSON" in lines[0]["error"] and lines[1]["verdict"] == "warn" and bad.exit_code == 2


def _info_config(write):
    return str(write("replylint.toml", '[rules.familiar-address]\nseverity = "info"\n'))


def test_github_annotations_place_findings_in_the_draft(write):
    thread = {"question": RUDE["question"], "draft": "Здравствуйте!\nЭто же очевидно: нажмите «Забыли пароль?»."}
    path = str(write("t.json", thread))
    result = run("check", path, "--format", "github")
    assert result.exit_code == 1
    line = next(l for l in result.stdout.splitlines() if "T501" in l)
    col = thread["draft"].split("\n")[1].index("очевидно") + 1
    assert line.startswith(f"::error file={path},line=2,col={col},endLine=2,endColumn={col + 8},")
    assert "title=T501 rude-or-blaming::Грубость" in line
    slang = run("check", str(write("s.json", SLANG)), "--output-format", "github")  # the alias
    assert slang.stdout.startswith("::warning ") and "familiar-address" in slang.stdout
    info = run("check", str(write("s.json", SLANG)), "-f", "github", "--config", _info_config(write))
    assert info.stdout.startswith("::notice ") and info.exit_code == 0


def test_sarif_is_one_run_with_rules_and_located_results(write):
    thread = {"question": RUDE["question"], "draft": "Здравствуйте!\nЭто же очевидно: нажмите «Забыли пароль?»."}
    path = str(write("t.json", thread))
    result = run("check", path, str(write("s.json", SLANG)), "--output-format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert run_["tool"]["driver"]["name"] == "replylint" and {"T501", "T502"} <= {r["id"] for r in rules}
    by_rule = {r["ruleId"]: r for r in run_["results"]}
    rude, slang = by_rule["T501"], by_rule["T502"]
    assert rude["level"] == "error" and slang["level"] == "warning" and "Грубость" in rude["message"]["text"]
    assert rules[rude["ruleIndex"]]["name"] == "rude-or-blaming"
    loc = rude["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == path
    assert loc["region"]["startLine"] == 2 and loc["region"]["snippet"]["text"] == "очевидно"
    assert slang["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("s.json")
    info = json.loads(run("check", str(write("s.json", SLANG)), "-f", "sarif", "--config", _info_config(write)).stdout)
    assert info["runs"][0]["results"][0]["level"] == "note"


def test_statistics_counts_findings_per_rule(write):
    files = [str(write(f"{n}.json", t)) for n, t in (("r", RUDE), ("s", SLANG), ("s2", SLANG))]
    result = run("check", *files, "--statistics", "--format", "json")
    stats = json.loads(result.stdout)
    assert stats[0] == {"code": "T502", "rule": "familiar-address", "severity": "warning", "count": 2}
    assert {"code": "T501", "rule": "rude-or-blaming", "severity": "error", "count": 1} in stats
    assert result.exit_code == 1
    text = run("check", *files, "--statistics").stdout.splitlines()
    assert text[0].split() == ["2", "T502", "familiar-address", "(warning)"]
    assert "Короче" not in "".join(text)  # counts instead of the findings
    _one_line_error(run("check", *files, "--statistics", "-f", "sarif"), "--statistics")


def test_piped_text_marks_spans_with_carets(write):
    draft = "Здравствуйте!\nЭто же очевидно: нажмите «Забыли пароль?»."
    result = run("check", str(write("t.json", {"question": RUDE["question"], "draft": draft})))
    lines = result.stdout.splitlines()
    i = lines.index("  2 | " + draft.split("\n")[1])
    assert lines[i + 1] == "    | " + " " * draft.split("\n")[1].index("очевидно") + "^" * len("очевидно")


def test_no_color_on_a_terminal_marks_spans_with_carets(monkeypatch):
    import io

    from rich.console import Console

    from replylint import check
    from replylint.model import Thread
    from replylint.render import render

    thread = Thread.model_validate(RUDE)
    report = check(thread)

    def shown(**env):
        for k in ("NO_COLOR",):
            monkeypatch.delenv(k, raising=False)
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        buf = io.StringIO()
        render(report, thread, Console(file=buf, force_terminal=True, color_system="truecolor", width=100))
        return buf.getvalue()

    assert "^^^^" not in shown()  # colour shows the spans
    assert "^" * len("очевидно") in shown(NO_COLOR="1")


def test_rules_and_eval_json_are_one_document(write):
    cases = [{"id": "c1", "thread": RUDE, "expect": ["rude-or-blaming"]}, {"id": "c2", "thread": SLANG, "expect": []}]
    path = write("cases.jsonl", "\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
    doc = json.loads(run("eval", str(path), "--format", "json").stdout)
    assert doc["cases"] == 2 and doc["clean"] == 1 and doc["false_alarms"] == 1
    rude = next(r for r in doc["rules"] if r["rule"] == "rude-or-blaming")
    assert rude["precision"] == 1.0 and rude["tp"] == 1
    assert {"case": "c2", "kind": "false alarm", "rule": "familiar-address"} in doc["mistakes"]
    lines = [json.loads(l) for l in run("eval", str(path), "--format", "jsonl").stdout.splitlines()]
    assert lines == doc["rules"]
    assert isinstance(json.loads(run("rules", "--format", "json").stdout), list)


def test_suggest_and_load_kb_are_public():
    import replylint

    assert {"suggest", "load_kb"} <= set(replylint.__all__)
    templates = replylint.load_kb(replylint.kb.default_kb_path())
    assert len(templates) > 50 and all(t.id and t.title for t in templates)
    hits = replylint.suggest("забыл пароль, как его восстановить?", top=2)
    assert len(hits) == 2 and hits[0].id == "account-password-reset" and 0 <= hits[1].score <= hits[0].score <= 1
