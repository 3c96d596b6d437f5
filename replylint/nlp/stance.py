"""What each sentence of the thread does, by meaning: one encoder batch per thread, every head.

`stance(ctx)` (read through `ctx.memo(stance)`) encodes every sentence of the draft and the
messages once, in one batch; a head of `nlp/heads.py` scores them all the first time a rule asks
for it, so a head no selected rule reads costs nothing. A sentence that
joins two acts («Пришлите ссылку — проверим и поможем», «Такой функции нет, но …») is also
read clause by clause, and its score for a head is the highest of the whole and its clauses. Rules
ask `ctx.memo(stance).p(text, sentence, "rude")`; none of them encodes anything itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Span as TokenSpan

from . import encoder, heads
from .layout import body

if TYPE_CHECKING:
    from ..analysis import AnalysedThread, Text

_SPACE = re.compile(r"\s+")
# Where a sentence joins two clauses: a spaced dash, a semicolon, a colon before a space, a comma
# before a coordinating conjunction, or an end mark or a smiley's bracket inside a run-on
# sentence («…поездкой) А как …», «…деньги. а как …»).
_JOIN = re.compile(r"\s[—–-]\s|;\s|:\s|,\s(?=(?:и|а|но|однако|зато|поэтому|так что)\s)"
                   r"|(?<=[.!?)])\s+(?=\w)")


@dataclass
class Stance:
    index: dict[tuple[str, int], list[int]]  # (text source, sentence start) -> rows: whole, clauses
    texts: list[str]  # what each row's head reads
    vectors: np.ndarray
    probs: dict[str, np.ndarray] = field(default_factory=dict)  # head -> one probability per row

    def scores(self, head: str) -> np.ndarray:
        """`head`'s probability for every row, computed on first use."""
        if head not in self.probs:
            self.probs[head] = heads.probabilities(head, self.vectors, self.texts)
        return self.probs[head]

    def p(self, text: "Text", sent: TokenSpan, head: str) -> float:
        """The probability that `sent` (a sentence of `text`) is of `head`'s class."""
        rows = self.index.get((text.source, sent.start_char))
        return float(self.scores(head)[rows].max()) if rows else 0.0


def head_text(text: str) -> str:
    """The text a head reads (in training too): white space folded, and lower-cased when it is
    written mostly in capitals (shouting is its own rule; capitals only blur the meaning)."""
    text = _SPACE.sub(" ", text).strip()
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > len(letters) / 2:
        text = text.lower()
    return text


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence that joins several, else none."""
    parts = [p.strip(" ,.") for p in _JOIN.split(sentence)]
    parts = [p for p in parts if any(c.isalpha() for c in p)]
    return parts if len(parts) > 1 else []


def stance(ctx: "AnalysedThread") -> Stance:
    index, texts = {}, []
    for text in [ctx.draft, *ctx.messages]:
        for sent in text.sentences():
            if any(c.isalpha() for c in sent.text):
                whole = head_text(sent.text)
                parts = [whole] + clauses(whole)
                index[(text.source, sent.start_char)] = list(range(len(texts), len(texts) + len(parts)))
                texts.extend(parts)
    return Stance(index, texts, encoder.encode(texts))


def said(ctx: "AnalysedThread", head: str, threshold: float, body_only: bool = True) -> list[TokenSpan]:
    """The draft's sentences (of its body, by default) outside quotations that `head` scores at
    or above `threshold`."""
    draft, st = ctx.draft, ctx.memo(stance)
    sentences = body(draft) if body_only else draft.sentences()
    return [s for s in sentences if not draft.quoted(s) and st.p(draft, s, head) >= threshold]
