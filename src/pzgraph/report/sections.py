"""What the report shows, section by section: which library query answers which part.

A query is named here by its file name in queries/; where the library is still growing, a
tuple lists the names it may have. A query the library lacks leaves its part empty and is
named in the page, so the report never invents an answer of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from ..glossary import (
    FOOTING_LEGEND,
    FOOTINGS,
    NO_GAP,
    NOT_COVERED_TITLE,
    NOT_LINKED,
    known_about,
)
from ..vocab import ID_BASE
from .collect import Collector, column_iris, gap_table, short, without_footing
from .meta import read_footings
from .model import Section, Table
from .national import national_section

# The networks that published a source document of the graph: a full section each.
SOURCE_NETWORKS = "source-networks"
NETWORK_PREFIX = "netwerk/"

KK_MATRIX = ("kwaliteitskader-matrix",)
KK_SUBDOMAINS = ("kwaliteitskader-subdomain-matrix",)
PN_MATRIX = ("pnraad-matrix",)
PN_COVERAGE = ("pnraad-coverage",)
PN_GAPS = ("pnraad-gaps",)
KK_GAPS = ("kwaliteitskader-gaps",)
TRANSFORMATION = ("transformation-matrix",)
PLANNING = ("planning-status",)
STATUS = ("status-overview",)
RESULTS = ("results",)
MEMBERS, SECTORS = "members", "sector-representation"
HOSPICES, MUNICIPALITIES = "hospice-affiliation", "municipality-coverage"
NETWORKS = "networks-consortia"

MapLink = Callable[[str, str, Section], None]  # (network id, label, its section): add the link


def build_sections(c: Collector, map_link: MapLink) -> list[Section]:
    matrices = coverage_sections(c)
    return [*matrices, gap_section(c, matrices),
            network_sections(c, map_link, _unlinked(matrices)), national_section(c)]


LINKED_TO = {KK_GAPS: (KK_MATRIX, "domein"), PN_GAPS: (PN_MATRIX, "aanbeveling")}


def _unlinked(matrices: list[Section]) -> dict[tuple[str, ...], set[str]]:
    """Per gap query, the names of the rows of its matrix whose work is linked to none of the
    frame's concepts (a hole in the records, not a gap in each: Table.unlinked)."""
    tables = [t for s in matrices for t in s.tables if t.matrix]
    return {gaps: {row[0] for t in tables if t.query.name in query for row in t.rows
                   if t.unlinked(row)} for gaps, (query, _) in LINKED_TO.items()}


def coverage_sections(c: Collector) -> list[Section]:
    landscape = Section("landschap", "Netwerken en consortia",
                        "Welke netwerken er zijn en bij welk consortium ze horen.")
    c.table(landscape, NETWORKS, "Netwerken per consortium")
    kk = Section("kwaliteitskader", "Kwaliteitskader: netwerk × domein",
                 "Hoeveel projecten en activiteiten van elk netwerk elk domein van het "
                 "Kwaliteitskader palliatieve zorg (2017) dekken. Een leeg vak is een gat.")
    # The first table of the page: the one legend of the column zekerheid (the graph's levels,
    # the glossary's words; a level the glossary lacks keeps the graph's definition).
    footings = [*read_footings(c.graph), ("(onbepaald)", "")]
    kk.facts.append(("Wat ‘zekerheid’ betekent", [(level, FOOTINGS.get(level, definition))
                                                  for level, definition in footings]))
    kk.notes.append(FOOTING_LEGEND)
    c.table(kk, KK_MATRIX, "Netwerk × Kwaliteitskader-domein")
    # Most work lands in domain 2; its subdomains show where within it.
    c.table(kk, KK_SUBDOMAINS, "Netwerk × subdomein van domein 2 ‘Structuur en proces’",
            optional=True)
    pn = Section("pn-raad", "PN-raad: netwerk × aanbeveling",
                 "Welke van de acht aanbevelingen van de PatiëntenNaastenraad (‘Een kwestie van "
                 "geluk’) de projecten en activiteiten van elk netwerk dekken.")
    c.table(pn, PN_MATRIX, "Netwerk × aanbeveling PN-raad")
    listing = c.table(pn, PN_COVERAGE, "Welke projecten en activiteiten aan elke aanbeveling "
                      "werken", optional=True)
    if listing is not None:
        listing.grouped = True
    septet = Section("transformatie", "Transformatie: kernthema × actielijn",
                     "Septet’s projecttabel: welke projecten op welk kernthema en welke actielijn "
                     "van de transformatie palliatieve zorg zitten. Een leeg vak is een gat.")
    c.table(septet, TRANSFORMATION, "Kernthema × actielijn, met de projecten per vak")
    status = Section("status", "Planning en status: netwerk × status",
                     "Hoeveel projecten en activiteiten van elk netwerk welke status hebben; per "
                     "netwerk staat verderop wat voor welk jaar gepland is.")
    overview = c.table(status, STATUS, "Netwerk × status")
    if overview is not None:
        overview.blank_is_gap = False  # no work behind schedule is good news, not a gap
    return [landscape, kk, pn, septet, status]


def gap_section(c: Collector, matrices: list[Section]) -> Section:
    gaps = Section("gaten", NOT_COVERED_TITLE,
                   "Wat niemand dekt of wat ontbreekt: domeinen en aanbevelingen zonder "
                   "project, hospices zonder vastgelegde aansluiting, gemeenten zonder of met "
                   "twee netwerken. Wat niet gedekt is, telt alleen bij netwerken en "
                   "consortia met vastgelegde projecten of activiteiten; over een netwerk "
                   "zonder zijn er geen gegevens: onbekend, niet 'niet gedekt'.")
    by_slug = {section.slug: section for section in matrices}
    for names, section, what in ((KK_GAPS, by_slug["kwaliteitskader"], "domeinen"),
                                 (PN_GAPS, by_slug["pn-raad"], "aanbevelingen")):
        title = f"{what.capitalize()} zonder project of activiteit, per netwerk en consortium"
        matrix = next((t for t in section.tables if t.matrix), None)
        table = c.table(gaps, names, title, optional=True)
        if table is not None:
            table.grouped = True
            without_data(table, matrix, what)
            without_footing(table)
            continue
        # Without a gaps query, the blank cells of the matrix say the same.
        if matrix is None:
            gaps.missing.append(names[0])
        else:
            gaps.tables.append(gap_table(matrix, c.slug(f"gaten-{what}"), title, what))
    hospices = c.find(HOSPICES)
    if hospices is None:
        gaps.missing.append(HOSPICES)
    else:
        table = c.run(hospices, "Hospices en hun aansluiting bij AHzN of VPTZ Nederland", {})
        table.note = ("Hospices zonder vastgelegde aansluiting staan bovenaan "
                      "(status ‘geen aansluiting vastgelegd’).")
        gaps.tables.append(table)
    _municipalities(c, gaps)
    return gaps


def without_data(table: Table, matrix: Table | None = None, what: str = "") -> None:
    """A gap list without the rows of networks about which the graph records no work (stand
    "geen gegevens": no gaps, but unknown), nor of those whose work is linked to no concept of
    the frame (the matrix's unlinked rows: a hole in the records), named in the note instead."""
    if "stand" not in table.columns:
        return
    at, name = table.columns.index("stand"), table.columns.index("network")
    apart = {stand: list(dict.fromkeys(row[name] for row in table.rows if row[at] == stand))
             for stand in NO_GAP}
    holes = [row[0] for row in matrix.rows if matrix.unlinked(row)] if matrix else []
    table.rows = [row for row in table.rows if row[at] not in NO_GAP and row[name] not in holes]
    notes = ["Alleen de gaten (stand ‘niet gedekt’)."]
    singular = {"domeinen": "domein", "aanbevelingen": "aanbeveling"}.get(what, "begrip")
    if holes:
        notes.append(f"{', '.join(holes)}: {NOT_LINKED.format(what=singular)}.")
    if apart["geen gegevens"]:
        notes.append(f"Geen gegevens (geen project of activiteit vastgelegd; onbekend, geen gat) "
                     f"bij {len(apart['geen gegevens'])} netwerken en consortia: "
                     f"{', '.join(apart['geen gegevens'])}.")
    if apart["niet van toepassing"]:
        notes.append(f"Niet van toepassing (het kader geldt niet voor hen; geen gat) bij "
                     f"{len(apart['niet van toepassing'])} netwerken en consortia: "
                     f"{', '.join(apart['niet van toepassing'])}.")
    if len(notes) > 1:
        table.note = " ".join(notes)


def _municipalities(c: Collector, gaps: Section) -> None:
    """Municipalities covered by no network, and by two or more: one table per count."""
    query = c.find(MUNICIPALITIES)
    if query is None:
        gaps.missing.append(MUNICIPALITIES)
        return
    everything = c.probe(query, {})
    column = everything.columns.index("networks")
    counts = sorted({row[column] for row in everything.rows if row[column] != "1"}, key=int)
    if "0" not in counts:
        counts.insert(0, "0")
    for count in counts:
        title = ("Gemeenten die door geen netwerk worden gedekt" if count == "0" else
                 f"Gemeenten die door {count} netwerken worden gedekt")
        gaps.tables.append(c.run(query, title, {"networks": count},
                                 slug=f"gemeenten-{count}-netwerken"))


def network_sections(c: Collector, map_link: MapLink,
                     unlinked: dict[tuple[str, ...], set[str]] | None = None) -> Section:
    parent = Section("netwerken", "Per netwerk",
                     "Leden naar sector en rol, vertegenwoordiging in de stuurgroep, projecten "
                     "naar status en jaar, gerapporteerde cijfers, en de interactieve kaart.")
    sources = source_networks(c)
    for network in networks_with_data(c, sources):
        parent.children.append(network_section(c, network, map_link,
                                               full=network in sources, unlinked=unlinked))
    return parent


def source_networks(c: Collector) -> list[str]:
    """The ids of the networks that published a source document, in document order."""
    query = c.find(SOURCE_NETWORKS)
    if query is None:
        return []
    table = c.probe(query, {})
    return [iri.removeprefix(ID_BASE) for iri in column_iris(table, "network", NETWORK_PREFIX)]


def networks_with_data(c: Collector, sources: list[str]) -> list[str]:
    """The source networks first, then every other network some per-network query answers for."""
    found: list[str] = list(sources)
    for names in (MEMBERS, PLANNING, RESULTS):
        query = c.find(*((names,) if isinstance(names, str) else names))
        if query is None:
            continue
        table = c.probe(query, {})
        for iri in column_iris(table, "network", NETWORK_PREFIX):
            ident = iri.split("/id/", 1)[1]
            if ident not in found:
                found.append(ident)
    others = sorted(found[len(sources):], key=lambda n: c.label(_iri(n)).casefold())
    return found[:len(sources)] + others


def _iri(ident: str) -> str:
    return ID_BASE + ident


def network_section(c: Collector, network: str, map_link: MapLink, full: bool = True,
                    unlinked: dict[tuple[str, ...], set[str]] | None = None) -> Section:
    """One network's part of the report; not `full`: its empty answers named in one line."""
    name = short(network)
    label = c.label(_iri(network))
    section = Section(f"netwerk-{name}", label)
    map_link(name, label, section)
    params = {"network": name}
    parts = [
        (STATUS, "Projecten en activiteiten naar status", "status"),
        (MEMBERS, "Leden naar rol en sector", "leden"),
        (SECTORS, "Sectoren in de stuurgroep: ontbrekend en vacant", "stuurgroep"),
        (KK_GAPS, "Kwaliteitskader-domeinen zonder project of activiteit", "gaten-kwaliteitskader"),
        (PN_GAPS, "PN-raad-aanbevelingen zonder project of activiteit", "gaten-pn-raad"),
        (PLANNING, "Projecten en activiteiten naar jaar en status", "planning"),
        (RESULTS, "Gerapporteerde cijfers", "resultaten"),
        (HOSPICES, "Hospices en hun aansluiting", "hospices"),
    ]
    has_work = True
    for names, title, slug in parts:
        if names in (KK_GAPS, PN_GAPS) and not has_work:
            continue  # the gap queries list only networks with work: no rows would mean no gaps
        if names in (KK_GAPS, PN_GAPS) and label in (unlinked or {}).get(names, ()):
            section.notes.append(f"{title}: "
                                 + NOT_LINKED.format(what=LINKED_TO[names][1]) + ".")
            continue
        table = c.table(section, names, title, params, slug=f"{name}-{slug}",
                        optional=names in (KK_GAPS, PN_GAPS, HOSPICES))
        if table is None:
            continue
        if names in (KK_GAPS, PN_GAPS):
            without_footing(table)
        if names is STATUS:
            has_work = bool(table.rows)
            table.blank_is_gap = False  # nothing behind schedule is no gap
        if not table.matrix and "network" in table.columns:
            table.hidden = ("network",)  # the section says which network
    if not has_work:
        section.notes.append("Geen projecten of activiteiten vastgelegd: geen gegevens over de "
                             "dekking van het Kwaliteitskader en de PN-raad-aanbevelingen "
                             "(onbekend, geen gat).")
    little = _little(section, has_work)
    if little:
        section.notes.insert(0, little)
    if not full:
        _compact(section)
    return section


def _little(section: Section, has_work: bool) -> str:
    """What the section says about how much the graph holds (glossary.known_about: the map's
    rule too), from the members and the projects and activities its tables list."""
    members = next((t for t in section.tables if t.query.name == MEMBERS), None)
    count = 0
    if members is not None and "member" in members.iri_columns:
        column = members.iri_columns.index("member")
        count = len({row[column] for row in members.iris})
    status = next((t for t in section.tables if t.query.name in STATUS), None)
    work = _work_count(status) if has_work and status is not None else 0
    return known_about(count, work)


def _work_count(status: Table) -> int:
    """The projects and activities of a network's status answer: its cells added up (a
    matrix: one row, a count per status, `5` or `5 (2 oordeel)`)."""
    cells = [status.columns.index(c) for c in status.cells()]
    return sum(int(row[i].split(" ", 1)[0]) for row in status.rows for i in cells
               if row[i].split(" ", 1)[0].isdigit())


def _compact(section: Section) -> None:
    """A network known only from the reference sheet: its empty answers named in one line (by
    what they would show; the queries under "Hoe dit is berekend")."""
    section.empty = [t for t in section.tables if not t.rows]
    section.tables = [t for t in section.tables if t.rows]
