"""The Oxigraph store processes behind `pzgraph serve`, and one query forwarded to one.

Each worker is an `oxigraph serve-read-only` process on a private loopback port that runs one
query at a time: Oxigraph cannot cancel a query (its --timeout-s does not stop an aggregate
over a cross product, and the work goes on after the client left), so a query is stopped by
killing its worker, which the supervisor starts again (0.1 s) without touching any other
query. The supervisor runs in the main thread: Linux's parent-death signal follows the
thread that started a child, so the workers die with pzgraph however it ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ServeError
from .guard import Limits

MAX_RESPONSE_BYTES = 256 * 1024 * 1024  # an answer larger than the whole graph many times over
WORKER_START_SECONDS = 30


def _prctl_pdeathsig() -> Callable[[], None]:
    """A preexec function that asks Linux for SIGKILL when the parent thread dies. Prepared
    before any fork: in the child only the system call runs, no import, no lock."""
    if not sys.platform.startswith("linux"):
        return lambda: None
    try:
        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except OSError:
        return lambda: None
    return lambda: prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@dataclass(eq=False)
class Worker:
    """One `oxigraph serve-read-only` process; used by one query at a time."""

    number: int
    port: int = 0
    process: subprocess.Popen | None = None
    ready: threading.Event = field(default_factory=threading.Event)
    restarts: int = 0

    def kill(self) -> None:
        """Stop the work now (the supervisor starts it again)."""
        self.ready.clear()
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.process.kill()


class StorePool:
    """The worker processes over one read-only store folder."""

    def __init__(self, binary: str, location: Path, limits: Limits,
                 log: Callable[[str], None]) -> None:
        self.binary, self.location, self.limits, self.log = binary, location, limits, log
        self.workers = [Worker(n) for n in range(limits.workers)]
        self.free: queue.Queue[Worker] = queue.Queue()
        self.stopping = threading.Event()
        self._preexec = _prctl_pdeathsig()

    def start(self) -> None:
        """Start every worker (main thread); a store that cannot start is a ServeError."""
        for worker in self.workers:
            self._spawn(worker)
            self.free.put(worker)

    def _spawn(self, worker: Worker) -> None:
        log = self.location.parent / f"worker-{worker.number}.log"
        for _attempt in range(3):
            worker.port = free_port()
            with open(log, "wb") as errors:  # a file, not a pipe nobody reads: never blocks
                worker.process = subprocess.Popen(
                    [self.binary, "serve-read-only", "--location", str(self.location),
                     "--bind", f"127.0.0.1:{worker.port}", "--union-default-graph",
                     "--timeout-s", str(max(1, int(self.limits.timeout)))],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                    preexec_fn=self._preexec)  # noqa: PLW1509 - only prctl runs in the child
            if self._listening(worker):
                worker.ready.set()
                return
            self._reap(worker)
            error = log.read_bytes()[-300:] if log.exists() else b""
            if b"in use" not in error:  # a port taken in between: try another one
                raise ServeError("the Oxigraph store did not start: "
                                 + (error.decode("utf-8", "replace").strip() or "no message"))
        raise ServeError("the Oxigraph store did not start: no free loopback port")

    def _listening(self, worker: Worker) -> bool:
        deadline = time.monotonic() + WORKER_START_SECONDS
        while time.monotonic() < deadline:
            if worker.process is None or worker.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", worker.port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.02)
        return False

    def _reap(self, worker: Worker) -> None:
        process, worker.process = worker.process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()

    def supervise(self) -> None:
        """Run in the main thread until stop(): restart every worker that has ended."""
        while not self.stopping.wait(0.05):
            for worker in self.workers:
                if worker.process is not None and worker.process.poll() is None:
                    continue
                code = worker.process.returncode if worker.process else None
                self._reap(worker)
                worker.restarts += 1
                if code not in (None, -signal.SIGKILL):
                    self.log(f"store process {worker.number} ended (exit code {code}); "
                             "restarting it")
                self._spawn(worker)

    def stop(self) -> None:
        self.stopping.set()
        for worker in self.workers:
            worker.ready.clear()
            self._reap(worker)

    def acquire(self) -> Worker | None:
        try:
            worker = self.free.get(timeout=self.limits.queue_timeout)
        except queue.Empty:
            return None
        if not worker.ready.wait(WORKER_START_SECONDS):
            self.free.put(worker)
            return None
        return worker

    def release(self, worker: Worker) -> None:
        self.free.put(worker)


# --- one forwarded query ---------------------------------------------------------------------

@dataclass
class Upstream:
    status: int = 0
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    error: str | None = None


def exchange(worker: Worker, path: str, body: bytes, accept: str, result: Upstream,
              done: threading.Event) -> None:
    """POST the query to the worker and read the whole answer (runs in its own thread)."""
    connection = http.client.HTTPConnection("127.0.0.1", worker.port, timeout=None)
    try:
        connection.request("POST", path, body, {
            "Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept})
        answer = connection.getresponse()
        result.status = answer.status
        result.headers = [(k, v) for k, v in answer.getheaders()
                          if k.lower() in ("content-type", "content-disposition")]
        chunks, size = [], 0
        while chunk := answer.read1(65536):
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                result.error = "too large"
                break
            chunks.append(chunk)
        result.body = b"".join(chunks)
    except (OSError, http.client.HTTPException) as error:
        result.error = str(error) or type(error).__name__
    finally:
        connection.close()
        done.set()


def client_gone(sock: socket.socket) -> bool:
    """The client closed its side (or reset it): nobody waits for this answer any more."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except (OSError, ValueError):
        return True
