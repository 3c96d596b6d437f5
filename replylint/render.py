"""Text output for people: the draft with the offending spans highlighted, findings grouped by
severity with their suggestions and evidence, questions → answers, suggested templates.

Every string from the thread, the packs or the KB goes out through `console.plain`: printable
(control characters made visible) and never read as console markup."""
from __future__ import annotations

import os

from rich.cells import cell_len
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .console import plain, printable
from .formats import line_col
from .model import Finding, Report, Thread

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
HIGHLIGHT = {"error": "white on red", "warning": "black on yellow", "info": "black on cyan"}
ORDER = ("error", "warning", "info")


def _position(text: str, offset: int) -> str:
    return "{}:{}".format(*line_col(text, offset))


def carets_wanted(console: Console) -> bool:
    """Spans are marked with carets when colour cannot show them: a pipe or a file, NO_COLOR."""
    return console.color_system is None or console.no_color or bool(os.environ.get("NO_COLOR"))


def caret_lines(draft: str, start: int, end: int) -> list[str]:
    """The draft lines a span touches, each with `^` under the span's part of it (ruff's style);
    at least one caret, even for an empty span. Tabs are shown as spaces, so columns hold."""
    shown = printable(draft).replace("\t", " ")
    lines, first = [], shown.rfind("\n", 0, start) + 1
    number = shown.count("\n", 0, start) + 1
    gutter = len(str(shown.count("\n", 0, max(end, start)) + 1))
    while True:
        stop = shown.find("\n", first)
        stop = len(shown) if stop == -1 else stop
        line = shown[first:stop]
        a, b = max(start, first) - first, min(max(end, start + 1), stop) - first
        lines.append(f"{number:>{gutter}} | {line}")
        lines.append(f"{'':>{gutter}} | {' ' * cell_len(line[:a])}{'^' * max(1, cell_len(line[a:b]))}")
        if end <= stop + 1 or stop == len(shown):
            return lines
        first, number = stop + 1, number + 1


def highlighted_draft(report: Report, draft: str) -> Text:
    text = plain(draft)  # one character for one: the spans' offsets hold
    for finding in sorted(report.findings, key=lambda f: ORDER.index(f.severity), reverse=True):
        span = finding.span
        if span.source == "draft" and span.end > span.start:
            text.stylize(HIGHLIGHT[finding.severity], span.start, span.end)
    return text


def _finding_lines(f: Finding, draft: str, carets: bool = False) -> Text:
    where = _position(draft, f.span.start) if f.span.source == "draft" else f.span.source
    out = Text()
    out.append(f"{f.severity:<8}", STYLE[f.severity])
    out.append(printable(f"{f.code} {f.rule}"), "bold")
    out.append(printable(f"  {where}\n"), "dim")
    if carets and f.span.source == "draft":
        out.append("".join(f"  {line}\n" for line in caret_lines(draft, f.span.start, f.span.end)))
    out.append(printable(f"  {f.message}\n"))
    for rel in f.related:
        out.append(printable(f"  ↳ {rel.source}: «{rel.text}»\n"), "dim")
    if f.suggestion:
        out.append(printable(f"  → {f.suggestion}\n"), "green")
    return out


def render(report: Report, thread: Thread, console: Console, *, quiet: bool = False,
           name: str | None = None) -> None:
    """The report for people. `quiet`: the findings only (nothing for a clean draft). `name`
    (a file, when several are checked) heads the report. In a pipe or with NO_COLOR, where the
    highlights cannot show, each draft finding shows its line with carets under the span."""
    carets = carets_wanted(console)
    if quiet:
        for f in report.findings:
            if name:
                console.print(plain(name, "bold"), end=": ")
            console.print(_finding_lines(f, thread.draft.text, carets), end="", soft_wrap=carets)
        return
    verdict_style = {"block": "bold white on red", "warn": "bold black on yellow", "ok": "bold white on green"}
    title = Text.assemble(
        (f" {report.verdict.upper()} ", verdict_style[report.verdict]),
        printable(f"  {report.thread_id or 'thread'} · {thread.channel}"),
        (f" · mood: {report.mood}" if report.mood else ""),
    )
    if name:  # a line of its own: a long path would be cut in the panel's title
        console.print(plain(name, "bold"), soft_wrap=True)
    console.print(Panel(highlighted_draft(report, thread.draft.text), title=title, title_align="left"))
    for severity in ORDER:
        group = [f for f in report.findings if f.severity == severity]
        for f in group:  # soft_wrap in a pipe: a wrapped line would put the carets out of place
            console.print(_finding_lines(f, thread.draft.text, carets), soft_wrap=carets)
    if report.questions:
        table = Table(title="Questions → answers", show_lines=False, expand=True)
        table.add_column("question", ratio=2)
        table.add_column("status", no_wrap=True)
        table.add_column("answered by", ratio=3)
        status_style = {"answered": "green", "deferred": "yellow", "unanswered": "bold red"}
        for q in report.questions:
            table.add_row(plain(q.span.text), Text(q.status, status_style[q.status]),
                          plain(q.answered_by.text) if q.answered_by else "—")
        console.print(table)
    if report.templates:
        table = Table(title="Suggested templates", expand=True)
        table.add_column("score", no_wrap=True)
        table.add_column("id", no_wrap=True)
        table.add_column("title")
        for t in report.templates:
            table.add_row(f"{t.score:.2f}", plain(t.id), plain(t.title))
        console.print(table)
    counts = {s: sum(f.severity == s for f in report.findings) for s in ORDER}
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n) or "no findings"
    console.print(Text(summary, "bold"))
