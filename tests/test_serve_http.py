"""Hostile review s7, findings 2, 4, 9 and 11: `pzgraph serve` as a proxy and a client see it.

One real `pzgraph serve` of the curated graph on 127.0.0.1 (a free port), with the smallest
memory bound a store process may have. Requests are written byte by byte on a raw socket:
a head that a proxy in front could read differently from the server (two Content-Length
values, a bare CR, a space before the colon, a folded line) is refused with one answer and
the connection closed, so no part of a body is ever taken for a second request.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_endpoint_hostile import (  # noqa: I001 - a test helper module
    Served,
    assert_still_answers,
    environment,
    free_port,
    pzgraph,
    request,
    start_serve,
    stop,
)

MEMORY_MB = 256
MAX_CONNECTIONS = 6
CROSS_PRODUCT = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")
ASK = b"ASK{}"
SMUGGLED = b"GET /id/smuggled HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


@pytest.fixture(scope="module")
def served(graph, project, tmp_path_factory) -> Iterator[Served]:
    scratch = tmp_path_factory.mktemp("serve-http")
    # a time limit far above what the memory bound needs, so that only the bound stops it
    server = start_serve(project, scratch, free_port(), "--max-memory", str(MEMORY_MB),
                         "--timeout", "120", "--max-connections", str(MAX_CONNECTIONS))
    try:
        yield server
    finally:
        stop(server)


def exchange(served: Served, data: bytes) -> bytes:
    """Send `data` on one connection and read until the server closes it."""
    port = int(served.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=15) as client:
        client.sendall(data)
        answer = b""
        while received := client.recv(65536):
            answer += received
    return answer


def post(*fields: bytes, body: bytes = ASK, line: bytes = b"POST /query HTTP/1.1") -> bytes:
    return line + b"\r\n" + b"".join(field + b"\r\n" for field in fields) + b"\r\n" + body


QUERY = b"Content-Type: application/sparql-query"
SMUGGLING = ASK + SMUGGLED
REFUSED = {
    "two differing Content-Length": (post(b"Host: x", QUERY, b"Content-Length: 5",
                                          b"Content-Length: %d" % len(SMUGGLING),
                                          body=SMUGGLING), 400, b"more than one Content-Length"),
    "two equal Content-Length": (post(b"Host: x", QUERY, b"Content-Length: 5",
                                      b"Content-Length: 5"), 400, b"more than one"),
    "a Content-Length list": (post(b"Host: x", QUERY, b"Content-Length: 5, 5"), 400,
                              b"not a number"),
    "a non-ASCII digit": (post(b"Host: x", QUERY, b"Content-Length: \xb2"), 400,
                          b"not a number (ASCII digits only)"),
    "a sign": (post(b"Host: x", QUERY, b"Content-Length: +5"), 400, b"not a number"),
    "space before the colon": (post(b"Host: x", QUERY, b"Content-Length : 5"), 400,
                               b"not NAME: VALUE"),
    "a bare CR": (post(b"Host: x", b"X: a\rContent-Length: 5", QUERY), 400, b"bare CR"),
    "a folded line": (post(b"Host: x", QUERY, b"Content-Length: 5", b" 0"), 400,
                      b"not NAME: VALUE"),
    "a line without colon": (post(b"Host: x", b"Foo", b"Content-Length: 5", QUERY), 400,
                             b"not NAME: VALUE"),
    "a NUL in a value": (post(b"Host: x\0y", QUERY, b"Content-Length: 5"), 400,
                         b"not NAME: VALUE"),
    "Transfer-Encoding and Content-Length": (post(b"Host: x", QUERY, b"Transfer-Encoding: "
                                                  b"gzip", b"Content-Length: 5"), 411,
                                             b"no Transfer-Encoding"),
    "no Host": (post(QUERY, b"Content-Length: 5"), 400, b"exactly one Host"),
    "two Hosts": (post(b"Host: a", b"Host: b", QUERY, b"Content-Length: 5"), 400,
                  b"exactly one Host"),
    "two spaces in the request line": (post(b"Host: x", QUERY, b"Content-Length: 5",
                                            line=b"POST  /query HTTP/1.1"), 400,
                                       b"the request line"),
    "HTTP/0.9": (b"GET /query?query=ASK%7B%7D\r\n\r\n", 400, b"the request line"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_head_outside_rfc_9112_is_refused_once_and_closed(served, name):
    data, status, message = REFUSED[name]
    answer = exchange(served, data)
    assert answer.startswith(b"HTTP/1.1 %d " % status), answer[:200]
    assert message in answer, answer
    assert answer.count(b"\r\n\r\n") == 1, "more than one answer on the connection"
    assert b"Connection: close" in answer.split(b"\r\n\r\n")[0]
    assert b"smuggled" not in answer
    assert_still_answers(served)


def test_a_refused_expect_100_gets_no_continue(served):
    answer = exchange(served, post(b"Host: x", QUERY, b"Expect: 100-continue",
                                   b"Content-Length: 5", b"Content-Length: 6", body=b""))
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:100]
    assert b"100 Continue" not in answer


@pytest.mark.parametrize("data", [
    post(b"Host: x", QUERY, b"Content-Length: 5", b"Connection: close"),
    post(b"host:x", QUERY, b"content-length:\t5 ", b"Connection: close"),
    post(b"Host: x", QUERY, b"Expect: 100-continue", b"Content-Length: 5",
         b"Connection: close"),
    b"GET /query?query=ASK%7B%7D HTTP/1.0\r\n\r\n",  # HTTP/1.0 needs no Host
], ids=["plain", "no spaces, tab and lower case", "expect-100", "http/1.0"])
def test_a_head_within_the_rules_is_answered(served, data):
    answer = exchange(served, data)
    assert b"HTTP/1.1 200 OK" in answer, answer[:300]
    assert answer.endswith(b'{"head":{},"boolean":true}')


def test_a_head_cut_off_is_not_run(served):
    """A connection closed (by the client, or by the server to make room) after part of a
    head: the lines read so far are not taken for a request."""
    port = int(served.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=15) as client:
        client.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        client.shutdown(socket.SHUT_WR)
        answer = b""
        while received := client.recv(65536):
            answer += received
    assert answer.startswith(b"HTTP/1.1 400 "), answer
    assert b"ended before its empty line" in answer and b"boolean" not in answer


@pytest.mark.parametrize("data,status", [
    (b"BREW /query HTTP/1.1\r\nHost: x\r\n\r\n", 501),
    (b"GET /query HTTP/9.9\r\nHost: x\r\n\r\n", 505),
    (b"<script>alert(1)</script> / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
])
def test_the_standard_library_refusals_look_like_every_answer(served, data, status):
    answer = exchange(served, data)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status), head
    assert b"Content-Type: text/plain" in head and b"X-Content-Type-Options: nosniff" in head
    assert b"Content-Security-Policy: default-src 'none'" in head
    assert b"BREW" not in answer and b"script" not in answer and b"<" not in body


def test_a_q_value_that_is_not_a_number_accepts_nothing(served):
    status, _, body = request(f"{served.url}/query?query=ASK%7B%7D", accept="text/csv;q=NaN")
    assert status == 406, body
    status, _, _ = request(f"{served.url}/doc/netwerk/eemland", accept="text/html;q=NaN")
    assert status == 406


def test_a_full_server_refuses_the_newcomer_and_recovers(served):
    """Every connection busy with a slow query: a newcomer is told 503 (the accept thread
    used to take its own lock twice and hang the server for good)."""
    port = int(served.url.rsplit(":", 1)[1])
    busy = [socket.create_connection(("127.0.0.1", port), timeout=15)
            for _ in range(MAX_CONNECTIONS + 2)]
    try:
        for client in busy:
            client.sendall(f"GET /query?query={CROSS_PRODUCT} HTTP/1.1\r\nHost: x\r\n\r\n"
                           .encode())
        time.sleep(1)  # each is read and waits for, or runs on, a store process
        answer = exchange(served, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n"
                                  b"Connection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 503 "), answer[:200]
    finally:
        for client in busy:
            client.close()
    assert_still_answers(served)


def test_push_to_the_query_endpoint_shows_the_refusal(served, project):
    result = subprocess.run([pzgraph(), "push", "--endpoint", f"{served.url}/query"],
                            env=environment(project), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1, result.stdout
    assert "HTTP 405" in result.stderr and "read-only" in result.stderr, result.stderr
    assert "Broken pipe" not in result.stderr


def test_push_refuses_an_address_that_is_not_http_before_any_work(project):
    result = subprocess.run([pzgraph(), "push", "--endpoint", "file:///etc/passwd"],
                            env=environment(project), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "is not an http(s) address" in result.stderr
    assert "…" not in result.stderr  # no progress: nothing was read or written first


# --- memory of a query (finding 11) ---------------------------------------------------------

DOUBLING = ('SELECT (STRLEN(?v26) AS ?n) WHERE { BIND("0123456789abcdef" AS ?v0) '
            + " ".join(f"BIND(CONCAT(?v{i},?v{i}) AS ?v{i + 1})" for i in range(26)) + " }")


def test_each_store_process_has_its_memory_bound(served):
    for pid in served.children():
        limits = Path(f"/proc/{pid}/limits").read_text()
        (line,) = [line for line in limits.splitlines() if line.startswith("Max data size")]
        assert line.split()[3:5] == [str(MEMORY_MB << 20)] * 2, line


def test_a_query_that_needs_gigabytes_is_stopped_at_the_bound(served):
    """A 1 GB string from an 900-byte query: the store process meets its bound, and the
    client is told so; the server restarts it and answers the next query."""
    before = served.children()
    status, _, body = request(f"{served.url}/query?" + urllib.parse.urlencode(
        {"query": DOUBLING}), timeout=60)
    assert status == 400, body
    assert f"needed more than the {MEMORY_MB} MB of memory".encode() in body
    assert_still_answers(served)
    assert served.children() != before


# --- CSV for spreadsheets (finding 9) and escapes (finding 4), through a real server --------

FORMULA = "=cmd|' /C calc'!A0"


def test_the_endpoint_csv_is_standard_and_the_cli_csv_is_spreadsheet_safe(served, project):
    sparql = f"SELECT ?x WHERE {{ VALUES ?x {{ {json.dumps(FORMULA)} }} }}"
    status, _, body = request(f"{served.url}/query?" + urllib.parse.urlencode(
        {"query": sparql}), accept="text/csv")
    assert status == 200
    # SPARQL 1.1 CSV: the value as it is (a program reading it gets the data)
    assert list(csv.reader(io.StringIO(body.decode()))) == [["x"], [FORMULA]]
    result = subprocess.run([pzgraph(), "query", "--format", "csv", "--sparql", sparql,
                             "--endpoint", f"{served.url}/query"], env=environment(project),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["x", "'" + FORMULA]  # for a spreadsheet


def test_escapes_a_query_builds_at_the_endpoint_are_written_out(served, project):
    sparql = 'SELECT ?x WHERE { BIND("\\u001B]0;pwned\\u0007\\u001B[2J" AS ?x) }'
    result = subprocess.run([pzgraph(), "query", "--sparql", sparql,
                             "--endpoint", f"{served.url}/query"], env=environment(project),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in result.stdout

SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.mark.parametrize(("accept", "rdf_format", "media"), [
    ("text/turtle", "turtle", "text/turtle"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("application/ld+json", "json-ld", "application/ld+json"),
    ("text/html,*/*;q=0.8", "turtle", "text/turtle"),  # a browser: the description is for programs
])
def test_the_endpoint_describes_itself_to_a_get_without_a_query(served, project, accept,
                                                                 rdf_format, media):
    """SPARQL 1.1 Protocol §2.1: a GET of the endpoint without a query returns its service
    description. A client learns from it that the default graph is the union of the named
    graphs, as a bag: its size is what COUNT over the default graph gives at this endpoint."""
    import rdflib

    status, headers, body = request(f"{served.url}/query", method="GET", accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert headers["Vary"] == "Accept"
    described = rdflib.Graph().parse(data=body, format=rdf_format)
    service = rdflib.URIRef(f"{served.url}/query")
    sd = rdflib.Namespace(SD)
    assert (service, rdflib.RDF.type, sd.Service) in described
    assert (service, sd.endpoint, service) in described
    assert (service, sd.feature, sd.UnionDefaultGraph) in described
    void_triples = rdflib.URIRef("http://rdfs.org/ns/void#triples")
    dataset = described.value(service, sd.defaultDataset)
    names = {str(described.value(named, sd.name))
             for named in described.objects(dataset, sd.namedGraph)}
    built = {line.rsplit(" ", 2)[-2].strip("<>")
             for line in (project.build_dir / "pzgraph.nq").read_text(encoding="utf-8").splitlines()
             if line.endswith("> .")}
    assert names == built
    default = described.value(dataset, sd.defaultGraph)
    _, count = query_answer(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(described.value(default, void_triples)) == count


def query_answer(served: Served, sparql: str) -> tuple[int, int]:
    status, _, body = request(f"{served.url}/query", sparql.encode("utf-8"))
    return status, int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_the_description_names_the_endpoint_by_its_host_only_when_that_is_an_address(served):
    port = served.url.rsplit(":", 1)[1]
    for host, named in ((b"localhost:" + port.encode(), f"<http://localhost:{port}/sparql>"),
                        (b"evil.example/x#", f"<http://127.0.0.1:{port}/sparql>"),
                        (b'a"b> <c', f"<http://127.0.0.1:{port}/sparql>")):
        answer = exchange(served, b"GET /sparql HTTP/1.1\r\nHost: " + host + b"\r\n"
                          b"Accept: text/turtle\r\nConnection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert f"{named} a sd:Service".encode() in answer
    head = exchange(served, b"HEAD /query HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and head.endswith(b"\r\n\r\n")
    status, _, body = request(f"{served.url}/query?default-graph-uri=x", method="GET")
    assert status == 400  # parameters but no query: still an error, not the description



# --- last: the server's own log ---------------------------------------------------------------

def test_a_query_cut_off_by_the_stop_is_told_so_and_the_log_is_clean(served):
    """Stopping the server while a query runs: the client gets 503 "stopping", not "the
    query engine died"; and no request of this module made the server log a failure (the
    non-ASCII digit used to drop the connection and log a ValueError)."""
    port = int(served.url.rsplit(":", 1)[1])
    answers: list[bytes] = []

    def slow_query() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            client.sendall(f"GET /query?query={CROSS_PRODUCT} HTTP/1.1\r\nHost: x\r\n\r\n"
                           .encode())
            answer = b""
            with contextlib.suppress(OSError):
                while received := client.recv(65536):
                    answer += received
            answers.append(answer)

    thread = threading.Thread(target=slow_query)
    thread.start()
    time.sleep(1.5)  # the query runs on a store process
    stop(served)  # SIGTERM: it stops, and its stderr can be read whole
    thread.join(30)
    assert answers and answers[0].startswith(b"HTTP/1.1 503 "), answers
    assert b"the server is stopping" in answers[0]
    errors = served.process.stderr.read()
    assert "failed:" not in errors and "Traceback" not in errors, errors
    assert "stopping the server" in errors

