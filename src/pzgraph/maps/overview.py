"""The landscape as an overview: hubs in groups, organisations gathered under their hubs.

A country holds thousands of organisations; a reader first needs the consortia, networks,
national bodies and programmes, each named. So the landscape's page opens on an outline:

    group         a consortium with its networks (and its own members), or a heading of
                  its own for the national bodies, the programmes, the networks without a
                  consortium and the organisations tied to no hub
    hub           a network, consortium, national body or programme: one named box
    gathered      an organisation (or a municipal desk counted as a national body) tied to
                  hubs only: it is listed under each hub it belongs to (map.js: under the
                  first opened as itself, under the others as a copy)
    work          a project or activity: gathered under the network that runs it, in a
                  group of its own ("Projecten en activiteiten") that opens on a click, so an
                  opened network first shows its members and its own name stays readable

This module says what belongs where; the page (assets/map.js) lays the opened part out in
columns of boxes, so no two names can overlap, and opens or closes a hub on a click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

HUBS = ("consortium", "netwerk", "landelijk", "programma")
# Which hubs an organisation is gathered under, best first: its networks, then its
# consortia, then national bodies and programmes.
HOME_ORDER = {"netwerk": 0, "consortium": 1, "landelijk": 2, "programma": 3}
HEADINGS = {  # the groups that are no node of the graph: id → Dutch heading
    "groep:zonder-consortium": "Netwerken zonder consortium",
    "groep:landelijk": "Landelijke organisaties",
    "groep:programma": "Programma's",
    "groep:overig": "Organisaties zonder netwerk",
    "groep:werk": "Projecten en activiteiten zonder netwerk",
}
WORK = {"project", "activiteit"}
RUN_BY = "uitgevoerd door"  # graph.WORK_RELATIONS: the line from work to who runs it


def _near(graph: nx.DiGraph, node: str, work: set[str]) -> set[str]:
    """Its neighbours but the projects and activities (those are gathered apart)."""
    return (set(graph.successors(node)) | set(graph.predecessors(node))) - work


def _belongs(graph: nx.DiGraph, node: str, work: set[str]) -> set[str]:
    """What it belongs to: its lines go there (member, board, penvoerder). A network that is
    a member of it (an association) or is funded by it (a ministry) is none of them: those
    are no members of the network and are not listed under it."""
    return set(graph.successors(node)) - work


def gather(graph: nx.DiGraph) -> None:
    """Give each node that the overview gathers its `home`: the hubs it is listed under.

    An organisation is gathered under the hubs it is tied to. A national body is itself a
    hub, unless it is tied to networks only (a municipal desk in one network's list)."""
    kinds = dict(graph.nodes(data="kind"))
    work = {n for n, kind in kinds.items() if kind in WORK}
    gathered: dict[str, bool] = {}  # per national body: is it gathered itself?

    def is_gathered(hub: str) -> bool:  # belongs to networks, and is tied to nothing else
        if hub not in gathered:
            near = _near(graph, hub, work)
            gathered[hub] = bool(_belongs(graph, hub, work)) and all(kinds[n] == "netwerk"
                                                                     for n in near)
        return gathered[hub]

    for node, data in graph.nodes(data=True):
        kind = data["kind"]
        if kind in WORK:  # under the networks (or other hubs) that run it
            data["home"] = sorted((n for n in graph.successors(node) if kinds[n] in HOME_ORDER
                                   and any(r["label"] == RUN_BY for r in
                                           graph.edges[node, n]["relations"])),
                                  key=lambda n: (HOME_ORDER[kinds[n]], n)) or ["groep:werk"]
            continue
        if kind not in {"organisatie", "landelijk"} or (kind == "landelijk"
                                                         and not is_gathered(node)):
            continue
        homes = sorted((n for n in _belongs(graph, node, work)
                        if kinds[n] in HOME_ORDER and n != node
                        and not (kinds[n] == "landelijk" and is_gathered(n))),
                       key=lambda n: (HOME_ORDER[kinds[n]], n))
        data["home"] = homes or ["groep:overig"]


def outline(graph: nx.DiGraph) -> dict:
    """The groups of the overview in reading order, each with its heading node and the hubs
    listed under it; the headings that are no node of the graph, with their Dutch names."""
    kinds = dict(graph.nodes(data="kind"))
    label = {n: graph.nodes[n]["label"].casefold() for n in graph}

    def by_name(nodes) -> list[str]:  # noqa: ANN001
        return sorted(nodes, key=lambda n: (label[n], n))

    groups: list[dict] = []
    placed: set[str] = set()
    for consortium in by_name(n for n, k in kinds.items() if k == "consortium"):
        networks = by_name(n for n in graph.predecessors(consortium) if kinds[n] == "netwerk"
                           and "hoort bij consortium" in _labels(graph, n, consortium))
        networks = [n for n in networks if n not in placed]
        placed.update(networks)
        groups.append({"id": consortium, "children": networks})
    rest = {
        "groep:zonder-consortium": [n for n, k in kinds.items()
                                    if k == "netwerk" and n not in placed],
        "groep:landelijk": [n for n, k in kinds.items() if k == "landelijk"
                            and not graph.nodes[n].get("home")],
        "groep:programma": [n for n, k in kinds.items() if k == "programma"],
    }
    for heading, children in rest.items():
        if children:
            groups.append({"id": heading, "children": by_name(children)})
    headings = {key: text for key, text in HEADINGS.items()
                if any(g["id"] == key for g in groups)}
    for heading in ("groep:overig", "groep:werk"):
        if any(graph.nodes[n].get("home") == [heading] for n in graph):
            groups.append({"id": heading, "children": []})
            headings[heading] = HEADINGS[heading]
    return {"groups": groups, "headings": headings}


def _labels(graph: nx.DiGraph, source: str, target: str) -> set[str]:
    return {r["label"] for r in graph.edges[source, target].get("relations", [])}
