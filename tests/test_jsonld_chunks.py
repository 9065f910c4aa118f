"""Issue 17: pzgraph.jsonld is compacted in chunks of whole subjects, so no graph is too large.

On the curated graph with chunks of a few subjects (thousands of chunks) and a sort budget so
small that the node objects are sorted in runs on disk, the file is read back by two JSON-LD
processors that pzgraph does not use to write it, rdflib's parser and PyLD, and each gives
the N-Quads export of the same release (blank nodes compared after canonicalisation by
pyoxigraph). What is held at once is counted at the compaction, not timed.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld as pyld

from pzgraph.release import external_sort, jsonld
from pzgraph.release.formats import Release, canonical, triple_key
from pzgraph.release.writers import render

SUBJECTS = 5


def is_blank(term: object) -> bool:
    return isinstance(term, ox.BlankNode)


def canonical_set(quads) -> set[ox.Quad]:
    """The quads with their blank nodes relabelled from the graph's shape: two isomorphic
    datasets give the same set."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


@pytest.fixture(scope="module")
def chunked(project, tmp_path_factory):
    """The release's JSON-LD written in chunks of SUBJECTS subjects, the N-Quads export of
    the same release, the chunks rdflib compacted, and a second run's bytes."""
    patch = pytest.MonkeyPatch()
    patch.setattr(jsonld, "CHUNK_SUBJECTS", SUBJECTS)
    patch.setattr(external_sort, "DEFAULT_BUDGET", 64 * 1024)  # node objects sorted in runs
    compacted: list[list[ox.Quad]] = []
    nodes = jsonld._nodes

    def counted(quads, context):
        quads = list(quads)
        compacted.append(quads)
        return nodes(quads, context)

    patch.setattr(jsonld, "_nodes", counted)
    try:
        with Release.open(project, views=("dataset", "nq"),
                          folder=tmp_path_factory.mktemp("release")) as release:
            first = render(release, "jsonld")
            calls = len(compacted)
            patch.setattr(jsonld, "CHUNK_SUBJECTS", SUBJECTS + 2)
            second = render(release, "jsonld")
            nquads = render(release, "nq")
    finally:
        patch.undo()
    return {"text": first, "again": second, "nq": nquads, "chunks": compacted[:calls]}


def test_no_chunk_holds_more_than_the_chunk_size_of_subjects(chunked):
    chunks = chunked["chunks"]
    assert len(chunks) > 1000  # the curated graph's ~8,600 subjects in chunks of 5
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for number, chunk in enumerate(chunks):
        assert len({q.graph_name for q in chunk}) == 1
        subjects = {q.subject for q in chunk}
        for subject in subjects:
            seen[str(chunk[0].graph_name), str(subject)] += 1
        if any(is_blank(q.subject) or is_blank(q.object) for q in chunk):
            # held together: only subjects that touch a blank node (the ontology's lists)
            touching = {q.subject for q in chunk if is_blank(q.subject) or is_blank(q.object)}
            assert subjects == touching, number
        else:
            assert len(subjects) <= SUBJECTS, number
    assert set(seen.values()) == {1}  # a subject's statements are never split over chunks
    held = [c for c in chunks if any(is_blank(q.subject) or is_blank(q.object) for q in c)]
    assert len(held) == 1 and str(held[0][0].graph_name).endswith("/graph/ontologie>")
    assert sum(map(len, chunks)) == chunked["nq"].count(b"\n")  # every statement, once


def test_chunked_jsonld_read_by_rdflib_is_the_nquads_export(chunked):
    expected = canonical_set(ox.parse(chunked["nq"], format=ox.RdfFormat.N_QUADS))
    dataset = rdflib.Dataset()
    dataset.parse(data=chunked["text"].decode("utf-8"), format="json-ld")
    back = dataset.serialize(format="nquads", encoding="utf-8")
    assert len(expected) > 20000 and any(is_blank(q.subject) for q in expected)
    assert canonical_set(ox.parse(back, format=ox.RdfFormat.N_QUADS)) == expected


def test_chunked_jsonld_read_by_pyld_is_the_nquads_export(chunked):
    document = json.loads(chunked["text"])
    back = pyld.to_rdf(document, {"format": "application/n-quads"})
    expected = canonical_set(ox.parse(chunked["nq"], format=ox.RdfFormat.N_QUADS))
    assert canonical_set(ox.parse(back, format=ox.RdfFormat.N_QUADS)) == expected


def test_chunked_jsonld_is_the_same_bytes_whatever_the_chunks(chunked, project):
    assert chunked["again"] == chunked["text"]
    with Release.open(project, views=("dataset",)) as release:  # default chunks, one run
        assert render(release, "jsonld") == chunked["text"]
        # and what rdflib gives for the whole dataset compacted at once
        assert jsonld.jsonld(release.quads(), release.context) == chunked["text"]


class SmallRelease:
    """What write_jsonld reads of a release: a work folder, the context, the dataset view."""

    def __init__(self, folder, context, quads) -> None:
        self.folder, self.context = folder, context
        self._quads = sorted(quads, key=lambda q: (str(q.graph_name), *triple_key(q.triple)))

    def quads(self):
        return iter(self._quads)


def test_default_graph_and_a_blank_list_in_chunks_are_the_whole_compaction(project, tmp_path,
                                                                           monkeypatch):
    """The curated release has no default graph; a small dataset with one, a named graph and
    a list of blank nodes, in chunks of one subject: the bytes rdflib gives for it whole."""
    monkeypatch.setattr(jsonld, "CHUNK_SUBJECTS", 1)
    with Release.open(project, views=("dataset",)) as release:
        context = release.context
    data = """
        @prefix pz: <https://w3id.org/pzgraph/def#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <https://w3id.org/pzgraph/id/netwerk/a> a pz:Network ; skos:prefLabel "A"@nl ;
            pz:partner <https://w3id.org/pzgraph/id/organisatie/b> .
        <https://w3id.org/pzgraph/id/organisatie/b> skos:prefLabel "B"@nl, "B"@en .
        pz:X owl:unionOf ( pz:Network pz:Consortium ) .
        GRAPH <https://w3id.org/pzgraph/graph/g> {
            <https://w3id.org/pzgraph/id/netwerk/a> pz:population 12 ; pz:confidence 0.5 .
            <https://w3id.org/pzgraph/id/netwerk/c> skos:prefLabel "C \u2028 ü"@nl .
        }"""
    quads = canonical(ox.parse(data, format=ox.RdfFormat.TRIG))
    small = SmallRelease(tmp_path, context, quads)
    written = io.BytesIO()
    jsonld.write_jsonld(small, written)
    assert written.getvalue() == jsonld.jsonld(quads, context)
    document = json.loads(written.getvalue())
    assert any("@graph" not in item for item in document["@graph"])  # default graph nodes
    back = pyld.to_rdf(document, {"format": "application/n-quads"})
    assert canonical_set(ox.parse(back, format=ox.RdfFormat.N_QUADS)) == canonical_set(quads)
