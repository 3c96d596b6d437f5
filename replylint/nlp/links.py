"""Links and help-centre references in a text (the draft), sentence by sentence.

A sentence *refers* the customer elsewhere when it points to something to read
(`rules/lexicons/links.yaml`):
- a URL that looks like help (`/help/…`, `/faq`), or any URL with a reading verb, an info word
  or «подробнее» in its sentence (`инструкция: https://…`, `пакеты собраны на странице https://…`);
- without a URL: an info word with a web place (`инструкция на сайте`, `инструкция по ссылке`),
  information said to be located on the web or in a section (`условия описаны на сайте`, `лимиты
  указаны в разделе …`), a reading verb with a web place or section (`см. раздел «Доставка»`,
  `ознакомьтесь со статьёй`), or a help-centre name (`в FAQ`, `в разделе «Помощь»`). The two
  words must be in one phrase, in one clause (`нашли нарушение правил и удалили его с сайта` is
  no reference), and words of a relative or participle clause describe a noun rather than send
  the reader anywhere (`трансляция, которую можно смотреть по ссылке`).
UI steps (`откройте «Профиль» → «Безопасность»`) and action links (payment, tracking) are not
references. E-mail addresses are not links.

Each reference keeps its sentence and the sentence's *content clauses*: clauses (split at `;`,
`:`, dashes, brackets) with no reference marker — `Да, вернуть можно — подробнее на сайте` keeps
`Да, вернуть можно` as content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from ..engine.lexicon import Lexicon
from .morph import is_imperative

if TYPE_CHECKING:
    from ..analysis import Text

_URL = re.compile(r"^(?:https?://|www\.)", re.I)
_BARE_URL = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:ru|рф|com|net|org|io|su|pro)(?:/\S*)?$", re.I)
_SPLIT = frozenset({";", ":", "—", "–", "(", ")"})


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon.load("links.yaml")


@lru_cache(maxsize=None)
def words(key: str) -> frozenset[str]:
    return lexicon().words(key)


def is_url(token: Token) -> bool:
    text = token.text
    return bool(_URL.match(text) or ("/" in text and _BARE_URL.match(text))) and "@" not in text


def help_url(text: str) -> bool:
    """`https://shop.ru/help/return`, `…/faq#delivery`: a URL whose path looks like a help page."""
    path = re.sub(r"^(?:https?://)?(?:www\.)?", "", text.lower())
    host, _, rest = path.partition("/")
    parts = set(re.split(r"[/#?&=._-]+", rest)) | {host.split(".")[0]}
    return bool(parts & words("help_url"))


@dataclass
class Reference:
    """A sentence of the text that sends the reader to a link or a help-centre page."""

    sent: TokenSpan
    start: int  # character offsets of the reference itself (first marker to the sentence end)
    end: int
    urls: list[Token] = field(default_factory=list)
    content: list[TokenSpan] = field(default_factory=list)  # clauses that say something themselves

    @property
    def text(self) -> str:
        return self.sent.doc.text[self.start:self.end]


def clauses(sent: TokenSpan) -> list[TokenSpan]:
    """The sentence split at `;`, `:`, dashes and brackets (never inside a URL: it is one token)."""
    out, start = [], sent.start
    for t in sent:
        if t.text in _SPLIT:
            if t.i > start:
                out.append(sent.doc[start:t.i])
            start = t.i + 1
    if start < sent.end:
        out.append(sent.doc[start:sent.end])
    return [c for c in out if any(not t.is_space and not t.is_punct for t in c)]


def _markers(span: TokenSpan, quoted) -> list[Token]:
    """Tokens that point elsewhere: URLs, reading verbs, `описаны`, web places, help-centre names."""
    strong = words("read_verb") | words("info_predicate") | words("web_place")
    found = [t for t in span if is_url(t) or (t.lemma_ in strong and not quoted(t))]
    for m in lexicon().find(span, "help_section"):
        found.extend(m)
    return sorted(set(found), key=lambda t: t.i)


def _describes(t: Token) -> bool:
    """`t` is in a relative or participle clause: it describes a noun («трансляция, которую можно
    смотреть по ссылке», «действия, указанные в сервисе»), it does not send the reader anywhere."""
    while t.head.i != t.i:
        if t.dep_.startswith("acl"):
            return True
        t = t.head
    return False


_CLAUSE_EDGES = ("conj", "parataxis", "ccomp", "advcl", "csubj", "acl")


def _governs(x: Token, y: Token) -> bool:
    """`y` depends on `x` within one clause (no coordinated or subordinate clause in between)."""
    while y.head.i != y.i and y.i != x.i:
        if y.dep_.startswith(_CLAUSE_EDGES):
            return False
        y = y.head
    return y.i == x.i


def _linked(sent: TokenSpan, a: frozenset[str], b: frozenset[str]) -> bool:
    """Two different words, one of `a` and one of `b`, in one phrase: one governing the other in
    its clause, or both dependents of one head («инструкция на сайте», «инструкция есть на
    сайте») — not «нашли нарушение правил и удалили его с сайта»."""
    xs = [t for t in sent if t.lemma_ in a]
    ys = [t for t in sent if t.lemma_ in b]
    return any(x.lemma_ != y.lemma_ and (x.head.i == y.head.i or _governs(x, y) or _governs(y, x))
               for x in xs for y in ys)


def _refers(sent: TokenSpan, quoted) -> bool:
    kept = [t for t in sent if not quoted(t) and not _describes(t)]
    lemmas = {t.lemma_ for t in kept}
    urls = [t for t in sent if is_url(t)]
    info, web, section = words("info_noun"), words("web_place"), words("section")
    read, pred, here = words("read_verb"), words("info_predicate"), words("web_verb")
    linked = lambda a, b: bool(lemmas & a and lemmas & b) and _linked(kept, a, b)  # noqa: E731
    if any(help_url(u.text) for u in urls) or lexicon().find(sent, "help_section"):
        return True
    if urls:
        # «оплатить можно по ссылке», «отследить на сайте https://…», «авторизуйтесь и перейдите в
        # раздел «Видео»: https://…»: an action link or a UI step, not reading
        if any(is_imperative(t) and t.lemma_ not in read | here for t in sent if not quoted(t)):
            return False
        return bool(lemmas & (info | read | pred | section))
    if linked(info, web | words("here")):
        return True  # «инструкция на сайте», «инструкция по ссылке», «инструкция здесь»
    if linked(pred - {"найти"}, web | section) and lemmas & (web | info):
        return True  # «условия описаны на сайте», «лимиты указаны на сайте в разделе …»
    if linked(read, web | section):
        return True  # «см. раздел «Доставка»», «ознакомьтесь со статьёй», «читайте на сайте»
    if linked(here, web):
        return True  # «перейдите по ссылке»
    return False


def references(text: "Text", sentences: list[TokenSpan] | None = None) -> list[Reference]:
    """The sentences of `text` (or of `sentences`, e.g. the body) that refer elsewhere."""
    out = []
    for sent in sentences if sentences is not None else text.sentences():
        if not _refers(sent, text.quoted):
            continue
        marks = _markers(sent, text.quoted)
        urls = [t for t in sent if is_url(t)]
        content, labels = [], []
        parts = clauses(sent)
        for k, clause in enumerate(parts):
            if _markers(clause, text.quoted):
                continue
            nxt = parts[k + 1] if k + 1 < len(parts) else None
            if nxt is not None and is_url(nxt[0]) and sent.doc[nxt.start - 1].text == ":" and not _says(clause):
                labels.append(clause)  # «Ограничения для постаматов: https://…»: the link's caption
                continue
            alpha = [t for t in clause if t.is_alpha]
            if any(t.lemma_ in words("info_noun") for t in alpha) and len(alpha) <= 6:
                labels.append(clause)  # «Инструкция с картинками, если пригодится»
                continue
            if alpha:
                content.append(clause)
        first = marks[0] if marks else sent[0]
        start_tok = _clause_of(first, sent)
        for label in labels:
            if label.start < start_tok.i:
                start_tok = label[0]
        end = sent.end_char
        while end > start_tok.idx and sent.doc.text[end - 1].isspace():
            end -= 1
        out.append(Reference(sent, start_tok.idx, end, urls, content))
    return out


_PREDICATIVE = frozenset({"можно", "нельзя", "нужно", "надо", "необходимо", "возможно", "невозможно",
                          "следует", "доступно"})


def _says(clause: TokenSpan) -> bool:
    """A clause with a predicate (`плейлисты можно создавать в разделе «Плейлисты»`, `доступен
    только раздел «Комментарии»`) states something: it is no caption of the link after it."""
    return any("VerbForm=Fin" in str(t.morph) or "Variant=Short" in str(t.morph)
               or t.lower_ in _PREDICATIVE for t in clause)


def _clause_of(token: Token, sent: TokenSpan) -> Token:
    """The first token of the clause that holds `token`."""
    for c in clauses(sent):
        if c.start <= token.i < c.end:
            return next((t for t in c if not t.is_space), c[0])
    return token
