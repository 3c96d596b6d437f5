"""The customer's mood in the open turn: negative (a complaint, a failure of the company),
positive (thanks, praise) or neutral, with the sentences that show it.

No Russian sentiment model ships offline, so this reads lemma lexicons (`rules/lexicons/mood.yaml`)
with negation (`не пришёл`, `так и не`, `до сих пор`), intensity (`!!`, `??`) and the failure
frames of support. A failure inside a conditional (`если сломается`) is not a complaint.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..engine.lexicon import Lexicon
from ..model import Span

if TYPE_CHECKING:
    from ..analysis import AnalysedThread


@dataclass
class Mood:
    label: str  # negative | neutral | positive
    failures: list[Span] = field(default_factory=list)  # sentences that describe a failure
    negatives: list[Span] = field(default_factory=list)
    positives: list[Span] = field(default_factory=list)

    @property
    def complaint(self) -> bool:
        """The open turn complains about a failure of the company."""
        return bool(self.failures)


def mood(ctx: "AnalysedThread") -> Mood:
    """The open turn's mood (use as `ctx.memo(mood)`)."""
    lex = Lexicon.load("mood.yaml")
    conditional = lex.words("conditional")
    found = Mood("neutral")
    for text in ctx.open_turn:
        for sent in text.sentences():
            hypothetical = any(t.lemma_ in conditional for t in sent)
            keys = {
                m.label_ for m in lex.find(sent, "failure", "negative", "positive")
                if not (m.label_ == "failure" and _negated(m))
            }
            span = text.span(sent.start_char, sent.start_char + len(sent.text.rstrip()))
            if "failure" in keys and not hypothetical:
                found.failures.append(span)
            elif "negative" in keys and not hypothetical:
                found.negatives.append(span)
            if "positive" in keys and "failure" not in keys:
                found.positives.append(span)
    if found.failures or found.negatives:
        found.label = "negative"
    elif found.positives:
        found.label = "positive"
    return found


_NEGATORS = frozenset({"ни", "без", "не", "нет"})


def _negated(match) -> bool:
    """`ни одной разбитой игрушки`, `без царапин`: a failure word under negation is praise.
    (Negated verbs are failure phrases of their own: `не пришёл`.)"""
    if match[0].lemma_ in _NEGATORS:
        return False
    doc = match.doc
    before = [doc[i].lemma_ for i in range(max(match.start - 2, match.sent.start), match.start)]
    return any(w in _NEGATORS for w in before)
