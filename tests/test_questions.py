"""Question extraction from the customer's messages: own examples, typos and no punctuation."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


from replylint.analysis import Text
from replylint.nlp.questions import extract

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "questions.jsonl"


@lru_cache(maxsize=None)
def qs(message: str):
    return extract(Text("message:0", message, "customer", 0))


def kinds(message: str) -> list[str]:
    return [q.kind for q in qs(message)]


def test_question_without_question_mark():
    assert kinds("када привезут мой заказ") == ["when"]
    assert kinds("скока стоит доставка до Твери") == ["howmuch"]


def test_two_questions_joined_by_and():
    found = qs("Когда привезут холодильник и можно ли оплатить его картой курьеру?")
    assert [q.kind for q in found] == ["when", "yesno"]
    assert found[0].span.text.startswith("Когда привезут")
    assert found[1].span.text.startswith("можно ли оплатить")
    assert "карта" in found[1].topic and "оплатить" in found[1].topic


def test_li_question_and_question_in_the_middle_of_narrative():
    found = qs("Заказала пылесос неделю назад, когда его отправят? Оплатила сразу.")
    assert [q.kind for q in found] == ["when"]
    assert found[0].span.text == "когда его отправят?"
    assert kinds("доставляете ли вы в Зеленоград") == ["yesno"]


def test_indirect_questions():
    assert kinds("Подскажите, где найти договор в личном кабинете") == ["where"]
    assert kinds("Интересует, есть ли доставка в выходные") == ["yesno"]
    assert kinds("Хочу узнать, сколько будет стоить ремонт") == ["howmuch"]
    assert kinds("не понимаю почему не проходит оплата") == ["why"]
    found = qs("Подскажите, пожалуйста, какой срок гарантии на чайник")
    assert found[0].indirect and found[0].kind == "when"


def test_requests_and_wishes():
    assert kinds("Верните деньги за отменённый заказ!") == ["request"]
    assert kinds("Заблокируйте карту, её украли") == ["request"]
    assert kinds("хочу обменять куртку на размер больше") == ["request"]
    assert kinds("Прошу сделать перерасчёт за дни без связи") == ["request"]
    two = qs("Отмените подписку и верните деньги за март")
    assert [q.kind for q in two] == ["request", "request"]
    assert [q.focus for q in two] == ["отменить", "вернуть"]


def test_not_questions():
    assert kinds("Спасибо большое за помощь!") == []
    assert kinds("Здравствуйте! Вчера оформила заказ и оплатила картой.") == []
    assert kinds("Сколько можно ждать ответа?!") == []
    assert kinds("Это вообще нормально?! Третий раз переносите доставку") == []
    assert kinds("Курьер позвонил, когда я была на работе.") == []
    assert kinds("Хочу сказать спасибо курьеру") == []


def test_numbered_list():
    found = qs("Подскажите: 1) принимаете ли старую технику 2) сколько дней идёт возврат 3) нужен ли чек")
    assert [q.kind for q in found] == ["yesno", "when", "yesno"]


def test_spans_point_into_the_message():
    msg = "Добрый день! Где мой возврат? Сдала товар две недели назад"
    q = qs(msg)[0]
    assert q.span.source == "message:0"
    assert msg[q.span.start:q.span.end] == "Где мой возврат?"


def test_annotated_set_accuracy():
    """The benchmark's annotated messages: every message with exactly its question types."""
    rows = [json.loads(l) for l in DATA.read_text(encoding="utf-8").splitlines() if l.strip()]
    assert len(rows) >= 40
    right = sum(kinds(r["text"]) == r["kinds"] for r in rows)
    assert right / len(rows) >= 0.9
