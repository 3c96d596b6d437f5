"""The parts of a reply: greeting, body and sign-off. Rules about content (a refusal with nothing
else, the answer in the first two sentences) read the body only."""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span as TokenSpan

if TYPE_CHECKING:
    from ..analysis import Text

_GREETING = frozenset({"здравствовать", "здравствуйте", "привет", "приветствовать", "добрый",
                       "уважаемый", "дорогой"})
_CLOSING = frozenset({"уважение", "наилучший"})  # «С уважением», «С наилучшими пожеланиями»
_PLEASANTRY = frozenset({"хороший", "добрый", "обращаться", "доброго"})


def _words(sent: TokenSpan) -> list:
    return [t for t in sent if t.is_alpha]


def is_greeting(sent: TokenSpan) -> bool:
    words = _words(sent)
    return bool(words) and len(words) <= 6 and any(t.lemma_ in _GREETING for t in words[:3])


def body(text: "Text") -> list[TokenSpan]:
    """The sentences between the greeting and the sign-off."""
    sents = text.sentences()
    out = []
    for i, sent in enumerate(sents):
        words = _words(sent)
        if words and words[0].lower_ == "с" and len(words) > 1 and words[1].lemma_ in _CLOSING:
            break  # the sign-off and whatever follows it
        if i == 0 and is_greeting(sent):
            continue
        if len(words) <= 3 and words and any(t.lemma_ in _PLEASANTRY for t in words) and i == len(sents) - 1:
            continue
        out.append(sent)
    return out
