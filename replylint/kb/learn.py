"""Learning example phrasings from a help desk's history.

Each history line is JSON: `{"question": "...", "template_id": "..."}` (the agent used that
template) or `{"question": "...", "reply": "agent reply text"}` — then the reply is matched to
the closest template body with rapidfuzz (`token_set_ratio` on normalised text, placeholders
removed); a best match below `min_similarity` is reported as unmatched. The question is added
to that template's `questions` (deduplicated on lower-cased, whitespace-folded text). Bad lines
are reported with their line number; the rest goes on.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterable

from ..inputs import loads
from .fill import PLACEHOLDER
from .store import Template

MIN_SIMILARITY = 70.0


@dataclass
class LearnStats:
    lines: int = 0
    added: int = 0
    duplicates: int = 0
    unmatched: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"lines": self.lines, "added": self.added, "duplicates": self.duplicates,
                "unmatched": self.unmatched, "errors": self.errors}


def _norm(text: str) -> str:
    text = PLACEHOLDER.sub(" ", text)
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е")).strip()


def _key(q: str) -> str:
    return re.sub(r"\s+", " ", q.lower().replace("ё", "е")).strip(" ?!.")


def learn(templates: list[Template], history_lines: Iterable[str], index=None, *,
          min_similarity: float = MIN_SIMILARITY) -> tuple[list[Template], LearnStats]:
    """New templates (copies) with the history's questions added, and what happened.

    `index` is accepted for the caller's convenience and not needed: matching is against the
    template bodies themselves (a reply is an edited body, not a question). Rebuild the index
    from the returned templates to search with the new phrasings."""
    from rapidfuzz import fuzz, process

    out = [t.model_copy(deep=True) for t in templates]
    by_id = {t.id: t for t in out}
    bodies = [_norm(t.body) for t in out]
    keys = {t.id: {_key(q) for q in t.questions} | {_key(t.title)} for t in out}
    stats = LearnStats()
    for n, line in enumerate(history_lines, 1):
        if not line.strip():
            continue
        stats.lines += 1
        try:
            rec = loads(line)
        except json.JSONDecodeError as e:
            stats.errors.append(f"line {n}: invalid JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(rec, dict):
            stats.errors.append(f"line {n}: expected an object with 'question' and 'template_id' or 'reply'")
            continue
        q = rec.get("question")
        if not isinstance(q, str) or not q.strip():
            stats.errors.append(f"line {n}: field 'question': expected non-empty text")
            continue
        target = None
        if rec.get("template_id") is not None:
            tid = str(rec["template_id"])
            target = by_id.get(tid)
            if target is None:
                stats.errors.append(f"line {n}: field 'template_id': no template with id '{tid}'")
                continue
        elif isinstance(rec.get("reply"), str) and rec["reply"].strip():
            reply = _norm(rec["reply"])
            m = process.extractOne(reply, bodies, scorer=fuzz.token_set_ratio)
            if m is not None and m[1] >= min_similarity:
                target = out[m[2]]
            else:
                best = f"{m[1]:.0f}" if m else "0"
                stats.unmatched.append(f"line {n}: reply matches no template body (best similarity {best} < {min_similarity:.0f})")
                continue
        else:
            stats.errors.append(f"line {n}: expected 'template_id' or a non-empty 'reply'")
            continue
        k = _key(q)
        if k in keys[target.id]:
            stats.duplicates += 1
            continue
        keys[target.id].add(k)
        target.questions.append(q.strip())
        stats.added += 1
    return out, stats
