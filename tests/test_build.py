"""The build: named graphs with provenance, HermiT consistency, the cache."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pzgraph.build import pipeline as build_module
from pzgraph.build.pipeline import build
from pzgraph.cli.main import main
from pzgraph.errors import InputError, ReasonerUnavailable
from pzgraph.ingest import read as read_module
from pzgraph.ingest.context import Context
from pzgraph.ingest.records import read_data_file

GRAPH = "https://w3id.org/pzgraph/graph/"


def graph_names(graph) -> set[str]:
    rows = graph.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
    return {row["g"].value.removeprefix(GRAPH) for row in rows}


def test_every_input_has_its_named_graph(graph, project):
    names = graph_names(graph)
    assert {"ontologie", "afgeleid", "inferentie", "herkomst"} <= names
    assert {path.stem for path in project.data_files()} <= names
    assert {f"vocabulaire/{path.stem}" for path in project.vocabulary_files()} <= names


def test_each_data_graph_records_its_source_document(graph, project):
    rows = graph.query("""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?g ?source WHERE { GRAPH <https://w3id.org/pzgraph/graph/herkomst> {
            ?g prov:wasDerivedFrom ?source } }""", union=False)
    derived = {row["g"].value.removeprefix(GRAPH): row["source"].value for row in rows}
    seed_files = [p for p in project.data_files() if not p.stem.startswith("reference")]
    assert seed_files, "no data files"
    for path in seed_files:
        assert derived[path.stem].startswith("https://w3id.org/pzgraph/id/bron/")


def test_hermit_finds_the_curated_graph_consistent(graph):
    reasoner = graph.manifest["reasoner"]
    assert reasoner["consistent"] is True
    assert reasoner["inferred"] > 0


def test_second_build_comes_from_the_cache(graph, project):
    result = build(project)
    assert result.cached
    assert result.manifest["input_hash"] == graph.manifest["input_hash"]


def test_an_inconsistent_entity_is_named(make_project):
    project = make_project({"bad.yaml": {
        "source": "000_0f9769a56a83d19c.txt",
        "records": [{
            "id": "netwerk/tweeslachtig", "type": ["Network", "Consortium"],
            "label": "Tweeslachtig netwerk",
            "evidence": [{"judgement": "fixture: typed with two disjoint classes"}],
        }],
    }})
    with pytest.raises(InputError) as caught:
        build(project)
    message = str(caught.value)
    assert "netwerk/tweeslachtig" in message
    assert "disjoint" in message
    assert not (project.build_dir / "pzgraph.nq").exists()


def test_missing_java_is_said_plainly(make_project, monkeypatch):
    project = make_project({"a.yaml": {"source": "000_0f9769a56a83d19c.txt", "records": [{
        "id": "organisatie/x", "type": "Hospice", "label": "X",
        "evidence": [{"judgement": "een test"}]}]}})
    monkeypatch.setattr("pzgraph.build.reasoner.shutil.which", lambda _: None)
    with pytest.raises(ReasonerUnavailable, match="Java is not installed"):
        build(project)
    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    monkeypatch.setenv("PZGRAPH_SOURCES", str(project.sources_dir))
    result = CliRunner().invoke(main, ["build", "--force"])
    assert result.exit_code == 2
    assert "install Java 17" in result.output
    assert "Traceback" not in result.output


def test_build_without_reasoning_skips_hermit(make_project, monkeypatch):
    project = make_project(copy_data=True)
    called = []
    monkeypatch.setattr(build_module, "add_inferences", lambda *a, **k: called.append(1))
    result = build(project, reasoning=False)
    assert not called
    assert result.manifest["reasoner"] == {"skipped": True}


def test_reading_in_a_process_pool_gives_what_reading_in_order_gives(make_project, monkeypatch):
    """Large inputs are read on every core; the files, records and findings must not change."""
    project = make_project({"zz_broken.yaml": "records:\n  - id: organisatie/x\n    label: [\n"},
                           copy_data=True)
    context = Context.load(project)
    paths = project.data_files()
    in_order = [read_data_file(path, context, project) for path in paths]
    monkeypatch.setattr(read_module, "PARALLEL_READ_BYTES", 0)
    monkeypatch.setattr(read_module.os, "cpu_count", lambda: 2)
    pooled = read_module.read_data_files(paths, context, project)
    assert pooled == in_order
    assert pooled[-1].findings and pooled[-1].findings[0].check == "syntax"
