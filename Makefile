# Set-up is part of every target: `.venv` is created at the repo root if missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BROWSER_STAMP := $(VENV)/.installed-browser

.PHONY: demo test test-browser eval bench train clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/replylint check examples/thread.json || test $$? -eq 1

# The browser tests (tests/browser/) need Chromium; pytest skips the folder unless named.
test: $(STAMP)
	$(BIN)/python -m pytest

$(BROWSER_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,browser]"
	@touch $(BROWSER_STAMP)

# The extension in headless Chromium (Debian: apt-get install chromium chromium-driver).
test-browser: $(BROWSER_STAMP)
	$(BIN)/python -m pytest tests/browser

eval: $(STAMP)
	$(BIN)/replylint eval ../shared/eval/dev.jsonl

train: $(STAMP)
	$(BIN)/python training/train.py

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
