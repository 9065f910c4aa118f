"""Content negotiation for the resource pages: which format an Accept header prefers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    suffix: str
    media_type: str
    rdf: ox.RdfFormat | None


FORMATS = [  # the first is the default (a browser that says */*)
    Format("html", "text/html", None),
    Format("ttl", "text/turtle", ox.RdfFormat.TURTLE),
    Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    Format("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    # for RDF/XML clients (Protégé, older libraries), which would otherwise get HTML
    Format("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML),
]
ALIASES = {"application/xhtml+xml": "text/html", "application/json": "application/ld+json",
           "text/plain": "application/n-triples"}


@dataclass(frozen=True)
class Page:
    status: int
    body: bytes
    content_type: str


_QVALUE = re.compile(r"0(\.[0-9]{0,3})?|1(\.0{0,3})?")


def accepted(accept: str) -> Iterator[tuple[str, float]]:
    """Each media range of an Accept header (the first 50) with its q-value (1 if none, 0 if
    it is not a qvalue of RFC 9110 §12.4.2: `NaN`, `inf`, `-1`, `2` or `1e0` are not, and
    float() would take them all)."""
    for item in accept.split(",")[:50]:
        media, *parameters = (part.strip() for part in item.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                value = value.strip()
                quality = float(value) if _QVALUE.fullmatch(value) else 0.0
        yield media, quality


def negotiate(accept: str) -> Format | None:
    """The format the Accept header prefers (q-values honoured); None when none is offered."""
    if not accept.strip():
        return FORMATS[0]
    best: tuple[float, int, Format] | None = None
    for position, (media, quality) in enumerate(accepted(accept)):
        media = ALIASES.get(media.lower(), media.lower())
        for fmt in FORMATS:
            major = fmt.media_type.split("/")[0]
            if media in (fmt.media_type, f"{major}/*", "*/*") and quality > 0:
                # exact types beat wildcards at equal quality; then the order of FORMATS
                rank = (quality, -position if media == fmt.media_type else -1000 - position, fmt)
                if best is None or rank[:2] > best[:2]:
                    best = rank
                break
    return best[2] if best else None
