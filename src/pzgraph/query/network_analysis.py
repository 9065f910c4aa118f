"""Network analysis over query rows: betweenness (rustworkx) and connecting paths.

A query with `# compute: betweenness` or `# compute: path` returns edges, one per row, as
columns `source`, `target` and optionally `relation`; the step here turns them into the
answer. Betweenness needs every edge and is computed in native code; a path in the local
store is searched from both ends over the neighbourhood only (`path_by_search`), and over
the rows with networkx where the rows come from an endpoint (`path`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import QueryError
from ..vocab import XSD
from .results import Result
from .sparql_values import restricted_to

if TYPE_CHECKING:
    import networkx as nx

Term = ox.NamedNode | ox.Literal | ox.BlankNode | None


def edges_to_graph(result: Result) -> nx.Graph:
    import networkx as nx  # a quarter of a second to import: only when a query needs it

    s, t = _edge_columns(result)
    r = result.columns.index("relation") if "relation" in result.columns else None
    graph = nx.Graph()
    for row in result.rows:
        if row[s] is None or row[t] is None:
            continue
        graph.add_edge(row[s], row[t], relation=row[r] if r is not None else None)
    return graph


def betweenness(result: Result, limit: int = 25) -> Result:
    """Nodes that connect otherwise separate parts, most central first.

    Exact betweenness (Brandes) costs O(nodes × edges): networkx needed 16 s at 10x national
    scale in pure Python; rustworkx computes the same numbers in native code, in parallel
    above a few thousand nodes (tests/test_fast_paths.py checks it against networkx)."""
    import rustworkx as rx  # milliseconds to import, and only when a query needs it

    nodes, edges = _numbered_edges(result)
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(range(len(nodes)))
    graph.add_edges_from_no_data(edges)
    centrality = rx.betweenness_centrality(graph, normalized=True)
    ranked = sorted(centrality.items(), key=lambda item: (-item[1], nodes[item[0]].value))
    rows: list[list[Term]] = [
        [nodes[i], ox.Literal(f"{score:.4f}", datatype=ox.NamedNode(XSD + "decimal")),
         ox.Literal(str(graph.degree(i)), datatype=ox.NamedNode(XSD + "integer"))]
        for i, score in ranked[:limit] if score > 0
    ]
    return Result(["node", "betweenness", "connections"], rows)


def size(result: Result) -> tuple[int, int]:
    """How many nodes and distinct links the edge rows hold (what betweenness costs)."""
    nodes, edges = _numbered_edges(result)
    return len(nodes), len(edges)


def _numbered_edges(result: Result) -> tuple[list[Term], list[tuple[int, int]]]:
    """The rows' nodes in order of appearance, and each distinct undirected edge once."""
    s, t = _edge_columns(result)
    number: dict[Term, int] = {}
    edges: set[tuple[int, int]] = set()
    for row in result.rows:
        if row[s] is None or row[t] is None:
            continue
        a = number.setdefault(row[s], len(number))
        b = number.setdefault(row[t], len(number))
        if a != b:
            edges.add((min(a, b), max(a, b)))
    return list(number), sorted(edges)


def _edge_columns(result: Result) -> tuple[int, int]:
    for needed in ("source", "target"):
        if needed not in result.columns:
            raise QueryError(f"a network query must return ?source and ?target columns, "
                             f"not {', '.join(result.columns)}")
    return result.columns.index("source"), result.columns.index("target")


def path(result: Result, start: ox.NamedNode, end: ox.NamedNode) -> Result:
    """The shortest chain of relations from start to end."""
    import networkx as nx

    graph = edges_to_graph(result)
    for node in (start, end):
        if node not in graph:
            raise QueryError(f"{node.value} has no connections in the graph")
    try:
        nodes = nx.shortest_path(graph, start, end)
    except nx.NetworkXNoPath:
        raise QueryError("the two are not connected in the graph") from None
    rows: list[list[Term]] = []
    for step, node in enumerate(nodes):
        relation = graph.edges[nodes[step - 1], node]["relation"] if step else None
        rows.append([ox.Literal(str(step)), relation, node])
    return Result(["step", "via", "node"], rows)


def path_by_search(store: ox.Store, sparql: str, start: ox.NamedNode,
                   end: ox.NamedNode) -> Result:
    """The shortest chain of relations from start to end, found by searching from both ends
    at once and asking the store only for the edges of the nodes reached (the query's edge
    pattern restricted to them), instead of fetching every edge of the landscape. Edges are
    undirected, as in `path`; of equally short chains the first by IRI is taken at each step,
    and between two nodes the relation `path` shows (the last row of the query's order)."""
    for node in (start, end):
        if not _edges_of(store, sparql, [node]):
            raise QueryError(f"{node.value} has no connections in the graph")
    if start == end:
        return _path_rows([start], {})
    parents: tuple[dict, dict] = ({start: None}, {end: None})  # node → the node before it
    frontiers: tuple[list, list] = ([start], [end])
    relations: dict[frozenset, tuple] = {}  # {a, b} → (order key of its row, relation)
    while frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        reached, other = parents[side], parents[1 - side]
        following: list = []
        for node, neighbour, relation, key in _edges_of(store, sparql, frontiers[side]):
            pair = frozenset((node, neighbour))
            if pair not in relations or key > relations[pair][0]:
                relations[pair] = (key, relation)
            if neighbour not in reached:
                reached[neighbour] = node
                following.append(neighbour)
        meeting = sorted((n for n in following if n in other), key=lambda n: n.value)
        if meeting:
            forward, backward = _walk(parents[0], meeting[0]), _walk(parents[1], meeting[0])
            chain = forward[::-1] + backward[1:]
            # the relations of the last steps were seen from one side only: complete them
            _edges_of(store, sparql, chain, relations)
            return _path_rows(chain, {pair: rel for pair, (_, rel) in relations.items()})
        frontiers = (following, frontiers[1]) if side == 0 else (frontiers[0], following)
    raise QueryError("the two are not connected in the graph")


def _edges_of(store: ox.Store, sparql: str, nodes: list,
              relations: dict | None = None) -> list[tuple[Term, Term, Term, tuple]]:
    """Every edge at one of `nodes` as (that node, its neighbour, relation, the row's place in
    the query's ORDER BY ?source ?target ?relation), nodes and neighbours in IRI order.
    With `relations`, the last relation of each pair among `nodes` is recorded there too."""
    edges: set[tuple[Term, Term, Term, tuple]] = set()
    for near, far in (("source", "target"), ("target", "source")):
        solutions = store.query(restricted_to(sparql, near, nodes),
                                use_default_graph_as_union=True)
        for row in solutions:  # type: ignore[union-attr]
            source, target, relation = row["source"], row["target"], row["relation"]
            if source is None or target is None or source == target:
                continue
            key = (source.value, target.value, "" if relation is None else relation.value)
            edges.add((row[near], row[far], relation, key))
    ordered = sorted(edges, key=lambda e: (e[0].value, e[1].value, e[3]))
    if relations is not None:
        for node, neighbour, relation, key in ordered:
            pair = frozenset((node, neighbour))
            if pair not in relations or key > relations[pair][0]:
                relations[pair] = (key, relation)
    return ordered


def _walk(parents: dict, node: Term) -> list:
    chain = [node]
    while parents[chain[-1]] is not None:
        chain.append(parents[chain[-1]])
    return chain


def _path_rows(nodes: list, relations: dict) -> Result:
    rows: list[list[Term]] = []
    for step, node in enumerate(nodes):
        relation = relations.get(frozenset((nodes[step - 1], node))) if step else None
        rows.append([ox.Literal(str(step)), relation, node])
    return Result(["step", "via", "node"], rows)
