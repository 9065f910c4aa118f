"""The library's query files as other tools read them: valid SPARQL 1.1 for a second parser
(rdflib), the prologue in the order Virtuoso accepts, and taken for queries, not updates, by
SPARQLWrapper. Lists made by GROUP_CONCAT come out in one order whatever the engine."""

from __future__ import annotations

import re
import warnings

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery
from SPARQLWrapper import SPARQLWrapper

from pzgraph.query.library import Query, library
from pzgraph.query.results import Result, concatenations, sort_concatenations

# The query forms and update operations SPARQLWrapper looks for anywhere before the query
UPDATE_OR_FORM = re.compile(r"construct|ask|describe|insert|delete|create|clear|drop|load|copy"
                            r"|move|add", re.IGNORECASE)


@pytest.fixture(scope="module")
def queries(project) -> dict[str, Query]:
    return library(project.queries_dir)


def prologue(query: Query) -> list[str]:
    lines = [line.split()[0] for line in query.sparql.splitlines()
             if line.strip() and not line.startswith("#")]
    return lines[:next(i for i, word in enumerate(lines) if word not in ("BASE", "PREFIX"))]


def test_base_comes_before_every_prefix(queries):
    # Virtuoso 7.2 refuses "PREFIX ... BASE ..." (SPARQL 1.1 allows either order)
    late = [name for name, query in queries.items()
            if "BASE" in prologue(query) and prologue(query).index("BASE") > 0]
    assert late == []
    assert any("BASE" in prologue(query) for query in queries.values())


def test_rdflib_parses_every_query(queries):
    for name, query in queries.items():
        try:
            prepareQuery(query.sparql)
        except Exception as error:  # noqa: BLE001 - rdflib raises pyparsing errors and others
            pytest.fail(f"{name}: rdflib cannot parse it: {error}")


def test_sparqlwrapper_takes_every_query_for_a_select(queries):
    client = SPARQLWrapper("http://127.0.0.1:9/sparql")  # never contacted
    for name, query in queries.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "not detected query type" fails the test
            client.setQuery(query.sparql)
        assert client.queryType == "SELECT", name
        assert not client.isSparqlUpdateRequest(), name


def test_header_comments_hold_no_query_keyword(queries):
    # SPARQLWrapper strips only every other comment line (its pattern eats the line break the
    # next one needs), so no comment line before the query may hold such a word at all
    for name, query in queries.items():
        for line in query.sparql.splitlines():
            if not line.startswith("#"):
                break
            assert not UPDATE_OR_FORM.search(line), f"{name}: {line}"


def test_concatenated_lists_are_sorted_whatever_the_engine_order():
    sparql = ('SELECT ?x ?names WHERE { { SELECT ?x (GROUP_CONCAT(DISTINCT ?n; separator = "; ")'
              ' AS ?names) WHERE { ?x ?p ?n } GROUP BY ?x } }')
    assert concatenations(sparql) == {"names": "; "}
    x = ox.NamedNode("https://example.org/x")
    for engine_order in ("Zwolle; Almere; Ede", "Ede; Zwolle; Almere"):
        result = sort_concatenations(sparql, Result(["x", "names"],
                                                    [[x, ox.Literal(engine_order)], [x, None]]))
        assert result.rows == [[x, ox.Literal("Almere; Ede; Zwolle")], [x, None]]


def test_every_library_list_is_found(queries):
    found = {name: set(concatenations(query.sparql)) for name, query in queries.items()}
    assert found["municipality-coverage"] == {"covered_by", "believed"}
    assert found["members"] == {"sector"}
    assert found["shared-interventions"] == {"run_by"}
    # every GROUP_CONCAT of the library names its separator, so none is left unsorted
    for name, query in queries.items():
        assert query.sparql.upper().count("GROUP_CONCAT") == len(found[name]), name
