"""Rule packs: validated on load, errors that name the file, line, rule and field."""
import pytest

from replylint.engine import PackError
from replylint.engine.lexicon import Lexicon
from replylint.engine.loader import load_pack, load_rules
from replylint.nlp.pipeline import analyse

GOOD_RULE = """
family: tone
rules:
  - code: T901
    name: test-rule
    severity: warning
    message: "Слово «{text}»."
    docs: {what: w, why: y, instead: i}
    lexicon:
      words: [денежный средство]
    examples:
      flagged: [{question: q, draft: "Денежные средства вернём."}, {question: q, draft: "денежных средств нет"}]
      clean: [{question: q, draft: "Деньги вернём."}, {question: q, draft: "Средство от моли."}]
"""


def test_a_good_pack_loads_and_its_lexicon_matches_every_inflection(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(GOOD_RULE, encoding="utf-8")
    (rule,) = load_pack(path)
    assert rule.name == "test-rule"
    assert [m.text for m in rule.find(analyse("Возврат денежных средств и денежными средствами"))] == [
        "денежных средств", "денежными средствами"]


def line_of(text: str) -> str:
    return f"bad.yaml:{GOOD_RULE.splitlines().index(text) + 1}:"


@pytest.mark.parametrize("change, expected", [
    (("severity: warning", "severity: loud"), [line_of("    severity: warning"), "rule test-rule", "severity"]),
    (("    lexicon:", "    lexcon:"), [line_of("    lexicon:"), "rule test-rule", "lexcon", "Extra inputs"]),
    (("      clean: [{question: q, draft: \"Деньги вернём.\"}, {question: q, draft: \"Средство от моли.\"}]",
      "      clean: [{question: q, draft: x}]"), ["rule test-rule", "examples.clean"]),
    (("name: test-rule", "name: Test Rule"), ["rule Test Rule", "name"]),
    (("    message:", "  message:"), ["bad.yaml:", "not valid YAML"]),
])
def test_bad_packs_name_file_line_rule_and_field(tmp_path, change, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD_RULE.replace(*change), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_pack(path)
    for part in expected:
        assert part in str(err.value)


def test_a_python_rule_without_a_registered_check_is_an_error(tmp_path):
    path = tmp_path / "py.yaml"
    path.write_text(GOOD_RULE.replace("    lexicon:", "    python: true\n    lexicon:"), encoding="utf-8")
    with pytest.raises(PackError, match="no check is registered"):
        load_pack(path)


def test_extra_rule_paths_cannot_redeclare_a_rule(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text(GOOD_RULE.replace("T901", "T501"), encoding="utf-8")
    with pytest.raises(PackError, match="already declared"):
        load_rules((str(path),))


def test_phrase_syntax():
    lex = Lexicon({"a": ["не прийти|приходить", "=ну", "как мы уже? писать"], "b": ["прийти|приходить", "уйти"]})
    doc = analyse("Ну, посылка не пришла. Как мы писали, посылки не приходят.")
    assert [m.text for m in lex.find(doc)] == ["Ну", "не пришла", "Как мы писали", "не приходят"]
    assert lex.words("b") == {"прийти", "приходить", "уйти"}


# ---------------------------------------------------------------- @file entries stay in the pack's folder

def _pack_with(tmp_path, entry: str):
    path = tmp_path / "team.yaml"
    path.write_text(GOOD_RULE.replace("words: [денежный средство]", f"words: [\"{entry}\"]"), encoding="utf-8")
    return path


@pytest.mark.parametrize("entry", ["@/etc/hostname", "@../../../../etc/hostname", "@../team.yaml",
                                   "@/dev/zero", "@"])
def test_a_lexicon_file_outside_the_packs_folder_is_refused(tmp_path, entry):
    (tmp_path / "lexicons").mkdir()
    with pytest.raises(PackError) as err:
        load_pack(_pack_with(tmp_path, entry))
    message = str(err.value)
    assert "team.yaml:" in message and "rule test-rule" in message and entry in message
    assert "lexicons" in message and "\n" not in message


def test_a_lexicon_file_inside_the_packs_folder_is_read(tmp_path):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "money.txt").write_text("# team words\nденежный средство\n", encoding="utf-8")
    (rule,) = load_pack(_pack_with(tmp_path, "@money.txt"))
    assert rule.words("words") == {"денежный средство"}
    assert [m.text for m in rule.find(analyse("Вернём денежные средства."))] == ["денежные средства"]


@pytest.mark.parametrize("make", ["fifo", "zero", "big"])
def test_a_lexicon_file_that_is_a_device_pipe_or_huge_is_refused_at_once(tmp_path, make):
    import os
    import time

    from replylint.engine.lexicon import MAX_LEXICON_BYTES

    folder = tmp_path / "lexicons"
    folder.mkdir()
    target = folder / "words.txt"
    if make == "fifo":
        os.mkfifo(target)
    elif make == "zero":
        target.symlink_to("/dev/zero")
    else:
        target.write_bytes(b"x\n" * (MAX_LEXICON_BYTES // 2 + 1))
    start = time.monotonic()
    with pytest.raises(PackError, match="words.txt") as err:
        load_pack(_pack_with(tmp_path, "@words.txt"))
    assert time.monotonic() - start < 5
    assert {"fifo": "not a regular file", "zero": "cannot leave", "big": "the limit is"}[make] in str(err.value)


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_rule_path_that_is_a_device_or_pipe_is_refused(tmp_path, target):
    import os

    if target == "fifo":
        target = str(tmp_path / "pack.yaml")
        os.mkfifo(target)
    with pytest.raises(PackError, match="not a regular file"):
        load_rules((target,))


# ---------------------------------------------------------------- options, messages and patterns are validated

@pytest.mark.parametrize("change, expected", [
    (("    examples:", "    options: {min_matches: \"x\"}\n    examples:"), ["rule test-rule", "options.min_matches", "integer"]),
    (("    examples:", "    options: {min_matchez: 2}\n    examples:"), ["rule test-rule", "options.min_matchez", "Extra inputs"]),
    (("message: \"Слово «{text}».\"", "message: \"Слово «{nope}».\""), ["rule test-rule", "{text} only", "{nope}"]),
    (("message: \"Слово «{text}».\"", "message: \"Слово «{text\""), ["message", "not a message template"]),
    (("message: \"Слово «{text}».\"", "message: \"{text.__class__}\""), ["message", "plain name"]),
    (("message: \"Слово «{text}».\"", "message: \"{0}\""), ["message", "plain name"]),
    (("    lexicon:\n      words: [денежный средство]",
      "    patterns:\n      words: [[{LOWER: да, OP: \"{1,999999999}\"}]]"), ["rule test-rule", "at most 10"]),
    (("    lexicon:\n      words: [денежный средство]",
      "    patterns:\n      words: [[{LOWER: да, OP: \"{x}\"}]]"), ["rule test-rule", "OP '{x}'"]),
])
def test_bad_options_messages_and_patterns_are_pack_errors(tmp_path, change, expected):
    import time

    path = tmp_path / "bad.yaml"
    assert change[0] in GOOD_RULE
    path.write_text(GOOD_RULE.replace(*change), encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(PackError) as err:
        load_pack(path)
    assert time.monotonic() - start < 5
    for part in expected:
        assert part in str(err.value)


def test_a_bounded_repeat_op_still_loads(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(GOOD_RULE.replace("    lexicon:\n      words: [денежный средство]",
                                      "    patterns:\n      words: [[{LEMMA: денежный}, {IS_PUNCT: false, OP: \"{0,3}\"}, {LEMMA: средство}]]"),
                    encoding="utf-8")
    (rule,) = load_pack(path)
    assert [m.text for m in rule.find(analyse("денежные средства"))] == ["денежные средства"]


def test_a_message_naming_a_value_the_check_does_not_give_is_a_pack_error():
    from replylint import Settings, check
    from replylint.config import RuleSettings

    settings = Settings(select=["shouting"], rules={"shouting": RuleSettings(punct_message="Знаки: {nope}")})
    with pytest.raises(PackError, match=r"rule shouting: message 'Знаки: \{nope\}'.*\{text\}"):
        check({"question": "Когда?", "draft": "Завтра!!!"}, settings)


def test_regex_options_are_checked():
    from pydantic import ValidationError

    rule = next(r for r in load_rules() if r.name == "unfilled-placeholder")
    with pytest.raises(ValidationError, match="not a regular expression"):
        rule.validate_options({"placeholders": ["("]})
    with pytest.raises(ValidationError, match="valid list"):
        rule.validate_options({"placeholders": "("})
    assert rule.validate_options({"placeholders": [r"\[\w+\]"]})["placeholders"] == [r"\[\w+\]"]
