"""The store process behind `pzgraph serve`, asked directly over its pipes.

An outside review found the store processes listening on loopback ports, where any local
process could send them SERVICE and bypass the guard. They now answer only on the pipes of
the pzgraph that started them; these tests speak that protocol themselves, as a process
that somehow held the pipes would, and check that SERVICE reaches nothing even then.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_endpoint_hostile import loopback_listener  # the same recording listener

from pzgraph.release.guard import Limits
from pzgraph.release.store_worker import answer, read_frame, write_frame

NAMED = "http://example.org/graph"
QUADS = f"""<http://example.org/s> <http://example.org/p> "in the named graph" <{NAMED}> .
<http://example.org/s> <http://example.org/p> "in the default graph" .
"""


@pytest.fixture(scope="module")
def store_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("worker") / "store"
    store = ox.Store(str(folder))
    store.load(QUADS.encode(), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return folder


class Pipes:
    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process

    def ask(self, query: str, accept: str = "", default_graphs: tuple[str, ...] = (),
            named_graphs: tuple[str, ...] = ()) -> tuple[int, str, bytes]:
        request = {"query": query, "accept": accept, "default_graphs": list(default_graphs),
                   "named_graphs": list(named_graphs)}
        write_frame(self.process.stdin, json.dumps(request).encode())
        head = json.loads(read_frame(self.process.stdout, 4096))
        return head["status"], head["content_type"], read_frame(self.process.stdout, 1 << 30)


@pytest.fixture(scope="module")
def worker(store_folder: Path) -> Iterator[Pipes]:
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "pzgraph.release.store_worker", str(store_folder),
         "65536", "64", "8000"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd="/")
    try:
        assert read_frame(process.stdout, 16) == b"ready"
        yield Pipes(process)
    finally:
        process.stdin.close()
        assert process.wait(timeout=10) == 0  # the end of its input ends it


@pytest.mark.parametrize("keyword", ["SERVICE", "\\u0053ERVICE"])
def test_service_sent_to_a_worker_directly_is_refused(worker, keyword):
    with loopback_listener() as (target, received):
        status, content_type, body = worker.ask(
            f"SELECT * WHERE {{ {keyword} <{target}> {{ ?s ?p ?o }} }}")
        time.sleep(0.3)  # a fetch would have arrived by now
    assert (status, content_type) == (400, "text/plain; charset=utf-8")
    assert b"SERVICE is refused" in body
    assert received == []
    status, _, body = worker.ask("ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


WITHOUT_NETWORK = """
import socket, sys, pyoxigraph as ox
from pzgraph.release.no_network import forbid_network
assert forbid_network()
try:
    socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sys.exit("an IPv4 socket was made")
except PermissionError:
    pass
socket.socketpair()  # a local pair still works
try:
    list(ox.Store().query("SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"))
    sys.exit("SERVICE answered")
except OSError as error:
    print(error)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux's")
def test_a_worker_has_no_network_even_past_the_query_checks():
    """Under the filter every store process installs before it reads a request, SERVICE
    (run by pyoxigraph itself, without pzgraph's checks) cannot open a connection."""
    with loopback_listener() as (target, received):
        run = subprocess.run([sys.executable, "-c", WITHOUT_NETWORK.format(target=target)],
                             capture_output=True, text=True, timeout=60)
        time.sleep(0.3)
    assert run.returncode == 0, run.stderr
    assert "Permission denied" in run.stdout
    assert received == []


def test_the_default_graph_is_the_union_unless_the_request_names_one(worker):
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"

    def values(*dataset: tuple[str, ...]) -> list[str]:
        status, content_type, body = worker.ask(query, "application/sparql-results+json",
                                                *dataset)
        assert (status, content_type) == (200, "application/sparql-results+json")
        return [row["o"]["value"] for row in json.loads(body)["results"]["bindings"]]

    assert values() == ["in the default graph", "in the named graph"]
    assert values((NAMED,)) == ["in the named graph"]
    assert values((), (NAMED,)) == []  # named graphs only: the default graph is empty
    status, _, body = worker.ask(query, "", ("not an iri",))
    assert status == 400 and b"Invalid IRI" in body


@pytest.mark.parametrize("query,accept,expected", [
    ("SELECT * { ?s ?p ?o }", "", (200, "application/sparql-results+json")),
    ("SELECT * { ?s ?p ?o }", "text/csv;q=0.5, application/sparql-results+xml",
     (200, "application/sparql-results+xml")),
    ("SELECT * { ?s ?p ?o }", "text/turtle, */*;q=0.1", (200, "application/sparql-results+json")),
    ("ASK { ?s ?p ?o }", "text/tab-separated-values",
     (200, "text/tab-separated-values; charset=utf-8")),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "", (200, "application/n-quads")),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle", (200, "text/turtle")),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json",
     (406, "text/plain; charset=utf-8")),
    ("SELECT * { ?s ?p ?o }", "text/html", (406, "text/plain; charset=utf-8")),
    ("SELECT * { ?s ?p ?o }", "nonsense", (400, "text/plain; charset=utf-8")),
    ("SELECT WHERE nonsense", "", (400, "text/plain; charset=utf-8")),
], ids=["select-default", "select-q", "select-wildcard", "ask-tsv", "construct-default",
        "construct-turtle", "construct-406", "select-406", "bad-media-type", "syntax"])
def test_the_answer_format_follows_the_accept_header_as_oxigraph_did(worker, query, accept,
                                                                     expected):
    status, content_type, body = worker.ask(query, accept)
    assert (status, content_type) == expected, body
    if status == 200 and ("turtle" in content_type or "quads" in content_type):
        assert b"in the named graph" in body and b"in the default graph" in body
    if expected[0] == 406:
        assert b"does not provide any accepted format" in body


def test_an_answer_over_the_size_limit_is_refused_not_kept(store_folder, tmp_path):
    store = ox.Store.read_only(str(store_folder))
    request = {"query": "SELECT * { ?s ?p ?o }", "accept": ""}
    assert answer(store, request, Limits(), limit=100)[0] == 507
    status, _, body = answer(store, request, Limits(), limit=10_000)
    assert status == 200 and b"in the named graph" in body
