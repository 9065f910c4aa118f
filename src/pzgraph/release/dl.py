"""pzgraph-dl.ttl: the whole release (ontology and data) as OWL 2 DL, for Protégé and HermiT.

The ontology alone is OWL 2 DL; the data is not, because it carries xsd:date and xsd:gYear
literals, datatypes outside the OWL 2 datatype map, which DL reasoners refuse. The DL profile
is the union graph with those literals rewritten into datatypes of the map
(docs/owl2-dl.md):

- a date D becomes the xsd:dateTime "DT00:00:00", the start of that day; as the end of a
  validity (pz:validUntil, inclusive) it becomes "DT23:59:59", the end of that day;
- a year Y under pz:validFrom / pz:validUntil becomes the dateTime of its first / last
  second ("Y-01-01T00:00:00" / "Y-12-31T23:59:59");
- any other year (pz:year: the years a project runs) becomes the xsd:integer Y.

Everything else is left as it is. `problems` lists what would still keep a graph out of
OWL 2 DL as far as triples show it: literals outside the datatype map, and properties
used both with resources and with literals without being annotation properties.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pyoxigraph as ox

from ..vocab import OWL, PZ, RDF, RDFS, XSD
from .views import Namespaces, read_triples, sorted_triples
from .writers import turtle_to

FILE = "pzgraph-dl.ttl"
DATE, YEAR, DATETIME, INTEGER = (ox.NamedNode(XSD + n) for n in
                                 ("date", "gYear", "dateTime", "integer"))
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdf:langString,
# the datatype RDF 1.1 gives language-tagged strings (rdf:PlainLiteral in OWL 2 terms).
DATATYPE_MAP = frozenset({
    *(XSD + name for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString",
        "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary",
        "base64Binary", "anyURI", "dateTime", "dateTimeStamp")),
    OWL + "real", OWL + "rational", RDF + "PlainLiteral", RDF + "XMLLiteral", RDF + "langString",
    RDFS + "Literal",
})
ENDS = {PZ.validUntil}  # inclusive ends: a day or year stands for its last second


def literal(predicate: str, value: ox.Literal) -> ox.Literal:
    """`value` in a datatype of the OWL 2 datatype map, as the module docstring says."""
    if value.datatype == DATE:
        time = "T23:59:59" if predicate in ENDS else "T00:00:00"
        return ox.Literal(value.value + time, datatype=DATETIME)
    if value.datatype == YEAR:
        if predicate == PZ.validFrom:
            return ox.Literal(f"{value.value}-01-01T00:00:00", datatype=DATETIME)
        if predicate in ENDS:
            return ox.Literal(f"{value.value}-12-31T23:59:59", datatype=DATETIME)
        return ox.Literal(str(int(value.value)), datatype=INTEGER)
    return value


def dl_triples(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    for t in triples:
        if isinstance(t.object, ox.Literal) and t.object.datatype in (DATE, YEAR):
            t = ox.Triple(t.subject, t.predicate, literal(t.predicate.value, t.object))
        yield t


def profile(release) -> bytes:
    """The Turtle of pzgraph-dl.ttl for `release`."""
    out = io.BytesIO()
    write_profile(release, out)
    return out.getvalue()


def write_profile(release, out: BinaryIO) -> None:
    """pzgraph-dl.ttl written to `out` as a stream: the union rewritten, sorted again on
    disk (a rewritten literal may change a triple's place), then Turtle."""
    names = Namespaces(release.namespaces.candidates, release.namespaces.id_base)
    path = sorted_triples(dl_triples(release.triples()), release.folder, "dl.nt", names)
    try:
        turtle_to(out, read_triples(path), ox.RdfFormat.TURTLE,
                  release.union_prefixes(namespaces=names))
    finally:
        path.unlink(missing_ok=True)


def problems(triples: list[ox.Triple]) -> list[str]:
    """What keeps `triples` out of OWL 2 DL, as far as the triples themselves show it."""
    found = []
    datatypes = {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    found += [f"literals of {d}, which is not in the OWL 2 datatype map"
              for d in sorted(datatypes - DATATYPE_MAP)]
    annotation = {t.subject.value for t in triples if t.predicate.value == RDF + "type"
                  and t.object.value == OWL + "AnnotationProperty"}
    kinds: dict[str, set[bool]] = {}
    for t in triples:
        kinds.setdefault(t.predicate.value, set()).add(isinstance(t.object, ox.Literal))
    found += [f"{p} has both resources and literals as values but is no annotation property"
              for p, k in sorted(kinds.items())
              if len(k) == 2 and p not in annotation and not p.startswith((RDF, RDFS, OWL))]
    return found
