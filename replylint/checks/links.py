"""Links: does the draft answer, or send the customer away? (RULES.md, family *links*).

`faq-link-dump`: the draft refers the customer to a help page, FAQ or site section
(`replylint/nlp/links.py`) for a question that its own words do not answer. `link-before-answer`:
the draft answers, but its first help reference comes before the answer.

"Does the draft state the answer itself" is decided here by a small local helper: the open
turn's questions (`сколько`, `когда`, `как`, `где`, `почему`, `ли`, indirect `подскажите …`) each
want an answer type (a number, a date or time, steps or a way, a place, a cause, a yes/no, or for
`какой` / `что` just the topic), and a draft clause answers when it carries the question's topic
(same lemma, same stem, or a navec neighbour) and that type. Reference clauses never count as the
answer, except for a `где` question or a question about a document itself (`есть ли инструкция?`),
which the link answers. The answer family's matching (`ctx.memo(answers)`, issue 3) is consulted
as a second opinion (`SHARED_ANSWERS`): a question it finds answered or deferred by a sentence that
is not a help reference is not counted as sent away. To rely on it alone, replace `_answered()`
with the same look-up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from spacy.tokens import Span as TokenSpan

from ..analysis import AnalysedThread, Text
from ..engine import Rule, register
from ..engine.lexicon import Lexicon
from ..model import Finding
from ..nlp.layout import body
from ..nlp.morph import is_imperative
from ..nlp.links import Reference, is_url, references

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "X"})
_STOP = frozenset({
    "быть", "мочь", "можно", "нужно", "надо", "хотеть", "подсказать", "сказать", "пожалуйста",
    "здравствуйте", "здравствовать", "добрый", "день", "спасибо", "вопрос", "ваш", "наш", "весь",
    "это", "такой", "который", "свой", "мой", "сделать", "делать", "знать", "узнать", "интересовать",
    "уточнить", "год", "месяц", "неделя", "час", "минута", "какой", "который", "есть", "стать",
    "являться", "получаться", "получиться", "подскажите", "скажите", "ответ", "информация",
    "возможность", "нужный", "необходимый", "давать", "дать", "хороший", "новый", "самый", "другой",
    "один", "человек", "раз", "спасибо", "заранее", "уважение", "вы", "мы", "я", "компания",
    "сайт", "раздел", "страница", "ссылка", "инструкция", "статья", "подробно", "подробный",
    "описать", "указать", "сервис", "поддержка", "приложение",
})
_WH = {
    "сколько": "number", "скока": "number", "почем": "number",
    "когда": "time",
    "как": "steps",
    "где": "where", "куда": "where", "откуда": "where",
    "почему": "why", "зачем": "why", "отчего": "why",
    "какой": "what", "что": "what", "кто": "what", "чей": "what", "каков": "what",
}
_INDIRECT = frozenset({"подсказать", "сказать", "интересовать", "узнать", "уточнить", "объяснить",
                       "рассказать", "пояснить", "понять"})
_STOP = _STOP | _INDIRECT
_YESNO = frozenset({"да", "нет", "можно", "нельзя", "нужно", "надо", "обязательно", "необходимо",
                    "конечно", "разумеется", "возможно", "невозможно", "доступный", "доступно",
                    "получиться", "мочь", "не", "есть", "требоваться", "нужный", "бесплатно"})
_AMOUNT = frozenset({"бесплатно", "бесплатный", "рубль", "руб", "₽", "процент", "половина", "ноль",
                     "евро", "доллар", "копейка", "безлимит", "безлимитный", "тысяча", "миллион"})
_TIME = frozenset({"сегодня", "завтра", "послезавтра", "сразу", "моментально", "мгновенно", "утро",
                   "вечер", "ночь", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота",
                   "воскресенье", "выходной", "будни", "ежедневно", "круглосуточно", "минута", "час",
                   "день", "неделя", "месяц", "сутки", "течение", "срок"})
_CAUSE = frozenset({"потому", "поскольку", "из-за", "причина", "поэтому", "связь", "так"})


@dataclass
class Ask:
    """A question of the open turn, as the link rules read it."""

    text: Text
    sent: TokenSpan
    kinds: set[str]
    topic: set[str] = field(default_factory=set)
    document: bool = False  # asks for a document itself (`есть ли инструкция?`): a link answers it


def _content(span) -> set[str]:
    """Content lemmas: the topic of a question or a sentence."""
    return {t.lemma_ for t in span
            if t.pos_ in _CONTENT_POS and t.lemma_ not in _STOP and t.lemma_ not in _WH
            and len(t.lemma_) > 1 and not is_url(t) and not t.like_num}


def asks(ctx: AnalysedThread) -> list[Ask]:
    """The open turn's questions (use as `ctx.memo(asks)`)."""
    where = Lexicon.load("links.yaml")
    out = []
    for text in ctx.open_turn:
        for sent in text.sentences():
            kinds = _kinds(sent)
            if where.find(sent, "where") and (kinds or "?" in sent.text) or where.find(sent, "cannot_find"):
                kinds.add("where")
            if not kinds:
                continue
            document = bool({t.lemma_ for t in sent} & where.words("document"))
            out.append(Ask(text, sent, kinds, _content(sent), document))
    return out


def _kinds(sent: TokenSpan) -> set[str]:
    toks = [t for t in sent if not t.is_space]
    asked = "?" in sent.text
    kinds: set[str] = set()
    indirect = False
    for k, t in enumerate(toks):
        low, lemma = t.lower_, t.lemma_
        prev = toks[k - 1] if k else None
        opens = prev is None or prev.is_punct or prev.lower_ in {"и", "а", "или", "но", "также"} \
            or (prev.lemma_ in _INDIRECT)
        if lemma in _INDIRECT and ("Mood=Imp" in str(t.morph) or lemma == "интересовать"
                                   or (prev is not None and prev.lemma_ in {"хотеть", "хотеться"})):
            indirect = True
        if low == "ли" or lemma == "ли":
            kinds.add("yesno")
        if lemma in _WH and (opens or asked or indirect):
            if low in {"как"} and k + 1 < len(toks) and toks[k + 1].lower_ in {"и", "будто", "только"}:
                continue
            if lemma == "что" and k + 1 < len(toks) and toks[k + 1].lemma_ in {"делать", "сделать"}:
                kinds.add("steps")
                continue
            if lemma == "что" and not (opens and (asked or indirect)):
                continue
            if lemma == "до" or (prev is not None and prev.lower_ == "до" and lemma == "сколько"):
                kinds.add("time")
                continue
            kinds.add(_WH[lemma])
        if low in {"можно", "нужно", "надо", "есть"} and prev is None and asked:
            kinds.add("yesno")
    if asked and not kinds and len([t for t in toks if t.is_alpha]) >= 3:
        kinds.add("what")
    if indirect and not kinds:
        kinds.add("what")
    return kinds if (asked or indirect or kinds & {"number", "time", "steps", "where", "why"}) else set()


# --- what the draft says itself ------------------------------------------------------------------

@dataclass
class Unit:
    """A piece of the draft's own content: a body sentence, or a content clause of a reference."""

    span: TokenSpan
    start: int  # character offset in the draft
    topic_span: TokenSpan | None = None  # where its topic may be named (its whole sentence)

    @property
    def lemmas(self) -> set[str]:
        return {t.lemma_ for t in self.span}

    @property
    def topic_lemmas(self) -> set[str]:
        """`Гарантия указана на странице товара: обычно это 1 год` — the clause gives the answer,
        its sentence names the topic."""
        return {t.lemma_ for t in (self.topic_span if self.topic_span is not None else self.span)}


def units(ctx: AnalysedThread) -> tuple[list[Reference], list[Unit]]:
    """The draft body's help references and its own content (use as `ctx.memo(units)`)."""
    sents = body(ctx.draft)
    refs = references(ctx.draft, sents)
    by_sent = {r.sent.start: r for r in refs}
    out = []
    for sent in sents:
        ref = by_sent.get(sent.start)
        parts = ref.content if ref else [sent]
        out.extend(Unit(p, p.start_char, sent if ref else None) for p in parts if any(t.is_alpha for t in p))
    return refs, out


def topic_hits(topic: set[str], lemmas: set[str]) -> int:
    from ..nlp.offers import same_topic_word

    return sum(1 for a in topic if any(same_topic_word(a, b) for b in lemmas))


def _has_type(kind: str, unit: Unit) -> bool:
    span, lemmas = unit.span, unit.lemmas
    digits = any(any(c.isdigit() for c in t.text) and not is_url(t) for t in span)
    if kind == "number":
        return digits or any(t.pos_ == "NUM" for t in span) or bool(lemmas & _AMOUNT)
    if kind == "time":
        return digits or bool(lemmas & _TIME)
    if kind == "steps":
        return ("→" in span.text or ">" in span.text or bool(re.match(r"\s*\d+[.)]", span.text))
                or any(is_imperative(t) for t in span) or _way(span)
                or bool(lemmas & {"автоматически", "автоматический", "сам", "самостоятельно"})
                or "не нужно" in span.text.lower() or "не надо" in span.text.lower()
                or bool(lemmas & {"команда", "нажать", "выбрать", "открыть", "ввести", "указать",
                                  "зайти", "войти", "перейти", "включить", "отключить"}))
    if kind == "yesno":
        return bool(lemmas & _YESNO)
    if kind == "why":
        return bool(lemmas & _CAUSE) or ":" in span.text or "—" in span.text
    if kind == "where":
        return "«" in span.text or any(is_url(t) for t in span) or bool(lemmas & {"адрес", "улица", "ул"})
    return len([t for t in span if t.is_alpha]) >= 4


def _way(span) -> bool:
    """`виден в приложении на главном экране`, `можно через банкомат`: a place or a means."""
    return any(t.lower_ in {"в", "во", "на", "через", "по", "у"} and t.head.pos_ in {"NOUN", "PROPN"}
               and t.head.i > t.i for t in span) and any(t.pos_ in {"VERB", "AUX", "ADJ"} or
                                                         t.lower_ in {"можно", "нужно"} for t in span)


def _answer(ask: Ask, kind: str, own: list[Unit]) -> Unit | None:
    """The first unit of the draft's own content that answers this kind of the question."""
    for u in own:
        hits = topic_hits(ask.topic, u.topic_lemmas)
        if hits and _has_type(kind, u):
            return u
        if kind in {"what", "why"} and hits >= 2:
            return u
    return None


def _answered(ask: Ask, refs: list[Reference], own: list[Unit]) -> tuple[bool, Unit | None]:
    """Whether the draft's own words answer every part of the question, and the first answer."""
    first = None
    if ask.document and refs:
        return True, None
    for kind in sorted(ask.kinds):
        if kind == "where" and refs:
            continue  # «где почитать оферту?» — the link is the answer
        u = _answer(ask, kind, own)
        if u is None:
            return False, first
        first = u if first is None or u.start < first.start else first
    return True, first


def _generic(ref: Reference) -> bool:
    """`Ответ на ваш вопрос есть в FAQ`, `все подробности на сайте`: about anything asked."""
    lemmas = {t.lemma_ for t in ref.sent}
    return bool(lemmas & {"вопрос", "ответ", "весь", "подробность", "информация", "всё", "условие"})


def _related(ref: Reference, ask: Ask) -> bool:
    return _generic(ref) or topic_hits(ask.topic, _content(ref.sent)) > 0


@dataclass
class LinkVerdict:
    refs: list[Reference]
    sent_away: list[Ask]  # questions the draft sends to a reference instead of answering
    first_answer: Unit | None  # the first clause of the draft's own answer


def link_verdict(ctx: AnalysedThread) -> LinkVerdict:
    """How the draft's help references relate to its answers (use as `ctx.memo(link_verdict)`)."""
    refs, own = ctx.memo(units)
    if not refs:
        return LinkVerdict([], [], None)
    qs = ctx.memo(asks)
    if not qs:
        topic = set().union(*(_content(t.doc) for t in ctx.open_turn)) if ctx.open_turn else set()
        said = [u for u in own if topic_hits(topic, u.lemmas) and sum(t.is_alpha for t in u.span) >= 3]
        return LinkVerdict(refs, [] if said else [None], said[0] if said else None)
    sent_away, firsts = [], []
    for q in qs:
        if not q.kinds - {"where"}:
            continue
        ok, first = _answered(q, refs, own)
        if first is not None:
            firsts.append(first)
        if not ok and (len(qs) == 1 or any(_related(r, q) for r in refs)):
            sent_away.append(q)
    if sent_away and SHARED_ANSWERS:
        sent_away = [q for q in sent_away if not _shared_answer(ctx, q, refs)]
    first = min(firsts, key=lambda u: u.start, default=None)
    return LinkVerdict(refs, sent_away, first)


# The answer matching of the answer family (issue 3) as a second opinion: a question it finds
# answered (or explicitly deferred) by a sentence that is not a help reference was not sent away.
SHARED_ANSWERS = True


def _shared_answer(ctx: AnalysedThread, ask: Ask, refs: list[Reference]) -> bool:
    try:
        from ..nlp.answers import answers
    except ImportError:  # the answer family is not installed
        return False
    ref_sents = {(r.sent.start_char, r.sent.end_char) for r in refs}
    for a in ctx.memo(answers):
        span = a.question.span
        if a.question.text.source != ask.text.source or not (
                span.start < ask.sent.end_char and ask.sent.start_char < span.end):
            continue
        if a.status in {"answered", "deferred"} and a.sentence is not None:
            sents = {(p.start_char, p.end_char) for p in a.sentence.parts}
            if not sents & ref_sents:
                return True
    return False


@register("faq-link-dump")
def faq_link_dump(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    v = ctx.memo(link_verdict)
    if v.sent_away:
        ref = v.refs[0]
        related = [q.text.sentence_span(q.sent) for q in v.sent_away if q is not None][:3]
        yield rule.finding(ctx, ctx.draft.span(ref.start, ref.end), related=related)


@register("link-before-answer")
def link_before_answer(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    v = ctx.memo(link_verdict)
    if not v.refs or v.sent_away or v.first_answer is None:
        return
    ref = v.refs[0]
    # «Гарантия указана на странице товара: обычно это 1 год» answers in the same sentence
    if ref.sent.end_char <= v.first_answer.start:
        answer = v.first_answer.span
        yield rule.finding(ctx, ctx.draft.span(ref.start, ref.end),
                           related=[ctx.draft.span(answer.start_char, answer.end_char)])
