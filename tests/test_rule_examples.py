"""Examples are tests: every flagged example of every rule must raise that rule (at the marked span
where one is marked), every clean example must not. Adding a rule means adding its examples."""
import pytest

from replylint import Settings, check, load_rules
from replylint.engine.schema import Example
from conftest import example_thread

RULES = load_rules()
CASES = [
    pytest.param(rule, kind, ex, id=f"{rule.name}-{kind}-{i}")
    for rule in RULES
    for kind, examples in (("flagged", rule.spec.examples.flagged), ("clean", rule.spec.examples.clean))
    for i, ex in enumerate(examples)
]

# The catalogue of ../shared/spec/RULES.md: names are stable and never change meaning.
CATALOGUE = {
    "unanswered-question", "missing-timeframe", "overlong-reply", "re-requested-data",
    "piecemeal-request", "public-personal-data", "faq-link-dump", "link-before-answer",
    "upsell-to-unhappy-customer", "off-topic-upsell", "rude-or-blaming", "familiar-address",
    "inconsistent-address", "excuses", "missing-apology", "bureaucratese", "shouting",
    "unanswered-thanks", "bare-refusal", "unfilled-placeholder", "generic-salutation",
    "wrong-topic-template",
}


@pytest.mark.parametrize("rule, kind, example", CASES)
def test_example(rule, kind, example: Example):
    settings = Settings.model_validate(example.settings)
    report = check(example_thread(example), settings)
    own = [f for f in report.findings if f.rule == rule.name]
    if kind == "flagged":
        assert own, f"{rule.name} did not fire on its flagged example: {example.draft!r}"
        if example.span:
            assert any(example.span in f.span.text or f.span.text in example.span and f.span.text
                       for f in own), f"{rule.name} fired at {[f.span.text for f in own]}, not at {example.span!r}"
    else:
        assert not own, f"{rule.name} fired on its clean example at {[f.span.text for f in own]}"


def test_every_rule_is_in_the_catalogue_with_a_unique_code():
    names = [r.name for r in RULES]
    codes = [r.code for r in RULES]
    assert set(names) <= CATALOGUE
    assert len(set(names)) == len(names) and len(set(codes)) == len(codes)


def test_every_rule_has_enough_examples():
    for rule in RULES:
        assert len(rule.spec.examples.flagged) >= 2 and len(rule.spec.examples.clean) >= 2, rule.name
