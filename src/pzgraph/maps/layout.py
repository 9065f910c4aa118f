"""Node positions, computed once in Python, so the page opens on a settled map.

Physics in the browser never settles on a few thousand nodes, and its result differs per
run. Here the same graph always gets the same positions:

- every leaf (a node with one neighbour, such as an organisation in one network) is set
  on a ring around that neighbour, and nodes that hang on the same two hubs on a ring
  around the pair, so the costly spring layout only sees the core;
- each connected part of the core gets a spring layout (networkx, fixed seed), sized by
  how many nodes it carries;
- the parts are packed in rows, biggest first, so an unconnected node (a gap in the
  coverage map) sits beside the map instead of being pushed to its far edge.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING

from . import listing

if TYPE_CHECKING:
    import networkx as nx


SEED = 7
SPACING = 110.0  # pixels per node, roughly: a part of n nodes spans SPACING * sqrt(n)
LEAF_SPACING = 40.0  # pixels between neighbours on a ring
MIN_RING = 90.0
MARGIN = 130.0  # around each packed part, room for labels
SKELETON = 400  # parts bigger than this are laid out through their best-connected nodes
HUB_DEGREE = 5
BIG_KINDS = {"netwerk", "consortium", "landelijk", "programma", "domein", "aanbeveling",
             "kernthema", "actielijn"}
BIG_SPACING = 190.0  # between big nodes on a ring: a network's name is ~150 px wide

Position = tuple[float, float]


def positions(graph: nx.Graph) -> dict[str, Position]:
    """Pixel positions for every node; the same graph gives the same numbers."""
    import networkx as nx

    if graph.graph.get("layout") == "columns":
        return _columns(graph)
    if graph.graph.get("layout") == "list":
        return listing.positions(graph, graph.graph["home"])
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in graph.edges() if u != v))
    leaves = _satellites(simple)
    # Big nodes (networks, consortia) on a ring need room for their names.
    big = {n for n, kind in graph.nodes(data="kind") if kind in BIG_KINDS}
    is_leaf = {leaf for kids in leaves.values() for leaf in kids}
    core = nx.Graph(simple.subgraph(n for n in simple if n not in is_leaf))
    # Two hubs that share satellites stay tied, though the satellites leave the core.
    core.add_edges_from(anchor for anchor in leaves if len(anchor) == 2)
    parts = sorted(nx.connected_components(core), key=lambda part: (-len(part), min(part)))
    blocks = []
    for part in parts:
        # A big node (a network, a domain) needs the room of a few small ones for its name.
        carried = (len(part) + sum(len(kids) for a, kids in leaves.items() if a[0] in part)
                   + 3 * len(big & part))
        pos = _spring(core, sorted(part), SPACING * math.sqrt(carried))
        _ring_leaves(pos, leaves, big)
        blocks.append(pos)
    packed = _pack(blocks, big)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in sorted(packed.items())}


def _satellites(simple: nx.Graph) -> dict[tuple[str, ...], list[str]]:
    """Nodes that hang on one hub, or on the same two hubs as at least two others (members
    of both Utrecht networks), keyed by the hubs they hang on."""
    found: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for node in simple:
        near = tuple(sorted(simple[node]))
        # One hub of more than this node, or two hubs of more than two ties each.
        if 1 <= len(near) <= 2 and all(simple.degree(hub) > len(near) for hub in near):
            found[near].append(node)
    return {a: kids for a, kids in found.items() if len(a) == 1 or len(kids) >= 3}


def _spring(core: nx.Graph, nodes: list[str], size: float) -> dict[str, Position]:
    import networkx as nx
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    part = nx.Graph()
    part.add_nodes_from(nodes)
    part.add_edges_from(sorted(core.subgraph(nodes).edges()))
    if len(part) <= SKELETON:
        # k: twice the default distance, so members shared by two hubs do not pile up.
        # Fewer rounds for a big core: its shape settles early, and each round costs n².
        rounds = 100 if len(part) <= 150 else 50
        spread = nx.spring_layout(part, seed=SEED, iterations=rounds, k=2 / math.sqrt(len(part)))
        return {n: (float(x) * size, float(y) * size) for n, (x, y) in spread.items()}
    return _skeleton_layout(part, size)


def _skeleton_layout(part: nx.Graph, size: float) -> dict[str, Position]:
    """A big part: spring-lay the best-connected nodes only (a spring layout grows with the
    square of the nodes), then put each other node among its placed neighbours.

    The skeleton keeps the shape of the whole: two hubs that share neighbours outside it
    (a network and a domain, through the projects between them) are pulled together.
    """
    import networkx as nx
    ranked = sorted(part, key=lambda n: (-part.degree(n), n))
    # Hubs are nodes with many ties (networks, consortia, domains), not the many projects
    # with two or three: those would only form a ring around the rest.
    hubs = {n for n in ranked[:SKELETON] if part.degree(n) >= HUB_DEGREE}
    if len(hubs) < 3:
        hubs = set(ranked[:SKELETON])
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for u, v in part.edges():
        if u in hubs and v in hubs:
            weights[min(u, v), max(u, v)] += 1.0
    for node in part:
        if node not in hubs:
            near = sorted(hubs.intersection(part[node]))
            for a, b in combinations(near, 2):
                weights[a, b] += 1.0 / (len(near) - 1)
    skeleton = nx.Graph()
    skeleton.add_nodes_from(sorted(hubs))
    skeleton.add_weighted_edges_from((a, b, 1.0 + math.log(w)) if w >= 1 else (a, b, w)
                                     for (a, b), w in sorted(weights.items()))
    spread = nx.spring_layout(skeleton, seed=SEED, iterations=100, weight="weight")
    pos = {n: (float(x) * size, float(y) * size) for n, (x, y) in spread.items()}
    rng = random.Random(SEED)
    waiting = sorted((n for n in part if n not in pos), key=lambda n: (-part.degree(n), n))
    while waiting:  # each pass places the nodes with a placed neighbour; the part is connected
        later = []
        for node in waiting:
            near = [pos[m] for m in sorted(part[node]) if m in pos]
            if not near:
                later.append(node)
                continue
            angle, reach = rng.uniform(0, 2 * math.pi), SPACING * math.sqrt(rng.random())
            pos[node] = (sum(x for x, _ in near) / len(near) + reach * math.cos(angle),
                         sum(y for _, y in near) / len(near) + reach * math.sin(angle))
        waiting = later
    return pos


def _ring_leaves(pos: dict[str, Position], leaves: dict[tuple[str, ...], list[str]],
                 big: set[str]) -> None:
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    for anchor in sorted(a for a in leaves if all(hub in pos for hub in a)):
        kids = sorted(leaves[anchor])
        px = sum(pos[hub][0] for hub in anchor) / len(anchor)
        py = sum(pos[hub][1] for hub in anchor) / len(anchor)
        spacing = BIG_SPACING if big.intersection(kids) else LEAF_SPACING
        radius = max(MIN_RING * (spacing / LEAF_SPACING) ** 0.5,
                     len(kids) * spacing / (2 * math.pi))
        # Start the ring facing away from the centre, so a few leaves fan outwards.
        start = math.atan2(py - cy, px - cx) if (px, py) != (cx, cy) else 0.0
        # Up to six leaves fan out a sixth of a turn apart; more fill the whole ring.
        step = 2 * math.pi / max(len(kids), 6)
        for i, kid in enumerate(kids):
            angle = start + step * (i - (len(kids) - 1) / 2 if len(kids) <= 6 else i)
            pos[kid] = (px + radius * math.cos(angle), py + radius * math.sin(angle))


def _pack(blocks: list[dict[str, Position]], big: set[str]) -> dict[str, Position]:
    """Shelf packing: blocks left to right in rows of a width that keeps the whole squarish."""
    boxes = []
    for pos in blocks:
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        margin = MARGIN * (1.6 if big.intersection(pos) else 1.0)
        boxes.append((min(xs) - margin, min(ys) - margin / 2,
                      max(xs) + margin, max(ys) + margin / 2))
    area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in boxes)
    width = max(max(x1 - x0 for x0, _, x1, _ in boxes), math.sqrt(area) * 1.2)
    placed: dict[str, Position] = {}
    x = y = row_height = 0.0
    for pos, (x0, y0, x1, y1) in zip(blocks, boxes, strict=True):
        if x > 0 and x + (x1 - x0) > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (nx_, ny) in pos.items():
            placed[node] = (nx_ - x0 + x, ny - y0 + y)
        x += x1 - x0
        row_height = max(row_height, y1 - y0)
    return placed


# The coverage map in columns: domains left, recommendations, kernthema's and actielijnen
# right, the projects and activities between them, each near the concepts it works on.
CONCEPT_ROW = 72.0
WORK_COLUMNS = 5
WORK_GAP = 240.0  # between the work columns
# Between the concepts and the nearest work column: a concept's box is named at 10.5 px on
# screen whatever the zoom, and at the opening zoom the longest (2.9, R7, K3) reach 260 from
# their middle; nearer, they covered the symbols of the work beside them.
CONCEPT_GAP = 1.5 * WORK_GAP
LEFT_KINDS = ("domein",)
RIGHT_KINDS = ("aanbeveling", "kernthema", "actielijn")


def _columns(graph: nx.Graph) -> dict[str, Position]:
    import networkx as nx

    def order(node: str) -> tuple:
        return (graph.nodes[node].get("sort", ()), node)

    pos: dict[str, Position] = {}
    right_x = 2 * CONCEPT_GAP + WORK_GAP * (WORK_COLUMNS - 1)
    for x, kinds in ((0.0, LEFT_KINDS), (right_x, RIGHT_KINDS)):
        y = 0.0
        for kind in kinds:
            for node in sorted((n for n, k in graph.nodes(data="kind") if k == kind), key=order):
                indent = 40.0 if graph.nodes[node].get("broader") else 0.0
                pos[node] = (x + (indent if x == 0 else -indent), y)
                y += CONCEPT_ROW
            y += CONCEPT_ROW / 2  # a little space between the schemes
    height = max((y for _, y in pos.values()), default=0.0)
    work = [n for n in graph if n not in pos]
    # Each piece of work at the height of the concepts it works on (their mean), then
    # spread over the columns in that order so that no two overlap.
    def height_of(node: str) -> float:
        near = [pos[m][1] for m in nx.all_neighbors(graph, node) if m in pos]
        return sum(near) / len(near) if near else height / 2

    ranked = sorted(work, key=lambda n: (height_of(n), n))
    rows = max(1, math.ceil(len(ranked) / WORK_COLUMNS))
    step = max(height, CONCEPT_ROW) / rows
    for i, node in enumerate(ranked):
        row, column = divmod(i, WORK_COLUMNS)
        pos[node] = (CONCEPT_GAP + WORK_GAP * column, row * step + (column % 2) * step / 2)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in sorted(pos.items())}
