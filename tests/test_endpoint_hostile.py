"""Issue 14 (endpoint) and 15 (resolvable IRIs): `pzgraph serve` under attack, and /id/ → /doc/.

One real `pzgraph serve` on 127.0.0.1 (a free port) serves a copy of the curated data in which
one network's label is hostile markup. Each attack is followed by a normal query that must
still be answered. All traffic stays on the loopback interface; every wait is bounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib

from pzgraph.project import Project

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
# The data loader refuses < and > in names, so the label carries quotes and an ampersand and
# the description (free text, where markup characters are allowed) carries the markup.
HOSTILE_LABEL = """Netwerk "Eemland" & 'NPZ'"""
HOSTILE = '<script>alert("pz")</script><img src=x onerror=alert(1)> & Eemland'
EEMLAND = "https://w3id.org/pzgraph/id/netwerk/eemland"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LIMITS = ["--timeout", "3", "--idle-timeout", "2", "--max-connections", "32", "--workers", "2"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pzgraph() -> str:
    script = BIN / "pzgraph"
    return str(script) if script.exists() else shutil.which("pzgraph") or "pzgraph"


# --- the server under test ------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_project(project: Project, tmp_path_factory) -> Project:
    """The curated data with the label of one network replaced by markup, built once."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    for folder in ("ontology", "data", "checks", "queries"):
        shutil.copytree(project.root / folder, root / folder)
    reference = root / "data" / "reference.yaml"
    reference.write_text(with_hostile_text(reference.read_text(encoding="utf-8")),
                         encoding="utf-8")
    hostile = Project(root, sources=project.sources_dir)
    built = subprocess.run([pzgraph(), "build"], env=environment(hostile), capture_output=True,
                           text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    return hostile


def with_hostile_text(text: str) -> str:
    """reference.yaml with the label and the description of netwerk/eemland replaced (the
    description may run over several lines: its continuation lines are dropped too)."""
    lines, out, record = text.split("\n"), [], False
    skipping = False
    for line in lines:
        if line.startswith("- "):
            record = line == "- id: netwerk/eemland"
        if skipping and line.startswith("    "):
            continue
        skipping = False
        if record and line.startswith("  label: "):
            line = f"  label: {json.dumps(HOSTILE_LABEL)}"
        elif record and line.startswith("  description: "):
            line, skipping = f"  description: {json.dumps(HOSTILE)}", True
        out.append(line)
    result = "\n".join(out)
    assert json.dumps(HOSTILE) in result and json.dumps(HOSTILE_LABEL) in result
    return result


def environment(project: Project, **extra: str) -> dict[str, str]:
    return {**os.environ, "PZGRAPH_ROOT": str(project.root),
            "PZGRAPH_SOURCES": str(project.sources_dir), **extra}


class Served:
    def __init__(self, process: subprocess.Popen, url: str, scratch: Path) -> None:
        self.process, self.url, self.scratch = process, url, scratch

    def children(self) -> set[int]:
        """The pids of the store processes serve runs."""
        found: set[int] = set()
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                found |= {int(pid) for pid in (task / "children").read_text().split()}
        return found


def start_serve(project: Project, scratch: Path, port: int, *options: str) -> Served:
    process = subprocess.Popen([pzgraph(), "serve", "--port", str(port), *LIMITS, *options],
                               env=environment(project, TMPDIR=str(scratch)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                     daemon=True).start()
    try:
        first = lines.get(timeout=60)
    except queue.Empty:
        process.kill()
        pytest.fail(f"serve did not start: {process.stderr.read()}")
    assert f"http://127.0.0.1:{port}/query" in first
    return Served(process, f"http://127.0.0.1:{port}", scratch)


def stop(served: Served) -> None:
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGTERM)
        try:
            served.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()


@pytest.fixture(scope="module")
def served(hostile_project: Project, tmp_path_factory) -> Iterator[Served]:
    scratch = tmp_path_factory.mktemp("serve-tmp")
    server = start_serve(hostile_project, scratch, free_port())
    try:
        yield server
    finally:
        stop(server)


# --- helpers ---------------------------------------------------------------------------------

def request(url: str, body: bytes | None = None, content_type: str = "application/sparql-query",
            method: str | None = None, accept: str = "application/sparql-results+json",
            timeout: float = 15) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept": accept}
    if body is not None:
        headers["Content-Type"] = content_type
    prepared = urllib.request.Request(url, data=body, headers=headers, method=method)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(prepared, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the test looks at the 303 itself
        return None


def query(served: Served, sparql: str, **options) -> tuple[int, bytes]:
    status, _, body = request(f"{served.url}/query", sparql.encode("utf-8"), **options)
    return status, body


def assert_still_answers(served: Served) -> None:
    """A normal query is answered within 15 s (a restarted store process takes a moment)."""
    assert served.process.poll() is None, f"serve exited: {served.process.stderr.read()}"
    deadline = time.monotonic() + 15
    status, body = 0, b""
    while time.monotonic() < deadline:
        try:
            status, body = query(served, COUNT, timeout=max(0.5, deadline - time.monotonic()))
        except OSError as error:
            status, body = 0, str(error).encode()
        if status == 200:
            (row,) = json.loads(body)["results"]["bindings"]
            assert int(row["n"]["value"]) > 10000
            return
        time.sleep(0.2)
    pytest.fail(f"serve no longer answers a normal query (last: {status} {body[:200]!r})")


@contextlib.contextmanager
def loopback_server(handle: Callable[[socket.socket, threading.Event], None],
                    ) -> Iterator[str]:
    """A server on a free loopback port that gives each connection to `handle` in a thread of
    its own (with an event set when the server stops); yields its /sparql address."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=handle, args=(connection, stopping), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    finally:
        stopping.set()
        thread.join(2)
        listener.close()


@contextlib.contextmanager
def loopback_listener() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback socket that records every connection made to it (for SERVICE)."""
    received: list[bytes] = []

    def record(connection: socket.socket, _: threading.Event) -> None:
        with connection:
            connection.settimeout(1)
            with contextlib.suppress(OSError):
                received.append(connection.recv(1000))

    with loopback_server(record) as url:
        yield url, received


# --- query size, nesting, tokens -------------------------------------------------------------

DEEP = "SELECT * WHERE " + "{" * 3000 + "}" * 3000


@pytest.mark.parametrize("how", ["sparql-query", "form", "get"])
def test_deep_nesting_is_refused_and_the_server_lives(served, how):
    if how == "sparql-query":
        status, body = query(served, DEEP)
    elif how == "form":
        form = urllib.parse.urlencode({"query": DEEP}).encode()
        status, _, body = request(f"{served.url}/query", form,
                                  "application/x-www-form-urlencoded")
    else:
        status, _, body = request(f"{served.url}/query?" + urllib.parse.urlencode(
            {"query": "SELECT * WHERE " + "{" * 1000 + "}" * 1000}))
    assert status == 400
    assert b"nests brackets and braces more than 64 deep" in body
    assert_still_answers(served)
    # brackets in strings, IRIs and comments are not structure: this one is answered
    status, body = query(served, 'SELECT ?x WHERE { BIND("' + "{" * 500 + '" AS ?x) # '
                         + "(" * 500 + "\nFILTER(?x != <http://example.org/a" + "(" * 500
                         + ">) }")
    assert status == 200, body


def test_escaped_braces_count_like_braces(served):
    status, body = query(served, "SELECT * WHERE " + "\\u007B" * 3000 + "\\u007D" * 3000)
    assert status == 400 and b"deep" in body
    assert_still_answers(served)


@pytest.mark.parametrize("sparql", [
    "SELECT (1" + "+1" * 8000 + " AS ?x) {}",
    "SELECT * {" + " {} UNION" * 8000 + " {} }",
    "SELECT * { " + " ".join(f"BIND(1 AS ?v{i})" for i in range(4000)) + " }",
], ids=["chained-plus", "unions", "binds"])
def test_long_chains_that_crash_oxigraph_are_refused(served, sparql):
    status, body = query(served, sparql)
    assert status == 400 and b"query refused" in body
    assert_still_answers(served)


def test_a_huge_request_is_refused_before_it_is_read(served):
    # Only the headers are sent: the answer comes before any of the 16 MB body is read.
    port = int(served.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: "
                       b"application/sparql-query\r\nContent-Length: 16777216\r\n\r\n")
        assert client.recv(1000).startswith(b"HTTP/1.1 413 ")
    status, body = query(served, "SELECT * {} #" + "x" * 70000)
    assert status == 400 and b"the limit is 65536" in body
    status, body = query(served, "SELECT WHERE nonsense")  # the parser's own message
    assert status == 400 and b"error at" in body
    assert_still_answers(served)


# --- SERVICE, updates, methods -----------------------------------------------------------------

@pytest.mark.parametrize("keyword", ["SERVICE", "service", "\\u0053ERVICE"])
def test_service_is_refused_and_nothing_is_fetched(served, keyword):
    with loopback_listener() as (target, received):
        status, body = query(served, f"SELECT * WHERE {{ {keyword} <{target}> {{ ?s ?p ?o }} }}")
        time.sleep(0.3)  # any fetch the store made would have arrived by now
    assert status == 400 and b"SERVICE is refused" in body
    assert received == [], "the server fetched the SERVICE address"
    assert_still_answers(served)


@pytest.mark.parametrize("attempt", ["update-form", "update-path", "store-put", "insert-query"])
def test_the_endpoint_is_read_only(served, attempt):
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    if attempt == "update-form":
        status, _, body = request(f"{served.url}/query",
                                  urllib.parse.urlencode({"update": update}).encode(),
                                  "application/x-www-form-urlencoded")
    elif attempt == "update-path":
        status, _, body = request(f"{served.url}/update", update.encode(),
                                  "application/sparql-update")
    elif attempt == "store-put":
        status, _, body = request(f"{served.url}/store?default", b"<urn:x> <urn:y> <urn:z> .",
                                  "application/n-triples", method="PUT")
    else:
        status, body = query(served, update)
    assert status in (400, 403, 405) and b"read-only" in body, (status, body)
    status, body = query(served, "ASK { <urn:x> <urn:y> <urn:z> }")
    assert status == 200 and json.loads(body)["boolean"] is False
    assert_still_answers(served)


# --- time, clients that leave, idle connections, a dying store -------------------------------

def test_a_query_past_the_timeout_is_stopped(served):
    before = served.children()
    status, body = query(served, CROSS_PRODUCT, timeout=20)
    assert status == 503 and b"longer than 3 s" in body
    assert_still_answers(served)
    assert replaced(served, before), "the store process running the query was not replaced"


def replaced(served: Served, before: set[int]) -> bool:
    """Whether a store process of `before` has gone (within 5 s: it is reaped, then
    replaced, a moment after it was killed)."""
    for _attempt in range(50):
        if not before <= served.children():
            return True
        time.sleep(0.1)
    return False


def test_the_work_stops_when_the_client_leaves(served):
    client = socket.create_connection(("127.0.0.1", int(served.url.rsplit(":", 1)[1])))
    body = CROSS_PRODUCT.encode()
    client.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                   b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    time.sleep(0.5)
    # the store processes while the query runs (one killed by an earlier test may have been
    # started again only for this query, so the ones from before it are not the ones to watch)
    during = served.children()
    client.close()
    assert replaced(served, during), "the abandoned query still runs"
    assert_still_answers(served)


@pytest.mark.parametrize("version", ["HTTP/1.0", "HTTP/1.1"])
def test_a_client_that_half_closes_after_its_request_gets_its_answer(served, version):
    """Hostile review s8 #21: the end of input after the request (`nc -N`, `printf | nc`,
    some proxies) was taken for a client that left: the query was killed and the client
    got no reply at all. Here the query runs to the time limit (3 s) and is answered."""
    client = socket.create_connection(("127.0.0.1", int(served.url.rsplit(":", 1)[1])))
    body = CROSS_PRODUCT.encode()
    client.sendall(f"POST /query {version}\r\nHost: x\r\nContent-Type: application/sparql-query"
                   f"\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    client.shutdown(socket.SHUT_WR)
    client.settimeout(20)
    reply = b""
    with client:
        while chunk := client.recv(65536):
            reply += chunk
    if version == "HTTP/1.1":  # one interim answer first, which tells a closed client apart
        assert reply.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"), reply[:200]
        reply = reply[len(b"HTTP/1.1 100 Continue\r\n\r\n"):]
    assert reply.startswith((b"HTTP/1.0 503", b"HTTP/1.1 503")), reply[:200]
    assert b"longer than 3 s" in reply
    assert_still_answers(served)


def test_answers_held_for_slow_clients_are_bounded_together():
    from pzgraph.release.workers import HeldAnswers

    held = HeldAnswers(100)
    assert held.reserve(60) and held.reserve(40)
    assert not held.reserve(1)  # a third slow client of a large answer: 503
    held.release(60)
    assert held.reserve(50)
    held.release(40)
    held.release(50)
    assert held.reserve(500)  # one answer alone is always sent (it is bounded on its own)


def test_hundreds_of_idle_connections_do_not_stop_it(served):
    port = int(served.url.rsplit(":", 1)[1])
    idle = []
    try:
        for _ in range(400):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        half = []  # and slow clients that never finish their headers
        for sock in idle[:50]:
            sock.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
            half.append(sock)
        assert_still_answers(served)
    finally:
        for sock in idle:
            sock.close()
    assert_still_answers(served)


def inet_sockets() -> dict[int, tuple[str, int, bool]]:
    """Every TCP and UDP socket of this machine's network namespace: inode → (table, local
    port, listening)."""
    found: dict[int, tuple[str, int, bool]] = {}
    for table in ("tcp", "tcp6", "udp", "udp6"):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
                fields = line.split()
                port = int(fields[1].rsplit(":", 1)[1], 16)
                found[int(fields[9])] = (table, port, table.startswith("tcp") and fields[3] == "0A")
    return found


def socket_inodes(pid: int) -> set[int]:
    inodes: set[int] = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(int(target[len("socket:["):-1]))
    return inodes


def test_only_the_public_port_listens_and_the_store_processes_have_no_network(served):
    """The review's finding: store processes on loopback ports anyone could query (SERVICE
    through them, no limits). Now the serve process tree holds exactly one listening socket,
    the public one, and the store processes hold no TCP or UDP socket at all."""
    assert_still_answers(served)
    workers = served.children()
    assert len(workers) == 2  # --workers 2
    for pid in workers:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert b"pzgraph.release.store_worker" in command, command
    sockets = inet_sockets()
    own = {inode: sockets[inode] for inode in socket_inodes(served.process.pid) if inode in sockets}
    listening = [(table, port) for table, port, listens in own.values() if listens]
    assert listening == [("tcp", int(served.url.rsplit(":", 1)[1]))], listening
    for pid in workers:
        held = [sockets[inode] for inode in socket_inodes(pid) if inode in sockets]
        assert held == [], f"store process {pid} holds network sockets: {held}"


def test_a_store_process_that_dies_is_restarted(served):
    for pid in served.children():
        os.kill(pid, signal.SIGKILL)
    assert_still_answers(served)
    assert served.process.poll() is None


# --- start, stop, litter -----------------------------------------------------------------------

def test_a_busy_port_is_a_clear_error(served, hostile_project, tmp_path):
    port = int(served.url.rsplit(":", 1)[1])
    second = subprocess.run([pzgraph(), "serve", "--port", str(port)],
                            env=environment(hostile_project), capture_output=True, text=True,
                            timeout=60)
    assert second.returncode == 1
    assert "SPARQL endpoint" not in second.stdout
    assert "already in use" in second.stderr and f"127.0.0.1:{port}" in second.stderr
    assert "Traceback" not in second.stderr and "panicked" not in second.stderr
    assert_still_answers(served)


def test_a_killed_serve_leaves_no_process_and_its_litter_is_removed(hostile_project, tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    server = start_serve(hostile_project, scratch, free_port())
    children = server.children()
    assert children and any(scratch.iterdir())
    server.process.kill()  # SIGKILL: no cleanup code of pzgraph runs
    server.process.wait()
    for _attempt in range(50):
        if not any(Path(f"/proc/{pid}").exists() for pid in children):
            break
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in children), "store processes lived on"
    again = start_serve(hostile_project, scratch, free_port())  # removes what the killed one left
    try:
        assert len(list(scratch.glob("pzgraph-serve-*"))) == 1
    finally:
        stop(again)
    assert list(scratch.iterdir()) == [], "the temporary store was not removed"


# --- the same guard for `pzgraph query` -----------------------------------------------------------

def run_query(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([pzgraph(), "query", *args], env=environment(project),
                          capture_output=True, text=True, timeout=60)


def test_local_query_refuses_deep_nesting_without_crashing(graph, project):
    result = run_query(project, "--sparql", "SELECT * WHERE " + "{" * 30000 + "}" * 30000)
    assert result.returncode == 1, result.returncode
    assert "nests brackets and braces more than 64 deep" in result.stderr
    assert "Traceback" not in result.stderr


def test_local_query_stops_at_its_timeout(graph, project):
    result = run_query(project, "--sparql", CROSS_PRODUCT, "--timeout", "2")
    assert result.returncode == 1
    assert "ran longer than 2 s and was stopped" in result.stderr


@pytest.mark.parametrize("hide", ["", "# x\r", "OPTIONAL { ?s ex:a\\#b ?o } "])
def test_local_query_refuses_service(graph, project, hide):
    """Also past the two hiding places of hostile review s8 #1: a comment ended by CR, and
    `\\#` in a prefixed name (the old guard read the rest of the line as a comment)."""
    with loopback_listener() as (target, received):
        result = run_query(project, "--sparql", f"PREFIX ex: <http://x/> SELECT * {{ {hide}"
                           f"SERVICE <{target}> {{ ?s ?p ?o }} }}")
        time.sleep(0.3)
    assert result.returncode == 1 and "SERVICE is refused" in result.stderr
    assert received == []


# --- dereferencing: /id/ → 303 → /doc/ ------------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.sources: list[str] = []
        self.alternates: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "alternate":
            # names the page's RDF copies for crawlers; a browser loads nothing for it
            self.alternates.append(values.get("href") or "")
            return
        self.tags.append(tag)
        self.sources += [value for name, value in attrs if name == "src" and value]

    def handle_data(self, data):
        self.text.append(data)


def sample(served: Served) -> list[str]:
    """One resource of every type the graph has, and one piece of evidence, at the endpoint."""
    status, body = query(served, """
        SELECT (MIN(?s) AS ?iri) WHERE {
          ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/pzgraph/id/"))
          BIND(STRBEFORE(STRAFTER(STR(?s), "/id/"), "/") AS ?kind)
        } GROUP BY ?kind""")
    assert status == 200
    iris = [row["iri"]["value"] for row in json.loads(body)["results"]["bindings"]]
    assert len(iris) >= 10
    return sorted({*iris, EEMLAND})


@pytest.mark.parametrize("accept,parse", [("text/html", None), ("text/turtle", "turtle"),
                                          ("application/ld+json", "json-ld")])
def test_id_iris_dereference_with_content_negotiation(served, accept, parse):
    for iri in sample(served):
        path = iri[len("https://w3id.org/pzgraph"):]
        status, headers, _ = request(served.url + path, accept=accept)
        assert status == 303, (iri, status)
        assert headers["Location"] == path.replace("/id/", "/doc/", 1)
        status, headers, body = request(served.url + headers["Location"], accept=accept)
        assert status == 200, (iri, status)
        assert headers["Content-Type"].startswith(accept)
        if parse:
            parsed = rdflib.Graph().parse(data=body, format=parse)
            assert (rdflib.URIRef(iri), None, None) in parsed, iri
        else:
            page = _Text()
            page.feed(body.decode("utf-8"))
            # offline: nothing is loaded from elsewhere, nothing runs
            assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)
            assert not page.sources
            # the RDF copies of this page, at this server (not elsewhere)
            assert page.alternates and not [h for h in page.alternates if "//" in h]
            assert iri in "".join(page.text)
    assert_still_answers(served)


def test_a_hostile_label_is_text_on_the_page(served):
    status, headers, body = request(f"{served.url}/doc/netwerk/eemland", accept="text/html")
    assert status == 200
    html = body.decode("utf-8")
    assert HOSTILE not in html and "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;pz&#34;)&lt;/script&gt;&lt;img src=x" in html
    assert "<title>Netwerk &#34;Eemland&#34; &amp; &#39;NPZ&#39; · pzgraph</title>" in html
    page = _Text()
    page.feed(html)
    assert {"script", "img"}.isdisjoint(page.tags) and not page.sources
    assert HOSTILE in "".join(page.text) and HOSTILE_LABEL in "".join(page.text)
    assert "script-src" not in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    status, _, body = request(f"{served.url}/doc/netwerk/eemland", accept="text/turtle")
    labels = {str(o) for o in rdflib.Graph().parse(data=body, format="turtle").objects(
        rdflib.URIRef(EEMLAND), rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))}
    assert HOSTILE_LABEL in labels


def test_evidence_shows_its_quote_and_source_title(served):
    status, body = query(served, """
        PREFIX pz: <https://w3id.org/pzgraph/def#>
        PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?thing ?quote ?title WHERE {
          ?thing pz:evidence ?e . ?e pz:quote ?quote ; dct:source ?doc .
          ?doc a pz:SourceDocument ; skos:prefLabel ?title FILTER(LANG(?title) = "nl")
        } ORDER BY ?thing LIMIT 1""")
    (row,) = json.loads(body)["results"]["bindings"]
    path = row["thing"]["value"][len("https://w3id.org/pzgraph"):].replace("/id/", "/doc/", 1)
    status, _, page = request(served.url + path, accept="text/html")
    text = _Text()
    text.feed(page.decode("utf-8"))
    shown = " ".join("".join(text.text).split())
    assert " ".join(row["quote"]["value"].split()) in shown
    assert " ".join(row["title"]["value"].split()) in shown


def test_def_serves_the_ontology_and_vocabularies(served):
    status, _, body = request(f"{served.url}/def", accept="text/turtle")
    assert status == 200
    ontology = rdflib.Graph().parse(data=body, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/pzgraph/def#Network"), None, None) in ontology
    status, _, body = request(f"{served.url}/def/wens", accept="application/ld+json")
    assert status == 200
    assert len(rdflib.Graph().parse(data=body, format="json-ld")) > 10
    status, _, _ = request(f"{served.url}/id/netwerk/does-not-exist")
    assert status == 404
    status, _, _ = request(f"{served.url}/doc/../../etc/passwd")
    assert status == 404


def test_the_page_is_inert_in_a_real_browser(served):
    """Chromium opens the page with the hostile description: no dialog, no script, no request
    to anywhere but the server itself, and the markup is shown as text."""
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        try:
            page = browser.new_page()
            dialogs, requests, errors = [], [], []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("request", lambda request: requests.append(request.url))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{served.url}/id/netwerk/eemland", wait_until="load")  # follows the 303
            assert page.url == f"{served.url}/doc/netwerk/eemland"
            assert page.locator("h1").inner_text() == HOSTILE_LABEL
            assert HOSTILE in page.locator("body").inner_text()
            assert page.locator("script, img").count() == 0
            assert dialogs == [] and errors == []
            assert all(url.startswith(served.url) for url in requests), requests
            page.locator("a", has_text="Septet").first.click()
            assert page.url.startswith(f"{served.url}/doc/")  # links onward to other pages
        finally:
            browser.close()
    assert_still_answers(served)
