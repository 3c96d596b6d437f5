"""Shared fixtures for the real-browser tests (`make test-browser`).

- ``service``: the real ``replylint serve`` on a free port, with a token; yields
  ``Service(url, token)`` (a NamedTuple, so ``url, token = service`` works too).
- ``fixture_server``: the static pages in ``fixtures/`` over http on 127.0.0.1; yields the base URL.
- ``driver``: headless Debian Chromium driven by selenium, with ``extension/`` loaded unpacked and
  the browser console captured (``driver.get_log("browser")``); a fresh profile for every test.
- ``extension_id``: the loaded extension's id (for ``chrome-extension://<id>/options.html``).

These tests are not part of ``make test``: pyproject's ``addopts`` ignore this folder unless it
is named, and ``make test-browser`` runs ``pytest tests/browser``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("REPLYLINT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("REPLYLINT_CHROMEDRIVER", "/usr/bin/chromedriver")
WARM_UP_S = 60


class Service(NamedTuple):
    url: str
    token: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _replylint_command() -> list[str]:
    script = Path(sys.executable).with_name("replylint")
    if script.exists():
        return [str(script)]
    found = shutil.which("replylint")
    if not found:
        raise RuntimeError("replylint is not installed in this environment")
    return [found]


@pytest.fixture(scope="session")
def service(tmp_path_factory):
    """The real `replylint serve`, started for this test session and stopped after it."""
    port, token = free_port(), "browser-test-token"
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [*_replylint_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--token", token, "--workers", "1", "--timeout", "30"],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WARM_UP_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"replylint serve exited ({proc.returncode}):\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"replylint serve not healthy after {WARM_UP_S} s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
        yield Service(url, token)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the server and its worker processes
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def fixture_server():
    """tests/browser/fixtures/ served over http on 127.0.0.1 (the extension runs on http pages)."""
    handler = functools.partial(_QuietHandler, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_options(profile: str) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=ru",
        f"--user-data-dir={profile}",
        f"--load-extension={EXTENSION}", f"--disable-extensions-except={EXTENSION}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


@pytest.fixture
def driver():
    """Headless Chromium with the extension loaded; a fresh profile per test."""
    if not Path(CHROMIUM).exists() or not Path(CHROMEDRIVER).exists():
        raise RuntimeError("need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver")
    profile = tempfile.mkdtemp(prefix="replylint-chromium-")
    drv = webdriver.Chrome(options=chromium_options(profile), service=ChromeService(CHROMEDRIVER))
    drv.set_page_load_timeout(30)
    drv.set_script_timeout(30)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def extension_id(driver) -> str:
    """The id of the unpacked extension, read from its service worker's target."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for target in driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]:
            url = target.get("url", "")
            if target.get("type") == "service_worker" and url.startswith("chrome-extension://") \
                    and url.endswith("/background.js"):
                return url.split("/")[2]
        time.sleep(0.2)
    raise RuntimeError("the replylint extension did not load (no service worker target)")
