"""Property: no thread inside the input limits holds a check past its time budget (issue 16).

Random threads and adversarial ones — long repeats of the characters the code's patterns loop
over (`benchmarks/bench_hostile.py`'s PIECES) — each checked within a time limit. Most texts are
short (many examples, cheap); a few are long. The budget (`max_seconds`, 2 s) is the last guard, so
the limit allows for it and for one analysis step past it on a busy machine."""
import time

from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from replylint import check
from replylint.checker import TIMEOUT_RULE
from replylint.config import Settings

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_hostile import PIECES  # noqa: E402

LIMIT = 8.0  # seconds a check may take here: the 2 s budget, the step that overran it, a busy machine
ALPHABET = st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЗКМОПХ0123456789 \n\t.,;:!?*\"'«»-–—#{}[]()@/%$₽•хХxX\u200b"))


def pieces_text(max_repeats: int):
    return st.lists(st.tuples(st.sampled_from(PIECES), st.integers(1, max_repeats)), min_size=1, max_size=4).map(
        lambda parts: "".join(p * n for p, n in parts))


def random_text(max_size: int):
    return st.text(ALPHABET, min_size=1, max_size=max_size)


def thread(text):
    ask = st.sampled_from(["", "Пришлите номер заказа.", "Подскажите адрес доставки и телефон."])
    return st.builds(
        lambda q, d, a, where: (
            {"messages": [{"author": "customer", "text": "Где заказ?"}, {"author": "agent", "text": a},
                          {"author": "customer", "text": q}], "draft": {"text": d}}
            if a else {"question": q if where else "Когда привезут?", "draft": d if not where else "Привезём завтра."}),
        text, text, ask, st.booleans())


def nonblank(t):
    return all((m["text"].strip() for m in t.get("messages", []))) and \
        (t.get("question", "x").strip() and (t["draft"] if isinstance(t["draft"], str) else t["draft"]["text"]).strip())


def timed_check(t):
    started = time.perf_counter()
    report = check(t, Settings())
    took = time.perf_counter() - started
    assert took < LIMIT, (took, {k: (v if len(str(v)) < 200 else str(v)[:200] + "…") for k, v in t.items()})
    timeouts = [f for f in report.findings if f.rule == TIMEOUT_RULE]
    assert len(timeouts) <= 1
    for f in timeouts:
        assert f.severity == "warning" and f.span.source == "draft" and f.span.start == 0


COMMON = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@settings(max_examples=1900, **COMMON)
@given(thread(st.one_of(random_text(24), pieces_text(6))).filter(nonblank))
def test_short_threads_are_checked_in_time(t):
    timed_check(t)


@settings(max_examples=100, **COMMON)
@given(thread(st.one_of(random_text(400), pieces_text(150))).filter(nonblank))
def test_medium_threads_are_checked_in_time(t):
    timed_check(t)


@settings(max_examples=4, phases=[Phase.explicit, Phase.generate], **COMMON)
@given(thread(pieces_text(3000).map(lambda s: s[:20_000])).filter(nonblank))
def test_long_adversarial_threads_are_checked_in_time(t):
    timed_check(t)


def test_the_budget_stops_a_check_and_says_so():
    report = check({"question": "Когда привезут?", "draft": "#{" * 10_000}, Settings(max_seconds=0.01))
    (notice,) = [f for f in report.findings if f.rule == TIMEOUT_RULE]
    assert notice.severity == "warning" and notice.span.start == 0 and "max_seconds" in notice.message
    assert report.verdict in ("warn", "block")
