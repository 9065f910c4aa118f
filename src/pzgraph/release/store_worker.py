"""One store process behind `pzgraph serve`: `python -P -m pzgraph.release.store_worker STORE`.

It opens the temporary store read-only with pyoxigraph and answers one query at a time on
its stdin/stdout pipes, which only the pzgraph that started it holds: it listens on no port,
so no other local process (and no web page guessing a port) can send it a query. A request
is one frame (a 4-byte big-endian length, then UTF-8 JSON: query, default_graphs,
named_graphs, accept); an answer is two frames, a JSON head (status, content_type) and the
body. The query is checked again here (guard.check_query: SERVICE, updates, depth, tokens),
and the process gives up every network socket before it reads a request (no_network), so
SERVICE cannot reach an address even if a query slipped past the checks.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import struct
import sys
from typing import Any, BinaryIO

import pyoxigraph as ox

from .guard import Limits, QueryRefused, check_query, default_graph_is_union
from .negotiation import accepted
from .no_network import forbid_network

MAX_RESPONSE_BYTES = 256 * 1024 * 1024  # an answer larger than the whole graph many times over
MAX_REQUEST_BYTES = 4 * 1024 * 1024  # far above the guard's query limit
HEAD = struct.Struct(">I")
# (the default format, the kind of format, the formats Oxigraph's own server names when the
# Accept header offers none of them)
RESULTS = (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat,
           "application/sparql-results+json or text/tsv")
GRAPHS = (ox.RdfFormat.N_QUADS, ox.RdfFormat, "application/n-quads or text/turtle")
TEXT = "text/plain; charset=utf-8"


# --- frames ------------------------------------------------------------------------------------

def write_frame(stream: BinaryIO, data: bytes) -> None:
    stream.write(HEAD.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: BinaryIO, limit: int) -> bytes | None:
    """One frame, or None at the end of the stream; ValueError when it is over `limit`."""
    head = stream.read(HEAD.size)
    if len(head) < HEAD.size:
        return None
    (size,) = HEAD.unpack(head)
    if size > limit:
        raise ValueError(f"a frame of {size} bytes; the limit is {limit}")
    data = stream.read(size)
    if len(data) < size:
        return None
    return data


# --- one answer ----------------------------------------------------------------------------------

class TooLarge(Exception):
    pass


class BoundedBuffer:
    """What pyoxigraph serializes into; stops it once the answer passes the limit."""

    def __init__(self, limit: int) -> None:
        self.limit, self.parts, self.size = limit, [], 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


class NotAcceptable(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def negotiate(accept: str, kind: tuple[Any, Any, str]) -> Any:
    """The format of `kind` the Accept header prefers, as Oxigraph's server chooses it: a
    wildcard (*/* or type/*) means the default; the highest q wins, the earlier at a tie."""
    default, formats, examples = kind
    best, best_quality = None, 0.0
    for media, quality in accepted(accept):
        if not media:
            continue
        if "/" not in media:
            raise NotAcceptable(400, f"Invalid media type: '{media}'")
        if quality <= best_quality:
            continue
        found = default if media.endswith("/*") else formats.from_media_type(media)
        if found is not None:
            best, best_quality = found, quality
    if best is None and not accept.strip():
        return default
    if best is None:
        raise NotAcceptable(406, "The accept header does not provide any accepted format like "
                                 + examples)
    return best


def answer(store: ox.Store, request: dict[str, Any], limits: Limits,
           limit: int = MAX_RESPONSE_BYTES) -> tuple[int, str, bytes]:
    """(status, content type, body) for one request."""
    text = request["query"]
    try:
        check_query(text, limits)
    except QueryRefused as refused:
        return 400, TEXT, f"query refused: {refused}".encode()
    defaults, named = request.get("default_graphs", []), request.get("named_graphs", [])
    try:
        dataset: dict[str, Any] = {"use_default_graph_as_union": default_graph_is_union(text)}
        if defaults or named:  # the protocol's dataset replaces the union (as in Oxigraph)
            dataset = {"default_graph": [ox.NamedNode(iri) for iri in defaults],
                       "named_graphs": [ox.NamedNode(iri) for iri in named]}
        result = store.query(text, **dataset)
    except (SyntaxError, ValueError) as error:
        return 400, TEXT, str(error).encode()
    except (OSError, RuntimeError) as error:
        return 500, TEXT, str(error).encode()
    try:
        if isinstance(result, ox.QueryTriples):
            chosen = negotiate(request.get("accept", ""), GRAPHS)
        else:
            chosen = negotiate(request.get("accept", ""), RESULTS)
        body = BoundedBuffer(limit)
        result.serialize(body, chosen)
    except NotAcceptable as refused:
        return refused.status, TEXT, str(refused).encode()
    except TooLarge:
        return 507, TEXT, b"too large"
    except (OSError, ValueError, SyntaxError, RuntimeError) as error:
        return 500, TEXT, str(error).encode()
    return 200, chosen.media_type, body.getvalue()


# --- the process ---------------------------------------------------------------------------------

def bound_memory(megabytes: int) -> None:
    """At most `megabytes` of memory of this process's own (RLIMIT_DATA: the heap and every
    private writable mapping). Past it an allocation fails: Oxigraph's ends the process,
    which the server reports and restarts, and Python's raises MemoryError (answered 507).
    Not RLIMIT_AS: address space counts what is only reserved (thread stacks, allocator
    arenas, the store's files), 600 MB before a query has run."""
    size = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (size, size))


def main(argv: list[str]) -> int:
    if len(argv) not in (4, 5) or not all(number.isdigit() for number in argv[1:]):
        print("usage: python -P -m pzgraph.release.store_worker STORE_FOLDER MAX_QUERY_BYTES "
              "MAX_DEPTH MAX_TOKENS [MAX_MEMORY_MB]", file=sys.stderr)
        return 2
    bytes_, depth, tokens = (int(number) for number in argv[1:4])
    limits = Limits(max_query_bytes=bytes_, max_depth=depth, max_tokens=tokens)
    if len(argv) == 5:
        bound_memory(int(argv[4]))  # before the store opens: its caches count too
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches pzgraph, which stops us
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print lands in the log, never in the answer stream
    if not forbid_network():
        print("this system cannot take the network from the store process (seccomp): "
              "SERVICE is kept out by the query checks alone", file=sys.stderr)
    store = ox.Store.read_only(argv[0])
    write_frame(answers, b"ready")
    while True:
        frame = read_frame(requests, max(MAX_REQUEST_BYTES, 4 * limits.max_query_bytes))
        if frame is None:
            return 0
        try:
            status, content_type, body = answer(store, json.loads(frame), limits)
        except MemoryError:
            status, content_type, body = 507, TEXT, b"out of memory"
        except Exception as error:  # noqa: BLE001 - one bad request does not end the worker
            status, content_type, body = 500, TEXT, f"{type(error).__name__}: {error}".encode()
        write_frame(answers, json.dumps({"status": status, "content_type": content_type})
                    .encode())
        write_frame(answers, body)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
