"""The HTTP service: `create_app()` builds the FastAPI app over a warm `WorkerPool`.

The process that serves HTTP only checks the token and the body size and times each call; the
workers parse and check (`jobs.handle`). Logs carry ids, statuses, timings and verdicts, never
message text.
"""
from __future__ import annotations

import hmac
import logging
import time
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from ..config import Settings
from ..model import Report, Thread
from .jobs import dumps
from .workers import WorkerLost, WorkerPool, WorkerTimeout

log = logging.getLogger("replylint.serve")
MAX_BODY = 1_000_000  # bytes
STATIC = files("replylint.serve") / "static"


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


async def _body(request: Request) -> bytes:
    """The request body, refused with 413 past `MAX_BODY` before it is all read, and with 415
    unless it is declared JSON (a page elsewhere cannot then post it without a CORS preflight)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "send the body as Content-Type: application/json")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise HTTPException(413, f"request body over {MAX_BODY:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise HTTPException(413, f"request body over {MAX_BODY:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(settings: Settings | None = None, workers: int = 2, token: str | None = None,
               origins: list[str] | None = None, timeout: float = 5.0,
               hosts: list[str] | None = None) -> FastAPI:
    """The service. `token` guards every `/v1/` call (Bearer); `origins` are the only ones CORS
    allows; `hosts`, when given, the only Host headers answered (against DNS rebinding); a call
    that runs past `timeout` seconds gets 504 and its worker is replaced."""
    settings = settings or Settings()
    pool = WorkerPool(settings, size=workers, timeout=timeout)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await pool.start()
        yield
        pool.close()

    app = FastAPI(title="replylint", summary="Checks a support agent's draft reply before it is sent.",
                  version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.pool = pool
    if hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    def authorised(request: Request) -> None:
        if not token:
            return
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise HTTPException(401, "missing or wrong token (Authorization: Bearer …)",
                           headers={"WWW-Authenticate": "Bearer"})

    async def run(kind: str, request: Request) -> Response:
        body = await _body(request)
        started = time.perf_counter()
        meta: dict = {}
        try:
            status, payload, meta = await pool.run(kind, body)
        except WorkerTimeout:
            status, payload = 504, dumps({"error": f"the check took longer than {pool.timeout:g} s"})
        except WorkerLost:
            status, payload = 500, dumps({"error": "the worker stopped; try again"})
        log.info("%s status=%d thread=%s verdict=%s ms=%.0f", kind, status, _safe(meta.get("thread")),
                 meta.get("verdict", "-"), (time.perf_counter() - started) * 1000)
        return Response(payload, status_code=status, media_type="application/json")

    @app.get("/healthz", tags=["service"])
    async def healthz() -> dict:
        """Alive, with how many warm workers are free: `busy` when none is."""
        return {"status": "ok" if pool.idle else "busy", "workers": pool.size, "idle": pool.idle,
                "version": _version()}

    @app.post("/v1/check", tags=["v1"], dependencies=[Depends(authorised)],
              responses={200: {"model": Report}}, openapi_extra=_body_schema("Thread"))
    async def check(request: Request) -> Response:
        """A Thread in (FORMATS.md), its Report out: exactly `replylint check --format json`.
        400: not JSON; 422: not a thread (the error names the JSON path); 413: over 1 MB;
        504: past the time bound."""
        return await run("check", request)

    @app.post("/v1/suggest", tags=["v1"], dependencies=[Depends(authorised)],
              openapi_extra=_body_schema("SuggestRequest"))
    async def suggest(request: Request) -> Response:
        """`{"id", "text", "top", "min_score"}` (or a whole Thread) in; the ranked templates,
        filled from the thread, out: as one line of `replylint suggest --input`."""
        return await run("suggest", request)

    @app.get("/v1/rules", tags=["v1"], dependencies=[Depends(authorised)])
    def rules() -> list[dict]:
        """Every rule: code, name, severity, family, what it flags, and whether it is enabled."""
        from ..checker import rule_records

        return rule_records(settings)  # the packs were checked at start-up (`replylint serve`)

    app.mount("/static/docs", StaticFiles(directory=_swagger_dir()), name="docs-assets")
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title="replylint API",
                                   swagger_js_url="/static/docs/swagger-ui-bundle.js",
                                   swagger_css_url="/static/docs/swagger-ui.css",
                                   swagger_favicon_url="/static/docs/favicon-32x32.png")

    @app.get("/", include_in_schema=False)
    def page():
        return Response((STATIC / "index.html").read_bytes(), media_type="text/html; charset=utf-8")

    _add_schemas(app)
    return app


def _safe(thread_id) -> str:
    """A client's thread id as a log field: printable, short, never a forged line."""
    if thread_id is None:
        return "-"
    return "".join(c if c.isprintable() and not c.isspace() else "?" for c in str(thread_id)[:64])


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("replylint")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0"


def _swagger_dir() -> str:
    import swagger_ui_bundle

    return swagger_ui_bundle.swagger_ui_path


def _body_schema(name: str) -> dict:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}}


def _add_schemas(app: FastAPI) -> None:
    """The request bodies are read by the workers, not by FastAPI: put their schemas into the
    OpenAPI document by hand."""
    from pydantic import BaseModel, Field

    class SuggestRequest(BaseModel):
        id: str = ""
        text: str = Field(description="The customer's question (or send a whole Thread).")
        top: int = Field(3, ge=1, le=20)
        min_score: float = Field(0.0, ge=0, le=1)

    base = app.openapi

    def openapi():
        if app.openapi_schema:
            return app.openapi_schema
        schema = base()
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (Thread, SuggestRequest):
            s = model.model_json_schema(ref_template="#/components/schemas/{model}")
            comps.update(s.pop("$defs", {}))
            comps[model.__name__] = s
        return schema

    app.openapi = openapi
