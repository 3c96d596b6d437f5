"""Data: does the draft ask for what the customer already gave? (RULES.md, family *data*).

Thread data comes from `nlp/entities.py` (`ctx.memo(data_items)`), requests for data from
`nlp/requests.py`.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..analysis import AnalysedThread
from ..engine import Rule, register
from ..model import Finding
from ..nlp.entities import LABELS, PERSONAL, DataItem, data_items, extract, words
from ..nlp.requests import draft_requests, requests_in

# A request for one kind is answered by items of these kinds.
_SATISFIES = {"name": {"name"}, "screenshot": {"screenshot"}, "document": {"document"}}
_FULL_NAME_WORDS = re.compile(r"фио|ф\.и\.о|фамили|отчеств", re.I)


def _where(item: DataItem) -> str:
    """Where the customer gave the item, with its value, for the message."""
    source = item.span.source
    value = item.value if len(item.value) <= 60 else item.value[:57] + "…"
    if source.startswith("attachment:"):
        return f"во вложении «{value}»"
    if source.startswith("customer."):
        return f"в профиле клиента: «{value}»"
    return f"в сообщении: «{value}»"


# What a photo or a document is of, when it says nothing particular (`фото повреждения`).
_GENERIC_OF = frozenset({"", "ошибка", "экран", "проблема", "повреждение", "дефект", "товар",
                         "посылка", "заказ", "ситуация", "сообщение", "страница", "приложение"})


_CUSTOMER_ADDRESS_OF = frozenset({"доставка", "подключение", "проживание", "регистрация", "установка",
                                  "квартира", "дом", "прописка", "объект", "клиент", "вручение"})


def _attachment_of(ctx: AnalysedThread, item: DataItem, of: str) -> bool:
    """An attachment answers `фото чека` when its message speaks of a `чек` (or says nothing in
    particular is asked)."""
    if of in _GENERIC_OF or not item.source.startswith("attachment:"):
        return True
    index = int(item.source.split(":")[1])
    message = ctx.messages[index]
    return of in {t.lemma_ for t in message.doc} or of[:4] in item.value.lower()


def _given(ctx: AnalysedThread, kind: str, qualifier: str, asked_text: str,
           of: str = "") -> list[DataItem]:
    """The thread data that a request for `kind` (with its qualifier) asks for again."""
    if qualifier == "other":
        return []
    wanted = set(_SATISFIES.get(kind, {kind}))
    items = [i for i in ctx.memo(data_items) if i.kind in wanted]
    if kind == "name" and _FULL_NAME_WORDS.search(asked_text):  # ФИО: a first name is not enough
        items = [i for i in items if i.qualifier != "first"]
    if kind in {"screenshot", "document"}:
        items = [i for i in items if _attachment_of(ctx, i, of)]
    if kind == "address" and of and of not in _CUSTOMER_ADDRESS_OF:
        return []  # «адрес пункта выдачи», «адрес магазина»: not the customer's address
    if qualifier in {"new", "third"}:
        # the CRM holds the current value; a new one or somebody else's is other data
        items = [i for i in items if not i.source.startswith("customer.") and i.qualifier != "old"]
    return items


@register("re-requested-data")
def re_requested_data(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    for req in draft_requests(ctx):
        if not req.new_data:
            continue
        for asked in req.asked:
            given = _given(ctx, asked.kind, asked.qualifier, asked.span.text, asked.of)
            if not given:
                continue
            yield rule.finding(
                ctx, req.span, related=[i.span for i in given[:3]], label=LABELS[asked.kind],
                value=given[0].value, where=_where(given[0]),
            )


@register("piecemeal-request")
def piecemeal_request(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    asked_now = [r for r in draft_requests(ctx) if r.new_data]
    if not asked_now:
        return
    items = ctx.memo(data_items)
    for agent in ctx.agent_texts:
        earlier = [r for r in requests_in(agent) if r.new_data]
        earlier_kinds = {k for r in earlier for k in r.kinds}
        if not earlier_kinds:
            continue
        answers = _answers_to(ctx, agent.index)
        supplied = [i for i in items if i.source in {t.source for t in answers} and i.kind in earlier_kinds]
        if not supplied or _new_information(answers, items):
            continue
        for req in asked_now:
            fresh = [
                a for a in req.asked
                if a.kind not in earlier_kinds and not _given(ctx, a.kind, a.qualifier, a.span.text, a.of)
            ]
            if fresh:
                yield rule.finding(
                    ctx, req.span, related=[r.span for r in earlier] + [i.span for i in supplied[:2]],
                    label=", ".join(LABELS[a.kind] for a in fresh),
                    earlier=", ".join(LABELS[k] for k in earlier_kinds),
                )
                return


def _answers_to(ctx: AnalysedThread, index: int):
    """Customer messages after agent message `index`, up to the next agent message."""
    out = []
    for text in ctx.messages[index + 1:]:
        if text.author == "agent":
            break
        if text.author == "customer":
            out.append(text)
    return out


def _new_information(answers, items: list[DataItem]) -> bool:
    """The customer's answer brings more than the data asked for: a new problem (`и кстати,
    с карты списали два раза`) or several content words of its own. A request that follows from
    it is not piecemeal."""
    w = words()
    markers, problem, filler = w.set("new_info_markers"), w.set("problem_words"), w.set("filler")
    kind_words = set(w.number_context)
    for text in answers:
        spans = [(i.span.start, i.span.end) for i in items if i.source == text.source]
        content = 0
        lemmas = []
        for t in text.doc:
            if any(a <= t.idx < b for a, b in spans) or not t.is_alpha:
                continue
            lemmas.append(t.lemma_)
            if t.lemma_ in markers or t.lemma_ in problem:
                return True
            if t.pos_ in {"NOUN", "VERB", "ADJ", "ADV", "PROPN"} and not t.is_stop and (
                t.lemma_ not in filler and t.lemma_ not in kind_words
            ):
                content += 1
        if any(f"{a} {b}" in problem for a, b in zip(lemmas, lemmas[1:])) or content >= 5:
            return True
    return False


@register("public-personal-data")
def public_personal_data(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    if ctx.thread.channel != "social_public":
        return
    opts = rule.options(ctx)
    for req in draft_requests(ctx):
        personal = [a for a in req.asked if a.kind in PERSONAL]
        if personal and not req.confirm and not req.private:
            yield rule.finding(ctx, req.span, message=opts["request_message"],
                               label=", ".join(LABELS[a.kind] for a in personal))
    for item in disclosed(ctx):
        label = "сумму заказа" if item.kind == "amount" else LABELS[item.kind]
        yield rule.finding(ctx, item.span, message=opts["disclosure_message"], label=label,
                           value=item.value)


_COMPANY_CUES = frozenset({"наш", "нам", "мы", "горячий", "линия", "поддержка", "позвонить",
                           "звонить", "контакт-центр", "бесплатный", "круглосуточный", "офис",
                           "отделение", "пункт", "магазин", "склад", "филиал", "сайт"})
_ROLE_MAILBOX = re.compile(r"(support|help|info|hello|no-?reply|service|care|sales|office|team|"
                           r"feedback|zakaz|order|press|pr|hr|mail|admin|podderzhka|client)[\w.-]*@")
_ORDER_AMOUNT_CUES = frozenset({"заказ", "покупка", "чек", "оплата", "платеж", "списать", "списание",
                                "заплатить", "оплатить", "стоимость", "сумма", "счет"})
_REFUND_CUES = frozenset({"вернуть", "возврат", "вернем", "начислить", "компенсация", "компенсировать",
                          "бонус", "скидка", "промокод", "доставка", "подъем"})


def disclosed(ctx: AnalysedThread) -> list[DataItem]:
    """The customer's personal data that the draft itself shows: phone, e-mail, address (a flat,
    or one the customer gave), order number, contract, card, the order's amount."""
    draft = ctx.draft
    doc = draft.doc
    given = ctx.memo(data_items)
    given_phones = {re.sub(r"\D", "", i.value)[-10:] for i in given if i.kind == "phone"}
    given_emails = {i.value.lower() for i in given if i.kind == "email"}
    given_streets = {w.lower() for i in given if i.kind == "address"
                     for w in re.findall(r"[А-ЯЁ][а-яё]{3,}", i.value)}
    out = []
    for item in extract(draft, people=False):
        before = {t.lemma_ for t in doc if item.span.start - 40 <= t.idx < item.span.start
                  and t.sent.start_char <= item.span.start}
        ours = "ваш" in before or "свой" in before
        if item.kind == "phone":
            digits = re.sub(r"\D", "", item.value)[-10:]
            if digits in given_phones or ours or not before & _COMPANY_CUES:
                out.append(item)
        elif item.kind == "email":
            role = _ROLE_MAILBOX.match(item.value.lower())
            if item.value.lower() in given_emails or ours or not (role or before & _COMPANY_CUES):
                out.append(item)
        elif item.kind == "address":
            street_given = any(s[:5] in item.value.lower() for s in given_streets)
            flat = re.search(r"\bкв\b|квартир", item.value.lower())
            if flat or ours or (street_given and not before & _COMPANY_CUES):
                out.append(item)
        elif item.kind in {"order", "contract", "card"}:
            out.append(item)
        elif item.kind == "amount":
            near = {t.lemma_ for t in doc if item.span.start - 30 <= t.idx < item.span.start
                    and t.sent.start_char <= item.span.start}
            if near & _ORDER_AMOUNT_CUES and not near & _REFUND_CUES:
                out.append(item)
    return out
