"""The SPARQL guard reads a query as the engine does (hostile review s8 #1).

Every variant below got a SERVICE, or nesting that crashes the engine, past the old
guard's own tokenizer: a comment ended by CR, `\\#` in a prefixed name, `<` read as an
IRI, a keyword glued to its neighbour. Each is checked twice: the engine really reads it
(it contacts a loopback listener when nothing stands in the way), and the guard refuses it.
And a query run in pzgraph's stoppable child cannot reach the network even unguarded.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from pzgraph.release.guard import QueryRefused, check_query, default_graph_is_union, run_stoppable

ROOT = Path(__file__).resolve().parents[1]
EX = "PREFIX ex: <http://example.org/> PREFIX : <http://example.org/> "

# {url} is a loopback listener's address
SERVICE_VARIANTS = {
    "CR ends a comment": "SELECT * WHERE { ?s ?p ?o # hidden\rSERVICE <{url}> { ?a ?b ?c } }",
    "escaped # in a name": EX + "SELECT * WHERE { OPTIONAL { ?s ex:a\\#b ?o } ?s ?p ?o "
                           "SERVICE <{url}> { ?a ?b ?c } }",
    "other name escapes": EX + "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ex:a\\(\\~\\# ?x } "
                          "SERVICE <{url}> { ?a ?b ?c } }",
    "glued to true": "SELECT * WHERE { ?s ?p trueSERVICE <{url}> { ?a ?b ?c } }",
    "glued to a number": "SELECT * WHERE { ?s ?p 1SERVICE <{url}> { ?a ?b ?c } }",
    "glued to SILENT": "SELECT * WHERE { ?s ?p ?o SERVICESILENT<{url}> { ?a ?b ?c } }",
    "a prefixed name as the service": "PREFIX : <{url}> SELECT * WHERE { ?s ?p ?o "
                                      "SERVICE:x { ?a ?b ?c } }",
    "a prefix glued to SERVICE": "PREFIX svc: <{url}> SELECT * WHERE { ?s ?p ?o "
                                 "SERVICEsvc:x { ?a ?b ?c } }",
    "an escaped quote in a string": "SELECT * WHERE { ?s ?p ?o BIND(\"\\u0022\" AS ?q) "
                                    "SERVICE <{url}> { ?a ?b ?c } }",
    "lower case": "select * where { ?s ?p ?o service <{url}> { ?a ?b ?c } }",
}
DEPTH_VARIANTS = {
    "CR ends a comment": "SELECT * WHERE { # x\r" + "{" * 100 + "?s ?p ?o" + "}" * 100 + "}",
    "less-than read as an IRI": "SELECT * WHERE { ?s ?p ?o FILTER(?o<" + "(" * 100 + "?p"
                                + ")" * 100 + "&&?s>1) }",
    "closing brackets in an IRI": "SELECT * WHERE " + "{" * 40 + "BIND(<http://x/" + ")" * 40
                                  + "> AS ?i) " + "{" * 40 + "?s ?p ?o" + "}" * 80,
}


@contextlib.contextmanager
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback socket that records every connection made to it."""
    received: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(1)
                with contextlib.suppress(OSError):
                    received.append(connection.recv(1000) or b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", received
    finally:
        stop.set()
        thread.join(2)
        server.close()


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    node = ox.NamedNode("http://example.org/s")
    for value in (ox.Literal(True), ox.Literal(1), node):
        store.add(ox.Quad(node, ox.NamedNode("http://example.org/p"), value))
    return store


@pytest.mark.parametrize("name", SERVICE_VARIANTS)
def test_the_engine_reads_the_service_and_the_guard_refuses_it(store, name):
    with listener() as (url, received):
        query = SERVICE_VARIANTS[name].replace("{url}", url)
        with contextlib.suppress(Exception):  # the listener gives no SPARQL answer
            list(store.query(query, use_default_graph_as_union=True))
    assert received, f"the engine did not read this as SERVICE: {query!r}"
    with pytest.raises(QueryRefused, match="SERVICE is refused"):
        check_query(query)


@pytest.mark.parametrize("name", DEPTH_VARIANTS)
def test_nesting_the_engine_sees_is_counted(name):
    ox.Store().query(DEPTH_VARIANTS[name])  # the engine parses it: it is real nesting
    with pytest.raises(QueryRefused, match="nests brackets and braces more than 64 deep"):
        check_query(DEPTH_VARIANTS[name])


@pytest.mark.parametrize("text", ["SELECT * { ?s ?p ?o }\x00", "SELECT * {\x0c?s ?p ?o }",
                                  "SELECT * {\u00a0?s ?p ?o }", "SELECT * { ?s ?p 1٢ }"])
def test_a_character_sparql_does_not_allow_is_refused(text):
    with pytest.raises(QueryRefused, match="where SPARQL allows no such character"):
        check_query(text)


def test_every_library_query_passes_and_iris_with_brackets_are_fine():
    for path in sorted((ROOT / "queries").glob("*.rq")):
        check_query(path.read_text(encoding="utf-8"))
    check_query(EX + "SELECT * { BIND(<http://x/a_(b)#c> AS ?i) ?s ex:a\\#b 'x'@nl-NL }")


def test_a_hidden_from_is_honoured():
    assert not default_graph_is_union("SELECT * # x\rFROM <http://x/g>\n{ ?s ?p ?o }")
    assert not default_graph_is_union("SELECT *FROM<http://x/g>{ ?s ?p ?o }")
    assert default_graph_is_union("SELECT * { ?s <http://x/FROM> 'FROM' }")


def test_a_query_in_the_stoppable_child_has_no_network(store):
    """Should a SERVICE get past the guard, the child that runs it has no socket. (The
    listener has no thread of its own: run_stoppable forks only a single-threaded process;
    a connection would wait in its backlog, and the child past its time limit.)"""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/sparql"
        query = f"SELECT * {{ ?s ?p ?o SERVICE <{url}> {{ ?a ?b ?c }} }}"

        def work() -> str:
            try:
                return str(list(store.query(query, use_default_graph_as_union=True)))
            except OSError as error:
                return str(error)

        answer = run_stoppable(work, 10)
        server.setblocking(False)
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody connected
    assert "Permission denied" in answer, answer


def test_a_long_list_of_iris_is_no_list_of_comparisons():
    """An IRI after an IRI is read as a possible comparison only inside an expression (in
    parentheses, outside a VALUES block): 600 IRIs in a VALUES block counted as 8,000 tokens,
    and `pzgraph query --endpoint` at `pzgraph serve` was refused its own label lookup."""
    iris = [f"<https://w3id.org/pzgraph/id/organisatie/org-{i}>" for i in range(900)]
    for query in (f"SELECT * WHERE {{ VALUES ?x {{ {' '.join(iris)} }} ?x ?p ?o }}",
                  f"SELECT * WHERE {{ ?x ?p ?o }} VALUES (?x ?y) "
                  f"{{ {' '.join(f'({a} {a})' for a in iris[:450])} }}"):
        ox.Store().query(query)  # the engine reads IRIs
        check_query(query)
    comparisons = "SELECT * WHERE { ?s ?p ?o FILTER(?o " + " ".join(
        f"<{i}+1>" for i in range(5000)) + ") }"
    with pytest.raises(QueryRefused, match="more than 8000 tokens"):
        check_query(comparisons)  # inside an expression each may be a comparison
