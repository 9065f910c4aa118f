"""A map graph (networkx, see graph.py) → vis-network nodes and edges → one HTML page.

The nodes and edges are plain dicts in vis-network's own format; the page around them is
ours (assets.py). Positions come from layout.py and physics stays off, so the map opens
settled and the same graph always gives the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING

from .. import glossary
from . import assets, layout, listing
from .evidence import footing
from .style import GAP_COLOUR, GAP_DASHES, KINDS, apart, font_size, short_label

if TYPE_CHECKING:
    import networkx as nx

FACETS = [("networks", "network"), ("domains", "domain"), ("recommendations", "recommendation"),
          ("roles", "role"), ("sectors", "sector")]
BIG = 1500  # edges; above this, edges are hidden while dragging or zooming
JUDGED_DASHES = [5, 5]


@cache  # one colour per kind: not worked out again for each of 50,000 nodes
def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _node(graph: nx.DiGraph, node: str, x: float, y: float) -> dict:
    data = graph.nodes[node]
    kind = KINDS[data["kind"]]
    degree = graph.degree(node)
    # A concept is named with its number on the canvas ("2.3 Proactieve zorgplanning").
    shown = data["label"] if kind.size else graph.graph.get("names", {}).get(node, data["label"])
    options: dict = {
        "id": node, "label": short_label(shown), "full": data["label"],
        "kind": data["kind"], "shape": kind.shape, "alt": data.get("alt", []),
        "info": data.get("info", []), "evidence": data.get("evidence", []), "x": x, "y": y,
        "color": {"background": kind.colour, "border": _darker(kind.colour),
                  "highlight": {"background": kind.colour, "border": "#212529"},
                  "hover": {"background": kind.colour, "border": "#212529"}},
        "font": {"size": font_size(data["kind"], degree)},
        "networks": data.get("networks", []), "roles": data.get("roles", []),
        "sectors": data.get("sectors", []), "concepts": data.get("concepts", []),
    }
    if graph.graph.get("overview"):
        # The overview's outline (overview.py): names in boxes, drawn as their kind's group
        # (options: one style per kind, not a copy per node of fifty thousand).
        for key in ("color", "shape"):
            del options[key]
        options.update(group=data["kind"], font={"size": 12})
    elif graph.graph.get("layout") == "list" and node != graph.graph.get("home"):
        _as_box(options, kind.colour)  # a list (listing.py): names in boxes
    if data.get("broader"):
        options["broader"] = data["broader"]
    if data.get("reach"):
        options["reach"] = data["reach"]
    if data.get("home"):
        options["home"] = data["home"]
    if options.get("shape", "box") == "box":
        pass
    elif kind.size:
        options["size"] = kind.size + (4 if degree >= 10 and kind.size < 20 else 0)
    else:  # a concept: the name is the node, so it reads from further out
        options["widthConstraint"] = {"maximum": options["font"]["size"] * 11}
    if data.get("gap"):
        options["gap"] = True
        options["borderWidth"] = 3
        # Keep the kind's colour inside, so a gap still says what it is (domain, kernthema).
        options["color"] = {**options["color"], "border": GAP_COLOUR}
        options["shapeProperties"] = {"borderDashes": GAP_DASHES}
    return options


@cache
def _tint(colour: str, share: float = 0.22) -> str:
    """The kind's colour, mostly white: a light box that dark text reads on."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(255 - (255 - c) * share) for c in (r, g, b)))


def _as_box(options: dict, colour: str) -> None:
    """A name in a light box with the kind's colour as its border: one row of a list
    (listing.py), readable at the zoom the page opens at."""
    # No width constraint: a name of style.LABEL_MAX characters fits one line of a column.
    options.update(shape="box", borderWidth=2, margin=4, font={"size": 12})
    options["color"] = {"background": _tint(colour), "border": colour,
                        "highlight": {"background": _tint(colour, 0.4), "border": "#212529"},
                        "hover": {"background": _tint(colour, 0.4), "border": "#212529"}}


def _edge(graph: nx.DiGraph, number: int, source: str, target: str) -> dict:
    data = graph.edges[source, target]
    relations = data.get("relations", [])
    labels = list(dict.fromkeys(r["label"] for r in relations))
    order = list(glossary.RELATION_GROUPS)
    group = min((r["group"] for r in relations), key=order.index, default="lid")
    edge: dict = {"id": f"e{number}", "from": source, "to": target, "rel": ", ".join(labels),
                  "group": group, "relations": relations, "roles": data.get("roles", []),
                  "color": {"color": glossary.RELATION_GROUPS[group][1], "opacity": 0.75}}
    if group == "penvoerder":
        edge["width"] = 2.5
    reasons = [footing(r["evidence"]) for r in relations if r["evidence"]]
    if reasons and all(reasons):
        edge["dashes"] = JUDGED_DASHES
        edge["judged"] = "; ".join(dict.fromkeys(r for r in reasons if r))
    return edge


def vis_data(graph: nx.DiGraph) -> tuple[list[dict], list[dict]]:
    """The graph as vis-network nodes and edges, sorted so that the output is reproducible."""
    # The overview's outline is laid out by the page, from what is opened (overview.py).
    positions = (dict.fromkeys(graph, (0.0, 0.0)) if graph.graph.get("overview")
                 else layout.positions(graph))
    nodes = [_node(graph, node, *positions[node]) for node in sorted(graph)]
    apart(nodes)
    edges = [_edge(graph, number, source, target)
             for number, (source, target) in enumerate(sorted(graph.edges()))]
    return nodes, edges


def legend(graph: nx.DiGraph) -> dict:
    """Counts per kind (in the order of style.KINDS), per relation group, and of the gaps."""
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    groups = Counter(r["group"] for _, _, data in graph.edges(data=True)
                     for r in data.get("relations", []))
    # A list: every kind but the network drawn as a box; the overview: every kind.
    boxes = graph.graph.get("layout") == "list" or bool(graph.graph.get("overview"))

    def boxed(key: str) -> bool:
        return boxes and (key != "netwerk" or bool(graph.graph.get("overview")))

    result: dict = {
        "kinds": [{"kind": key, "name": kind.name,
                   "colour": _tint(kind.colour) if boxed(key) else kind.colour,
                   "border": kind.colour, "shape": "box" if boxed(key) else kind.shape,
                   "count": kinds[key]} for key, kind in KINDS.items() if kinds[key]],
        "edges": [{"group": key, "name": name, "colour": colour, "count": groups[key]}
                  for key, (name, colour) in glossary.RELATION_GROUPS.items() if groups[key]],
        "gap": None,
    }
    if graph.graph.get("gaps"):
        gaps = Counter(data["kind"] for _, data in graph.nodes(data=True) if data.get("gap"))
        words = [f"{gaps[k]} {KINDS[k].count_words[gaps[k] != 1]}" for k in KINDS if gaps[k]]
        result["gap"] = {"count": sum(gaps.values()),
                         "detail": ", ".join(words) or glossary.PAGE["gapsNone"]}
    return result


def filters(graph: nx.DiGraph) -> list[dict]:
    """The filters worth offering, each a choice of one value (or all)."""
    found = []
    wanted = graph.graph.get("facets", [key for key, _ in FACETS])
    names: dict[str, str] = graph.graph.get("names", {})
    for key, word in FACETS:
        if key not in wanted:
            continue
        if key in ("domains", "recommendations"):
            values = graph.graph.get(key, [])
        else:
            counts = Counter(v for _, data in graph.nodes(data=True) for v in data.get(key, []))
            # a view may offer more than its nodes carry (coverage: every network)
            counts.update(graph.graph.get("choices", {}).get(key, []))
            values = sorted(counts, key=lambda v: (names.get(v, v).casefold(), v))
        if len(values) >= 2:
            found.append({"key": key, "title": glossary.PAGE[word],
                          "all": glossary.PAGE["all" + word.capitalize() + "s"]
                          if word != "network" else glossary.PAGE["allNetworks"],
                          "values": [[v, names.get(v, v)] for v in values]})
    return found


def _groups(graph: nx.DiGraph) -> dict:
    """The overview's style per kind: a light box with the kind's colour as its border."""
    if not graph.graph.get("overview"):
        return {}
    groups = {}
    for key in sorted({kind for _, kind in graph.nodes(data="kind")}):
        box: dict = {}
        _as_box(box, KINDS[key].colour)
        groups[key] = {k: v for k, v in box.items() if k != "font"}
    return groups


def options(graph: nx.DiGraph) -> dict:
    big = graph.number_of_edges() > BIG
    return {
        "groups": _groups(graph),
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False, "keyboard": False},
        "nodes": {"borderWidth": 1.5,
                  "font": {"size": 12, "face": "system-ui, sans-serif", "color": "#212529",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  # A label smaller than 9 px on screen is not drawn: at overview zoom only
                  # the big names (networks, consortia, hubs) show; zoom in for the rest.
                  # (The overview's boxes are laid out to open at 9.5 px or more.)
                  "scaling": {"label": {"drawThreshold": 9 if graph.graph.get("overview")
                                        else 10, "maxVisible": 26}}},
        "edges": {"smooth": False, "width": 1.2, "selectionWidth": 2, "hoverWidth": 1.5,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                  # A relation is written level on a white ground (drawn on selection
                  # and hover only: map.js).
                  "font": {"size": 11, "color": "#212529", "strokeWidth": 0,
                           "background": "rgba(255,255,255,0.9)", "align": "horizontal"}},
    }


def _first(graph: nx.DiGraph) -> list[str]:
    """What a network's map opens on when it cannot show all names readably: the network,
    its members, bodies and ties (listing.py puts its projects and activities beside)."""
    if graph.graph.get("layout") != "list":
        return []
    return sorted(n for n, kind in graph.nodes(data="kind") if kind not in listing.WORK)


# Lists a node or relation often leaves empty: left out of the page (map.js puts them back).
EMPTY_DEFAULTS = ("alt", "info", "evidence", "networks", "roles", "sectors", "concepts")


def _slim(nodes: list[dict], edges: list[dict], overview: bool) -> list[str]:
    """Leave out of the page what map.js can put back (at ten times the country the page
    held 68 MB): empty lists, a label equal to the full name, the overview's default font,
    place and group (its kind), a line's colour (its group's), and each source title once
    (evidence items name it by its place in the returned list)."""
    sources: dict[str, int] = {}

    def intern(items: list[dict]) -> None:
        for item in items:
            if "title" in item:
                item["src"] = sources.setdefault(item.pop("title"), len(sources))

    for node in nodes:
        intern(node.get("evidence", []))
        for key in EMPTY_DEFAULTS:
            if not node.get(key, True):
                del node[key]
        if node["label"] == node["full"]:
            del node["label"]
        if overview:
            del node["x"], node["y"], node["group"]
            if node["font"] == {"size": 12}:
                del node["font"]
    for edge in edges:
        del edge["color"]
        if not edge["roles"]:
            del edge["roles"]
        for relation in edge["relations"]:
            intern(relation["evidence"])
            for key in ("evidence", "info"):
                if not relation[key]:
                    del relation[key]
    return list(sources)


# Abbreviations written as words: not inside a longer word (NPZ in "NPZ-regio" counts). The
# word comes first and what precedes it is looked at after it, so the search skips ahead to
# each occurrence (a look before it first would try every position: 30 s at 10x).
@cache
def _abbreviation_patterns() -> dict[str, str]:
    return {short: re.escape(short) + r"(?<![^\W_]" + re.escape(short) + r")(?![^\W_])"
            for short in glossary.ABBREVIATIONS}


def _abbreviations(text: str) -> list[list[str]]:
    """The abbreviations in the page's data (its JSON text: escaped line breaks and tabs
    become spaces again, so a word after one still stands on its own). One pass for all of
    them: a search for any not found yet, on from where the last one was found (a search per
    abbreviation read the whole text for each one absent: 10x, 1.2 s against 0.5 s)."""
    text = text.replace("\\n", " ").replace("\\t", " ").replace("\\r", " ")
    text = text.replace("\\u0026", "&")  # embed_json escapes it: NPZR&o is a word again
    wanted, found, start = dict(_abbreviation_patterns()), set(), 0
    while wanted:
        match = re.compile("|".join(wanted.values())).search(text, start)
        if match is None:
            break
        found.add(match.group())
        del wanted[match.group()]
        start = match.start()
    return [[short, long] for short, long in glossary.ABBREVIATIONS.items() if short in found]


def render(graph: nx.DiGraph) -> str:
    """The complete HTML page of a map graph."""
    nodes, edges = vis_data(graph)
    sources = _slim(nodes, edges, bool(graph.graph.get("overview")))
    title = graph.graph.get("title", "pzgraph")
    data = {"title": title, "subtitle": graph.graph.get("subtitle", ""), "nodes": nodes,
            "edges": edges, "options": options(graph), "legend": legend(graph),
            "filters": filters(graph), "names": graph.graph.get("names", {}),
            "words": glossary.PAGE, "groups": {k: v[0] for k, v in
                                               glossary.RELATION_GROUPS.items()},
            "groupOrder": list(glossary.RELATION_GROUPS),
            "sides": [[key, *words] for key, words in glossary.CONNECTION_HEADINGS.items()],
            "colours": {k: v[1] for k, v in glossary.RELATION_GROUPS.items()},
            "overview": graph.graph.get("overview") or None,
            "coverage": bool(graph.graph.get("gaps")), "sources": sources,
            "little": graph.graph.get("little", ""), "report": graph.graph.get("report", ""),
            "scope": graph.graph.get("scope", ""), "first": _first(graph),
            "sections": graph.graph.get("sections", {})}
    # Every abbreviation anywhere on the page (names, filters, sectors, details, evidence)
    # is explained: the page can show any text of its data. The data is written as JSON
    # once (in C) and searched as that text; "abbreviations" sorts first among its keys.
    text = assets.embed_json(data)
    found = assets.embed_json(_abbreviations(text))
    return assets.page(title, '{"abbreviations":' + found + "," + text[1:])
