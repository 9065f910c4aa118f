"""Issue 15: the release reads the same in every store. Every RDF file of the bundle is parsed
by two independent parsers, pyoxigraph and rdflib, and both must give exactly the built graph
(the dataset for TriG, N-Quads and JSON-LD, its union for the others); Turtle and TriG carry
no escaped prefixed names (Virtuoso 7.2 keeps the backslash), JSON-LD no "@version": 1.1
(JSON-LD 1.0 processors refuse it). The real third-party stores are in test_stores.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from pzgraph.release.bundle import export
from pzgraph.release.formats import FORMATS

OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
              ".rdf": ox.RdfFormat.RDF_XML, ".trig": ox.RdfFormat.TRIG,
              ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD}
RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".trig": "trig", ".nq": "nquads",
                  ".jsonld": "json-ld"}
# what a Turtle reader skips: strings (the library writes "..." only) and IRIs
STRINGS_AND_IRIS = re.compile(r'"(?:[^"\\\n]|\\.)*"|<[^>\n]*>')
JSONLD_11_ONLY = {"@version", "@protected", "@propagate", "@import", "@json", "@nest", "@prefix",
                  "@direction", "@included"}


@pytest.fixture(scope="module")
def release(graph, project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("portable") / "release"
    export(project, out, issued="2025-01-01")
    return out


def rdf_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in OX_FORMATS)


def canonical(quads) -> set[ox.Quad]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def from_rdflib(term, graph: bool = False):
    """rdflib -> pyoxigraph, lexical forms as read."""
    if graph and (term is None or term == rdflib.graph.DATASET_DEFAULT_GRAPH_ID):
        return ox.DefaultGraph()
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is None:
        return ox.Literal(str(term))
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))


def by_pyoxigraph(path: Path) -> set[ox.Quad]:
    return canonical(ox.parse(path=str(path), format=OX_FORMATS[path.suffix]))


def by_rdflib(path: Path) -> set[ox.Quad]:
    dataset = rdflib.Dataset()
    dataset.parse(str(path), format=RDFLIB_FORMATS[path.suffix])
    return canonical(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), from_rdflib(g, True))
                     for s, p, o, g in dataset.quads((None, None, None, None)))


@pytest.fixture(scope="module")
def built(graph) -> dict[str, set[ox.Quad]]:
    quads = list(graph.store)
    union = {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads}
    return {"dataset": canonical(quads), "union": canonical(union)}


@pytest.fixture(autouse=True, scope="module")
def literals_as_written():
    """rdflib rewrites lexical forms ("01" -> "1") unless told not to: compare as written."""
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    yield
    rdflib.NORMALIZE_LITERALS = before


@pytest.mark.parametrize("key", sorted(FORMATS))
def test_every_format_is_the_built_graph_for_two_parsers(release, built, key):
    fmt = FORMATS[key]
    expected = built["dataset" if fmt.dataset else "union"]
    path = release / fmt.file
    for parser in (by_pyoxigraph, by_rdflib):
        actual = parser(path)
        missing, extra = expected - actual, actual - expected
        assert not missing and not extra, (
            f"{fmt.file} read by {parser.__name__}: {len(missing)} quads missing "
            f"(e.g. {sorted(map(str, missing))[:2]}), {len(extra)} extra "
            f"(e.g. {sorted(map(str, extra))[:2]})")


def test_the_other_files_read_the_same_in_both_parsers(release):
    others = [p for p in rdf_files(release) if p.parent != release or p.name == "void.ttl"]
    assert any(p.name == "void.ttl" for p in others) and len(others) > 5
    for path in others:
        assert by_pyoxigraph(path) == by_rdflib(path), path.relative_to(release)


def test_turtle_and_trig_have_no_escaped_prefixed_names(release):
    files = [p for p in rdf_files(release) if p.suffix in (".ttl", ".trig")]
    assert len(files) > 5
    for path in files:
        outside = STRINGS_AND_IRIS.sub("", path.read_text(encoding="utf-8"))
        assert "\\" not in outside, f"{path.name}: {outside[outside.index(chr(92)) - 60:][:90]}"
    # the names that needed escapes are written in full: evidence of a project, for instance
    assert re.search(r"<https://w3id.org/pzgraph/id/project/[^/>]+/bewijs/",
                     (release / "pzgraph.ttl").read_text(encoding="utf-8"))


def test_jsonld_is_json_ld_1_0_with_its_named_graphs(release, graph):
    for name in ("pzgraph.jsonld", "ontology/context.jsonld"):
        document = json.loads((release / name).read_text(encoding="utf-8"))
        context = document["@context"]
        used = set(context) | {key for value in context.values() if isinstance(value, dict)
                               for key in value}
        assert not used & JSONLD_11_ONLY, name
        containers = {value.get("@container") for value in context.values()
                      if isinstance(value, dict)}
        assert containers <= {None, "@set", "@list", "@language", "@index"}, name
    document = json.loads((release / "pzgraph.jsonld").read_text(encoding="utf-8"))
    names = {item["id"] for item in document["@graph"] if "@graph" in item}
    assert names == {q.graph_name.value for q in graph.store}
