"""The SPARQL 1.1 Service Description of `pzgraph serve`: what a client learns by asking the
endpoint itself (a GET of /query without a query; SPARQL 1.1 Protocol §2.1, Service
Description §3). Above all that the default graph is the union of the named graphs, as a bag:
a statement that stands in two graphs is matched, and counted, twice (docs/security.md).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..vocab import DCTERMS, RDF, RDFS
from .negotiation import FORMATS, Page, negotiate

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
SIMPLE_ENTAILMENT = "http://www.w3.org/ns/entailment/Simple"
# What the store worker answers in (release/store_worker.py negotiates with Oxigraph's own
# format lists): every results format for SELECT/ASK, every RDF format for CONSTRUCT/DESCRIBE.
RESULT_FORMATS = (*(f.iri for f in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML,
                                    ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV)),
                  *(f.iri for f in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG,
                                    ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES,
                                    ox.RdfFormat.RDF_XML, ox.RdfFormat.N3)))
# A Host header names the endpoint only when it is a plain authority: anything else could
# put any IRI (or a broken one) into the description.
AUTHORITY = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"
                       r"|\[[0-9A-Fa-f:.]{2,45}\])(?::(?P<port>[0-9]{1,5}))?")
NOTE = ("Read-only SPARQL 1.1 Query endpoint of pzgraph. The default graph is the union of "
        "the named graphs, as a bag: a statement that stands in two graphs is matched twice "
        "(use DISTINCT, or FROM / GRAPH to name graphs). SERVICE, LOAD and updates are refused; "
        "queries have a time and a memory limit.")


def endpoint_iri(host_header: str | None, bound: tuple[str, int], path: str) -> str:
    """The endpoint's address as the client reached it (its Host header), else as bound."""
    host = (host_header or "").strip()
    authority = AUTHORITY.fullmatch(host)
    stated_port = authority.group("port") if authority else None
    if not authority or stated_port is not None and not 0 < int(stated_port) <= 65535:
        address, port = bound[0], bound[1]
        host = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return f"http://{host}{path}"


def graph_sizes(store: ox.Store) -> list[tuple[ox.NamedNode, int]]:
    """Each named graph and its number of statements, counted by the engine."""
    sizes = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                        "GROUP BY ?g ORDER BY ?g")
    return [(row["g"], int(row["n"].value)) for row in sizes]  # type: ignore[index,union-attr]


def description(endpoint: str, sizes: list[tuple[ox.NamedNode, int]]) -> list[ox.Triple]:
    """The service, its features and its default dataset (each named graph with its size)."""
    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def count(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=iri("http://www.w3.org/2001/XMLSchema#integer"))

    service, dataset, default = iri(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, iri(RDF + "type"), iri(SD + "Service")),
        ox.Triple(service, iri(SD + "endpoint"), service),
        ox.Triple(service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query")),
        ox.Triple(service, iri(SD + "feature"), iri(SD + "UnionDefaultGraph")),
        ox.Triple(service, iri(SD + "defaultEntailmentRegime"), iri(SIMPLE_ENTAILMENT)),
        ox.Triple(service, iri(DCTERMS + "description"), ox.Literal(NOTE, language="en")),
        *(ox.Triple(service, iri(SD + "resultFormat"), iri(f)) for f in RESULT_FORMATS),
        ox.Triple(service, iri(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, iri(RDF + "type"), iri(SD + "Dataset")),
        ox.Triple(dataset, iri(SD + "defaultGraph"), default),
        ox.Triple(default, iri(RDF + "type"), iri(SD + "Graph")),
        ox.Triple(default, iri(RDFS + "comment"),
                  ox.Literal("the union of the named graphs (a bag)", language="en")),
        ox.Triple(default, iri(VOID + "triples"), count(sum(n for _, n in sizes))),
    ]
    for number, (name, size) in enumerate(sizes):
        named, graph = ox.BlankNode(f"named{number}"), ox.BlankNode(f"graph{number}")
        triples += [
            ox.Triple(dataset, iri(SD + "namedGraph"), named),
            ox.Triple(named, iri(RDF + "type"), iri(SD + "NamedGraph")),
            ox.Triple(named, iri(SD + "name"), name),
            ox.Triple(named, iri(SD + "graph"), graph),
            ox.Triple(graph, iri(RDF + "type"), iri(SD + "Graph")),
            ox.Triple(graph, iri(VOID + "triples"), count(size)),
        ]
    return triples


def serialize(triples: list[ox.Triple], rdf_format: ox.RdfFormat) -> bytes:
    prefixes = {"sd": SD, "void": VOID, "dct": DCTERMS, "rdfs": RDFS}
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes)  # type: ignore[return-value]
    return ox.serialize(triples, format=rdf_format)  # type: ignore[return-value]


class ServiceDescription:
    """The description of one served store; the graphs' sizes are counted at the first ask."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.sizes: list[tuple[ox.NamedNode, int]] | None = None

    def page(self, accept: str, host_header: str | None, bound: tuple[str, int],
             path: str) -> Page:
        chosen = negotiate(accept)
        if chosen is None:
            offered = ", ".join(f.media_type for f in FORMATS if f.rdf is not None)
            return Page(406, f"the service description is offered as {offered}".encode(), "")
        # a browser (HTML first) gets Turtle: the description is for programs
        rdf_format = chosen.rdf or ox.RdfFormat.TURTLE
        if self.sizes is None:
            self.sizes = graph_sizes(self.store)
        body = serialize(description(endpoint_iri(host_header, bound, path), self.sizes),
                         rdf_format)
        media = rdf_format.media_type
        return Page(200, body, media + ("; charset=utf-8" if media.startswith("text/") else ""))
