"""The report's opening: what an analyst should know in a minute, read off the matrices.

Per frame (Kwaliteitskader, PN-raad): how many networks have projects or activities in
the graph, which domains or recommendations nobody covers, which networks cover least,
with links to the matrices and to the maps. Every number here is a count of rows or blank
cells of a matrix the report shows below; nothing is computed that the matrix does not say.
"""

from __future__ import annotations

from ..vocab import ID_BASE
from .collect import column_iris
from .model import Section, Table

FRAMES = [("kwaliteitskader-matrix", "Kwaliteitskader palliatieve zorg", "domeinen", "domein"),
          ("pnraad-matrix", "Aanbevelingen van de PN-raad", "aanbevelingen", "aanbeveling")]
NETWORKS = "networks-consortia"
LEAST = 3  # networks named as covering least
MAP_DIR = "maps"


def summary(sections: list[Section], maps: bool) -> Section:
    tables = _tables(sections)
    section = Section("samenvatting", "Samenvatting",
                      "Wat de gegevens zeggen over de dekking van het Kwaliteitskader en de "
                      "aanbevelingen van de PatiëntenNaastenraad (PN-raad), in één oogopslag. "
                      "Een netwerk telt mee als de gegevens projecten of activiteiten vastleggen "
                      "die het netwerk uitvoert; de matrices hieronder geven de details.")
    total = _network_count(tables)
    for query, frame, plural, _ in FRAMES:
        matrix = next((t for t in tables if t.query.name == query and t.matrix), None)
        if matrix is None:
            continue
        section.facts.append((f"{frame} ({len(matrix.cells())} {plural})",
                              _frame(matrix, plural, total)))
        section.links.append((f"Matrix: {frame}", f"#{matrix.slug}"))
    if maps:
        section.links += [("Kaart van het landschap (alle netwerken en consortia)",
                           f"{MAP_DIR}/landschap.html"),
                          ("Dekkingskaart (kies een netwerk: wat het niet dekt)",
                           f"{MAP_DIR}/dekking.html")]
    return section


def _frame(matrix: Table, plural: str, total: int) -> list[tuple[str, str]]:
    """Read off the matrix's rows with data; a network about which the graph records no work
    (stand "geen gegevens") is counted apart, never as one that covers least."""
    columns = matrix.cells()
    at = [matrix.columns.index(c) for c in columns]
    rows = [row for row in matrix.rows if not matrix.no_data(row)]
    iris = {row[0]: matrix.row_iris.get(row[0], "") for row in rows}
    networks = sum(iri.startswith(ID_BASE + "netwerk/") for iri in iris.values())
    consortia = sum(iri.startswith(ID_BASE + "consortium/") for iri in iris.values())
    of = f" van de {total}" if total else ""
    lines = [("Met projecten in de gegevens", f"{networks}{of} netwerken"
              + (f" en {consortia} consortia" if consortia else "")
              + " hebben projecten of activiteiten vastgelegd")]
    stand = matrix.columns.index("stand") if "stand" in matrix.columns else None
    for kind, text in (("geen gegevens", "kent pzgraph geen project of activiteit: "
                        "onbekend wat ze dekken (geen gat)"),
                       ("niet van toepassing", "geldt dit kader niet (geen gat)")):
        count = sum(stand is not None and row[stand] == kind for row in matrix.rows)
        if count:
            lines.append((kind.capitalize(), f"voor {count} netwerken en consortia {text}"
                          if kind != "geen gegevens" else f"over {count} netwerken en consortia "
                          + text))
    nobody = [c for c, i in zip(columns, at, strict=True) if all(not row[i] for row in rows)]
    lines.append((f"Door niemand gedekt ({len(nobody)})", ", ".join(nobody) or "geen"))
    counted = sorted(((sum(bool(row[i]) for i in at), row[0]) for row in rows),
                     key=lambda item: (item[0], item[1].casefold()))
    if counted:
        least = "; ".join(f"{name} ({n} van {len(columns)} {plural})"
                          for n, name in counted[:LEAST])
        lines.append(("Het minst gedekt (netwerken met gegevens)", least))
    return lines


def _tables(sections: list[Section]) -> list[Table]:
    return [t for s in sections for t in (s.tables + _tables(s.children))]


def _network_count(tables: list[Table]) -> int:
    listing = next((t for t in tables if t.query.name == NETWORKS), None)
    if listing is None:
        return 0
    return len(column_iris(listing, "network", "netwerk/"))
