"""The customer's name, when the thread makes it known: the profile, a signature at the end of a
customer message (`С уважением, Артур Минеев`, a lone `Павел`), or `меня зовут …`.
A person named in the middle of a message (`спасибо курьеру Дмитрию`) is somebody else."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .morph import analyzer

if TYPE_CHECKING:
    from ..analysis import AnalysedThread, Text


def _is_first_name(word: str) -> bool:
    return any("Name" in p.tag and p.score >= 0.1 for p in analyzer().parse(word))


def _signature(text: "Text") -> str | None:
    lines = [l.strip() for l in text.text.strip().splitlines() if l.strip()]
    if len(lines) < 2:
        return None
    last = lines[-1].removeprefix("С уважением,").strip().strip(".,!")
    words = last.split()
    if 1 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words):
        if any(_is_first_name(w) for w in words):
            return last
    return None


def _introduced(text: "Text") -> str | None:
    doc = text.doc
    for t in doc:
        if t.lemma_ == "звать" and t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN":
            return doc[t.i + 1].text
    return None


def customer_name(ctx: "AnalysedThread") -> str | None:
    """The customer's name as known from the thread (use as `ctx.memo(customer_name)`)."""
    profile = (ctx.thread.customer.name or "").strip()
    if profile:
        return profile
    for text in reversed(ctx.customer_texts):
        found = _signature(text) or _introduced(text)
        if found:
            return found
    return None
