import json

import pytest
import typer
from typer.testing import CliRunner

from replylint.kb import Template
from replylint.kb.cli import kb_app, suggest_command
from replylint.kb.store import write_jsonl

app = typer.Typer()
app.add_typer(kb_app, name="kb")
app.command("suggest")(suggest_command)
runner = CliRunner()

KB = [
    Template(id="returns", title="Возврат товара", questions=["Как вернуть товар?"],
             body="{{ customer.first_name | default: \"Здравствуйте\" }}, вернуть товар можно в течение 14 дней."),
    Template(id="delivery", title="Сроки доставки", questions=["Когда привезут заказ?"],
             body="Здравствуйте, {{ customer.first_name }}! Доставка занимает 3 дня."),
]


@pytest.fixture()
def kb(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    return write_jsonl(KB, tmp_path / "kb.jsonl")


def test_suggest_json(kb):
    r = runner.invoke(app, ["suggest", "--kb", str(kb), "--format", "json", "--top", "1", "как вернуть покупку?"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["templates"][0]["id"] == "returns" and 0 <= out["templates"][0]["score"] <= 1
    assert out["templates"][0]["text"].startswith("Здравствуйте, вернуть")


def test_suggest_batch_with_bad_line_and_thread(kb, tmp_path):
    inp = tmp_path / "in.jsonl"
    thread = {"id": "T-1", "customer": {"name": "Анна Смирнова"}, "messages": [
        {"author": "customer", "text": "Как вернуть товар?"}, {"author": "agent", "text": "Уточните"},
        {"author": "customer", "text": "Когда привезут заказ?"}]}
    inp.write_text("\n".join([json.dumps({"id": "q1", "text": "когда привезут заказ"}, ensure_ascii=False),
                              "{oops", json.dumps({"id": "q3"}), json.dumps(thread, ensure_ascii=False)]) + "\n",
                   encoding="utf-8")
    r = runner.invoke(app, ["suggest", "--kb", str(kb), "--input", str(inp), "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert lines[0]["id"] == "q1" and lines[0]["templates"][0]["id"] == "delivery"
    assert lines[1]["line"] == 2 and "invalid JSON" in lines[1]["error"]
    assert lines[2]["line"] == 3 and "text" in lines[2]["error"]
    assert lines[3]["id"] == "T-1" and lines[3]["templates"][0]["id"] == "delivery"
    assert lines[3]["templates"][0]["text"].startswith("Здравствуйте, Анна!")


def test_bad_kb_exit_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    r = runner.invoke(app, ["suggest", "--kb", str(bad), "вопрос"])
    assert r.exit_code == 2
    assert "bad.jsonl" in r.stderr and "line 1" in r.stderr and "Traceback" not in r.output


def test_export_import_roundtrip(kb, tmp_path):
    out = tmp_path / "md"
    r = runner.invoke(app, ["kb", "export", str(out), "--kb", str(kb)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["delivery.md", "returns.md"]
    cw = tmp_path / "cw.json"
    cw.write_text(json.dumps([{"short_code": "hi", "content": "Привет, {{contact.first_name}} {{x.y}}"}]), encoding="utf-8")
    r = runner.invoke(app, ["kb", "import", str(cw), "--from", "chatwoot", "--out", str(tmp_path / "cw.jsonl")])
    assert r.exit_code == 0 and "x.y" in r.stderr
    assert json.loads((tmp_path / "cw.jsonl").read_text(encoding="utf-8"))["body"] == "Привет, {{ customer.first_name }} {{ raw.x.y }}"
    hist = tmp_path / "h.jsonl"
    hist.write_text('{"question": "Сколько ждать курьера?", "template_id": "delivery"}\nbad\n', encoding="utf-8")
    r = runner.invoke(app, ["kb", "learn", str(hist), "--kb", str(kb), "--out", str(tmp_path / "new.jsonl")])
    assert r.exit_code == 0 and "line 2" in r.stderr
    assert "Сколько ждать курьера?" in (tmp_path / "new.jsonl").read_text(encoding="utf-8")


def test_json_too_deep_or_too_long_is_a_line_error_in_suggest_and_in_a_kb(kb, tmp_path):
    inp = tmp_path / "in.jsonl"
    deep = '{"id": "q1", "text": "вопрос", "x": ' + "[" * 3000 + "]" * 3000 + "}"
    inp.write_text("\n".join([deep, '{"id": "q2", "n": ' + "9" * 5000 + "}",
                              json.dumps({"id": "q3", "text": "как вернуть товар"}, ensure_ascii=False)]),
                   encoding="utf-8")
    r = runner.invoke(app, ["suggest", "--kb", str(kb), "--input", str(inp), "--format", "jsonl"])
    assert r.exit_code == 0 and "Traceback" not in r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert lines[0]["line"] == 1 and "nested more than 100 deep" in lines[0]["error"]
    assert lines[1]["line"] == 2 and "4,300 digits" in lines[1]["error"]
    assert lines[2]["templates"][0]["id"] == "returns"
    bad_kb = tmp_path / "deep.jsonl"
    bad_kb.write_text(kb.read_text(encoding="utf-8") + deep + "\n", encoding="utf-8")
    r = runner.invoke(app, ["suggest", "--kb", str(bad_kb), "вопрос"])
    assert r.exit_code == 2 and "line 3" in r.stderr and "nested more than 100 deep" in r.stderr
