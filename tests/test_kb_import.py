import json

import pytest

from replylint.kb import KBError
from replylint.kb.importers import import_chatwoot, import_zammad, strip_html


def test_zammad_csv(tmp_path):
    f = tmp_path / "text_modules.csv"
    f.write_text(
        'name,keywords,content\n'
        '"Задержка доставки","доставка, задержка","<p>Здравствуйте, #{ticket.customer.firstname}!</p>'
        '<p>Заказ по обращению #{ticket.number} задерживается.<br>С уважением, #{user.firstname}&nbsp;</p>"\n'
        '"Возврат","","<div>Возврат по #{config.http_type} &amp; #{ticket.order_id}</div>"\n',
        encoding="utf-8")
    res = import_zammad(f)
    a, b = res.templates
    assert a.title == "Задержка доставки" and a.tags == ["доставка", "задержка"]
    assert a.body == ("Здравствуйте, {{ customer.first_name }}!\n\nЗаказ по обращению {{ ticket.id }} задерживается.\n"
                      "С уважением, {{ agent.name }}")
    assert a.id == "zaderzhka-dostavki"
    assert b.body == "Возврат по {{ raw.config.http_type }} & {{ order.id }}"
    assert len(res.warnings) == 1 and "config.http_type" in res.warnings[0] and "line 3" in res.warnings[0]


def test_chatwoot_json_and_csv(tmp_path):
    j = tmp_path / "canned.json"
    j.write_text(json.dumps([
        {"short_code": "hello", "content": "Привет, {{contact.first_name}}! Я {{agent.name}}, чат {{conversation.id}}."},
        {"short_code": "full", "content": "{{contact.name}}, ваш код {{contact.custom_attribute.promo}}"},
    ], ensure_ascii=False), encoding="utf-8")
    res = import_chatwoot(j)
    assert res.templates[0].id == "hello"
    assert res.templates[0].body == "Привет, {{ customer.first_name }}! Я {{ agent.name }}, чат {{ ticket.id }}."
    assert res.templates[1].body == "{{ customer.name }}, ваш код {{ raw.contact.custom_attribute.promo }}"
    assert res.warnings and "promo" in res.warnings[0]

    c = tmp_path / "canned.csv"
    c.write_text("short_code,content\nrefund,\"Деньги вернутся, {{contact.name}}\"\n", encoding="utf-8")
    assert import_chatwoot(c).templates[0].body == "Деньги вернутся, {{ customer.name }}"

    bad = tmp_path / "bad.csv"
    bad.write_text("code,text\nx,y\n", encoding="utf-8")
    with pytest.raises(KBError, match="bad.csv.*short_code"):
        import_chatwoot(bad)


def test_strip_html():
    assert strip_html("<ul><li>один</li><li>два</li></ul><script>x()</script>") == "- один\n- два"
