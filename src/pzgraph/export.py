"""The release bundle: the built graph as linked data for other people's triple stores.

    pzgraph.ttl .nt .jsonld .rdf   the union of all named graphs (Turtle, N-Triples,
                                   JSON-LD under ontology/context.jsonld, RDF/XML for Protégé)
    pzgraph.trig .nq               the dataset: every named graph, with graph/herkomst
    ontology/                      the ontology, the SHACL shapes, each vocabulary, the context
    void.ttl                       DCAT-AP-NL + VoID description (see void.py)
    SHA256SUMS                     `sha256sum -c SHA256SUMS` checks the files

Same inputs, same bytes: blank nodes get canonical labels (pyoxigraph's canonicaliser),
statements are sorted, prefixes are fixed, and the issued date comes from the inputs (git),
never from the clock. The bundle is written beside its target and swapped in only when
complete, so a failed export leaves the previous release as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .project import DEFAULT_BASE, Project

Progress = Callable[[str], None]
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
CHECKSUMS = "SHA256SUMS"
# Well-known prefixes; the context adds pz, org, skos, ... and the data adds one per id type.
PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "spdx": "http://spdx.org/rdf/terms#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "adms": "http://www.w3.org/ns/adms#",
}
PREFIX_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


class ExportError(Exception):
    """The export cannot go ahead (a bad --out, --issued or --base); nothing was written."""


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
                     False),
    "rdf": Format("pzgraph.rdf", ox.RdfFormat.RDF_XML, "application/rdf+xml", "RDF_XML", False),
    "trig": Format("pzgraph.trig", ox.RdfFormat.TRIG, "application/trig", "RDF_TRIG", True),
    "nq": Format("pzgraph.nq", ox.RdfFormat.N_QUADS, "application/n-quads", "RDF_N_QUADS", True),
}


# --- the dataset, rebased and canonical --------------------------------------------------

def normalise_base(base: str | None) -> str:
    base = (base or DEFAULT_BASE).rstrip("/")
    if not IRI.match(base) or "#" in base:
        raise ExportError(f"--base {base!r} is not an http(s) IRI without a fragment")
    return base


@dataclass(frozen=True)
class Rebase:
    """Moves every IRI under https://w3id.org/pzgraph/ to another base."""

    base: str

    def iri(self, value: str) -> str:
        old = DEFAULT_BASE
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
    return subject, triple.predicate != RDF_TYPE, predicate, str(triple.object)


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
        from .store import load

        base = normalise_base(base or project.base)
        graph = load(project, progress=progress)  # raises InputError when the build fails
        quads = graph.store if base == DEFAULT_BASE else map(Rebase(base).quad, graph.store)
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
        """ontology/context.jsonld with its IRIs moved to the release's base."""
        document = json.loads((self.project.ontology_dir / "context.jsonld").read_text("utf-8"))
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


# --- serialisations ------------------------------------------------------------------------

def sorted_lines(data: bytes) -> bytes:
    """N-Triples / N-Quads with the lines in byte order, as `sort` would give them."""
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def sorted_prefixes(data: bytes) -> bytes:
    """The @prefix lines in name order (pyoxigraph orders them by length), for the reader."""
    lines = data.split(b"\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), 0)
    return b"\n".join(sorted(lines[:count]) + lines[count:])


def turtle(triples: list[ox.Triple], prefixes: dict[str, str]) -> bytes:
    return sorted_prefixes(ox.serialize(sorted(triples, key=triple_key),
                                        format=ox.RdfFormat.TURTLE, prefixes=prefixes))


def render(release: Release, key: str) -> bytes:
    """One file of the bundle in the format `key` of FORMATS."""
    fmt = FORMATS[key]
    if fmt.dataset:
        prefixes = release.prefixes(q.triple for q in release.quads)
        data = ox.serialize(release.quads, format=fmt.rdf, prefixes=prefixes)
        return sorted_lines(data) if fmt.rdf == ox.RdfFormat.N_QUADS else sorted_prefixes(data)
    triples = release.triples
    if fmt.rdf == ox.RdfFormat.JSON_LD:
        return jsonld(triples, release.context)
    if fmt.rdf == ox.RdfFormat.N_TRIPLES:
        return sorted_lines(ox.serialize(triples, format=fmt.rdf))
    if fmt.rdf == ox.RdfFormat.RDF_XML:  # element names need prefixes for predicates only
        return ox.serialize(triples, format=fmt.rdf,
                            prefixes=release.prefixes(triples, per_type=False))
    return turtle(triples, release.prefixes(triples))


def to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as the rdflib term, lexical forms untouched."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language, normalize=False)
    if term.datatype.value == XSD_STRING:
        return rdflib.Literal(term.value, normalize=False)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def jsonld(triples: list[ox.Triple], context: dict[str, Any]) -> bytes:
    """Compacted under the project's context (rdflib does the compaction), then put in a
    fixed order: nodes by id, keys id-first, set values sorted; @list order is kept."""
    import rdflib

    graph = rdflib.Graph()
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                   to_rdflib(triple.object)))
    terms = context["@context"]
    document = json.loads(graph.serialize(format="json-ld", context=terms))
    if "@graph" in document:
        nodes = document["@graph"]
    else:  # rdflib writes a graph of one node as that node
        single = {k: v for k, v in document.items() if k != "@context"}
        nodes = [single] if single else []
    base_path = _base_path(terms.get("@base", ""))
    iri_terms = {name for name, value in terms.items()
                 if isinstance(value, dict) and value.get("@type") == "@id"}
    nodes = [_ordered(_relative_ids(node, base_path, iri_terms)) for node in nodes]
    nodes.sort(key=lambda node: (str(node.get("id", node.get("@id", ""))), _dump(node)))
    text = json.dumps({"@context": terms, "@graph": nodes}, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _base_path(base: str) -> str:
    # rdflib writes IRIs under @base's host as "/path/..."; this is the part to cut off.
    match = re.match(r"^[a-z]+://[^/]+(/.*)$", base)
    return match.group(1) if match else ""


def _relative_ids(node: Any, base_path: str, iri_terms: set[str], key: str = "") -> Any:
    """'/pzgraph/id/netwerk/x' -> 'netwerk/x', in IRI positions only: ids as in data/."""
    if isinstance(node, dict):
        return {k: _relative_ids(v, base_path, iri_terms, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_relative_ids(v, base_path, iri_terms, key) for v in node]
    if (isinstance(node, str) and base_path and key in {"id", "@id", *iri_terms}
            and node.startswith(base_path) and ":" not in node[len(base_path):]):
        return node[len(base_path):]
    return node


def _dump(node: Any) -> str:
    return json.dumps(node, sort_keys=True, ensure_ascii=False)


def _ordered(node: Any, key: str = "") -> Any:
    if isinstance(node, dict):
        first = ("id", "@id", "type", "@type")
        keys = sorted(node, key=lambda k: (first.index(k) if k in first else len(first), k))
        return {k: _ordered(node[k], k) for k in keys}
    if isinstance(node, list):
        items = [_ordered(item) for item in node]
        return items if key == "@list" else sorted(items, key=_dump)
    return node


# --- the bundle ----------------------------------------------------------------------------

def bundle_files(release: Release, progress: Progress) -> dict[str, bytes]:
    """Every file of the bundle but void.ttl and SHA256SUMS, by path in the bundle."""
    files: dict[str, bytes] = {}
    for key, fmt in FORMATS.items():
        progress(f"writing {fmt.file}")
        files[fmt.file] = render(release, key)
    ontology = release.graph("ontologie")
    files["ontology/pzgraph.ttl"] = turtle(ontology, release.prefixes(ontology))
    shapes = release.shapes()
    if shapes is not None:
        files["ontology/shapes.ttl"] = turtle(shapes, release.prefixes(shapes))
    for path in release.project.vocabulary_files():
        vocabulary = release.graph(f"vocabulaire/{path.stem}")
        files[f"ontology/vocabularies/{path.stem}.ttl"] = turtle(vocabulary,
                                                                 release.prefixes(vocabulary))
    context = json.dumps(release.context, ensure_ascii=False, indent=2) + "\n"
    files["ontology/context.jsonld"] = context.encode("utf-8")
    return files


def _pages(release: Release, download_url: str | None) -> dict[str, bytes]:
    """Static pages, so the release can be hosted as plain files (see release/pages.py)."""
    from . import __version__
    from .release.pages import static_site

    published = download_url or f"{release.base}/release/{__version__}/"
    return static_site(release.quads, release.base, published)


def checksums(files: dict[str, bytes]) -> bytes:
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n"
             for name, data in sorted(files.items())]
    return "".join(lines).encode("ascii")


def export(project: Project, out: Path, *, fmt: str | None = None, base: str | None = None,
           issued: str | None = None, download_url: str | None = None,
           sparql_endpoint: str | None = None, progress: Progress = lambda _: None) -> list[Path]:
    """Write the release bundle (or with `fmt` one file) into `out`; return what was written."""
    from . import void

    out = Path(out)
    for option, value in (("--download-url", download_url), ("--sparql-endpoint", sparql_endpoint)):
        if value is not None and not IRI.match(value):
            raise ExportError(f"{option} {value!r} is not an http(s) address")
    if fmt is None:  # every check that can fail comes before the build, which takes a while
        _check_target(out)
        issued = void.issued_date(project, issued, progress)
    release = Release.of(project, base, progress)
    if fmt is not None:
        target = out / FORMATS[fmt].file
        progress(f"writing {target}")
        _write_file_atomic(target, render(release, fmt))
        return [target]
    files = bundle_files(release, progress)
    progress("describing the release (void.ttl)")
    files["void.ttl"] = void.describe(release, files, issued=issued or "",
                                      download_url=download_url, sparql_endpoint=sparql_endpoint)
    progress("writing a page per resource (doc/, def/) and the w3id redirect rules")
    files.update(_pages(release, download_url))
    files[CHECKSUMS] = checksums(files)
    _write_bundle(out, files)
    return [out / name for name in sorted(files)]


def _check_target(out: Path) -> None:
    """Refuse to replace a folder that is not an earlier release: it may be someone's work."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / CHECKSUMS).exists():
        raise ExportError(f"{out} holds other files and no earlier release ({CHECKSUMS}); "
                          "give a new or empty folder")


def _write_file_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_bundle(out: Path, files: dict[str, bytes]) -> None:
    """Write into a temporary folder beside `out`, then swap it in by two renames."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
    try:
        for name, data in files.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; a release is not
        old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
        if out.exists():
            os.rename(out, old)
        try:
            os.rename(tmp, out)
        except BaseException:
            if old.exists():
                os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
