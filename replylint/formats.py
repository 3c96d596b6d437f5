"""Machine formats beside the Report JSON: GitHub Actions annotations, SARIF 2.1.0 for
code-scanning UIs, and per-rule statistics. Pure functions of the reports: the CLI prints them."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable

from .model import Finding, Report, Thread

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


@dataclass
class Checked:
    """One checked thread: where it came from (`file` is None for stdin or --question/--draft)."""

    where: str
    file: str | None
    thread: Thread
    report: Report


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def region(f: Finding, draft: str) -> dict[str, int] | None:
    """Start and end line/column of a draft finding's span (end column exclusive); None for a
    finding on another text (a message, a customer field)."""
    if f.span.source != "draft":
        return None
    (line, col), (end_line, end_col) = line_col(draft, f.span.start), line_col(draft, f.span.end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


# ---------------------------------------------------------------- GitHub Actions workflow commands

def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github(items: Iterable[Checked]) -> list[str]:
    """`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` per finding (warning →
    `::warning`, info → `::notice`); `file` is the thread file, line/col the span's place in the draft."""
    lines = []
    for item in items:
        for f in item.report.findings:
            props = []
            if item.file:
                props.append(f"file={_gh_property(item.file)}")
            where = region(f, item.thread.draft.text)
            if where:
                props += [f"line={where['startLine']}", f"col={where['startColumn']}",
                          f"endLine={where['endLine']}", f"endColumn={where['endColumn']}"]
            props.append(f"title={_gh_property(f'{f.code} {f.rule}')}")
            message = f.message + (f" → {f.suggestion}" if f.suggestion else "")
            lines.append(f"::{GITHUB_LEVEL[f.severity]} {','.join(props)}::{_gh_data(message)}")
    return lines


# ---------------------------------------------------------------- SARIF 2.1.0

def sarif(items: Iterable[Checked], rules: list[dict[str, Any]], version: str) -> dict[str, Any]:
    """One SARIF run: `tool.driver` lists `rules` (records as `rule_records` gives them), one result
    per finding with ruleId (the code), level, message and the draft region of its span.

    Columns count Unicode code points (`columnKind`), as the Report's offsets do."""
    index = {r["code"]: i for i, r in enumerate(rules)}
    results = []
    for item in items:
        for f in item.report.findings:
            result: dict[str, Any] = {"ruleId": f.code, "level": SARIF_LEVEL[f.severity],
                                      "message": {"text": f.message}}
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            physical: dict[str, Any] = {"artifactLocation": {"uri": item.file or item.where}}
            where = region(f, item.thread.draft.text)
            if where:
                physical["region"] = {**where, "charOffset": f.span.start,
                                      "charLength": f.span.end - f.span.start,
                                      "snippet": {"text": f.span.text}}
            result["locations"] = [{"physicalLocation": physical}]
            props: dict[str, Any] = {"rule": f.rule, "source": f.span.source}
            if item.report.thread_id:
                props["thread_id"] = item.report.thread_id
            if f.suggestion:
                props["suggestion"] = f.suggestion
            result["properties"] = props
            results.append(result)
    driver = {
        "name": "replylint", "version": version,
        "rules": [{"id": r["code"], "name": r["name"], "shortDescription": {"text": r["what"]},
                   "defaultConfiguration": {"level": SARIF_LEVEL[r["severity"]]},
                   "properties": {"family": r["family"]}} for r in rules],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}


# ---------------------------------------------------------------- --statistics

def statistics(reports: Iterable[Report]) -> list[dict[str, Any]]:
    """Findings counted per rule, most frequent first: {"code", "rule", "severity", "count"}."""
    counts: Counter[tuple[str, str, str]] = Counter(
        (f.code, f.rule, f.severity) for r in reports for f in r.findings)
    return [{"code": code, "rule": rule, "severity": severity, "count": n}
            for (code, rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def statistics_lines(stats: list[dict[str, Any]]) -> list[str]:
    """`count  code  rule  (severity)`, aligned, as ruff's `--statistics` prints them."""
    width = max((len(str(s["count"])) for s in stats), default=1)
    return [f"{s['count']:>{width}}  {s['code']:<5} {s['rule']} ({s['severity']})" for s in stats]
