"""Run the library queries the report shows, through query/run.answer, into Tables.

Nothing here computes a number: each table is a library answer, rendered as the query's
own view (a pivot for the matrices). Lists of gaps are the blank cells of those matrices;
rows are only selected or reordered, and the table says so in its note.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError
from ..glossary import file_name
from ..query.library import Query, library
from ..query.results import labels_for
from ..query.run import answer
from ..query.store import KnowledgeGraph
from ..vocab import ID_BASE, short_id
from .model import Section, Table

FOOTING = "zekerheid"  # the column every library answer carries (query/footing.py)


class Collector:
    """Answers library queries by name; remembers the ones the library lacks."""

    def __init__(self, graph: KnowledgeGraph, queries_dir: Path):
        self.graph = graph
        self.library: dict[str, Query] = library(queries_dir)
        self._slugs: set[str] = set()

    def find(self, *names: str) -> Query | None:
        """The first of `names` the library has (a query may be known under a former name)."""
        return next((self.library[n] for n in names if n in self.library), None)

    def accepts(self, query: Query, *params: str) -> bool:
        return all(any(p.name == name for p in query.parameters) for name in params)

    def table(self, section: Section, names: str | tuple[str, ...], title: str,
              params: dict[str, str] | None = None, slug: str | None = None,
              as_matrix: bool = True, optional: bool = False) -> Table | None:
        """Answer the query and add it to `section`; note it as missing if the library lacks it
        (unless `optional`: a part the report does without)."""
        names = (names,) if isinstance(names, str) else names
        query = self.find(*names)
        params = dict(params or {})
        if query is None or not self.accepts(query, *params):
            if optional:
                return None
            wanted = names[0] + "".join(f" --param {k}=…" for k in params)
            if wanted not in section.missing:
                section.missing.append(wanted)
            return None
        try:
            table = self.run(query, title, params, slug, as_matrix)
        except QueryError:
            # A default the data lacks (Septet's plan, in a landscape without it): no data for
            # this part, said in its place, not a report that fails as a whole.
            absent = [p for p in query.parameters if p.default and p.name not in params]
            if not absent:
                raise
            section.notes.append(f"{title}: geen gegevens; " + "; ".join(
                f"{p.description[:1].lower()}{p.description[1:]} ({p.default})"
                for p in absent) + " staat niet in de gegevens.")
            return None
        section.tables.append(data_first(table))
        return table

    def run(self, query: Query, title: str, params: dict[str, str], slug: str | None = None,
            as_matrix: bool = True) -> Table:
        return self.probe(query, params, as_matrix, title, self.slug(slug or query.name))

    def probe(self, query: Query, params: dict[str, str], as_matrix: bool = False,
              title: str = "", slug: str = "") -> Table:
        """The answer as a Table that is not (yet) part of the report."""
        result = answer(query, self.graph.store, params, language="nl", as_matrix=as_matrix,
                        current_version=self.graph.path)
        table = Table(slug, title, query, params, result.columns,
                      result.rows, matrix=as_matrix and query.view == "pivot",
                      iri_columns=list(result.result.columns),
                      iris=[[t.value if isinstance(t, ox.NamedNode) else "" for t in row]
                            for row in result.result.rows])
        if table.matrix:  # the row names are the labels of the row key's IRIs
            keys = column_iris(table, query.view_options.get("rows", ""))
            labels = labels_for(self.graph.store, [ox.NamedNode(iri) for iri in keys])
            table.row_iris = {labels.get(iri, short_id(iri)): iri for iri in keys}
        return table

    def slug(self, wanted: str) -> str:
        wanted = file_name(wanted)  # Dutch file names and anchors
        slug, n = wanted, 2
        while slug in self._slugs:
            slug, n = f"{wanted}-{n}", n + 1
        self._slugs.add(slug)
        return slug

    def label(self, iri: str) -> str:
        return labels_for(self.graph.store, [ox.NamedNode(iri)]).get(iri, short(iri))


def short(iri: str) -> str:
    """`netwerk/rotterdam-en-omstreken` → `rotterdam-en-omstreken`: what --param takes."""
    return short_id(iri).rsplit("/", 1)[-1]


def column_iris(table: Table, column: str, prefix: str = "") -> list[str]:
    """The distinct IRIs of one column of the answer, in order of appearance."""
    if column not in table.iri_columns:
        return []
    index = table.iri_columns.index(column)
    seen: dict[str, None] = {}
    for row in table.iris:
        if row[index].startswith(ID_BASE + prefix):
            seen.setdefault(row[index])
    return list(seen)


def data_first(table: Table) -> Table:
    """A coverage matrix with the rows of the networks the graph records work of first, and
    the others (stand "geen gegevens") after them, named in the note: reordered, not left out."""
    if not table.matrix or not any(table.no_data(row) for row in table.rows):
        return table
    known = [row for row in table.rows if not table.no_data(row)]
    unknown = [row for row in table.rows if table.no_data(row)]
    if FOOTING in table.columns:  # no cell to be sure of: no footing (glossary.FOOTING_LEGEND)
        at = table.columns.index(FOOTING)
        for row in unknown:
            row[at] = ""
    table.rows = known + unknown
    holes = [row[0] for row in unknown if table.unlinked(row)]
    table.note = " ".join(filter(None, [table.note, (
        f"Eerst de {len(known)} netwerken en consortia waarvan pzgraph projecten of "
        f"activiteiten kent die aan dit kader gekoppeld zijn; daarna de {len(unknown)} andere "
        "(stand ‘geen gegevens’ of ‘niet van toepassing’"
        + (f"; of met projecten die aan niets van dit kader gekoppeld zijn: {', '.join(holes)}"
           if holes else "")
        + "; geen gat, op papier weggelaten).")]))
    return table


def without_footing(table: Table) -> None:
    """A list of gaps without the column zekerheid: a gap rests on nothing (nothing is
    recorded there), so a footing beside it ("Fysieke dimensie — bevestigd") misleads."""
    if FOOTING in table.columns:
        at = table.columns.index(FOOTING)
        table.columns = [c for i, c in enumerate(table.columns) if i != at]
        table.rows = [[v for i, v in enumerate(row) if i != at] for row in table.rows]


def gap_table(source: Table, slug: str, title: str, what: str) -> Table:
    """The blank cells of a matrix as a list: per row, the columns nothing fills."""
    rows = [[name, "; ".join(gaps) if gaps else "(geen gat)"] for name, gaps in source.gaps()]
    stand = source.columns.index("stand") if "stand" in source.columns else 0
    rows += [[row[0], "(niet gekoppeld: geen gat)" if source.unlinked(row)
              else f"({row[stand]})"] for row in source.rows if source.no_data(row)]
    note = (f"De lege vakken van de matrix ‘{source.title}’: per rij de {what} waar niets is "
            "vastgelegd.")
    return Table(slug, title, source.query, source.params,
                 [source.columns[0], f"{what} zonder project of activiteit"], rows,
                 note=note)
