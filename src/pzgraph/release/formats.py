"""The release's data: the built graph rebased, canonical and sorted, in each RDF format.

Same inputs, same bytes: blank nodes get canonical labels (pyoxigraph's canonicaliser),
statements are sorted and prefixes are fixed.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..build.pipeline import build
from ..errors import ExportError
from ..ingest.web_address import FOLDER, address_problem
from ..project import Progress, Project, quiet
from ..vocab import ADMS, BASE, DCAT, FOAF, OWL, RDF, RDF_TYPE, RDFS, SH, SPDX, VOID, XSD
from .views import VIEWS, Namespaces, Sorter, has_blank, read_quads, read_triples

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
    """The release base: an http(s) IRI in the form RFC 3986 leaves as it is. A query, dot
    segments or a bad %-escape would be resolved away by a JSON-LD processor (its @base) but
    kept by every other format, so the formats would name other things (hostile review S7)."""
    base = (base or BASE).rstrip("/")
    if problem := address_problem(base, FOLDER):
        raise ExportError(f"--base {base!r} holds {problem}; give the plain address the IRIs "
                          "start with, e.g. https://data.example.org/pzgraph")
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
            if IRI.match(node.value) and self.iri(node.value) != node.value:
                # an IRI written as text (vann:preferredNamespaceUri "…/def#") moves too
                return ox.Literal(self.iri(node.value), datatype=node.datatype)
        return node

    def quad(self, quad: ox.Quad) -> ox.Quad:
        return ox.Quad(self.term(quad.subject), self.term(quad.predicate), self.term(quad.object),
                       self.term(quad.graph_name))


def canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Blank nodes relabelled from the graph's shape, quads sorted: the same input, the same
    list, whatever order a parser or a hash seed produced. Only the quads with a blank node
    go through the canonicaliser (a second for all, milliseconds for these): RDFC-1.0, a W3C
    standard, whose labels no pyoxigraph upgrade may change (UNSTABLE's may)."""
    ground, blank = set(), []
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            blank.append(quad)
        else:
            ground.add(quad)
    dataset = ox.Dataset(blank)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted([*ground, *dataset], key=lambda q: (str(q.graph_name), *triple_key(q.triple)))


def triple_key(triple: ox.Triple) -> tuple[str, bool, str, str]:
    # rdf:type first within a subject: Turtle then reads "x a Class ; ..."
    subject, predicate = str(triple.subject), str(triple.predicate)
    return subject, triple.predicate != TYPE, predicate, str(triple.object)


class Release:
    """What every file of the bundle is written from: the build's cache rebased and
    canonical, sorted on disk in the views its files need (views.py), in a work folder that
    is removed on close. Use as a context manager (`Release.open`)."""

    def __init__(self, project: Project, base: str, manifest: dict, folder: Path) -> None:
        self.project, self.base, self.manifest, self.folder = project, base, manifest, folder
        self.paths: dict[str, Path] = {}
        self.counts: dict[str, int] = {}
        self.graph_sizes: dict[str, int] = {}
        self.small: dict[str, list[ox.Triple]] = {}
        self.namespaces = Namespaces((), f"{base}/id/")

    @classmethod
    @contextlib.contextmanager
    def open(cls, project: Project, base: str | None = None, progress: Progress | None = None,
             views: Iterable[str] = VIEWS, folder: Path | None = None, reasoning: bool = True
             ) -> Iterator[Release]:
        """The release of the built graph (built first when an input changed; a failing build
        raises InputError), with the `views` asked for sorted in a work folder inside
        `folder` (default: the system's temporary folder)."""
        progress = progress or quiet
        base = normalise_base(base)
        result = build(project, reasoning=reasoning, progress=progress)
        work = Path(tempfile.mkdtemp(prefix="pzgraph-release-", dir=folder))
        try:
            release = cls(project, base, result.manifest, work)
            release._read(result.dataset, tuple(views), progress)
            yield release
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _read(self, cache: Path, views: tuple[str, ...], progress: Progress) -> None:
        """One pass over the cache: rebase, hold the blank-node quads and the small graphs,
        feed the sorters, note the namespaces; then canonicalise the blank nodes."""
        progress("reading the built graph for the release")
        rebase = None if self.base == BASE else Rebase(self.base)
        self.namespaces = Namespaces(self._candidates().values(), f"{self.base}/id/")
        sorter = Sorter(self.folder, views)
        small: dict[str, set[ox.Triple]] = {}
        ontology, vocabulary = f"{self.base}/graph/ontologie", f"{self.base}/graph/vocabulaire/"

        def take(quad: ox.Quad) -> None:
            sorter.add(quad)
            self.namespaces.triple(quad)
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode) and (graph.value == ontology
                                                    or graph.value.startswith(vocabulary)):
                small.setdefault(graph.value, set()).add(quad.triple)

        blank = []
        for quad in read_quads(cache):
            if rebase is not None:
                quad = rebase.quad(quad)
            if has_blank(quad):
                blank.append(quad)
            else:
                take(quad)
        dataset = ox.Dataset(blank)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        for quad in dataset:
            take(quad)
        self.small = {g: sorted(triples, key=triple_key) for g, triples in small.items()}
        self.paths, self.counts = sorter.write(progress)
        self.graph_sizes = sorter.graph_sizes

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, by graph, then in `triple_key` order (the dataset view)."""
        return read_quads(self.paths["dataset"])

    def triples(self) -> Iterator[ox.Triple]:
        """The union of the named graphs, each triple once, in `triple_key` order."""
        return read_triples(self.paths["union"])

    def graph(self, name: str) -> list[ox.Triple]:
        """A graph of the model (the ontology or a vocabulary), sorted: these are kept whole."""
        return list(self.small.get(f"{self.base}/graph/{name}", []))

    def union_prefixes(self, per_type: bool = True, namespaces: Namespaces | None = None
                       ) -> dict[str, str]:
        """`prefixes` of the whole union, from the namespaces noted while reading (or of
        another stream, from the `namespaces` noted while it was read)."""
        candidates = self._candidates()
        id_base, found = f"{self.base}/id/", namespaces or self.namespaces
        kinds = set()
        if per_type:
            for kind in sorted(found.kinds):
                if PREFIX_NAME.match(kind) and kind not in candidates:
                    candidates[kind] = f"{id_base}{kind}/"
                    kinds.add(kind)
        used = {name: ns for name, ns in candidates.items() if ns in found.used or name in kinds}
        return dict(sorted(used.items()))

    def _candidates(self) -> dict[str, str]:
        candidates = dict(PREFIXES)
        for name, value in self.context["@context"].items():
            if isinstance(value, str) and not name.startswith("@") and value.endswith(("/", "#")):
                candidates.setdefault(name, value)
        candidates.setdefault("graph", f"{self.base}/graph/")
        return candidates

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
        candidates = self._candidates()
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
