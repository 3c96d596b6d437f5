"""Hostile-input benchmark (issue 16): the worst time of one `check()` over adversarial threads.

    .venv/bin/python benchmarks/bench_hostile.py [--only NAME] [--profile NAME] [--budget SECONDS]

Every thread here is inside the input limits (20,000 characters a text). The named cases are the
ones found by attack testing; the generated ones are long repeats of the characters that the
patterns in the code (`nlp/entities.py`, `analysis.py`, `nlp/*.py`) loop over. Each case runs
with the default settings (`max_seconds` = 2: the time budget is the last guard) and with the
budget switched off (`--budget 0`, which shows the cost of the analyses themselves). The target
is ≤ 2 s for any case. Prints one line per case, then the worst.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from replylint import check  # noqa: E402
from replylint.config import Settings  # noqa: E402
from replylint.inputs import InputError  # noqa: E402

ASK = "Пришлите, пожалуйста, номер заказа."


def customer(text: str, draft: str = "Спасибо, проверяем.") -> dict:
    return {"messages": [{"author": "customer", "text": text}], "draft": {"text": draft}}


def answer(text: str) -> dict:
    """A customer message that answers the agent's data request."""
    return {"messages": [{"author": "customer", "text": "Где мой заказ?"},
                         {"author": "agent", "text": ASK},
                         {"author": "customer", "text": text}],
            "draft": {"text": "Спасибо, проверяем."}}


def draft(text: str) -> dict:
    return {"messages": [{"author": "customer", "text": "Где мой заказ?"}], "draft": {"text": text}}


# The cases of issue 16, at their stated sizes.
ISSUE = {
    "card masked with 42 *": customer("Карта " + "*" * 42),
    "card masked with 42 * and digits": customer("Карта " + "*" * 42 + " 12"),
    "'1 ' x 2,000 after a request": answer("1 " * 2000),
    "draft of 20,000 digits": draft("7" * 20_000),
    "900 street addresses": customer("ул. Ленина, д. 5. " * 900),
    'draft of 20,000 "': draft('"' * 20_000),
    "draft of 10,000 #{": draft("#{" * 10_000),
    "draft of 20,000 newlines": draft("Спасибо!" + "\n" * 19_990),
    "draft of 'х*р ' x 5,000": draft("х*р " * 5000),
}

# Generated: long repeats of the characters each pattern loops over, in the draft and in a
# customer message.
PIECES = ["*", "* ", "** ", "x", "х-", "•·", "1 ", "1", "1-", "1/", "№1 ", "A1", "a1", "@", "a@b.", "a.",
          "http://", "www.", "«", "»", "„", "“", "\"a", "'", "(", ")", "[", "]", "{", "}", "#{", "{{",
          "$", "₽", "1 ₽ ", "руб ", "10:00 ", "1.20 ", "?", "? ", "!", "...", ".", ", ", "-", "—",
          "\n", "\n\n", " ", "\t", "ул. ", "д. 1 ", "кв ", "г. ", "Ленина 5 ", "х*р ", "бл*", "*ля ",
          "Вы ", "ВЫ ", "Здравствуйте ", "спасибо ", "извините ", "заказ ", "номер ", "не ",
          "😀", "👨\u200d👩", "\u200b", "a\u200db", "А", "аааа ", "Иван Петров ", "8 800 ", "+7 ",
          "1@1 ", "- [ ] ", "> ", "* пункт\n", "1. пункт\n"]


def generated(size: int) -> dict[str, dict]:
    out = {}
    for p in PIECES:
        text = (p * (size // len(p) + 1))[:size]
        out[f"draft {p!r} x {size}"] = draft(text)
        out[f"message {p!r} x {size}"] = customer(text)
    return out


def timed(thread: dict, settings: Settings) -> tuple[float, int]:
    t = time.perf_counter()
    report = check(thread, settings)
    return time.perf_counter() - t, sum(f.rule == "check-timeout" for f in report.findings)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="run the cases whose name contains this")
    ap.add_argument("--profile", help="profile the first case whose name contains this")
    ap.add_argument("--budget", type=float, default=2.0, help="max_seconds; 0 = none")
    ap.add_argument("--size", type=int, default=20_000, help="length of the generated texts")
    ap.add_argument("--no-generated", action="store_true")
    args = ap.parse_args()
    settings = Settings(max_seconds=args.budget or None) if "max_seconds" in Settings.model_fields else Settings()
    cases = dict(ISSUE)
    if not args.no_generated:
        cases.update(generated(args.size))
    check(draft("Здравствуйте!"), settings)  # load the models first
    if args.profile:
        name = next(n for n in cases if args.profile in n)
        prof = cProfile.Profile()
        prof.runcall(check, cases[name], settings)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        return
    worst = (0.0, "")
    for name, thread in cases.items():
        if args.only and args.only not in name:
            continue
        try:
            seconds, timeouts = timed(thread, settings)
        except InputError as e:  # refused before any analysis, e.g. a draft of invisible characters
            print(f"{'refused':>9}  {name}: {e}", flush=True)
            continue
        print(f"{seconds:7.2f} s  {'timeout ' if timeouts else '        '}{name}", flush=True)
        worst = max(worst, (seconds, name))
    print(f"worst: {worst[0]:.2f} s  ({worst[1]})")


if __name__ == "__main__":
    main()
