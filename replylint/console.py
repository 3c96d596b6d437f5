"""What every command prints with: people's output through rich, machines' output as plain JSON,
and the one-line error that ends a command with exit code 2."""
from __future__ import annotations

import json
import sys
from enum import Enum

import typer
from rich.console import Console
from rich.text import Text

# No console markup and no `:emoji:` codes: a customer's `[/]` or `:smile:` is text, never markup.
out = Console(highlight=False, soft_wrap=False, markup=False, emoji=False)
err = Console(stderr=True, highlight=False, markup=False, emoji=False)

# Control characters would reach the terminal as commands (ESC sequences, BEL, backspace,
# carriage return); bidi overrides reorder what is shown. Each becomes one visible character
# (a Unicode control picture, ␛ for ESC) or a space, so offsets into the text still hold.
_PRINTABLE = str.maketrans(
    {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)}
    | {c: " " for c in (0x0B, 0x0C, 0x0D)} | {0x7F: "\u2421"}
    | {c: "\ufffd" for c in [*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
)


def printable(text: str) -> str:
    """`text` safe to print on a terminal, one character for one (see `_PRINTABLE`)."""
    return text.translate(_PRINTABLE)


def plain(text: str, style: str = "") -> Text:
    """Text from outside (a thread, a pack, a path) for people's output: printable, never markup."""
    return Text(printable(text), style)


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class CheckFormat(str, Enum):
    """`check`'s formats: Format's, and annotations for CI (GitHub Actions, SARIF code scanning)."""
    text = "text"
    json = "json"
    jsonl = "jsonl"
    github = "github"
    sarif = "sarif"


def fail(message: str) -> typer.Exit:
    """Print `replylint: error: …` on stderr; raise the returned Exit (code 2)."""
    err.print(Text.assemble(("replylint: error:", "bold red"), " ", plain(message)), soft_wrap=True)
    return typer.Exit(2)


def emit(data, indent: int | None = None) -> None:
    """Machine output: plain JSON on stdout, never wrapped or styled; `\\u` escapes where stdout
    cannot encode the text (a non-UTF-8 locale)."""
    try:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
    except UnicodeEncodeError:
        sys.stdout.write(json.dumps(data, indent=indent) + "\n")
