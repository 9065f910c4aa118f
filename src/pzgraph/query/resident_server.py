"""The resident store: one build's dataset held in memory by a background process, so that
`pzgraph query` neither parses the graph nor reads the slower on-disk store (issue 17).

    python -m pzgraph.query.resident_server DATASET BUILD_DIR CHECKSUM KEEP IDLE

Started by the first query of a build (query/resident.py), never by the user. It claims its
socket first (a second one started at the same moment finds the name taken and leaves),
then parses the dataset, then answers. Each request runs in a forked child, which shares the
store copy-on-write: a query cannot damage the store, a crash of the query engine ends one
child, and a query past its time limit is killed there, as `pzgraph query` does in-process
(release/guard.run_stoppable). The process ends by itself when idle for IDLE seconds, or
when its build's dataset file is replaced or removed (a rebuild starts a new one).

The socket is in Linux's abstract namespace (no file to clean up, no path-length limit) and
answers only processes of the same user (SO_PEERCRED). A request is one JSON document: the
query as the client parsed it, its parameters and output options; the answer is one JSON
document: the rendered text, or an error's message and exit code.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import signal
import socket
import struct
import sys
import time
import traceback
from pathlib import Path

import pyoxigraph as ox

from ..errors import PzgraphError
from ..release.guard import check_query
from .footing import Footings
from .output import FORMATS, render
from .resident import query_from_json, socket_name
from .run import answer

CHECK_EVERY = 2.0  # seconds between looks at the dataset file (replaced: leave)
MAX_REQUEST = 1 << 20  # bytes: a query file and its parameters fit many times over
READ_TIMEOUT = 5.0  # seconds a connected client has to send its request
# queries answered at once; further clients wait in the socket's backlog (a burst of
# commands must not fork a copy of the store each)
MAX_RUNNING = max(2, os.cpu_count() or 2)


def respond(request: dict, store: ox.Store, footings: Footings, dataset: Path,
            keep: tuple[Path, str] | None) -> dict:
    """The answer to one request, as the in-process `pzgraph query` would print it."""
    started = time.perf_counter()
    try:
        # the client checked it; a request is checked here again all the same
        query = query_from_json(request["query"])
        check_query(query.sparql)
        result = answer(query, store, request["params"],
                        language=request["language"], current_version=dataset, keep=keep,
                        footings=footings)
        text = render(result.columns, result.rows, request["format"])
    except PzgraphError as error:
        return {"ok": False, "kind": "error", "message": error.report(),
                "exit_code": error.exit_code}
    except Exception:  # noqa: BLE001 - a bug: the client runs the query itself and shows it
        traceback.print_exc()
        return {"ok": False, "kind": "bug"}
    return {"ok": True, "text": text, "seconds": time.perf_counter() - started}


def send(conn: socket.socket, message: dict) -> None:
    """The message, then the end of the stream: the client reads until then. Shut down, not
    only closed, as the parent of a child that answers still holds the same connection."""
    with contextlib.suppress(OSError):  # the client left: nobody to tell
        conn.sendall(json.dumps(message).encode("utf-8"))
        conn.shutdown(socket.SHUT_WR)
    with contextlib.suppress(OSError):
        conn.close()


def well_formed(request: object) -> bool:
    """What `respond` reads, of the types it reads them as (the rest of a request is
    checked where it is used, as for the command)."""
    if not isinstance(request, dict):
        return False
    query, params = request.get("query"), request.get("params")
    return (isinstance(query, dict) and isinstance(query.get("sparql"), str)
            and isinstance(params, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
            and request.get("format") in FORMATS and request.get("language") in (None, "nl", "en")
            and isinstance(request.get("timeout"), (int, float)) and request["timeout"] > 0)


def read_request(conn: socket.socket) -> dict | None:
    conn.settimeout(READ_TIMEOUT)
    chunks, size = [], 0
    try:
        while chunk := conn.recv(65536):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_REQUEST:
                return None
        request = json.loads(b"".join(chunks))
    except (OSError, ValueError):
        return None
    return request if well_formed(request) else None


def same_user(conn: socket.socket) -> bool:
    credentials = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


class Server:
    def __init__(self, dataset: Path, checksum: str, keep: tuple[Path, str] | None,
                 idle: float, listener: socket.socket) -> None:
        self.dataset, self.checksum, self.keep, self.idle = dataset, checksum, keep, idle
        self.listener = listener
        self.identity = _identity(dataset)
        self.store = ox.Store()
        # The build wrote this file from a store: its IRIs need no second validation.
        self.store.load(path=str(dataset), format=ox.RdfFormat.N_QUADS, lenient=True)
        # looked up once here, so that an answer's footing is read from dictionaries
        self.footings = Footings.of_everything(self.store)
        # Out of the collector's sight: a child's collection would otherwise touch (and so
        # copy) every page of the index that the children share with this process.
        gc.freeze()
        self.running: dict[int, tuple[socket.socket, float]] = {}  # child -> (client, deadline)
        self.last_used = time.monotonic()
        # A child's end wakes the loop (its crash is told at once, not at the next check)
        self.wakeup, writer = os.pipe()
        os.set_blocking(self.wakeup, False)
        os.set_blocking(writer, False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(writer)

    def serve(self) -> None:
        checked = time.monotonic()
        while True:
            now = time.monotonic()
            wait = min([CHECK_EVERY, *(deadline - now for _, deadline in self.running.values())])
            ready = self._wait(max(wait, 0.0))
            if self.wakeup in ready:
                with contextlib.suppress(BlockingIOError):
                    os.read(self.wakeup, 512)
            self._reap()
            self._stop_overdue()
            self._stop_abandoned(ready)
            if self.listener.fileno() in ready:
                self._accept()
            now = time.monotonic()
            if not self.running and now - self.last_used > self.idle:
                return
            if now - checked >= CHECK_EVERY:
                checked = now
                if _identity(self.dataset) != self.identity:
                    return  # rebuilt or removed: the next query starts a resident of its own

    def _wait(self, seconds: float) -> set[int]:
        """The descriptors that are ready: a new client (while fewer than MAX_RUNNING
        queries run), a child that ended, a client that hung up on its query."""
        poll = select.poll()
        poll.register(self.wakeup, select.POLLIN)
        if len(self.running) < MAX_RUNNING:
            poll.register(self.listener, select.POLLIN)
        for conn, _ in self.running.values():
            # POLLHUP only when the client closed its end: it sent its request with a
            # half-close (SHUT_WR), which reads as the end of input, not as a hang-up
            poll.register(conn, 0)
        return {fd for fd, _ in poll.poll(seconds * 1000)}

    def _stop_abandoned(self, ready: set[int]) -> None:
        """The work stops when its client leaves (Ctrl-C of the command): its child is
        killed, not left running to its time limit."""
        for child, (conn, _) in list(self.running.items()):
            if conn.fileno() in ready:
                self._kill(child)
                del self.running[child]
                conn.close()

    def _kill(self, child: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)

    def _accept(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        if not same_user(conn):
            conn.close()
            return
        request = read_request(conn)
        if request is None or request.get("checksum") != self.checksum:
            send(conn, {"ok": False, "kind": "stale"})  # the client answers in-process
            return
        self.last_used = time.monotonic()  # only a request counts (not a mere connection)
        timeout = float(request["timeout"])
        child = os.fork()
        if child == 0:  # the child: answer, and nothing else of this process
            code = 0
            try:
                self.listener.close()
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                send(conn, respond(request, self.store, self.footings, self.dataset, self.keep))
            except BaseException:  # noqa: BLE001 - the parent tells the client
                code = 1
            finally:
                os._exit(code)
        self.running[child] = (conn, time.monotonic() + timeout)

    def _reap(self) -> None:
        for child in list(self.running):
            try:
                pid, status = os.waitpid(child, os.WNOHANG)
            except ChildProcessError:
                pid, status = child, 0
            if pid == 0:
                continue
            conn, _ = self.running.pop(child)
            if os.WIFSIGNALED(status) or os.waitstatus_to_exitcode(status) != 0:
                name = (signal.Signals(os.WTERMSIG(status)).name if os.WIFSIGNALED(status)
                        else f"exit code {os.waitstatus_to_exitcode(status)}")
                send(conn, {"ok": False, "kind": "crashed",
                            "message": f"the query engine died on this query ({name})"})
            else:
                conn.close()
            self.last_used = time.monotonic()

    def _stop_overdue(self) -> None:
        now = time.monotonic()
        for child, (conn, deadline) in list(self.running.items()):
            if now >= deadline:
                self._kill(child)
                del self.running[child]
                send(conn, {"ok": False, "kind": "timeout"})
                self.last_used = time.monotonic()


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What tells a replaced file from the one loaded: a rebuild writes a new file and
    renames it over the old one (a new inode)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def main(argv: list[str]) -> int:
    dataset, build_dir, checksum, keep_folder, idle = argv
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(socket_name(Path(build_dir), checksum))
    except OSError:
        return 0  # another resident of this build holds the name: it answers
    # Listening before the dataset is parsed: a client that connects meanwhile waits in the
    # backlog for its answer instead of starting a second resident.
    listener.listen(64)
    if os.fork() != 0:
        return 0  # the starter learns that the name is claimed; the child is the resident
    os.chdir("/")  # holds no folder of the user's (one may be removed while it runs)
    keep = (Path(keep_folder), checksum) if keep_folder != "-" else None
    Server(Path(dataset), checksum, keep, float(idle), listener).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
