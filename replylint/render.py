"""Text output for people: the draft with the offending spans highlighted, findings grouped by
severity with their suggestions and evidence, questions → answers, suggested templates.

Every string from the thread, the packs or the KB goes out through `console.plain`: printable
(control characters made visible) and never read as console markup."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .console import plain, printable
from .model import Finding, Report, Thread

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
HIGHLIGHT = {"error": "white on red", "warning": "black on yellow", "info": "black on cyan"}
ORDER = ("error", "warning", "info")


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{col}"


def highlighted_draft(report: Report, draft: str) -> Text:
    text = plain(draft)  # one character for one: the spans' offsets hold
    for finding in sorted(report.findings, key=lambda f: ORDER.index(f.severity), reverse=True):
        span = finding.span
        if span.source == "draft" and span.end > span.start:
            text.stylize(HIGHLIGHT[finding.severity], span.start, span.end)
    return text


def _finding_lines(f: Finding, draft: str) -> Text:
    where = _position(draft, f.span.start) if f.span.source == "draft" else f.span.source
    out = Text()
    out.append(f"{f.severity:<8}", STYLE[f.severity])
    out.append(printable(f"{f.code} {f.rule}"), "bold")
    out.append(printable(f"  {where}\n"), "dim")
    out.append(printable(f"  {f.message}\n"))
    for rel in f.related:
        out.append(printable(f"  ↳ {rel.source}: «{rel.text}»\n"), "dim")
    if f.suggestion:
        out.append(printable(f"  → {f.suggestion}\n"), "green")
    return out


def render(report: Report, thread: Thread, console: Console) -> None:
    verdict_style = {"block": "bold white on red", "warn": "bold black on yellow", "ok": "bold white on green"}
    title = Text.assemble(
        (f" {report.verdict.upper()} ", verdict_style[report.verdict]),
        printable(f"  {report.thread_id or 'thread'} · {thread.channel}"),
        (f" · mood: {report.mood}" if report.mood else ""),
    )
    console.print(Panel(highlighted_draft(report, thread.draft.text), title=title, title_align="left"))
    for severity in ORDER:
        group = [f for f in report.findings if f.severity == severity]
        if group:
            console.print(Group(*[_finding_lines(f, thread.draft.text) for f in group]))
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
