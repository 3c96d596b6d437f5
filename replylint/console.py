"""What every command prints with: people's output through rich, machines' output as plain JSON,
and the one-line error that ends a command with exit code 2."""
from __future__ import annotations

import json
import sys
from enum import Enum

import typer
from rich.console import Console

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def fail(message: str) -> typer.Exit:
    """Print `replylint: error: …` on stderr; raise the returned Exit (code 2)."""
    err.print(f"[bold red]replylint: error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(2)


def emit(data, indent: int | None = None) -> None:
    """Machine output: plain JSON on stdout, never wrapped or styled; `\\u` escapes where stdout
    cannot encode the text (a non-UTF-8 locale)."""
    try:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
    except UnicodeEncodeError:
        sys.stdout.write(json.dumps(data, indent=indent) + "\n")
