"""One check of an address that comes from outside (an option, publisher.yaml, a data file),
per kind of use, so that every such address is held to the same rules before any work.

A web address must be an http(s) IRI that Python's URL parser, the RDF library and a web
server all read alike: a host that is a DNS name or a bracketed IP address, a port in range,
no user name or password, no character an IRI may not hold (controls, blanks, `<>"{}|^`\\`,
invisible format characters such as direction overrides), no `%` that starts no escape.
Each use adds its own rules:

- FOLDER (`export --base`, `--download-url`): the address files and IRIs are appended to,
  so no query, no fragment and no `.`, `..` or empty segment (a JSON-LD processor would
  resolve those away, the other formats keep them, hostile reviews S7 #6 and S8 #14);
- ENDPOINT (`--endpoint`, `--sparql-endpoint`): a query may follow, a fragment is never sent;
- PAGE (a homepage, a landing page, a contact page): a query and a fragment may follow.

An e-mail address is checked as what it becomes: the IRI mailto:ADDRESS.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

FOLDER, ENDPOINT, PAGE = "folder", "endpoint", "page"
_NOT_IN_IRI = set('<>"{}|\\^`')
# categories of control, format (direction overrides, zero widths), separator, surrogate
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?\Z")
_EMAIL = re.compile(rf"[A-Za-z0-9!$&'*+\-/=_~.]+@{_LABEL}(?:\.{_LABEL})+\Z")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def unusable_character(value: str) -> str | None:
    """The first character no IRI may hold (as a person can read it), or None."""
    for character in value:
        if character in _NOT_IN_IRI or unicodedata.category(character) in _INVISIBLE:
            return repr(character)
    return None


def address_problem(value: object, use: str) -> str | None:
    """What is wrong with `value` as a web address for `use`, or None."""
    if not isinstance(value, str):
        return "not text"
    if not value.startswith(("http://", "https://")):
        return "not an http(s) address (it must start with https:// or http://)"
    if character := unusable_character(value):
        return f"the character {character}, which no web address holds"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:  # a bracketed host that is no IP address, a port past 65535
        return f"a host or port that is not valid ({error})"
    if "@" in parts.netloc and use != ENDPOINT:
        return "a user name or password (user@host): give the address without them"
    host = parts.hostname or ""
    if not host:
        return "an empty host"
    if "[" in parts.netloc:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"a bracketed host [{host}] that is not an IPv6 address"
    elif not _HOST.match(host):
        return f"a host {host!r} that is not a domain name or an IP address"
    if port == 0:
        return "port 0"
    if _BAD_ESCAPE.search(value):
        return "a % that starts no escape (%XX)"
    if use == FOLDER:
        segments = parts.path.split("/")[1:]
        problem = ("a query (?...)" if "?" in value
                   else "a fragment (#...)" if "#" in value
                   else "a '.' or '..' segment" if {".", ".."} & set(segments)
                   else "an empty segment (//)" if "" in segments[:-1]
                   else None)
        if problem:
            return problem
    if use == ENDPOINT and "#" in value:
        return "a fragment (#...), which is never sent to a server"
    return _iri_problem(value)


def stated(problem: str) -> str:
    """A problem as the rest of a sentence about the value: "is not …" or "holds …"."""
    return f"is {problem}" if problem.startswith("not ") else f"holds {problem}"


def email_problem(value: object) -> str | None:
    """What is wrong with `value` as an organisational e-mail address, or None."""
    if not isinstance(value, str):
        return "not text"
    if character := unusable_character(value):
        return f"the character {character}, which no e-mail address holds here"
    if not _EMAIL.match(value):
        return "not of the form name@domain.example (letters, digits and . _ - + only)"
    return _iri_problem(f"mailto:{value}")


def _iri_problem(iri: str) -> str | None:
    """The RDF library's own word: what it refuses, the release could not hold."""
    import pyoxigraph as ox  # here: the command line starts without it

    try:
        ox.NamedNode(iri)
    except ValueError as error:
        return f"not a valid IRI ({error})"
    return None
