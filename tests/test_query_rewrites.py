"""Issue 17: a library query rewritten for speed (a form Oxigraph evaluates better at ten times
national scale) gives exactly the rows of the text it replaced, in the same order, on the
curated graph and on a small synthetic landscape, without and with a parameter (a list that
GROUP_CONCAT makes in code-point order, as pzgraph shows it).

The replaced texts are kept in tests/query_rewrites/ under the query's name: a further rewrite
of the same query is held to the same answers. (Their speed is measured in
benchmarks/query_speed.py, never asserted here.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from pzgraph.project import Project
from pzgraph.query.library import library, parse_query_file
from pzgraph.query.parameters import bind_parameters
from pzgraph.query.results import run_select, sort_concatenations
from pzgraph.query.store import load

REPLACED = Path(__file__).resolve().parent / "query_rewrites"
NAMES = sorted(path.stem for path in REPLACED.glob("*.rq"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, benchmark_generator) -> Project:
    root = tmp_path_factory.mktemp("synthetic-rewrites")
    benchmark_generator.generate(0.05, root, seed=7, progress=None)
    return Project(root, sources=root / "sources")


@pytest.fixture(scope="module")
def stores(project, graph, synthetic) -> dict:
    return {"curated": (project, graph.store),
            "synthetic": (synthetic, load(synthetic, reasoning=False).store)}


def _parameter_cases(query, store) -> list[dict[str, str]]:
    """No parameter, and each entity parameter a network or consortium takes, with the
    first network of the graph (what most questions are asked for)."""
    cases: list[dict[str, str]] = [{}]
    first = next(iter(store.query(
        "SELECT ?n WHERE { ?n a <https://w3id.org/pzgraph/def#Network> } ORDER BY ?n LIMIT 1",
        use_default_graph_as_union=True)), None)
    if first is None:
        return cases
    for parameter in query.parameters:
        if parameter.entity_class and "Network" in parameter.entity_class.split("|"):
            cases.append({parameter.name: first[0].value})
    return cases


def test_every_replaced_text_names_a_library_query(project):
    assert NAMES, "tests/query_rewrites/ holds the texts rewritten queries replaced"
    assert set(NAMES) <= set(library(project.queries_dir))


@pytest.mark.parametrize("which", ["curated", "synthetic"])
@pytest.mark.parametrize("name", NAMES)
def test_a_rewritten_query_answers_as_the_text_it_replaced(name, which, stores):
    chosen, store = stores[which]
    query = library(chosen.queries_dir)[name]
    replaced = parse_query_file(REPLACED / f"{name}.rq")
    assert replaced.sparql != query.sparql, f"{name}: the kept text is the current one"
    answered = 0
    for given in _parameter_cases(query, store):
        if query.compute == "path":
            given = {}  # its rows are the landscape's edges; the path search is tested apart
        bindings = bind_parameters(query, store, given)
        # the parts of a GROUP_CONCAT in code-point order, as every answer shows them: SPARQL
        # leaves their order to the engine, and a rewrite may change it
        new = sort_concatenations(query.sparql, run_select(store, query.sparql, bindings))
        old = sort_concatenations(replaced.sparql, run_select(store, replaced.sparql, bindings))
        assert new.columns == old.columns
        assert new.rows == old.rows, f"{name} {given}: the rewrite answers otherwise"
        answered += len(new.rows)
    assert answered > 0  # a comparison of two empty answers would prove nothing
