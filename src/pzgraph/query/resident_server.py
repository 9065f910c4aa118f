"""The resident store: one build's dataset held in memory by a background process, so that
`pzgraph query` neither parses the graph nor reads the slower on-disk store (issue 17).

    python -m pzgraph.query.resident_server DATASET BUILD_DIR CHECKSUM KEEP IDLE

Started by the first query of a build (query/resident.py), never by the user. It claims its
socket first (a second one started at the same moment finds the name taken and leaves),
then parses the dataset, then answers. Each request runs in a forked child, which shares the
store copy-on-write: a query cannot damage the store, a crash of the query engine ends one
child, and a query past its time limit is killed there, as `pzgraph query` does in-process
(release/guard.run_stoppable). A child that answered is handed the next request
(resident_child.py); one killed or crashed is replaced by a new fork. The process ends by
itself when idle for IDLE seconds, or when its build's dataset file is replaced or removed
(a rebuild starts a new one).

The socket is in Linux's abstract namespace (no file to clean up, no path-length limit) and
answers only processes of the same user (SO_PEERCRED). A request is one JSON document: the
query as the client parsed it, its parameters and output options; the answer is a line of
JSON (an error's message and exit code, or that the text follows), then the rendered text as
it is (resident.encode_response).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import signal
import socket
import sys
import time
import traceback
from pathlib import Path

import pyoxigraph as ox

from ..project import write_atomic
from ..release.guard import libc_prctl
from ..release.no_network import forbid_network
from .footing_index import FootingIndex
from .output import FORMATS
from .resident import (
    ACK,
    code_identity,
    peer_uid,
    resident_key,
    socket_name,
)
from .resident_child import DONE, answer_requests, respond, send
from .results import LANGUAGES, every_label

CHECK_EVERY = 2.0  # seconds between looks at the dataset file (replaced: leave)
MAX_REQUEST = 1 << 20  # bytes: a query file and its parameters fit many times over
READ_TIMEOUT = 5.0  # seconds a connected client has to send its request
# queries answered at once, and requests being read at once; further clients wait in the
# socket's backlog (a burst of commands must not fork a copy of the store each)
MAX_RUNNING = 4 * (os.cpu_count() or 2)
MAX_PENDING = 64
MAX_TIMEOUT = 7 * 86400.0  # seconds: a request's time limit, at most (as IDLE)


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
            and isinstance(request.get("timeout"), (int, float))
            and 0 < request["timeout"] <= MAX_TIMEOUT)


def parse_request(data: bytes) -> dict | None:
    """The request, or None for anything else: a request comes from a process of the same
    user, which may be buggy or hostile all the same (the resident answers every build's
    queries), so no input ends it. Nesting deeper than Python's stack is a RecursionError."""
    try:
        request = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return request if well_formed(request) else None


class Server:
    def __init__(self, dataset: Path, checksum: str, keep: tuple[Path, str] | None,
                 idle: float, listener: socket.socket) -> None:
        self.dataset, self.checksum, self.keep, self.idle = dataset, checksum, keep, idle
        self.listener = listener
        self.identity = _identity(dataset)
        self.store = ox.Store()
        # The build wrote this file from a store: its IRIs need no second validation.
        self.store.load(path=str(dataset), format=ox.RdfFormat.N_QUADS, lenient=True)
        # looked up once per build and code, so that an answer's footing is read from
        # dictionaries; kept beside the on-disk store for the next resident
        self.footings = self._footing_index(keep)
        # and every label, in both languages (one query each: ~1 s at 10x)
        self.labels = {language: every_label(self.store, language) for language in LANGUAGES}
        # Out of the collector's sight: a child's collection would otherwise touch (and so
        # copy) every page of the index that the children share with this process.
        gc.freeze()
        # child -> (client, deadline, its channel; None once it closed)
        self.running: dict[int, tuple[socket.socket, float, socket.socket | None]] = {}
        self.spare: tuple[int, socket.socket] | None = None  # a child waiting for a request
        self.retired: set[int] = set()  # children told to end (one spare is enough)
        self.pending: dict[int, tuple[socket.socket, bytearray, float]] = {}  # being read
        self.code = code_identity()
        self.prctl = libc_prctl()
        self.last_used = time.monotonic()
        # A child's end wakes the loop (its crash is told at once, not at the next check)
        self.wakeup, writer = os.pipe()
        os.set_blocking(self.wakeup, False)
        os.set_blocking(writer, False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(writer)

    def _footing_index(self, keep: tuple[Path, str] | None) -> FootingIndex:
        kept = (keep[0] / f"footings-{resident_key(keep[0], self.checksum)[:16]}.marshal"
                if keep else None)
        with contextlib.suppress(OSError):
            if kept is not None and (index := FootingIndex.from_bytes(kept.read_bytes())):
                return index
        index = FootingIndex.of_store(self.store)
        if kept is not None:
            with contextlib.suppress(OSError):  # a read-only build folder: looked up again
                for old in kept.parent.glob("footings-*.marshal"):
                    old.unlink()
                write_atomic(kept, index.to_bytes())
        return index

    def serve(self) -> None:
        checked = time.monotonic()
        self._fork_spare()
        while True:
            now = time.monotonic()
            wait = min([CHECK_EVERY, *(deadline - now for _, deadline, _ in self.running.values()),
                        *(deadline - now for _, _, deadline in self.pending.values())])
            ready = self._wait(max(wait, 0.0))
            if self.wakeup in ready:
                with contextlib.suppress(BlockingIOError):
                    os.read(self.wakeup, 512)
            self._take_back(ready)  # first: a child free again is not a client that left
            self._reap()
            self._stop_overdue()
            self._stop_abandoned(ready)
            self._read(ready)
            if self.listener.fileno() in ready:
                self._accept()
            # a child that answers becomes the spare again: none is forked meanwhile, whose
            # fork and scan would take the CPU of the query (a second request that comes
            # meanwhile forks its own child, in _hand_off)
            if self.spare is None and not self.running:
                self._fork_spare()
            now = time.monotonic()
            if not self.running and now - self.last_used > self.idle:
                return
            if now - checked >= CHECK_EVERY:
                checked = now
                if _identity(self.dataset) != self.identity or code_identity() != self.code:
                    # rebuilt, removed, or its code changed: the next query starts another
                    return

    def _wait(self, seconds: float) -> set[int]:
        """The descriptors that are ready: a new client (while fewer than MAX_RUNNING
        queries run), a child that ended, a client that hung up on its query."""
        poll = select.poll()
        poll.register(self.wakeup, select.POLLIN)
        if len(self.running) < MAX_RUNNING and len(self.pending) < MAX_PENDING:
            poll.register(self.listener, select.POLLIN)
        for fd in self.pending:
            poll.register(fd, select.POLLIN)
        for conn, _, channel in self.running.values():
            # POLLHUP only when the client closed its end: it sent its request with a
            # half-close (SHUT_WR), which reads as the end of input, not as a hang-up
            poll.register(conn, 0)
            if channel is not None:  # the child's DONE
                poll.register(channel, select.POLLIN)
        return {fd for fd, _ in poll.poll(seconds * 1000)}

    def _take_back(self, ready: set[int]) -> None:
        """Children that answered (DONE): one is the spare again, any other ends."""
        for child, (conn, deadline, channel) in list(self.running.items()):
            if channel is None or channel.fileno() not in ready:
                continue
            try:
                word = channel.recv(len(DONE))
            except OSError:
                word = b""
            if word != DONE:  # the child ended (or said something else): _reap tells it
                channel.close()
                self.running[child] = (conn, deadline, None)
                continue
            del self.running[child]
            conn.close()
            self.last_used = time.monotonic()
            if self.spare is None:
                self.spare = (child, channel)
            else:
                channel.close()  # it reads the end and ends; reaped in _reap
                self.retired.add(child)

    def _stop_abandoned(self, ready: set[int]) -> None:
        """The work stops when its client leaves (Ctrl-C of the command): its child is
        killed, not left running to its time limit."""
        for child, (conn, _, channel) in list(self.running.items()):
            if conn.fileno() in ready:
                self._kill(child)
                del self.running[child]
                conn.close()
                if channel is not None:
                    channel.close()

    def _kill(self, child: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)

    def _accept(self) -> None:
        """A new client: its request is read as it arrives (_read), so a slow client holds
        up nobody else."""
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        if peer_uid(conn) != os.getuid():
            conn.close()
            return
        conn.setblocking(False)
        self.pending[conn.fileno()] = (conn, bytearray(), time.monotonic() + READ_TIMEOUT)

    def _read(self, ready: set[int]) -> None:
        now = time.monotonic()
        for fd, (conn, data, deadline) in list(self.pending.items()):
            if fd not in ready:
                if now >= deadline:  # too slow to send its request
                    del self.pending[fd]
                    conn.close()
                continue
            try:
                chunk = conn.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                chunk, data = b"", bytearray(MAX_REQUEST + 1)  # gone: dropped below
            data += chunk
            if chunk and len(data) <= MAX_REQUEST:
                continue
            del self.pending[fd]
            try:
                conn.setblocking(True)
                request = parse_request(bytes(data)) if len(data) <= MAX_REQUEST else None
                self._take(conn, request)
            except Exception:  # noqa: BLE001 - a bug met by one request ends only that one
                traceback.print_exc()
                send(conn, {"ok": False, "kind": "stale"})

    def _take(self, conn: socket.socket, request: dict | None) -> None:
        if request is None or request.get("checksum") != self.checksum:
            send(conn, {"ok": False, "kind": "stale"})  # the client answers in-process
            return
        self.last_used = time.monotonic()  # only a request counts (not a mere connection)
        try:
            conn.sendall(ACK)  # taken: the client now waits for the query, not for us
        except OSError:
            conn.close()
            return
        timeout = float(request["timeout"])
        child, channel = self._hand_off(conn, request)
        self.running[child] = (conn, time.monotonic() + timeout, channel)

    def _fork_spare(self, handed: socket.socket | None = None) -> None:
        """A child forked ahead of the next request, waiting for it: forking a process that
        holds the store costs tenths of a second at 10x (copying its page tables), paid here
        between requests instead of while a client waits. It answers requests until it ends
        (resident_child.answer_requests). `handed`: the connection it is forked for, which
        it receives on its channel (a copy inherited would stay open as long as it lives)."""
        ours, theirs = socket.socketpair()
        child = os.fork()
        if child == 0:  # the child: answer requests, and nothing else of this process
            code = 0
            try:
                if self.prctl is not None:  # Linux: killed with its resident, however it ends
                    self.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
                ours.close()
                self.listener.close()
                # the others' connections and channels: a child told to end (its channel
                # closed) must not find it held open here
                for conn, _, channel in self.running.values():
                    conn.close()
                    if channel is not None:
                        channel.close()
                for conn, _, _ in self.pending.values():
                    conn.close()
                if handed is not None:
                    handed.close()
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                answer_requests(theirs, self.store, lambda request: respond(
                    request, self.store, self.footings, self.labels, self.dataset, self.keep))
            except BaseException:  # noqa: BLE001 - the parent tells the client
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        self.spare = (child, ours)

    def _hand_off(self, conn: socket.socket, request: dict) -> tuple[int, socket.socket]:
        """Give the request and its connection to the spare child (a new one if the spare
        is taken or gone); the connection stays open here too, to tell a time-out or a
        crash, and so does the channel, on which the child says it is free again."""
        data = json.dumps(request).encode("utf-8")
        for _ in range(2):
            if self.spare is None:
                self._fork_spare(conn)
            child, channel = self.spare  # type: ignore[misc]
            self.spare = None
            try:
                socket.send_fds(channel, [len(data).to_bytes(8, "big")], [conn.fileno()])
                channel.sendall(data)
                return child, channel
            except OSError:  # it died waiting: take it away, and fork another
                self._kill(child)
                channel.close()
        raise OSError("no child could take the request")

    def _reap(self) -> None:
        for child in list(self.retired):
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(child, os.WNOHANG)[0] == 0:
                    continue
            self.retired.discard(child)
        for child in list(self.running):
            try:
                pid, status = os.waitpid(child, os.WNOHANG)
            except ChildProcessError:
                pid, status = child, 0
            if pid == 0:
                continue
            conn, _, channel = self.running.pop(child)
            if channel is not None:
                channel.close()
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
        for child, (conn, deadline, channel) in list(self.running.items()):
            if now >= deadline:
                self._kill(child)
                del self.running[child]
                if channel is not None:
                    channel.close()
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
    forbid_network()  # its queries need none: a SERVICE past the guard finds no socket
    keep = (Path(keep_folder), checksum) if keep_folder != "-" else None
    Server(Path(dataset), checksum, keep, float(idle), listener).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
