"""One network's map laid out as lists, so that a coordinator reads every name at once.

The network stands in the middle column among its bodies, posts and wider ties; its member
organisations are listed in columns on the left (penvoerder and stuurgroep first), its
projects and activities on the right. Each name is a box (render.py draws these maps with
the label inside), one row per box, so no two names can overlap, and the number of rows
per column is chosen so that the whole map fits a laptop screen with its names at 9 px or
more (the page opens fitted to it).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .style import short_label

if TYPE_CHECKING:
    import networkx as nx

ROW = 26.0  # a box of one line is 22 high: 4 between two boxes
COLUMN = 318.0  # a box is at most BOX_WIDTH wide: 20 between two columns
BOX_WIDTH = 300
CHAR = 6.9  # the widest a name of 42 characters came to, per character, at 12 px
SCREEN = (930.0, 690.0)  # the map's part of a 1280×720 screen, less a margin
HOME_ROWS = 4  # the network's star and its name under it
WORK = {"project", "activiteit"}
PEOPLE = {"organisatie"}


def lines(label: str) -> int:
    """How many lines a name takes in its box: long names wrap once."""
    return 1 if len(label) * CHAR <= BOX_WIDTH - 8 else 2


def positions(graph: nx.Graph, home: str) -> dict[str, tuple[float, float]]:
    """Members left, the network with its bodies and ties in the middle, work right."""
    def label(node: str) -> str:
        return short_label(graph.nodes[node]["label"])

    members = sorted((n for n, k in graph.nodes(data="kind") if k in PEOPLE and n != home),
                     key=lambda n: (_role_rank(graph, n), label(n).casefold(), n))
    work = sorted((n for n, k in graph.nodes(data="kind") if k in WORK),
                  key=lambda n: (graph.nodes[n]["kind"], label(n).casefold(), n))
    inner = sorted((n for n in graph if n != home and n not in members and n not in work),
                   key=lambda n: (graph.nodes[n]["kind"], label(n).casefold(), n))
    slots = {n: lines(label(n)) for n in graph if n != home}
    groups = [members, inner, work]
    need = [sum(slots[n] for n in group) for group in groups]
    need[1] += HOME_ROWS
    rows = _best_rows(need)
    pos: dict[str, tuple[float, float]] = {}
    column = 0
    for number, group in enumerate(groups):
        if not group and number != 1:
            continue
        columns = _fill(group, slots, rows, home if number == 1 else None)
        for stack in columns:
            height = sum(slots.get(n, HOME_ROWS) for n in stack)
            y = (rows - height) / 2 * ROW  # each column centred on the middle row
            for node in stack:
                size = slots.get(node, HOME_ROWS)
                pos[node] = (column * COLUMN, y + (size - 1) * ROW / 2
                             - (ROW if node == home else 0.0))
                y += size * ROW
            column += 1
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in sorted(pos.items())}


def _fill(group: list[str], slots: dict[str, int], rows: int, home: str | None
          ) -> list[list[str]]:
    """The group in columns of at most `rows` rows; the network (if given) in the middle of
    its group, so its lines to both sides stay short."""
    order = list(group)
    if home is not None:
        order.insert(len(order) // 2, home)
    columns: list[list[str]] = [[]]
    used = 0
    for node in order:
        size = slots.get(node, HOME_ROWS)
        if used + size > rows and columns[-1]:
            columns.append([])
            used = 0
        columns[-1].append(node)
        used += size
    return columns


def _best_rows(need: list[int]) -> int:
    """The rows per column that let the map open largest on the screen."""
    best, best_scale = max(need), 0.0
    for rows in range(max(6, max(1, max(need) // 12)), max(need) + 1):
        columns = sum(math.ceil(n / rows) for n in need if n)
        width, height = columns * COLUMN, rows * ROW
        scale = min(SCREEN[0] / width, SCREEN[1] / height)
        if scale > best_scale + 1e-9:
            best, best_scale = rows, scale
    return best


def _role_rank(graph: nx.Graph, node: str) -> int:
    """Penvoerder first, then the stuurgroep and other posts, then the members."""
    roles = " ".join(graph.nodes[node].get("roles", [])).casefold()
    if "penvoerder" in roles:
        return 0
    if any(word in roles for word in ("stuurgroep", "voorzitter", "bestuur", "secretaris")):
        return 1
    return 2 if roles else 3
