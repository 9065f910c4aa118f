"""The maps' data made fast stays the data the plain way gives (issue 18: the national
landscape at 10x). Each fast part is held to the plain form it replaced: the evidence read
from the store's indexes to the query with OPTIONALs, the JSON of orjson to json.dumps, the
one-pass search for abbreviations to one search per abbreviation, and a map made with the
garbage collector held off to one made with it on.
"""

from __future__ import annotations

import gc
import json
import re

import pyoxigraph as ox
import pytest

from pzgraph import glossary, maps
from pzgraph.maps import evidence
from pzgraph.maps import graph as views
from pzgraph.maps.assets import embed_json
from pzgraph.maps.evidence import LOOK_UP_MAX, evidence_rows
from pzgraph.maps.render import _abbreviations
from pzgraph.vocab import PZ
from pzgraph.vocab import short_id as short

# The query the maps ran before (facts.py, session 6), with the covered links of each item
QUERY = """PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?thing ?e ?source ?quote ?judgement ?locator ?verification WHERE {
  ?thing pz:evidence ?e .
  OPTIONAL { ?e dcterms:source ?source }
  OPTIONAL { ?e pz:quote ?quote }
  OPTIONAL { ?e pz:curatorJudgement ?judgement }
  OPTIONAL { ?e pz:locator ?locator }
  OPTIONAL { ?e pz:zekerheid ?verification }
}"""
COVERS = """PREFIX pz: <https://w3id.org/pzgraph/def#>
SELECT DISTINCT ?e ?link WHERE { ?thing pz:evidence ?e . ?e pz:covers ?link }"""


def _by_query(store: ox.Store) -> list[dict[str, str]]:
    covers: dict[str, list[str]] = {}
    for item, link in store.query(COVERS, use_default_graph_as_union=True):
        covers.setdefault(item.value, []).append(link.value.rsplit("#", 1)[-1])
    rows = []
    for solution in store.query(QUERY, use_default_graph_as_union=True):
        row = {name: term.value for name, term in zip(
            ["thing", "e", "source", "quote", "judgement", "locator", "verification"],
            solution, strict=True) if term is not None}
        row["thing"] = short(row["thing"])
        if row["e"] in covers:
            row["covers"] = sorted(covers[row["e"]])
        rows.append(row)
    return rows


def _key(row: dict[str, str]) -> str:
    return json.dumps(row, sort_keys=True)


def _same_rows(store: ox.Store, things: set[str]) -> None:
    expected = sorted((r for r in _by_query(store) if r["thing"] in things), key=_key)
    assert expected, "nothing to compare"
    assert sorted(evidence_rows(store, things), key=_key) == expected


@pytest.mark.parametrize("look_up_max", [LOOK_UP_MAX, 10])  # looked up, or one pass
def test_evidence_read_from_the_indexes_is_the_querys_on_the_curated_graph(
        graph, monkeypatch, look_up_max):
    monkeypatch.setattr(evidence, "LOOK_UP_MAX", look_up_max)
    everything = {r["thing"] for r in _by_query(graph.store)}
    _same_rows(graph.store, everything)
    _same_rows(graph.store, set(sorted(everything)[::25]))  # a few: only theirs


def test_evidence_rows_follow_the_query_where_an_item_says_more_than_once():
    node = ox.NamedNode
    base, dc = "https://w3id.org/pzgraph/id/", "http://purl.org/dc/terms/"
    thing, item, other = node(base + "organisatie/a"), node(base + "bewijs/1"), node(base + "b/2")
    graph_a, graph_b = node(base + "graph/a"), node(base + "graph/b")
    store = ox.Store()
    store.extend([
        ox.Quad(thing, node(PZ + "evidence"), item, graph_a),
        ox.Quad(thing, node(PZ + "evidence"), item, graph_b),  # the same link twice
        ox.Quad(item, node(PZ + "quote"), ox.Literal("Een citaat.", language="nl"), graph_a),
        ox.Quad(item, node(PZ + "quote"), ox.Literal("Een citaat.", language="nl"), graph_b),
        ox.Quad(item, node(PZ + "locator"), ox.Literal("p. 1"), graph_a),
        ox.Quad(item, node(PZ + "locator"), ox.Literal("p. 2"), graph_a),  # two rows
        ox.Quad(item, node(dc + "source"), node(base + "bron/x"), graph_a),
        ox.Quad(item, node(PZ + "covers"), node(PZ + "runBy"), graph_a),
        ox.Quad(item, node(PZ + "covers"), node(PZ + "lead"), graph_b),
        ox.Quad(thing, node(PZ + "evidence"), other, graph_a),  # an item that says nothing
        ox.Quad(thing, node(PZ + "evidence"), ox.Literal("los"), graph_a),  # not an item
    ])
    _same_rows(store, {"organisatie/a"})
    assert len(evidence_rows(store, {"organisatie/a"})) == 4


def test_orjson_writes_the_json_that_json_dumps_wrote(graph):
    for view in (views.landscape(graph), views.coverage(graph)):
        data = maps.page.vis_data(view)
        assert embed_json(data) == json.dumps(
            data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace(
            "<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _one_search_each(text: str) -> list[list[str]]:
    """The search before: one pass per abbreviation."""
    text = text.replace("\\n", " ").replace("\\t", " ").replace("\\r", " ")
    text = text.replace("\\u0026", "&")  # (report7: embed_json escapes '&', as in NPZR&o)
    return [[s, long] for s, long in glossary.ABBREVIATIONS.items()
            if re.search(re.escape(s) + r"(?<![^\W_]" + re.escape(s) + r")(?![^\W_])", text)]


@pytest.mark.parametrize("text", [
    "PZNL en PZP", "de PZP-regio", "NPPZ", "xNPZ NPZx", "ÉNPZ", "é PZ_", "VWS\\nGGD",
    "ZonMw, KWF; DB", "PN-raad PN-raadslid", "niets", ""])
def test_one_pass_finds_the_abbreviations_one_search_each_found(text):
    assert _abbreviations(text) == _one_search_each(text)


def test_one_pass_finds_the_abbreviations_of_the_curated_maps(graph):
    for view in (views.landscape(graph), views.coverage(graph)):
        text = embed_json(maps.page.vis_data(view))
        assert _abbreviations(text) == _one_search_each(text)
        assert _abbreviations(text)


def test_a_map_made_with_the_collector_held_is_the_same_and_the_collector_comes_back(graph):
    assert gc.isenabled()
    assert maps.render(maps.landscape(graph)) == maps.page.render(views.landscape(graph))
    assert maps.render(maps.coverage(graph)) == maps.page.render(views.coverage(graph))
    assert gc.isenabled()
    gc.disable()  # held by the caller: left held
    try:
        maps.landscape(graph)
        assert not gc.isenabled()
    finally:
        gc.enable()
