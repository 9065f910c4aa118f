"""One page per resource, for people (HTML) and machines (Turtle, JSON-LD, N-Triples, RDF/XML).

The Dutch URI strategy: https://w3id.org/pzgraph/id/TYPE/NAME names the thing; /doc/TYPE/NAME
is the document about it (content negotiation picks the format); /def is the ontology and
/def/NAME a vocabulary. `pzgraph serve` answers these from the loaded graph, and
`pzgraph export` writes the same pages as files (doc/TYPE/NAME.html, .ttl, .jsonld, .nt, .rdf)
with an .htaccess for the w3id.org/pzgraph folder, so the release can be hosted as plain
files. Both call this module, so a page is the same bytes either way.

HTML pages are offline: no script, no external style sheet, font or image. Every name and
quote goes through Jinja2's autoescape, so a label is always text, never markup.
"""

from __future__ import annotations

import functools
import heapq
import posixpath
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..vocab import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from .negotiation import FORMATS, Format, Page, negotiate

TYPE, PREF_LABEL, LABEL = (ox.NamedNode(RDF + "type"), ox.NamedNode(SKOS + "prefLabel"),
                           ox.NamedNode(RDFS + "label"))
COMMENT, DEFINITION = ox.NamedNode(RDFS + "comment"), ox.NamedNode(SKOS + "definition")
SOURCE = ox.NamedNode(DCTERMS + "source")
PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "skos": SKOS, "dct": DCTERMS, "xsd": XSD,
    "org": ORG, "prov": PROV, "schema": SCHEMA, "foaf": FOAF, "dcat": DCAT,
}
SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9][A-Za-z0-9._~-]*)*$")
MAX_INCOMING = 200


@functools.cache
def _page_template() -> Any:
    """The page template, autoescaped. Imported on first use: jinja2 costs a quarter of a
    second, and commands that write no page (query, build) should not pay it."""
    import jinja2

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(
        (Path(__file__).parent / "page.html").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None = None
    lang: str | None = None
    quote: bool = False


class Site:
    """The pages of one graph. `static`: links between files (export) instead of server paths."""

    def __init__(self, store: ox.Store, base: str, static: bool = False,
                 shapes: list[ox.Triple] | None = None) -> None:
        self.store, self.base, self.static = store, base.rstrip("/"), static
        self.shapes = shapes or []  # the SHACL shapes: their IRIs (def/shapes#X) have a page
        self.id_base, self.def_iri = f"{self.base}/id/", f"{self.base}/def"
        self.evidence = ox.NamedNode(f"{self.def_iri}#evidence")
        self.quote = ox.NamedNode(f"{self.def_iri}#quote")
        self._index: str | None = None

    # --- what exists

    def exists(self, rest: str) -> bool:
        return bool(SAFE_PATH.match(rest)) and self._is_subject(ox.NamedNode(self.id_base + rest))

    def _is_subject(self, node: ox.NamedNode) -> bool:
        return next(iter(self.store.quads_for_pattern(node, None, None)), None) is not None

    @cached_property
    def resources(self) -> list[str]:
        """Every /id/ path that is the subject of a statement, sorted."""
        found = {q.subject.value[len(self.id_base):] for q in self.store
                 if isinstance(q.subject, ox.NamedNode)
                 and q.subject.value.startswith(self.id_base)}
        return sorted(rest for rest in found if SAFE_PATH.match(rest))

    @cached_property
    def graphs(self) -> frozenset[str]:
        """The names of the named graphs (graph/NAME): each has a document, doc/graph/NAME,
        with what graph/herkomst says of it."""
        prefix = f"{self.base}/graph/"
        return frozenset(g.value[len(prefix):] for g in self.store.named_graphs()
                         if isinstance(g, ox.NamedNode) and g.value.startswith(prefix)
                         and SAFE_PATH.match(g.value[len(prefix):]))

    @cached_property
    def vocabularies(self) -> list[str]:
        prefix = f"{self.base}/graph/vocabulaire/"
        return sorted(g.value[len(prefix):] for g in self.store.named_graphs()
                      if isinstance(g, ox.NamedNode) and g.value.startswith(prefix)
                      and SAFE_PATH.match(g.value[len(prefix):]))

    def is_version(self, path: str) -> bool:
        """`path` (/def/X) is a version IRI of the ontology (owl:versionIRI)."""
        return ox.NamedNode(self.base + path) in {q.object for q in self.store.quads_for_pattern(
            ox.NamedNode(self.def_iri), ox.NamedNode(OWL + "versionIRI"), None)}

    def see_other(self, path: str) -> str | None:
        """The server path of the document about the IRI at `path` (a 303): /id/X -> /doc/X,
        /graph/X -> /doc/graph/X, the ontology's version IRI -> /def; None: nothing here."""
        if path.startswith("/id/") and self.exists(path[4:]):
            return "/doc/" + urllib.parse.quote(path[4:])
        if path.startswith("/graph/") and path[7:] in self.graphs:
            return "/doc" + urllib.parse.quote(path)
        return "/def" if path.startswith("/def/") and self.is_version(path) else None

    # --- links and labels

    def href(self, iri: str, here: str, suffix: str = "html") -> str | None:
        """Where a page links to the page of `iri`; `here` is this page's path (doc/x/y)."""
        if iri.startswith(self.id_base) and SAFE_PATH.match(iri[len(self.id_base):]):
            target = "doc/" + iri[len(self.id_base):]
        elif iri.startswith(f"{self.base}/graph/") and \
                iri[len(self.base) + 7:].split("#", 1)[0] in self.graphs:
            target = "doc/" + iri[len(self.base) + 1:]
        elif iri == self.def_iri or iri.startswith(self.def_iri + "#"):
            target = "def" + ("#" + iri.split("#", 1)[1] if "#" in iri else "")
        elif iri.startswith(("http://", "https://")):
            return iri
        else:
            return None
        if not self.static:
            return "/" + target
        path, _, fragment = target.partition("#")
        relative = posixpath.relpath(f"{path}.{suffix}", posixpath.dirname(here) or ".")
        return relative + (f"#{fragment}" if fragment else "")

    def label(self, node: ox.NamedNode | ox.BlankNode) -> str:
        for predicate in (PREF_LABEL, LABEL):
            values = [q.object for q in self.store.quads_for_pattern(node, predicate, None)
                      if isinstance(q.object, ox.Literal)]
            for language in ("nl", "en", ""):
                for value in values:
                    if (value.language or "") == language:
                        return value.value
            if values:
                return values[0].value
        return self.short(node)

    def short(self, node: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(node, ox.BlankNode):
            return "(anonymous)"
        iri = node.value
        if iri.startswith(self.id_base):
            return iri[len(self.id_base):]
        if iri.startswith(self.def_iri + "#"):
            return "pz:" + iri.split("#", 1)[1]
        for name, namespace in PREFIXES.items():
            if iri.startswith(namespace):
                return f"{name}:{iri[len(namespace):]}"
        return iri

    def link(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, here: str,
             quote: bool = False) -> Link:
        if isinstance(term, ox.Literal):
            return Link(term.value, lang=term.language, quote=quote)
        if isinstance(term, ox.NamedNode):
            return Link(self.label(term), self.href(term.value, here))
        return Link(self.short(term) if isinstance(term, ox.BlankNode) else str(term))

    # --- descriptions

    def statements(self, node: ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
        """What the graph says about `node` (each triple once), with its blank nodes and
        the hash IRIs of its document (node#x: a client asks for node's document)."""
        seen: set[ox.Triple] = set()
        todo, visited = [node], set()
        hashed = node.value + "#" if isinstance(node, ox.NamedNode) else None
        while todo and len(visited) < 1000:
            subject = todo.pop()
            if subject in visited:
                continue
            visited.add(subject)
            for quad in self.store.quads_for_pattern(subject, None, None):
                seen.add(quad.triple)
                if isinstance(quad.object, ox.BlankNode) or (
                        hashed and isinstance(quad.object, ox.NamedNode)
                        and quad.object.value.startswith(hashed)):
                    todo.append(quad.object)
        return sorted(seen, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def description(self, node: ox.NamedNode) -> list[ox.Triple]:
        """The resource's statements and those of its evidence (quote, locator, source)."""
        triples = self.statements(node)
        for evidence in [t.object for t in triples if t.predicate == self.evidence]:
            if isinstance(evidence, ox.NamedNode | ox.BlankNode) and evidence != node:
                triples += self.statements(evidence)
        return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate),
                                                   str(t.object)))

    def graph_triples(self, name: str) -> list[ox.Triple]:
        graph = ox.NamedNode(f"{self.base}/graph/{name}")
        return sorted({q.triple for q in self.store.quads_for_pattern(None, None, None, graph)},
                      key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def serialize(self, triples: list[ox.Triple], fmt: Format) -> bytes:
        prefixes = {"pz": f"{self.def_iri}#", **PREFIXES}
        if fmt.rdf == ox.RdfFormat.TURTLE:
            # Full IRIs for the subjects under /id/: no escaped characters in prefixed names.
            return ox.serialize(triples, format=fmt.rdf, prefixes=prefixes)
        return ox.serialize(triples, format=fmt.rdf)

    # --- pages

    def answer(self, path: str, accept: str) -> Page | None:
        """The document at a server path (/doc/…, /def, /def/NAME), as `accept` prefers; a
        suffix (.ttl, .jsonld, .nt, .rdf, .html) names the format instead."""
        stem, fmt = path, None
        for candidate in FORMATS:
            if path.endswith("." + candidate.suffix):
                stem, fmt = path[: -len(candidate.suffix) - 1], candidate
        if not self.has(stem.strip("/")):
            return None
        if fmt is None:
            fmt = negotiate(accept)
            if fmt is None:
                offered = ", ".join(f.media_type for f in FORMATS)
                return Page(406, f"offered: {offered}".encode(), "text/plain")
        document = stem.strip("/")
        body = self.render(document, fmt)
        if body is None:
            return None
        content_type = fmt.media_type + ("; charset=utf-8" if fmt.suffix in ("html", "ttl")
                                         else "")
        return Page(200, body, content_type)

    def has(self, document: str) -> bool:
        return ((document.startswith("doc/") and self.exists(document[4:]))
                or (document.startswith("doc/graph/") and document[10:] in self.graphs)
                or document == "def" or (document == "def/shapes" and bool(self.shapes))
                or (document.startswith("def/") and document[4:] in self.vocabularies))

    def render(self, document: str, fmt: Format) -> bytes | None:
        """The bytes of doc/REST, def or def/NAME in one format; None when there is none."""
        if document.startswith("doc/") and self.exists(document[4:]):
            node = ox.NamedNode(self.id_base + document[4:])
            if fmt.rdf is not None:
                return self.serialize(self.description(node), fmt)
            return self.html(node, document).encode("utf-8")
        if document.startswith("doc/graph/") and document[10:] in self.graphs:
            node = ox.NamedNode(f"{self.base}/{document[4:]}")
            if fmt.rdf is not None:
                return self.serialize(self.statements(node), fmt)
            return self.html(node, document).encode("utf-8")
        if document == "def":
            triples = self.graph_triples("ontologie")
            if fmt.rdf is not None:
                return self.serialize(triples, fmt)
            return self.def_html(triples, document, "Ontologie (pz:)").encode("utf-8")
        if document == "def/shapes" and self.shapes:
            if fmt.rdf is not None:
                return self.serialize(self.shapes, fmt)
            return self.def_html(self.shapes, document, "SHACL-vormen · shapes").encode("utf-8")
        if document.startswith("def/") and document[4:] in self.vocabularies:
            triples = self.graph_triples(f"vocabulaire/{document[4:]}")
            if fmt.rdf is not None:
                return self.serialize(triples, fmt)
            title = self.label(ox.NamedNode(self.id_base + document[4:]))
            return self.def_html(triples, document, title).encode("utf-8")
        return None

    def _formats(self, here: str) -> list[dict[str, str]]:
        name = posixpath.basename(here)
        return [{"href": (f"{name}.{f.suffix}" if self.static else f"/{here}.{f.suffix}"),
                 "type": f.media_type, "name": f.suffix.upper()} for f in FORMATS[1:]]

    def _home(self, here: str) -> str:
        return posixpath.relpath("index.html", posixpath.dirname(here) or ".") \
            if self.static else "/"

    def html(self, node: ox.NamedNode, here: str) -> str:
        triples = self.statements(node)
        own = [t for t in triples if t.subject == node]
        types = [self.link(t.object, here) for t in own if t.predicate == TYPE]
        rows = self._rows((t for t in own if t.predicate not in (TYPE, self.evidence)), here)
        sections = [{"anchor": "statements", "title": "Uitspraken · statements", "note": "",
                     "rows": rows}]
        evidence_rows = []
        for evidence in sorted({t.object for t in own if t.predicate == self.evidence}, key=str):
            if not isinstance(evidence, ox.NamedNode | ox.BlankNode):
                continue
            values = []
            for quad in sorted(self.store.quads_for_pattern(evidence, None, None),
                               key=lambda q: (q.predicate != self.quote, str(q.predicate))):
                if quad.predicate == TYPE:
                    continue
                item = self.link(quad.object, here, quote=quad.predicate == self.quote)
                if quad.predicate == SOURCE and isinstance(quad.object, ox.NamedNode):
                    item = Link("bron: " + item.text, item.href)
                elif quad.predicate != self.quote:
                    item = Link(f"{self.label(quad.predicate)}: {item.text}", item.href,
                                item.lang)
                values.append(item)
            evidence_rows.append({"key": self.link(evidence, here), "values": values})
        if evidence_rows:
            sections.append({"anchor": "evidence", "title": "Bewijs · evidence",
                             "note": "Each statement's support: a verbatim quote, where it "
                                     "stands, and its source document.",
                             "rows": evidence_rows})
        incoming = self._incoming(node, here)
        if incoming:
            sections.append({"anchor": "incoming", "title": "Verwijzingen · referenced by",
                             "note": "", "rows": incoming})
        return _page_template().render(title=self.label(node), iri=node.value, types=types,
                            sections=sections, formats=self._formats(here), home=self._home(here))

    def _rows(self, triples: Iterable[ox.Triple], here: str) -> list[dict[str, object]]:
        by_predicate: dict[ox.NamedNode, list[Link]] = {}
        for triple in triples:
            by_predicate.setdefault(triple.predicate, []).append(self.link(triple.object, here))
        return [{"key": self.link(predicate, here),
                 "values": sorted(values, key=lambda v: (v.lang or "", v.text))}
                for predicate, values in sorted(by_predicate.items(), key=lambda i: str(i[0]))]

    def _incoming(self, node: ox.NamedNode, here: str) -> list[dict[str, object]]:
        """The first MAX_INCOMING references to `node` by predicate and subject: the same
        whatever order a store gives them in (in memory or on disk)."""
        references = ((str(q.predicate), str(q.subject), q.predicate, q.subject)
                      for q in self.store.quads_for_pattern(None, None, node)
                      if isinstance(q.subject, ox.NamedNode) and q.predicate != self.evidence)
        by_predicate: dict[ox.NamedNode, set[ox.NamedNode]] = {}
        for _, _, predicate, subject in heapq.nsmallest(MAX_INCOMING, references,
                                                        key=lambda r: r[:2]):
            by_predicate.setdefault(predicate, set()).add(subject)
        return [{"key": self.link(predicate, here),
                 "values": sorted((self.link(s, here) for s in subjects), key=lambda v: v.text)}
                for predicate, subjects in sorted(by_predicate.items(), key=lambda i: str(i[0]))]

    def def_html(self, triples: list[ox.Triple], here: str, title: str) -> str:
        subjects = sorted({t.subject for t in triples if isinstance(t.subject, ox.NamedNode)},
                          key=str)
        sections = []
        for subject in subjects:
            own = [t for t in triples if t.subject == subject]
            anchor = subject.value.split("#", 1)[1] if "#" in subject.value else ""
            sections.append({"anchor": anchor or self.short(subject),
                             "title": f"{self.label(subject)} ({self.short(subject)})",
                             "note": "", "rows": self._rows(own, here)})
        iri = self.def_iri if here == "def" else self.id_base + here[4:]
        return _page_template().render(title=title, iri=iri, types=[], sections=sections,
                            formats=self._formats(here), home=self._home(here))

    def index(self) -> str:
        """The home page: the ontology, the vocabularies, and the resources by type."""
        if self._index is None:
            self._index = self._render_index()
        return self._index

    def _render_index(self) -> str:
        kinds: dict[str, int] = {}
        for rest in self.resources:
            kinds[rest.split("/", 1)[0]] = kinds.get(rest.split("/", 1)[0], 0) + 1
        here = "index"
        rows = [{"key": Link(kind), "values": [
            Link(self.label(ox.NamedNode(self.id_base + rest)),
                 self.href(self.id_base + rest, here))
            for rest in self.resources if rest.split("/", 1)[0] == kind and rest.count("/") <= 1
        ][:500]} for kind in sorted(kinds)]
        vocabularies = [{"key": Link("def"), "values": [Link("Ontologie", self.href(
            self.def_iri, here))] + [Link(name, ("def/" + name + ".html") if self.static else
                                          f"/def/{name}") for name in self.vocabularies]}]
        return _page_template().render(
            title="pzgraph", iri=self.base, types=[], formats=[], home=self._home(here),
            sections=[{"anchor": "def", "title": "Ontologie en vocabulaires", "note": "",
                       "rows": vocabularies},
                      {"anchor": "id", "title": "Resources",
                       "note": "SPARQL: POST a query to /query (pzgraph serve).", "rows": rows}])

    # --- the static site (export)

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every page as (path in the release, bytes): doc/…, def…, index.html."""
        documents = [f"doc/{rest}" for rest in self.resources] + [
            f"doc/graph/{name}" for name in sorted(self.graphs)] + ["def"] + [
            f"def/{name}" for name in self.vocabularies] + (["def/shapes"] if self.shapes else [])
        for document in documents:
            for fmt in FORMATS:
                body = self.render(document, fmt)
                if body is not None:
                    yield f"{document}.{fmt.suffix}", body
        yield "index.html", self.index().encode("utf-8")
