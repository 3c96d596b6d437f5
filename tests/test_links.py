"""Links: a help reference instead of an answer, and a link placed before the answer.
Threads written for these tests."""
import pytest

from replylint import check
from replylint.analysis import Text
from replylint.nlp.links import help_url, references


def fired(question, draft):
    return {f.rule for f in check({"question": question, "draft": draft}).findings}


def refs(draft):
    return [r.text for r in references(Text("draft", draft))]


@pytest.mark.parametrize("draft", [
    "Сроки описаны на сайте в разделе «Доставка».",
    "См. раздел «Оплата» на сайте.",
    "Ответ есть в FAQ.",
    "Посмотрите в личном кабинете в разделе «Помощь».",
    "На сайте есть инструкция по настройке.",
    "Инструкция по ссылке.",
    "Ознакомьтесь со статьёй «Как сменить тариф».",
    "Подробнее: https://shop.ru/help/return",
    "Все тарифы собраны на странице https://tel.ru/tariffs",
    "Подробная инструкция есть на сайте.",
    "Все условия описаны на нашем сайте в разделе «Доставка».",
    "Ответы на частые вопросы собраны на странице помощи.",
    "Почитайте нашу справку.",
    "Всё подробно расписано в статье на сайте.",
    "Если остались вопросы, загляните в раздел «Помощь» на сайте.",
])
def test_help_references(draft):
    assert refs(draft), draft


@pytest.mark.parametrize("draft", [
    "Откройте «Профиль» → «Безопасность» и нажмите «Сменить пароль».",
    "Оплатить заказ можно по ссылке https://pay.shop.ru/o/5521",
    "Отследить посылку можно на сайте https://track.post.ru по номеру 8812.",
    "Новая дата списания уже видна в разделе «Оплата».",
    "Пишите нам на help@shop.ru, ответим за час.",
    # a UI step with a direct link to the screen
    "Авторизуйтесь и перейдите в раздел «Видео» в Студии: https://studio.example.ru/videos.",
    # reading and web words that describe a noun, or that are not in one phrase (RUTUBE answers)
    "Это трансляция, которую можно смотреть только по приглашению автора по специальной ссылке.",
    "Да, можно, но только если вы предоставите ссылку на страницу, где указаны условия лицензии.",
    "Совершите действия, указанные в сервисе, для получения ссылки.",
    "Приложите паспорт, ИНН и справку о постановке на учёт или справку из налоговой.",
    "Значок «18+» на странице видео означает, что ролик не стоит смотреть детям.",
    "Это значит, что мы нашли в ролике нарушение правил и удалили его с сайта.",
    "Введите номер телефона в поле на первой странице раздела трансляций: https://example.ru/create-stream/",
])
def test_not_help_references(draft):
    assert not refs(draft), draft


def test_help_url_shapes():
    assert help_url("https://shop.ru/help/return") and help_url("https://shop.ru/faq#pay")
    assert not help_url("https://pay.shop.ru/o/5521")


def test_a_clause_of_its_own_is_content():
    (r,) = references(Text("draft", "Да, вернуть можно в течение 14 дней — подробнее на сайте: https://shop.ru/help/return"))
    assert [c.text for c in r.content] == ["Да, вернуть можно в течение 14 дней"]
    assert r.text.startswith("подробнее")


@pytest.mark.parametrize("question, draft", [
    ("Сколько стоит доставка в Тверь?", "Здравствуйте! Стоимость доставки указана на сайте в разделе «Доставка»."),
    ("Как подключить автоплатёж?", "Инструкция по подключению автоплатежа: https://bank.ru/help/autopay"),
    ("Когда придут деньги за возврат?", "Сроки возврата денег описаны в разделе «Возврат» на нашем сайте."),
    ("Можно ли сдать билет за час до поезда?", "Все правила возврата билетов есть в FAQ: https://rail.ru/faq/refund"),
    ("Какие документы нужны для кредита?", "Список документов есть на странице кредита: https://bank.ru/credit/docs"),
])
def test_link_instead_of_answer(question, draft):
    assert "faq-link-dump" in fired(question, draft)


@pytest.mark.parametrize("question, draft", [
    # the answer is stated, the link is extra reading
    ("Сколько стоит доставка в Тверь?", "Доставка в Тверь стоит 490 ₽, привезём за 2 дня. Все тарифы: https://shop.ru/help/delivery"),
    # the customer asked WHERE: the link is the answer
    ("Где можно почитать оферту?", "Оферта опубликована на сайте в разделе «Документы»: https://shop.ru/docs/oferta"),
    # «не могу найти» asks where, question mark or not
    ("Не могу найти свой ролик, помогите", "Опубликованные ролики можно найти в Студии в разделе «Видео»: https://studio.example.ru/videos"),
    # the customer asked for the document itself
    ("Есть ли у вас инструкция к роутеру на русском?", "Да, инструкция на русском есть на сайте: https://net.ru/help/router-ru"),
    # «как» answered with «automatically», the link is about something else
    ("Как подключить роуминг?", "Роуминг подключается автоматически, ничего делать не нужно. Цены по странам — на странице https://tel.ru/roaming"),
    # an action link is the answer
    ("Как оплатить заказ?", "Оплатить заказ можно по ссылке из письма: https://pay.shop.ru/o/55121 — картой или через СБП."),
])
def test_answer_with_a_link_is_not_a_dump(question, draft):
    assert not {"faq-link-dump", "link-before-answer"} & fired(question, draft)


def test_link_before_the_answer():
    question = "Как поменять пароль от личного кабинета?"
    first = "Инструкция: https://shop.ru/help/password\nОткройте «Профиль» → «Безопасность» и нажмите «Сменить пароль»."
    last = "Откройте «Профиль» → «Безопасность» и нажмите «Сменить пароль». Инструкция: https://shop.ru/help/password"
    assert "link-before-answer" in fired(question, first)
    assert not {"link-before-answer", "faq-link-dump"} & fired(question, last)


def test_link_before_answer_span_and_evidence():
    report = check({"question": "Сколько хранится посылка?",
                    "draft": "Правила хранения: https://post.ru/help/storage\nПосылка хранится 7 дней."})
    (f,) = [f for f in report.findings if f.rule == "link-before-answer"]
    assert f.span.text == "Правила хранения: https://post.ru/help/storage"
    assert f.related and "7 дней" in f.related[0].text
