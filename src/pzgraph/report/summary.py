"""The report's opening: what an analyst should know in a minute, read off the matrices.

Per frame (Kwaliteitskader, PN-raad): how many networks have projects or activities in
the graph, which domains or recommendations nobody covers, which networks cover least,
with links to the matrices and to the maps. Every number here is a count of rows or blank
cells of a matrix the report shows below; nothing is computed that the matrix does not say.
"""

from __future__ import annotations

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
        section.facts.append((f"{frame} ({len(matrix.columns) - 1} {plural})",
                              _frame(matrix, plural, total)))
        section.links.append((f"Matrix: {frame}", f"#{matrix.slug}"))
    if maps:
        section.links += [("Kaart van het landschap (alle netwerken en consortia)",
                           f"{MAP_DIR}/landschap.html"),
                          ("Dekkingskaart (kies een netwerk: wat het niet dekt)",
                           f"{MAP_DIR}/dekking.html")]
    return section


def _frame(matrix: Table, plural: str, total: int) -> list[tuple[str, str]]:
    columns = matrix.columns[1:]
    networks = len(column_iris(matrix, "network", "netwerk/"))
    consortia = len(column_iris(matrix, "network", "consortium/"))
    of = f" van de {total}" if total else ""
    lines = [("Met projecten in de gegevens", f"{networks}{of} netwerken"
              + (f" en {consortia} consortia" if consortia else "")
              + " hebben projecten of activiteiten vastgelegd")]
    nobody = [c for i, c in enumerate(columns) if all(not row[i + 1] for row in matrix.rows)]
    lines.append((f"Door niemand gedekt ({len(nobody)})", ", ".join(nobody) or "geen"))
    counted = sorted(((sum(bool(v) for v in row[1:]), row[0]) for row in matrix.rows),
                     key=lambda item: (item[0], item[1].casefold()))
    if counted:
        least = "; ".join(f"{name} ({n} van {len(columns)} {plural})"
                          for n, name in counted[:LEAST])
        lines.append(("Het minst gedekt", least))
    return lines


def _tables(sections: list[Section]) -> list[Table]:
    return [t for s in sections for t in (s.tables + _tables(s.children))]


def _network_count(tables: list[Table]) -> int:
    listing = next((t for t in tables if t.query.name == NETWORKS), None)
    if listing is None:
        return 0
    return len(column_iris(listing, "network", "netwerk/"))
