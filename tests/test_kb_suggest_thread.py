"""`suggest_for_thread`: one template per open-turn question, filled from the thread."""
import pytest

from replylint.kb import KBIndex, Template, suggest_for_thread

KB = [
    Template(id="delivery-late", title="Задержка доставки", questions=["Заказ не пришёл, когда привезут?", "где мой заказ, уже неделю жду"],
             channels=["email", "chat"],
             body="Здравствуйте, {{ customer.first_name }}! Извините, что заказ {{ order.id }} задерживается: привезём в течение 2 дней."),
    Template(id="pay-sbp", title="Оплата через СБП", questions=["Можно оплатить через СБП?", "есть оплата по qr-коду?"],
             body="Здравствуйте, {{ customer.first_name }}! Да, заказ можно оплатить через СБП без комиссии."),
    Template(id="return-how", title="Как вернуть товар", questions=["Как вернуть товар?"],
             body="Здравствуйте! Вернуть товар можно в течение 14 дней. Оператор: {{ agent.name }}."),
    Template(id="thanks-public", title="Спасибо за отзыв", questions=["спасибо, всё пришло"], channels=["social_public"],
             body="Спасибо за отзыв!"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return KBIndex.build(KB, cache=tmp_path_factory.mktemp("cache"))


def thread(text, channel="chat"):
    return {"id": "T-9", "channel": channel,
            "customer": {"name": "Анна Смирнова", "fields": {"order_id": "4815162342"}},
            "messages": [{"author": "customer", "text": text}], "draft": {"text": "…"}}


def test_one_template_per_question_filled(index):
    out = suggest_for_thread(thread("Здравствуйте! Заказ 4815162342 так и не пришёл, когда привезут? "
                                    "И можно ли следующий оплатить через СБП?"), index, top=3)
    ids = [s.id for s in out]
    assert set(ids[:2]) == {"delivery-late", "pay-sbp"}, ids
    late = next(s for s in out if s.id == "delivery-late")
    assert late.text.startswith("Здравствуйте, Анна!") and "4815162342" in late.text and not late.unfilled
    assert late.covers and all(c.source == "message:0" for c in late.covers)
    sbp = next(s for s in out if s.id == "pay-sbp")
    assert any("СБП" in c.text for c in sbp.covers)
    assert all(0.0 <= s.score <= 1.0 for s in out)
    assert out[0].as_model().id == out[0].id


def test_unfilled_reported_and_channel_respected(index):
    out = suggest_for_thread(thread("Как вернуть товар?", channel="social_public"), index, top=4)
    ids = [s.id for s in out]
    assert ids[0] == "return-how"
    assert "agent.name" in out[0].unfilled
    assert "delivery-late" not in ids  # an email/chat template is not offered for a public comment


def test_no_open_turn_no_suggestions(index):
    t = thread("Как вернуть товар?")
    t["messages"].append({"author": "agent", "text": "Оформите возврат в личном кабинете."})
    assert suggest_for_thread(t, index) == []
