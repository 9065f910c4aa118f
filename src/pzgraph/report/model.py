"""What a report holds, independent of how it is rendered (HTML, Markdown, CSV)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from ..glossary import NO_DATA, NO_GAP, header
from ..query.library import Query

# The mark of an empty matrix cell: text, so it survives black-and-white printing and
# plain-text formats alike.
GAP_MARK = "∅"
# The mark of a cell in the row of a network about which the graph records no projects: not
# known, so not a gap (glossary.STAND "geen gegevens").
NO_DATA_MARK = "?"
# ... and of a network outside the frame's reach (glossary.STAND "niet van toepassing")
NOT_APPLICABLE_MARK = "–"
# A coverage matrix's columns after its concepts (query/output.py count_pivot): they describe
# the row, they are no cells of the matrix.
ROW_COLUMNS = ("stand", "zekerheid")


@dataclass
class Table:
    """One answer of a library query, as shown: every value in it comes from `query`."""

    slug: str  # CSV file name and HTML anchor; unique within a report
    title: str
    query: Query
    params: dict[str, str]
    columns: list[str]
    rows: list[list[str]]
    matrix: bool = False  # a pivot: first column names the row
    blank_is_gap: bool = True  # a blank matrix cell is a gap (coverage), not just a zero (status)
    note: str = ""  # how the rows relate to the query's answer, when derived from it
    grouped: bool = False  # shown with one line per value of the first column (CSV stays long)
    hidden: tuple[str, ...] = ()  # columns left out of HTML and Markdown (same value throughout)
    # The answer's IRIs before any pivot (columns `iri_columns`), to find what a row is about.
    iri_columns: list[str] = field(default_factory=list)
    iris: list[list[str]] = field(default_factory=list)
    row_iris: dict[str, str] = field(default_factory=dict)  # a matrix row's name → its IRI
    row_links: dict[str, str] = field(default_factory=dict)  # a row's name → its section (#id)

    @property
    def command(self) -> str:
        """The command line that prints the same answer."""
        args = ["pzgraph", "query", self.query.name]
        for name, value in self.params.items():
            args += ["--param", f"{name}={value}"]
        return shlex.join(args)

    def headers(self, columns: list[str] | None = None) -> list[str]:
        """The Dutch headers of `columns` (default: all): a query's variable names are
        translated; a matrix's other columns are already names (domains, statuses)."""
        columns = self.columns if columns is None else columns
        return [header(c, self.query.name) if not self.matrix or i == 0 else c
                for i, c in enumerate(columns)]

    def visible(self) -> tuple[list[str], list[list[str]]]:
        """Columns and rows as shown on the page: without the hidden columns."""
        keep = [i for i, c in enumerate(self.columns) if c not in self.hidden]
        return [self.columns[i] for i in keep], [[row[i] for i in keep] for row in self.rows]

    def groups(self) -> list[tuple[str, list[list[str]]]]:
        """The rows by the value of their first column, in order of appearance.

        The group's name carries the columns whose value is the same in every row of every
        group (a count per group, say), so each line lists only what differs.
        """
        columns, rows = self.visible()
        out: dict[str, list[list[str]]] = {}
        for row in rows:
            out.setdefault(row[0], []).append(row[1:])
        shared = [i for i in range(len(columns) - 1)
                  if all(len({r[i] for r in group}) == 1 for group in out.values())]
        if len(shared) == len(columns) - 1:
            shared = []  # nothing would be left to list
        grouped = []
        for name, group in out.items():
            extra = ", ".join(f"{header(columns[i + 1], self.query.name)}: {group[0][i]}"
                              for i in shared if group[0][i])
            grouped.append((f"{name} ({extra})" if extra else name,
                            [[v for i, v in enumerate(r) if i not in shared] for r in group]))
        return grouped

    def cells(self) -> list[str]:
        """A matrix's columns of cells (its concepts): not the row key, stand or zekerheid."""
        return [c for c in self.columns[1:] if c not in ROW_COLUMNS] if self.matrix else []

    def no_data(self, row: list[str]) -> bool:
        """A row whose blanks are no gaps: a network about which the graph records nothing
        (stand "geen gegevens"), outside the frame's reach ("niet van toepassing"), or whose
        work is linked to none of the frame's concepts (`unlinked`)."""
        return ("stand" in self.columns and row[self.columns.index("stand")] in NO_GAP) \
            or self.unlinked(row)

    def unlinked(self, row: list[str]) -> bool:
        """A coverage matrix row of a network with recorded work of which none is linked to any
        concept of the frame (Septet's projects and the Kwaliteitskader): a hole in the records,
        not a gap in every domain, so its blanks read as "geen gegevens"."""
        if not (self.matrix and self.blank_is_gap and "stand" in self.columns):
            return False
        cells = [self.columns.index(c) for c in self.cells()]
        return bool(cells) and row[self.columns.index("stand")] not in NO_GAP \
            and not any(row[i] for i in cells)

    def blank_mark(self, row: list[str]) -> str:
        """What a blank cell of this matrix row shows: a gap, unknown, or nothing (a zero)."""
        if not self.blank_is_gap:
            return ""
        if not self.no_data(row):
            return GAP_MARK
        if self.unlinked(row) or row[self.columns.index("stand")] == NO_DATA:
            return NO_DATA_MARK
        return NOT_APPLICABLE_MARK

    def gaps(self) -> list[tuple[str, list[str]]]:
        """Per matrix row with data, the columns whose cell is empty (a row about which the
        graph records nothing has no gaps: see no_data)."""
        at = [self.columns.index(c) for c in self.cells()]
        return [(row[0], [self.columns[i] for i in at if not row[i]])
                for row in self.rows if not self.no_data(row)]


@dataclass
class Section:
    slug: str
    title: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # plain text, shown as paragraphs
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, relative href)
    missing: list[str] = field(default_factory=list)  # library queries this section lacks
    # Short statements in groups: [(group title, [(term, text)])], shown before the links.
    facts: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    # Answers without rows, named in one line (a network known only by name), with the queries
    # under "Hoe dit is berekend".
    empty: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    file: str
    title: str
    kind: str = ""
    publisher: str = ""


@dataclass
class Meta:
    version: str
    input_hash: str
    date: str  # ISO date the data stands at
    date_basis: str  # where `date` comes from, in words
    sources: list[Source]
    data_files: list[str]


@dataclass
class Report:
    title: str
    meta: Meta
    sections: list[Section]

    def tables(self) -> list[Table]:
        def walk(sections: list[Section]) -> list[Table]:
            return [t for s in sections for t in (s.tables + walk(s.children))]

        return walk(self.sections)

    def missing_queries(self) -> list[str]:
        def walk(sections: list[Section]) -> list[str]:
            return [m for s in sections for m in (s.missing + walk(s.children))]

        return sorted(set(walk(self.sections)))
