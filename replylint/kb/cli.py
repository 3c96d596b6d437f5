"""Command line for the KB: `replylint kb export|import|learn` and `replylint suggest`.

`kb_app` is a typer app to mount as `kb`; `suggest_command` is a plain function with a
typer-style signature to register as `suggest`. Importing this module loads nothing heavy.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..console import Format, emit, fail, out, plain, printable
from ..inputs import loads
from .store import KBError
from .suggestion import question_of, suggestion

kb_app = typer.Typer(help="Knowledge base of answer templates: export, import, learn.", no_args_is_help=True,
                     add_completion=False)


class Source(str, Enum):
    zammad = "zammad"
    chatwoot = "chatwoot"
    jsonl = "jsonl"


def _write(templates, out: Path) -> str:
    from .store import write_jsonl, write_markdown

    if out.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        write_jsonl(templates, out)
        return f"{len(templates)} templates → {out}"
    write_markdown(templates, out)
    return f"{len(templates)} templates → {out}/ (Markdown)"


def _default_kb() -> Path:
    from . import default_kb_path

    return default_kb_path()


@kb_app.command("export")
def export_command(
    out: Path = typer.Argument(..., help="Output: a .jsonl file, or a directory for Markdown files."),
    kb: Optional[Path] = typer.Option(None, "--kb", help="KB to read (directory or .jsonl). Default: the packaged templates_kb/."),
) -> None:
    """Write the KB as JSON Lines or as a directory of Markdown files."""
    from .store import load_kb

    try:
        msg = _write(load_kb(kb or _default_kb()), out)
    except KBError as e:
        raise fail(str(e))
    except OSError as e:
        raise fail(f"{out}: cannot write: {e.strerror or e}")
    typer.echo(msg, err=True)


@kb_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="File exported from the help desk."),
    out: Path = typer.Option(..., "--out", "-o", help="Output: a .jsonl file, or a directory for Markdown files."),
    source: Source = typer.Option(..., "--from", help="Where FILE comes from."),
) -> None:
    """Import Zammad text modules or Chatwoot canned responses (placeholders translated)."""
    from .importers import IMPORTERS

    try:
        res = IMPORTERS[source.value](file)
        msg = _write(res.templates, out)
    except KBError as e:
        raise fail(str(e))
    except OSError as e:
        raise fail(f"{out}: cannot write: {e.strerror or e}")
    for w in res.warnings:
        typer.echo(printable(f"warning: {w}"), err=True)
    typer.echo(msg, err=True)


@kb_app.command("learn")
def learn_command(
    history: Path = typer.Argument(..., help="JSONL: {question, template_id} or {question, reply} per line."),
    kb: Optional[Path] = typer.Option(None, "--kb", help="KB to extend. Default: the packaged templates_kb/."),
    out: Path = typer.Option(..., "--out", "-o", help="Output: a .jsonl file, or a directory for Markdown files."),
    min_similarity: float = typer.Option(70.0, "--min-similarity", help="Reply-to-body similarity (0-100) needed to match."),
) -> None:
    """Add the history's customer questions to the templates that answered them."""
    from .learn import learn
    from .store import _read_text, load_kb

    try:
        templates = load_kb(kb or _default_kb())
        lines = _read_text(history).splitlines()
        new, stats = learn(templates, lines, None, min_similarity=min_similarity)
        msg = _write(new, out)
    except KBError as e:
        raise fail(str(e))
    except OSError as e:
        raise fail(f"{out}: cannot write: {e.strerror or e}")
    for e in stats.errors:
        typer.echo(printable(f"{history}: {e}"), err=True)
    for u in stats.unmatched:
        typer.echo(printable(f"{history}: {u}"), err=True)
    typer.echo(f"{stats.added} questions added, {stats.duplicates} already known, "
               f"{len(stats.unmatched)} unmatched, {len(stats.errors)} bad lines; {msg}", err=True)


# ---------------------------------------------------------------- suggest

def _print_text(res: dict, question: str) -> None:
    from rich.table import Table

    table = Table(title=plain(f"«{question[:80]}»") if question else None, show_lines=True)
    table.add_column("score", justify="right")
    table.add_column("template")
    table.add_column("text")
    for t in res["templates"]:
        body = t["text"] if len(t["text"]) <= 300 else t["text"][:300] + "…"
        table.add_row(f"{t['score']:.2f}", plain(t["id"], "bold").append(printable(f"\n{t['title']}")),
                      plain(body))
    if not res["templates"]:
        out.print("no template matches", style="yellow")
    else:
        out.print(table)


def suggest_command(
    question: Optional[str] = typer.Argument(None, help="The customer's question."),
    kb: Optional[Path] = typer.Option(None, "--kb", help="KB: a directory of Markdown templates or a .jsonl file. Default: the packaged templates_kb/."),
    input: Optional[Path] = typer.Option(None, "--input", "-i", help='JSONL: {"id","text"} or a whole Thread per line.'),
    top: int = typer.Option(3, "--top", "-n", min=1, help="How many templates to show."),
    min_score: float = typer.Option(0.0, "--min-score", min=0.0, max=1.0, help="Hide templates scoring below this."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text, json or jsonl."),
) -> None:
    """Rank the knowledge base's templates for a customer question."""
    if (question is None) == (input is None):
        raise fail("give either a question or --input FILE.jsonl")
    try:
        from . import get_index

        index = get_index(kb or _default_kb())
    except KBError as e:
        raise fail(str(e))
    except OSError as e:
        raise fail(f"cannot read the KB: {e.strerror or e}")

    if question is not None:
        res = suggestion(index, "", question, {}, top, min_score)
        if format is Format.text:
            _print_text(res, question)
        else:
            emit(res, indent=2 if format is Format.json else None)
        return

    try:
        stream = sys.stdin if str(input) == "-" else input.open(encoding="utf-8")
    except OSError as e:
        raise fail(f"{input}: cannot read: {e.strerror or e}")
    with stream:
        n = 0
        while True:
            try:
                line = stream.readline()
            except UnicodeDecodeError:
                raise fail(f"{input}: not UTF-8 text")
            if not line:
                break
            n += 1
            if not line.strip():
                continue
            try:
                rec = loads(line)
                if not isinstance(rec, dict):
                    raise ValueError("expected a JSON object")
                qid, text, values = question_of(rec)
                res = suggestion(index, qid, text, values, top, min_score)
            except json.JSONDecodeError as e:
                res = {"line": n, "error": f"invalid JSON: {e.msg} at column {e.colno}"}
            except ValueError as e:
                res = {"line": n, "error": str(e)}
            if format is Format.text and "error" not in res:
                typer.echo(printable(f"— {res['id'] or f'line {n}'}"))
                _print_text(res, "")
            else:
                emit(res)
