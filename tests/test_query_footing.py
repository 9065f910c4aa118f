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
LEVELS = ["citaat", "genoemd", "bevestigd", "oordeel", "onbevestigd", "voorstel"]


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
        for level in ("citaat", "genoemd", "oordeel"):
            kept = answer(query, graph.store, {**params, "zekerheid": level}, as_matrix=False)
            assert kept.rows == [row for row in full.rows
                                 if LEVELS.index(row[-1]) <= LEVELS.index(level)], (name, level)
            if 0 < len(kept.rows) < len(full.rows):
                narrowed.add((name, level))
    # the filter has something to do: surer and weaker rows side by side (a count per sector
    # rests on sector concepts named in the sources, genoemd, and one believed, onbevestigd)
    assert {("evidence", "citaat"), ("sector-representation", "genoemd")} <= narrowed


def test_an_unknown_level_is_refused_with_the_levels(answers, graph):
    query, params, _ = answers["members"]
    with pytest.raises(QueryError, match="citaat, genoemd, bevestigd, oordeel, onbevestigd"):
        answer(query, graph.store, {**params, "zekerheid": "zeker"})


# --- matrices: what a count rests on, and "no data" apart from "a gap" ------------------------

VELUWE = "Netwerk Palliatieve Zorg Noordwest-Veluwe"
ROTTERDAM = "Netwerk Palliatieve Zorg Rotterdam en omstreken"
EEMLAND = "Netwerk Palliatieve Zorg Eemland"
COUNTING = ("kwaliteitskader-matrix", "kwaliteitskader-subdomain-matrix", "pnraad-matrix")


def cells(result, name: str) -> dict[str, str]:
    return next(dict(zip(result.columns, row, strict=True)) for row in result.rows
                if row[0] == name)


def number(cell: str) -> tuple[int, int]:
    """`5 (2 oordeel, 1 onbevestigd)` → (5, 3): the count and how many of it are not quoted."""
    if not cell:
        return 0, 0
    total, _, rest = cell.partition(" (")
    return int(total), sum(int(part.split()[0]) for part in rest.rstrip(")").split(", ") if part)


def test_a_matrix_cell_says_how_much_of_its_count_is_judged(answers, graph):
    query, _, _ = answers["kwaliteitskader-matrix"]
    matrix = answer(query, graph.store, {})
    # 001 places two pieces of work on aftercare ("2026 idem met als thema ‘nazorg’", the
    # levenspad's "Nazorg"); the source names no Kwaliteitskader domain: both coverage links to
    # domain 8 are the curator's judgement
    veluwe = cells(matrix, VELUWE)
    assert veluwe["Verlies en rouw"] == "2 (2 oordeel)"
    assert veluwe["zekerheid"] == "oordeel"  # the row is never surer than what it counts
    # Rotterdam's matrix (003 §6) files most activities under a subdomain by quote, some by
    # judgement: a mixed cell
    total, judged = number(cells(matrix, ROTTERDAM)["Structuur en proces"])
    assert 0 < judged < total
    # the long form shows each counted item; its coverage link is in the row's footing
    long = answers["kwaliteitskader-matrix"][2]
    items = [dict(zip(long.columns, row, strict=True)) for row in long.rows]
    aftercare = [r for r in items if r["network"] == VELUWE and r["domain"] == "Verlies en rouw"]
    assert len(aftercare) == 2 and all(r["zekerheid"] != "citaat" for r in aftercare)


def test_a_level_counts_only_the_items_at_least_that_sure(answers, graph):
    for name in COUNTING:
        query, _, _ = answers[name]
        full = answer(query, graph.store, {})
        quoted = answer(query, graph.store, {"zekerheid": "citaat"})
        # the frame stays: every row and column; only the counts change
        assert quoted.columns == full.columns, name
        assert [row[0] for row in quoted.rows] == [row[0] for row in full.rows], name
        lowered = 0
        for before, after in zip(full.rows, quoted.rows, strict=True):
            for column, was, now in zip(full.columns[1:-2], before[1:-2], after[1:-2],
                                        strict=True):
                total, weaker = number(was)
                assert number(now) == (total - weaker, 0), (name, before[0], column, was, now)
                lowered += weaker > 0
        assert lowered, name  # the level made a difference somewhere
    matrix = answer(answers["kwaliteitskader-matrix"][0], graph.store, {"zekerheid": "citaat"})
    assert cells(matrix, VELUWE)["Verlies en rouw"] == ""  # judged only: nothing quoted left
    long = answer(answers["kwaliteitskader-matrix"][0], graph.store, {"zekerheid": "citaat"},
                  as_matrix=False)
    assert [row[4] for row in long.rows if row[0] == VELUWE and row[1] == "Verlies en rouw"] \
        == ["niet gedekt"]


def test_a_network_without_projects_has_no_data_not_gaps(answers, graph):
    # 000 names Eemland as a network of Septet; no source document records its work
    networks = {row["label"].value for row in graph.store.query("""
        PREFIX pz: <https://w3id.org/pzgraph/def#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?label WHERE { ?n a ?type ; skos:prefLabel ?label . FILTER(LANG(?label) = "nl")
          VALUES ?type { pz:Network pz:Consortium } }""", use_default_graph_as_union=True)}
    assert len(networks) > 40 and EEMLAND in networks
    for name, what, matrix, covered in (
            ("kwaliteitskader-gaps", 10, "kwaliteitskader-matrix", "rotterdam-en-omstreken"),
            ("pnraad-gaps", 8, "pnraad-matrix", "noordwest-utrecht")):
        query, _, _ = answers[name]
        gaps = answer(query, graph.store, {"network": "eemland"})
        assert len(gaps.rows) == what and {row[2] for row in gaps.rows} == {"geen gegevens"}
        with_work = answer(query, graph.store, {"network": covered})
        assert with_work.rows and {row[2] for row in with_work.rows} == {"niet gedekt"}
        # every network and consortium is in the matrix, with or without work; the gap list
        # names each one with a blank cell (all but those that cover everything)
        rows = answer(answers[matrix][0], graph.store, {}).rows
        assert {row[0] for row in rows} == networks, matrix
        blank = {row[0] for row in rows if "" in row[1:-2]}
        assert {row[0] for row in answers[name][2].rows} == blank, name
    for name in COUNTING:
        eemland = cells(answer(answers[name][0], graph.store, {}), EEMLAND)
        assert eemland["stand"] == "geen gegevens"
        assert {v for k, v in eemland.items() if k not in ("network", "stand", "zekerheid")} \
            == {""}


def test_a_frame_of_one_consortium_is_no_gap_for_another(answers, graph):
    # 000: "De PatiëntenNaastenraad (PNraad) van Septet heeft de uitkomsten van de verkenning
    # omarmd en de conclusies ervan tot speerpunten gemaakt": Septet's frame. Rotterdam (003)
    # and Gooi (004) belong to other consortia and never mention it: not their gaps.
    query = answers["pnraad-gaps"][0]
    for network in ("rotterdam-en-omstreken", "gooi-en-vechtstreek"):
        rows = answer(query, graph.store, {"network": network}).rows
        assert len(rows) == 8 and {row[2] for row in rows} == {"niet van toepassing"}
    matrix = answer(answers["pnraad-matrix"][0], graph.store, {})
    assert cells(matrix, ROTTERDAM)["stand"] == "niet van toepassing"
    assert cells(matrix, VELUWE)["stand"] == "met gegevens"  # 001: "actief lid van ... Septet"
    # the Kwaliteitskader is national: there Rotterdam's blanks are gaps
    kk = answer(answers["kwaliteitskader-gaps"][0], graph.store,
                {"network": "rotterdam-en-omstreken"})
    assert {row[2] for row in kk.rows} == {"niet gedekt"}


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


def test_a_judged_relation_weighs_only_on_rows_that_show_what_it_is_about(answers, graph):
    """Eemland's judged membership of Septet links Septet and the role 'lid' too; a row
    showing Septet, Noordwest-Utrecht and 'lid' does not show Eemland, so it keeps the footing
    of Noordwest-Utrecht's own quoted membership (an outside audit found it read 'oordeel')."""
    query = answers["members"][0]
    rows = answer(query, graph.store, {"network": "septet"}, as_matrix=False).rows
    footing = {row[1]: row[-1] for row in rows if row[2] == "Lid"}
    assert footing["Netwerk Palliatieve Zorg Noordwest-Utrecht"] in ("citaat", "bevestigd")
    assert footing["Netwerk Palliatieve Zorg Eemland"] in ("oordeel", "onbevestigd")


def test_a_row_on_a_concept_named_but_not_quoted_is_genoemd(answers):
    """A count per sector rests on the sector concepts alone; they are named in the source
    documents in the project's words, not quoted, so the rows are genoemd, not citaat
    (linked-data review S7 #6)."""
    _, _, result = answers["sector-representation"]
    footings = {row[-1] for row in result.rows}
    assert "genoemd" in footings and "citaat" not in footings
