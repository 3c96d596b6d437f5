"""The default KB (`templates_kb/`): every template loads, and every template, filled for a sample
customer and sent as the draft answering one of its own example questions, passes replylint's
own rules with no error-severity finding (one test per template, so a failure names it)."""
from __future__ import annotations

from pathlib import Path

import pytest

from replylint.kb import default_kb_path, fill, load_kb
from replylint.kb.store import parse_markdown

KB_DIR = default_kb_path()
FILES = sorted(KB_DIR.glob("*.md")) if KB_DIR.is_dir() else []
CUSTOMER = {"name": "Анна Смирнова", "email": "anna@example.ru", "phone": "+79161234567",
            "fields": {"order_id": "4815162342"}}

try:
    from replylint.checker import check
except ImportError:  # pragma: no cover - the checker is another part of the project
    check = None


def test_default_kb_loads_whole():
    assert KB_DIR.is_dir(), f"no default KB at {KB_DIR}"
    templates = load_kb(KB_DIR)
    assert len(templates) >= 80, f"only {len(templates)} templates in {KB_DIR}"
    assert len({t.id for t in templates}) == len(templates)
    for t in templates:
        assert t.title.strip() and t.body.strip(), t.id
        assert t.questions, f"{t.id}: no example questions"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_template_file_loads(path: Path):
    t = parse_markdown(path.read_text(encoding="utf-8"), path)
    assert t.id == path.stem, f"{path.name}: id {t.id!r} differs from the file name"


def _thread(t, question: str, text: str) -> dict:
    channel = t.channels[0] if t.channels else "email"
    return {"id": f"kb-{t.id}", "channel": channel, "customer": CUSTOMER,
            "messages": [{"author": "customer", "text": question}],
            "draft": {"text": text, "template_id": t.id}}


@pytest.mark.skipif(check is None, reason="replylint.checker.check is not importable")
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_template_passes_own_rules(path: Path):
    t = parse_markdown(path.read_text(encoding="utf-8"), path)
    question = t.questions[0] if t.questions else t.title
    filled = fill(t.body, {"customer": CUSTOMER, "agent": {"name": "Екатерина"}, "ticket": {"id": "T-1"}})
    assert not filled.unfilled, f"{t.id}: placeholders with no value for a sample customer: {filled.unfilled}"
    report = check(_thread(t, question, filled.text))
    errors = [f"{f.rule} ({f.code}) at «{f.span.text}»: {f.message}" for f in report.findings if f.severity == "error"]
    assert not errors, f"{t.id} answering «{question}»:\n  " + "\n  ".join(errors)
