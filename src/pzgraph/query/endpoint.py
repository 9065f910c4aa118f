"""Talk to any SPARQL 1.1 server over the standard protocols, with urllib only.

`select` runs a query (SPARQL 1.1 Protocol, form-encoded POST) and returns pyoxigraph terms,
so a remote answer compares equal to the same query run on the local store. `upload` sends RDF
with the Graph Store HTTP Protocol. Both turn every HTTP or network failure into an EndpointError
that names the endpoint, the status and the first lines of the server's answer.
"""

from __future__ import annotations

import base64
import os
import re
import threading
import urllib.parse
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..errors import EndpointError
from ..ingest.web_address import ENDPOINT, address_problem, stated
from ..terminal import has_controls, printable

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
USER_VARIABLE, PASSWORD_VARIABLE = "PZGRAPH_USER", "PZGRAPH_PASSWORD"
ANSWER_LINES = 5
# An answer's bound is one of memory: the body, its parsed terms and their text together
# (hostile review s8 #15: 180 MB of one-blank-node rows took 2.4 GB). Past either bound the
# answer is refused with a word on LIMIT; an N-Quads dump of a graph is `pzgraph export`'s.
MAX_ANSWER_BYTES = 128 * 1024 * 1024
MAX_ANSWER_VALUES = 1_000_000  # bound values (rows × columns) of a SELECT answer
MAX_ERROR_BYTES = 64 * 1024  # of an error answer, only the start is read
MAX_LINE_CHARACTERS = 200
READ_BYTES = 1 << 20


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = ""


def _redacted(text: str) -> str:
    """The text with the password and the Basic token blacked out."""
    secrets = [value.split(" ", 1)[-1] for value in auth_header().values()]
    secrets.append(os.environ.get(PASSWORD_VARIABLE, ""))
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def public_url(url: str) -> str:
    """The URL without user:password@, so that credentials never reach a message."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        netloc += f":{parts.port}" if parts.port else ""
    except ValueError:  # a host or port Python cannot read: whatever precedes @ goes
        return re.sub(r"//[^/?#]*@", "//", url)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def auth_header() -> dict[str, str]:
    """Basic auth from PZGRAPH_USER / PZGRAPH_PASSWORD: never from the command line,
    where other users of the machine could read it in the process list."""
    user = os.environ.get(USER_VARIABLE)
    if not user:
        return {}
    token = f"{user}:{os.environ.get(PASSWORD_VARIABLE, '')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(token).decode("ascii")}


def check_address(url: str) -> None:
    """An endpoint's address, held to the one check of addresses (web_address.py)."""
    if problem := address_problem(url, ENDPOINT):
        raise EndpointError(f"{public_url(url)!r} {stated(problem)}; give the endpoint's "
                            "address, e.g. http://127.0.0.1:7878/query")


def request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 30) -> Response:
    """One HTTP request; any failure becomes an EndpointError with what the server said.

    `timeout` bounds the whole exchange (connect, send, headers and answer together), not one
    read: a server that trickles a byte at a time is given up at the deadline. The exchange
    runs in a thread of its own, so a name lookup or a stalled read cannot hold the caller;
    a thread given up on stops at its next read and ends with the process."""
    check_address(url)
    outcome: list[Response | BaseException] = []
    finished, given_up = threading.Event(), threading.Event()

    def run() -> None:
        try:
            outcome.append(_exchange(method, url, body, headers or {}, timeout, given_up))
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
            outcome.append(error)
        finally:
            finished.set()

    threading.Thread(target=run, daemon=True, name="endpoint-exchange").start()
    if not finished.wait(timeout):
        given_up.set()
        raise EndpointError(f"{method} {public_url(url)}: no complete answer within {timeout:g} s "
                            "(the server is slow or stalled); try again later")
    (result,) = outcome
    if isinstance(result, BaseException):
        raise result
    return result


def _exchange(method: str, url: str, body: bytes | None, headers: dict[str, str],
              timeout: float, given_up: threading.Event) -> Response:
    """The request itself. The credentials go in an unredirected header: urllib copies
    ordinary headers to the target of a redirect, even on another host, and the password would
    go with them. An answer is read up to MAX_ANSWER_BYTES; of an error, the first lines of
    its first 64 KB are shown, with the credentials blacked out should the server repeat them,
    and every control character written out (terminal.py)."""
    # urllib.request brings http.client, email and ssl: a third of a local query's start-up,
    # so it is imported by the first request, never by a query on the local store
    import http.client
    import urllib.error
    import urllib.request

    prepared = urllib.request.Request(url, data=body, method=method,
                                      headers={"User-Agent": "pzgraph", **headers})
    for name, value in auth_header().items():
        prepared.add_unredirected_header(name, value)
    try:
        with _opener().open(prepared, timeout=timeout) as answer:
            data = _read_bounded(answer, given_up)
            if len(data) > MAX_ANSWER_BYTES:
                raise EndpointError(f"{public_url(url)} answered with more than "
                                    f"{MAX_ANSWER_BYTES} bytes; refused")
            return Response(answer.status, data, answer.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as error:
        text = _shown(_error_text(error))
        first = "\n".join(f"  | {line[:MAX_LINE_CHARACTERS]}"
                          for line in text.splitlines()[:ANSWER_LINES])
        raise EndpointError(f"{method} {public_url(url)} failed: HTTP {error.code} "
                            f"{_line(str(error.reason))}"
                            + (f"\n{first}" if first else "")) from None
    except http.client.HTTPException as error:  # a bad status line, header or length
        raise EndpointError(f"{method} {public_url(url)}: the server did not answer in HTTP "
                            f"({type(error).__name__}: {_line(str(error))})") from None
    except (urllib.error.URLError, OSError) as error:  # refused, unknown host, timeout
        reason = getattr(error, "reason", error)
        if body and isinstance(reason, (BrokenPipeError, ConnectionResetError)):
            raise EndpointError(f"{method} {public_url(url)}: the server closed the connection "
                                f"before it took the whole request ({len(body)} bytes): it "
                                "takes no uploads at this address, or none this large; check "
                                "the address") from None
        raise EndpointError(f"cannot reach {public_url(url)}: {_line(str(reason))}") from None
    except ValueError as error:  # urllib's word for an address it cannot use
        raise EndpointError(f"cannot use the address {public_url(url)}: "
                            f"{_line(str(error))}") from None


def _opener() -> Any:
    """urllib's opener for http(s) alone: a redirect to ftp:, file: or data: is refused
    (urllib's own would follow one to ftp:, to any host and port)."""
    import urllib.request

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, request: Any, answer: Any, code: int, message: str,
                             headers: Any, target: str) -> Any:
            if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
                raise EndpointError(f"{public_url(request.full_url)} redirected to "
                                    f"{_line(public_url(target))}, which is not an http(s) "
                                    "address; not followed")
            return super().redirect_request(request, answer, code, message, headers, target)

    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(),
                    urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), HttpOnlyRedirects(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _read_bounded(answer: Any, given_up: threading.Event) -> bytes:
    """The answer's body, at most MAX_ANSWER_BYTES + 1 bytes of it, read a part at a time so
    that an exchange given up on stops taking memory."""
    parts, size = [], 0
    while size <= MAX_ANSWER_BYTES and not given_up.is_set():
        part = answer.read1(min(READ_BYTES, MAX_ANSWER_BYTES + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _error_text(error: Any) -> str:
    """The start of an error answer's body; nothing if even that cannot be read."""
    try:
        return error.read(MAX_ERROR_BYTES).decode("utf-8", "replace").strip()
    except Exception:  # noqa: BLE001 - a broken error body leaves the status to report
        return ""


def _shown(text: str) -> str:
    """Text the server sent, as it may appear in a message: credentials blacked out, control
    characters written out."""
    return printable(_redacted(text))


def _line(text: str) -> str:
    """Text the server sent, as one line of a message, at most MAX_LINE_CHARACTERS long."""
    return _shown(" ".join(text.split()))[:MAX_LINE_CHARACTERS]


def rows(solutions: ox.QuerySolutions) -> list[dict[str, Term]]:
    """Solutions as dicts of variable name to term, leaving out unbound variables. Text is
    held to the loader's rule for local data: a control character in a literal is written
    out (terminal.py), so nothing an endpoint sends can act on the terminal it is shown on.
    The solutions are parsed as they are read: past MAX_ANSWER_VALUES the rest is not."""
    names = [variable.value for variable in solutions.variables]
    found: list[dict[str, Term]] = []
    values = 0
    for solution in solutions:
        row = {name: _printable_term(solution[name]) for name in names
               if solution[name] is not None}
        values += max(len(row), 1)
        if values > MAX_ANSWER_VALUES:
            raise EndpointError(f"the answer holds more than {MAX_ANSWER_VALUES:,} values (rows "
                                "× columns), more than pzgraph shows; add LIMIT to the query "
                                "or narrow it")
        found.append(row)
    return found


def _printable_term(term: Term) -> Term:
    if isinstance(term, ox.Literal) and has_controls(term.value):
        if term.language:
            return ox.Literal(printable(term.value), language=term.language)
        return ox.Literal(printable(term.value), datatype=term.datatype)
    if isinstance(term, ox.NamedNode) and has_controls(term.value):
        # an IRI may hold a direction override (RFC 3987 allows it): %-encoded, the same IRI
        return ox.NamedNode("".join(urllib.parse.quote(character) if has_controls(character)
                                    else character for character in term.value))
    if isinstance(term, ox.Triple):
        return ox.Triple(_printable_term(term.subject), _printable_term(term.predicate),
                         _printable_term(term.object))
    return term


def select(endpoint_url: str, sparql: str, timeout: float = 30) -> list[dict[str, Term]]:
    """Run a SELECT at a SPARQL 1.1 endpoint; the rows hold pyoxigraph terms."""
    results = _results(endpoint_url, sparql, timeout)
    if not isinstance(results, ox.QuerySolutions):
        raise EndpointError("the query is an ASK, not a SELECT")
    return _rows_of(endpoint_url, results)


def _rows_of(endpoint_url: str, results: ox.QuerySolutions) -> list[dict[str, Term]]:
    try:  # the results are parsed as they are read: a bad term shows only here
        return rows(results)
    except (SyntaxError, ValueError) as error:
        raise EndpointError(f"{public_url(endpoint_url)} answered with a term pzgraph cannot "
                            f"read: {error}") from None


# A blank node of SPARQL JSON results, its keys in either order. Outside a JSON string only
# a key can be `"type"`, so nothing inside a literal's text matches.
_BLANK_NODE = re.compile(
    rb'"type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*"((?:[^"\\]|\\.)*)"'
    rb'|"value"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,\s*"type"\s*:\s*"bnode"')


def _portable_blank_nodes(body: bytes) -> bytes:
    """The answer with its blank nodes under labels any parser takes. A label only has to be
    the same within one answer, and Virtuoso's (`nodeID://b10038`) are refused by pyoxigraph.
    Rewritten in the bytes (one copy of the body, where a JSON tree took ten times its size);
    an answer not in the shape of SPARQL JSON results is left to the parser to name what is
    wrong with it."""
    if b'"bnode"' not in body:
        return body
    labels: dict[bytes, bytes] = {}

    def portable(match: re.Match[bytes]) -> bytes:
        label = labels.setdefault(match.group(1) if match.group(1) is not None
                                  else match.group(2), b"b%d" % len(labels))
        return b'"type":"bnode","value":"' + label + b'"'

    return _BLANK_NODE.sub(portable, body)


def _results(endpoint_url: str, sparql: str,
             timeout: float) -> ox.QuerySolutions | ox.QueryBoolean:
    # The form-encoded POST of the protocol: every server takes it. Virtuoso 7.2 never answers
    # a query sent as the body itself (application/sparql-query): the request hangs.
    form = urllib.parse.urlencode({"query": sparql}).encode("ascii")
    answer = request("POST", endpoint_url, form, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }, timeout)
    try:
        return ox.parse_query_results(_portable_blank_nodes(answer.body),
                                      ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as error:
        start = answer.body[:200].decode("utf-8", "replace")  # shown with !r: escaped
        raise EndpointError(f"{public_url(endpoint_url)} did not answer with SPARQL JSON results "
                            f"({error}); it began: {start!r}") from None


class _Row(dict):
    """A solution that reads an unbound variable as None, as pyoxigraph's solutions do."""

    def __missing__(self, name: str) -> None:
        return None


class RemoteStore:
    """An endpoint in the shape of `pyoxigraph.Store.query`, for the lookups a library query
    makes besides itself (entity parameters, labels). With it, `pzgraph query --endpoint`
    does not load the graph locally at all: at ten times national scale that load alone
    takes 6 s. The endpoint's default graph is taken to be the union, as `pzgraph serve`
    makes it."""

    def __init__(self, url: str, timeout: float = 30):
        self.url, self.timeout = url, timeout

    def query(self, sparql: str, use_default_graph_as_union: bool = True) -> list[_Row] | bool:
        results = _results(self.url, sparql, self.timeout)
        if isinstance(results, ox.QuerySolutions):
            return [_Row(row) for row in _rows_of(self.url, results)]
        return bool(results)


def graph_store_url(endpoint_url: str, graph: str | None) -> str:
    """The Graph Store Protocol address of one graph: ?graph=IRI, or ?default."""
    separator = "&" if urllib.parse.urlsplit(endpoint_url).query else "?"
    target = f"graph={urllib.parse.quote(graph, safe='')}" if graph else "default"
    return f"{endpoint_url}{separator}{target}"


def upload(url: str, body: bytes, media_type: str, replace: bool, timeout: float = 300) -> Response:
    """PUT (replace) or POST (add) one serialisation in one request: all or nothing."""
    return request("PUT" if replace else "POST", url, body,
                   {"Content-Type": f"{media_type}; charset=utf-8"}, timeout)


def stored_count(url: str, dataset: bool, timeout: float = 300) -> int:
    """How many triples (quads, for a dataset) the Graph Store holds at `url`, read back with
    GET. A target that does not answer with RDF is not a Graph Store: EndpointError."""
    fmt = ox.RdfFormat.N_QUADS if dataset else ox.RdfFormat.N_TRIPLES
    answer = request("GET", url, headers={"Accept": fmt.media_type}, timeout=timeout)
    given = answer.content_type.split(";")[0].strip().lower()
    known = {f.media_type for f in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES,
                                    ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)}
    if given not in known:
        start = _redacted(answer.body[:80].decode("utf-8", "replace"))  # shown with !r
        raise EndpointError(f"{public_url(url)} is not a Graph Store: asked for {fmt.media_type},"
                            f" it answered {given or 'no Content-Type'} ({start!r}…)")
    read_as = ox.RdfFormat.from_media_type(given) or fmt
    try:
        return sum(1 for _ in ox.parse(answer.body, format=read_as))
    except (SyntaxError, ValueError) as error:
        raise EndpointError(f"{public_url(url)} is not a Graph Store: its answer to GET does "
                            f"not parse as {given}: {str(error)[:MAX_LINE_CHARACTERS]}") from None
