"""A data file's graph and a source document's id are the curator's names, not file names
(docs/iri-policy.md; linked-data review S7 #5): renaming or renumbering a data file or a
source file moves no IRI but those of evidence that names the source file itself."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from pzgraph.build.pipeline import build
from pzgraph.errors import InputError
from pzgraph.project import Project
from pzgraph.vocab import DCTERMS, GRAPH_BASE, PROVENANCE_GRAPH, PZ, graph_iri

OLD_FILE, NEW_FILE = "001_noordwest-veluwe-meerjarenplan.yaml", "nwv-meerjarenplan.yaml"
OLD_SOURCE, NEW_SOURCE = "001_9d2d7fdfb40bb114.txt", "noordwest-veluwe-plan.txt"


def _quads(project: Project) -> list[ox.Quad]:
    result = build(project, reasoning=False)
    return list(ox.parse(path=str(result.dataset), format=ox.RdfFormat.N_QUADS))


def _provenance(quads: list[ox.Quad], predicate: str) -> dict[str, ox.Term]:
    herkomst = ox.NamedNode(graph_iri(PROVENANCE_GRAPH))
    return {q.subject.value: q.object for q in quads
            if q.graph_name == herkomst and q.predicate.value == predicate}


def _names(quads: list[ox.Quad]) -> tuple[set[str], set[str]]:
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)
                and "/bewijs/" not in q.subject.value}
    return graphs, subjects


def test_renaming_a_data_file_and_its_source_moves_no_graph_or_record_iri(make_project, tmp_path):
    before_project = make_project(copy_data=True)
    before = _quads(before_project)
    # the same project, the data file renumbered and renamed, its source text renamed too
    root = tmp_path / "renamed"
    shutil.copytree(before_project.root, root, ignore=shutil.ignore_patterns("build"))
    sources = tmp_path / "sources"
    shutil.copytree(before_project.sources_dir, sources)
    (sources / OLD_SOURCE).rename(sources / NEW_SOURCE)
    text = (root / "data" / OLD_FILE).read_text(encoding="utf-8")
    (root / "data" / OLD_FILE).unlink()
    (root / "data" / NEW_FILE).write_text(text.replace(OLD_SOURCE, NEW_SOURCE), encoding="utf-8")
    for path in (root / "data").glob("*.yaml"):  # other files' evidence citing the source
        path.write_text(path.read_text(encoding="utf-8").replace(OLD_SOURCE, NEW_SOURCE),
                        encoding="utf-8")
    after = _quads(Project(root, sources=sources))

    graphs_before, subjects_before = _names(before)
    graphs_after, subjects_after = _names(after)
    old_graph = GRAPH_BASE + OLD_FILE.removesuffix(".yaml")
    assert old_graph in graphs_before
    assert graphs_after == graphs_before  # the renamed file's graph kept its IRI
    assert subjects_after == subjects_before  # and so did every record and nested object
    # the provenance names the new file, and its source document by its (unchanged) IRI
    assert _provenance(before, PZ.dataFile)[old_graph] == ox.Literal(OLD_FILE)
    assert _provenance(after, PZ.dataFile)[old_graph] == ox.Literal(NEW_FILE)
    document = ox.NamedNode("https://w3id.org/pzgraph/id/bron/001_9d2d7fdfb40bb114")
    assert _provenance(after, DCTERMS + "source")[old_graph] == document
    assert _provenance(before, DCTERMS + "source")[old_graph] == document
    cited = {q.object for q in after if q.predicate.value == DCTERMS + "source"
             and "/bewijs/" in q.subject.value}
    assert document in cited


RECORD = {"id": "organisatie/x", "type": "Hospice", "label": "X",
          "evidence": [{"judgement": "een test"}]}


def _build_error(make_project, files: dict) -> str:
    with pytest.raises(InputError) as caught:
        build(make_project(files), reasoning=False)
    return str(caught.value)


def test_a_missing_graph_name_is_refused_with_the_name_that_keeps_the_iri(make_project):
    project = make_project({"a.yaml": {"records": [RECORD]}})
    path = project.data_dir / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("graph: a\n", ""), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(project, reasoning=False)
    message = str(caught.value)
    assert "a.yaml" in message and "has no 'graph:'" in message and "graph: a" in message


@pytest.mark.parametrize("graph, problem", [("herkomst", "the build's own graph"),
                                            ("a b", "not a name an IRI can hold"),
                                            (["x"], "not a name an IRI can hold")])
def test_an_ill_formed_graph_name_is_refused(make_project, graph, problem):
    message = _build_error(make_project, {"a.yaml": {"graph": graph, "records": [RECORD]}})
    assert "a.yaml" in message and problem in message


def test_two_files_with_one_graph_name_are_refused(make_project):
    other = {**RECORD, "id": "organisatie/y", "label": "Y"}
    message = _build_error(make_project, {"a.yaml": {"graph": "g", "records": [RECORD]},
                                          "b.yaml": {"graph": "g", "records": [other]}})
    assert "b.yaml" in message and "'graph: g' is also the graph of a.yaml" in message


def test_two_source_documents_of_one_file_are_refused(make_project):
    def document(rid: str) -> dict:
        return {"id": rid, "type": "SourceDocument", "label": rid, "fileName": OLD_SOURCE,
                "evidence": [{"judgement": "een test"}]}
    message = _build_error(make_project, {"a.yaml": {"records": [document("bron/een")]},
                                          "b.yaml": {"records": [document("bron/twee")]}})
    assert "bron/twee" in message and f"'fileName: {OLD_SOURCE}' is also the file of bron/een" \
        in message


def test_evidence_cites_the_record_that_names_its_file_not_the_file_name(make_project):
    """A curator may give a source document a readable id: evidence citing its file follows."""
    document = {"id": "bron/plan-noordwest-veluwe", "type": "SourceDocument", "label": "Plan",
                "fileName": OLD_SOURCE, "evidence": [{"judgement": "een test"}]}
    project = make_project({"a.yaml": {"source": OLD_SOURCE, "records": [document, RECORD]}})
    quads = _quads(project)
    graph = ox.NamedNode(graph_iri("a"))  # the data graph and its provenance
    sources = {q.object.value for q in quads if q.predicate.value == DCTERMS + "source"
               and (q.graph_name == graph or q.subject == graph)}
    assert sources == {"https://w3id.org/pzgraph/id/bron/plan-noordwest-veluwe"}
