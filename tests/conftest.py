import json
from pathlib import Path

import pytest

from replylint.engine.schema import Example


def example_thread(example: Example) -> dict:
    """The Thread a rule example stands for."""
    thread = dict(example.thread or {})
    if example.question is not None:
        thread.setdefault("messages", [{"author": "customer", "text": example.question}])
    thread.setdefault("messages", [])
    thread["draft"] = {"text": example.draft, "created_at": example.created_at}
    return thread


@pytest.fixture
def write(tmp_path: Path):
    def _write(name: str, content) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), encoding="utf-8")
        return path

    return _write
