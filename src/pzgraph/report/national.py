"""The national overview: how the consortia are composed and how much the graph knows of each
network. Every number is a library answer (national-overview, network-detail); this module
only picks the queries and words the section. The municipalities no network covers are listed
with the other gaps (sections.py, municipality-coverage)."""

from __future__ import annotations

from .collect import Collector
from .model import Section

OVERVIEW, DETAIL = "national-overview", "network-detail"


def national_section(c: Collector) -> Section:
    section = Section(
        "landelijk-overzicht", "Landelijk overzicht",
        intro=("Alle consortia en netwerken die pzgraph kent, met de gemeenten die een bron "
               "aan een netwerk toewijst. Een werkgebied dat geen bron noemt, telt niet mee "
               "(vermoedelijk, niet geverifieerd). Gemeenten: de 342 van 1 januari 2025 "
               "(data/reference-gemeenten.yaml)."))
    c.table(section, OVERVIEW, "Consortia: netwerken, gemeenten en inwoners", as_matrix=False)
    c.table(section, DETAIL, "Per netwerk: werkgebied en aantal vastgelegde feiten",
            as_matrix=False)
    return section
