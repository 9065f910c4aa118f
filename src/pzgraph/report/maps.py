"""Links from the report to each network's interactive map, made by the map module if present.

The map module is optional (`pzgraph map` may not be installed); without it, or when a map
fails, the report still links to where the map belongs and says how to make it.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..store import KnowledgeGraph
from .model import Section

MAP_DIR = "maps"
SUMMARY = "samenvatting"  # the report's opening section


def map_file(network: str) -> str:
    """The file name `pzgraph map network NAME` gives by default (relative to the report)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in network.lower())
    return f"{MAP_DIR}/netwerk-{safe}.html"


class MapMaker:
    """Writes network maps into the report folder when it can, and links each network's
    section to its map; a section whose map could not be made says how to make it."""

    def __init__(self, graph: KnowledgeGraph, enabled: bool = True):
        self.graph = graph
        self.module = _map_module() if enabled else None
        self.absent = ("de kaartmodule is niet geïnstalleerd" if enabled else
                       "kaarten zijn niet meegemaakt (--no-maps)")
        self.sections: dict[str, Section] = {}  # network id → its section
        self.written: list[str] = []

    def link(self, network: str, label: str, section: Section) -> None:
        section.links.append((f"Interactieve kaart van {label}", map_file(network)))
        self.sections[network] = section

    def write(self, folder: Path) -> None:
        """Make the maps into `folder`/maps; note in each section whose map is not there.
        Each map links back to its place in the report."""
        if self.module is not None:
            for name, make in (("landschap", self.module.landscape),
                               ("dekking", self.module.coverage)):
                view = make(self.graph)
                view.graph["report"] = f"../index.html#{SUMMARY}"
                path = folder / MAP_DIR / f"{name}.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(self.module.render(view), encoding="utf-8")
        for network, section in self.sections.items():
            why = self.absent if self.module is None else ""
            if self.module is not None:
                try:
                    view = self.module.network(self.graph, network)
                    view.graph["report"] = f"../index.html#{section.slug}"
                    page = self.module.render(view)
                except Exception as error:  # noqa: BLE001 - a map is optional; the report is not
                    why = f"de kaart kon niet worden gemaakt ({type(error).__name__}: {error})"
                else:
                    path = folder / map_file(network)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(page, encoding="utf-8")
                    self.written.append(network)
                    continue
            section.notes.append(f"Kaart niet bij dit rapport: {why}. Maak hem met: pzgraph map "
                                 f"network {network} --out <rapportmap>/{map_file(network)}")


def _map_module():
    """`pzgraph.maps` if it offers what we need (network → graph, render → HTML), else None."""
    try:
        module = importlib.import_module("pzgraph.maps")
    except ImportError:
        return None
    needed = (getattr(module, name, None) for name in ("network", "landscape", "coverage",
                                                       "render"))
    return module if all(callable(f) for f in needed) else None
