"""A map graph (networkx, see graph.py) → pyvis nodes and edges → one HTML page.

pyvis turns the graph into vis-network's node and edge objects; the page around them is
ours (assets.py), because pyvis's template fetches bootstrap and vis-network from CDNs.
Positions come from layout.py and physics stays off, so the map opens settled and the
same graph always gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from . import assets, layout
from .style import EDGE_COLOUR, GAP_COLOUR, GAP_DASHES, KINDS, short_label

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

FACETS = [("networks", "Netwerk"), ("roles", "Rol"), ("sectors", "Sector")]
BIG = 1500  # edges; above this, edges are hidden while dragging or zooming


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _node_options(data: dict, x: float, y: float) -> dict:
    kind = KINDS[data["kind"]]
    options = {
        "label": short_label(data["label"]), "full": data["label"], "shape": kind.shape,
        "kind": data["kind"], "alt": data.get("alt", []), "info": data.get("info", []),
        "evidence": data.get("evidence", []), "x": x, "y": y,
        "color": {"background": kind.colour, "border": _darker(kind.colour),
                  "highlight": {"background": kind.colour, "border": "#212529"},
                  "hover": {"background": kind.colour, "border": "#212529"}},
        **{key: data.get(key, []) for key, _ in FACETS},
    }
    if kind.size:
        options["size"] = kind.size
    else:  # a concept: the name is the node, so it reads from further out
        options["widthConstraint"] = {"maximum": 200}
        options["font"] = {"size": 16}
    if data.get("gap"):
        options["gap"] = True
        options["borderWidth"] = 3
        # Keep the kind's colour inside, so a gap still says what it is (domain, kernthema).
        options["color"] = {**options["color"], "border": GAP_COLOUR}
        options["shapeProperties"] = {"borderDashes": GAP_DASHES}
    return options


def to_pyvis(graph: nx.DiGraph) -> Network:
    """The graph as pyvis nodes and edges, sorted so that the output is reproducible."""
    from pyvis.network import Network  # imported when a map is made
    net = Network(directed=True, cdn_resources="in_line")
    positions = layout.positions(graph)
    for node in sorted(graph):
        net.add_node(node, **_node_options(graph.nodes[node], *positions[node]))
    for number, (source, target) in enumerate(sorted(graph.edges())):
        data = graph.edges[source, target]
        labels = list(dict.fromkeys(r["label"] for r in data.get("relations", [])))
        net.add_edge(source, target, id=f"e{number}", label=", ".join(labels),
                     relations=data.get("relations", []), roles=data.get("roles", []),
                     fromLabel=graph.nodes[source]["label"], toLabel=graph.nodes[target]["label"])
    return net


def legend(graph: nx.DiGraph) -> dict:
    """Counts per kind (in the order of style.KINDS), per relation, and of the gaps."""
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    relations = Counter(r["label"] for _, _, data in graph.edges(data=True)
                        for r in data.get("relations", []))
    result: dict = {
        "kinds": [{"kind": key, "name": kind.name, "colour": kind.colour, "shape": kind.shape,
                   "count": kinds[key]} for key, kind in KINDS.items() if kinds[key]],
        "edges": [{"name": name, "count": count}
                  for name, count in sorted(relations.items(), key=lambda i: (-i[1], i[0]))[:8]],
        "gap": None,
    }
    if graph.graph.get("gaps"):
        gaps = Counter(data["kind"] for _, data in graph.nodes(data=True) if data.get("gap"))
        words = [f"{gaps[k]} {KINDS[k].count_words[gaps[k] != 1]}" for k in KINDS if gaps[k]]
        result["gap"] = {"count": sum(gaps.values()),
                         "detail": ", ".join(words) or "geen: alles is geadresseerd"}
    return result


def filters(graph: nx.DiGraph) -> list[dict]:
    """The facet filters worth offering: those with at least two values to choose from."""
    found = []
    for key, title in FACETS:
        if key not in graph.graph.get("facets", [key]):
            continue
        counts = Counter(value for _, data in graph.nodes(data=True) for value in data.get(key, []))
        if len(counts) >= 2:
            found.append({"key": key, "title": title, "values": sorted(counts.items())})
    return found


def options(graph: nx.DiGraph) -> dict:
    big = graph.number_of_edges() > BIG
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False},
        "nodes": {"borderWidth": 1.5, "font": {"size": 13, "face": "system-ui, sans-serif"}},
        "edges": {"smooth": False, "width": 1,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "color": {"color": EDGE_COLOUR, "highlight": "#343a40", "hover": "#495057"},
                  "font": {"size": 10, "color": "#495057", "strokeWidth": 3, "align": "middle"}},
    }


def render(graph: nx.DiGraph) -> str:
    """The complete HTML page of a map graph."""
    net = to_pyvis(graph)
    title = graph.graph.get("title", "pzgraph")
    data = {"title": title, "subtitle": graph.graph.get("subtitle", ""), "nodes": net.nodes,
            "edges": net.edges, "options": options(graph), "legend": legend(graph),
            "filters": filters(graph)}
    return assets.page(title, data)
