"""The national overview: how the consortia are composed and how much the graph knows of each
network. Every number is a library answer (national-overview, network-detail); this module
only picks the queries and words the section. The municipalities no network covers are listed
with the other gaps (sections.py, municipality-coverage)."""

from __future__ import annotations

from ..glossary import UNKNOWN
from .collect import Collector
from .model import Section, Table

OVERVIEW, DETAIL = "national-overview", "network-detail"


def national_section(c: Collector) -> Section:
    section = Section(
        "landelijk-overzicht", "Landelijk overzicht",
        intro=("Alle consortia en netwerken die pzgraph kent, met de gemeenten die een bron "
               "aan een netwerk toewijst. Een werkgebied dat geen bron noemt, telt niet mee "
               "(vermoedelijk, niet geverifieerd). Gemeenten: de 342 van 1 januari 2025 "
               "(data/reference-gemeenten.yaml)."))
    overview = c.table(section, OVERVIEW, "Consortia: netwerken, gemeenten en inwoners",
                       as_matrix=False)
    if overview is not None:
        unknown_population(overview)
    c.table(section, DETAIL, "Per netwerk: werkgebied en aantal vastgelegde feiten",
            as_matrix=False)
    return section


def unknown_population(table: Table) -> None:
    """The query sums the population of the municipalities whose population the graph holds;
    where it holds none, that sum is unknown, not 0 inhabitants (Septet's 20 municipalities)."""
    if not {"population", "with_population"} <= set(table.columns):
        return
    at, known = table.columns.index("population"), table.columns.index("with_population")
    for row in table.rows:
        if row[known] in ("", "0"):
            row[at] = UNKNOWN
    table.note = ("Inwoners: opgeteld over de gemeenten waarvan het inwonertal bekend is; "
                  f"‘{UNKNOWN}’ waar dat van geen enkele gemeente bekend is (niet 0 inwoners).")
