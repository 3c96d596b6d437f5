"""Import canned replies from help desks into replylint templates.

- Zammad text modules: CSV with columns `name, keywords, content` (content is HTML);
  placeholders `#{ticket.customer.firstname}`, `#{ticket.number}`, `#{user.firstname}` (the agent)…
- Chatwoot canned responses: CSV or JSON with `short_code, content`;
  placeholders `{{contact.first_name}}`, `{{contact.name}}`, `{{agent.name}}`, `{{conversation.id}}`…

Known placeholders become ours (`{{ customer.first_name }}` …). An unknown one is kept as
`{{ raw.<its name> }}` — it never fills, so the gap stays visible — and is listed in
`ImportResult.warnings`.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..inputs import loads
from .store import KBError, Template, _make, _read_text

ZAMMAD_MAP = {
    "ticket.customer.firstname": "customer.first_name",
    "ticket.customer.fullname": "customer.name",
    "ticket.customer.name": "customer.name",
    "customer.firstname": "customer.first_name",
    "customer.fullname": "customer.name",
    "ticket.number": "ticket.id",
    "ticket.id": "ticket.id",
    "user.firstname": "agent.name",
    "user.fullname": "agent.name",
    "ticket.owner.firstname": "agent.name",
    "ticket.owner.fullname": "agent.name",
    "ticket.order_id": "order.id",
    "ticket.order_number": "order.id",
}

CHATWOOT_MAP = {
    "contact.first_name": "customer.first_name",
    "contact.name": "customer.name",
    "contact.full_name": "customer.name",
    "agent.name": "agent.name",
    "agent.first_name": "agent.name",
    "conversation.id": "ticket.id",
    "conversation.display_id": "ticket.id",
    "contact.custom_attribute.order_id": "order.id",
    "contact.custom_attributes.order_id": "order.id",
    "conversation.custom_attribute.order_id": "order.id",
}

_ZAMMAD_PH = re.compile(r"#\{\s*([^{}]+?)\s*\}")
_CHATWOOT_PH = re.compile(r"\{\{\s*([^{}|]+?)\s*\}\}")


@dataclass
class ImportResult:
    templates: list[Template]
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ HTML → text

class _TextOf(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK and tag not in ("br", "li"):
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def strip_html(text: str) -> str:
    """Plain text of an HTML fragment: block tags become line breaks, entities are decoded."""
    if "<" not in text and "&" not in text:
        return text.strip()
    p = _TextOf()
    p.feed(text)
    p.close()
    s = html.unescape("".join(p.out)).replace("\xa0", " ")
    s = re.sub(r"[ \t]+\n", "\n", s)
    s = re.sub(r"\n[ \t]+", "\n", s)
    s = re.sub(r"[ \t]{2,}", " ", s)
    s = re.sub(r"\n{3,}", "\n\n", s)
    return s.strip()


# ------------------------------------------------------------------ helpers

_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
                      "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya"]))


def slugify(text: str) -> str:
    s = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "template"


def _unique_id(base: str, used: set[str]) -> str:
    tid, k = base, 2
    while tid in used:
        tid = f"{base}-{k}"
        k += 1
    used.add(tid)
    return tid


def _translate(text: str, pattern: re.Pattern, mapping: dict[str, str], where: str, warnings: list[str]) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1).strip()
        ours = mapping.get(name) or mapping.get(name.lower())
        if ours is None:
            warnings.append(f"{where}: unknown placeholder '{m.group(0)}' kept as '{{{{ raw.{name} }}}}'")
            return f"{{{{ raw.{name} }}}}"
        return f"{{{{ {ours} }}}}"

    return pattern.sub(sub, text)


def _read_csv(path: Path) -> list[tuple[int, dict]]:
    text = _read_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        raise KBError(f"{path}: line 1: expected a CSV header row")
    reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames]
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, {k: (v or "") for k, v in row.items() if k is not None}))
    except csv.Error as e:
        raise KBError(f"{path}: line {reader.line_num}: bad CSV: {e}") from None
    return rows


def _require(path: Path, rows: list[tuple[int, dict]], cols: tuple[str, ...]) -> None:
    if rows:
        missing = [c for c in cols if c not in rows[0][1]]
        if missing:
            raise KBError(f"{path}: line 1: expected CSV columns {', '.join(cols)}; missing {', '.join(missing)}")


# ------------------------------------------------------------------ Zammad

def import_zammad(path: str | Path) -> ImportResult:
    """Zammad text modules exported as CSV (`name, keywords, content`)."""
    p = Path(path)
    rows = _read_csv(p)
    _require(p, rows, ("name", "content"))
    warnings: list[str] = []
    used: set[str] = set()
    out = []
    for line, row in rows:
        name = row.get("name", "").strip()
        content = row.get("content", "")
        if not name and not content.strip():
            continue
        where = f"{p}: line {line}"
        if not content.strip():
            warnings.append(f"{where}: text module '{name}' has empty content, skipped")
            continue
        body = _translate(strip_html(content), _ZAMMAD_PH, ZAMMAD_MAP, where, warnings)
        keywords = [k.strip() for k in re.split(r"[,;]", row.get("keywords", "")) if k.strip()]
        tid = _unique_id(slugify(name or body[:40]), used)
        out.append(_make({"id": tid, "title": name or tid, "tags": keywords, "body": body}, where))
    return ImportResult(out, warnings)


# ------------------------------------------------------------------ Chatwoot

def _chatwoot_records(p: Path) -> list[tuple[str, dict]]:
    if p.suffix.lower() in (".json", ".jsonl"):
        text = _read_text(p)
        try:
            if p.suffix.lower() == ".jsonl":
                recs = [(f"{p}: line {n}", loads(l)) for n, l in enumerate(text.splitlines(), 1) if l.strip()]
            else:
                data = loads(text)
                if isinstance(data, dict):
                    data = data.get("payload") or data.get("canned_responses") or data.get("data") or [data]
                if not isinstance(data, list):
                    raise KBError(f"{p}: expected a JSON list of canned responses")
                recs = [(f"{p}: [{i}]", r) for i, r in enumerate(data)]
        except json.JSONDecodeError as e:
            raise KBError(f"{p}: line {e.lineno}: invalid JSON ({e.msg}); expected a list of {{short_code, content}}") from None
        for where, r in recs:
            if not isinstance(r, dict):
                raise KBError(f"{where}: expected an object with short_code and content")
        return recs
    rows = _read_csv(p)
    _require(p, rows, ("short_code", "content"))
    return [(f"{p}: line {line}", row) for line, row in rows]


def import_chatwoot(path: str | Path) -> ImportResult:
    """Chatwoot canned responses (CSV or JSON, `short_code, content`)."""
    p = Path(path)
    warnings: list[str] = []
    used: set[str] = set()
    out = []
    for where, rec in _chatwoot_records(p):
        code = str(rec.get("short_code") or "").strip()
        content = str(rec.get("content") or "")
        if not content.strip():
            warnings.append(f"{where}: canned response '{code}' has empty content, skipped")
            continue
        if not code:
            raise KBError(f"{where}: field 'short_code': expected a non-empty short code")
        body = _translate(content.strip(), _CHATWOOT_PH, CHATWOOT_MAP, where, warnings)
        tid = _unique_id(slugify(code) if not re.fullmatch(r"[\w.-]+", code, re.A) else code, used)
        out.append(_make({"id": tid, "title": code, "body": body}, where))
    return ImportResult(out, warnings)


def import_jsonl(path: str | Path) -> ImportResult:
    from .store import load_kb

    return ImportResult(load_kb(path), [])


IMPORTERS = {"zammad": import_zammad, "chatwoot": import_chatwoot, "jsonl": import_jsonl}
