"""Data items the customer gave (`replylint/nlp/entities.py`) and data requests in agent texts
(`replylint/nlp/requests.py`), on examples written for these tests."""
from __future__ import annotations

import pytest

from replylint.analysis import AnalysedThread, Text
from replylint.model import Thread
from replylint.nlp.entities import data_items, extract
from replylint.nlp.requests import requests_in


def items_of(text: str) -> list[tuple[str, str]]:
    return [(i.kind, i.value) for i in extract(Text("message:0", text, "customer", 0))]


def thread_items(messages: list[dict], customer: dict | None = None) -> list:
    thread = Thread(customer=customer or {}, messages=messages, draft={"text": "."})
    return AnalysedThread(thread).memo(data_items)


@pytest.mark.parametrize("text, kind, value", [
    ("Заказ №5521093 не доставлен", "order", "5521093"),
    ("номер заказа 440012, помогите", "order", "440012"),
    ("по заказу 7781-20 привезли не ту пиццу", "order", "7781-20"),
    ("Ваш заказик 80033412 где?", "order", "80033412"),
    ("договор № 12-345/6 хочу расторгнуть", "contract", "12-345/6"),
    ("Бронь 7KQ2ZP на 20 декабря", "contract", "7KQ2ZP"),
    ("посылка RA987654321RU стоит в Казани", "tracking", "RA987654321RU"),
    ("трек номер 80085412345678, когда приедет?", "tracking", "80085412345678"),
    ("Перезвоните на 8 (916) 123-45-67", "phone", "8 (916) 123-45-67"),
    ("Мой номер +7 916 1234567, смс не приходят", "phone", "+7 916 1234567"),
    ("телефон 89261112233", "phone", "89261112233"),
    ("почта kirill.ivanov@yandex.ru", "email", "kirill.ivanov@yandex.ru"),
    ("С карты *7731 списали деньги", "card", "7731"),
    ("карта •• 5532 заблокирована?", "card", "5532"),
    ("логин marina_k87, не пускает", "account", "marina_k87"),
    ("Лицевой счёт 3300451278, почему такая сумма?", "account", "3300451278"),
    ("оплатила 2 350 руб. картой", "amount", "2 350 руб"),
    ("списали 1 200 ₽ 5 апреля", "amount", "1 200 ₽"),
    ("списали 1 200 ₽ 5 апреля", "date", "5 апреля"),
    ("Договор от 15.02.2025", "date", "15.02.2025"),
    ("заказала вчера", "date", "вчера"),
    ("Меня зовут Петров Игорь Васильевич", "name", "Петров Игорь Васильевич"),
])
def test_each_kind(text, kind, value):
    assert (kind, value) in items_of(text)


@pytest.mark.parametrize("text, value", [
    ("Доставьте на ул. Ленина, д. 5, кв. 12, домофон не работает.", "ул. Ленина, д. 5, кв. 12"),
    ("новый адрес ул. Заводская 18, кв 92", "ул. Заводская 18, кв 92"),
    ("Интернета нет, Лесная 7 кв 18", "Лесная 7 кв 18"),
    ("на пр. Победы, 21, кв. 105 в 16:20", "пр. Победы, 21, кв. 105"),
])
def test_address_spans_a_sentence(text, value):
    assert ("address", value) in items_of(text)


@pytest.mark.parametrize("text", [
    "Курьер Дмитрий Соколов нагрубил мне сегодня",  # somebody else's name
    "Звонила на 8 800 200-00-00, никто не отвечает",  # the company's line
    "Промокод LETO200 не работает",  # a code nobody asked for
    "500 бонусов так и не начислили",  # a count, not an identifier
    "В 2024 году покупал холодильник",  # a year alone
    "Курьер приехал в 18:40",  # a time
])
def test_not_data(text):
    kinds = {k for k, _ in items_of(text)}
    assert not kinds & {"name", "phone", "order", "contract", "account", "date", "number"}


def test_number_next_to_order_noun_is_not_a_phone():
    assert items_of("Заказ 4815162342 не пришёл") == [("order", "4815162342")]


def test_bare_answer_takes_the_requested_kind():
    items = thread_items([
        {"author": "customer", "text": "Хочу перенести интернет на новую квартиру."},
        {"author": "agent", "text": "Подскажите, пожалуйста, номер договора."},
        {"author": "customer", "text": "448190"},
    ])
    assert [(i.kind, i.value, i.source) for i in items] == [("contract", "448190", "message:2")]


def test_bare_number_without_request_is_not_typed():
    items = thread_items([{"author": "customer", "text": "448190"}])
    assert items == []


def test_attachments_and_profile():
    items = thread_items(
        [{"author": "customer", "text": "Ошибка при оплате, скрин и чек прикладываю.",
          "attachments": [{"name": "err.png", "type": "image/png"},
                          {"name": "check.pdf", "type": "application/pdf"}]}],
        customer={"name": "Анна Смирнова", "email": "anna@example.ru", "phone": "+79161234567",
                  "fields": {"order_id": "4815", "contract": "C-7", "plan": "Стандарт",
                             "delivery_address": "ул. Мира, 1"}},
    )
    got = {(i.kind, i.source) for i in items}
    assert ("screenshot", "attachment:0:0") in got
    assert ("document", "attachment:0:1") in got
    assert {("name", "customer.name"), ("email", "customer.email"), ("phone", "customer.phone"),
            ("order", "customer.fields.order_id"), ("contract", "customer.fields.contract"),
            ("address", "customer.fields.delivery_address")} <= got
    assert not any(i.source == "customer.fields.plan" for i in items)


def test_problem_description_needs_detail():
    detailed = thread_items([{"author": "customer", "text": (
        "С утра не работает приложение: открывается белый экран, потом вылетает. "
        "Переустанавливал, чистил кэш — не помогает.")}])
    short = thread_items([{"author": "customer", "text": "Приложение не работает."}])
    assert [i.kind for i in detailed] == ["problem"]
    assert short == []


def asked(text: str) -> list[tuple[list[str], bool]]:
    return [(r.kinds, r.new_data) for r in requests_in(Text("draft", text))]


@pytest.mark.parametrize("text, kinds", [
    ("Пришлите, пожалуйста, номер заказа.", ["order"]),
    ("Укажите ФИО и e-mail.", ["name", "email"]),
    ("Не могли бы вы продублировать номер договора?", ["contract"]),
    ("Для проверки нам понадобится трек-номер посылки.", ["tracking"]),
    ("Приложите скриншот ошибки — передадим разработчикам.", ["screenshot"]),
    ("Подскажите последние 4 цифры карты.", ["card"]),
    ("Какой у вас номер заказа?", ["order"]),
    ("Уточните, пожалуйста, на какой адрес оформлен заказ.", ["address"]),
    ("Опишите, пожалуйста, подробнее, что происходит.", ["problem"]),
    ("Напишите, что именно не работает.", ["problem"]),
])
def test_requests(text, kinds):
    found = asked(text)
    assert found and found[0][0] == kinds and found[0][1]


@pytest.mark.parametrize("text", [
    "Подтвердите, пожалуйста, что адрес — ул. Гагарина, 14, кв. 7.",  # confirmation
    "Уточните: номер заказа 74120098 или 74120089?",  # a value quoted: a check
    "Присылать ничего не нужно.",  # negated
    "При оформлении выберите «Ко времени» и укажите нужный час.",  # form instructions
    "Напишите нам на почту, если вопросы останутся.",  # a channel, not data
    "Вы пишете, что адрес изменился.",  # not an imperative
    "Мы отправили номер заказа вам на почту.",  # not a request
    "Как оформить заказ:\n1. Добавьте товар в корзину.\n2. Укажите телефон и адрес доставки.",  # steps
    "Для отправок от юрлица нужен договор.",  # a document to have, not data to tell
    "Вам пришёл чек?",  # asks about an event
])
def test_not_requests_for_new_data(text):
    assert not any(new for _, new in asked(text))


def test_conditional_request_is_marked():
    (req,) = requests_in(Text("draft", "Если адрес изменился, напишите новый адрес."))
    assert req.conditional and not req.new_data
