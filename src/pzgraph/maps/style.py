"""What each kind of node looks like, and its Dutch name in the legend.

One table, so the legend, the nodes and the filters can never disagree. Shapes with the
label below (dot, star, ...) are used for actors; shapes with the label inside (box,
ellipse) for the concepts of the coverage map, whose names are the point of that map.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # Dutch, singular, shown in the legend
    count_words: tuple[str, str]  # Dutch, for counts: "1 domein", "3 domeinen"
    colour: str
    shape: str  # a vis-network shape
    size: int


KINDS: dict[str, Kind] = {
    "consortium": Kind("Consortium", ("consortium", "consortia"), "#7b3fa0", "hexagon", 30),
    "netwerk": Kind("Netwerk palliatieve zorg", ("netwerk", "netwerken"), "#e8590c", "star", 26),
    "landelijk": Kind("Landelijke organisatie", ("landelijke organisatie",
                      "landelijke organisaties"), "#0b7285", "diamond", 18),
    "organisatie": Kind("Organisatie", ("organisatie", "organisaties"), "#1c7ed6", "dot", 11),
    "programma": Kind("Programma", ("programma", "programma's"), "#d4a20b", "square", 16),
    "orgaan": Kind("Bestuur of werkgroep", ("bestuur of werkgroep", "besturen en werkgroepen"),
                   "#5c940d", "triangle", 14),
    "functie": Kind("Functie", ("functie", "functies"), "#868e96", "triangleDown", 11),
    "project": Kind("Project", ("project", "projecten"), "#2b8a3e", "square", 12),
    "activiteit": Kind("Activiteit", ("activiteit", "activiteiten"), "#69db7c", "dot", 9),
    "doel": Kind("Doel of speerpunt", ("doel", "doelen"), "#a9e34b", "triangleDown", 10),
    "domein": Kind("Kwaliteitskader-domein", ("domein", "domeinen"), "#74c0fc", "box", 0),
    "aanbeveling": Kind("Aanbeveling PN-raad", ("aanbeveling", "aanbevelingen"), "#f783ac",
                        "box", 0),
    "kernthema": Kind("Kernthema", ("kernthema", "kernthema's"), "#ffc078", "box", 0),
    "actielijn": Kind("Actielijn", ("actielijn", "actielijnen"), "#b197fc", "box", 0),
}

GAP_COLOUR = "#d6336c"  # the dashed border of a concept nothing addresses
GAP_DASHES = [6, 4]
EDGE_COLOUR = "#adb5bd"
LABEL_MAX = 42  # longer names are shortened on the canvas; the tooltip has them whole


def short_label(label: str) -> str:
    """The name on the canvas: "NPZ" for "Netwerk Palliatieve Zorg" (as the sources write
    it) and at most LABEL_MAX characters."""
    label = label.replace("Netwerk Palliatieve Zorg ", "NPZ ")
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def apart(nodes: list[dict]) -> None:
    """Names that shorten to the same text ("Leden stimuleren tot gebruik van het Kwal…",
    two activities of Rotterdam) keep their end instead: "Leden stimuleren tot … Palliatieve
    Zorg", "… PZNL-evaluatie 2023". (In place; the full name stays in `full`.)"""
    same: dict[str, list[dict]] = {}
    for node in nodes:
        if node["label"].endswith("…"):
            same.setdefault(node["label"], []).append(node)
    for group in same.values():
        if len(group) < 2 or len({n["full"] for n in group}) < 2:
            continue
        for node in group:
            name = node["full"].replace("Netwerk Palliatieve Zorg ", "NPZ ")
            tail = name[-(LABEL_MAX // 2):]
            tail = tail[tail.find(" ") + 1:] if " " in tail else tail
            node["label"] = name[: LABEL_MAX - len(tail) - 3].rstrip() + " … " + tail


# Label sizes by importance: at overview zoom only labels of 9 px or more on screen are
# drawn (render.options), so the names that orient a reader come first.
FONT_SIZES = {"consortium": 22, "netwerk": 22, "landelijk": 16, "programma": 16, "orgaan": 13,
              "domein": 20, "aanbeveling": 20, "kernthema": 20, "actielijn": 20}
HUB = 6  # connections; an organisation or project with this many is a hub


def font_size(kind: str, degree: int) -> int:
    base = FONT_SIZES.get(kind, 12)
    return base + 3 if degree >= HUB and base < 16 else base
