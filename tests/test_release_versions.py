"""The release's version is the publisher's (linked-data review S7 #4).

`version:` in publisher.yaml names the release's dataset (…/id/dataset/pzgraph/VERSION), its
dcat:version, the schemes' owl:versionInfo, and must be a folder of --download-url; the
ontology keeps its own owl:versionIRI. `export --previous` links a release to the one before
it (dcat:previousVersion) and refuses a version used before for other files. Checked with
the official DCAT-AP-NL 3.0 shapes and, for the redirect rules, with Apache httpd.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from click.testing import CliRunner
from test_publishing import DCAT_AP_NL, results, select, void_graph

from pzgraph.cli.main import main
from pzgraph.project import OUTPUT_MARKER, Project

BASE = "https://w3id.org/pzgraph"
HOST = "https://downloads.example.org/pzgraph/release"
DATASET = f"{BASE}/id/dataset/pzgraph"


@pytest.fixture(scope="module")
def one_record(project, tmp_path_factory) -> Project:
    """The real ontology and vocabularies and one record: a release built once, quickly."""
    root = tmp_path_factory.mktemp("versions") / "project"
    shutil.copytree(project.ontology_dir, root / "ontology")
    shutil.copy(project.root / "publisher.yaml", root / "publisher.yaml")
    (root / "checks").mkdir()  # no QC queries
    (root / "data").mkdir()
    (root / "data" / "a.yaml").write_text(yaml.safe_dump({
        "graph": "a", "source": "000_0f9769a56a83d19c.txt", "records": [{
            "id": "organisatie/x", "type": "Hospice", "label": "X",
            "evidence": [{"judgement": "een test"}]}]}), encoding="utf-8")
    return Project(root, sources=project.sources_dir)


@pytest.fixture
def small(one_record, monkeypatch) -> Project:
    monkeypatch.setenv("PZGRAPH_ROOT", str(one_record.root))
    monkeypatch.setenv("PZGRAPH_SOURCES", str(one_record.sources_dir))
    return one_record


def set_version(project, version: str) -> None:
    path = project.root / "publisher.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**document, "version": version}), encoding="utf-8")


def export(out: Path, version: str, *more: str):
    return CliRunner().invoke(main, ["export", "--out", str(out), "--issued", "2026-12-01",
                                     "--download-url", f"{HOST}/{version}/", *more])


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def test_the_release_version_is_the_publishers_not_the_softwares(small, tmp_path):
    set_version(small, "2026.3")
    result = export(tmp_path / "r", "2026.3")
    assert result.exit_code == 0, result.output
    assert "--previous" in result.stderr  # nothing to link to, and nothing checked: said
    g = void_graph(tmp_path / "r")
    assert select(g, """SELECT ?d ?v ?all WHERE { ?c a dcat:Catalog ; dcat:dataset ?d .
        ?d dcat:version ?v ; dct:isVersionOf ?all . ?all dcat:hasCurrentVersion ?d }""") == [
        (f"{DATASET}/2026.3", "2026.3", DATASET)]
    # every distribution is this version's: the next release's files are other resources
    distributions = select(g, "SELECT ?x ?u WHERE { ?d dcat:distribution ?x . "
                              "OPTIONAL { ?x dcat:downloadURL ?u } }")
    assert distributions and all(x.startswith(f"{DATASET}/2026.3/distributie/")
                                 for x, _ in distributions)
    assert all(u.startswith(f"{HOST}/2026.3/") for _, u in distributions if u != "None")
    scheme = rdflib.Graph().parse(tmp_path / "r" / "ontology" / "vocabularies" / "rol.ttl")
    assert {v for (v,) in select(scheme, "SELECT ?v WHERE { ?s a skos:ConceptScheme ; "
                                         "owl:versionInfo ?v }")} == {"2026.3"}
    # the ontology keeps its own version IRI, and the rules send that IRI to its file
    source = rdflib.Graph().parse(small.ontology_dir / "pzgraph.ttl")
    (ontology_version,) = select(source, f"SELECT ?v WHERE {{ <{BASE}/def> owl:versionIRI ?v }}")
    rules = (tmp_path / "r" / "w3id" / ".htaccess").read_text(encoding="ascii")
    path = ontology_version[0][len(BASE) + 1:].replace(".", r"\.")
    assert f"RewriteRule ^{path}$ {HOST}/2026.3/ontology/pzgraph.ttl" in rules
    assert select(rdflib.Graph().parse(tmp_path / "r" / "ontology" / "pzgraph.ttl"),
                  f"SELECT ?v WHERE {{ <{BASE}/def> owl:versionIRI ?v }}") == [ontology_version]


def test_a_version_used_before_for_other_files_is_refused(small, tmp_path):
    set_version(small, "2026.1")
    first = tmp_path / "first"
    assert export(first, "2026.1").exit_code == 0
    # the same version with another release date: other vocabulary files, same addresses
    again = tmp_path / "again"
    result = CliRunner().invoke(main, [
        "export", "--out", str(again), "--issued", "2026-12-02", "--download-url",
        f"{HOST}/2026.1/", "--previous", str(first)])
    assert result.exit_code == 1
    assert "version '2026.1'" in result.output and str(first / "void.ttl") in result.output
    assert "ontology/vocabularies/" in result.output  # which files differ
    assert "Raise `version:` in publisher.yaml" in result.output
    assert "Traceback" not in result.output and not again.exists()
    # the same release written again (same version, same files) is allowed: the same bytes
    result = export(again, "2026.1", "--previous", str(first / "void.ttl"))
    assert result.exit_code == 0, result.output
    assert files_of(again) == files_of(first)


def test_the_next_version_links_the_one_before_and_meets_dcat_ap_nl(small, tmp_path):
    from apache_stand_in import apache, follow

    first, second = tmp_path / "first", tmp_path / "second"
    set_version(small, "2026.1")
    assert export(first, "2026.1").exit_code == 0
    set_version(small, "2026.2")
    result = export(second, "2026.2", "--previous", str(first), "--issued", "2026-12-05")
    assert result.exit_code == 0, result.output
    assert "--previous" not in result.stderr
    g = void_graph(second)
    assert select(g, "SELECT ?d ?p WHERE { ?d dcat:previousVersion ?p }") == [
        (f"{DATASET}/2026.2", f"{DATASET}/2026.1")]
    # the catalogue keeps the date it was first issued; the new release is issued today
    assert select(g, """SELECT ?first ?modified ?issued WHERE { ?c a dcat:Catalog ;
        dct:issued ?first ; dct:modified ?modified ; dcat:dataset [ dct:issued ?issued ] }""") \
        == [("2026-12-01", "2026-12-05", "2026-12-05")]
    assert results(g, DCAT_AP_NL / "dcat-ap-nl-SHACL.ttl",
                   DCAT_AP_NL / "dcat-ap-nl-SHACL-klassebereik.ttl") == []
    # the new rules send the earlier release's dataset and distributions to its own void.ttl;
    # the new one's and the version-less dataset have pages of their own in the new release
    # (linked-data review S9), like every /id/ resource
    expected = {f"{DATASET}/2026.1": f"{HOST}/2026.1/void.ttl",
                f"{DATASET}/2026.1/distributie/pzgraph.nq": f"{HOST}/2026.1/void.ttl",
                f"{DATASET}/2026.2": f"{HOST}/2026.2/doc/dataset/pzgraph/2026.2.ttl",
                f"{DATASET}/2026.2/distributie/pzgraph.nq":
                    f"{HOST}/2026.2/doc/dataset/pzgraph/2026.2/distributie/pzgraph.nq.ttl",
                DATASET: f"{HOST}/2026.2/doc/dataset/pzgraph.ttl"}
    with apache(second, BASE, f"{HOST}/2026.2/") as (_, hosts):
        for iri, target in expected.items():
            chain, _, _ = follow(iri, "text/turtle", hosts)
            assert chain[0][0] == 303 and target in [url for _, url in chain], chain
            if "2026.2" in target:
                assert chain[-1] == (200, target), chain
    # and the earlier void.ttl is the one those IRIs are described in
    earlier = ox.Store()
    earlier.load(path=str(first / "void.ttl"), format=ox.RdfFormat.TURTLE)
    assert ox.NamedNode(f"{DATASET}/2026.1/distributie/pzgraph.nq") in {
        q.subject for q in earlier}


def test_previous_must_be_a_release(small, tmp_path):
    set_version(small, "2026.1")
    (tmp_path / "notes").mkdir()
    result = export(tmp_path / "r", "2026.1", "--previous", str(tmp_path / "notes"))
    assert result.exit_code == 1
    assert "--previous" in result.output and "void.ttl" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "r").exists()


def test_a_release_from_before_versioned_datasets_is_not_its_own_previous_version(tmp_path):
    """A void.ttl written before this change named the version-less dataset: linking to it
    as dcat:previousVersion would make it both the series and its own earlier member."""
    from pzgraph.release.earlier import EarlierRelease, previous_version

    legacy = EarlierRelease(tmp_path / "void.ttl", "0.1.0", DATASET, {"pzgraph.nq": "0" * 64},
                            None, "2026-11-23")
    assert previous_version(legacy, "2026.1", {"pzgraph.nq": (1, "1" * 64)}) is None
    versioned = EarlierRelease(tmp_path / "void.ttl", "2026.1", f"{DATASET}/2026.1", {}, None,
                               None)
    assert previous_version(versioned, "2026.2", {}) == f"{DATASET}/2026.1"
