"""How a text addresses its reader: `ты` forms (2nd person singular verbs and pronouns), `вы`
forms (2nd person plural), and whether `Вы`/`Ваш` is capitalised — read from morphology
(natasha's tags checked against pymorphy3's), never from the letters `ты`. Quoted text (button
names, quoted documents) does not address the reader."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Token

from .morph import parse

if TYPE_CHECKING:
    from ..analysis import Text

_TY_PRONOUNS = frozenset({"ты", "твой"})
_VY_PRONOUNS = frozenset({"вы", "ваш"})
_NOT_ADDRESS = frozenset({"см", "пожалуйста", "здравствуйте", "извините", "простите", "спасибо"})


@dataclass(frozen=True)
class Address:
    token: Token
    form: str  # "ты" | "вы"
    capital: bool | None  # for вы pronouns not opening a sentence: Вы (True) or вы (False)


def _opens_sentence(token: Token) -> bool:
    prev = token.i - 1
    while prev >= token.sent.start and (token.doc[prev].is_punct or token.doc[prev].is_space):
        prev -= 1
    return prev < token.sent.start or token.doc[prev].text in {"—", "-", "•", ":"}


def _person(token: Token) -> str | None:
    """"ты"/"вы" for a 2nd-person verb form. natasha's news-trained tagger often misses
    imperatives (`укажи` → NOUN), so pymorphy3's most likely reading decides; natasha's VERB tag
    only lets a less likely verb reading count (`выберите`)."""
    if not token.is_alpha or token.lower_ in _NOT_ADDRESS:
        return None
    if token.pos_ in {"VERB", "AUX"}:  # natasha saw a verb: its mood and person decide
        tag = parse(token.lower_, token.pos_, str(token.morph)).tag
    else:  # natasha missed the verb: pymorphy3's most likely reading decides
        tag = parse(token.lower_).tag
    if tag.POS != "VERB" or not ("impr" in tag or "2per" in tag) or "incl" in tag:
        return None
    return "ты" if "sing" in tag else "вы"


def address_forms(text: "Text") -> list[Address]:
    out = []
    for token in text.doc:
        if text.quoted(token):
            continue
        if token.lemma_ in _TY_PRONOUNS:
            out.append(Address(token, "ты", None))
        elif token.lemma_ in _VY_PRONOUNS and token.text[:1].isalpha():
            capital = None if _opens_sentence(token) else token.text[0].isupper()
            out.append(Address(token, "вы", capital))
        else:
            form = _person(token)
            if form:
                out.append(Address(token, form, None))
    return out
