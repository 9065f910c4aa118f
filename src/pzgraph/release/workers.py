"""The store processes behind `pzgraph serve`, and one query handed to one.

Each worker is a child process (store_worker.py) that holds the temporary store open
read-only with pyoxigraph and answers on its stdin/stdout pipes: it listens on no port, so
nothing but this pzgraph can send it a query (no other local process, no web page that
guesses a port), and it has no network itself (SERVICE cannot reach anything). It runs one
query at a time: pyoxigraph cannot cancel a query, so a query is stopped by killing its
worker, which the supervisor starts again without touching any other query. The supervisor
runs in the main thread: Linux's parent-death signal follows the thread that started a
child, so the workers die with pzgraph however it ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ServeError
from .guard import Limits
from .store_worker import HEAD, MAX_RESPONSE_BYTES, read_frame, write_frame

WORKER_START_SECONDS = 30
MAX_HELD_BYTES = 2 * MAX_RESPONSE_BYTES  # answers held for their clients at once, together
__all__ = ["MAX_RESPONSE_BYTES", "ClientWatch", "HeldAnswers", "StorePool", "Upstream", "Worker",
           "exchange", "failure", "kill"]


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


@dataclass(eq=False)
class Worker:
    """One store process, used by one query at a time. Only the supervisor sets `process`,
    and only to a process that has said it is ready (or to None while it starts another),
    so a query never shares the pipes with a start."""

    number: int
    process: subprocess.Popen | None = None
    restarts: int = 0
    failures: int = 0  # starts in a row that failed
    # the process a query killed or saw end: never handed out again, even while it still
    # looks alive (a kill takes a moment, and Popen.poll() says "running" while another
    # thread reaps it), so the next query waits for its replacement instead of dying with it
    spent: subprocess.Popen | None = None


class StorePool:
    """The worker processes over one read-only store folder."""

    def __init__(self, location: Path, limits: Limits, log: Callable[[str], None]) -> None:
        self.location, self.limits, self.log = location, limits, log
        self.workers = [Worker(n) for n in range(limits.workers)]
        self.free: queue.Queue[Worker] = queue.Queue()
        self.stopping = threading.Event()
        self.held = HeldAnswers(MAX_HELD_BYTES)
        self._preexec = _prctl_pdeathsig()

    def start(self) -> None:
        """Start every worker (main thread); a store that cannot start is a ServeError."""
        for worker in self.workers:
            worker.process = self._spawn(worker.number)
            self.free.put(worker)

    def command(self) -> list[str]:
        # -P and cwd /: nothing of the current folder is imported in place of pzgraph's own
        limits = self.limits
        return [sys.executable, "-P", "-m", "pzgraph.release.store_worker", str(self.location),
                str(limits.max_query_bytes), str(limits.max_depth), str(limits.max_tokens),
                str(limits.max_memory)]

    def _spawn(self, number: int) -> subprocess.Popen:
        """A started store process that has opened the store, or a ServeError."""
        log = self.location.parent / f"worker-{number}.log"
        with open(log, "wb") as errors:  # a file, not a pipe nobody reads: never blocks
            process = subprocess.Popen(
                self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                cwd="/", preexec_fn=self._preexec)  # noqa: PLW1509 - only prctl in the child
        try:
            if self._ready(process):
                return process
        except BaseException:
            _end(process)
            raise
        code = _end(process)
        error = log.read_bytes()[-300:] if log.exists() else b""
        raise ServeError("the store process did not start: "
                         + (error.decode("utf-8", "replace").strip() or "no message")
                         + f" (exit code {code})")

    @staticmethod
    def _ready(process: subprocess.Popen) -> bool:
        """Whether the process said "ready" (its store is open) within the start time."""
        assert process.stdout is not None
        readable, _, _ = select.select([process.stdout], [], [], WORKER_START_SECONDS)
        if not readable:
            return False
        try:
            return read_frame(process.stdout, 16) == b"ready"
        except (OSError, ValueError):
            return False

    def supervise(self) -> None:
        """Run in the main thread until stop(): replace every worker process that has ended
        (killed by a query's time limit, its client leaving, or anything else)."""
        while not self.stopping.wait(0.05):
            for worker in self.workers:
                process = worker.process
                if process is not None and process.poll() is None:
                    continue
                worker.process = None
                code = _end(process) if process is not None else None
                if code not in (None, -signal.SIGKILL):
                    self.log(f"store process {worker.number} ended (exit code {code}); "
                             "restarting it")
                worker.restarts += 1
                try:
                    worker.process = self._spawn(worker.number)
                    worker.failures = 0
                except ServeError as error:  # the next round tries again, a few times
                    worker.failures += 1
                    if worker.failures >= 5:
                        raise
                    self.log(f"{error}; trying again")
                    self.stopping.wait(1)

    def stop(self) -> None:
        self.stopping.set()
        for worker in self.workers:
            process, worker.process = worker.process, None
            if process is not None:
                _end(process)

    def acquire(self) -> tuple[Worker, subprocess.Popen] | None:
        """A free worker and its running process; None when none comes free in time."""
        try:
            worker = self.free.get(timeout=self.limits.queue_timeout)
        except queue.Empty:
            return None
        deadline = time.monotonic() + WORKER_START_SECONDS
        while not self.stopping.is_set() and time.monotonic() < deadline:
            process = worker.process
            if process is not None and process is not worker.spent and process.poll() is None:
                return worker, process
            time.sleep(0.02)  # being replaced by the supervisor
        self.free.put(worker)
        return None

    def release(self, worker: Worker, spent: subprocess.Popen | None = None) -> None:
        """Give the worker back; `spent`: its process, killed or ended by this query."""
        if spent is not None:
            worker.spent = spent
        self.free.put(worker)


def _end(process: subprocess.Popen) -> int:
    """Kill the process if it still runs, and reap it; its exit code."""
    if process.poll() is None:
        with contextlib.suppress(OSError):
            process.kill()
    return process.wait()


def kill(process: subprocess.Popen) -> None:
    """Stop a query's work now: its process only (the supervisor replaces it)."""
    if process.poll() is None:
        with contextlib.suppress(OSError):
            process.kill()


# --- one query ----------------------------------------------------------------------------------

@dataclass
class Upstream:
    status: int = 0
    content_type: str = ""
    body: bytes = b""
    error: str | None = None


def exchange(process: subprocess.Popen, request: dict, result: Upstream,
             done: threading.Event) -> None:
    """Send the request to the worker and read its whole answer (runs in its own thread)."""
    try:
        assert process.stdin is not None and process.stdout is not None
        write_frame(process.stdin, json.dumps(request).encode("utf-8"))
        head = read_frame(process.stdout, 4096)
        body = read_frame(process.stdout, MAX_RESPONSE_BYTES + HEAD.size)
        if head is None or body is None:
            result.error = "the store process ended"
            return
        answer = json.loads(head)
        result.status, result.content_type, result.body = (
            int(answer["status"]), str(answer["content_type"]), body)
        if result.status == 507:
            result.error = body.decode("utf-8", "replace")  # too large, or out of memory
    except (OSError, ValueError, KeyError, AssertionError) as error:
        result.error = str(error) or type(error).__name__
    finally:
        done.set()


def failure(result: Upstream, process: subprocess.Popen, limits: Limits,
            stopping: bool) -> tuple[int, str]:
    """(status, message) for the client when the store gave no answer."""
    if result.error == "too large":
        return 507, f"the answer is larger than {MAX_RESPONSE_BYTES} bytes; add a LIMIT"
    if stopping:  # the store processes were stopped with the server, not by this query
        return 503, "the server is stopping; retry when it is back"
    died = _ended(process)
    # Oxigraph ends the process (abort) when an allocation fails; the guard's limits keep the
    # other causes of an abort (a stack overflow) out
    if result.error == "out of memory" or (died and process.returncode == -signal.SIGABRT):
        return 400, (f"the query needed more than the {limits.max_memory} MB of memory a query "
                     "may use (--max-memory) and was stopped; its query engine has been "
                     "restarted")
    if died:
        return 400, "the query engine died on this query; it has been restarted"
    return 502, f"the store did not answer: {result.error}"


def _ended(process: subprocess.Popen) -> bool:
    """Whether the process has ended (its pipe closes a moment before it can be reaped)."""
    try:
        process.wait(timeout=1)
    except subprocess.TimeoutExpired:
        return False
    return True


class ClientWatch:
    """Whether the client of one query has left, so that its work can be stopped.

    An end of input is not enough: a client may half-close its side after the request
    (HTTP/1.0 with `nc -N`, `printf … | nc`, some proxies) and still wait for the answer, and
    TCP shows that FIN exactly as it shows a close. Gone is a reset (POLLHUP/POLLERR). A
    client that closed outright resets only when something is written to it: an HTTP/1.1
    client is sent one interim `100 Continue` (which it must read past, RFC 9110 §15.2) at
    its end of input; an HTTP/1.0 client may be sent none, and its query runs to its time
    limit."""

    INTERIM = b"HTTP/1.1 100 Continue\r\n\r\n"

    def __init__(self, sock: socket.socket, interim_allowed: bool) -> None:
        self.sock, self.interim_allowed, self.probed = sock, interim_allowed, False

    def gone(self) -> bool:
        try:
            poll = select.poll()
            poll.register(self.sock, select.POLLIN)
            events = poll.poll(0)
            if not events:
                return False
            if events[0][1] & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                return True
            if self.sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b"":
                return False  # a next request, read after this answer
            if self.interim_allowed and not self.probed:
                self.probed = True
                self.sock.send(self.INTERIM, socket.MSG_DONTWAIT)  # small: never blocks
            return False
        except BlockingIOError:
            return False
        except (OSError, ValueError):
            return True


class HeldAnswers:
    """The bytes of answers the server holds while their clients read them: a slow reader
    keeps its whole answer in this process (up to MAX_RESPONSE_BYTES), and many would keep
    many; past `limit` together, the next large answer is refused with a 503."""

    def __init__(self, limit: int) -> None:
        self.limit, self.held, self.lock = limit, 0, threading.Lock()

    def reserve(self, size: int) -> bool:
        with self.lock:
            if self.held and self.held + size > self.limit:
                return False
            self.held += size
            return True

    def release(self, size: int) -> None:
        with self.lock:
            self.held -= size
