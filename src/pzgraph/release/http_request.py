"""The rules the head of a request to `pzgraph serve` must follow (RFC 9112), in one place.

A proxy in front of the server (docs/security.md advises one) and the server must agree on
where each request ends. Where they could read a head differently (two Content-Length
values, a bare CR that Python's header parser takes for a line end, a space before the
colon, a folded line, a Transfer-Encoding) one of them would take part of a body for the next
request: request smuggling. So the head is held to the RFC's grammar as received, line by
line, and anything outside it is refused with 400 (411 for a transfer coding) and the
connection closed:

- request line: METHOD SP TARGET SP HTTP/1.0 or HTTP/1.1, nothing else (§3);
- each field line: a token, a colon with no space before it, and a value of visible
  characters, spaces and tabs: no control character, no bare CR, no folding (§5);
- an HTTP/1.1 request has exactly one Host (§3.2);
- at most one Content-Length, one number of ASCII digits, no list and no sign (§6.3);
- no Transfer-Encoding: a body comes with a Content-Length (§6.1).
"""

from __future__ import annotations

import contextlib
import re
import socket
import time
from typing import BinaryIO

_TOKEN = rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_REQUEST_LINE = re.compile(_TOKEN + rb" [^\x00-\x20\x7f]+ HTTP/1\.[01]\r?\n")
_FIELD_LINE = re.compile(rb"(" + _TOKEN + rb"):([\t\x20-\x7e\x80-\xff]*)\r?\n")
_LENGTH = re.compile(rb"[0-9]{1,12}")
LINGER_SECONDS, LINGER_BYTES = 2.0, 64 << 20


class HeadRecorder:
    """Stands in for the request stream while the standard library reads the field lines,
    and keeps each line as it was received."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.lines: list[bytes] = []

    def readline(self, limit: int = -1) -> bytes:
        line = self.stream.readline(limit)
        self.lines.append(line)
        return line

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def head_problem(request_line: bytes, field_lines: list[bytes]) -> tuple[int, str] | None:
    """(status, message) when the head breaks a rule above; None when it keeps them all.
    `field_lines` are the lines after the request line, the empty line that ends them too
    (a head cut off before it is refused: it is not a request, even if its lines are)."""
    if not _REQUEST_LINE.fullmatch(request_line):
        return 400, "the request line is not METHOD TARGET HTTP/1.1 (single spaces, no controls)"
    fields: dict[bytes, list[bytes]] = {}
    for line in field_lines:
        if line in (b"\r\n", b"\n"):
            break
        if not line.endswith(b"\n"):  # the connection ended (or was closed to make room)
            return 400, "the request ended before its empty line"
        found = _FIELD_LINE.fullmatch(line)
        if found is None:
            return 400, ("a header line is not NAME: VALUE (no space before the colon, no "
                         "folded line, no control character or bare CR)")
        fields.setdefault(found.group(1).lower(), []).append(found.group(2).strip(b" \t"))
    else:  # no empty line at all
        return 400, "the request ended before its empty line"
    if request_line.rstrip(b"\r\n").endswith(b"HTTP/1.1") and len(fields.get(b"host", [])) != 1:
        return 400, "an HTTP/1.1 request has exactly one Host header"
    if b"transfer-encoding" in fields:
        return 411, "send the body with a Content-Length (no Transfer-Encoding, no chunked body)"
    lengths = fields.get(b"content-length", [])
    if len(lengths) > 1:
        return 400, "more than one Content-Length; send one"
    if lengths and not _LENGTH.fullmatch(lengths[0]):
        return 400, "Content-Length is not a number (ASCII digits only)"
    return None


def drain(connection: socket.socket) -> None:
    """After an answer that closes the connection before the request's body was read: say
    the answer is complete (FIN), then read and drop what the client still sends, for a
    moment. Closing with unread data resets the connection, and a client still sending its
    body (push) would see only "Broken pipe", never the answer."""
    deadline, received = time.monotonic() + LINGER_SECONDS, 0
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_WR)
        while received < LINGER_BYTES and (left := deadline - time.monotonic()) > 0:
            connection.settimeout(left)
            data = connection.recv(1 << 16)
            if not data:
                return
            received += len(data)
