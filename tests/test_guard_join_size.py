"""The guard bounds the triple patterns one group joins (hostile review s9 #1).

Oxigraph plans a join at a cost growing with the fourth power of its patterns: 14 KB of
`?s ?p <a>, <b>, …` (900 objects) held a store process of `pzgraph serve` for its whole time
limit, and two such requests every process, so nobody else got an answer. Each shape below
joins 150 patterns in one group in the engine's eyes; each is refused before the engine sees
it, and the shapes the engine does not join (UNION branches, OPTIONAL, subqueries, a VALUES list,
IN lists) pass at any size the other limits allow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pzgraph.release.guard import QueryRefused, check_query
from pzgraph.release.join_size import largest_join

ROOT = Path(__file__).resolve().parents[1]
N = 150


def _group(first: int, last: int) -> str:
    return "{ " + " . ".join(f"?s <http://p/{i}> ?o" for i in range(first, last)) + " }"


JOINED = {
    "objects": "SELECT * WHERE { ?s ?p " + ", ".join(f"<http://x/{i}>" for i in range(N)) + " }",
    "predicates": "SELECT * WHERE { ?s " + "; ".join(
        f"<http://p/{i}> ?o" for i in range(N)) + " }",
    "triples": "SELECT * WHERE " + _group(0, N),
    "between filters": "SELECT * WHERE { " + " ".join(
        f"?s <http://p/{i}> ?o FILTER(true)" for i in range(N)) + " }",
    "nested groups": "SELECT * WHERE { " + _group(0, 50) + _group(50, 100) + _group(100, N) + " }",
    "graph groups": "SELECT * WHERE { " + " ".join(
        f"GRAPH ?g {{ ?s <http://p/{i}> ?o }}" for i in range(N)) + " }",
    "a union beside a join": "SELECT * WHERE { " + _group(0, 50) + " UNION " + _group(50, 100)
                             + " " + _group(100, 200) + " }",
    "a collection": "SELECT * WHERE { ?s ?p (" + " ".join(
        f"<http://x/{i}>" for i in range(N)) + ") }",
    "a blank node's properties": "SELECT * WHERE { ?s ?p [" + "; ".join(
        f"<http://p/{i}> ?o" for i in range(N)) + "] }",
    "sequence paths": "SELECT * WHERE { " + " . ".join(
        f"?s <http://p/{i}>/<http://q/{i}> ?o" for i in range(N // 2)) + " }",
    "inside EXISTS": "SELECT * WHERE { ?s ?p ?o FILTER(EXISTS " + _group(0, N) + ") }",
    "inside NOT EXISTS": "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS " + _group(0, N) + " }",
    "inside OPTIONAL": "SELECT * WHERE { ?s ?p ?o OPTIONAL " + _group(0, N) + " }",
    "between VALUES blocks": "SELECT * WHERE { " + " ".join(
        f"?s <http://p/{i}> ?o VALUES ?o {{ {i} }}" for i in range(N // 2)) + " }",
}

NOT_JOINED = {
    "union branches": "SELECT * WHERE { " + " UNION ".join(
        _group(a, a + 50) for a in (0, 50, 100)) + " }",
    "subqueries": "SELECT * WHERE { " + " ".join(
        "{ SELECT * WHERE " + _group(a, a + 50) + " }" for a in (0, 50, 100)) + " }",
    "optionals": "SELECT * WHERE { ?s ?p ?o " + " ".join(
        f"OPTIONAL {{ ?s <http://p/{i}> ?o }}" for i in range(N)) + " }",
    "values": "SELECT * WHERE { VALUES ?x { " + " ".join(
        f"<http://x/{i}>" for i in range(600)) + " } ?x ?p ?o }",
    "an IN list": "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(
        f"<http://x/{i}>" for i in range(600)) + ")) }",
    "a function's arguments": "SELECT * WHERE { ?s ?p ?o FILTER(CONCAT(" + ", ".join(
        f'"{i}"' for i in range(300)) + ") != \"\") }",
}


@pytest.mark.parametrize("name", sorted(JOINED))
def test_a_large_join_is_refused_before_the_engine_plans_it(name):
    assert largest_join(JOINED[name])[0] >= N
    with pytest.raises(QueryRefused, match="joins .* triple patterns in one group"):
        check_query(JOINED[name])


@pytest.mark.parametrize("name", sorted(NOT_JOINED))
def test_what_the_engine_does_not_join_passes(name):
    check_query(NOT_JOINED[name])


def test_the_library_queries_join_far_below_the_limit():
    for path in sorted((ROOT / "queries").glob("*.rq")):
        assert largest_join(path.read_text(encoding="utf-8"))[0] <= 30, path.name


def test_the_group_is_named_by_its_line():
    text = "SELECT * WHERE {\n ?s ?p ?o\n OPTIONAL " + _group(0, N) + "\n}"
    assert largest_join(text) == (N, 3)
