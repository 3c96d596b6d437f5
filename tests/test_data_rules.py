"""The data rules (`rules/data.yaml`, `replylint/checks/data.py`) on threads written for these
tests, run on their own so that a problem in another family's pack cannot hide theirs."""
from __future__ import annotations

from functools import lru_cache

import pytest
import yaml

from replylint.analysis import AnalysedThread
from replylint.engine.loader import load_pack
from replylint.engine.registry import load_checks
from replylint.model import Thread
from replylint.resources import rules_dir


@lru_cache(maxsize=1)
def rules():
    load_checks()
    return {r.name: r for r in load_pack(rules_dir() / "data.yaml")}


def run(thread: dict, name: str):
    return list(rules()[name].run(AnalysedThread(Thread.model_validate(thread))))


def thread(*messages, draft: str, channel: str = "email", customer: dict | None = None) -> dict:
    msgs = []
    for m in messages:
        if isinstance(m, tuple):
            author, text, *att = m
            msgs.append({"author": author, "text": text,
                         "attachments": [{"name": a, "type": "image/png" if a.endswith(".png") else "application/pdf"}
                                         for a in att]})
        else:
            msgs.append({"author": "customer", "text": m})
    return {"channel": channel, "customer": customer or {}, "messages": msgs, "draft": {"text": draft}}


# --- the pack's own examples -----------------------------------------------------------------

def _examples():
    pack = yaml.safe_load((rules_dir() / "data.yaml").read_text(encoding="utf-8"))
    for rule in pack["rules"]:
        for kind in ("flagged", "clean"):
            for n, ex in enumerate(rule["examples"][kind]):
                yield pytest.param(rule["name"], kind, ex, id=f"{rule['name']}-{kind}-{n}")


@pytest.mark.parametrize("name, kind, example", list(_examples()))
def test_pack_examples(name, kind, example):
    t = dict(example.get("thread") or {})
    if example.get("question"):
        t["messages"] = [{"author": "customer", "text": example["question"]}]
    t["draft"] = {"text": example["draft"]}
    found = run(t, name)
    assert bool(found) == (kind == "flagged"), [f.span.text for f in found]
    if example.get("span"):
        assert any(f.span.text == example["span"] for f in found)


# --- re-requested-data -----------------------------------------------------------------------

def test_value_given_in_one_message_asked_in_a_later_draft():
    t = thread(
        "Здравствуйте! Заказ № 12-345/6 привезли без одного пакета.",
        "Подскажите, когда довезут?",
        draft="Здравствуйте! Извините, пожалуйста. Пришлите номер заказа — довезём сегодня до 20:00.",
    )
    (f,) = run(t, "re-requested-data")
    assert f.code == "D201" and f.severity == "error"
    assert f.span.text == "Пришлите номер заказа"
    assert f.related[0].source == "message:0" and f.related[0].text == "12-345/6"
    assert "12-345/6" in f.message


@pytest.mark.parametrize("given, ask", [
    ("Перезвоните мне: 8 (916) 123-45-67.", "Оставьте, пожалуйста, номер телефона для связи."),
    ("Мой номер +7 916 1234567, не приходят смс.", "Сообщите, пожалуйста, ваш номер телефона."),
    ("Пишу с почты l.orlova@mail.ru: чек не пришёл.", "Укажите, пожалуйста, адрес электронной почты."),
    ("Доставьте на ул. Ленина, д. 5, кв. 12.", "Напишите, пожалуйста, адрес доставки."),
    ("Посылка RA987654321RU потерялась.", "Уточните трек-номер посылки, пожалуйста."),
    ("С карты *7731 дважды списали оплату.", "Назовите последние 4 цифры карты."),
    ("Логин marina_k87, не могу войти.", "Напишите ваш логин, пожалуйста."),
    ("Бронь 7KQ2ZP, хочу поменять дату.", "Подскажите, пожалуйста, номер бронирования."),
    ("Купила 3 марта, хочу вернуть.", "Подскажите, пожалуйста, дату покупки."),
    ("Списали 1 990 руб., заказ отменён.", "Подскажите, пожалуйста, сумму списания."),
    ("Меня зовут Смирнова Анна Викторовна, оформите возврат.", "Укажите, пожалуйста, ваше ФИО."),
])
def test_each_kind_asked_again(given, ask):
    found = run(thread(given, draft=f"Здравствуйте! {ask} Проверим за час."), "re-requested-data")
    assert found, ask


def test_attachment_is_the_evidence():
    t = thread(("customer", "Ошибка при оплате, скрин во вложении.", "oplata.png"),
               draft="Здравствуйте! Пришлите, пожалуйста, скриншот ошибки.")
    (f,) = run(t, "re-requested-data")
    assert f.related[0].source == "attachment:0:0" and f.related[0].text == "oplata.png"


def test_profile_field_is_the_evidence():
    t = thread("Не работает интернет.", draft="Здравствуйте! Подскажите номер договора.",
               customer={"fields": {"contract": "771204"}})
    (f,) = run(t, "re-requested-data")
    assert f.related[0].source == "customer.fields.contract" and "771204" in f.message


def test_problem_already_described():
    t = thread("С понедельника телевизор показывает половину каналов, на остальных «Нет сигнала». "
               "Перезагружала приставку, проверяла кабель — не помогает.",
               draft="Здравствуйте! Опишите, пожалуйста, подробнее, что происходит с телевидением.")
    assert run(t, "re-requested-data")


@pytest.mark.parametrize("messages, draft, customer", [
    # confirmation of a quoted value
    (["Доставьте на ул. Мира, 8, кв. 3."], "Подтвердите, пожалуйста, что адрес — ул. Мира, 8, кв. 3.", None),
    (["Заказ 44120077, хочу вернуть."], "Уточните: номер заказа 44120077 или 44120071?", None),
    # another kind
    (["Заказ 5523017 пришёл с разбитой кружкой."], "Пришлите фото кружки — заменим её.", None),
    # a new value is other data than the profile's
    (["Сменил номер, привяжите новый."], "Напишите, пожалуйста, новый номер телефона.", {"phone": "+79161234567"}),
    # a conditional request
    (["Когда привезут заказ 88120034?"], "Завтра до 16:00. Если адрес изменился, напишите новый.", None),
    # a photo of something else than the attachment shows
    ([("customer", "Пришла разбитая кружка, фото прикладываю.", "kruzhka.png")],
     "Пришлите ещё фото чека — заменим кружку.", None),
    # a short complaint is no detailed description
    (["Телевизор не показывает."], "Опишите, пожалуйста, подробнее, что именно происходит.", None),
])
def test_not_re_requested(messages, draft, customer):
    assert not run(thread(*messages, draft=draft, customer=customer), "re-requested-data")


# --- piecemeal-request -----------------------------------------------------------------------

def test_second_round_of_data_collection():
    t = thread("Хочу сдать билет на концерт.",
               ("agent", "Здравствуйте! Напишите, пожалуйста, номер заказа."),
               "99120345",
               draft="Спасибо! Укажите ещё ФИО покупателя и e-mail — оформим возврат за 3 дня.")
    (f,) = run(t, "piecemeal-request")
    assert f.severity == "warning" and f.related[0].source == "message:1"


@pytest.mark.parametrize("messages, draft", [
    # the answer brought a new problem: the new request follows from it
    (["Не работает интернет.", ("agent", "Подскажите номер договора."),
      "554433. Кстати, роутер ещё и сам перезагружается."], "Пришлите, пожалуйста, фото индикаторов роутера."),
    # the earlier agent message asked for nothing
    (["Не работает интернет.", ("agent", "Перезагрузите, пожалуйста, роутер."), "Не помогло"],
     "Подскажите, пожалуйста, номер договора."),
    # the draft asks for nothing new
    (["Не приходит посылка.", ("agent", "Пришлите трек-номер."), "RB123456789CN"],
     "Спасибо! Посылка в Москве, доставят 12 декабря."),
])
def test_not_piecemeal(messages, draft):
    assert not run(thread(*messages, draft=draft), "piecemeal-request")


# --- public-personal-data --------------------------------------------------------------------

@pytest.mark.parametrize("draft", [
    "Извините! Укажите, пожалуйста, в комментарии номер заказа и ваш e-mail.",
    "Извините! Заказ 7714002 привезут завтра до 14:00.",
    "Извините! Ваш заказ № 4410923 на 3 490 ₽ уже у курьера.",
    "Извините! Свяжемся с вами по номеру +7 903 555-44-33 сегодня.",
    "Извините! Курьер отметил доставку на ул. Садовая, 12, кв. 48.",
])
def test_public_disclosure_or_public_request(draft):
    t = thread("Где мой заказ?!", draft=draft, channel="social_public")
    assert run(t, "public-personal-data"), draft


@pytest.mark.parametrize("draft, channel", [
    ("Извините! Напишите нам в личные сообщения номер заказа — проверим за час.", "social_public"),
    ("Извините! Напишите номер заказа нам в директ.", "social_public"),
    ("Извините! Позвоните на горячую линию 8 800 555-12-34 или напишите в ЛС.", "social_public"),
    ("Ближайший пункт выдачи — ул. Садовая, 15, с 9:00 до 21:00.", "social_public"),
    ("Извините! Деньги вернули 3 декабря, банк зачислит их до 10 декабря.", "social_public"),
    ("Заказ 7714002 на 3 490 ₽ привезут завтра.", "chat"),  # a private channel
])
def test_public_clean(draft, channel):
    assert not run(thread("Где мой заказ?!", draft=draft, channel=channel), "public-personal-data")


def test_report_lists_data_items():
    from replylint.model import DataItem, Report

    report = Report(thread_id=None, verdict="ok",
                    data=[DataItem(kind="order", value="1", span={"source": "message:0", "start": 0, "end": 1, "text": "1"})])
    assert report.model_dump()["data"][0]["kind"] == "order"
