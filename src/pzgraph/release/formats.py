"""The release's data: the built graph rebased, canonical and sorted, in each RDF format.

Same inputs, same bytes: blank nodes get canonical labels (pyoxigraph's canonicaliser),
statements are sorted and prefixes are fixed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from ..errors import ExportError
from ..project import Progress, Project
from ..query.store import load
from ..vocab import ADMS, BASE, DCAT, FOAF, OWL, RDF, RDF_TYPE, RDFS, SH, SPDX, VOID, XSD
from .jsonld import jsonld

TYPE = ox.NamedNode(RDF_TYPE)
# Well-known prefixes; the context adds pz, org, skos, ... and the data adds one per id type.
PREFIXES = {"rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "sh": SH, "dcat": DCAT, "void": VOID,
            "spdx": SPDX, "foaf": FOAF, "adms": ADMS}
PREFIX_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Format:
    file: str
    rdf: ox.RdfFormat
    media_type: str
    eu_file_type: str  # http://publications.europa.eu/resource/authority/file-type/...
    dataset: bool  # keeps the named graphs


FORMATS = {
    "ttl": Format("pzgraph.ttl", ox.RdfFormat.TURTLE, "text/turtle", "RDF_TURTLE", False),
    "nt": Format("pzgraph.nt", ox.RdfFormat.N_TRIPLES, "application/n-triples", "RDF_N_TRIPLES",
                 False),
    "jsonld": Format("pzgraph.jsonld", ox.RdfFormat.JSON_LD, "application/ld+json", "JSON_LD",
                     True),
    "rdf": Format("pzgraph.rdf", ox.RdfFormat.RDF_XML, "application/rdf+xml", "RDF_XML", False),
    "trig": Format("pzgraph.trig", ox.RdfFormat.TRIG, "application/trig", "RDF_TRIG", True),
    "nq": Format("pzgraph.nq", ox.RdfFormat.N_QUADS, "application/n-quads", "RDF_N_QUADS", True),
}


def normalise_base(base: str | None) -> str:
    base = (base or BASE).rstrip("/")
    if not IRI.match(base) or "#" in base:
        raise ExportError(f"--base {base!r} is not an http(s) IRI without a fragment")
    return base


@dataclass(frozen=True)
class Rebase:
    """Moves every IRI under https://w3id.org/pzgraph/ to another base."""

    base: str

    def iri(self, value: str) -> str:
        old = BASE
        if self.base != old and (value == old or value.startswith((old + "/", old + "#"))):
            return self.base + value[len(old):]
        return value

    def term(self, node: Any) -> Any:
        if isinstance(node, ox.NamedNode):
            return ox.NamedNode(self.iri(node.value))
        if isinstance(node, ox.Literal) and node.language is None:
            datatype = self.iri(node.datatype.value)
            if datatype != node.datatype.value:
                return ox.Literal(node.value, datatype=ox.NamedNode(datatype))
        return node

    def quad(self, quad: ox.Quad) -> ox.Quad:
        return ox.Quad(self.term(quad.subject), self.term(quad.predicate), self.term(quad.object),
                       self.term(quad.graph_name))


def canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Blank nodes relabelled from the graph's shape, quads sorted: the same input, the same
    list, whatever order a parser or a hash seed produced. Only the quads with a blank node
    go through the canonicaliser (a second for all, milliseconds for these)."""
    ground, blank = set(), []
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            blank.append(quad)
        else:
            ground.add(quad)
    dataset = ox.Dataset(blank)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted([*ground, *dataset], key=lambda q: (str(q.graph_name), *triple_key(q.triple)))


def triple_key(triple: ox.Triple) -> tuple[str, bool, str, str]:
    # rdf:type first within a subject: Turtle then reads "x a Class ; ..."
    subject, predicate = str(triple.subject), str(triple.predicate)
    return subject, triple.predicate != TYPE, predicate, str(triple.object)


@dataclass
class Release:
    """What every file of the bundle is written from."""

    project: Project
    base: str
    quads: list[ox.Quad]  # canonical and sorted
    manifest: dict

    @classmethod
    def of(cls, project: Project, base: str | None = None, progress: Progress | None = None
           ) -> Release:
        base = normalise_base(base)
        graph = load(project, progress=progress)  # raises InputError when the build fails
        quads = graph.store if base == BASE else map(Rebase(base).quad, graph.store)
        return cls(project, base, canonical(quads), graph.manifest)

    @cached_property
    def triples(self) -> list[ox.Triple]:
        """The union of the named graphs, each triple once, sorted."""
        return sorted({q.triple for q in self.quads}, key=triple_key)

    def graph(self, name: str) -> list[ox.Triple]:
        iri = ox.NamedNode(f"{self.base}/graph/{name}")
        return [q.triple for q in self.quads if q.graph_name == iri]

    @cached_property
    def context(self) -> dict[str, Any]:
        """ontology/context.jsonld with its IRIs moved to the release's base, and without
        "@version": 1.1: the context uses nothing of 1.1, and JSON-LD 1.0 processors (Jena's
        and RDF4J's, so GraphDB's) refuse any document that declares it."""
        document = json.loads((self.project.ontology_dir / "context.jsonld").read_text("utf-8"))
        document["@context"].pop("@version", None)
        return _map_strings(document, Rebase(self.base).iri)

    def shapes(self) -> list[ox.Triple] | None:
        path = self.project.ontology_dir / "shapes.ttl"
        if not path.exists():
            return None
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        return sorted((q.triple for q in canonical(map(Rebase(self.base).quad, quads))),
                      key=triple_key)

    def prefixes(self, triples: Iterable[ox.Triple], per_type: bool = True) -> dict[str, str]:
        """Prefixes that occur in `triples`: the well-known, the context's, one per id type
        (netwerk:, gemeente:, ...) so Turtle reads like the data files; sorted by name."""
        candidates = dict(PREFIXES)
        for name, value in self.context["@context"].items():
            if isinstance(value, str) and not name.startswith("@") and value.endswith(("/", "#")):
                candidates.setdefault(name, value)
        candidates.setdefault("graph", f"{self.base}/graph/")
        iris = set()
        for triple in triples:
            for term in (triple.subject, triple.predicate, triple.object):
                if isinstance(term, ox.NamedNode):
                    iris.add(term.value)
                elif isinstance(term, ox.Literal):
                    iris.add(term.datatype.value)
        id_base = f"{self.base}/id/"
        if per_type:
            for value in iris:
                kind = value[len(id_base):].split("/", 1)[0] if value.startswith(id_base) else ""
                if "/" in value[len(id_base):] and PREFIX_NAME.match(kind):
                    candidates.setdefault(kind, f"{id_base}{kind}/")
        used = {name: ns for name, ns in candidates.items()
                if any(iri.startswith(ns) for iri in iris)}
        return dict(sorted(used.items()))


def _map_strings(node: Any, change: Callable[[str], str]) -> Any:
    if isinstance(node, dict):
        return {key: _map_strings(value, change) for key, value in node.items()}
    if isinstance(node, list):
        return [_map_strings(value, change) for value in node]
    return change(node) if isinstance(node, str) else node


def sorted_lines(data: bytes) -> bytes:
    """N-Triples / N-Quads with the lines in byte order, as `sort` would give them."""
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def sorted_prefixes(data: bytes) -> bytes:
    """The @prefix lines in name order (pyoxigraph orders them by length), for the reader."""
    lines = data.split(b"\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), 0)
    return b"\n".join(sorted(lines[:count]) + lines[count:])


# A token of pyoxigraph's Turtle and TriG: a string, an IRI, or a prefixed name with its local
# part (escapes included); anything else is passed over unchanged.
_TURTLE_TOKEN = re.compile(rb'"(?:[^"\\\n]|\\.)*"|<[^>\n]*>'
                           rb"|(?<![\w.:\x80-\xff-])([A-Za-z][\w.\x80-\xff-]*)?:"
                           rb"((?:[\w.%:\x80-\xff-]|\\.)*)")
_ESCAPE = re.compile(rb"\\(.)")


def unescaped_names(data: bytes, prefixes: dict[str, str]) -> bytes:
    """Turtle or TriG with every prefixed name that needs an escape (`netwerk:x\\/bewijs\\/1`)
    written as the full IRI instead. The escapes are valid Turtle, but Virtuoso 7.2 keeps the
    backslash in the IRI: two thirds of the release's triples came out wrong there."""
    namespaces = {name.encode(): iri.encode() for name, iri in prefixes.items()}

    def full_iri(match: re.Match[bytes]) -> bytes:
        local = match.group(2)
        if local is None or b"\\" not in local:
            return match.group(0)
        name = local.rstrip(b".")  # a name never ends with ".": that one ends the statement
        return (b"<" + namespaces[match.group(1) or b""] + _ESCAPE.sub(rb"\1", name) + b">"
                + local[len(name):])

    return _TURTLE_TOKEN.sub(full_iri, data)


def turtle(triples: list[ox.Triple], prefixes: dict[str, str]) -> bytes:
    data = ox.serialize(sorted(triples, key=triple_key), format=ox.RdfFormat.TURTLE,
                        prefixes=prefixes)
    return sorted_prefixes(unescaped_names(data, prefixes))


def render(release: Release, key: str) -> bytes:
    """One file of the bundle in the format `key` of FORMATS."""
    fmt = FORMATS[key]
    if fmt.rdf == ox.RdfFormat.JSON_LD:
        return jsonld(release.quads, release.context)
    if fmt.dataset:
        prefixes = release.prefixes(q.triple for q in release.quads)
        data = ox.serialize(release.quads, format=fmt.rdf, prefixes=prefixes)
        if fmt.rdf == ox.RdfFormat.N_QUADS:
            return sorted_lines(data)
        return sorted_prefixes(unescaped_names(data, prefixes))
    triples = release.triples
    if fmt.rdf == ox.RdfFormat.N_TRIPLES:
        return sorted_lines(ox.serialize(triples, format=fmt.rdf))
    if fmt.rdf == ox.RdfFormat.RDF_XML:  # element names need prefixes for predicates only
        return ox.serialize(triples, format=fmt.rdf,
                            prefixes=release.prefixes(triples, per_type=False))
    return turtle(triples, release.prefixes(triples))
