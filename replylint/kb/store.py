"""Knowledge-base storage: templates as Markdown files with YAML front matter, or JSON Lines.

The format is the contract in FORMATS.md ("Knowledge base"). Every problem with a KB file is a
`KBError` whose message names the file, the line (JSONL) or field, and what was expected.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..files import MiB, read_bytes
from ..inputs import loads

MAX_KB_FILE_BYTES = 256 * MiB  # one KB file (a JSONL of every template, or one Markdown file)


class KBError(ValueError):
    """A knowledge base that cannot be read: the message says where and what was expected."""


class Template(BaseModel):
    """One answer template. Unknown keys in a record are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str
    title: str = ""
    topic: str = ""
    questions: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    body: str

    @field_validator("id")
    @classmethod
    def _id_not_blank(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("must be a non-empty string")
        return v

    @field_validator("questions", "tags", "channels", mode="before")
    @classmethod
    def _listify(cls, v):
        if v is None:
            return []
        if isinstance(v, str):
            return [v]
        return v

    @field_validator("title", "topic", mode="before")
    @classmethod
    def _none_to_empty(cls, v):
        return "" if v is None else v

    @field_validator("id", "title", "topic", mode="before")
    @classmethod
    def _scalar_to_str(cls, v):
        # YAML turns `id: 42` into an int; an id is text.
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return str(v)
        return v

    def record(self) -> dict:
        """The JSONL record of this template (FORMATS.md key order)."""
        return {
            "id": self.id, "title": self.title, "topic": self.topic,
            "questions": list(self.questions), "tags": list(self.tags),
            "channels": list(self.channels), "body": self.body,
        }


def _explain(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"]) or "record"
        msg = e["msg"]
        if e["type"] == "missing":
            msg = "required field is missing"
        parts.append(f"field '{loc}': {msg}")
    return "; ".join(parts)


def _make(data, where: str) -> Template:
    if not isinstance(data, dict):
        raise KBError(f"{where}: expected a JSON/YAML object with 'id' and 'body', got {type(data).__name__}")
    try:
        return Template.model_validate(data)
    except ValidationError as e:
        raise KBError(f"{where}: {_explain(e)}") from None


def _read_text(path: Path) -> str:
    try:
        return read_bytes(path, MAX_KB_FILE_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise KBError(f"{path}: not UTF-8 text (bad byte at offset {e.start}); save the file as UTF-8") from None
    except OSError as e:
        raise KBError(f"{path}: cannot read: {e.strerror or e}") from None


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?(.*)\Z", re.S | re.M)


def parse_markdown(text: str, path: str | Path = "<markdown>") -> Template:
    """One template from a Markdown document with YAML front matter."""
    m = _FRONT.match(text)
    if not m:
        raise KBError(f"{path}: line 1: expected YAML front matter between '---' lines at the top of the file")
    head, body = m.group(1), m.group(2)
    try:
        meta = yaml.safe_load(head) if head.strip() else {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise KBError(f"{path}: {line}bad YAML front matter: {problem}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise KBError(f"{path}: line 2: front matter must be a YAML mapping (key: value), got {type(meta).__name__}")
    data = dict(meta)
    if "body" not in data or data.get("body") in (None, ""):
        data["body"] = body.strip("\n")
    if not str(data.get("body", "")).strip():
        raise KBError(f"{path}: field 'body': the template text after the front matter is empty")
    return _make(data, str(path))


def _load_jsonl(path: Path) -> list[Template]:
    out = []
    for n, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = loads(line)
        except json.JSONDecodeError as e:
            raise KBError(f"{path}: line {n}: invalid JSON ({e.msg} at column {e.colno}); expected one template object per line") from None
        t = _make(data, f"{path}: line {n}")
        if not t.body.strip():
            raise KBError(f"{path}: line {n}: field 'body': expected non-empty template text")
        out.append((n, t))
    _check_unique([(f"{path}: line {n}", t) for n, t in out])
    return [t for _, t in out]


def _load_dir(path: Path) -> list[Template]:
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".md", ".markdown") and p.is_file())
    items = [(str(f), parse_markdown(_read_text(f), f)) for f in files]
    _check_unique(items)
    return [t for _, t in items]


def _check_unique(items: list[tuple[str, Template]]) -> None:
    seen: dict[str, str] = {}
    for where, t in items:
        if t.id in seen:
            raise KBError(f"{where}: field 'id': duplicate id '{t.id}' (first defined at {seen[t.id]}); ids must be unique")
        seen[t.id] = where


def load_kb(path: str | Path) -> list[Template]:
    """Templates from a directory of Markdown files, a single Markdown file, or a `.jsonl` file."""
    p = Path(path)
    if not p.exists():
        raise KBError(f"{p}: no such file or directory; expected a KB directory of .md files or a .jsonl file")
    if p.is_dir():
        return _load_dir(p)
    if not p.is_file():
        raise KBError(f"{p}: not a regular file (a device, pipe or socket); expected a KB directory of .md files or a .jsonl file")
    if p.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        return _load_jsonl(p)
    if p.suffix.lower() in (".md", ".markdown"):
        return [parse_markdown(_read_text(p), p)]
    raise KBError(f"{p}: unknown KB format; expected a directory of .md files or a .jsonl file")


def kb_files(path: str | Path) -> list[Path]:
    """The files whose content makes up the KB at `path` (for content hashing)."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.suffix.lower() in (".md", ".markdown") and f.is_file())
    return [p]


def write_jsonl(templates: Iterable[Template], path: str | Path) -> Path:
    p = Path(path)
    if p.parent and not p.parent.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8") as f:
        for t in templates:
            f.write(json.dumps(t.record(), ensure_ascii=False) + "\n")
    return p


_SAFE_NAME = re.compile(r"[^\w.-]+", re.U)


def to_markdown(t: Template) -> str:
    meta = t.record()
    body = meta.pop("body")
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{head}---\n{body.rstrip()}\n"


def write_markdown(templates: Iterable[Template], directory: str | Path) -> list[Path]:
    """One `<id>.md` per template in `directory` (created if needed)."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    written = []
    used: set[str] = set()
    for t in templates:
        name = _SAFE_NAME.sub("_", t.id).strip("._") or "template"
        base, k = name, 2
        while name.lower() in used:
            name = f"{base}-{k}"
            k += 1
        used.add(name.lower())
        f = d / f"{name}.md"
        f.write_text(to_markdown(t), encoding="utf-8")
        written.append(f)
    return written
