"""Sales offers in the draft, told from compensation, with the topic they are about.

An offer (`rules/lexicons/offers.yaml`) is a body sentence of the draft that promotes something
the customer would pay for:
- a recommendation to buy, subscribe or switch with a product, a name or a price
  (`рекомендуем подключить тариф «Турбо 500»`, `предлагаем оформить кредитную карту`);
- an imperative to buy with a product and a price, a name or a sales hook (`оформите подписку
  «Вкусно+» за 199 ₽`, `успейте купить`);
- a sale advertised: a discount or sale with a number or a deadline (`скидки до 40%`, `до конца
  месяца скидка 30%`, `сейчас действует акция`), or a product / promo brought in with a hook
  (`кстати`, `специально для вас`, `отличное предложение`).
Compensation framed as an apology that needs no purchase (`в качестве извинения начислили 500
бонусов`, `продлили подписку бесплатно`, `промокод на бесплатную пиццу`) is not an offer; a
discount on the next order still needs a purchase and is one. UI steps (`→`) and sentences under
negation (`скидка не применилась`) are not offers.

`offers(ctx)` (use as `ctx.memo(offers)`) lists them with their topic lemmas; `asked_for_offers`,
`related` and `ruled_out` relate an offer to what the customer wrote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Span as TokenSpan

from ..engine.lexicon import Lexicon
from ..model import Span
from .layout import body
from .morph import is_imperative
from .mood import sentence_mood
from .vectors import unit_vector

if TYPE_CHECKING:
    from ..analysis import AnalysedThread

# Only whether a sentence has a price is asked, and `1 200,50 ₽` has one exactly when a digit is
# followed by a currency (or %) after spaces: the pattern looks for that and no more. (Spelt out —
# `\d[\d\s]*(?:[.,]\d+)?\s*₽` — it rescans the rest of a run of digits from each digit:
# quadratic in a draft of digits.)
_DIGIT_PRICE = re.compile(r"\d\s*+(?:₽|руб|р\.|%|евро|\$|€)", re.I)
_PRICE = re.compile(_DIGIT_PRICE.pattern + r"|бесплатн", re.I)
_CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB", "X"})
_SEMANTIC = 0.5


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon.load("offers.yaml")


def words(key: str) -> frozenset[str]:
    return lexicon().words(key)


@lru_cache(maxsize=1)
def _clusters() -> dict[str, int]:
    out = {}
    for k, line in enumerate(lexicon().phrases.get("topics", [])):
        for w in line.split():
            out[w] = k
    return out


@dataclass
class Offer:
    sent: TokenSpan
    span: Span
    why: str  # recommend | imperative | sale | hook
    topic: set[str] = field(default_factory=set)


def _quoted_name(sent: TokenSpan) -> bool:
    return "«" in sent.text or "\"" in sent.text


def _negated(sent: TokenSpan) -> bool:
    return any(t.lower_ in {"не", "нельзя"} for t in sent)


_UI = frozenset({"раздел", "вкладка", "меню", "кнопка", "функция", "настройка", "страница"})


def _ui_advice(sent: TokenSpan, sales_verb: frozenset[str], sold: frozenset[str]) -> bool:
    """The recommended action's object is a part of the interface (`воспользоваться разделом`),
    not a product (`подключить тариф в разделе «Тарифы»`)."""
    objects = [c for t in sent if t.lemma_ in sales_verb for c in t.children
               if c.dep_ in {"obj", "obl", "iobj"} and c.pos_ in {"NOUN", "PROPN"}]
    return bool(objects) and any(c.lemma_ in _UI for c in objects) and not any(c.lemma_ in sold for c in objects)


def classify(sent: TokenSpan) -> str | None:
    """Why this sentence is a sales offer (`recommend`, `imperative`, `sale`, `hook`), or None."""
    if "→" in sent.text:
        return None  # UI steps
    lemmas = {t.lemma_ for t in sent}
    product, promo, sale = words("product"), words("promo"), words("sale")
    sales_verb, recommend = words("sales_verb"), words("recommend")
    price = bool(_PRICE.search(sent.text))
    digits_price = bool(_DIGIT_PRICE.search(sent.text))
    hook = bool(lexicon().find(sent, "hook"))
    thing = bool(lemmas & (product | promo)) or _quoted_name(sent)
    if _compensation(sent):
        return None
    if not price and not digits_price and _ui_advice(sent, sales_verb, product | promo):
        return None  # «рекомендуем воспользоваться разделом «Комментарии»»: advice on the interface
    free_only = bool(lexicon().find(sent, "free")) and not digits_price and not hook
    if lemmas & recommend and not free_only and (
            lemmas & sales_verb and (thing or price)  # «рекомендуем подключить тариф»
            or lemmas & product and (digits_price or _quoted_name(sent))):  # «советуем тариф «Турбо»»
        return "recommend"
    verbs = [t for t in sent if t.lemma_ in sales_verb and is_imperative(t)]
    if verbs and not free_only and (lemmas & product and (digits_price or _quoted_name(sent) or hook)
                                    or lemmas & promo and (digits_price or hook)):
        return "imperative"  # «оформите подписку «Плюс» за 299 ₽», not «оформите заново с промокодом»
    if not _negated(sent) and lemmas & sale and (re.search(r"\d\s*%", sent.text) or hook):
        return "sale"
    if hook and lemmas & (product | promo) and not _negated(sent) and (
            lexicon().find(sent, "hook") and any(m[0].lower_ in {"кстати", "заодно"} or
                                                 m[0].lemma_ in {"отличный", "специальный", "выгодный",
                                                                 "уникальный", "эксклюзивный",
                                                                 "персональный", "специально", "не",
                                                                 "самый", "успеть", "только"}
                                                 for m in lexicon().find(sent, "hook"))):
        return "hook"
    return None


def _compensation(sent: TokenSpan) -> bool:
    """`в качестве извинения начислили 500 бонусов`: a gift for a failure that needs no purchase."""
    if not lexicon().find(sent, "compensation"):
        return False
    return not lexicon().find(sent, "purchase_needed") or bool(
        re.search(r"бесплатн", sent.text, re.I)) and not re.search(r"\d\s*%", sent.text)


def offers(ctx: "AnalysedThread") -> list[Offer]:
    """The draft's sales offers, in order (use as `ctx.memo(offers)`)."""
    draft = ctx.draft
    out = []
    for sent in body(draft):
        if draft.quoted(sent[0]) and draft.quoted(sent[-1]):
            continue
        why = classify(sent)
        if why:
            out.append(Offer(sent, draft.sentence_span(sent), why, topic_of(sent)))
    return out


def topic_of(span) -> set[str]:
    """What a sentence is about: its content lemmas without sales vocabulary."""
    stop = words("offer_stop") | words("promo") - {"бонус"} | {"извинение", "подарок"}
    out = set()
    for t in span:
        if t.pos_ not in {"NOUN", "PROPN", "ADJ", "X"} or t.like_num:
            continue  # what is sold is named by nouns; «дарим», «приносим» are the framing
        word = t.lower_
        if t.i > 0 and t.nbor(-1).like_num and not t.nbor(-1).whitespace_:
            word = t.nbor(-1).text + word  # razdel splits «4G-каналом» into «4» + «G-каналом»
        for part in [t.lemma_] + (word.split("-") if "-" in word else [word] if word != t.lower_ else []):
            if part not in stop and len(part) > 1 and re.search(r"[a-zа-я]", part):
                out.add(part)  # «4G-канал» is about 4g and канал too
    return out


def customer_topic(ctx: "AnalysedThread") -> set[str]:
    """What the open turn is about."""
    stop = words("offer_stop")
    out = set()
    for text in ctx.open_turn:
        names = {t.i for e in text.doc.ents if e.label_ in {"LOC", "PER"} for t in e}
        for t in text.doc:
            if t.i in names or (t.text[:1].isupper() and not t.is_sent_start and not t.text.isupper()
                                and re.match(r"[А-ЯЁ]", t.text)):
                continue  # «магазин на Садовой»: a street, not the садовый topic
            if t.pos_ in _CONTENT_POS and t.lemma_ not in stop and len(t.lemma_) > 1 \
                    and not t.like_num and t.is_alpha:
                out.add(t.lemma_)
    return out


def same_topic_word(a: str, b: str) -> bool:
    """One topic: the same lemma or stem, one support cluster, or close navec vectors."""
    if a == b:
        return True
    if len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5]:
        return True
    clusters = _clusters()
    if a in clusters and clusters.get(b) == clusters[a]:
        return True
    va, vb = unit_vector(a), unit_vector(b)
    return va is not None and vb is not None and float(va @ vb) >= _SEMANTIC


def related(offer: Offer, topic: set[str]) -> list[str]:
    """The offer's topic lemmas that the customer's words share (same lemma, stem, cluster, navec)."""
    generic = {"заказ", "товар", "деньга", "деньги", "сервис", "компания", "магазин",
               "приложение", "сайт", "клиент", "вопрос", "спасибо", "здравствуйте", "добрый"}
    return [a for a in offer.topic - generic if any(same_topic_word(a, b) for b in topic - generic)] or (
        ["заказ"] if "заказ" in offer.topic and "заказ" in topic else [])


def asked_for_offers(ctx: "AnalysedThread") -> bool:
    """The customer asked for offers, options, alternatives, a tariff or a recommendation."""
    return any(lexicon().find(text.doc, "asked_for") for text in ctx.open_turn)


def ruled_out(ctx: "AnalysedThread", offer: Offer) -> Span | None:
    """A customer sentence that rules the offer out: the service is not available where they are
    (`подключения в наш посёлок у вас нет`) or they do not use / want it (`интернетом не
    пользуюсь`), and the offer sells that very thing."""
    places, unwanted = words("unavailable_place"), words("unwanted")
    for text in ctx.customer_texts:
        for sent in text.sentences():
            lemmas = {t.lemma_ for t in sent}
            negation = lemmas & {"нет", "не", "отсутствовать", "недоступный", "никакой"}
            if not negation or lemmas & {"если", "вдруг"}:
                continue
            nouns = {t.lemma_ for t in _negated_clauses(sent) if t.pos_ in {"NOUN", "ADJ", "PROPN"}
                     and t.lemma_ not in places and t.lemma_ not in {"сайт", "адрес", "вы", "мы", "весь"}}
            if sentence_mood(sent).failure:
                continue  # «дома не работает интернет» is an outage, not a service out of reach
            absent = bool(lemmas & {"нет", "отсутствовать", "недоступный"}) or any(
                t.lower_ == "не" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lemma_ in words("provide")
                for t in sent)  # «кабель туда не проведён», «к нам не подключаете»
            available = bool(lemmas & places) and absent or "нет" in lemmas and any(
                t.lower_ == "у" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "вас" for t in sent)
            not_wanted = any(t.lemma_ in unwanted and t.i > 0 and t.doc[t.i - 1].lower_ == "не" for t in sent)
            lowers = [t.lower_ for t in sent]
            not_owned = "нет" in lowers and any(  # «у меня нет машины»
                a == "у" and b in {"меня", "нас"} for a, b in zip(lowers, lowers[1:]))
            if not (available or not_wanted or not_owned):
                continue
            shared = {a for a in offer.topic if any(same_topic_word(a, b) for b in nouns)}
            own_negation = any(t.lower_ in {"нет", "без"} for t in offer.sent)
            if shared and not own_negation:
                return text.sentence_span(sent)
    return None


_BOUNDARY = frozenset({",", ";", "—", "–", ".", "?", "!", ":"})


def _negated_clauses(sent: TokenSpan) -> list:
    """The tokens of the clauses (between commas and dashes) that hold a negation."""
    out, clause = [], []
    for t in sent:
        if t.text in _BOUNDARY:
            if any(w.lower_ in {"нет", "не", "отсутствует", "недоступен", "никакого"} for w in clause):
                out.extend(clause)
            clause = []
        else:
            clause.append(t)
    if any(w.lower_ in {"нет", "не", "отсутствует", "недоступен", "никакого"} for w in clause):
        out.extend(clause)
    return out
