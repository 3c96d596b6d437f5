"""The customer's mood: negation, polite complaints, sarcasm, intensity, conditionals — the cases
a bag of words gets wrong. Messages are written for these tests."""
import pytest

from replylint import check
from replylint.analysis import AnalysedThread
from replylint.model import Thread
from replylint.nlp.mood import mood


def read(*messages: str):
    thread = Thread.model_validate({
        "messages": [{"author": "customer", "text": m} for m in messages], "draft": {"text": "."}})
    return AnalysedThread(thread).memo(mood)


@pytest.mark.parametrize("text", [
    "К сожалению, заказ так и не пришёл.",
    "Добрый день. Подскажите, пожалуйста, почему посылка до сих пор в пути? Обещали к среде.",
    "Уважаемая поддержка, к сожалению, кофемашина перестала греть воду через две недели.",
    "Мне кажется, вы ошиблись: в чеке 900 ₽, а с карты сняли 1 900 ₽.",
    "Пожалуйста, разберитесь: мне начислили штраф, хотя я платила вовремя.",
    "Бонусы за прошлый заказ не начислились.",
    "Что за списание 49 рублей с карты каждый месяц?",
])
def test_polite_complaints_are_failures(text):
    m = read(text)
    assert m.label == "negative" and m.complaint, text


@pytest.mark.parametrize("text", [
    "Всё пришло, ничего не разбилось, спасибо!",
    "Диван доставили без единой царапины, очень довольны.",
    "Обслуживаюсь у вас три года, ни разу не было проблем. Спасибо!",
])
def test_negated_failure_is_praise(text):
    m = read(text)
    assert m.label == "positive" and not m.failures, text


@pytest.mark.parametrize("text", [
    "Заказ ещё не пришёл, но срок до пятницы — просто уточняю.",
    "Если посылка не придёт до праздников, можно будет отменить заказ?",
    "Где чинить пылесос, если он вдруг сломается?",
    "Я потерял карту, заблокируйте её, пожалуйста!",
    "Не могу понять, где в приложении скачать выписку.",
    "Я сервисом в этом месяце не пользовался, отмените подписку.",
    # «что за X?» asks what X is; only a word of indignation or a charge makes it a complaint
    "Что за студия для смартфонов?",
    "Подтверждение e-mail, что за ссылка пришла?",
])
def test_not_a_complaint(text):
    m = read(text)
    assert not m.failures and m.label == "neutral", text


def test_sarcasm_is_negative_not_thanks():
    m = read("Спасибо за такой сервис: вторую неделю жду возврат.")
    assert m.label == "negative" and m.sarcasm and not m.positives
    assert read("Ну спасибо, удружили.").label == "negative"
    assert read("Отличная доставка, ничего не скажешь.").label == "negative"


def test_intensity_without_praise_is_negative():
    assert read("Когда уже привезут??").label == "negative"
    assert read("ГДЕ МОЙ ЗАКАЗ, Я ЖДУ").label == "negative"
    assert read("Спасибо огромное!!!").label == "positive"


def test_negated_praise_is_negative():
    assert read("Пицца совсем не понравилась, тесто сырое.").label == "negative"


def test_complaint_wins_over_thanks_in_the_same_turn():
    m = read("Спасибо, что ответили.", "Но заказ так и не привезли.")
    assert m.label == "negative" and m.positives
    assert m.evidence and all(s.source.startswith("message:") for s in m.evidence)


def test_only_the_open_turn_counts():
    thread = {"messages": [
        {"author": "customer", "text": "Курьер опоздал на два часа!"},
        {"author": "agent", "text": "Извините! Вернули стоимость доставки."},
        {"author": "customer", "text": "Спасибо, деньги пришли."},
    ], "draft": {"text": "Рады, что всё решилось!"}}
    report = check(thread)
    assert report.mood == "positive"
    assert "missing-apology" not in {f.rule for f in report.findings}


def test_mood_in_the_report():
    assert check({"question": "К сожалению, заказ так и не пришёл", "draft": "Извините!"}).mood == "negative"


def test_own_mistake_is_not_a_company_failure():
    assert not read("Указал не тот адрес при оформлении, помогите исправить.").failures
    assert not read("Я перепутала размер, можно обменять?").failures
    assert read("Курьер перепутал адрес и увёз посылку обратно.").failures



def test_asking_what_one_may_not_do_is_no_complaint():
    assert read("Что я могу и что не могу делать во время трансляции?").label == "neutral"
    assert read("Почему я не могу оплатить картой?").label == "negative"
