"""Template suggestions for a whole thread: the `templates` section of `check`'s report.

    from replylint.kb.thread import suggest_for_thread
    for s in suggest_for_thread(ctx, kb=settings.kb, top=3):
        s.as_model()   # replylint.model.TemplateSuggestion (id, title, score, text)
        s.covers       # the open-turn questions (Spans) this template answers

Each question of the open turn (`replylint.nlp.questions`, else the turn's sentences) is searched
on its own, so a turn with two questions gets one template for each; the rest of the list is
filled from a search on the whole turn. Placeholders are filled from the thread (customer name
in the right grammatical case, order and ticket ids); a value the thread does not give is left
as written and listed in `unfilled`. Templates whose `channels` do not include the thread's
channel are not suggested.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fill import fill, values_from_thread

if TYPE_CHECKING:  # pragma: no cover
    from ..analysis import AnalysedThread
    from ..model import Span
    from .index import Hit, KBIndex

# A question's best template also covers the question when its score is within this much of it.
COVER_MARGIN = 0.05
MIN_QUERY_WORDS = 3  # a question with fewer content words is searched with its whole sentence


@dataclass
class SuggestedTemplate:
    id: str
    title: str
    score: float
    text: str  # the body with placeholders filled
    covers: list["Span"] = field(default_factory=list)  # open-turn questions it answers
    unfilled: list[str] = field(default_factory=list)  # placeholder paths with no value
    matched: str = ""  # the template phrasing that matched best

    def as_model(self):
        from ..model import TemplateSuggestion

        return TemplateSuggestion(id=self.id, title=self.title, score=self.score, text=self.text)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "score": self.score, "text": self.text,
                "covers": [c.model_dump() for c in self.covers], "unfilled": list(self.unfilled)}


def _context(ctx_or_thread) -> "AnalysedThread":
    from ..analysis import AnalysedThread
    from ..inputs import to_thread

    if isinstance(ctx_or_thread, AnalysedThread):
        return ctx_or_thread
    return AnalysedThread(to_thread(ctx_or_thread, "thread"))


def _question_spans(ctx: "AnalysedThread") -> list[tuple["Span", str]]:
    """(span, search text) for each question of the open turn."""
    out: list[tuple[Span, str]] = []
    try:
        from ..nlp.questions import questions
    except ImportError:  # pragma: no cover - the question extractor is optional
        questions = None
    if questions is not None:
        for q in ctx.memo(questions):
            span = q.span
            toks = q.tokens
            sent = toks.sent if len(toks) else None
            text = span.text
            words = [t for t in toks if t.is_alpha and not t.is_stop]
            if len(words) < MIN_QUERY_WORDS and sent is not None:
                text = sent.text
            out.append((span, text))
        if out:
            return out
    for t in ctx.open_turn:
        sents = t.sentences()
        asked = [s for s in sents if "?" in s.text] or sents
        for s in asked:
            out.append((t.span_of(s), s.text))
    return out


def suggest_for_thread(ctx_or_thread, kb: "str | Path | KBIndex | None" = None, top: int = 3,
                       min_score: float = 0.0, agent_name: str | None = None) -> list[SuggestedTemplate]:
    """The best KB templates for the open turn of a thread, best first, at most `top`, with
    placeholders filled from the thread. `ctx_or_thread`: an `AnalysedThread`, a `Thread` or a
    Thread document (dict). `kb`: a KB path, an index, or None for `settings.kb` / the default
    KB. Raises `KBError` for a KB that cannot be read."""
    from . import get_index
    from .index import KBIndex

    if top <= 0:
        return []
    ctx = _context(ctx_or_thread)
    if not ctx.open_turn:
        return []
    if isinstance(kb, KBIndex):
        index = kb
    else:
        index = get_index(kb if kb is not None else ctx.settings.kb)
    channel = ctx.thread.channel

    def usable(hit: "Hit") -> bool:
        chans = hit.template.channels
        return (not chans or channel in chans) and hit.score >= min_score

    picked: dict[str, tuple["Hit", list]] = {}
    order: list[str] = []
    for span, text in _question_spans(ctx):
        hits = [h for h in index.search(text, top=max(top, 3)) if usable(h)]
        if not hits:
            continue
        best = hits[0]
        for h in hits:
            if h.score < best.score - COVER_MARGIN:
                break
            if h.id not in picked:
                if h is not best:
                    continue  # a near-tie only covers; it is not picked for this question
                picked[h.id] = (h, [])
                order.append(h.id)
            picked[h.id][1].append(span)
    whole = " ".join(t.text for t in ctx.open_turn)
    for h in index.search(whole, top=top + len(picked)):
        if h.id not in picked and usable(h):
            picked[h.id] = (h, [])
            order.append(h.id)
    # per-question picks first (each answers a question), then by score
    order.sort(key=lambda i: (not picked[i][1], -picked[i][0].score))
    values = values_from_thread(ctx.thread.model_dump(mode="json"), agent_name)
    out = []
    for i in order[:top]:
        h, spans = picked[i]
        filled = fill(h.template.body, values)
        out.append(SuggestedTemplate(h.id, h.template.title or h.id, h.score, filled.text, spans,
                                     filled.unfilled, h.matched))
    return out
