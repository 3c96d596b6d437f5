"""The customer's name, when the thread makes it known: the profile, a signature at the end of a
customer message (`С уважением, Артур Минеев`, a lone `Павел`), or `меня зовут …`, or a first name spelled in the e-mail address.
A person named in the middle of a message (`спасибо курьеру Дмитрию`) is somebody else."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .morph import analyzer

if TYPE_CHECKING:
    from ..analysis import AnalysedThread, Text


def _is_first_name(word: str) -> bool:
    return any("Name" in p.tag and p.score >= 0.1 for p in analyzer().parse(word.lower()))


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


_TRANSLIT = [("shch", "щ"), ("sch", "щ"), ("yo", "ё"), ("yu", "ю"), ("ya", "я"), ("ye", "е"),
             ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("iy", "ий"), ("ia", "ия"),
             ("a", "а"),
             ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"),
             ("j", "й"), ("y", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
             ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"),
             ("c", "к"), ("w", "в"), ("x", "кс"), ("q", "к")]


def _cyrillic(latin: str) -> str:
    out, i = "", 0
    while i < len(latin):
        for lat, cyr in _TRANSLIT:
            if latin.startswith(lat, i):
                out, i = out + cyr, i + len(lat)
                break
        else:
            i += 1
    return out


def _from_email(email: str | None) -> str | None:
    """A first name spelled out in an e-mail's local part (`anna.kudr@…` → Анна); initials and
    surnames are not names to greet by."""
    local = (email or "").split("@")[0].lower()
    for part in re.split(r"[._\-0-9]+", local):
        if len(part) >= 3:
            plain = _cyrillic(part)
            # the soft sign has no Latin letter: Olga → Ольга, Natalya → Наталья
            for name in (plain, re.sub(r"л(?=[^аеёиоуыэюяь]|$)", "ль", plain), plain.replace("ля", "лья")):
                if _is_first_name(name):
                    return name.capitalize()
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
    return _from_email(ctx.thread.customer.email)
