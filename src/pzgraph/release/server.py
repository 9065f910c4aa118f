"""`pzgraph serve`: a small, bounded HTTP server in front of store processes.

    client ──► guard (this module, the public port)
                 ├─ /query        checked (guard.check_query), then forwarded to a free worker;
                 │                without a query: the service description (service_description.py)
                 ├─ /id/…         303 to /doc/…
                 ├─ /doc/…, /def  pages (pages.py), by content negotiation
                 └─ anything else 404; only GET, HEAD and POST
    workers: child processes (store_worker.py) holding the store read-only, one query each;
             each talks to this process over its own pipes and listens on no port.

Why a worker per query: Oxigraph cannot cancel a query (it does not stop an aggregate over a
cross product, and the work would go on after the client left). A worker that runs past the
time limit, or whose client went away, is killed and started again (a fraction of a second),
and no other query is touched. A worker that dies for any reason is restarted by the
supervisor, which runs in the main thread: Linux's parent-death signal follows the thread
that started a child, so the workers die with pzgraph however it ends.

Connections are bounded: at most `max_connections` at once; when full, the connection that
has waited longest without sending a complete request is closed to make room, and a client
gets `idle_timeout` seconds (in total, not per byte) to send its request.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..terminal import printable
from .guard import Limits, QueryRefused, check_query
from .http_request import HeadRecorder, drain, head_problem
from .negotiation import Page
from .service_description import ServiceDescription
from .workers import ClientWatch, StorePool, Upstream, exchange, failure, kill

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # pages carry their own style and nothing else: no script can run even if text slipped
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    "Referrer-Policy": "no-referrer",
}


# --- the HTTP side ------------------------------------------------------------------------

class GuardServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a bound on connections and on the time to send a request."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], limits: Limits, pool: StorePool,
                 pages: Any, log: Callable[[str], None]) -> None:
        self.limits, self.pool, self.pages, self.log = limits, pool, pages, log
        self.description = ServiceDescription(pages.store)
        self.lock = threading.Lock()
        self.waiting: dict[socket.socket, float] = {}  # connection → since when it waits
        self.busy: set[socket.socket] = set()
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.address_family = family
        super().__init__(address, GuardHandler)
        threading.Thread(target=self._reap_idle, daemon=True, name="idle-reaper").start()

    def server_bind(self) -> None:
        # SO_REUSEADDR lets a restarted server bind past its old connections in TIME_WAIT;
        # on Linux it never lets two servers listen on one port. (No getfqdn: no DNS.)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()[:2]
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.lock:
            if len(self.waiting) + len(self.busy) >= self.limits.max_connections:
                self._evict_oldest_waiting()
            full = len(self.waiting) + len(self.busy) >= self.limits.max_connections
            if not full:
                self.waiting[request] = time.monotonic()
        if full:  # outside the lock: closing the connection takes it again (forget)
            self._refuse(request)
            return
        super().process_request(request, client_address)

    def _evict_oldest_waiting(self) -> None:
        if self.waiting:
            oldest = min(self.waiting, key=self.waiting.__getitem__)
            self._close(oldest)
            self.waiting.pop(oldest, None)

    def _refuse(self, request: socket.socket) -> None:
        with contextlib.suppress(OSError):
            request.settimeout(1)
            body = b"too many connections; retry\n"
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                            b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body)
                            + body)
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

    def wait_answered(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.busy and time.monotonic() < deadline:
            time.sleep(0.05)

    def shutdown_request(self, request: Any) -> None:
        self.forget(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that resets its connection is not news; anything else is one line.
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            self.log(f"request from {client_address[0]} failed: {type(error).__name__}: "
                     + printable(str(error))[:300])


class GuardHandler(BaseHTTPRequestHandler):
    server: GuardServer
    protocol_version = "HTTP/1.1"
    server_version = "pzgraph"

    def version_string(self) -> str:
        return self.server_version  # not "pzgraph " + Python's version

    def setup(self) -> None:
        self.timeout = self.server.limits.idle_timeout  # per read, besides the total limit
        super().setup()

    def handle_one_request(self) -> None:
        self.server.mark(self.connection, waiting=True)
        super().handle_one_request()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass  # no access log on stderr: the terminal stays readable

    # --- the head: held to RFC 9112 before anything of the request is acted on

    def parse_request(self) -> bool:
        self._head, self._head_checked = HeadRecorder(self.rfile), False
        self.rfile = self._head  # type: ignore[assignment] - it reads like the stream
        try:
            parsed = super().parse_request()
        finally:
            self.rfile = self._head.stream
        return parsed and self._head_allowed()

    def handle_expect_100(self) -> bool:
        # the check comes before "100 Continue" invites the body
        return self._head_allowed() and super().handle_expect_100()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own refusals (a malformed request line, an unknown method,
        HTTP/2, a line over 64 KB) in the form of every other answer: text with the security
        headers, nothing of the request echoed, and the connection closed."""
        short, long = self.responses.get(code, ("error", ""))
        self._refuse_request(code, f"{short}: {long}" if long else short)

    def _refuse_request(self, status: int, message: str) -> None:
        self.close_connection = True
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.0"  # so that the answer has a status line
        self.send_text(status, message)
        drain(self.connection)

    def _head_allowed(self) -> bool:
        """Whether the head keeps the rules (http_request.py); if not, the refusal is sent
        and the connection will close."""
        if self._head_checked:
            return True
        self._head_checked = True
        problem = head_problem(self.raw_requestline, self._head.lines)
        if problem is None:
            return True
        self._refuse_request(*problem)
        return False

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
        drain(self.connection)

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
        # the head was checked (_head_allowed): no Transfer-Encoding, at most one
        # Content-Length of ASCII digits
        length = int(self.headers.get("Content-Length", "0").strip(" \t") or "0")
        limit = 3 * self.server.limits.max_query_bytes + 4096  # form encoding triples bytes
        if length > limit:
            self.close_connection = True
            self.send_text(413, f"the request body is {length} bytes; the limit is {limit}")
            drain(self.connection)
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
        if self.command != "POST" and not parameters:  # SPARQL 1.1 Protocol §2.1
            self._send_negotiated(self.server.description.page(
                self.headers.get("Accept", ""), self.headers.get("Host"),
                self.server.server_address[:2], self.path.partition("?")[0]))
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
        self._forward({"query": text, "accept": self.headers.get("Accept", "")[:1000],
                       "default_graphs": parameters.get("default-graph-uri", []),
                       "named_graphs": parameters.get("named-graph-uri", [])})

    def _forward(self, request: dict) -> None:
        pool, limits = self.server.pool, self.server.limits
        acquired = pool.acquire()
        if acquired is None:
            self.send_text(503, "all query workers are busy; retry in a moment",
                           {"Retry-After": "5"})
            return
        worker, process = acquired
        result, done = Upstream(), threading.Event()
        spent = True  # unless it answered: killed here, or ended on this query
        try:
            threading.Thread(target=exchange, args=(process, request, result, done),
                             daemon=True).start()
            deadline = time.monotonic() + limits.timeout
            client = ClientWatch(self.connection, self.request_version == "HTTP/1.1")
            while not done.wait(0.1):
                if client.gone():
                    kill(process)  # nobody waits for the answer: stop the work
                    done.wait(5)
                    self.close_connection = True
                    return
                if time.monotonic() > deadline:
                    kill(process)
                    done.wait(5)
                    self.send_text(503, f"the query ran longer than {limits.timeout:g} s and "
                                        "was stopped (docs/security.md: how to change the "
                                        "limit)")
                    return
            spent = result.status == 0 or (result.error is not None and result.status != 507)
        finally:
            pool.release(worker, process if spent else None)
        if result.error is not None or result.status == 0:
            self.send_text(*failure(result, process, limits, pool.stopping.is_set()))
        elif not pool.held.reserve(size := len(result.body)):
            self.send_text(503, "the server is sending other large answers to slow clients; "
                                "retry in a moment", {"Retry-After": "5"})
        else:
            try:
                self.send_body(result.status, result.body, result.content_type)
            finally:
                pool.held.release(size)

    # --- pages

    def _page(self, path: str) -> None:
        pages = self.server.pages
        if path == "/":
            self.send_body(200, pages.index().encode("utf-8"), "text/html; charset=utf-8")
            return
        target = pages.see_other(path)  # /id/…, /graph/…, /def/VERSION
        if target is not None:
            self.send_text(303, f"see {target}", {"Location": target, "Vary": "Accept"})
            return
        if path.startswith(("/id/", "/graph/")):
            self.send_text(404, f"no resource {path} in this graph (the catalogue, dataset, "
                                "distributions: `serve --release` of an export)")
            return
        answer = pages.answer(path, self.headers.get("Accept", ""))
        if answer is not None and answer.status == 503:  # every render slot busy
            self.send_text(503, answer.body.decode("utf-8"), {"Retry-After": "5"})
        elif answer is None:
            self.send_text(404, f"nothing at {path}; resources are at /id/TYPE/NAME")
        else:
            self._send_negotiated(answer)

    def _send_negotiated(self, answer: Page) -> None:
        if answer.status == 406:
            self.send_text(406, answer.body.decode("utf-8"))
        else:
            self.send_body(200, answer.body, answer.content_type, {"Vary": "Accept"})

