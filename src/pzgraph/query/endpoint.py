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
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import EndpointError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
USER_VARIABLE, PASSWORD_VARIABLE = "PZGRAPH_USER", "PZGRAPH_PASSWORD"
ANSWER_LINES = 5


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


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
    """One HTTP request; any failure becomes an EndpointError with what the server said."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise EndpointError(f"'{public_url(url)}' is not an http(s) address")
    all_headers = {"User-Agent": "pzgraph", **auth_header(), **(headers or {})}
    prepared = urllib.request.Request(url, data=body, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(prepared, timeout=timeout) as answer:  # noqa: S310 (http(s) only)
            return Response(answer.status, answer.read())
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace").strip()
        first = "\n".join(f"  | {line}" for line in text.splitlines()[:ANSWER_LINES])
        raise EndpointError(f"{method} {public_url(url)} failed: HTTP {error.code} {error.reason}"
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
