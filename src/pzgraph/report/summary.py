"""The report's opening: what an analyst should know in a minute, read off the matrices.

Per frame (Kwaliteitskader, PN-raad): how many networks have projects or activities in
the graph, which domains or recommendations nobody covers, which networks cover least,
with links to the matrices and to the maps. Every number here is a count of rows or blank
cells of a matrix the report shows below; nothing is computed that the matrix does not say.
"""

from __future__ import annotations

from ..glossary import NO_DATA, NOT_APPLICABLE, NOT_LINKED
from ..vocab import ID_BASE
from .model import Section, Table

FRAMES = [("kwaliteitskader-matrix", "Kwaliteitskader palliatieve zorg", "domeinen", "domein"),
          ("pnraad-matrix", "Aanbevelingen van de PN-raad", "aanbevelingen", "aanbeveling")]
LEAST = 3  # networks named as covering least (with every one that ties)
MAX_NAMED = 8  # names per score; more (at national scale) are counted
MAP_DIR = "maps"


def summary(sections: list[Section], maps: bool) -> Section:
    tables = _tables(sections)
    section = Section("samenvatting", "Samenvatting",
                      "Wat de gegevens zeggen over de dekking van het Kwaliteitskader en de "
                      "aanbevelingen van de PatiëntenNaastenraad (PN-raad), in één oogopslag. "
                      "Een netwerk telt mee als de gegevens projecten of activiteiten vastleggen "
                      "die het netwerk uitvoert en die aan het kader gekoppeld zijn; de matrices "
                      "hieronder geven de details.")
    for query, frame, plural, singular in FRAMES:
        matrix = next((t for t in tables if t.query.name == query and t.matrix), None)
        if matrix is None:
            continue
        section.facts.append((f"{frame} ({len(matrix.cells())} {plural})",
                              _frame(matrix, plural, singular)))
        section.links.append((f"Matrix: {frame}", f"#{matrix.slug}"))
    if maps:
        section.links += [("Kaart van het landschap (alle netwerken en consortia)",
                           f"{MAP_DIR}/landschap.html"),
                          ("Dekkingskaart (kies een netwerk: wat het niet dekt)",
                           f"{MAP_DIR}/dekking.html")]
    return section


def _frame(matrix: Table, plural: str, singular: str) -> list[tuple[str, str]]:
    """Read off the matrix's rows. Each number counts one thing, against the networks (and
    consortia) the frame applies to: those with linked work, those without data ("geen
    gegevens"), those whose work is linked to none of its concepts (a hole in the records),
    and, apart, those outside its reach ("niet van toepassing"). Only rows with linked work
    can cover least."""
    columns = matrix.cells()
    at = [matrix.columns.index(c) for c in columns]
    stand = matrix.columns.index("stand") if "stand" in matrix.columns else None

    def kind(row: list[str]) -> str:
        return matrix.row_iris.get(row[0], "").removeprefix(ID_BASE).split("/", 1)[0]

    def count(rows: list[list[str]]) -> dict[str, int]:
        return {k: sum(kind(row) == k for row in rows) for k in UNITS}

    def stand_of(row: list[str]) -> str:
        return row[stand] if stand is not None else ""

    applies = [row for row in matrix.rows if stand_of(row) != NOT_APPLICABLE]
    outside = [row for row in matrix.rows if stand_of(row) == NOT_APPLICABLE]
    linked = [row for row in matrix.rows if not matrix.no_data(row)]
    holes = [row for row in matrix.rows if matrix.unlinked(row)]
    unknown = [row for row in matrix.rows if stand_of(row) == NO_DATA]
    base = count(applies)
    where = " waarvoor dit kader geldt" if outside else ""
    lines = []
    if outside:
        reach = [row[0] for row in applies if kind(row) == "consortium"]
        named = f" ({', '.join(reach)})" if 0 < len(reach) <= LEAST else ""
        lines.append(("Geldt voor", f"{_units(base)}{named}; voor de andere "
                      f"{_units(count(outside))} is dit kader niet van toepassing (geen gat)"))
    lines.append((f"Aan een {singular} gekoppeld",
                  f"{_of(count(linked), base, where)} "
                  f"{'heeft' if len(linked) == 1 else 'hebben'} projecten of activiteiten "
                  f"die aan een {singular} gekoppeld zijn"))
    if holes:
        lines.append(("Niet gekoppeld (geen gat)", f"{', '.join(row[0] for row in holes)}: "
                      + NOT_LINKED.format(what=singular)))
    if unknown:
        lines.append(("Geen gegevens", f"van {_of(count(unknown), base, where)} kent pzgraph "
                      "geen project of activiteit: onbekend wat ze dekken (geen gat)"))
    nobody = [c for c, i in zip(columns, at, strict=True) if all(not row[i] for row in linked)]
    lines.append((f"Door niemand gedekt ({len(nobody)})", ", ".join(nobody) or "geen"))
    counted = sorted(((sum(bool(row[i]) for i in at), row[0]) for row in linked),
                     key=lambda item: (item[0], item[1].casefold()))
    if counted:
        lines.append(("Het minst gedekt (netwerken en consortia met gekoppelde projecten)",
                      _least(counted, len(columns), plural)))
    return lines


def _least(counted: list[tuple[int, str]], total: int, plural: str) -> str:
    """The LEAST lowest scores, each with every row that has it (a tie is never dropped):
    `1 van 10 domeinen: A, B, C, D; 2 van 10 domeinen: E`. A score shared by more rows than
    MAX_NAMED names the first ones and counts the rest."""
    cut = counted[min(LEAST, len(counted)) - 1][0]
    scores: dict[int, list[str]] = {}
    for n, name in counted:
        if n <= cut:
            scores.setdefault(n, []).append(name)
    parts = []
    for n, names in scores.items():
        rest = len(names) - MAX_NAMED
        named = ", ".join(names[:MAX_NAMED]) + (f" en nog {rest} andere" if rest > 0 else "")
        parts.append(f"{n} van {total} {plural}: {named}")
    return "; ".join(parts)


UNITS = {"netwerk": ("netwerk", "netwerken"), "consortium": ("consortium", "consortia")}


def _units(counts: dict[str, int]) -> str:
    """`31 netwerken en 6 consortia`, `6 netwerken en 1 consortium`: what is counted, named."""
    parts = [f"{n} {UNITS[k][n != 1]}" for k, n in counts.items() if n]
    return " en ".join(parts) or "geen"


def _of(counts: dict[str, int], base: dict[str, int], where: str) -> str:
    """`5 van de 37 netwerken en 1 van de 7 consortia`: a count against the units the frame
    applies to (`where` says so once, after the networks); a kind of which there is one,
    as `het consortium`; a kind with nothing to count, left out (unless no kind has any)."""
    parts = []
    some = any(counts.get(k, 0) for k in base)  # "van 0 van de 65 netwerken en 7 ..." reads ill
    for k, total in base.items():
        one, many = UNITS[k]
        n = counts.get(k, 0)
        if not total or (not n and (parts or some)):
            continue
        if total == 1:
            parts.append(f"het {one}" if n else f"geen {one}")
        else:
            parts.append(f"{n} van de {total} {many}" + (where if k == "netwerk" else ""))
    return " en ".join(parts) or "geen"


def _tables(sections: list[Section]) -> list[Table]:
    return [t for s in sections for t in (s.tables + _tables(s.children))]
