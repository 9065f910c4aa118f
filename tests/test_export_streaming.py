"""Issue 17: `pzgraph export` writes every file as a stream from views sorted on disk; each
streamed file is byte for byte what the plain path gives with the whole graph in memory (the
path export took before), on the curated graph and on a small synthetic landscape, with a sort
budget so small that every view is spilled to runs and merged. (Memory and speed are measured
in benchmarks/export_scale.py, never asserted here.)"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from pzgraph.project import Project
from pzgraph.query import line_diff, versions
from pzgraph.query.store import load
from pzgraph.release import dl, external_sort, jsonld, void
from pzgraph.release.external_sort import ExternalSort
from pzgraph.release.formats import (
    FORMATS,
    Rebase,
    Release,
    canonical,
    sorted_lines,
    sorted_prefixes,
    triple_key,
    turtle,
    unescaped_names,
)
from pzgraph.release.static_site import static_site, write_static_site
from pzgraph.release.writers import render
from pzgraph.vocab import BASE

OTHER_BASE = "https://data.example.org/pz"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, benchmark_generator) -> Project:
    """3 networks, 240 organisations, 90 projects and activities."""
    root = tmp_path_factory.mktemp("synthetic-export")
    benchmark_generator.generate(0.05, root, seed=7, progress=None)
    return Project(root, sources=root / "sources")


def plain(release: Release, reasoning: bool) -> dict[str, bytes]:
    """Every data file the way export wrote it before it streamed: the whole graph in memory."""
    quads = load(release.project, reasoning=reasoning).store
    if release.base != BASE:
        quads = map(Rebase(release.base).quad, quads)
    quads = canonical(quads)
    triples = sorted({q.triple for q in quads}, key=triple_key)
    prefixes = release.prefixes(triples)
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    profile = sorted(set(dl.dl_triples(triples)), key=triple_key)
    return {
        "nq": sorted_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)),
        "nt": sorted_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)),
        "ttl": turtle(triples, prefixes),
        "trig": sorted_prefixes(unescaped_names(trig, prefixes)),
        "rdf": ox.serialize(triples, format=ox.RdfFormat.RDF_XML,
                            prefixes=release.prefixes(triples, per_type=False)),
        "jsonld": jsonld.jsonld(quads, release.context),
        "dl": turtle(profile, release.prefixes(profile)),
        "void": repr(void.counts(triples, f"{release.base}/id/")).encode(),
    }


@pytest.mark.parametrize(("which", "base"), [("curated", None), ("synthetic", OTHER_BASE)])
def test_every_streamed_file_is_the_in_memory_one(which, base, project, synthetic, monkeypatch):
    target = project if which == "curated" else synthetic
    reasoning = which == "curated"
    monkeypatch.setattr(external_sort, "DEFAULT_BUDGET", 64 * 1024)  # many runs to merge
    with Release.open(target, base, reasoning=reasoning) as release:
        expected = plain(release, reasoning)
        assert len(release.counts) == 4 and release.counts["nq"] > 5000
        for key in FORMATS:
            assert render(release, key) == expected[key], key
        assert dl.profile(release) == expected["dl"]
        streamed = void.counts(release.triples(), f"{release.base}/id/")
        assert repr(streamed).encode() == expected["void"]
    if base:
        assert OTHER_BASE.encode() in expected["nq"]
        assert BASE.encode() + b"/id/" not in expected["nq"]


def test_external_sort_gives_what_sorted_gives(tmp_path: Path):
    rng = random.Random(7)
    words = ["a", "ab", "a b", "é", "ß", "z", "<x>", "<x/y>", "_:b", '"q"@nl', "\u2028",
             "\U0001f600"]
    lines = ["".join(rng.choice(words) for _ in range(rng.randint(0, 6))) for _ in range(5000)]
    many = ExternalSort(tmp_path, unique=True, budget=2000)
    keep = ExternalSort(tmp_path, unique=False, budget=2000)
    for line in lines:
        many.add(line)
        keep.add(line)
    assert len(many.runs) > 50
    assert list(many) == sorted(set(lines))
    assert list(keep) == sorted(lines)
    assert list(tmp_path.iterdir()) == []  # the runs are gone once merged
    # and the order of the strings is the byte order of their UTF-8, as `sort` gives it
    assert sorted(set(lines)) == [b.decode() for b in sorted({x.encode() for x in lines})]


def test_pages_from_the_on_disk_store_are_the_in_memory_ones(synthetic, tmp_path):
    with Release.open(synthetic, reasoning=False) as release:
        expected = static_site(release.quads(), release.base, "https://example.org/r/",
                               shapes=release.shapes())
        count = write_static_site(release, tmp_path, "https://example.org/r/", on_disk=True)
    written = {p.relative_to(tmp_path).as_posix(): p.read_bytes()
               for p in tmp_path.rglob("*") if p.is_file()}
    assert count == len(expected) > 1000
    assert written == expected


def test_changes_between_versions_in_any_order_give_the_plain_difference(graph, tmp_path):
    """`changes-*` compares sorted builds graph by graph as streams; N-Quads in another order
    (a release's pzgraph.nq, sorted by whole lines) are sorted on disk first: the same
    difference as two sets of triples in memory."""
    lines = graph.path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Drop only statements that stand in one graph: with a statement in two graphs, dropping
    # one copy is no change of triples but is a change graph by graph (the test below).
    triple = _triples_per_line(graph.path)
    copies = Counter(triple)
    old_build = tmp_path / "old.nq"
    old_build.write_text("".join(line for n, line in enumerate(lines)
                                 if n % 40 != 3 or copies[triple[n]] > 1), encoding="utf-8")
    old_release = tmp_path / "release.nq"
    old_release.write_text("".join(sorted(old_build.read_text(encoding="utf-8")
                                          .splitlines(keepends=True))), encoding="utf-8")

    def triples(path: Path) -> set:
        return {ox.Quad(q.subject, q.predicate, q.object)
                for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)}

    plain = (triples(old_build) - triples(graph.path), triples(graph.path) - triples(old_build))
    assert plain[0] == set() and len(plain[1]) > 100
    with pytest.raises(versions.NotSorted):
        line_diff.changed_lines_any_order(old_release, graph.path)
    assert versions.difference(old_build, graph.path) == plain
    assert versions.difference(old_release, graph.path) == plain
    assert versions.difference(graph.path, old_release) == plain[::-1]


def _triples_per_line(path: Path) -> list[ox.Triple]:
    """Each line of a build (one quad a line) without its graph."""
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)]
    assert len(triples) == len(path.read_text(encoding="utf-8").splitlines())
    return triples


def test_a_statement_dropped_from_one_of_its_two_graphs_is_no_change(graph, tmp_path):
    lines = graph.path.read_text(encoding="utf-8").splitlines(keepends=True)
    triple = _triples_per_line(graph.path)
    copies = Counter(triple)
    twice = next(n for n in range(len(lines)) if copies[triple[n]] > 1)
    old_build = tmp_path / "old.nq"
    old_build.write_text("".join(line for n, line in enumerate(lines) if n != twice),
                         encoding="utf-8")
    assert versions.difference(old_build, graph.path) == (set(), set())
