"""The vocabulary pzgraph's code speaks: namespaces, graph names, and ids.

Plain strings, so that importing this module costs nothing (rdflib's DefinedNamespace
would pull in rdflib, which read commands never need). The `pz:` namespace is closed: its
terms are the ones ontology/pzgraph.ttl declares (read on first use), and
tests/test_architecture.py holds every `pz:` term in the code and the queries to them, so a
misspelt term (Netwrok) fails where a misspelt IRI would silently match nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

BASE = "https://w3id.org/pzgraph"
ONTOLOGY_IRI = f"{BASE}/def"
PZ_NAMESPACE = f"{ONTOLOGY_IRI}#"
ID_BASE = f"{BASE}/id/"
GRAPH_BASE = f"{BASE}/graph/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
ADMS = "http://www.w3.org/ns/adms#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
RDF_TYPE = RDF + "type"

# The code's own ontology, shipped with the package (in a checkout, a link to ontology/).
ONTOLOGY_FILE = Path(__file__).resolve().parent / "shipped" / "ontology" / "pzgraph.ttl"


@cache
def pz_terms(ontology: Path | None = None) -> frozenset[str]:
    """Every term (class or property) the ontology declares: the names `PZ.` accepts. Read
    on first use (2 ms), so that a term added to pzgraph.ttl needs no Python."""
    path = ontology or ONTOLOGY_FILE
    declared = set()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        subject = quad.subject
        if (isinstance(subject, ox.NamedNode) and subject.value.startswith(PZ_NAMESPACE)
                and quad.predicate.value == RDF_TYPE):
            declared.add(subject.value[len(PZ_NAMESPACE):])
    return frozenset(declared)


class ClosedNamespace(str):
    """A namespace IRI whose attributes are its declared terms: `PZ.Network` is the IRI of
    pz:Network; an undeclared name raises AttributeError."""

    declared: Callable[[], frozenset[str]]

    def __new__(cls, iri: str, declared: Callable[[], frozenset[str]]) -> ClosedNamespace:
        namespace = super().__new__(cls, iri)
        namespace.declared = declared
        return namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__") or name not in self.declared():
            raise AttributeError(f"{name!r} is not a term of {str(self)} "
                                 "(ontology/pzgraph.ttl does not declare it)")
        return str(self) + name

    def term(self, name: str) -> str:
        return getattr(self, name)


PZ = ClosedNamespace(PZ_NAMESPACE, pz_terms)

# --- named graphs ----------------------------------------------------------------------------
# The dataset keeps every input in a graph of its own (build/pipeline.py): the ontology, each
# vocabulary, each data file, and what the build adds. A data graph is named by the file's
# `graph:` key (data/README.md), not by the file's name.
ONTOLOGY_GRAPH = "ontologie"
VOCABULARY_GRAPH = "vocabulaire/"  # + the vocabulary's file stem
DERIVED_GRAPH = "afgeleid"  # what the rules in ontology/rules derive
INFERRED_GRAPH = "inferentie"  # what HermiT infers
PROVENANCE_GRAPH = "herkomst"  # where each data graph came from
BUILD_GRAPHS = (DERIVED_GRAPH, INFERRED_GRAPH, PROVENANCE_GRAPH)


def graph_iri(name: str) -> str:
    """The IRI of a named graph of the dataset: `graph_iri("herkomst")`."""
    return GRAPH_BASE + name


def graph_name(iri: str) -> str | None:
    """The name of one of the dataset's graphs from its IRI; None for any other IRI."""
    return iri[len(GRAPH_BASE):] if iri.startswith(GRAPH_BASE) else None


def is_data_graph(iri: str) -> bool:
    """True for the graph of a data file: not the ontology, a vocabulary or a build graph."""
    name = graph_name(iri)
    return bool(name) and name != ONTOLOGY_GRAPH and name not in BUILD_GRAPHS \
        and not name.startswith(VOCABULARY_GRAPH)


def data_graph_filter(variable: str) -> str:
    """`is_data_graph` as a SPARQL expression over a graph variable (`?g`)."""
    model = ", ".join(f"<{graph_iri(name)}>" for name in (ONTOLOGY_GRAPH, *BUILD_GRAPHS))
    return (f'STRSTARTS(STR({variable}), "{GRAPH_BASE}") && {variable} NOT IN ({model}) && '
            f'!STRSTARTS(STR({variable}), "{graph_iri(VOCABULARY_GRAPH)}")')


def file_of_graph(iri: str) -> str:
    """The file a named graph was loaded from (data file, vocabulary or ontology), or "". A
    data graph is named by its file's `graph:` key, which is by default the file's name: the
    provenance graph's pz:dataFile is the sure answer (checks/origin.py reads it)."""
    name = graph_name(iri)
    if not name or name in BUILD_GRAPHS:
        return ""
    if name.startswith(VOCABULARY_GRAPH):
        return f"ontology/vocabularies/{name.removeprefix(VOCABULARY_GRAPH)}.ttl"
    if name == ONTOLOGY_GRAPH:
        return "ontology/pzgraph.ttl"
    return f"{name}.yaml"


# --- ids -------------------------------------------------------------------------------------

# Kinds of id the release mints for itself (release/void.py, dcat.py, linksets.py): the
# catalogue, the dataset and its linksets, the SPARQL service, the contact point. A data file
# that used one would merge its statements into the release's own description.
RELEASE_ID_KINDS = frozenset({"catalogus", "dataset", "dienst", "contactpunt"})


def entity_iri(identifier: str) -> str:
    """The IRI of an id as a data file writes it (`netwerk/x`); an IRI stays itself."""
    if identifier.startswith(("http://", "https://")):
        return identifier
    return ID_BASE + identifier


def short_id(iri: str) -> str:
    """The id as a data file writes it: the IRI without the id base; a pz: term by its
    local name; any other IRI as it is."""
    return iri.removeprefix(ID_BASE).removeprefix(PZ)


def local_name(iri: str) -> str:
    """The last segment of an IRI: after the last '#' or '/'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# --- terms in rdflib's shape, for code that needs rdflib (imported only then) ---------------


def to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as the rdflib term, lexical forms untouched."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language, normalize=False)
    if term.datatype.value == XSD + "string":
        return rdflib.Literal(term.value, normalize=False)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def to_ox(node: Any) -> Any:
    """An rdflib term as the pyoxigraph term; None for anything else."""
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))) \
            if node.datatype else ox.Literal(str(node))
    return None
