"""Offers: a sale to an unhappy customer, an offer off the question's topic or ruled out by the
thread — and the compensation and welcome offers that are neither. Threads written for these tests."""
import pytest

from replylint import check
from replylint.analysis import AnalysedThread
from replylint.model import Thread
from replylint.nlp.offers import offers

UPSELL = {"upsell-to-unhappy-customer", "off-topic-upsell"}


def fired(question, draft):
    return {f.rule for f in check({"question": question, "draft": draft}).findings}


def found(draft, question="Вопрос?"):
    ctx = AnalysedThread(Thread.model_validate({"question": question, "draft": draft}))
    return [o.why for o in ctx.memo(offers)]


@pytest.mark.parametrize("draft", [
    "Рекомендуем подключить тариф «Скорость 300» всего за 790 ₽ в месяц.",
    "Оформите подписку «Плюс» за 299 ₽ — доставка будет бесплатной.",
    "Кстати, до воскресенья скидки до 30% на всю технику!",
    "Сейчас действует акция на зимние шины.",
    "Советуем перейти на пакет «Премиум» — в нём безлимитные звонки.",
    "Кстати, для вас есть отличное предложение: кредитная карта с кешбэком.",
])
def test_sales_offers(draft):
    assert found(draft), draft


@pytest.mark.parametrize("draft", [
    "В качестве извинения начислили вам 500 бонусов, ничего оформлять не нужно.",
    "В знак извинения продлили подписку на месяц бесплатно.",
    "Скидка не применилась, потому что промокод действует от 2 000 ₽.",
    "Откройте «Тарифы» → «Сменить тариф» и выберите «Базовый».",
    "Рекомендуем перезагрузить роутер и подождать 5 минут.",
    "Оформите возврат в личном кабинете, деньги придут за 5 дней.",
    "Тариф Pro активировали вручную, он действует до 14 декабря.",
])
def test_not_sales_offers(draft):
    assert not found(draft), draft


def test_apology_gift_that_needs_a_purchase_is_still_a_sale():
    draft = "В качестве извинения дарим промокод на скидку 15% на следующий заказ."
    assert found(draft)
    assert "upsell-to-unhappy-customer" in fired("Курьер опоздал на час, суп остыл!", draft)


@pytest.mark.parametrize("question", [
    "К сожалению, заказ так и не пришёл, хотя обещали вчера.",   # polite complaint
    "Третий раз привозите не тот размер!!",                       # angry
    "Спасибо за такой сервис, неделю жду ответа.",                # sarcasm
])
def test_sale_to_unhappy_customer(question):
    draft = "Извините, пожалуйста! Разберёмся сегодня до 18:00. Кстати, оформите подписку «Экспресс» за 199 ₽ — заказы будут приезжать быстрее."
    assert "upsell-to-unhappy-customer" in fired(question, draft)


def test_compensation_to_unhappy_customer_is_fine():
    question = "Курьер опоздал на полтора часа, пицца холодная."
    draft = ("Извините, пожалуйста, за опоздание! Вернули стоимость пиццы на карту, "
             "а в качестве извинения отправили промокод на бесплатную пиццу — платить по нему не нужно.")
    assert not UPSELL & fired(question, draft)


def test_offer_to_a_neutral_customer_on_topic_is_fine():
    question = "Подскажите, сколько стоит доставка холодильника на дачу?"
    draft = "Доставка холодильника на дачу стоит 1 990 ₽. Оформите подписку «Доставка+» за 299 ₽ в месяц — с ней доставка бесплатная."
    assert not UPSELL & fired(question, draft)


@pytest.mark.parametrize("question, draft", [
    ("Во сколько закрывается магазин на Садовой?",
     "Магазин на Садовой работает до 21:00. Кстати, до воскресенья скидки до 50% на садовую мебель!"),
    ("Как сменить ПИН-код карты?",
     "ПИН-код меняется в приложении: «Карты» → «Настройки». Также рекомендуем оформить страховку путешественника всего за 990 ₽."),
    ("Спасибо за быструю доставку! До скольки работает поддержка?",
     "Спасибо за тёплые слова! Поддержка работает круглосуточно. Рекомендуем оформить кредитную карту «Плюс» — кешбэк до 10%."),
])
def test_off_topic_offer(question, draft):
    got = fired(question, draft)
    assert "off-topic-upsell" in got and "upsell-to-unhappy-customer" not in got


@pytest.mark.parametrize("question, draft", [
    ("Я живу в деревне Ивановка, ваш кабель туда не проведён. Как раздать интернет с телефона?",
     "Включите «Точка доступа» в настройках телефона. Также предлагаем подключить домашний оптический интернет «Гига» за 600 ₽."),
    ("У меня нет машины, где ближайший пункт выдачи к метро?",
     "Ближайший пункт — ул. Лесная, 7, в 5 минутах от метро. Также рекомендуем оформить каско со скидкой 20% для вашей машины."),
])
def test_offer_ruled_out_by_the_thread(question, draft):
    report = check({"question": question, "draft": draft})
    (f,) = [f for f in report.findings if f.rule == "off-topic-upsell"]
    assert f.related and f.related[0].source == "message:0"


@pytest.mark.parametrize("question, draft", [
    ("Тариф стал дорогим, что можете предложить подешевле?",
     "Есть тариф «Эконом» за 350 ₽ в месяц — 10 ГБ и 200 минут, перейти можно в приложении."),
    ("Хочу купить ноутбук для учёбы, что посоветуете?",
     "Советуем Lenovo IdeaPad 3 за 54 990 ₽ — сейчас на него скидка 10% по промокоду STUDY."),
    ("Если нет проводного интернета в моём доме, какие есть варианты?",
     "В ваш дом кабель пока не проведён, но можем предложить 4G-роутер с тарифом «Дом LTE» за 750 ₽ в месяц."),
])
def test_asked_for_offers(question, draft):
    assert not UPSELL & fired(question, draft)


def test_discount_on_this_order_is_compensation_next_purchase_is_a_sale():
    question = "Заказ пришёл с помятой коробкой, внутри всё цело, но неприятно."
    this_order = "Извините, пожалуйста, за помятую коробку! Можем предложить скидку 10% на этот заказ — вернём 350 ₽ на карту сегодня."
    next_one = "Извините, пожалуйста, за помятую коробку! Приносим извинения и дарим скидку 20% на следующую покупку."
    assert not UPSELL & fired(question, this_order)
    # a store-wide discount sells to an unhappy customer, but names no product to be off-topic
    assert fired(question, next_one) & UPSELL == {"upsell-to-unhappy-customer"}


def test_related_through_topic_clusters_and_split_tokens():
    question = "У меня не работает интернет дома со вчерашнего дня!"
    draft = ("Извините за перебои! Бригада восстановит связь сегодня до 18:00. "
             "Рекомендуем перейти на тариф «Надёжный» с резервным 4G-каналом за 890 ₽ в месяц.")
    assert fired(question, draft) & UPSELL == {"upsell-to-unhappy-customer"}


def test_advice_on_the_interface_is_no_offer():
    assert found("Такой возможности нет. Рекомендуем воспользоваться разделом «Комментарии» в веб-версии.") == []
    assert found("Рекомендуем подключить тариф «Турбо» в разделе «Тарифы».") != []
