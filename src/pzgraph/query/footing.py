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
# The same pairs, for the shown entities only: looked up from each entity (an index lookup
# per entity), not by reading every relation of the landscape (5,400 rows on the curated
# graph: 0.4 s in the on-disk store for every answer, however small). The branch
# `{ ?linked ?in ?relation }` of RELATIONS adds no pair (its FILTER reads ?out, unbound
# there), so it is left out. The entities go into each branch: Oxigraph does not push a
# VALUES block into a UNION. (Keeping only the relations that link two shown entities, by
# GROUP BY ... HAVING, was slower: most of them do.)
RELATIONS_OF = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?relation ?rank ?linked WHERE {
  {
    VALUES ?linked { %(shown)s }
    ?relation ?out ?linked .
    FILTER(?out != pz:evidence && ?out != pz:zekerheid)
    ?relation pz:zekerheid ?footing . ?footing skos:notation ?rank .
    FILTER EXISTS { ?relation pz:evidence ?evidence }
  } UNION {
    # an evidence item that bears on one link of its record only (pz:covers): one end ...
    VALUES ?linked { %(shown)s }
    ?linked pz:evidence ?relation .
    ?relation pz:covers ?link ; pz:zekerheid/skos:notation ?rank .
  } UNION {
    # ... and the other
    VALUES ?linked { %(shown)s }
    ?record ?link ?linked .
    ?record pz:evidence ?relation .
    ?relation pz:covers ?link ; pz:zekerheid/skos:notation ?rank .
  }
}
"""
BATCH = 500


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
        links = relations_linking(store, iris)
    relations = by_pair(links)
    rows = []
    for row in result.rows:
        weakest = _weakest(row, own, relations)
        if limit is not None and (weakest is None or weakest > limit):
            continue
        rows.append([*row, footing_of.get(weakest, NONE) if weakest else NONE])
    return Result([*result.columns, COLUMN], rows)


def relations_linking(store, iris: list[str]) -> dict[str, tuple[int, set[str]]]:
    """Every relation with evidence that points at one of `iris`: its rank and which of
    them it links (a relation with two ranks keeps its weakest)."""
    links: dict[str, tuple[int, set[str]]] = {}
    for start in range(0, len(iris), BATCH):
        values = " ".join(str(ox.NamedNode(iri)) for iri in iris[start:start + BATCH])
        # rows by name: an endpoint's rows (endpoint.RemoteStore) are mappings
        for row in store.query(RELATIONS_OF % {"shown": values}, use_default_graph_as_union=True):
            relation = row["relation"].value
            known, shown = links.get(relation, (0, set()))
            links[relation] = (max(known, int(row["rank"].value)), shown)
            shown.add(row["linked"].value)
    return links


def by_pair(links: dict[str, tuple[int, set[str]]]) -> dict[tuple[str, str], int]:
    """The weakest rank of the relations that link each two shown entities (in code-point
    order): a row then looks up the pairs of its own entities. A relation counts for a row
    when it links two of the row's entities, so this is the same as testing every relation
    per row, which cost rows × relations (4 s for 7,000 rows at national scale)."""
    pairs: dict[tuple[str, str], int] = {}
    for rank, linked in links.values():
        ordered = sorted(linked)
        for at, first in enumerate(ordered):
            for second in ordered[at + 1:]:
                if pairs.get((first, second), 0) < rank:
                    pairs[first, second] = rank
    return pairs


def _weakest(row: Iterable[object], own: dict[str, int],
             relations: dict[tuple[str, str], int]) -> int | None:
    """The highest rank among the row's records and the relations linking two of them."""
    shown = sorted({t.value for t in row if isinstance(t, ox.NamedNode)})
    ranks = [own[iri] for iri in shown if iri in own]
    ranks += [relations[first, second] for at, first in enumerate(shown)
              for second in shown[at + 1:] if (first, second) in relations]
    return max(ranks) if ranks else None


def _limit(known: dict[str, tuple[int, ox.NamedNode]], level: str | None) -> int | None:
    if level is None:
        return None
    if level.strip().casefold() not in known:
        names = ", ".join(sorted(known, key=lambda name: known[name][0]))
        raise QueryError(f"parameter '{PARAMETER}' takes one of {names}, not {level!r}")
    return known[level.strip().casefold()][0]
