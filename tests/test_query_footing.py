"""Issue 16 (query part): every row of every library query says how sure it is: column
`zekerheid`, the weakest footing of the records the row shows and of the relations with
evidence that link two of them; `-p zekerheid=LEVEL` keeps the rows at least that sure."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pzgraph.errors import QueryError
from pzgraph.query.library import library
from pzgraph.query.run import answer

PARAMS = {"connection-path": {"from": "Careyn", "to": "Stichting palliatieve zorg Veluwe"}}
LEVELS = ["citaat", "bevestigd", "oordeel", "onbevestigd", "voorstel"]


@pytest.fixture(scope="module")
def answers(project, graph, tmp_path_factory):
    queries = library(project.queries_dir)
    found = {}
    for name, query in queries.items():
        params = dict(PARAMS.get(name, {}))
        if query.compare:
            params = {"old": str(graph.path), "new": str(graph.path)}
        found[name] = (query, params, answer(query, graph.store, params, as_matrix=False,
                                             current_version=graph.path))
    return found


def test_every_row_of_every_query_has_a_footing(answers):
    for name, (_, _, result) in answers.items():
        assert result.columns[-1] == "zekerheid", name
        # every row that shows an entity has a footing; one that shows none (a total over
        # "no consortium recorded") says "(onbepaald)"
        missing = [text for text, terms in zip(result.rows, result.result.rows, strict=True)
                   if text[-1] not in LEVELS and (text[-1] != "(onbepaald)" or any(
                       isinstance(term, ox.NamedNode) for term in terms[:-1]))]
        assert missing == [], f"{name}: {len(missing)} rows without footing, e.g. {missing[:2]}"
    # the column tells footings apart: the library's rows are not all of one kind
    seen = {row[-1] for _, _, result in answers.values() for row in result.rows}
    assert {"citaat", "bevestigd", "oordeel"} <= seen


def test_a_level_keeps_the_rows_at_least_that_sure(answers, graph):
    narrowed = set()
    for name in ("members", "networks-consortia", "national-structure", "evidence",
                 "sector-representation"):
        query, params, full = answers[name]
        quoted = answer(query, graph.store, {**params, "zekerheid": "citaat"}, as_matrix=False)
        assert quoted.rows == [row for row in full.rows if row[-1] == "citaat"], name
        if 0 < len(quoted.rows) < len(full.rows):
            narrowed.add(name)
        judged = answer(query, graph.store, {**params, "zekerheid": "oordeel"}, as_matrix=False)
        assert judged.rows == [row for row in full.rows
                               if LEVELS.index(row[-1]) <= LEVELS.index("oordeel")], name
    # the filter has something to do: quoted and other rows side by side
    assert {"evidence", "sector-representation"} <= narrowed


def test_an_unknown_level_is_refused_with_the_levels(answers, graph):
    query, params, _ = answers["members"]
    with pytest.raises(QueryError, match="citaat, bevestigd, oordeel, onbevestigd"):
        answer(query, graph.store, {**params, "zekerheid": "zeker"})


@pytest.mark.parametrize(("network", "footing"), [
    # the reference sheet's unverified best guess [B] for an area no source gives
    ("noordwest-veluwe", "onbevestigd"), ("gooi-en-vechtstreek", "onbevestigd"),
    # the source gives one joint area; its split over the two networks is a judgement
    ("noordwest-utrecht", "oordeel"), ("utrecht-zuid", "oordeel"),
])
def test_a_working_area_is_as_sure_as_its_source(answers, graph, network, footing):
    query = answers["working-area"][0]
    rows = answer(query, graph.store, {"network": network}, as_matrix=False).rows
    assert rows and {row[-1] for row in rows} == {footing}


def test_a_derived_province_weighs_only_where_the_province_is_shown(graph):
    """A municipality's province derived from its safety region (covers: [partOf]) makes an
    answer with the province a judgement, not every answer that names the municipality."""
    from pzgraph.query.footing import with_footing
    from pzgraph.query.results import Result

    aalsmeer = ox.NamedNode("https://w3id.org/pzgraph/id/gemeente/GM0358")
    province = ox.NamedNode("https://w3id.org/pzgraph/id/provincie/noord-holland")
    with_province = with_footing(Result(["m", "p"], [[aalsmeer, province]]), graph.store)
    alone = with_footing(Result(["m"], [[aalsmeer]]), graph.store)
    assert with_province.rows[0][-1].value.endswith("/onbevestigd")
    assert alone.rows[0][-1].value.endswith("/bevestigd")
