"""Hostile review s7, findings 3, 4 and 8: pzgraph as a client of a broken or hostile server.

Each server here is a raw socket on 127.0.0.1 (a free port) that answers every connection
with the same bytes: a status line that is not HTTP, a 70 KB header line, 150 headers, JSON
in shapes SPARQL results never have, escape sequences for the terminal, or a body that
trickles a byte at a time. `pzgraph query --endpoint` and `push` must end each with one
line and exit code 1 (never a traceback), show nothing a terminal would act on, and give up
a stalled exchange at its deadline.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
from test_endpoint_hostile import environment, loopback_listener, loopback_server, pzgraph  # noqa: I001

from pzgraph.errors import EndpointError
from pzgraph.query import endpoint

ESCAPES = ("\x1b", "\x07", "\x9b")
RESULTS = "application/sparql-results+json"


def ok(body: bytes, content_type: str = RESULTS, extra: bytes = b"") -> bytes:
    return (b"HTTP/1.1 200 OK\r\nContent-Type: " + content_type.encode() + b"\r\n"
            + b"Content-Length: %d\r\n" % len(body) + extra + b"Connection: close\r\n\r\n" + body)


ANSWERS = {
    "badstatus": b"HTTP/1.1 abc OK\r\n\r\n",
    "garbage": b"\x00\xff garbage\r\n\r\n",
    "longheader": b"HTTP/1.1 200 OK\r\nX: " + b"a" * 70000 + b"\r\n\r\n",
    "manyheaders": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X%d: y\r\n" % i for i in range(150))
                   + b"\r\n{}",
    "incomplete": b"HTTP/1.1 200 OK\r\nContent-Type: " + RESULTS.encode()
                  + b"\r\nContent-Length: 1000\r\n\r\n{\"head\":",
    "list": ok(b'["bnode"]'),
    "resultslist": ok(b'{"head":{"vars":["x"]},"results":[],"z":"bnode"}'),
    "bindnum": ok(b'{"head":{"vars":["x"]},"results":{"bindings":[1]},"z":"bnode"}'),
    "deep": ok(b'{"z":"bnode","a":' + b"[" * 200000 + b"]" * 200000 + b"}"),
    "err500": b"HTTP/1.1 500 \x1b[31mRED\x1b]0;pwned title\x07\r\nContent-Length: 40\r\n\r\n"
              b"\x1b[2J\x1b]0;hijacked\x07 clear screen\n",
    "redirect-ftp": b"HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1:{port}/x\r\n"
                    b"Content-Length: 0\r\n\r\n",
}


@contextlib.contextmanager
def hostile(answer: bytes | None, trickle: bool = False) -> Iterator[str]:
    """A server that reads the request head and answers `answer`; with `trickle`, a header
    that promises 100000 bytes and then one space every half second, for ever."""
    def serve(connection: socket.socket, stopping: threading.Event) -> None:
        with connection, contextlib.suppress(OSError):
            connection.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data or len(data) < _request_size(data):
                received = connection.recv(1 << 20)
                if not received:
                    return
                data += received
            if not trickle:
                connection.sendall(answer or b"")
                return
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + RESULTS.encode()
                               + b"\r\nContent-Length: 100000\r\n\r\n")
            while not stopping.wait(0.5):
                connection.sendall(b" ")

    with loopback_server(serve) as url:
        yield url


def _request_size(data: bytes) -> int:
    """The size of the request the head of `data` announces (its body read too: a server
    that closes with a body unread resets the connection, and push would see only that)."""
    head, _, _ = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(head) + 4 + int(value)
    return len(head) + 4


def run_query(project, url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([pzgraph(), "query", "--sparql", "SELECT ?x { ?x ?y ?z } LIMIT 1",
                           "--endpoint", url, *args], env=environment(project),
                          capture_output=True, text=True, timeout=120)


def assert_one_clear_line(result: subprocess.CompletedProcess, url: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("pzgraph query: ") and url in result.stderr
    assert not any(escape in result.stderr + result.stdout for escape in ESCAPES)


# --- finding 3: every failure of the exchange is one message ------------------------------

@pytest.mark.parametrize("mode,said", [
    ("badstatus", "did not answer in HTTP (BadStatusLine"),
    ("garbage", "did not answer in HTTP (BadStatusLine"),
    ("longheader", "did not answer in HTTP (LineTooLong"),
    ("manyheaders", "got more than 100 headers"),
    ("incomplete", "did not answer with SPARQL JSON results"),
    ("list", "did not answer with SPARQL JSON results"),
    ("resultslist", "did not answer with SPARQL JSON results"),
    ("bindnum", "answered with a term pzgraph cannot read"),
    ("deep", "did not answer with SPARQL JSON results"),
])
def test_a_broken_server_is_one_clear_error(project, mode, said):
    with hostile(ANSWERS[mode]) as url:
        result = run_query(project, url)
    assert_one_clear_line(result, url)
    assert said in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_push_to_a_server_that_does_not_speak_http_is_one_clear_error(graph, project):
    with hostile(ANSWERS["badstatus"]) as url:
        result = subprocess.run([pzgraph(), "push", "--endpoint", url],
                                env=environment(project), capture_output=True, text=True,
                                timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "did not answer in HTTP (BadStatusLine" in result.stderr
    assert "pushed" not in result.stdout


def test_a_redirect_to_another_scheme_is_not_followed():
    # the redirect names a port where a listener records any connection made to it
    with loopback_listener() as (target, received):
        port = target.split(":")[2].split("/")[0]
        answer = ANSWERS["redirect-ftp"].replace(b"{port}", port.encode())
        with hostile(answer) as url, pytest.raises(EndpointError) as raised:
            endpoint.select(url, "SELECT * {}")
        time.sleep(0.3)  # a connection made would have arrived by now
    assert "which is not an http(s) address; not followed" in str(raised.value)
    assert received == []


# --- finding 4: nothing the server sends acts on the terminal ---------------------------------

def test_escape_sequences_in_an_error_answer_are_written_out(project):
    with hostile(ANSWERS["err500"]) as url:
        result = run_query(project, url)
    assert_one_clear_line(result, url)
    assert "HTTP 500 \\x1b[31mRED\\x1b]0;pwned title\\x07" in result.stderr
    assert "| \\x1b[2J\\x1b]0;hijacked\\x07 clear screen" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_escape_sequences_in_an_answer_are_written_out(project, fmt):
    # JSON escapes of ESC, BEL, CSI (one character) and CR
    value = "\\u001b[2J\\u001b]0;pwned\\u0007 \\u009b31m \\r over"
    body = ('{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"'
            + value + '","xml:lang":"nl"}}]}}').encode()
    with hostile(ok(body)) as url:
        result = run_query(project, url, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert not any(escape in result.stdout for escape in (*ESCAPES, "\r"))
    assert "\\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m \\x0d over" in result.stdout


# --- finding 8: one deadline on the whole exchange ---------------------------------------------

def test_a_trickling_server_is_given_up_at_the_deadline():
    with hostile(None, trickle=True) as url, pytest.raises(EndpointError) as raised:
        endpoint.select(url, "SELECT * {}", timeout=2)
    assert "no complete answer within 2 s" in str(raised.value)



def test_query_endpoint_keeps_the_deadline_it_was_given(project):
    """`query --endpoint --timeout 2` gives a trickling server 2 s, not the client's default
    30 s (the command did not hand its --timeout on)."""
    from click.testing import CliRunner

    from pzgraph.cli.main import main

    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    with hostile(None, trickle=True) as url:
        result = CliRunner().invoke(main, ["query", "--sparql", "SELECT * {}", "--endpoint",
                                           url, "--timeout", "2"], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no complete answer within 2 s" in result.output
