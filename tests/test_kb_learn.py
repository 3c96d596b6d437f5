import json

from replylint.kb import Template
from replylint.kb.learn import learn

KB = [
    Template(id="delivery", title="Сроки доставки", questions=["Когда привезут заказ?"],
             body="Здравствуйте, {{ customer.first_name }}! Доставка по Москве занимает 1–2 дня, по России — до 7 дней."),
    Template(id="refund", title="Возврат денег",
             body="Деньги за возвращённый товар поступят на карту в течение 10 рабочих дней после получения товара."),
]


def test_learn_from_ids_and_replies():
    lines = [
        json.dumps({"question": "Сколько ехать посылке в Казань?", "template_id": "delivery"}, ensure_ascii=False),
        json.dumps({"question": "когда привезут заказ", "template_id": "delivery"}, ensure_ascii=False),  # duplicate
        json.dumps({"question": "Когда вернут деньги?",
                    "reply": "Анна, деньги за возвращённый товар поступят на карту в течение 10 рабочих дней после получения."},
                   ensure_ascii=False),
        json.dumps({"question": "А скидки есть?", "reply": "Да, в пятницу скидка на всё 20%."}, ensure_ascii=False),
        "{broken",
        json.dumps({"question": "?", "template_id": "nope"}),
        json.dumps({"reply": "нет вопроса"}, ensure_ascii=False),
    ]
    new, stats = learn(KB, lines, None)
    by = {t.id: t for t in new}
    assert by["delivery"].questions == ["Когда привезут заказ?", "Сколько ехать посылке в Казань?"]
    assert by["refund"].questions == ["Когда вернут деньги?"]
    assert KB[1].questions == []  # input not mutated
    assert stats.added == 2 and stats.duplicates == 1
    assert len(stats.unmatched) == 1 and stats.unmatched[0].startswith("line 4")
    assert [e.split(":")[0] for e in stats.errors] == ["line 5", "line 6", "line 7"]
