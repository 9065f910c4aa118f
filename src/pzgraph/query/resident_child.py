"""What a child of the resident store (resident_server.py) does: it reads the store once, to
take the cost of copying its pages early, then answers the requests the resident hands it
(the request and the client's connection, on a socket pair), one at a time.

A child that has answered tells its resident so (DONE) and waits for the next request: the
pages of the store it copied while answering stay copied, so the next query runs as in the
resident itself, and no fork and no second scan are paid for it (at 10x ~1 s of CPU per
command). A child ends when its resident is gone, or after MAX_ANSWERS (a fresh one is then
forked): whatever a long life would gather stays bounded.
"""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..errors import PzgraphError
from ..release.guard import check_query
from .footing_index import FootingIndex
from .output import render
from .resident import encode_response, query_from_json
from .run import answer

DONE = b"+"  # a child's word to its resident: answered, free for the next request
MAX_ANSWERS = 200
AFTER_DEADLINE = 5  # seconds: a child past its deadline ends itself (its resident is gone)


def warm(store: ox.Store, stop: threading.Event, graphs: list | None = None) -> None:
    """In a child, while it waits: read every statement once. Reading the store writes
    to its memory, so the first query of a forked child copied the pages it touched (at 10x
    ~180,000 page faults, 0.55 s of system time, ~730 MB); one scan takes that cost before
    the request comes, and the query then runs as in the resident itself. It runs beside the
    request, graph by graph, and stops when the request comes: a command that follows
    another at once must not wait for the scan (~1.1 s of CPU at 10x). `graphs`: those still
    to read, taken off as they are read (the scan goes on from there after an answer)."""
    if graphs is None:
        graphs = [ox.DefaultGraph(), *store.named_graphs()]
    while graphs:
        if stop.is_set():
            return
        for _ in store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                             default_graph=graphs[0]):
            pass
        graphs.pop(0)


def respond(request: dict, store: ox.Store, footings: FootingIndex,
            labels: dict[str, dict[str, str]], dataset: Path,
            keep: tuple[Path, str] | None) -> dict:
    """The answer to one request, as the in-process `pzgraph query` would print it."""
    started = time.perf_counter()
    try:
        # the client checked it; a request is checked here again all the same
        query = query_from_json(request["query"])
        check_query(query.sparql)
        result = answer(query, store, request["params"],
                        language=request["language"], current_version=dataset, keep=keep,
                        footings=footings, every_label=labels)
        text = render(result.columns, result.rows, request["format"], request["language"])
    except PzgraphError as error:
        return {"ok": False, "kind": "error", "message": error.report(),
                "exit_code": error.exit_code}
    except Exception:  # noqa: BLE001 - a bug: the client runs the query itself and shows it
        traceback.print_exc()
        return {"ok": False, "kind": "bug"}
    return {"ok": True, "text": text, "seconds": time.perf_counter() - started}


def answer_requests(channel: socket.socket, store: ox.Store,
                    respond: Callable[[dict], dict]) -> None:
    """In a child: answer the requests handed over on `channel` until the resident is gone
    or MAX_ANSWERS are answered, scanning the store (warm) while no request runs."""
    unread = [ox.DefaultGraph(), *store.named_graphs()]
    scan: threading.Thread | None = None
    for answered in range(1, MAX_ANSWERS + 1):
        stop = threading.Event()
        # one scan at a time: one stopped for the last request may still read its graph
        if unread and (scan is None or not scan.is_alive()):
            # the engine lets go of the interpreter while it reads: the scan runs beside
            # the wait for a request (and up to its next graph, beside the request)
            scan = threading.Thread(target=warm, args=(store, stop, unread), daemon=True)
            scan.start()
        taken = receive_hand_off(channel)
        stop.set()
        if taken is None:  # the resident left
            return
        conn, request = taken
        # SIGALRM's default ends the process, also inside the query engine: the child's
        # own limit, should its resident be stopped (SIGSTOP) meanwhile
        signal.alarm(int(min(float(request["timeout"]), 86400)) + AFTER_DEADLINE)
        message = respond(request)
        signal.alarm(0)
        # free again before the client sees the end of its answer: its next command finds
        # this child taken back as the resident's spare, not a fork on the way
        send(conn, message, channel if answered < MAX_ANSWERS else None)


def send(conn: socket.socket, message: dict, channel: socket.socket | None = None) -> None:
    """The message, then the end of the stream: the client reads until then. Shut down, not
    only closed, as the resident also holds the connection of a request its child answers.
    `channel`: a child's line to its resident, told DONE before the stream ends."""
    with contextlib.suppress(OSError):  # the client left: nobody to tell
        conn.sendall(encode_response(message))
    if channel is not None:
        channel.sendall(DONE)  # the resident gone: the next hand-off finds nobody
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_WR)
    with contextlib.suppress(OSError):
        conn.close()


def receive_hand_off(channel: socket.socket) -> tuple[socket.socket, dict] | None:
    """In a child: the connection and request the resident hands over (_hand_off)."""
    try:
        header, fds, _, _ = socket.recv_fds(channel, 8, 1)
    except OSError:
        return None
    if not fds or len(header) != 8:
        return None
    size, data = int.from_bytes(header, "big"), b""
    while len(data) < size:
        chunk = channel.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return socket.socket(fileno=fds[0]), json.loads(data)
