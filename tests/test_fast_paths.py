"""Issue 17: every fast path gives the answers of the plain path, on the curated graph and on a
small synthetic landscape; the on-disk store is trusted only when it belongs to the verified
cache; the query command imports no heavy library it does not need. (Speed itself is
measured in benchmarks/, never asserted here.)"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pzgraph.build.disk_store import STAMP, STORE_DIR, is_current
from pzgraph.build.pipeline import build
from pzgraph.errors import QueryError
from pzgraph.project import Project
from pzgraph.query.library import library
from pzgraph.query.run import answer
from pzgraph.query.store import load

ROOT = Path(__file__).resolve().parents[1]
# Answered with their defaults; the others need parameters (tested in test_queries.py).
NEEDS_PARAMS = {"connection-path", "changes-members", "changes-projects", "changes-coverage",
                "evidence", "transformation-matrix", "network-detail"}



@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, benchmark_generator) -> Project:
    """3 networks, 240 organisations, 90 projects and activities, built without HermiT."""
    root = tmp_path_factory.mktemp("synthetic-fast")
    benchmark_generator.generate(0.05, root, seed=7, progress=None)
    return Project(root, sources=root / "sources")


def _answers(project: Project, store, names) -> dict[str, tuple]:
    queries = library(project.queries_dir)
    answers = {}
    for name in names:
        result = answer(queries[name], store, {})
        answers[name] = (result.columns, result.rows)
    return answers


def _library_names(project: Project) -> list[str]:
    return sorted(n for n in library(project.queries_dir) if n not in NEEDS_PARAMS)


def test_the_on_disk_store_answers_as_the_in_memory_one(project, graph):
    names = _library_names(project)
    disk = load(project, on_disk=True)
    assert disk.store is not graph.store
    memory_answers = _answers(project, graph.store, names)
    assert sum(len(rows) for _, rows in memory_answers.values()) > 500
    assert _answers(project, disk.store, names) == memory_answers


def test_the_on_disk_store_answers_as_the_in_memory_one_at_synthetic_scale(synthetic):
    names = _library_names(synthetic)
    memory = load(synthetic, reasoning=False)
    disk = load(synthetic, reasoning=False, on_disk=True)
    memory_answers = _answers(synthetic, memory.store, names)
    assert sum(len(rows) for _, rows in memory_answers.values()) > 500
    assert _answers(synthetic, disk.store, names) == memory_answers


def test_the_store_belongs_to_the_verified_cache(make_project, project):
    built = Project(make_project(copy_data=True).root, sources=project.sources_dir)
    first = build(built, reasoning=False)
    checksum = first.manifest["cache"]["sha256"]
    assert is_current(built.build_dir, checksum)
    stamp = built.build_dir / STORE_DIR / STAMP
    # a store whose stamp names another cache (or none: a half-written one) is never opened
    for damage in ("0" * 64 + "\n", None):
        if damage is None:
            stamp.unlink()
        else:
            stamp.write_text(damage, encoding="ascii")
        assert not is_current(built.build_dir, checksum)
        graph = load(built, reasoning=False, on_disk=True)  # rewritten from the cache
        assert is_current(built.build_dir, checksum)
        assert len(graph) == first.manifest["triples"]
    # a changed input rebuilds the cache, and the store with it
    data = next(built.data_dir.glob("*.yaml"))
    data.write_text(data.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    second = build(built, reasoning=False)
    assert not second.cached
    assert is_current(built.build_dir, second.manifest["cache"]["sha256"])
    assert not list(built.build_dir.glob(f".{STORE_DIR}.*")), "staging folders left behind"


# and what a local query does not need: HTTP (an endpoint's), the compile stage, other verbs
HEAVY = ("networkx", "rdflib", "pyvis", "pyshacl", "owlready2", "jinja2", "http.client",
         "pzgraph.build.pipeline", "pzgraph.checks.graph_checks", "pzgraph.cli.report",
         "pzgraph.cli.export", "pzgraph.cli.draft", "pzgraph.maps.graph")
PROBE = f"""
import sys
from pzgraph.cli.main import main
try:
    main(["query", "networks-consortia", "--format", "csv"])
except SystemExit as end:
    assert not end.code, end.code
print({{"LOADED": [m for m in {HEAVY!r} if m in sys.modules]}})
"""


def test_the_query_command_imports_no_heavy_library(graph):
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env=dict(os.environ), check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Consortium" in done.stdout  # it did answer
    loaded = json.loads(done.stdout.splitlines()[-1].replace("'", '"'))["LOADED"]
    assert loaded == []


def _edge_rows(project: Project, store, name: str):
    from pzgraph.query.results import run_select

    return run_select(store, library(project.queries_dir)[name].sparql, {})


def test_betweenness_is_networkx_exact_betweenness(project, graph):
    import networkx as nx

    from pzgraph.query.network_analysis import betweenness, edges_to_graph

    edges = _edge_rows(project, graph.store, "betweenness")
    expected = nx.betweenness_centrality(edges_to_graph(edges), normalized=True)
    rows = betweenness(edges, limit=10_000).rows
    assert len(rows) > 20
    ranked = sorted(((node, score) for node, score in expected.items() if score > 0),
                    key=lambda item: (-round(item[1], 12), item[0].value))
    assert [row[0] for row in rows] == [node for node, _ in ranked]
    assert [row[1].value for row in rows] == [f"{score:.4f}" for _, score in ranked]


@pytest.mark.parametrize("which", ["curated", "synthetic"])
def test_connection_path_by_search_is_as_short_as_networkx(which, project, graph, synthetic):
    """From both ends over the neighbourhood: a chain of real edges, as short as networkx's
    shortest path over every edge, for pairs of organisations near and far."""
    import networkx as nx

    from pzgraph.query.network_analysis import edges_to_graph, path_by_search

    chosen = project if which == "curated" else synthetic
    store = graph.store if which == "curated" else load(synthetic, reasoning=False).store
    query = library(chosen.queries_dir)["connection-path"]
    full = edges_to_graph(_edge_rows(chosen, store, "connection-path"))
    nodes = sorted((n for n in full if "/organisatie/" in n.value), key=lambda n: n.value)
    pairs = [(nodes[i], nodes[-1 - i]) for i in range(0, len(nodes) // 2, max(1, len(nodes) // 12))]
    assert len(pairs) >= 6
    connected = 0
    for start, end in pairs:
        if not nx.has_path(full, start, end):
            with pytest.raises(QueryError, match="not connected"):
                path_by_search(store, query.sparql, start, end)
            continue
        connected += 1
        expected = nx.shortest_path_length(full, start, end)
        found = path_by_search(store, query.sparql, start, end)
        chain = [row[2] for row in found.rows]
        assert chain[0] == start and chain[-1] == end and len(chain) == expected + 1
        for before, after, row in zip(chain[:-1], chain[1:], found.rows[1:], strict=True):
            assert full.has_edge(before, after)
            assert row[1] == full.edges[before, after]["relation"]
    assert connected >= 3


def _changed_copy(source: Project, root: Path) -> Path:
    """A copy of a project's data with records taken out, changed and added: the build of it."""
    import shutil

    import yaml

    shutil.copytree(source.root, root, ignore=shutil.ignore_patterns("build", ".pzgraph*"))
    changed = Project(root, sources=source.sources_dir)
    def works_in(document: dict) -> list[dict]:
        return [r for r in document.get("records", []) if r.get("type") in ("Project", "Activity")]

    def suits(document: dict) -> bool:  # works to change, and a membership to end
        records = document.get("records", [])
        return len(works_in(document)) >= 3 and any(
            len(r.get("memberships") or []) >= 2 for r in records)

    path, document = next((p, d) for p in sorted(changed.data_dir.glob("*.yaml"))
                          if isinstance(d := yaml.safe_load(p.read_text(encoding="utf-8")), dict)
                          and suits(d))
    records, works = document["records"], works_in(document)
    added = dict(works[0], id=works[0]["id"] + "-vervolg", label="Vervolgproject")
    records.append(added)  # a new project, with its coverage
    for work in works[1:3]:  # a label changed, a coverage dropped
        work["label"] = work.get("label", "") + " (herzien)"
        work.pop("addresses", None)
    member = next(r for r in records if len(r.get("memberships") or []) >= 2)
    member["memberships"] = member["memberships"][:-1]  # a membership ended
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return build(changed, reasoning=False).dataset


@pytest.mark.parametrize("which", ["curated", "synthetic"])
def test_changes_from_the_streamed_difference_equal_the_plain_comparison(
        which, project, synthetic, tmp_path, monkeypatch):
    from pzgraph.query import run, versions

    chosen = project if which == "curated" else synthetic
    old = build(chosen, reasoning=which == "curated").dataset
    new = _changed_copy(chosen, tmp_path / "changed")
    queries = library(chosen.queries_dir)
    names = ["changes-members", "changes-projects", "changes-coverage"]
    pairs = [(old, new), (new, old), (old, old)]

    def answers() -> list:
        return [answer(queries[name], None, {"old": str(a), "new": str(b)}).rows
                for name in names for a, b in pairs]

    streamed = answers()
    assert sum(len(rows) for rows in streamed) >= 3
    assert all(not answer(queries[name], None, {"old": str(old), "new": str(old)}).rows
               for name in names)

    def unsorted(*_args):
        raise versions.NotSorted("forced: the plain comparison")

    monkeypatch.setattr(run, "load_difference", unsorted)
    assert answers() == streamed


def test_an_unsorted_file_is_compared_after_sorting_it(project, tmp_path):
    """A file in any order (a release's pzgraph.nq) is sorted on disk, not refused: the same
    statements in reverse order differ in nothing, one statement left out is found."""
    from pzgraph.query.versions import difference

    old = build(project, reasoning=True).dataset
    lines = old.read_text(encoding="utf-8").splitlines(True)
    shuffled = tmp_path / "shuffled.nq"
    shuffled.write_text("".join(reversed(lines)), encoding="utf-8")
    assert difference(old, shuffled) == (set(), set())
    shorter = tmp_path / "shorter.nq"
    shorter.write_text("".join(reversed(lines[1:])), encoding="utf-8")
    only_old, only_new = difference(old, shorter)
    assert len(only_old) == 1 and not only_new


def _footing_by_whole_scan(store, iris: list[str]) -> dict[str, tuple[int, set[str]]]:
    """The plain path: every relation with evidence of the whole graph (footing.RELATIONS),
    kept where it points at a shown entity."""
    from pzgraph.query import footing

    shown, links = set(iris), {}
    for row in store.query(footing.RELATIONS, use_default_graph_as_union=True):
        if row["linked"].value in shown:
            rank, linked = links.get(row["relation"].value, (int(row["rank"].value), set()))
            links[row["relation"].value] = (max(rank, int(row["rank"].value)), linked)
            linked.add(row["linked"].value)
    return links


@pytest.mark.parametrize("which", ["curated", "synthetic"])
def test_the_footing_lookup_per_entity_finds_what_the_whole_scan_finds(
        which, project, graph, synthetic):
    """footing.relations_linking asks from the shown entities only; on the answers of every
    library query it finds the relations (rank and linked entities) of a scan of every
    relation, in memory and on disk."""
    import pyoxigraph as ox

    from pzgraph.query import footing
    from pzgraph.query.results import run_select

    chosen = project if which == "curated" else synthetic
    stores = ([graph.store, load(project, on_disk=True).store] if which == "curated" else
              [load(synthetic, reasoning=False).store,
               load(synthetic, reasoning=False, on_disk=True).store])
    queries = library(chosen.queries_dir)
    checked = 0
    for name in _library_names(chosen):
        rows = run_select(stores[0], queries[name].sparql, {}).rows
        iris = sorted({t.value for row in rows for t in row if isinstance(t, ox.NamedNode)})
        expected = _footing_by_whole_scan(stores[0], iris)
        checked += len(expected)
        for store in stores:
            assert footing.relations_linking(store, iris) == expected, name
    assert checked > 1000


@pytest.mark.parametrize("which", ["curated", "synthetic"])
def test_betweenness_kept_with_the_build_is_the_computed_answer(which, project, synthetic,
                                                                monkeypatch):
    """Issue 17: betweenness is computed once per build and kept in build/store/computed/;
    the kept answer is the plain path's, read back without asking the store again, and it
    is never read for another dataset (checksum) or another query text."""
    from pzgraph.query import run
    from pzgraph.query.computed import FOLDER

    chosen = project if which == "curated" else synthetic
    reasoning = which == "curated"
    disk = load(chosen, reasoning=reasoning, on_disk=True)
    assert disk.keep is not None
    query = library(chosen.queries_dir)["betweenness"]
    plain = answer(query, load(chosen, reasoning=reasoning).store, {})
    assert len(plain.rows) >= 3
    folder = disk.keep[0] / FOLDER
    for kept in folder.glob("*.json"):
        kept.unlink()
    first = answer(query, disk.store, {}, keep=disk.keep)
    assert (first.columns, first.rows) == (plain.columns, plain.rows)
    assert len(list(folder.glob("*.json"))) == 1

    def no_store(*_args, **_kwargs):
        raise AssertionError("the kept answer was not used")

    monkeypatch.setattr(run, "run_select", no_store)
    again = answer(query, disk.store, {}, keep=disk.keep)
    assert (again.columns, again.rows) == (plain.columns, plain.rows)
    # another cache checksum, or another query text: computed, not read
    for keep, sparql in [((disk.keep[0], "0" * 64), query.sparql),
                         (disk.keep, query.sparql + "\n# changed\n")]:
        with pytest.raises(AssertionError, match="not used"):
            answer(dataclasses.replace(query, sparql=sparql), disk.store, {},
                   keep=keep)


def test_the_query_command_takes_the_measured_store_and_answers_the_same(project, graph,
                                                                        monkeypatch):
    """Issue 17: the first `pzgraph query NAME` after a build answers from the on-disk store
    and keeps which store answers it faster (build/store/plan.json); later ones take that
    store. Whichever it is, the output is the same."""
    from click.testing import CliRunner

    from pzgraph.cli.main import main
    from pzgraph.query import local as cli_query
    from pzgraph.query import plan

    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    monkeypatch.setenv("PZGRAPH_RESIDENT_IDLE", "0")  # in this process: the plan's way
    monkeypatch.setattr(cli_query, "run_stoppable", lambda work, _timeout: work())
    # the timing runs in-process here (no fork), also when the test runner has threads
    monkeypatch.setattr(cli_query.threading, "active_count", lambda: 1)
    parsed = []
    real_in_memory = cli_query.in_memory

    def counting(graph_):
        parsed.append(graph_.path)
        return real_in_memory(graph_)

    monkeypatch.setattr(cli_query, "in_memory", counting)
    folder = load(project, on_disk=True).keep[0]
    plan_file = folder / plan.PLAN_FILE
    plan_file.unlink(missing_ok=True)
    args = ["query", "municipality-coverage", "--format", "csv"]
    try:
        first = CliRunner().invoke(main, args)
        assert first.exit_code == 0, first.output
        entries = json.loads(plan_file.read_text(encoding="utf-8"))
        (key, entry), = entries.items()
        assert key.startswith("municipality-coverage|") and entry["choice"] in ("disk", "memory")
        assert entry["disk_s"] > 0
        outputs = {}
        for choice in ("memory", "disk"):
            plan_file.write_text(json.dumps({key: {**entry, "choice": choice}}), encoding="utf-8")
            parsed.clear()
            done = CliRunner().invoke(main, args)
            assert done.exit_code == 0, done.output
            assert len(parsed) == (choice == "memory"), choice
            outputs[choice] = done.output
        assert outputs["memory"] == outputs["disk"] == first.output
        assert first.output.count("\n") > 300
    finally:
        plan_file.unlink(missing_ok=True)
