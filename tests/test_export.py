"""Issue 6: the release bundle, the SPARQL server (`serve`) and the upload (`push`).

Every file is read back with pyoxigraph, a parser independent of the rdflib serialiser
behind the JSON-LD, and compared with the built graph: ground triples as sets, the triples
with blank nodes with rdflib's isomorphism check.
"""

from __future__ import annotations

import base64
import hashlib
import os
import queue
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from click.testing import CliRunner
from rdflib.compare import isomorphic

from pzgraph.cli.main import main
from pzgraph.errors import InputError, OutputError
from pzgraph.project import OUTPUT_MARKER, check_replaceable
from pzgraph.query import endpoint
from pzgraph.release.bundle import export
from pzgraph.release.formats import FORMATS, canonical
from pzgraph.release.static_site import is_page_file

OLD = "https://w3id.org/pzgraph"
# the data release's version, the publisher's (not the software's: linked-data review S7 #4)
RELEASE_VERSION = yaml.safe_load(Path(__file__).parents[1].joinpath("publisher.yaml").read_text(
    encoding="utf-8"))["version"]
# where a published release's folder is (w3id.org only redirects; S7 linked-data #1)
DOWNLOAD = f"https://downloads.example.org/pzgraph/release/{RELEASE_VERSION}/"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
               ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML,
               ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
VOID = "http://rdfs.org/ns/void#"
NAMES_FILE = Path(__file__).with_name("personal_names.txt")
BIN = Path(sys.executable).parent


# --- helpers ---------------------------------------------------------------------------------

def rdflib_term(term):
    """pyoxigraph -> rdflib, written here again so the test does not trust export.py."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language, normalize=False)
    if term.datatype.value == XSD_STRING:
        return rdflib.Literal(term.value, normalize=False)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def assert_same_graph(actual: set[ox.Triple], expected: set[ox.Triple], what: str) -> None:
    """Isomorphic: the ground triples are equal and the blank-node parts are isomorphic."""
    ground_actual = {t for t in actual if not has_blank(t)}
    ground_expected = {t for t in expected if not has_blank(t)}
    missing, extra = ground_expected - ground_actual, ground_actual - ground_expected
    assert not missing and not extra, (
        f"{what}: {len(missing)} triples missing (e.g. {sorted(map(str, missing))[:3]}), "
        f"{len(extra)} extra (e.g. {sorted(map(str, extra))[:3]})")
    blank = [rdflib.Graph(), rdflib.Graph()]
    for graph, triples in zip(blank, (actual, expected), strict=True):
        for t in triples:
            if has_blank(t):
                graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    assert isomorphic(*blank), f"{what}: the blank-node structures differ"


def parse(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=RDF_FORMATS[path.suffix]))


def union(store: ox.Store) -> set[ox.Triple]:
    return {q.triple for q in store}


def named_graphs(quads) -> dict[str, set[ox.Triple]]:
    graphs: dict[str, set[ox.Triple]] = {}
    for q in quads:
        graphs.setdefault(str(q.graph_name), set()).add(q.triple)
    return graphs


def files_of(folder: Path) -> dict[str, bytes]:
    """The files of a folder, without the marker that says pzgraph wrote it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pzgraph_env(project) -> dict[str, str]:
    return {**os.environ, "PZGRAPH_ROOT": str(project.root),
            "PZGRAPH_SOURCES": str(project.sources_dir)}


def pzgraph_command() -> list[str]:
    script = BIN / "pzgraph"
    return [str(script)] if script.exists() else [shutil.which("pzgraph") or "pzgraph"]


# --- the bundle --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def release(graph, project, tmp_path_factory) -> Path:
    """One export of the curated graph, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("release") / "release"
    started = time.perf_counter()
    export(project, out, download_url=DOWNLOAD)
    print(f"export: {time.perf_counter() - started:.1f} s")
    return out


def test_bundle_holds_every_file(release, project):
    names = set(files_of(release))
    assert {fmt.file for fmt in FORMATS.values()} <= names
    assert {"void.ttl", "SHA256SUMS", "ontology/pzgraph.ttl", "ontology/context.jsonld"} <= names
    assert {f"ontology/vocabularies/{p.name}" for p in project.vocabulary_files()} <= names
    assert ("ontology/shapes.ttl" in names) == (project.ontology_dir / "shapes.ttl").exists()


@pytest.mark.parametrize("name", ["pzgraph.ttl", "pzgraph.nt", "pzgraph.rdf"])
def test_graph_files_parse_and_are_the_built_graph(release, graph, name):
    quads = parse(release / name)
    assert all(q.graph_name == ox.DefaultGraph() for q in quads)
    assert_same_graph({q.triple for q in quads}, union(graph.store), name)


@pytest.mark.parametrize("name", ["pzgraph.trig", "pzgraph.nq", "pzgraph.jsonld"])
def test_dataset_files_keep_every_named_graph(release, graph, name):
    actual, expected = named_graphs(parse(release / name)), named_graphs(graph.store)
    assert sorted(actual) == sorted(expected)
    assert any(g.endswith("/graph/herkomst>") for g in actual), "provenance graph missing"
    for graph_name, triples in expected.items():
        assert_same_graph(actual[graph_name], triples, f"{name} {graph_name}")


def test_ontology_vocabularies_and_shapes_are_separate_files(release, graph, project):
    graphs = named_graphs(graph.store)
    ontology = {q.triple for q in parse(release / "ontology/pzgraph.ttl")}
    assert_same_graph(ontology, graphs[f"<{OLD}/graph/ontologie>"], "ontology")
    for path in project.vocabulary_files():
        # the scheme as the project defines it; what the release adds (its publication
        # metadata, the concepts the data defines in it) is tested in test_publishing.py
        vocabulary = {q.triple for q in parse(release / "ontology/vocabularies" / path.name)}
        missing = graphs[f"<{OLD}/graph/vocabulaire/{path.stem}>"] - vocabulary
        assert not missing, (path.name, sorted(map(str, missing))[:3])
    shapes = project.ontology_dir / "shapes.ttl"
    if shapes.exists():
        assert_same_graph({q.triple for q in parse(release / "ontology/shapes.ttl")},
                          {q.triple for q in parse(shapes)}, "shapes")


def test_jsonld_is_compacted_and_round_trips(release, graph):
    text = (release / "pzgraph.jsonld").read_text(encoding="utf-8")
    assert '"@context"' in text and '"id": "netwerk/' in text  # ids as in data/
    assert '"@version"' not in text  # JSON-LD 1.0 processors refuse a document declaring 1.1
    back = rdflib.Dataset().parse(data=text, format="json-ld")
    names = {str(g.identifier) for g in back.graphs() if len(g)}
    assert names == {q.graph_name.value for q in graph.store}  # every named graph, by name
    expected = rdflib.Graph()
    for t in union(graph.store):
        expected.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    everything = rdflib.Graph()
    for s, p, o, _ in back.quads((None, None, None, None)):
        everything.add((s, p, o))
    assert isomorphic(everything, expected)


def test_two_exports_are_byte_identical(release, project, tmp_path):
    """A second export in another process, with another hash seed, gives the same bytes."""
    again = tmp_path / "again"
    env = {**pzgraph_env(project), "PYTHONHASHSEED": "12345"}
    done = subprocess.run([*pzgraph_command(), "export", "--out", str(again),
                           "--download-url", DOWNLOAD], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    first, second = files_of(release), files_of(again)
    assert sorted(first) == sorted(second)
    assert [n for n in first if first[n] != second[n]] == []


def test_blank_node_labels_do_not_depend_on_the_build(graph):
    """A rebuild names blank nodes anew and may order quads otherwise: same canonical list."""
    quads = list(graph.store)
    labels: dict[str, ox.BlankNode] = {}

    def relabel(term):
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term.value, ox.BlankNode())
        return term

    shuffled = [ox.Quad(relabel(q.subject), q.predicate, relabel(q.object), q.graph_name)
                for q in quads]
    random.Random(6).shuffle(shuffled)
    assert canonical(shuffled) == canonical(quads)


def test_void_counts_match_the_graph(release, graph, project):
    void = ox.Store()
    void.load(path=str(release / "void.ttl"), format=ox.RdfFormat.TURTLE)
    prefix = f"PREFIX void: <{VOID}> PREFIX dcat: <http://www.w3.org/ns/dcat#> " \
             "PREFIX dcterms: <http://purl.org/dc/terms/> "
    query = prefix + "SELECT ?d { ?d a dcat:Dataset, void:Dataset }"
    (dataset,) = [r["d"] for r in void.query(query)]

    def stated(predicate: str) -> int:
        (row,) = list(void.query(prefix + f"SELECT ?n {{ {dataset} void:{predicate} ?n }}"))
        return int(row["n"].value)

    triples = union(graph.store)
    assert stated("triples") == len(triples)
    entities = {t.subject for t in triples if isinstance(t.subject, ox.NamedNode)
                and t.subject.value.startswith(f"{OLD}/id/")}
    assert stated("entities") == len(entities)
    counted = {r["c"].value: int(r["n"].value) for r in graph.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c")}
    partitions = {r["c"].value: int(r["n"].value) for r in void.query(
        prefix + f"SELECT ?c ?n {{ {dataset} void:classPartition [ void:class ?c ; "
                 "void:entities ?n ] }")}
    assert partitions == counted
    per_property = {r["p"].value: int(r["n"].value) for r in void.query(
        prefix + f"SELECT ?p ?n {{ {dataset} void:propertyPartition [ void:property ?p ; "
                 "void:triples ?n ] }")}
    assert sum(per_property.values()) == len(triples)
    # DCAT-AP-NL: the dataset and one distribution per file with size and checksum
    facts = {(r["p"].value, str(r["o"])) for r in void.query(
        f"SELECT ?p ?o {{ {dataset} ?p ?o }}")}
    assert ("http://purl.org/dc/terms/license", "<http://creativecommons.org/licenses/by/4.0/>") \
        in facts
    assert ("http://www.w3.org/ns/dcat#version", f'"{RELEASE_VERSION}"') in facts
    titles = {o for p, o in facts if p == "http://purl.org/dc/terms/title"}
    assert any(t.endswith("@nl") for t in titles) and any(t.endswith("@en") for t in titles)
    issued = [o for p, o in facts if p == "http://purl.org/dc/terms/issued"]
    assert len(issued) == 1 and issued[0].endswith("^^<http://www.w3.org/2001/XMLSchema#date>")
    # the source documents: prov:wasDerivedFrom (dct:source would make them dcat:Datasets)
    sources = {o for p, o in facts if p == "http://www.w3.org/ns/prov#wasDerivedFrom"}
    derived = {str(q.object) for q in graph.store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), None,
        ox.NamedNode(f"{OLD}/graph/herkomst"))}
    assert derived <= sources
    sizes = {r["url"].value.rsplit(f"/release/{RELEASE_VERSION}/", 1)[-1]:
             (int(r["size"].value), r["sum"].value) for r in void.query(prefix + """
        PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?url ?size ?sum WHERE { ?d dcat:distribution ?dist . ?dist dcat:downloadURL ?url ;
          dcat:byteSize ?size ; dcat:mediaType ?type ; spdx:checksum/spdx:checksumValue ?sum }""")}
    files = files_of(release)
    data_files = {name for name in files if not is_page_file(name)}
    assert set(sizes) == data_files - {"void.ttl", "SHA256SUMS"}
    for name, (size, digest) in sizes.items():
        assert (size, digest) == (len(files[name]), hashlib.sha256(files[name]).hexdigest()), name


def test_the_release_holds_linked_pages_and_w3id_rules(release):
    """Issue 15: the release can be hosted as plain files; every link between pages resolves."""
    from html.parser import HTMLParser

    names = set(files_of(release))
    for kind in ("netwerk/eemland", "organisatie/zonmw", "wens/1"):
        assert {f"doc/{kind}.{suffix}" for suffix in ("html", "ttl", "jsonld", "nt")} <= names
    assert {"def.html", "def.ttl", "def/wens.html", "index.html", "w3id/.htaccess"} <= names
    rules = (release / "w3id/.htaccess").read_text()
    assert "RewriteRule ^id/(.+)$ https://w3id.org/pzgraph/doc/$1 [R=303,L]" in rules

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.hrefs: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.hrefs += [v for k, v in attrs if k == "href" and v and "://" not in v]

    # a crawler that lands on the HTML finds the RDF (linked-data review S7)
    assert '<link rel="alternate" href="eemland.ttl" type="text/turtle">' in (
        release / "doc/netwerk/eemland.html").read_text(encoding="utf-8")
    for page in ("doc/netwerk/eemland.html", "doc/organisatie/zonmw.html", "index.html",
                 "def.html", "doc/bron/000_0f9769a56a83d19c.html"):
        links = Links()
        links.feed((release / page).read_text(encoding="utf-8"))
        assert links.hrefs, page
        for href in links.hrefs:
            target = (release / page).parent / href.split("#", 1)[0]
            assert target.resolve().is_file(), f"{page} links to missing {href}"
    graph = rdflib.Graph().parse(release / "doc/netwerk/eemland.ttl", format="turtle")
    assert (rdflib.URIRef("https://w3id.org/pzgraph/id/netwerk/eemland"), None, None) in graph


def test_sha256sums_match_the_files(release):
    files = files_of(release)
    listed = dict(reversed(line.split("  ", 1)) for line in
                  files["SHA256SUMS"].decode("ascii").splitlines())
    assert set(listed) == set(files) - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=release,
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_format_writes_one_file(release, project, tmp_path, monkeypatch):
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    monkeypatch.setenv("PZGRAPH_SOURCES", str(project.sources_dir))
    out = tmp_path / "one"
    result = CliRunner().invoke(main, ["export", "--out", str(out), "--format", "ttl"])
    assert result.exit_code == 0, result.output
    assert files_of(out) == {"pzgraph.ttl": (release / "pzgraph.ttl").read_bytes()}
    # hostile review S7 #1c: the folder it made is marked, so a whole export may replace it
    check_replaceable(out, project)
    (out / "mine.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="mine.txt was not written by pzgraph"):
        check_replaceable(out, project)


def test_format_refuses_a_folder_holding_a_whole_release(release, project, tmp_path,
                                                         monkeypatch):
    """Linked-data review S7 #15: one format written into a release left SHA256SUMS and
    void.ttl describing other bytes, silently."""
    out = tmp_path / "whole"
    shutil.copytree(release, out)
    before = files_of(out)
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    monkeypatch.setenv("PZGRAPH_SOURCES", str(project.sources_dir))
    result = CliRunner().invoke(main, ["export", "--out", str(out), "--format", "nt"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "whole release" in result.output
    assert files_of(out) == before


def test_base_moves_every_iri(project, graph, tmp_path):
    new = "https://example.org/palliatief"
    out = tmp_path / "rebased"
    export(project, out, base=new, issued="2025-01-01", download_url=DOWNLOAD)
    for path in out.rglob("*"):
        if path.suffix in RDF_FORMATS:
            for quad in parse(path):
                for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
                    iri = term.value if isinstance(term, ox.NamedNode) else (
                        term.datatype.value if isinstance(term, ox.Literal) else "")
                    assert not iri.startswith(OLD), f"{path.name}: {iri}"
                    # an IRI written as text moves too (vann:preferredNamespaceUri, S7)
                    assert not (isinstance(term, ox.Literal) and term.value.startswith(OLD))
    assert OLD not in (out / "ontology/context.jsonld").read_text(encoding="utf-8")
    for name in ("pzgraph.nt", "pzgraph.jsonld"):
        moved_back = {ox.Triple(*(move_back(t, new) for t in q.triple))
                      for q in parse(out / name)}
        assert_same_graph(moved_back, union(graph.store), f"{name} rebased and moved back")
    assert f'"@base": "{new}/id/"' in (out / "pzgraph.jsonld").read_text(encoding="utf-8")
    rules = (out / "w3id" / ".htaccess").read_text(encoding="ascii")
    assert f"RewriteRule ^id/(.+)$ {new}/doc/$1 " in rules and "w3id.org" not in rules


def move_back(term, new: str):
    if isinstance(term, ox.NamedNode):
        return ox.NamedNode(term.value.replace(new, OLD, 1))
    if isinstance(term, ox.Literal) and term.language is None and term.value.startswith(new):
        return ox.Literal(term.value.replace(new, OLD, 1), datatype=term.datatype)
    return term


BROKEN = {"kapot.yaml": "source: 000_0f9769a56a83d19c.txt\nrecords:\n  - id: netwerk/x\n"
                        "    type: [\n"}  # a YAML syntax error


def test_a_failing_export_leaves_the_earlier_release_untouched(release, make_project, tmp_path,
                                                              monkeypatch):
    out = tmp_path / "releases" / "release"
    shutil.copytree(release, out)
    before = files_of(out)
    broken = make_project(BROKEN, copy_data=True)
    with pytest.raises(InputError):
        export(broken, out)
    monkeypatch.setenv("PZGRAPH_ROOT", str(broken.root))
    monkeypatch.setenv("PZGRAPH_SOURCES", str(broken.sources_dir))
    result = CliRunner().invoke(main, ["export", "--out", str(out)])
    assert result.exit_code == 1
    assert "kapot.yaml" in result.output and "Traceback" not in result.output
    assert files_of(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["release"]  # no temporary folder left


def test_export_refuses_a_folder_that_is_not_a_release(project, tmp_path, monkeypatch):
    out = tmp_path / "work"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    result = CliRunner().invoke(main, ["export", "--out", str(out)])
    assert result.exit_code == 1
    assert "did not write" in result.output and "Traceback" not in result.output
    assert files_of(out) == {"notes.txt": b"mine"}


@pytest.mark.parametrize("option", [["--issued", "2025-13-01"], ["--base", "not an iri"],
                                    # before any of the data, or far ahead (hostile S8 #21)
                                    ["--issued", "0001-01-01"], ["--issued", "2999-01-01"],
                                    ["--download-url", "ftp://x"],
                                    # into w3id's rewrite rules: back-references, escapes
                                    ["--download-url", "https://example.org/a%0ab/"],
                                    ["--download-url", "https://example.org/$1/"],
                                    ["--download-url", "https://example.org/é/"],
                                    # w3id.org hosts no files: the rules would loop (S7)
                                    ["--download-url", "https://w3id.org/pzgraph/release/1/"],
                                    # no folder of its own: the next release would overwrite
                                    # it (S7 #4)
                                    ["--download-url", "https://example.org/pzgraph/latest/"],
                                    # resolved away by JSON-LD's @base, kept by the rest (S7)
                                    ["--base", "https://example.org/pz?x=1"],
                                    ["--base", "https://example.org/pz/../other"],
                                    ["--base", "https://example.org//pz"],
                                    ["--base", "https://example.org/%zz"]])
def test_bad_options_are_refused_plainly(project, tmp_path, monkeypatch, option):
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "r"), *option])
    assert result.exit_code == 1
    assert option[0] in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r").exists()


def personal_names() -> list[str]:
    if not NAMES_FILE.exists():
        pytest.fail(f"{NAMES_FILE.name} is missing: it lists the personal names of the source "
                    "documents, one per line, so that this test can check none is exported")
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_no_personal_name_in_any_exported_file(release):
    """Each name as whole words, whatever space, dash or dot stands between its parts."""
    names = personal_names()
    assert names, f"{NAMES_FILE.name} lists no names"
    parts = [r"[\s\-–.]*".join(map(re.escape, re.split(r"[\s\-–.]+", n))) for n in names]
    pattern = re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)
    leaks = sorted({f"{name}: {match.group(0)}" for name, data in files_of(release).items()
                    for match in pattern.finditer(data.decode("utf-8"))})
    assert not leaks, "personal names in the export: " + ", ".join(leaks)


# --- push and select against a real Oxigraph server ------------------------------------------

def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"no server on port {port} after {seconds} s")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A read-write Oxigraph on a free loopback port; the default graph is the union, as in
    pzgraph's own queries."""
    binary = BIN / "oxigraph" if (BIN / "oxigraph").exists() else shutil.which("oxigraph")
    if not binary:
        pytest.fail("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    server = subprocess.Popen([str(binary), "serve", "--location",
                               str(tmp_path_factory.mktemp("oxigraph") / "store"),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def push(*args: str) -> None:
    result = CliRunner().invoke(main, ["push", *args])
    assert result.exit_code == 0, result.output


@pytest.fixture
def pushed(oxigraph_server, graph, project, monkeypatch) -> str:
    """The server holding exactly the built dataset (PUT replaces all it had before)."""
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    monkeypatch.setenv("PZGRAPH_SOURCES", str(project.sources_dir))
    push("--endpoint", f"{oxigraph_server}/store", "--dataset")
    return oxigraph_server


def count(url: str, pattern: str) -> int:
    (row,) = endpoint.select(f"{url}/query", f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(row["n"].value)


def comparable(rows) -> list[str]:
    """Rows as text, sorted: blank nodes blanked out (their labels are the store's own), and
    the parts of a GROUP_CONCAT put in order (the two stores iterate in different orders)."""

    def text(value) -> str:
        if isinstance(value, ox.BlankNode):
            return "_:b"
        if isinstance(value, ox.Literal) and (value.language or value.datatype.value == XSD_STRING):
            parts = "|".join(sorted(re.split(r"\s*[;|,]\s*", value.value)))
            return f"{parts}@{value.language}" if value.language else parts
        return str(value)

    return sorted(repr(sorted((k, text(v)) for k, v in row.items())) for row in rows)


QUERIES = [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?s ?label WHERE "
    "{ ?s a <https://w3id.org/pzgraph/def#Network> ; skos:prefLabel ?label }",
    "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "PREFIX org: <http://www.w3.org/ns/org#> SELECT ?m ?o ?role WHERE "
    "{ ?x org:member ?m ; org:organization ?o . OPTIONAL { ?x org:role ?role } }",
]


def test_push_dataset_and_query_both_ways(pushed, graph):
    started = time.perf_counter()
    assert count(pushed, "GRAPH ?g { ?s ?p ?o }") == len(graph.store)
    for sparql in QUERIES:
        local = endpoint.rows(graph.query(sparql))
        remote = endpoint.select(f"{pushed}/query", sparql)
        assert local, sparql
        assert comparable(remote) == comparable(local), sparql
    print(f"server queries: {time.perf_counter() - started:.1f} s")


def test_push_one_graph_replaces_or_adds(pushed, graph):
    target = "https://example.org/pzgraph-test"
    triples = len(union(graph.store))
    push("--endpoint", f"{pushed}/store", "--graph", target)
    assert count(pushed, f"GRAPH <{target}> {{ ?s ?p ?o }}") == triples
    push("--endpoint", f"{pushed}/store", "--graph", target, "--replace")
    assert count(pushed, f"GRAPH <{target}> {{ ?s ?p ?o }}") == triples
    push("--endpoint", f"{pushed}/store", "--graph", target, "--add")
    ground = len([t for t in union(graph.store) if not has_blank(t)])
    # adding again keeps the ground triples once; the blank nodes of the upload are new ones
    assert count(pushed, f"GRAPH <{target}> {{ ?s ?p ?o }}") == 2 * triples - ground


def as_dicts(result) -> list[dict]:
    return [{c: v for c, v in zip(result.columns, row, strict=True) if v is not None}
            for row in result.rows]


def test_library_queries_answer_the_same_locally_and_remotely(pushed, graph, project):
    # The full query library, run locally and at the endpoint.
    from pzgraph.errors import QueryError
    from pzgraph.query.library import library
    from pzgraph.query.run import answer

    queries = library(project.queries_dir)
    assert len(queries) >= 17, f"the query library in {project.queries_dir} is incomplete"
    checked = []
    for name, query in queries.items():
        if query.compare:  # these read two versions of the graph, not the endpoint
            continue
        try:
            local = answer(query, graph.store, {}, language=None, as_matrix=False).result
        except QueryError:  # needs parameters without defaults (e.g. a path's two ends)
            continue
        remote = answer(query, graph.store, {}, endpoint=f"{pushed}/query", language=None,
                        as_matrix=False).result
        assert remote.columns == local.columns, name
        assert comparable(as_dicts(remote)) == comparable(as_dicts(local)), name
        checked.append(name)
    assert checked
    print(f"library queries compared: {', '.join(checked)}")


def test_query_at_an_endpoint_does_not_load_the_graph(pushed, project, monkeypatch):
    """`pzgraph query NAME --endpoint URL` asks the endpoint for everything (parameters and
    labels too), so that at scale a question costs no local load; the answer is the same."""
    args = ["query", "members", "--param", "network=noordwest-utrecht", "--format", "csv"]
    local = CliRunner().invoke(main, args)
    assert local.exit_code == 0, local.output

    def no_load(*_args, **_kwargs):
        raise AssertionError("the local graph was loaded")

    monkeypatch.setattr("pzgraph.query.local.load", no_load)
    monkeypatch.setattr("pzgraph.query.resident.answer_text", no_load)
    remote = CliRunner().invoke(main, [*args, "--endpoint", f"{pushed}/query"])
    assert remote.exit_code == 0, remote.output
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert len(local.stdout.splitlines()) > 5


# --- errors: unreachable, refused, credentials -----------------------------------------------

class Refusing(BaseHTTPRequestHandler):
    """Answers every request with 503 and eight lines of text; remembers the headers."""

    seen: list[dict[str, str]] = []

    def _refuse(self) -> None:
        Refusing.seen.append(dict(self.headers))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = "\n".join(f"line {i} of the answer" for i in range(1, 9)).encode()
        self.send_response(503, "Service Unavailable")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = _refuse

    def log_message(self, *args) -> None:
        pass


def test_push_reports_a_refusal_plainly_and_sends_basic_auth(graph, project, monkeypatch):
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    monkeypatch.setenv("PZGRAPH_SOURCES", str(project.sources_dir))
    monkeypatch.setenv("PZGRAPH_USER", "curator")
    monkeypatch.setenv("PZGRAPH_PASSWORD", "geheim-wachtwoord")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/store"
        result = CliRunner().invoke(main, ["push", "--endpoint", url, "--graph", "urn:x:g"])
    finally:
        server.shutdown()
    assert result.exit_code == 1
    assert "HTTP 503" in result.output and url in result.output
    assert "line 5 of the answer" in result.output and "line 6" not in result.output
    assert "Traceback" not in result.output and "geheim" not in result.output
    token = base64.b64encode(b"curator:geheim-wachtwoord").decode()
    assert Refusing.seen[-1]["Authorization"] == f"Basic {token}"
    assert Refusing.seen[-1]["Content-Type"].startswith("application/n-triples")


def test_unreachable_endpoint_is_said_plainly(graph, project, monkeypatch):
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    url = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(main, ["push", "--endpoint", url, "--dataset"])
    assert result.exit_code == 1
    assert f"cannot reach {url}" in result.output and "Traceback" not in result.output
    with pytest.raises(endpoint.EndpointError, match="cannot reach"):
        endpoint.select(url, "SELECT * WHERE { ?s ?p ?o }")


def test_select_reports_a_bad_query_with_the_server_answer(oxigraph_server):
    with pytest.raises(endpoint.EndpointError, match=r"HTTP 400"):
        endpoint.select(f"{oxigraph_server}/query", "SELECT WHERE nonsense")


# --- serve -----------------------------------------------------------------------------------

@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_answers_and_stops_on_a_signal(graph, project, tmp_path, stop):
    port = free_port()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**pzgraph_env(project), "TMPDIR": str(scratch)}
    started = time.perf_counter()
    server = subprocess.Popen([*pzgraph_command(), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in server.stdout],
                              daemon=True)
    reader.start()
    try:
        first = lines.get(timeout=120)
        url = f"http://127.0.0.1:{port}/query"
        assert url in first
        assert any(scratch.iterdir()), "the temporary store should be in TMPDIR"
        (row,) = endpoint.select(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert int(row["n"].value) == len(graph.store)
        (local,) = endpoint.rows(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        (remote,) = endpoint.select(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert remote == local  # the default graph is the union, as locally
        stopping = time.perf_counter()
        server.send_signal(stop)
        assert server.wait(timeout=10) == 0, server.stderr.read()
        assert time.perf_counter() - stopping < 5
        print(f"serve: up and down in {time.perf_counter() - started:.1f} s")
    finally:
        if server.poll() is None:
            server.kill()
    assert list(scratch.iterdir()) == [], "the temporary store was not removed"
    with pytest.raises(endpoint.EndpointError):
        endpoint.select(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", timeout=2)


def test_serve_release_answers_for_the_releases_own_resources(release, project, tmp_path):
    """`serve --release` serves an exported release: SPARQL over its pzgraph.nq, and the
    release's own resources (catalogue, dataset, distributions, contact point: void.ttl),
    its named graphs and the ontology's version IRI dereference with content negotiation
    like every /id/ IRI (linked-data review S9: 404)."""
    import http.client

    port = free_port()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**pzgraph_env(project), "TMPDIR": str(scratch)}
    server = subprocess.Popen([*pzgraph_command(), "serve", "--port", str(port), "--release",
                               str(release)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    void = ox.Store()
    void.load(path=str(release / "void.ttl"), format=ox.RdfFormat.TURTLE)
    (distribution,) = {q.object.value for q in void.quads_for_pattern(
        None, ox.NamedNode(VOID + "dataDump"), None) if q.object.value.endswith("pzgraph.nq")}
    (nq_distribution,) = {q.subject.value for q in void.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/ns/dcat#downloadURL"),
        ox.NamedNode(distribution))}
    contact = next(q.object.value for q in void.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/ns/dcat#contactPoint"), None))
    try:
        first = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/query" in first, server.stderr.read()
        ontology_version = next(q.object.value for q in ox.parse(
            path=str(release / "ontology" / "pzgraph.ttl"), format=ox.RdfFormat.TURTLE)
            if q.predicate.value == "http://www.w3.org/2002/07/owl#versionIRI")
        for iri in (f"{OLD}/id/catalogus/pzgraph", f"{OLD}/id/dataset/pzgraph", nq_distribution,
                    contact, f"{OLD}/id/netwerk/noordwest-utrecht", f"{OLD}/graph/herkomst",
                    f"{OLD}/graph/afgeleid", f"{OLD}/graph/vocabulaire/rol", ontology_version):
            path = iri[len(OLD):]
            for accept, media in (("text/turtle", "text/turtle"), ("text/html", "text/html"),
                                  ("application/ld+json", "application/ld+json")):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path, headers={"Accept": accept})
                response = connection.getresponse()
                response.read()
                assert response.status == 303, (iri, response.status)
                location = response.getheader("Location")
                connection.request("GET", location, headers={"Accept": accept})
                answer = connection.getresponse()
                body = answer.read()
                connection.close()
                assert answer.status == 200 and answer.getheader("Content-Type").startswith(
                    media), (iri, accept, answer.status)
                if media == "text/turtle" and iri != ontology_version:
                    assert ox.NamedNode(iri) in {t.subject for t in ox.parse(
                        body, format=ox.RdfFormat.TURTLE)}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/def/shapes", headers={"Accept": "text/turtle"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 200 and b"/def/shapes#" in body
        url = f"http://127.0.0.1:{port}/query"
        (row,) = endpoint.select(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        lines = (release / "pzgraph.nq").read_text(encoding="utf-8").count("\n")
        assert int(row["n"].value) == lines  # the release's dataset, not void.ttl
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_serve_release_refuses_a_folder_that_is_no_release(project, tmp_path):
    result = CliRunner().invoke(main, ["serve", "--port", str(free_port()), "--release",
                                       str(tmp_path)], env=pzgraph_env(project))
    assert result.exit_code != 0 and "pzgraph.nq" in result.output
    assert "Traceback" not in result.output


# --- the redirect rules, followed through Apache with mod_rewrite (linked-data review S7) ----

def test_every_kind_of_iri_resolves_through_the_redirect_rules(release):
    """w3id.org only redirects: each chain must end at a file of the published folder (200),
    in the format asked for. A sample of every kind of IRI the release names: things under
    /id/ (every type), the catalogue's own resources, the named graphs, the ontology, its
    version IRI, a vocabulary, and every download address of void.ttl."""
    from apache_stand_in import apache, follow

    nq = ox.Dataset(ox.parse(path=str(release / "pzgraph.nq"), format=ox.RdfFormat.N_QUADS))
    void = ox.Store()
    void.load(path=str(release / "void.ttl"), format=ox.RdfFormat.TURTLE)
    things: dict[str, str] = {}  # one IRI per kind (type folder, or catalogue kind)
    for term in sorted({q.subject.value for q in [*nq, *void]
                        if isinstance(q.subject, ox.NamedNode)}):
        if term.startswith(f"{OLD}/id/"):
            things.setdefault(term[len(OLD) + 4:].split("/", 1)[0], term)
    assert {"netwerk", "organisatie", "catalogus", "dataset", "contactpunt"} <= set(things)
    graphs = sorted({q.graph_name.value for q in nq})
    downloads = sorted(row[0].value for row in void.query(
        "SELECT ?u { { ?d <http://www.w3.org/ns/dcat#downloadURL> ?u } UNION "
        "{ ?d <http://rdfs.org/ns/void#dataDump> ?u } }"))
    (ontology_version,) = {  # the ontology's own version, not the release's
        q.object.value for q in nq if q.subject == ox.NamedNode(f"{OLD}/def")
        and q.predicate == ox.NamedNode("http://www.w3.org/2002/07/owl#versionIRI")}
    assert len(graphs) > 20 and downloads and all(u.startswith(DOWNLOAD) for u in downloads)
    accepts = {"text/html": "text/html", "text/turtle": "text/turtle",
               "application/ld+json": "application/ld+json",
               "application/n-triples": "application/n-triples"}
    with apache(release, OLD, DOWNLOAD) as (_, hosts):
        for kind, iri in things.items():
            for accept, media in accepts.items():
                chain, content_type, body = follow(iri, accept, hosts)
                assert chain[-1][0] == 200, (kind, accept, chain)
                # the catalogue's own resources too (linked-data review S9: void.ttl alone)
                assert content_type.startswith(media), (iri, accept, chain, content_type)
                assert iri.encode() in body or media == "text/html", (iri, accept)
        for iri in graphs + [f"{OLD}/def", ontology_version, f"{OLD}/def/rol"]:
            chain, content_type, body = follow(iri, "text/turtle", hosts)
            assert chain[-1][0] == 200 and body, chain
            if "/graph/" in iri:  # the graph's own document, in the format asked for (S9)
                assert content_type.startswith("text/turtle"), (iri, chain)
                assert ox.NamedNode(iri) in {t.subject for t in ox.parse(
                    body, format=ox.RdfFormat.TURTLE)}, iri
        for url in downloads:
            chain, _, body = follow(url, "*/*", hosts)
            assert chain == [(200, url)] and body == (release / url[len(DOWNLOAD):]).read_bytes()


def test_every_iri_the_release_describes_has_its_pages(release):
    """Every IRI under /id/ that void.ttl names (the catalogue, the dataset and its versions,
    every distribution and partition, the linksets, the contact point, the publisher) has
    a page in every format, which describes it, hash IRIs (…#sha256) on their document's
    page (linked-data review S9: they were sent to the whole void.ttl, and 404 in serve)."""
    from pzgraph.release.negotiation import FORMATS as PAGE_FORMATS

    void = ox.Store()
    void.load(path=str(release / "void.ttl"), format=ox.RdfFormat.TURTLE)
    named = {term.value for q in void for term in (q.subject, q.object)
             if isinstance(term, ox.NamedNode) and term.value.startswith(f"{OLD}/id/")}
    assert {f"{OLD}/id/catalogus/pzgraph", f"{OLD}/id/dataset/pzgraph",
            f"{OLD}/id/organisatie/pznl"} <= named
    assert any("/distributie/" in iri for iri in named) and any("#" in iri for iri in named)
    for iri in sorted(named):
        document = iri.split("#", 1)[0][len(OLD) + 4:]
        for fmt in PAGE_FORMATS:
            page = release / "doc" / f"{document}.{fmt.suffix}"
            assert page.is_file(), (iri, page)
        described = {t.subject.value for t in ox.parse(
            path=str(release / "doc" / f"{document}.nt"), format=ox.RdfFormat.N_TRIPLES)}
        assert iri in described, iri
    # the SHACL shapes are minted under the base too (def/shapes#X): their document
    shapes = {t.subject.value for t in ox.parse(path=str(release / "ontology" / "shapes.ttl"),
                                                format=ox.RdfFormat.TURTLE)
              if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(f"{OLD}/")}
    assert shapes and {iri.split("#", 1)[0] for iri in shapes} == {f"{OLD}/def/shapes"}
    for fmt in PAGE_FORMATS:
        assert (release / f"def/shapes.{fmt.suffix}").is_file(), fmt
    assert shapes <= {t.subject.value for t in ox.parse(
        path=str(release / "def/shapes.nt"), format=ox.RdfFormat.N_TRIPLES)}


@pytest.mark.parametrize(("accept", "suffix"), [
    ("text/turtle;q=0, text/html", "html"),  # Turtle refused
    ("text/html, application/ld+json;q=0.1, text/turtle;q=0.05", "html"),  # HTML preferred
    ("application/rdf+xml", "rdf"),  # not HTML: the page in RDF/XML
    ("text/html;q=0.9, text/turtle", "ttl"),
    ("application/ld+json;q=0.5, text/html;q=0", "jsonld"),
    ("text/turtle; charset=utf-8; q=1.0, application/rdf+xml;q=0.8", "ttl"),
    ("Application/N-Triples;Q=0.7", "nt"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),  # a browser
    ("*/*", "html"),
    ("", "html"),
])
def test_the_redirect_rules_negotiate_as_serve_does(release, accept, suffix):
    """The static rules honour q=0 and prefer a type asked for with q=1 over lower ones, send
    RDF/XML clients to an RDF/XML page, and say `Vary: Accept` on their 303s (linked-data
    review S7 #13): the format `pzgraph serve` would choose (negotiation.negotiate)."""
    import http.client

    from apache_stand_in import apache, follow

    from pzgraph.release.negotiation import negotiate

    assert negotiate(accept).suffix == suffix  # what serve answers
    iri = f"{OLD}/doc/netwerk/noordwest-utrecht"
    with apache(release, OLD, DOWNLOAD) as (origin, hosts):
        chain, content_type, body = follow(iri, accept, hosts)
        assert chain[-1] == (200, f"{DOWNLOAD}doc/netwerk/noordwest-utrecht.{suffix}"), chain
        if suffix == "rdf":
            assert content_type == "application/rdf+xml"
            assert ox.NamedNode(f"{OLD}/id/netwerk/noordwest-utrecht") in {
                t.subject for t in ox.parse(body, format=ox.RdfFormat.RDF_XML)}
        for path in ("/pzgraph/doc/netwerk/noordwest-utrecht", "/pzgraph/id/netwerk/x"):
            connection = http.client.HTTPConnection(origin.split("//")[1], timeout=30)
            try:
                connection.request("GET", path, headers={"Accept": accept})
                response = connection.getresponse()
                assert response.status == 303
                assert "Accept" in [v.strip() for v in
                                    (response.getheader("Vary") or "").split(",")], path
            finally:
                connection.close()


def test_blank_node_labels_are_rdfc_1_0(release):
    """The release's blank-node labels are the W3C standard's (RDFC-1.0 over the whole
    dataset), not pyoxigraph's UNSTABLE ones, which an upgrade may change (linked-data
    review S7): the same data, the same bytes and SHA256SUMS, whatever the version."""
    quads = list(ox.parse(path=str(release / "pzgraph.nq"), format=ox.RdfFormat.N_QUADS))
    assert any(isinstance(q.subject, ox.BlankNode) for q in quads)
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert set(dataset) == set(quads)
