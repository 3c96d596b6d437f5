"""The command line: a thin front end over `replylint.check()` and friends.

Exit codes: 0 — ok or warnings only; 1 — blocked (an error finding; `--fail-on warning` tightens);
2 — bad input or usage (one line on stderr, never a traceback).
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional, get_args

import typer

from .config import ConfigError, Settings, load_settings
from .console import CheckFormat, Format, emit, err, fail, out, plain, printable
from .engine import PackError
from .files import read_bytes
from .inputs import MAX_THREAD_BYTES, InputError, read_thread
from .kb.store import KBError
from .model import Channel

app = typer.Typer(
    help="replylint — checks a support agent's draft reply against the customer's thread.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List the rules, or explain one.", invoke_without_command=True)
app.add_typer(rules_app, name="rules")

def _version(value: bool) -> None:
    if value:
        out.print(f"replylint {_version_string()}")
        raise typer.Exit()


@app.callback()
def main(_version_: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                        help="Print the version and exit.")) -> None:
    """replylint — checks a support agent's draft reply against the customer's thread."""


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


def _settings(config: Optional[Path], **overrides) -> Settings:
    try:
        base = load_settings(config) if config else load_settings()
        return base.with_overrides(**overrides)
    except ConfigError as e:
        raise fail(str(e)) from None


def _exit_code(reports, fail_on: FailOn) -> int:
    blocking = {"error"} | ({"warning"} if fail_on is FailOn.warning else set())
    return 1 if any(f.severity in blocking for r in reports for f in r.findings) else 0


ConfigOpt = typer.Option(None, "--config", help="Settings file (replylint.toml or pyproject.toml); found from the working directory upwards by default.", exists=True, dir_okay=False)
SelectOpt = typer.Option(None, "--select", help="Only these rules: names, codes, code prefixes or families (repeatable).")
IgnoreOpt = typer.Option(None, "--ignore", help="Skip these rules (repeatable).")


ChannelName = Enum("ChannelName", {c: c for c in get_args(Channel)}, type=str)


def _version_string() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("replylint")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree, not installed
        return "0+unknown"


def _sources(args: list[str]) -> tuple[list[str], bool]:
    """Thread files in order, a directory standing for its `*.json` files, sorted; and whether
    the files must be named in the output (several, or found in a directory)."""
    files, named = [], len(args) > 1
    for arg in args:
        path = Path(arg)
        if arg != "-" and path.is_dir():
            found = sorted(str(p) for p in path.glob("*.json") if not p.is_dir())
            if not found:
                raise fail(f"{arg}: a directory with no *.json file")
            files += found
            named = True
        else:
            files.append(arg)
    return files, named


def _read(arg: str) -> tuple[bytes, str]:
    if arg == "-":
        raw = sys.stdin.buffer.read(MAX_THREAD_BYTES + 1)
        if len(raw) > MAX_THREAD_BYTES:
            raise InputError(f"stdin: over {MAX_THREAD_BYTES:,} bytes, the limit for a thread")
        return raw, "stdin"
    try:
        return read_bytes(arg, MAX_THREAD_BYTES), arg
    except OSError as e:
        raise InputError(f"{arg}: {e.strerror or e}") from None


@app.command()
def check(
    thread_files: Optional[list[str]] = typer.Argument(None, metavar="[THREAD.json | DIR | -]...", help="Thread JSON files, directories (their *.json files, sorted), or - for stdin."),
    question: Optional[str] = typer.Option(None, "--question", "-q", help="The customer's message (with --draft, instead of a thread file)."),
    draft: Optional[str] = typer.Option(None, "--draft", "-d", help="The draft reply to check (with --question)."),
    channel: Optional[ChannelName] = typer.Option(None, "--channel", help="The channel of a --question/--draft thread (default email)."),
    input_file: Optional[Path] = typer.Option(None, "--input", "-i", help="Batch: a JSONL file with one thread per line; writes one report per line.", dir_okay=False),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "--output-format", "-f", help="text for people; json/jsonl for machines (FORMATS.md Report); github (Actions annotations) or sarif (2.1.0) for CI."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Exit 1 on findings of this severity or worse."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when findings block (bad input is still 2)."),
    statistics: bool = typer.Option(False, "--statistics", help="Print how many findings each rule has, instead of the findings."),
    quiet: bool = typer.Option(False, "--quiet", help="Text: print the findings only (nothing for a clean draft)."),
    select: Optional[list[str]] = SelectOpt,
    ignore: Optional[list[str]] = IgnoreOpt,
    voice: Optional[str] = typer.Option(None, "--voice", help="Brand voice: Вы, вы or ты."),
    sla_hours: Optional[float] = typer.Option(None, "--sla-hours", help="Hours after which a reply needs an apology for the wait (default 2)."),
    kb: Optional[str] = typer.Option(None, "--kb", help="Knowledge base for template suggestions (Markdown folder or JSONL)."),
    templates: Optional[int] = typer.Option(None, "--templates", help="How many template suggestions to include (0 = none; default 3)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Check a draft reply. Exit 0 = ok or warnings, 1 = blocked, 2 = bad input."""
    from .checker import check as run_check
    from .formats import Checked

    settings = _settings(config, select=select or None, ignore=ignore or None, voice=voice,
                         sla_hours=sla_hours, kb=kb, templates=templates)
    if statistics and fmt in (CheckFormat.github, CheckFormat.sarif):
        raise fail(f"--statistics prints text, json or jsonl, not {fmt.value}")
    if channel is not None and (question is None or draft is None):
        raise fail("--channel goes with --question and --draft (a thread file gives its own channel)")
    if input_file is not None:
        if statistics or fmt in (CheckFormat.github, CheckFormat.sarif):
            raise fail("--input writes JSON Lines reports; --statistics, github and sarif are for thread files")
        raise typer.Exit(_batch(input_file, settings, fail_on, exit_zero))
    if question is not None or draft is not None:
        if question is None or draft is None or thread_files:
            raise fail("--question and --draft go together, instead of a thread file")
        pair = {"question": question, "draft": draft} | ({"channel": channel.value} if channel else {})
        sources, many = [None], False
    elif not thread_files:
        raise fail("give a thread file, - for stdin, --question with --draft, or --input FILE.jsonl")
    else:
        sources, many = _sources(thread_files)
    items, bad = [], 0
    for src in sources:
        try:
            if src is None:
                raw, where = json.dumps(pair), "--question/--draft"
            else:
                raw, where = _read(src)
            thread = read_thread(raw, where, **settings.limits())
            report = run_check(thread, settings, where=where)
        except (InputError, PackError, KBError, ConfigError) as e:
            if not many:
                raise fail(str(e)) from None
            bad += 1
            fail(str(e))  # said on stderr; the other files go on
            if fmt in (CheckFormat.json, CheckFormat.jsonl) and not statistics:
                items.append({"file": src, "error": str(e)})
            continue
        items.append(Checked(where, src if src not in (None, "-") else None, thread, report))
    _print_reports(items, fmt, statistics=statistics, quiet=quiet, many=many, settings=settings)
    checked = [i for i in items if isinstance(i, Checked)]
    code = 2 if bad else 0 if exit_zero else _exit_code([i.report for i in checked], fail_on)
    raise typer.Exit(code)


def _print_reports(items, fmt: CheckFormat, *, statistics: bool, quiet: bool, many: bool,
                   settings: Settings) -> None:
    """What `check` prints for its checked threads (items) and, in JSON, bad files' error objects."""
    from . import formats
    from .formats import Checked

    checked = [i for i in items if isinstance(i, Checked)]
    if statistics:
        stats = formats.statistics(i.report for i in checked)
        if fmt is CheckFormat.json:
            emit(stats, indent=2)
        elif fmt is CheckFormat.jsonl:
            for s in stats:
                emit(s)
        else:
            for line in formats.statistics_lines(stats):
                out.print(plain(line), soft_wrap=True)
        return
    if fmt is CheckFormat.text:
        from .render import render

        for item in checked:
            render(item.report, item.thread, out, quiet=quiet, name=item.where if many else None)
    elif fmt is CheckFormat.github:
        for line in formats.github(checked):
            sys.stdout.write(line + "\n")
    elif fmt is CheckFormat.sarif:
        from .checker import rule_records

        rules = [r for r in rule_records(settings) if r["enabled"]]
        emit(formats.sarif(checked, rules, _version_string()), indent=2)
    else:
        docs = [i if not isinstance(i, Checked) else
                i.report.model_dump(mode="json") | ({"file": i.file or i.where} if many else {})
                for i in items]
        if fmt is CheckFormat.jsonl:
            for doc in docs:
                emit(doc)
        else:
            emit(docs if many else docs[0], indent=2)


def _batch(path: Path, settings: Settings, fail_on: FailOn, exit_zero: bool = False) -> int:
    """One report per input line, in order, each with its `line` (a blank line is skipped, so
    alignment is never guessed); a bad line yields {"line": N, "error": …}."""
    from rich.progress import Progress

    from .checker import check as run_check
    from .checker import selected_rules

    if not path.is_file():
        raise fail(f"{path}: no such file")
    try:  # what every line needs is checked once, before the first: packs, settings, the KB
        selected_rules(settings)
        if settings.templates:
            from .kb import get_index

            get_index(settings.kb)
    except (PackError, KBError, ConfigError) as e:
        raise fail(str(e)) from None
    lines = path.read_bytes().splitlines()
    reports, bad = [], 0
    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("checking", total=len(lines))
        for n, raw in enumerate(lines, 1):
            progress.advance(task)
            if not raw.strip():
                continue
            where = f"{path}:{n}"
            try:
                report = run_check(read_thread(raw, where, **settings.limits()), settings, where=where)
            except (InputError, PackError, KBError, ConfigError) as e:
                error = str(e)
            except Exception as e:  # a bug must not cost the lines after it
                error = f"{where}: internal error, please report it: {type(e).__name__}: {e}"
            else:
                reports.append(report)
                emit(report.model_dump(mode="json") | {"line": n})
                continue
            bad += 1
            emit({"line": n, "error": error})
    if bad:
        err.print(f"replylint: {bad} of {len(lines)} lines could not be checked (see their error objects)")
    return 2 if bad else 0 if exit_zero else _exit_code(reports, fail_on)


@rules_app.callback()
def rules_list(ctx: typer.Context, config: Optional[Path] = ConfigOpt,
               fmt: Format = typer.Option(Format.text, "--format", "-f")) -> None:
    """List every rule: code, name, severity, family and what it flags."""
    if ctx.invoked_subcommand:
        return
    from rich.table import Table

    from .checker import check_settings, rule_records
    from .engine import load_rules

    settings = _settings(config)
    try:
        rules = load_rules(tuple(settings.rule_paths))  # all of them, the unselected marked (off)
        check_settings(settings, rules)
        if fmt is Format.json:  # one document; JSON Lines only when asked for
            emit(rule_records(settings), indent=2)
            return
        if fmt is Format.jsonl:
            for record in rule_records(settings):
                emit(record)
            return
    except (PackError, ConfigError) as e:
        raise fail(str(e)) from None
    table = Table(expand=True)
    for col in ("code", "name", "severity", "family", "what it flags"):
        table.add_column(col, no_wrap=col != "what it flags", ratio=3 if col == "what it flags" else None)
    for r in rules:
        on = settings.selects(r.name, r.code, r.family)
        table.add_row(r.code, plain(r.name) if on else plain(f"{r.name} (off)", "dim"), r.severity_default,
                      r.family, plain(r.spec.docs.what))
    out.print(table)


@rules_app.command("explain")
def rules_explain(name: str = typer.Argument(..., help="A rule name or code.")) -> None:
    """Print a rule's docs (what / why / instead) and its examples."""
    from rich.markdown import Markdown

    from .checker import did_you_mean
    from .engine import load_rules

    try:
        rules = load_rules()
    except PackError as e:
        raise fail(str(e)) from None
    rule = next((r for r in rules if name in (r.name, r.code)), None)
    if rule is None:
        raise fail(f"no rule named {name!r}{did_you_mean(name, [r.name for r in rules])} "
                   "(`replylint rules` lists them)")
    spec = rule.spec
    lines = [f"# {spec.code} {spec.name} ({spec.severity}, {rule.family})", "",
             "## What it flags", spec.docs.what, "", "## Why", spec.docs.why, "",
             "## Instead", spec.docs.instead, ""]
    for kind, examples in (("Flagged", spec.examples.flagged), ("Clean", spec.examples.clean)):
        lines.append(f"## {kind} examples")
        for ex in examples:
            asked = ex.question or next((m.get("text") for m in (ex.thread or {}).get("messages", []) if m.get("author") == "customer"), "")
            lines.append(f"- Клиент: «{asked.strip()}»  \n  Черновик: «{ex.draft.strip()}»")
        lines.append("")
    out.print(Markdown(printable("\n".join(lines))))


@app.command("eval")
def eval_cases(
    cases: Path = typer.Argument(..., help="Labelled cases, JSONL (FORMATS.md, Labelled case).", exists=True, dir_okay=False),
    show_errors: bool = typer.Option(False, "--show-errors", help="List every miss and false alarm with its case id."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text; json: one document (figures, mistakes, skipped lines); jsonl: one line per rule."),
    select: Optional[list[str]] = SelectOpt,
    ignore: Optional[list[str]] = IgnoreOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Measure the rules on labelled threads: precision, recall, F1 per rule and false alarms."""
    from rich.progress import Progress
    from rich.table import Table

    from .evaluate import evaluate, rule_rows, summary, table

    settings = _settings(config, select=select or None, ignore=ignore or None)
    try:
        with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
            task = progress.add_task("evaluating", total=None)
            ev = evaluate(cases, settings,
                          progress=lambda n, total: progress.update(task, completed=n, total=total))
    except (PackError, ConfigError, InputError, KBError) as e:
        raise fail(str(e)) from None
    for line in ev.errors:
        err.print(plain(f"replylint: skipped {line}"), soft_wrap=True)
    if not ev.results:
        raise fail(f"{cases}: no valid case to measure ({len(ev.errors)} lines skipped)")
    if fmt is Format.json:
        emit(summary(ev, str(cases)), indent=2)
        return
    if fmt is Format.jsonl:
        for row in rule_rows(ev):
            emit(row)
        return
    t = Table(title=plain(f"{cases.name}: {len(ev.results)} cases, {len(ev.clean)} clean"))
    for col in ("rule", "precision", "recall", "F1", "TP", "FP", "FN"):
        t.add_column(col, justify="left" if col == "rule" else "right")
    for rule, tp, fp, fn, p, r, f1 in table(ev):
        t.add_row(rule, f"{p:.2f}", f"{r:.2f}", f"{f1:.2f}", str(tp), str(fp), str(fn))
    out.print(t)
    fa = ev.false_alarm_rate
    out.print(f"false alarms on clean cases: {fa:.1%} ({sum(bool(r.fired) for r in ev.clean)} of {len(ev.clean)})")
    if show_errors:
        out.file.flush()
        for case, kind, rule in ev.mistakes():  # tab-separated, for grep and spreadsheets
            sys.stdout.write(printable(f"{case}\t{kind}\t{rule}") + "\n")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; the default serves this machine only."),
    port: int = typer.Option(8765, "--port", min=1, max=65535),
    token: Optional[str] = typer.Option(None, "--token", envvar="REPLYLINT_TOKEN", show_envvar=True,
                                        help="Every /v1/ call must send Authorization: Bearer TOKEN."),
    workers: int = typer.Option(0, "--workers", min=0, help="Warm worker processes (0 = one per CPU)."),
    timeout: float = typer.Option(5.0, "--timeout", min=0.1, help="Seconds a call may take before it gets 504 and its worker is replaced."),
    cors_origin: Optional[list[str]] = typer.Option(None, "--cors-origin", help="An origin allowed to call from a browser page (repeatable); none by default."),
    kb: Optional[str] = typer.Option(None, "--kb", help="Knowledge base for template suggestions."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Serve the checker over HTTP: POST /v1/check, /v1/suggest, GET /v1/rules, a web page at /."""
    import logging
    import os

    try:
        import uvicorn

        from .serve import create_app
    except ImportError as e:
        raise fail(f"replylint serve needs the service extra: pip install 'replylint[serve]' ({e.name} is missing)") from None
    from .checker import check_settings
    from .engine import load_rules

    settings = _settings(config, kb=kb)
    try:  # a typo in the settings is said now, not by every worker
        check_settings(settings, load_rules(tuple(settings.rule_paths)))
    except (PackError, ConfigError) as e:
        raise fail(str(e)) from None
    if host not in LOOPBACK and not token:
        err.print(f"replylint: warning: serving {host} without a token: anyone who reaches it can call it")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app_ = create_app(settings, workers=workers or os.cpu_count() or 1, token=token,
                      origins=cors_origin or [], timeout=timeout,
                      hosts=["127.0.0.1", "localhost", "::1", "[::1]"] if host in LOOPBACK else None)
    err.print(f"replylint: warming up, then serving http://{host}:{port}/ (API docs at /docs)")
    uvicorn.run(app_, host=host, port=port, log_level="warning", access_log=False)


def _mount_kb() -> None:
    try:
        from .kb.cli import kb_app, suggest_command
    except ImportError:  # pragma: no cover - the KB package ships with replylint
        return
    app.add_typer(kb_app, name="kb", help="Knowledge base: export, import, learn from history.")
    app.command("suggest")(suggest_command)


_mount_kb()

if __name__ == "__main__":  # pragma: no cover
    app()
