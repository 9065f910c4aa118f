"""Links from the report to each network's interactive map, made by the map module.

When a map fails, the report still links to where the map belongs and says how to make it.
"""

from __future__ import annotations

from pathlib import Path

from ..maps import coverage, landscape, map_file_name, network, render
from ..query.store import KnowledgeGraph
from .model import Section

MAP_DIR = "maps"
SUMMARY = "samenvatting"  # the report's opening section


def map_file(network_id: str) -> str:
    """The file `pzgraph map network NAME` gives by default (relative to the report)."""
    return f"{MAP_DIR}/{map_file_name('netwerk', network_id)}"


class MapMaker:
    """Writes network maps into the report folder when asked, and links each network's
    section to its map; a section whose map could not be made says how to make it."""

    def __init__(self, graph: KnowledgeGraph, enabled: bool = True):
        self.graph = graph
        self.enabled = enabled
        self.sections: dict[str, Section] = {}  # network id → its section
        self.written: list[str] = []

    def link(self, network_id: str, label: str, section: Section) -> None:
        section.links.append((f"Interactieve kaart van {label}", map_file(network_id)))
        section.links.append((f"Dekkingskaart van {label} (Kwaliteitskader en PN-raad)",
                              f"{MAP_DIR}/dekking.html#netwerk={network_id}"))
        self.sections[network_id] = section

    def write(self, folder: Path) -> None:
        """Make the maps into `folder`/maps; note in each section whose map is not there.
        Each map links back to its place in the report."""
        if self.enabled:
            for name, make in (("landschap", landscape), ("dekking", coverage)):
                view = make(self.graph)
                view.graph["report"] = f"../index.html#{SUMMARY}"
                # A network chosen on the map leads back to its own section.
                view.graph["sections"] = {key: s.slug for key, s in self.sections.items()}
                path = folder / MAP_DIR / f"{name}.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(render(view), encoding="utf-8")
        for network_id, section in self.sections.items():
            if not self.enabled:
                why = "kaarten zijn niet meegemaakt (--no-maps)"
            else:
                try:
                    view = network(self.graph, network_id)
                    view.graph["report"] = f"../index.html#{section.slug}"
                    page = render(view)
                except Exception as error:  # noqa: BLE001 - a map is optional; the report is not
                    why = f"de kaart kon niet worden gemaakt ({type(error).__name__}: {error})"
                else:
                    path = folder / map_file(network_id)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(page, encoding="utf-8")
                    self.written.append(network_id)
                    continue
            section.notes.append(f"Kaart niet bij dit rapport: {why}. Maak hem met: pzgraph map "
                                 f"network {network_id} --out <rapportmap>/{map_file(network_id)}")
