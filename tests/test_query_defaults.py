"""A library query run as a file, in any store, answers as `pzgraph query NAME` does.

A parameter's default was only in the `# param:` header, which another store does not read:
bridges and shared-interventions answered 0 rows there (`FILTER(?networks >= ?minimum)` with
?minimum unbound), transformation-matrix every plan at once (linked-data review S7). Each
default is now also in the query (COALESCE), so the file alone gives the default answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pzgraph.query.library import library
from pzgraph.query.parameters import bind_parameters
from pzgraph.query.results import run_select

QUERIES = library(Path(__file__).resolve().parents[1] / "queries")
WITH_DEFAULTS = sorted(query.name for query in QUERIES.values()
                       if any(p.default is not None and p.type != "file"
                              for p in query.parameters) and not query.compare)


def test_the_queries_with_defaults_are_found():
    assert {"bridges", "shared-interventions", "transformation-matrix"} <= set(WITH_DEFAULTS)


@pytest.mark.parametrize("name", WITH_DEFAULTS)
def test_the_file_alone_answers_with_the_defaults(graph, name):
    query = QUERIES[name]
    bound = run_select(graph.store, query.sparql, bind_parameters(query, graph.store, {}))
    alone = run_select(graph.store, query.sparql)  # as another store runs the file
    assert bound.rows, name
    assert alone.columns == bound.columns and alone.rows == bound.rows, name
