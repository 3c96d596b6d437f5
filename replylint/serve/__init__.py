"""`replylint serve`: the checker as a warm HTTP service for help desks and the browser gate.

    from replylint.serve import create_app
    app = create_app(settings, workers=2, token="…")   # a FastAPI app; run it with uvicorn

Needs the `serve` extra (FastAPI, uvicorn, and Swagger UI's files for /docs).
"""
from .app import create_app

__all__ = ["create_app"]
