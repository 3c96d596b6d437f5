"""`replylint serve`: the HTTP API with a real warm worker process behind it."""
import json
import re
import logging

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from replylint.cli import app as cli
from replylint.config import Settings
from replylint.engine import load_rules
from replylint.serve import create_app
from replylint.serve.app import MAX_BODY

from conftest import example_thread

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RAW = {**AUTH, "Content-Type": "application/json"}  # for bodies sent as bytes
ORIGIN = "https://desk.example.com"
PAIR = {"question": "Здравствуйте! Заказ 4815162342 не пришёл. Когда доставят?",
        "draft": "Добрый день! Пришлите, пожалуйста, номер заказа."}


@pytest.fixture(scope="module")
def client():
    app = create_app(Settings(), workers=1, token=TOKEN, origins=[ORIGIN], timeout=30)
    with TestClient(app) as c:
        yield c


def test_health_needs_no_token_and_reports_the_workers(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["workers"] == 1


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}])
@pytest.mark.parametrize("method,path", [("post", "/v1/check"), ("post", "/v1/suggest"), ("get", "/v1/rules")])
def test_every_v1_call_needs_the_token(client, headers, method, path):
    r = client.request(method, path, headers=headers, json=PAIR)
    assert r.status_code == 401
    assert "token" in r.json()["error"]
    assert r.headers["www-authenticate"] == "Bearer"


def test_check_gives_the_cli_json_for_the_same_threads(client, tmp_path):
    threads = [example_thread(ex) for rule in load_rules()
               for ex in (rule.spec.examples.flagged + rule.spec.examples.clean)[:2]]
    batch = tmp_path / "threads.jsonl"
    batch.write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in threads), encoding="utf-8")
    res = CliRunner().invoke(cli, ["check", "--input", str(batch), "--format", "jsonl"])
    expected = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(expected) == len(threads) > 20
    assert [e.pop("line") for e in expected] == list(range(1, len(threads) + 1))  # batch-only key
    served = [client.post("/v1/check", json=t, headers=AUTH) for t in threads]
    assert all(r.status_code == 200 for r in served)
    assert [r.json() for r in served] == expected
    assert {r.json()["verdict"] for r in served} >= {"block", "ok"}


def test_bad_json_is_400_and_names_where(client):
    r = client.post("/v1/check", content=b'{"question": "a', headers=RAW)
    assert r.status_code == 400
    assert r.json()["error"].startswith("request: not valid JSON")


@pytest.mark.parametrize("doc,path", [
    ({"messages": [{"author": "robot", "text": "a"}], "draft": {"text": "Добрый день"}}, "messages.0.author"),
    ({"messages": []}, "draft"),
    ([1, 2], "expected a JSON object"),
    ({"question": "Когда?", "draft": "   "}, "draft.text"),
])
def test_a_document_that_is_not_a_thread_is_422_naming_the_path(client, doc, path):
    r = client.post("/v1/check", json=doc, headers=AUTH)
    assert r.status_code == 422
    assert path in r.json()["error"]


def test_a_body_over_the_cap_is_413_declared_or_streamed(client):
    big = b'{"question": "' + b"a" * MAX_BODY + b'", "draft": "b"}'
    assert client.post("/v1/check", content=big, headers=RAW).status_code == 413
    chunks = (big[i:i + 65536] for i in range(0, len(big), 65536))  # no Content-Length
    r = client.post("/v1/check", content=chunks, headers=RAW)
    assert r.status_code == 413 and "bytes" in r.json()["error"]


def test_cors_answers_only_the_configured_origin(client):
    pre = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
    ok = client.options("/v1/check", headers={"Origin": ORIGIN, **pre})
    assert ok.headers.get("access-control-allow-origin") == ORIGIN
    other = client.options("/v1/check", headers={"Origin": "https://evil.example", **pre})
    assert "access-control-allow-origin" not in other.headers


def test_suggest_ranks_filled_templates(client):
    r = client.post("/v1/suggest", headers=AUTH, json={
        "id": "q1", "text": "Как удалить аккаунт?", "top": 2,
        "customer": {"name": "Анна Смирнова"}})
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == "q1" and 1 <= len(body["templates"]) <= 2
    assert "{{" not in body["templates"][0]["text"].split("\n")[0]  # the greeting is filled
    bad = client.post("/v1/suggest", headers=AUTH, json={"text": "Как?", "top": 0})
    assert bad.status_code == 422 and "top" in bad.json()["error"]


def test_rules_lists_what_the_cli_lists(client):
    r = client.get("/v1/rules", headers=AUTH)
    cli_rules = [json.loads(line) for line in CliRunner().invoke(cli, ["rules", "--format", "jsonl"]).stdout.splitlines()]
    assert r.status_code == 200 and r.json() == cli_rules


def test_logs_carry_ids_and_verdicts_never_text(client, caplog):
    forged = {"id": "T-1\nforged line", "question": "Когда?", "draft": "Завтра."}
    thread = {"id": "T-77", "messages": [{"author": "customer", "text": "Секретная история про мой заказ"}],
              "draft": {"text": "Пришлите, пожалуйста, паспорт"}}
    with caplog.at_level(logging.INFO, logger="replylint.serve"):
        assert client.post("/v1/check", json=thread, headers=AUTH).status_code == 200
        assert client.post("/v1/check", json=forged, headers=AUTH).status_code == 200
    assert all("\n" not in r.getMessage() for r in caplog.records)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert re.search(r"thread=T-77 verdict=(ok|warn|block) ms=\d+", logged)
    assert "Секретная" not in logged and "паспорт" not in logged


def test_the_page_and_the_api_docs_are_served_without_a_cdn(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/page.js" in page.text
    assert client.get("/static/page.js").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200 and "https://" not in docs.text
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/suggest", "/v1/rules", "/healthz"} <= set(schema["paths"])
    assert "Thread" in schema["components"]["schemas"]


def test_a_call_past_the_time_bound_is_504_and_its_worker_is_replaced():
    app = create_app(Settings(), workers=1, timeout=0.001)
    with TestClient(app) as c:
        r = c.post("/v1/check", json=PAIR)
        assert r.status_code == 504 and "longer than" in r.json()["error"]
        pool = app.state.pool
        pool.timeout = 30  # the replacement worker, once warm, answers in time
        r = c.post("/v1/check", json=PAIR)
        assert r.status_code == 200 and r.json()["verdict"] == "block"
        assert pool.workers[0].proc.is_alive()


def test_a_body_not_declared_json_is_415(client):
    r = client.post("/v1/check", content=json.dumps(PAIR), headers={**AUTH, "Content-Type": "text/plain"})
    assert r.status_code == 415 and "application/json" in r.json()["error"]


def test_only_the_configured_hosts_are_answered():
    app = create_app(Settings(), workers=1, hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/healthz").status_code == 200
        assert c.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
        assert c.post("/v1/check", json=PAIR, headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize("body,status", [
    (b"\xff\xfe", 400), (b"[" * 5000, 400), (b'{"question": 1e999999, "draft": "x"}', 422),
    (b"", 400), (b"null", 422), (b'{"id": 1, "draft": 5}', 422),
])
def test_the_service_stays_up_through_bad_requests(client, body, status):
    assert client.post("/v1/check", content=body, headers=RAW).status_code == status
    assert client.post("/v1/check", json=PAIR, headers=AUTH).json()["verdict"] == "block"
