"""Issue 17: a library query rewritten for speed (a form Oxigraph evaluates better at ten times
national scale) gives exactly the rows of the text it replaced, in the same order, on the
curated graph and on a small synthetic landscape, without and with a parameter (a list that
GROUP_CONCAT makes in code-point order, as pzgraph shows it).

The replaced texts are kept in tests/query_rewrites/ under the query's name: a further rewrite
of the same query is held to the same answers. (Their speed is measured in
benchmarks/query_speed.py, never asserted here.)"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from pzgraph.errors import QueryError
from pzgraph.project import Project
from pzgraph.query.library import library, parse_query_file
from pzgraph.query.parameters import ANY_ENTITY, bind_parameters, entity_classes
from pzgraph.query.results import Result, run_select, sort_concatenations
from pzgraph.query.sparql_values import with_values
from pzgraph.query.store import load
from pzgraph.release.guard import default_graph_is_union
from pzgraph.vocab import ID_BASE, PZ, SKOS, XSD

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
    first network of the graph (what most questions are asked for); and each entity or concept
    parameter with the first, middle and last of its instances."""
    cases: list[dict[str, str]] = [{}]
    first = next(iter(store.query(
        "SELECT ?n WHERE { ?n a <https://w3id.org/pzgraph/def#Network> } ORDER BY ?n LIMIT 1",
        use_default_graph_as_union=True)), None)
    if first is None:
        return cases
    for parameter in query.parameters:
        if parameter.entity_class and "Network" in parameter.entity_class.split("|"):
            cases.append({parameter.name: first[0].value})
        if parameter.entity_class or parameter.concept_scheme:  # and a few of any kind
            cases += [{parameter.name: term.value} for term in _sample_values(store, parameter)]
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
        try:
            bindings = bind_parameters(query, store, given)
        except QueryError:
            assert not given  # a default the synthetic graph lacks (Septet's plan)
            continue
        # the parts of a GROUP_CONCAT in code-point order, as every answer shows them: SPARQL
        # leaves their order to the engine, and a rewrite may change it
        new = sort_concatenations(query.sparql, run_select(store, query.sparql, bindings))
        old = sort_concatenations(replaced.sparql, run_select(store, replaced.sparql, bindings))
        assert new.columns == old.columns
        assert new.rows == old.rows, f"{name} {given}: the rewrite answers otherwise"
        answered += len(new.rows)
    assert answered > 0  # a comparison of two empty answers would prove nothing


# --- where a parameter's VALUES block goes (query/sparql_values.py) --------------------------

RDFS_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


def _sample_values(store, parameter) -> list[ox.NamedNode | ox.Literal]:
    """A few values of a parameter that occur in the graph: for an entity or concept the first,
    middle and last of its instances (by IRI), for a number or year a few plain ones."""
    if parameter.type in ("integer", "year"):
        datatype = ox.NamedNode(XSD + ("integer" if parameter.type == "integer" else "gYear"))
        values = ("0", "1", "2", "3") if parameter.type == "integer" else ("2024", "2025")
        return [ox.Literal(value, datatype=datatype) for value in values]
    if parameter.type == "string":
        return [ox.Literal("zorg")]
    if parameter.concept_scheme:
        pattern = f"?e <{SKOS}inScheme> <{ID_BASE}{parameter.concept_scheme}>"
    elif parameter.entity_class == ANY_ENTITY:
        pattern = f"VALUES ?c {{ <{PZ}Network> <{PZ}Organisation> <{PZ}Project> }} ?e a ?c"
    elif parameter.entity_class:
        classes = " ".join(str(c) for c in entity_classes(parameter))
        pattern = f"VALUES ?c {{ {classes} }} ?e a/{RDFS_SUBCLASS}* ?c"
    else:
        return []  # a file
    found = [row["e"] for row in store.query(
        f"SELECT DISTINCT ?e WHERE {{ {pattern} }} ORDER BY ?e", use_default_graph_as_union=True)]
    return list(dict.fromkeys(found[i] for i in (0, len(found) // 2, -1))) if found else []


def _ordered_rows(store, sparql: str) -> list[tuple[str, ...]]:
    """The rows in their order, the parts of each GROUP_CONCAT list sorted as pzgraph shows
    them (their order is the engine's: a VALUES copy may change it, as any plan change may)."""
    solutions = store.query(sparql, use_default_graph_as_union=default_graph_is_union(sparql))
    result = Result([v.value for v in solutions.variables], [list(s) for s in solutions])
    return [tuple("" if term is None else str(term) for term in row)
            for row in sort_concatenations(sparql, result).rows]


@pytest.mark.parametrize("which", ["curated", "synthetic"])
def test_values_placed_inside_answer_as_the_outer_block_alone(which, stores):
    """Every library query that takes a parameter, each parameter alone (several values) and
    all together: the VALUES copies inside its groups, branches and sub-SELECTs give the rows
    of the plain form (one block at the top of the WHERE), in the same order."""
    chosen, store = stores[which]
    placed = answered = 0
    for query in library(chosen.queries_dir).values():
        if query.compare or not query.parameters:
            continue
        try:
            defaults = bind_parameters(query, store, {})
        except QueryError:  # a default the synthetic graph lacks (Septet's plan): in the text
            defaults = {}
        samples = {p.name: _sample_values(store, p) for p in query.parameters}
        cases = [{**defaults, name: term} for name, terms in samples.items() for term in terms]
        cases.append({**defaults, **{name: terms[-1] for name, terms in samples.items() if terms}})
        for bindings in cases:
            inside = with_values(query.sparql, bindings)
            plain = with_values(query.sparql, bindings, into_subselects=False)
            expected = _ordered_rows(store, plain)
            assert _ordered_rows(store, inside) == expected, (query.name, bindings)
            placed += inside != plain
            answered += bool(expected) and inside != plain
    assert placed >= 40 and answered >= 20, (placed, answered)  # the copies were exercised
