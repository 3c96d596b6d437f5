"""Warm worker processes for the service, each with its own loaded pipeline.

A check is CPU-bound Python, so a thread past its time bound cannot be stopped. A process can:
past `timeout` the worker is killed, the request gets 504, and a fresh worker takes its place
while the others go on serving. A worker that dies for any other reason is replaced the same way.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection

from ..config import Settings

log = logging.getLogger("replylint.serve")
_CTX = mp.get_context("spawn")  # never fork a process that runs an event loop and threads


class WorkerTimeout(Exception):
    pass


class WorkerLost(Exception):
    pass


def _main(conn: Connection, settings: dict) -> None:
    from . import jobs

    s = Settings.model_validate(settings)
    try:
        jobs.warm(s)
    except Exception as e:  # an unreadable KB or pack: say so once, and do not serve
        conn.send(("failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            kind, body = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(jobs.handle(kind, body, s))


class Worker:
    def __init__(self, settings: dict, warm_seconds: float):
        self.conn, child = _CTX.Pipe()
        self.proc = _CTX.Process(target=_main, args=(child, settings), daemon=True,
                                 name="replylint-worker")
        self.proc.start()
        child.close()
        if not self.conn.poll(warm_seconds):
            self.kill()
            raise RuntimeError(f"a worker did not warm up within {warm_seconds:.0f} s")
        state, detail = self.conn.recv()
        if state != "ready":
            self.kill()
            raise RuntimeError(f"a worker could not start: {detail}")

    def call(self, kind: str, body: bytes, timeout: float) -> tuple[int, bytes]:
        try:
            self.conn.send((kind, body))
            if not self.conn.poll(timeout):
                raise WorkerTimeout
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise WorkerLost from None

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """`size` warm workers; `run()` gives a call `timeout` seconds, waiting for a free worker
    included."""

    def __init__(self, settings: Settings, size: int, timeout: float, warm_seconds: float = 120.0):
        self.settings = settings.model_dump()
        self.size, self.timeout = size, timeout
        self.warm_seconds = warm_seconds
        self.workers: list[Worker] = []
        self._threads = ThreadPoolExecutor(max_workers=2 * size + 2, thread_name_prefix="replylint")
        self._idle: asyncio.Queue[Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self._closed = False

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        started = time.perf_counter()
        futures = [self._loop.run_in_executor(self._threads, Worker, self.settings, self.warm_seconds)
                   for _ in range(self.size)]
        for w in await asyncio.gather(*futures):
            self.workers.append(w)
            self._idle.put_nowait(w)
        log.info("%d workers warm in %.1f s", self.size, time.perf_counter() - started)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for w in self.workers:
                w.kill()
            self.workers.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    @property
    def idle(self) -> int:
        return self._idle.qsize() if self._idle else 0

    async def run(self, kind: str, body: bytes) -> tuple[int, bytes, dict]:
        """(status, JSON body, log fields) of one call. The time bound covers the wait for a free
        worker and the call together; past it, WorkerTimeout (and a called worker is replaced)."""
        assert self._idle is not None and self._loop is not None, "start() the pool first"
        deadline = self._loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except asyncio.TimeoutError:
            raise WorkerTimeout from None
        try:
            left = max(0.01, deadline - self._loop.time())
            result = await self._loop.run_in_executor(self._threads, worker.call, kind, body, left)
        except BaseException:  # timed out, died, or the client left mid-call: its answer is unread
            self._loop.run_in_executor(self._threads, self._replace, worker)
            raise
        self._idle.put_nowait(worker)
        return result

    def _replace(self, worker: Worker) -> None:
        """Kill `worker` and warm a new one in its place (in a pool thread)."""
        worker.kill()
        for attempt in range(5):
            if self._closed:
                return
            try:
                fresh = Worker(self.settings, self.warm_seconds)
                break
            except RuntimeError as e:
                log.error("%s; retrying", e)
                time.sleep(1 + attempt)
        else:
            log.error("no worker could be started in place of a lost one")
            return
        with self._lock:
            if self._closed:
                fresh.kill()
                return
            self.workers = [fresh if w is worker else w for w in self.workers]
        self._loop.call_soon_threadsafe(self._idle.put_nowait, fresh)
        log.info("worker replaced")
