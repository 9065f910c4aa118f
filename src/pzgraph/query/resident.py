"""Ask the resident store of a build (query/resident_server.py), starting it when none runs.

`pzgraph query` runs here first: the build's dataset stays parsed in a background process
between commands, so a command costs its own start and the query, not a parse of the graph
(benchmarks/results/scale.md). `answer_text` returns None whenever the resident cannot
answer — not Linux, turned off, a dataset too large to hold in memory, a resident that died
or hit a bug — and the command then answers in-process as before, with the same text.

PZGRAPH_RESIDENT_IDLE: seconds a resident stays after its last query (default 600);
0 turns residents off.

Trust: a resident is found by a name made of the build folder, the dataset's checksum and
the code (pzgraph's modules and the query engine, by size and time), so a changed build or
changed code never reaches an old resident; and the command talks only to a resident of its
own user (SO_PEERCRED), so another user who takes the name first gets no query and gives no
answer: the command then answers in-process.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import stat
import struct
import sys
from pathlib import Path

import pyoxigraph as ox

from ..errors import PzgraphError
from ..release.guard import QueryCrashed, QueryTimeout, RelayedError
from .library import Parameter, Query

IDLE_VARIABLE = "PZGRAPH_RESIDENT_IDLE"
DEFAULT_IDLE = 600.0
# Above this the in-memory copy would take gigabytes and minutes to parse (100x: 6 GB of
# N-Quads); the on-disk store answers such a dataset (query/plan.py).
MAX_DATASET_BYTES = 1_500_000_000
START_WAIT = 10.0  # seconds for a new resident to claim its socket (imports only)
WAIT_BEYOND_TIMEOUT = 300.0  # seconds: a resident that starts at 10x parses for ~10 s
ACK, ACK_WAIT = b"+", 5.0  # the resident's "taken", and how long to wait for it
CONNECT_WAIT = 2.0  # seconds: a resident whose queue is full is given up


def idle_seconds() -> float:
    text = os.environ.get(IDLE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_IDLE
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    # also refuses nan; under a second a resident would leave before the query it was
    # started for arrives, and every command would pay its start for nothing
    if not (seconds == 0 or 1 <= seconds <= 7 * 86400):
        raise PzgraphError(f"{IDLE_VARIABLE}={text!r}: give the seconds a resident store stays "
                           "after its last query, from 1 to 604800 (a week), or 0 for no "
                           "resident store")
    return seconds


def available(dataset: Path) -> bool:
    if not sys.platform.startswith("linux") or idle_seconds() == 0:
        return False
    try:
        return dataset.stat().st_size <= MAX_DATASET_BYTES
    except OSError:
        return False


def answer_text(query: Query, params: dict[str, str], fmt: str, language: str | None,
                timeout: float, dataset: Path, build_dir: Path, checksum: str,
                keep_folder: Path | None) -> str | None:
    """The rendered answer from the build's resident store, or None (answer in-process)."""
    if not available(dataset) or not checksum:
        return None
    # absolute: the resident runs from / (it holds no folder of the user's)
    dataset, build_dir = dataset.resolve(), build_dir.resolve()
    keep_folder = keep_folder.resolve() if keep_folder else None
    name = socket_name(build_dir, checksum)
    conn, started = _connect(name), False
    if conn is None:
        conn, started = _start(name, dataset, build_dir, checksum, keep_folder), True
    if conn is None:
        return None
    request = {"checksum": checksum, "query": query_to_json(query), "params": params,
               "format": fmt, "language": language, "timeout": timeout}
    with conn:
        # A resident acknowledges a request as it takes it: one that does not (stopped,
        # hung, or still parsing a large graph) is given up after ACK_WAIT, unless this
        # command started it; then the query runs, which the resident stops at `timeout`.
        conn.settimeout(timeout + WAIT_BEYOND_TIMEOUT if started else ACK_WAIT)
        try:
            conn.sendall(json.dumps(request).encode("utf-8"))
            conn.shutdown(socket.SHUT_WR)
            first = conn.recv(1)
            conn.settimeout(timeout + WAIT_BEYOND_TIMEOUT)
            response = _read_all(conn, b"" if first == ACK else first)
        except OSError:
            return None
    return _text(response, timeout)


def _text(response: dict | None, timeout: float) -> str | None:
    if response is None:
        return None
    if response.get("ok"):
        return str(response["text"])
    kind = response.get("kind")
    if kind == "error":
        raise RelayedError(str(response["message"]), int(response.get("exit_code", 1)))
    if kind == "timeout":
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped "
                           "(raise it with --timeout)")
    if kind == "crashed":
        raise QueryCrashed(str(response["message"]))
    return None  # stale or a bug: in-process


def _read_all(conn: socket.socket, start: bytes) -> dict | None:
    chunks = [start]
    while chunk := conn.recv(1 << 20):
        chunks.append(chunk)
    return decode_response(b"".join(chunks))


def encode_response(message: dict) -> bytes:
    """A line of JSON, then the answer's text as it is (UTF-8), when there is one: a text of
    megabytes (members at 10x: 16 MB) is neither escaped nor parsed as a JSON string."""
    text = message.get("text")
    body = str(text).encode("utf-8", "surrogatepass") if text is not None else b""
    head = {**message, "text": len(body)} if text is not None else message  # its length
    return json.dumps(head).encode("utf-8") + b"\n" + body  # JSON's own line: no raw newline


def decode_response(data: bytes) -> dict | None:
    """The message of `encode_response`; None when it is cut short or not one (the resident
    died while answering)."""
    head, newline, body = data.partition(b"\n")
    try:
        response = json.loads(head)
        if not newline or not isinstance(response, dict):
            return None
        if response.get("ok"):
            if response.get("text") != len(body):
                return None  # cut short
            response["text"] = body.decode("utf-8", "surrogatepass")
    except ValueError:  # UnicodeDecodeError included
        return None
    return response


def _connect(name: str) -> socket.socket | None:
    """A connection to the resident of this name, if one of this user's listens there."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(CONNECT_WAIT)
    try:
        conn.connect(name)
        if peer_uid(conn) == os.getuid():
            return conn
    except OSError:
        pass
    conn.close()
    return None


def peer_uid(conn: socket.socket) -> int:
    """The user of the process at the other end (Linux: SO_PEERCRED)."""
    credentials = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", credentials)[1]


def _start(name: str, dataset: Path, build_dir: Path, checksum: str,
           keep_folder: Path | None) -> socket.socket | None:
    """Start the build's resident and connect to it; None if it does not come up. The
    process started returns once the socket is claimed, leaving the resident detached (its
    own session: Ctrl-C of this command does not reach it)."""
    import subprocess  # here: a query that finds its resident starts without it

    log = _log(build_dir)
    try:
        # -P and cwd /: no module of the folder the command was run in can stand in for ours
        subprocess.run(
            [sys.executable, "-P", "-m", "pzgraph.query.resident_server", str(dataset),
             str(build_dir), checksum, str(keep_folder) if keep_folder else "-",
             str(idle_seconds())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=log if log is not None else subprocess.DEVNULL,
            start_new_session=True, close_fds=True, timeout=START_WAIT, check=False, cwd="/")
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        if log is not None:
            log.close()
    return _connect(name)


LOG_BYTES = 1 << 20  # a log past this is moved to resident.log.1 (the one before it goes)


def _log(build_dir: Path):
    """Where the resident writes what went wrong (a bug's traceback): build/resident.log,
    kept under 2 MiB with the previous log beside it."""
    path = build_dir / "resident.log"
    with contextlib.suppress(OSError):
        if path.lstat().st_size > LOG_BYTES:
            os.replace(path, path.with_name("resident.log.1"))
    with contextlib.suppress(OSError):
        # a plain file only: a pipe put there would block the open, a link lead elsewhere
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_NOFOLLOW
        handle = os.open(path, flags, 0o644)
        if stat.S_ISREG(os.fstat(handle).st_mode):
            return os.fdopen(handle, "ab")
        os.close(handle)
    return None  # nowhere


def resident_key(build_dir: Path, checksum: str) -> str:
    """One build and one code: its folder, the checksum of its dataset, and the code that
    answers (code_identity)."""
    key = hashlib.sha256(f"{Path(build_dir).resolve()}\n{checksum}\n{code_identity()}".encode())
    return key.hexdigest()


def socket_name(build_dir: Path, checksum: str) -> str:
    """The abstract socket of the resident of one build and one code."""
    return f"\0pzgraph-resident-{resident_key(build_dir, checksum)[:32]}"


def code_identity() -> str:
    """pzgraph's modules and the query engine's library by path, size and time: an edit, a
    pull or an upgrade makes another identity (a resident keeps the code it started with)."""
    digest = hashlib.sha256()
    for path in [*_modules(str(Path(__file__).resolve().parents[1])), ox.__file__]:
        with contextlib.suppress(OSError):
            status = os.stat(path)
            digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _modules(folder: str) -> list[str]:
    """Every .py file under `folder`, sorted; linked folders are not followed. With os.scandir,
    as every command computes it: a third of the time of pathlib's rglob."""
    found, folders = [], [folder]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    found.append(entry.path)
    return sorted(found)


def query_to_json(query: Query) -> dict:
    return {"name": query.name, "path": str(query.path), "sparql": query.sparql,
            "title": query.title, "nl": query.nl, "en": query.en,
            "parameters": [[p.name, p.type, p.description, p.default] for p in query.parameters],
            "view": query.view, "view_options": query.view_options, "compute": query.compute,
            "compare": list(query.compare), "footing": query.footing}


def query_from_json(data: dict) -> Query:
    return Query(data["name"], Path(data["path"]), data["sparql"], data["title"], data["nl"],
                 data["en"], tuple(Parameter(*p) for p in data["parameters"]), data["view"],
                 dict(data["view_options"]), data["compute"], tuple(data["compare"]),
                 bool(data["footing"]))
