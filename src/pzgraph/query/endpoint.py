"""Talk to any SPARQL 1.1 server over the standard protocols, with urllib only.

`select` runs a query (SPARQL 1.1 Protocol, form-encoded POST) and returns pyoxigraph terms,
so a remote answer compares equal to the same query run on the local store. `upload` sends RDF
with the Graph Store HTTP Protocol. Both turn every HTTP or network failure into an EndpointError
that names the endpoint, the status and the first lines of the server's answer.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import EndpointError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
USER_VARIABLE, PASSWORD_VARIABLE = "PZGRAPH_USER", "PZGRAPH_PASSWORD"
ANSWER_LINES = 5
MAX_ANSWER_BYTES = 512 * 1024 * 1024  # a whole dataset many times over; more is refused
MAX_ERROR_BYTES = 64 * 1024  # of an error answer, only the start is read
MAX_LINE_CHARACTERS = 200


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
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    netloc += f":{parts.port}" if parts.port else ""
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def auth_header() -> dict[str, str]:
    """Basic auth from PZGRAPH_USER / PZGRAPH_PASSWORD: never from the command line,
    where other users of the machine could read it in the process list."""
    user = os.environ.get(USER_VARIABLE)
    if not user:
        return {}
    token = f"{user}:{os.environ.get(PASSWORD_VARIABLE, '')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(token).decode("ascii")}


def request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 30) -> Response:
    """One HTTP request; any failure becomes an EndpointError with what the server said.

    The credentials go in an unredirected header: urllib copies ordinary headers to the
    target of a redirect, even on another host, and the password would go with them. An
    answer is read up to MAX_ANSWER_BYTES; of an error, the first lines of its first 64 KB
    are shown, with the credentials blacked out should the server repeat them."""
    # urllib.request brings http.client, email and ssl: a third of a local query's start-up,
    # so it is imported by the first request, never by a query on the local store
    import urllib.error
    import urllib.request

    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise EndpointError(f"'{public_url(url)}' is not an http(s) address")
    prepared = urllib.request.Request(url, data=body, method=method,
                                      headers={"User-Agent": "pzgraph", **(headers or {})})
    for name, value in auth_header().items():
        prepared.add_unredirected_header(name, value)
    try:
        with urllib.request.urlopen(prepared, timeout=timeout) as answer:  # noqa: S310 (http(s) only)
            data = answer.read(MAX_ANSWER_BYTES + 1)
            if len(data) > MAX_ANSWER_BYTES:
                raise EndpointError(f"{public_url(url)} answered with more than "
                                    f"{MAX_ANSWER_BYTES} bytes; refused")
            return Response(answer.status, data, answer.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as error:
        text = _redacted(error.read(MAX_ERROR_BYTES).decode("utf-8", "replace").strip())
        first = "\n".join(f"  | {line[:MAX_LINE_CHARACTERS]}"
                          for line in text.splitlines()[:ANSWER_LINES])
        raise EndpointError(f"{method} {public_url(url)} failed: HTTP {error.code} "
                            f"{_redacted(str(error.reason))[:MAX_LINE_CHARACTERS]}"
                            + (f"\n{first}" if first else "")) from None
    except (urllib.error.URLError, OSError) as error:  # refused, unknown host, timeout
        reason = getattr(error, "reason", error)
        raise EndpointError(f"cannot reach {public_url(url)}: {reason}") from None


def rows(solutions: ox.QuerySolutions) -> list[dict[str, Term]]:
    """Solutions as dicts of variable name to term, leaving out unbound variables."""
    names = [variable.value for variable in solutions.variables]
    return [{name: solution[name] for name in names if solution[name] is not None}
            for solution in solutions]


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


def _portable_blank_nodes(body: bytes) -> bytes:
    """The answer with its blank nodes under labels any parser takes. A label only has to be
    the same within one answer, and Virtuoso's (`nodeID://b10038`) are refused by pyoxigraph."""
    if b'"bnode"' not in body:
        return body
    document = json.loads(body)
    labels: dict[str, str] = {}
    for binding in document.get("results", {}).get("bindings", []):
        for value in binding.values():
            if isinstance(value, dict) and value.get("type") == "bnode":
                value["value"] = labels.setdefault(value["value"], f"b{len(labels)}")
    return json.dumps(document).encode("utf-8")


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
        start = answer.body[:200].decode("utf-8", "replace")
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
        start = _redacted(answer.body[:80].decode("utf-8", "replace"))
        raise EndpointError(f"{public_url(url)} is not a Graph Store: asked for {fmt.media_type},"
                            f" it answered {given or 'no Content-Type'} ({start!r}…)")
    read_as = ox.RdfFormat.from_media_type(given) or fmt
    try:
        return sum(1 for _ in ox.parse(answer.body, format=read_as))
    except (SyntaxError, ValueError) as error:
        raise EndpointError(f"{public_url(url)} is not a Graph Store: its answer to GET does "
                            f"not parse as {given}: {str(error)[:MAX_LINE_CHARACTERS]}") from None
