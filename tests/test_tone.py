"""Tone and template rules: behaviour that lexicons of surface strings would get wrong."""
import pytest

from replylint import Settings, check


def fired(question, draft, settings=None, **thread):
    data = {"messages": [{"author": "customer", "text": question}], "draft": {"text": draft}, **thread}
    return {f.rule for f in check(data, settings).findings}


def test_lexicons_match_inflected_forms():
    assert "bureaucratese" in fired("Когда вернут?", "Возвратом денежных средств занимается бухгалтерия, он осуществлялся вчера.")
    assert "excuses" in fired("Почему так долго?", "Наши сотрудники болели, поэтому ответ задержался. Извините.")


def test_ty_forms_are_read_from_morphology_not_letters():
    assert "familiar-address" in fired("Где чек?", "Открой письмо и скачай чек.")
    # «ты» inside a word, a quoted button label and 2nd person plural are not ты-address
    assert "familiar-address" not in fired("Где чек?", "Откройте письмо «Скачай чек» — там тысячи покупок и ваш чек.")


def test_brand_voice_ty_allows_ty_and_flags_vy():
    ty = Settings(voice="ты")
    assert "familiar-address" not in fired("Где чек?", "Привет! Открой письмо и скачай чек.", ty)
    assert "inconsistent-address" in fired("Где чек?", "Откройте письмо и скачайте чек.", ty)


def test_capitalised_vy_mixed_with_lowercase():
    assert "inconsistent-address" in fired("Когда?", "Мы отправим Вам письмо, а вашу заявку рассмотрим до пятницы.")
    assert "inconsistent-address" not in fired("Когда?", "Вы получите письмо до пятницы, а вашу заявку рассмотрим завтра.")


@pytest.mark.parametrize("word", ["бл@ть", "х*рня", "с*ка"])
def test_masked_profanity(word):
    assert "rude-or-blaming" in fired("Где заказ?", f"Да {word}, ждите.")


def test_shouting_knows_abbreviations_and_brand_capitals():
    assert "shouting" not in fired("Куда?", "Отправим через СДЭК, чек придёт по SMS, ИНН и КПП есть в договоре, ОГРНИП тоже.")
    assert "shouting" in fired("Куда?", "ОБЯЗАТЕЛЬНО возьмите ПАСПОРТ.")
    assert "shouting" in fired("Куда?", "Заберите заказ сегодня!!")


def test_late_reply_needs_apology_with_configurable_sla():
    thread = {"messages": [{"author": "customer", "text": "Можно оплатить частями?", "sent_at": "2026-05-10T09:00:00+03:00"}],
              "draft": {"text": "Да, можно: выберите «Частями».", "created_at": "2026-05-10T12:00:00+03:00"}}
    assert "missing-apology" in {f.rule for f in check(thread).findings}
    assert "missing-apology" not in {f.rule for f in check(thread, Settings(sla_hours=4)).findings}


def test_polite_complaint_with_negation_needs_apology_but_own_loss_does_not():
    assert "missing-apology" in fired("К сожалению, заказ так и не пришёл.", "Заказ привезут завтра до 18:00.")
    assert "missing-apology" not in fired("Я потеряла карту, заблокируйте!", "Карту заблокировали.")


def test_refusal_with_reason_after_colon_is_not_bare():
    assert "bare-refusal" in fired("Можно вернуть?", "К сожалению, вернуть нельзя.")
    assert "bare-refusal" not in fired("Можно вернуть?", "Вернуть нельзя: прошло больше 14 дней с покупки.")


def test_generic_salutation_needs_a_known_name():
    signed = "Есть самовывоз?\n\nС уважением, Олег Петров"
    assert "generic-salutation" in fired(signed, "Уважаемый покупатель! Самовывоз есть.")
    assert "generic-salutation" not in fired("Есть самовывоз?", "Уважаемый покупатель! Самовывоз есть.")
    # a person named mid-message is somebody else
    assert "generic-salutation" not in fired("Спасибо курьеру Дмитрию! Есть самовывоз?", "Уважаемый покупатель! Самовывоз есть.")


def test_placeholders_in_a_code_sample_the_customer_asked_for_are_content():
    assert "unfilled-placeholder" in fired("Когда доставка?", "Здравствуйте, %username%! Завтра.")
    assert "unfilled-placeholder" not in fired("Как подставить переменную с именем в шаблон?", "Напишите {{name}} в тексте шаблона.")


def test_thanks_in_a_sarcastic_complaint_is_not_gratitude():
    assert "unanswered-thanks" not in fired("Спасибо, заказ так и не пришёл!", "Извините! Заказ привезут завтра до 12:00.")


def test_a_first_name_in_the_email_address_counts_as_known():
    draft = "Уважаемый клиент! Заказ отправили вчера."
    assert "generic-salutation" in fired("Где заказ?", draft, customer={"email": "olga.petrova85@mail.ru"})
    assert "generic-salutation" not in fired("Где заказ?", draft, customer={"email": "pokupki2019@mail.ru"})
    assert "generic-salutation" not in fired("Где заказ?", draft, customer={"email": "a.mineev@mail.ru"})  # a surname only
