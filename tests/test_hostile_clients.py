"""Issue 14, items 3, 8 and 10: pzgraph as a client of other servers, and its CSV output.

Each server here is a small http.server on 127.0.0.1 (a free port) that behaves badly: it
redirects to another origin, answers with a huge error that repeats the credentials, or
answers 200 to anything without storing it.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from test_endpoint_hostile import environment, pzgraph  # noqa: I001 - a test helper module

from pzgraph.errors import EndpointError
from pzgraph.query import endpoint
from pzgraph.query.output import render

PASSWORD = "s3cret-Pa55word"


@contextmanager
def server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.seen = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Quiet(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def record(self) -> None:
        self.server.seen.append((self.command, self.path, dict(self.headers)))  # type: ignore


@pytest.fixture
def credentials(monkeypatch) -> None:
    monkeypatch.setenv("PZGRAPH_USER", "analyst")
    monkeypatch.setenv("PZGRAPH_PASSWORD", PASSWORD)


# --- item 3: credentials stay with their origin; error answers are bounded ---------------------

def test_redirect_carries_no_authorization(credentials):
    received: list[dict[str, str]] = []

    class Elsewhere(Quiet):
        def do_GET(self) -> None:
            received.append(dict(self.headers))
            body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    asked: list[dict[str, str]] = []
    with server(Elsewhere) as other:
        class Redirecting(Quiet):
            def do_POST(self) -> None:
                asked.append(dict(self.headers))
                self.send_response(303)
                self.send_header("Location", f"{other}/steal")
                self.send_header("Content-Length", "0")
                self.end_headers()

        with server(Redirecting) as first:
            endpoint.select(f"{first}/sparql", "SELECT * {}")
    assert asked and "Authorization" in asked[0]  # given to the origin it is meant for
    assert received, "the redirect was not followed"
    assert not any("Authorization" in headers for headers in received), received


def test_a_huge_error_answer_is_read_in_part_and_the_password_is_never_echoed(credentials):
    class Huge(Quiet):
        def do_POST(self) -> None:
            echo = f"you sent: Authorization: {self.headers.get('Authorization')} ({PASSWORD})"
            body = (echo + " " + "x" * (20 << 20)).encode()  # one 20 MB line
            self.send_response(500)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client stops reading: as it should
                self.wfile.write(body)

    with server(Huge) as url, pytest.raises(EndpointError) as raised:
        endpoint.select(f"{url}/sparql", "SELECT * {}")
    message = str(raised.value)
    assert "HTTP 500" in message and "you sent" in message
    assert len(message) < 2000, len(message)
    token = endpoint.auth_header()["Authorization"].split(" ", 1)[1]
    assert PASSWORD not in message and token not in message


# --- item 8: push believes only what it can read back ----------------------------------------

def run_push(project, url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([pzgraph(), "push", "--endpoint", url, *args],
                          env=environment(project), capture_output=True, text=True, timeout=120)


def test_push_to_a_web_page_that_answers_200_is_an_error(graph, project):
    class WebPage(Quiet):
        def answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            body = b"<html><body>Welcome</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = do_POST = answer  # noqa: N815

    with server(WebPage) as url:
        result = run_push(project, f"{url}/store")
    assert result.returncode == 1, result.stdout
    assert "is not a Graph Store" in result.stderr and "text/html" in result.stderr
    assert "pushed" not in result.stdout and "Traceback" not in result.stderr


def test_push_notices_a_store_that_lost_data(graph, project):
    class Lossy(Quiet):  # takes everything, keeps one triple
        def do_PUT(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            body = b"<urn:a> <urn:b> <urn:c> .\n"
            self.send_response(200)
            self.send_header("Content-Type", "application/n-triples")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with server(Lossy) as url:
        result = run_push(project, f"{url}/store")
    assert result.returncode == 1
    assert "holds 1 triples afterwards" in result.stderr


# --- item 10: CSV cells a spreadsheet would run ------------------------------------------------

@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3",
                                  "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1"])
def test_csv_cells_that_start_a_formula_are_neutralised(cell):
    text = render(["label"], [[cell], ["-5"], ["12.5"], ["Zorg & welzijn"]], "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["label"], ["'" + cell], ["-5"], ["12.5"], ["Zorg & welzijn"]]


def test_query_csv_output_is_neutralised_end_to_end(graph, project):
    result = subprocess.run([pzgraph(), "query", "--format", "csv", "--sparql",
                             """SELECT ?x WHERE { VALUES ?x { "=cmd|' /C calc'!A0" } }"""],
                            env=environment(project), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "'=cmd|' /C calc'!A0"


# --- hostile review S7 #5: Markdown from data is text, never markup ----------------------------

MARKDOWN_ATTACKS = ["Zorg | pipe | md *bold* [link](javascript:alert(1)) `code`",
                    "<img src=x onerror=alert(1)>", "&lt;b&gt; __nadruk__ ~~weg~~", "# kop",
                    "12. punt", "- item", "![x](http://example.org/x.png)", "a\\*b"]


@pytest.mark.parametrize("text", MARKDOWN_ATTACKS)
def test_query_markdown_shows_a_hostile_text_as_text_end_to_end(graph, project, text):
    from markdown_it import MarkdownIt

    literal = text.replace("\\", "\\\\").replace('"', '\\"')
    result = subprocess.run([pzgraph(), "query", "--format", "markdown", "--sparql",
                             f'SELECT ?x WHERE {{ VALUES ?x {{ "{literal}" }} }}'],
                            env=environment(project), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"link_open", "image", "em_open", "strong_open", "code_inline",
                        "html_inline", "html_block", "s_open", "heading_open"}
    cells = [t.content for t in tokens if t.type == "inline"]
    rendered = MarkdownIt("commonmark").enable("table").renderInline(cells[-1])
    assert html.unescape(rendered) == text  # the cell reads as the text itself
