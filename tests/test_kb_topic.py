"""`replylint.kb.topic`: is a template draft on the customer's topic? (wrong-topic-template)"""
import pytest

from replylint.kb import KBIndex, Template
from replylint.kb.topic import body_text, check_topic, draft_template
from replylint.nlp.pipeline import analyse

KB = [
    Template(id="delivery-time", title="Сроки доставки", questions=["Когда привезут мой заказ?", "Сколько идёт доставка?"],
             body="Здравствуйте, {{ customer.first_name }}!\n\nДоставка по Москве занимает 1–2 дня, по России — от 3 до 7 рабочих дней.\n\nС уважением,\nПоддержка"),
    Template(id="password-reset", title="Восстановление пароля", questions=["Забыл пароль", "Не могу войти в кабинет"],
             body="Здравствуйте!\n\nЧтобы восстановить пароль, нажмите «Забыли пароль?» на странице входа и введите email — придёт ссылка для сброса.\n\nС уважением,\nПоддержка"),
    Template(id="payment-card", title="Оплата картой", questions=["Можно ли оплатить банковской картой?"],
             body="Да, мы принимаем карты Visa, Mastercard и МИР на сайте и при получении заказа."),
    Template(id="returns", title="Возврат товара", questions=["Как вернуть товар?"],
             body="Вернуть товар можно в течение 14 дней: оформите заявку в личном кабинете и сдайте товар в пункт выдачи."),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return KBIndex.build(KB, cache=tmp_path_factory.mktemp("cache"))


def verdict(index, question, draft, template_id=None):
    return check_topic(draft, template_id, [analyse(question)], analyse(draft), index)


PASSWORD = "Здравствуйте, Олег!\n\nЧтобы восстановить пароль, нажмите «Забыли пароль?» на странице входа и введите email — придёт ссылка для сброса.\n\nС уважением,\nПоддержка"


def test_body_text_drops_greeting_signature_placeholders():
    assert body_text(KB[0].body) == "доставка по москве занимает 1–2 дня, по россии — от 3 до 7 рабочих дней."


def test_template_found_in_the_draft_text(index):
    m = draft_template(PASSWORD, None, index)
    assert m is not None and m.template.id == "password-reset"
    assert draft_template("Олег, добрый день! Посмотрю и отвечу до вечера.", None, index) is None


def test_kb_template_on_another_topic_is_wrong(index):
    v = verdict(index, "Сколько дней идёт доставка в Казань?", PASSWORD)
    assert v is not None and v.wrong and v.match.template.id == "password-reset"
    assert v.best is not None and v.best.id == "delivery-time"


def test_kb_template_on_topic_is_fine_even_in_other_words(index):
    assert not verdict(index, "не получается зайти, пароль не подходит", PASSWORD).wrong
    assert not verdict(index, "когда привезут?", KB[0].body, "delivery-time").wrong


def test_unknown_template_judged_by_its_words(index):
    customs = ("Здравствуйте! Международные отправления проходят таможенное оформление в течение 3–7 рабочих дней. "
               "Если стоимость превышает 200 евро, потребуется оплатить пошлину.")
    assert verdict(index, "Как вернуть куртку, если не подошёл размер?", customs, "customs-clearance").wrong
    assert not verdict(index, "Сколько длится таможенное оформление посылки из Китая?", customs, "customs-clearance").wrong


def test_free_written_draft_is_not_judged(index):
    assert verdict(index, "Сколько стоит доставка?", "Ирина, здравствуйте! Пароль можно сменить в профиле.") is None


def test_a_template_on_the_topic_of_the_best_answers_is_no_wrong_topic(tmp_path):
    kb = [Template(id=t.id, title=t.title, questions=t.questions, body=t.body,
                   topic="Аккаунт" if t.id == "password-reset" else "Доставка" if t.id == "delivery-time" else "Оплата")
          for t in KB] + [
        Template(id="delivery-late", title="Заказ задерживается", topic="Доставка",
                 questions=["Курьер опаздывает", "Где мой заказ? Жду уже неделю"],
                 body="Приносим извинения за задержку: заказ передан курьеру и будет у вас в ближайшие дни.")]
    idx = KBIndex.build(kb, cache=tmp_path)
    question = "Жду заказ уже неделю, курьер так и не приехал"
    assert idx.search(question, top=1)[0].id == "delivery-late"
    # the KB prefers the delay template, but the delivery-times one is on the same topic
    assert not verdict(idx, question, KB[0].body, "delivery-time").wrong
    # a payment template is not
    assert verdict(idx, question, KB[2].body, "payment-card").wrong
