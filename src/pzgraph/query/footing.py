"""The footing of every answer row (issue 16): column `zekerheid`, the weakest footing
(pz:zekerheid, the highest skos:notation of the scheme zekerheid) of the statements the row
shows: the record of every entity in the row, and every relation with evidence (membership,
coverage link, concept mapping, result) that links two entities of the row.

It is looked up after the query, in one SPARQL query for all rows, against the same store or
endpoint as the query itself, so it is the same locally and remotely. `-p zekerheid=LEVEL`
(citaat, genoemd, bevestigd, oordeel, onbevestigd) keeps the rows whose weakest footing is
LEVEL or stronger, for every library query.

A matrix counts or lists items (`# view: pivot ... count=work` or `list=project`): its query
returns one row per counted item (and one per empty cell), so the item is shown and its
footing is in the row's column like any other. The item's own footing (`counted`) is the
weakest of its record and of the relations with evidence that link it to another entity of its
row (the coverage link that puts it in the cell); the pivot says per cell how many of its items
are not quoted. With a level, a matrix keeps its frame (every row and column) and counts only
the items at least that sure: an item row below the level becomes the empty cell it would be
without that item (see `keep_counted`).

Not covered: the names in a concatenated list (GROUP_CONCAT) of a table row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import QueryError
from .results import Result
from .sparql_values import blocks

if TYPE_CHECKING:
    from .footing_index import FootingIndex

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
    {
      ?relation ?out ?linked .
      FILTER(isIRI(?linked) && ?out != pz:evidence && ?out != pz:zekerheid)
    } UNION {
      # on the way in only to a qualified link (what points at a record is no part of it)
      VALUES ?qualified { pz:CoverageLink pz:ConceptMapping }
      ?relation a ?qualified .
      ?linked ?in ?relation .
    }
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
# graph: 0.4 s in the on-disk store for every answer, however small). The entities go into
# each branch: Oxigraph does not push a VALUES block into a UNION. A test holds it to
# RELATIONS (tests/test_fast_paths.py).
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
    # on the way in only to a qualified link (what points at a record is no part of it)
    VALUES ?linked { %(shown)s }
    ?linked ?in ?relation .
    VALUES ?qualified { pz:CoverageLink pz:ConceptMapping }
    ?relation a ?qualified ; pz:zekerheid/skos:notation ?rank .
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
# The records a relation links (not the vocabulary concepts: a role, a domain, a sector): a
# relation weighs on a row only when the row shows all of them, so Eemland's judged membership
# of Septet (Septet, Eemland, rol/lid) does not weaken a row "Septet | Noordwest-Utrecht | lid"
# that shows two of its ends but not the member it is about.
RECORD_ENDS = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?relation ?end WHERE {
  VALUES ?relation { %s }
  {
    ?relation ?out ?end .
    FILTER(?out != pz:evidence && ?out != pz:zekerheid && ?out != rdf:type)
    FILTER NOT EXISTS { ?relation a pz:Evidence }
  } UNION {
    VALUES ?qualified { pz:CoverageLink pz:ConceptMapping }
    ?relation a ?qualified .
    ?end ?in ?relation .
  } UNION {
    # an evidence item that covers one link (pz:covers): the record that holds it
    ?relation a pz:Evidence .
    ?end pz:evidence ?relation .
  }
  FILTER(isIRI(?end))
  FILTER NOT EXISTS { ?end a skos:Concept }
}
"""


def relations_linking(store, iris: list[str]) -> dict[str, tuple[int, set[str]]]:
    """Every relation with evidence linked to one of `iris` (as RELATIONS links them): its
    rank and which of them it links (a relation with two ranks keeps its weakest)."""
    links: dict[str, tuple[int, set[str]]] = {}
    for values in blocks(iris):
        add_links(links, store.query(RELATIONS_OF % {"shown": values},
                                     use_default_graph_as_union=True))
    return links


def add_links(links: dict[str, tuple[int, set[str]]], rows) -> None:
    """Rows of RELATIONS (or RELATIONS_OF) into `links`: each relation's weakest rank and the
    entities it links. Rows by name: an endpoint's rows (endpoint.RemoteStore) are mappings."""
    for row in rows:
        relation = row["relation"].value
        known, linked = links.get(relation, (0, set()))
        links[relation] = (max(known, int(row["rank"].value)), linked)
        linked.add(row["linked"].value)


def add_ends(ends: dict[str, set[str]], rows) -> None:
    """Rows of RECORD_ENDS into `ends`: the records each relation links."""
    for row in rows:
        ends.setdefault(row["relation"].value, set()).add(row["end"].value)


def record_ends(store, relations: list[str]) -> dict[str, set[str]]:
    """The records each relation links (RECORD_ENDS); for an evidence item with pz:covers, the
    record that holds it (the value it covers is the other end of the pair)."""
    ends: dict[str, set[str]] = {}
    for values in blocks(relations):
        add_ends(ends, store.query(RECORD_ENDS % values, use_default_graph_as_union=True))
    return ends


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


class Footings:
    """The footing of the records and evidenced relations behind a set of rows, looked up once."""

    def __init__(self, store, rows: list[list]):
        iris = sorted({t.value for row in rows for t in row if isinstance(t, ox.NamedNode)})
        own: dict[str, int] = {}
        links: dict[str, tuple[int, set[str]]] = {}
        if iris:
            for values in blocks(iris):
                add_own(own, store.query(OWN % values, use_default_graph_as_union=True))
            links = relations_linking(store, iris)
        self._index(own, links, record_ends(store, sorted(links)) if links else {})

    def _index(self, own: dict[str, int], links: dict[str, tuple[int, set[str]]],
               ends: dict[str, set[str]]) -> None:
        self.own, self.ends = own, ends
        # the relations under each two entities they link (in code-point order): a row looks
        # up the pairs of its own entities. Indexing by one entity made a hub (a role, a
        # network) cost every row thousands of relations: members at 1x, 29 s of 32 s.
        self.pairs: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for relation, (rank, linked) in links.items():
            ordered = sorted(linked)
            for at, first in enumerate(ordered):
                for second in ordered[at + 1:]:
                    self.pairs.setdefault((first, second), []).append((relation, rank))

    def _linking(self, first: str, second: str) -> list[tuple[str, int]]:
        return self.pairs.get((first, second) if first < second else (second, first), [])

    def row(self, row: Iterable[object]) -> int | None:
        """The weakest footing of the row's records and the relations linking two of them;
        a relation that is itself an entity of the row counts there as a record (own), not
        as a link between that entity and what points to it."""
        shown = sorted({t.value for t in row if isinstance(t, ox.NamedNode)})
        present = set(shown)
        ranks = [self.own[iri] for iri in shown if iri in self.own]
        ranks += [rank for at, first in enumerate(shown) for second in shown[at + 1:]
                  for relation, rank in self.pairs.get((first, second), ())
                  if relation not in present and self.ends.get(relation, set()) <= present]
        return max(ranks) if ranks else None

    def counted(self, row: list, item: int) -> int | None:
        """The footing of the item in column `item`: its record and its relations to the row."""
        term = row[item]
        if not isinstance(term, ox.NamedNode):
            return None
        shown = {t.value for t in row if isinstance(t, ox.NamedNode)}
        ranks = [self.own[term.value]] if term.value in self.own else []
        ranks += [rank for other in shown if other != term.value
                  for relation, rank in self._linking(term.value, other)
                  if relation == term.value or (relation not in shown
                                                and self.ends.get(relation, set()) <= shown)]
        return max(ranks) if ranks else None


def add_own(own: dict[str, int], rows) -> None:
    for row in rows:
        node = row["node"].value
        own[node] = max(own.get(node, 0), int(row["rank"].value))


def names(store) -> list[str]:
    """The footings by name, from surest to weakest: citaat, bevestigd, ..."""
    known = levels(store)
    return sorted(known, key=lambda name: known[name][0])


def with_footing(result: Result, store, level: str | None = None,
                 frame: tuple[str, ...] | None = None,
                 everything: FootingIndex | None = None) -> Result:
    """The result with the column zekerheid; with a level, only the rows at least that sure.

    `frame`: a matrix's row and column keys and its counted item; then the level keeps the
    frame and filters the items instead of the rows (keep_counted). `everything`: the
    store's footings looked up beforehand (FootingIndex), else looked up here."""
    known = levels(store)
    footing_of = {rank: footing for rank, footing in known.values()}
    limit = _limit(known, level)
    if COLUMN in result.columns:  # the query gives it itself (evidence: each item's own)
        at = result.columns.index(COLUMN)
        rank_of = {footing.value: rank for rank, footing in known.values()}
        kept = [row for row in result.rows if limit is None or (
            row[at] is not None and rank_of.get(row[at].value, limit + 1) <= limit)]
        return Result(result.columns, kept)
    footings = everything if everything is not None else Footings(store, result.rows)
    if frame:
        result = keep_counted(result, footings, frame, limit)
        limit = None  # the frame stays whole
    rows, counted = [], []
    names = {rank: name for name, (rank, _) in known.items()}
    if frame:  # the columns of the row key and of the item the row counts
        key, item = (result.columns.index(c) for c in (frame[0], frame[2]))
    for row in result.rows:
        weakest = footings.row(row)
        if limit is not None and (weakest is None or weakest > limit):
            continue
        rows.append([*row, footing_of.get(weakest, NONE) if weakest else NONE])
        if frame:  # the footings of the item the row counts and of its row key, by name
            counted.append((names.get(footings.counted(row, item) or 0),
                            names.get(footings.own.get(getattr(row[key], "value", ""), 0))))
    return Result([*result.columns, COLUMN], rows, counted if frame else None)


# The column of a coverage matrix that says whether a cell is covered (see the glossary)
STAND, COVERED, NOT_COVERED = "stand", "gedekt", "niet gedekt"


def keep_counted(result: Result, footings: Footings | FootingIndex, frame: tuple[str, ...],
                 limit: int | None) -> Result:
    """The matrix's rows with the items below `limit` left out, as if the graph held only the
    surer statements: such a row becomes its cell's empty row (its item columns blank, its
    stand "niet gedekt"), unless another item still fills that cell."""
    if limit is None:
        return result
    row_key, column_key, item = (result.columns.index(c) for c in frame)
    keys = {row_key, column_key}
    stand = result.columns.index(STAND) if STAND in result.columns else None
    kept: list[list] = []
    emptied: dict[tuple, list] = {}
    for row in result.rows:
        rank = footings.counted(row, item)
        if row[item] is None or (rank is not None and rank <= limit):
            kept.append(row)
            continue
        blank = [term if i in keys else None for i, term in enumerate(row)]
        if stand is not None:
            blank[stand] = ox.Literal(NOT_COVERED)
        emptied.setdefault((row[row_key], row[column_key]), blank)
    filled = {(row[row_key], row[column_key]) for row in kept if row[item] is not None}
    empty = [blank for cell, blank in emptied.items() if cell not in filled]
    if not empty:
        return Result(result.columns, kept)
    # each emptied cell takes the place of its cell's first row, so the order stays the query's
    position = {}
    for i, row in enumerate(result.rows):
        position.setdefault((row[row_key], row[column_key]), i)
    ordered = sorted([(position[(r[row_key], r[column_key])], r) for r in kept + empty],
                     key=lambda pair: pair[0])
    return Result(result.columns, [row for _, row in ordered])


def _limit(known: dict[str, tuple[int, ox.NamedNode]], level: str | None) -> int | None:
    if level is None:
        return None
    if level.strip().casefold() not in known:
        names = ", ".join(sorted(known, key=lambda name: known[name][0]))
        raise QueryError(f"parameter '{PARAMETER}' takes one of {names}, not {level!r}")
    return known[level.strip().casefold()][0]
