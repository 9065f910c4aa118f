"""The footing of every answer row (issue 16): column `zekerheid`, the weakest footing
(pz:zekerheid, the highest skos:notation of the scheme zekerheid) of the statements the row
shows: the record of every entity in the row, and every relation with evidence (membership,
coverage link, concept mapping, result) that links two entities of the row.

It is looked up after the query, in one SPARQL query for all rows, against the same store or
endpoint as the query itself, so it is the same locally and remotely. `-p zekerheid=LEVEL`
(citaat, bevestigd, oordeel, onbevestigd) keeps the rows whose weakest footing is LEVEL or
stronger, for every library query.

Not covered: what a row counts or lists without showing it (the projects behind a matrix
count, the names in a concatenated list); their footing is not in the column.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..errors import QueryError
from .results import Result

COLUMN = PARAMETER = "zekerheid"
SCHEME = "https://w3id.org/pzgraph/id/zekerheid"
# a row that shows no entity with a footing (a total over "no consortium recorded", say):
# there is nothing to look up, and the column says so rather than guess
NONE = ox.Literal("(onbepaald)")
OWN = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?node ?rank WHERE {
  VALUES ?node { %s }
  ?node pz:zekerheid/skos:notation ?rank .
}
"""
# every statement with evidence and the entities it links, in and out: memberships, coverage
# links, mappings, results, and the links an evidence item alone covers (one pass over them,
# cheaper than asking per entity of the rows)
RELATIONS = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?relation ?rank ?linked WHERE {
  {
    ?relation pz:evidence ?evidence ; pz:zekerheid/skos:notation ?rank .
    { ?relation ?out ?linked } UNION { ?linked ?in ?relation }
    FILTER(isIRI(?linked) && ?out != pz:evidence && ?out != pz:zekerheid)
  } UNION {
    # an evidence item that bears on one link of its record only (pz:covers): one end ...
    ?linked pz:evidence ?relation .
    ?relation pz:covers ?link ; pz:zekerheid/skos:notation ?rank .
  } UNION {
    # ... and the other
    ?record pz:evidence ?relation ; ?link ?linked .
    ?relation pz:covers ?link ; pz:zekerheid/skos:notation ?rank .
  }
}
"""


def levels(store) -> dict[str, tuple[int, ox.NamedNode]]:
    """The footings by label and id: citaat -> (1, <.../zekerheid/citaat>)."""
    rows = store.query(f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?footing ?rank WHERE {{ ?footing skos:inScheme <{SCHEME}> ;
        skos:notation ?rank }}""", use_default_graph_as_union=True)
    found = {}
    for row in rows:
        footing = row["footing"]
        found[footing.value.rsplit("/", 1)[-1]] = (int(row["rank"].value), footing)
    return found


def with_footing(result: Result, store, level: str | None = None) -> Result:
    """The result with the column zekerheid; with a level, only the rows at least that sure."""
    known = levels(store)
    footing_of = {rank: footing for rank, footing in known.values()}
    limit = _limit(known, level)
    if COLUMN in result.columns:  # the query gives it itself (evidence: each item's own)
        at = result.columns.index(COLUMN)
        rank_of = {footing.value: rank for rank, footing in known.values()}
        kept = [row for row in result.rows if limit is None or (
            row[at] is not None and rank_of.get(row[at].value, limit + 1) <= limit)]
        return Result(result.columns, kept)
    iris = sorted({t.value for row in result.rows for t in row if isinstance(t, ox.NamedNode)})
    own: dict[str, int] = {}
    links: dict[str, tuple[int, set[str]]] = {}
    if iris:
        values = " ".join(str(ox.NamedNode(iri)) for iri in iris)
        for row in store.query(OWN % values, use_default_graph_as_union=True):
            own[row["node"].value] = max(own.get(row["node"].value, 0), int(row["rank"].value))
        shown = set(iris)
        for row in store.query(RELATIONS, use_default_graph_as_union=True):
            if row["linked"].value in shown:
                rank, linked = links.setdefault(row["relation"].value,
                                                (int(row["rank"].value), set()))
                linked.add(row["linked"].value)
    relations = [(rank, linked) for rank, linked in links.values() if len(linked) > 1]
    rows = []
    for row in result.rows:
        weakest = _weakest(row, own, relations)
        if limit is not None and (weakest is None or weakest > limit):
            continue
        rows.append([*row, footing_of.get(weakest, NONE) if weakest else NONE])
    return Result([*result.columns, COLUMN], rows)


def _weakest(row: Iterable[object], own: dict[str, int],
             relations: list[tuple[int, set[str]]]) -> int | None:
    """The highest rank among the row's records and the relations linking two of them."""
    shown = {t.value for t in row if isinstance(t, ox.NamedNode)}
    ranks = [own[iri] for iri in shown if iri in own]
    ranks += [rank for rank, linked in relations if len(linked & shown) > 1]
    return max(ranks) if ranks else None


def _limit(known: dict[str, tuple[int, ox.NamedNode]], level: str | None) -> int | None:
    if level is None:
        return None
    if level.strip().casefold() not in known:
        names = ", ".join(sorted(known, key=lambda name: known[name][0]))
        raise QueryError(f"parameter '{PARAMETER}' takes one of {names}, not {level!r}")
    return known[level.strip().casefold()][0]
