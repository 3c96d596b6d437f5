"""Filling a template body: `{{ path }}` placeholders, grammatical-case filters and defaults.

    {{ customer.first_name }}              -> Анна
    {{ customer.first_name | datv }}       -> Анне          (OpenCorpora case names)
    {{ customer.name | datv }}             -> Анне Смирновой (each part of a full name)
    {{ agent.name | default: "поддержка" }}-> the default when no value is known

Paths: `customer.name`, `customer.first_name`, `agent.name`, `order.id`, `ticket.id`,
`customer.fields.X` (plus `raw.*` left by importers, which never has a value).

A placeholder with no value and no default is *left in the text as written* and listed in
`Filled.unfilled`. That is deliberate: a caller that sends text must see the gap and report
it (the `template` checks flag an unfilled placeholder), instead of a sentence that silently
lost a word, e.g. "Здравствуйте, !".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

CASES = {"nomn", "gent", "datv", "accs", "ablt", "loct", "voct"}
# Friendlier aliases that template writers may use.
CASE_ALIASES = {
    "nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "abl": "ablt",
    "loc": "loct", "prep": "loct", "voc": "voct",
}

PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.S)
_FILTER_ARG = re.compile(r"""^(\w+)\s*(?::\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)))?\s*$""")


@dataclass
class Filled:
    text: str
    unfilled: list[str] = field(default_factory=list)


def _split_filters(expr: str) -> tuple[str, list[tuple[str, str | None]]]:
    # split on | outside quotes
    parts, cur, quote = [], [], None
    for ch in expr:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            cur.append(ch)
        elif ch == "|":
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    path = parts[0].strip()
    filters = []
    for raw in parts[1:]:
        m = _FILTER_ARG.match(raw.strip())
        if not m:
            filters.append((raw.strip(), None))
            continue
        arg = next((g for g in m.groups()[1:] if g is not None), None)
        if arg is not None and (m.group(2) is not None or m.group(3) is not None):
            arg = arg.replace('\\"', '"').replace("\\'", "'")
        filters.append((m.group(1), arg))
    return path, filters


def _flatten(values: Mapping[str, Any], prefix: str = "", out: dict[str, Any] | None = None) -> dict[str, Any]:
    out = {} if out is None else out
    for k, v in values.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            _flatten(v, key + ".", out)
        else:
            out[key] = v
    return out


def normalize_values(values: Mapping[str, Any] | None) -> dict[str, str]:
    """Flat `path -> text` map from nested or dotted values, with derived paths:
    `customer.first_name` from `customer.name`, `order.id` from `customer.fields.order_id`."""
    flat = {k: v for k, v in _flatten(values or {}).items() if v is not None and str(v).strip() != ""}
    flat = {k: str(v) for k, v in flat.items()}
    name = flat.get("customer.name")
    if "customer.first_name" not in flat and name:
        flat["customer.first_name"] = name.split()[0]
    if "order.id" not in flat:
        for k in ("customer.fields.order_id", "customer.fields.order", "customer.fields.order_number"):
            if k in flat:
                flat["order.id"] = flat[k]
                break
    if "ticket.id" not in flat and "thread.id" in flat:
        flat["ticket.id"] = flat["thread.id"]
    return flat


def values_from_thread(thread: Mapping[str, Any], agent_name: str | None = None) -> dict[str, str]:
    """Placeholder values from a Thread document (FORMATS.md) — customer, its fields, ticket id."""
    cust = dict(thread.get("customer") or {})
    vals: dict[str, Any] = {"customer": cust, "ticket": {"id": thread.get("id")}}
    if agent_name:
        vals["agent"] = {"name": agent_name}
    return normalize_values(vals)


# ---------------------------------------------------------------- inflection of names

def _name_gender(parts: list[str]) -> str | None:
    from ..nlp.morph import analyzer

    for tag in ("Name", "Patr", "Surn"):
        for w in parts:
            for p in analyzer().parse(w.lower()):
                if tag in p.tag and p.tag.case == "nomn" and p.tag.number != "plur" and p.tag.gender in ("masc", "femn"):
                    return p.tag.gender
    return None


def _inflect_word(word: str, case: str, gender: str | None) -> str:
    from ..nlp.morph import analyzer, inflect

    if not any(ch.isalpha() for ch in word):
        return word
    if "-" in word:  # Римский-Корсаков, Анна-Мария
        return "-".join(_inflect_word(w, case, gender) for w in word.split("-"))
    best = None
    for p in analyzer().parse(word.lower()):
        t = p.tag
        if not ({"Name", "Surn", "Patr"} & set(str(t).replace(" ", ",").split(","))):
            continue
        if t.case != "nomn" or t.number == "plur":
            continue
        if gender and t.gender not in (gender, "ms-f", None):
            continue
        best = p
        break
    if best is None:
        return inflect(word, case)
    form = best.inflect({case})
    if form is None:
        return word
    out = form.word
    if word.isupper():
        return out.upper()
    if word[:1].isupper():
        out = out[:1].upper() + out[1:]
    return out


def inflect_name(value: str, case: str) -> str:
    """A personal name (one word or 'Имя Отчество Фамилия' in any order) put in `case`."""
    case = CASE_ALIASES.get(case, case)
    if case == "nomn":
        return value
    parts = value.split()
    gender = _name_gender(parts)
    return " ".join(_inflect_word(w, case, gender) for w in parts)


def inflect_phrase(value: str, case: str) -> str:
    from ..nlp.morph import inflect

    case = CASE_ALIASES.get(case, case)
    return " ".join(inflect(w, case) if any(c.isalpha() for c in w) else w for w in value.split())


_NAME_PATHS = re.compile(r"^(customer|agent)\.(name|first_name|last_name|middle_name|patronymic)$")


def fill(body: str, values: Mapping[str, Any] | None = None) -> Filled:
    """Fill `{{ path | filter }}` placeholders of `body` from `values` (nested or dotted keys)."""
    flat = normalize_values(values)
    unfilled: list[str] = []

    def sub(m: re.Match) -> str:
        path, filters = _split_filters(m.group(1))
        value = flat.get(path)
        default = None
        for name, arg in filters:
            if name == "default":
                default = arg if arg is not None else ""
        if value is None:
            if default is None:
                if path not in unfilled:
                    unfilled.append(path)
                return m.group(0)
            return default  # a default is literal text, not inflected
        for name, arg in filters:
            case = CASE_ALIASES.get(name, name)
            if case in CASES:
                value = inflect_name(value, case) if _NAME_PATHS.match(path) else inflect_phrase(value, case)
            elif name == "upper":
                value = value.upper()
            elif name == "lower":
                value = value.lower()
            elif name == "capitalize":
                value = value[:1].upper() + value[1:]
        return value

    text = PLACEHOLDER.sub(sub, body)
    return Filled(text=text, unfilled=unfilled)


def placeholders(body: str) -> list[str]:
    """Paths of all placeholders in `body`, in order of first appearance."""
    seen: list[str] = []
    for m in PLACEHOLDER.finditer(body):
        p = _split_filters(m.group(1))[0]
        if p not in seen:
            seen.append(p)
    return seen
