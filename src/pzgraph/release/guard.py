"""What a SPARQL query must be before Oxigraph sees it, and a local run that can be stopped.

Oxigraph's parser and evaluator recurse: 4,000 nested braces, 8,000 chained `+` or 4,000
BINDs overflow the stack and the process aborts (SIGABRT in the server, SIGSEGV locally).
Its server also ignores its own --timeout-s for an aggregate over a cross product, and
keeps computing after the client has left. So every query is read here first, token by
token as the engine reads it (release/sparql_lexer.py: a brace inside "..." or <...> is not
structure, a comment ends at LF or CR), and refused with a plain message when it is too
large, too deep, too long, asks for SERVICE (the server would fetch any URL: request
forgery) or is an update. The limits sit far below the measured crash points (see
docs/security.md) and far above the library's largest query (3.8 KB, depth 6, ~700 tokens).
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import PzgraphError, QueryError
from . import sparql_lexer
from .join_size import largest_join
from .no_network import forbid_network

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """The bounds of one query and of the endpoint; `pzgraph serve --help` names the options."""

    max_query_bytes: int = 64 * 1024
    max_depth: int = 64  # nesting of { ( [ together
    max_tokens: int = 8000  # 8,000 `+1` tokens (4,000 chained additions) still parse
    max_join: int = 100  # triple patterns joined in one group (join_size.py): ~0.5 s to plan
    timeout: float = 30.0  # seconds of evaluation, then the work is stopped
    max_connections: int = 64
    idle_timeout: float = 10.0  # seconds a client may take to send its request, or stay idle
    workers: int = 2  # queries evaluated at once, each in a store process of its own
    queue_timeout: float = 10.0  # seconds a query waits for a free worker before a 503
    max_memory: int = 1024  # megabytes of memory of its own one store process may hold


class QueryRefused(QueryError):
    """The query is not run; the message says why and what to change."""


# SPARQL 1.1 §19.2 says \uXXXX and \UXXXXXXXX are replaced before the query is parsed;
# Oxigraph 0.5 reads them only inside strings and IRIs (sparql_lexer.UCHAR). The guard
# checks both readings, so that either engine's is covered.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                "WITH"}


def unescape_codepoints(text: str) -> str:
    def character(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"

    return _CODEPOINT.sub(character, text)


def check_query(text: str, limits: Limits = Limits()) -> None:
    """Raise QueryRefused when `text` is a query this project will not run."""
    if not text.strip():  # else the engine's own "expected [_]" at 1:1 is all a client sees
        raise QueryRefused("the query is empty: send a SPARQL SELECT, ASK, CONSTRUCT or "
                           "DESCRIBE query (the 'query' parameter or the request body)")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_query_bytes:
        raise QueryRefused(f"the query is {size} bytes; the limit is {limits.max_query_bytes} "
                           "(docs/security.md: how to change the limits)")
    unescaped = unescape_codepoints(text)
    if unescaped != text:  # as §19.2 reads it (its characters are checked next)
        _check_reading(unescaped, limits, strict=False)
    _check_reading(text, limits, strict=True)  # as Oxigraph reads it
    joined, line = largest_join(text)
    if joined > limits.max_join:
        raise QueryRefused(f"the query joins {joined} triple patterns in one group (line "
                           f"{line}); the limit is {limits.max_join}, as the query engine takes "
                           "minutes to plan such a join before it reads any data: split the "
                           "group into UNION branches or subqueries, or list values in VALUES")


def _glued_keyword(match: re.Match[str], keyword: str) -> bool:
    """Whether a keyword or a prefix holds `keyword`: the engine needs no blank after a
    keyword (`SERVICESILENT<…>`, `trueSERVICE <…>`, `SERVICE:x` all reach SERVICE)."""
    if match.lastgroup == "keyword":
        return keyword in match.group().upper()
    return match.lastgroup == "name" and keyword in match.group().split(":", 1)[0].upper()


# After these an operand has ended, so `<` may be the comparison, not an IRI's start.
_OPERAND_ENDS = {"var", "number", "string", "iri", "name", "close", "language"}


def _check_reading(text: str, limits: Limits, strict: bool) -> None:
    depth = tokens = 0
    operand_ended = values_block_next = False
    # the brackets open, innermost last; a VALUES block's "{" as "v": SPARQL has expressions
    # only inside "(", and none in a VALUES block, so only there can `<` be a comparison (a
    # list of 600 IRIs in a VALUES block is no list of comparisons)
    opened: list[str] = []
    for match in sparql_lexer.tokens(text):
        kind = match.lastgroup
        if kind == "blank":
            continue
        if kind == "unreadable" and strict:
            raise QueryRefused(f"the query has {ascii(match.group())} at line "
                               f"{_line(text, match)}, outside any string, IRI or comment, "
                               "where SPARQL allows no such character; remove it")
        in_expression = bool(opened) and opened[-1] == "(" and "v" not in opened
        comparison = kind == "iri" and operand_ended and in_expression
        operand_ended = kind in _OPERAND_ENDS or (
            kind == "keyword" and match.group().lower() in ("true", "false"))
        if kind == "keyword" and match.group().upper() == "VALUES":
            values_block_next = True
        elif kind == "open":
            block = values_block_next and match.group() == "{"
            values_block_next = values_block_next and not block
            opened.append("v" if block else match.group())
        elif kind == "close" and opened:
            opened.pop()
        inner = list(sparql_lexer.inside_iri(match)) if comparison else []
        tokens += 1 + sum(1 for part in inner if part.lastgroup != "blank")
        if tokens > limits.max_tokens:
            raise QueryRefused(f"the query has more than {limits.max_tokens} tokens; split it "
                               "(docs/security.md: how to change the limits)")
        peak = depth = depth + (kind == "open") - (kind == "close" and depth > 0)
        if inner:  # an IRI or a comparison (`?o<(…)&&?s>1`): the deeper of the two readings
            running = depth
            for part in inner:
                running += (part.lastgroup == "open") - (part.lastgroup == "close")
                peak = max(peak, running)
            depth = max(depth, running)
        if peak > limits.max_depth:
            raise QueryRefused(f"the query nests brackets and braces more than "
                               f"{limits.max_depth} deep (line {_line(text, match)}); "
                               "flatten it (docs/security.md: how to change the limits)")
        if _glued_keyword(match, "SERVICE"):
            raise QueryRefused("SERVICE is refused: this endpoint does not fetch other "
                               f"endpoints on a query's behalf (line {_line(text, match)}; "
                               "a prefix or word holding SERVICE is refused as well)")
        if kind == "keyword" and match.group().upper() in UPDATE_WORDS:
            word = match.group().upper()
            raise QueryRefused(f"{word} is an update; pzgraph is read-only "
                               f"(line {_line(text, match)})")


def default_graph_is_union(text: str) -> bool:
    """Whether to run `text` with the union of all graphs as its default graph: yes, unless
    the query names its own dataset (FROM or FROM NAMED, outside strings, IRIs and comments).
    Oxigraph's union flag overrides a query's FROM (oxigraph#959), and SPARQL 1.1 §13.2 says
    FROM sets the default graph; with FROM NAMED alone the default graph is empty."""
    for reading in (text, unescape_codepoints(text)):
        for match in sparql_lexer.tokens(reading):
            prefix = match.group().split(":", 1)[0].upper()
            if match.lastgroup == "keyword" and "FROM" in prefix:
                return False
            # `FROMex:g` is FROM and a name; `from:p` a name with a prefix `from:`
            if match.lastgroup == "name" and prefix.startswith("FROM") and prefix != "FROM":
                return False
    return True


def _line(text: str, match: re.Match[str]) -> int:
    return text.count("\n", 0, match.start()) + 1


# --- a local run that can be stopped -------------------------------------------------------

class QueryTimeout(QueryError):
    """The work ran past its time limit and was stopped."""


class QueryCrashed(QueryError):
    """The query engine died on this query (the process that ran it, not pzgraph)."""


def run_stoppable(work: Callable[[], T], timeout: float) -> T:
    """`work()` in a forked child that is killed after `timeout` seconds.

    pyoxigraph cannot interrupt a query, and a parser overflow kills the whole process; in a
    child, both end as a clear error here. The child has no network (no_network.py). It
    shares the loaded store copy-on-write, so nothing is loaded twice. Exceptions raised by
    `work` are raised again here.

    Forking is safe only in a process with one thread (another thread may hold a lock the
    child then waits for forever): a program that runs pzgraph among threads of its own (a
    notebook, a server, a test runner) runs the query in-process, without the time limit,
    as on Windows."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return work()
    import multiprocessing  # here: the resident store's client never forks (start-up time)

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, send, os.getpid(), libc_prctl()),
                            daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped "
                               "(raise it with --timeout)")
        try:
            ok, value = receive.recv()
        except EOFError:
            child.join(5)
            code = child.exitcode
            name = signal.Signals(-code).name if code and code < 0 else f"exit code {code}"
            raise QueryCrashed(f"the query engine died on this query ({name})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if ok:
        return value
    raise value


def libc_prctl() -> Any:
    """libc's prctl, loaded before the fork (the child then only makes the call)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None


class RelayedError(PzgraphError):
    """A PzgraphError of the child, as its message and exit code (some errors, such as
    InputError, do not survive pickling as themselves)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _child(work: Callable[[], Any], send: Any, parent: int, prctl: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C reaches the parent, which kills us
    if prctl is not None:  # Linux: SIGKILL when the parent dies, even by SIGKILL
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the prctl: no query runs on unowned
        os._exit(1)
    # No query needs the network: should one get past check_query, its SERVICE finds no
    # socket (Linux; elsewhere the guard stands alone, as in serve's store processes).
    forbid_network()
    try:
        result = (True, work())
    except PzgraphError as error:
        result = (False, RelayedError(error.report(), error.exit_code))
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which re-raises it
        result = (False, error)
    try:
        send.send(result)
    except Exception as error:  # noqa: BLE001 - an unpicklable error still gets through
        send.send((False, RuntimeError(str(error))))
    send.close()
