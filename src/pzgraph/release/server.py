"""`pzgraph serve`: a small, bounded HTTP server in front of Oxigraph store processes.

    client ──► guard (this module, the public port)
                 ├─ /query        checked (guard.check_query), then forwarded to a free worker
                 ├─ /id/…         303 to /doc/…
                 ├─ /doc/…, /def  pages (pages.py), by content negotiation
                 └─ anything else 404; only GET, HEAD and POST
    workers: `oxigraph serve-read-only` processes on private loopback ports, one query each.

Why a worker per query: Oxigraph cannot cancel a query (its --timeout-s does not stop an
aggregate over a cross product, and the work goes on after the client left). A worker that
runs past the time limit, or whose client went away, is killed and started again (0.1 s),
and no other query is touched. A worker that dies for any reason is restarted by the
supervisor, which runs in the main thread: Linux's parent-death signal follows the thread
that started a child, so the workers die with pzgraph however it ends.

Connections are bounded: at most `max_connections` at once; when full, the connection that
has waited longest without sending a complete request is closed to make room, and a client
gets `idle_timeout` seconds (in total, not per byte) to send its request.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import ServeError
from .guard import Limits, QueryRefused, check_query

MAX_RESPONSE_BYTES = 256 * 1024 * 1024  # an answer larger than the whole graph many times over
WORKER_START_SECONDS = 30
FORWARDED_PARAMETERS = ("default-graph-uri", "named-graph-uri")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # pages carry their own style and nothing else: no script can run even if text slipped
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    "Referrer-Policy": "no-referrer",
}


# --- the store processes ----------------------------------------------------------------------

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
        for _attempt in range(3):
            worker.port = free_port()
            worker.process = subprocess.Popen(
                [self.binary, "serve-read-only", "--location", str(self.location),
                 "--bind", f"127.0.0.1:{worker.port}", "--union-default-graph",
                 "--timeout-s", str(max(1, int(self.limits.timeout)))],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                preexec_fn=self._preexec)  # noqa: PLW1509 - only prctl runs in the child
            if self._listening(worker):
                worker.ready.set()
                return
            error = b""
            if worker.process.poll() is not None and worker.process.stderr:
                error = worker.process.stderr.read()[-300:]
            self._reap(worker)
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
        if process.stderr:
            process.stderr.close()

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


def _exchange(worker: Worker, path: str, body: bytes, accept: str, result: Upstream,
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


# --- the HTTP side ------------------------------------------------------------------------

class GuardServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a bound on connections and on the time to send a request."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], limits: Limits, pool: StorePool,
                 pages: Any, log: Callable[[str], None]) -> None:
        self.limits, self.pool, self.pages, self.log = limits, pool, pages, log
        self.lock = threading.Lock()
        self.waiting: dict[socket.socket, float] = {}  # connection → since when it waits
        self.busy: set[socket.socket] = set()
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.address_family = family
        super().__init__(address, GuardHandler)
        threading.Thread(target=self._reap_idle, daemon=True, name="idle-reaper").start()

    def server_bind(self) -> None:
        # No SO_REUSEADDR beyond the default: a port that another server holds is an error.
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()[:2]
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.lock:
            if len(self.waiting) + len(self.busy) >= self.limits.max_connections:
                self._evict_oldest_waiting()
            if len(self.waiting) + len(self.busy) >= self.limits.max_connections:
                self._refuse(request)
                return
            self.waiting[request] = time.monotonic()
        super().process_request(request, client_address)

    def _evict_oldest_waiting(self) -> None:
        if self.waiting:
            oldest = min(self.waiting, key=self.waiting.__getitem__)
            self._close(oldest)
            self.waiting.pop(oldest, None)

    def _refuse(self, request: socket.socket) -> None:
        with contextlib.suppress(OSError):
            request.settimeout(1)
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                            b"Connection: close\r\nContent-Length: 30\r\n\r\n"
                            b"too many connections; retry\r\n")
        self.shutdown_request(request)

    @staticmethod
    def _close(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def _reap_idle(self) -> None:
        while True:
            time.sleep(0.25)
            limit = time.monotonic() - self.limits.idle_timeout
            with self.lock:
                for sock, since in list(self.waiting.items()):
                    if since < limit:
                        self._close(sock)
                        self.waiting.pop(sock, None)

    def mark(self, sock: socket.socket, waiting: bool) -> None:
        with self.lock:
            if waiting:
                self.busy.discard(sock)
                self.waiting[sock] = time.monotonic()
            else:
                self.waiting.pop(sock, None)
                self.busy.add(sock)

    def forget(self, sock: socket.socket) -> None:
        with self.lock:
            self.waiting.pop(sock, None)
            self.busy.discard(sock)

    def shutdown_request(self, request: Any) -> None:
        self.forget(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that resets its connection is not news; anything else is one line.
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            self.log(f"request from {client_address[0]} failed: {type(error).__name__}: {error}")


class GuardHandler(BaseHTTPRequestHandler):
    server: GuardServer
    protocol_version = "HTTP/1.1"
    server_version = "pzgraph"
    sys_version = ""

    def setup(self) -> None:
        self.timeout = self.server.limits.idle_timeout  # per read, besides the total limit
        super().setup()

    def handle_one_request(self) -> None:
        self.server.mark(self.connection, waiting=True)
        super().handle_one_request()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass  # no access log on stderr: the terminal stays readable

    # --- answers

    def send_text(self, status: int, message: str, headers: dict[str, str] | None = None,
                  content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_body(status, (message.rstrip("\n") + "\n").encode("utf-8"), content_type,
                       headers)

    def send_body(self, status: int, body: bytes, content_type: str,
                  headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**SECURITY_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # --- methods

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _not_allowed(self) -> None:
        self.server.mark(self.connection, waiting=False)
        self.close_connection = True
        self.send_text(405, "this endpoint is read-only: GET, HEAD or POST a SPARQL query",
                       {"Allow": "GET, HEAD, POST"})

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed  # noqa: N815

    def _dispatch(self) -> None:
        body = self._read_body()
        if body is None:
            return
        self.server.mark(self.connection, waiting=False)
        path, _, query_string = self.path.partition("?")
        if path in ("/query", "/sparql"):
            self._sparql(body, query_string)
        elif self.command == "POST":
            self.send_text(405, "this endpoint is read-only: POST is for /query only",
                           {"Allow": "GET, HEAD"})
        else:
            self._page(urllib.parse.unquote(path))

    def _read_body(self) -> bytes | None:
        """The request body, bounded; None when an error was sent instead."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self.send_text(411, "send a Content-Length (chunked bodies are not accepted)")
            return None
        length_text = self.headers.get("Content-Length", "0") or "0"
        if not length_text.isdigit() or len(length_text) > 12:
            self.close_connection = True
            self.send_text(400, "Content-Length is not a number")
            return None
        length = int(length_text)
        limit = 3 * self.server.limits.max_query_bytes + 4096  # form encoding triples bytes
        if length > limit:
            self.close_connection = True
            self.send_text(413, f"the request body is {length} bytes; the limit is {limit}")
            return None
        return self.rfile.read(length) if length else b""

    # --- SPARQL protocol

    def _sparql(self, body: bytes, query_string: str) -> None:
        parameters = urllib.parse.parse_qs(query_string, keep_blank_values=True,
                                           max_num_fields=100)
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        text: str | None = None
        try:
            if self.command == "POST" and content_type == "application/sparql-query":
                text = body.decode("utf-8")
            elif self.command == "POST" and content_type == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True,
                                             max_num_fields=100)
                parameters = {**parameters, **form}
            elif self.command == "POST":
                self.send_text(415, "POST the query as application/sparql-query or as the "
                                    "form field query (application/x-www-form-urlencoded)")
                return
        except (UnicodeDecodeError, ValueError) as error:
            self.send_text(400, f"the request is not valid UTF-8 or form data: {error}")
            return
        if "update" in parameters or "using-graph-uri" in parameters:
            self.send_text(403, "this endpoint is read-only: SPARQL updates are refused")
            return
        if text is None:
            values = parameters.get("query", [])
            if len(values) != 1:
                self.send_text(400, "give exactly one SPARQL query (the query parameter)")
                return
            text = values[0]
        try:
            check_query(text, self.server.limits)
        except QueryRefused as refused:
            self.send_text(400, f"query refused: {refused}")
            return
        extra = [(name, value) for name in FORWARDED_PARAMETERS
                 for value in parameters.get(name, [])]
        path = "/query" + ("?" + urllib.parse.urlencode(extra) if extra else "")
        accept = self.headers.get("Accept", "application/sparql-results+json")[:1000]
        self._forward(path, text.encode("utf-8"), accept)

    def _forward(self, path: str, body: bytes, accept: str) -> None:
        pool, limits = self.server.pool, self.server.limits
        worker = pool.acquire()
        if worker is None:
            self.send_text(503, "all query workers are busy; retry in a moment",
                           {"Retry-After": "5"})
            return
        result, done = Upstream(), threading.Event()
        process = worker.process
        try:
            threading.Thread(target=_exchange, args=(worker, path, body, accept, result, done),
                             daemon=True).start()
            deadline = time.monotonic() + limits.timeout
            while not done.wait(0.1):
                if client_gone(self.connection):
                    worker.kill()  # nobody waits for the answer: stop the work
                    done.wait(5)
                    self.close_connection = True
                    return
                if time.monotonic() > deadline:
                    worker.kill()
                    done.wait(5)
                    self.send_text(503, f"the query ran longer than {limits.timeout:g} s and "
                                        "was stopped (docs/security.md: how to change the "
                                        "limit)")
                    return
        finally:
            pool.release(worker)
        if result.error == "too large":
            worker.kill()
            self.send_text(507, f"the answer is larger than {MAX_RESPONSE_BYTES} bytes; add a "
                                "LIMIT")
        elif result.error is not None or result.status == 0:
            died = process is not None and process.poll() is not None
            self.send_text(400 if died else 502,
                           "the query engine died on this query; it has been restarted"
                           if died else f"the store did not answer: {result.error}")
        else:
            content_type = dict(result.headers).get("Content-Type", "application/octet-stream")
            self.send_body(result.status, result.body, content_type)

    # --- pages

    def _page(self, path: str) -> None:
        pages = self.server.pages
        if path == "/":
            self.send_body(200, pages.index().encode("utf-8"), "text/html; charset=utf-8")
            return
        if path.startswith("/id/"):
            target = "/doc/" + urllib.parse.quote(path[len("/id/"):])
            if not pages.exists(path[len("/id/"):]):
                self.send_text(404, f"no resource {path} in this graph")
                return
            self.send_text(303, f"see {target}", {"Location": target, "Vary": "Accept"})
            return
        answer = pages.answer(path, self.headers.get("Accept", ""))
        if answer is None:
            self.send_text(404, f"nothing at {path}; resources are at /id/TYPE/NAME")
        elif answer.status == 406:
            self.send_text(406, answer.body.decode("utf-8"))
        else:
            self.send_body(200, answer.body, answer.content_type, {"Vary": "Accept"})


def serve_forever(address: tuple[str, int], limits: Limits, binary: str, location: Path,
                  pages: Any, announce: Callable[[str], None],
                  log: Callable[[str], None]) -> None:
    """Bind first (a busy port is a plain ServeError), start the store, serve until
    KeyboardInterrupt (SIGINT/SIGTERM), then stop everything this function started."""
    pool = StorePool(binary, location, limits, log)
    try:
        server = GuardServer(address, limits, pool, pages, log)
    except OSError as error:
        raise ServeError(f"cannot listen on {address[0]}:{address[1]}: {error.strerror or error}"
                         " (is another server using that port? choose one with --port)") from None
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              daemon=True, name="guard")
    try:
        pool.start()
        thread.start()
        host = f"[{address[0]}]" if ":" in address[0] else address[0]
        announce(f"http://{host}:{server.server_port}")
        pool.supervise()
    finally:
        pool.stop()
        if thread.is_alive():
            server.shutdown()
        server.server_close()


def describe_limits(limits: Limits) -> str:
    return json.dumps(limits.__dict__)
