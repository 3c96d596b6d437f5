import json

import pytest

from replylint.kb import KBError, Template, load_kb
from replylint.kb.store import write_jsonl, write_markdown

MD = """---
id: delivery-delay
title: Задержка доставки
topic: Доставка
questions:
  - Где мой заказ?
  - Почему не пришла посылка?
tags: [delivery]
channels: [email, chat]
owner: someone   # unknown keys are ignored
---
Здравствуйте, {{ customer.first_name }}!

Заказ {{ order.id }} задерживается.
"""


def test_markdown_dir_and_roundtrip(tmp_path):
    d = tmp_path / "kb"
    d.mkdir()
    (d / "delivery-delay.md").write_text(MD, encoding="utf-8")
    (d / "returns.md").write_text("---\nid: returns\ntitle: Возврат\n---\nВерните товар в течение 14 дней.\n", encoding="utf-8")
    kb = load_kb(d)
    assert [t.id for t in kb] == ["delivery-delay", "returns"]
    t = kb[0]
    assert t.questions == ["Где мой заказ?", "Почему не пришла посылка?"]
    assert t.channels == ["email", "chat"] and t.tags == ["delivery"]
    assert t.body.startswith("Здравствуйте, {{ customer.first_name }}!") and "задерживается" in t.body

    jl = tmp_path / "kb.jsonl"
    write_jsonl(kb, jl)
    again = load_kb(jl)
    assert again == kb
    out = tmp_path / "md"
    write_markdown(again, out)
    assert load_kb(out) == kb


def test_jsonl_errors_name_file_and_line(tmp_path):
    f = tmp_path / "kb.jsonl"
    f.write_text('{"id": "a", "body": "x"}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(KBError) as e:
        load_kb(f)
    msg = str(e.value)
    assert "kb.jsonl" in msg and "line 2" in msg and "body" in msg

    f.write_text('{"id": "a", "body": "x"}\n{not json\n', encoding="utf-8")
    with pytest.raises(KBError, match=r"line 2: invalid JSON"):
        load_kb(f)

    f.write_text('{"id": "a", "body": "x"}\n\n{"id": "a", "body": "y"}\n', encoding="utf-8")
    with pytest.raises(KBError, match=r"line 3: field 'id': duplicate id 'a'.*line 1"):
        load_kb(f)

    f.write_text('{"title": "no id", "body": "y"}\n', encoding="utf-8")
    with pytest.raises(KBError, match=r"line 1: field 'id'"):
        load_kb(f)


def test_markdown_errors(tmp_path):
    d = tmp_path / "kb"
    d.mkdir()
    bad = d / "bad.md"
    bad.write_text("---\nid: x\nquestions: [unclosed\n---\nТекст\n", encoding="utf-8")
    with pytest.raises(KBError) as e:
        load_kb(d)
    assert "bad.md" in str(e.value) and "YAML" in str(e.value) and "line" in str(e.value)

    bad.write_text("нет front matter\n", encoding="utf-8")
    with pytest.raises(KBError, match="bad.md.*front matter"):
        load_kb(d)

    bad.write_text("---\nid: x\n---\n\n", encoding="utf-8")
    with pytest.raises(KBError, match="bad.md.*'body'"):
        load_kb(d)

    bad.write_bytes("---\nid: x\n---\nПривет\n".encode("cp1251"))
    with pytest.raises(KBError, match="bad.md.*UTF-8"):
        load_kb(d)

    bad.write_text("---\nid: x\n---\nтекст\n", encoding="utf-8")
    (d / "dup.md").write_text("---\nid: x\n---\nещё\n", encoding="utf-8")
    with pytest.raises(KBError, match="duplicate id 'x'"):
        load_kb(d)


def test_missing_path_and_kberror_is_valueerror(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        load_kb(tmp_path / "nope")


def test_template_ignores_extra_keys():
    t = Template.model_validate({"id": 7, "body": "b", "extra": 1, "questions": "один"})
    assert t.id == "7" and t.questions == ["один"]
    assert json.loads(json.dumps(t.record()))["channels"] == []


@pytest.mark.parametrize("make", ["zero", "fifo", "fifo.jsonl", "link.md"])
def test_a_kb_that_is_a_device_or_pipe_is_refused_at_once(tmp_path, monkeypatch, make):
    import os
    import time

    from replylint.kb import KBIndex

    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    if make == "zero":
        kb = "/dev/zero"
    elif make == "link.md":
        kb = tmp_path / make
        kb.symlink_to("/dev/zero")
    else:
        kb = tmp_path / make
        os.mkfifo(kb)
    start = time.monotonic()
    for load in (load_kb, KBIndex.from_path):
        with pytest.raises(KBError, match="not a regular file"):
            load(kb)
    assert time.monotonic() - start < 5


def test_a_kb_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from replylint.kb import store

    monkeypatch.setattr(store, "MAX_KB_FILE_BYTES", 100)
    path = tmp_path / "kb.jsonl"
    write_jsonl([Template(id=f"t{i}", body="Текст ответа " * 3) for i in range(5)], path)
    with pytest.raises(KBError, match="the limit is 100"):
        load_kb(path)
