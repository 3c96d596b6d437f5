from replylint.kb import fill
from replylint.kb.fill import placeholders, values_from_thread

VALUES = {"customer": {"name": "Анна Смирнова", "fields": {"order_id": "4815162342", "city": "Казань"}},
          "agent": {"name": "Олег"}, "ticket": {"id": "T-1042"}}


def test_basic_paths_and_derived_values():
    f = fill("Здравствуйте, {{ customer.first_name }}! Заказ {{order.id}}, обращение {{ ticket.id }}. "
             "{{ customer.fields.city }}. {{ agent.name }}", VALUES)
    assert f.text == "Здравствуйте, Анна! Заказ 4815162342, обращение T-1042. Казань. Олег"
    assert f.unfilled == []


def test_case_filters_full_name_and_first_name():
    assert fill("{{ customer.first_name | datv }}", VALUES).text == "Анне"
    assert fill("{{ customer.name | datv }}", VALUES).text == "Анне Смирновой"
    assert fill("{{ customer.name|gent }}", VALUES).text == "Анны Смирновой"
    v = {"customer": {"name": "Иван Петрович Сидоров"}}
    assert fill("{{ customer.name | datv }}", v).text == "Ивану Петровичу Сидорову"
    assert fill("{{ customer.name | ablt }}", {"customer": {"name": "Мария Ивановна Кузнецова"}}).text == \
        "Марией Ивановной Кузнецовой"


def test_default_and_unfilled_left_visible():
    f = fill('Ваш менеджер: {{ agent.name | default: "служба поддержки" }}. {{ customer.fields.inn }}', {})
    assert f.text == "Ваш менеджер: служба поддержки. {{ customer.fields.inn }}"
    assert f.unfilled == ["customer.fields.inn"]
    f = fill("Здравствуйте, {{ customer.first_name | datv }}!", {})
    assert "{{ customer.first_name | datv }}" in f.text and f.unfilled == ["customer.first_name"]


def test_dotted_values_and_thread_values():
    assert fill("{{ customer.name }}", {"customer.name": "Пётр"}).text == "Пётр"
    vals = values_from_thread({"id": "T-1", "customer": {"name": "Анна Смирнова", "fields": {"order_id": "42"}}})
    assert fill("{{ customer.first_name }} {{ order.id }} {{ ticket.id }}", vals).text == "Анна 42 T-1"
    assert placeholders("{{ a.b | datv }} {{a.b}} {{ c }}") == ["a.b", "c"]
