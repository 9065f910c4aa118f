"""Network analysis over query rows with networkx: betweenness and connecting paths.

A query with `# compute: betweenness` or `# compute: path` returns edges, one per row, as
columns `source`, `target` and optionally `relation`; the step here turns them into the
answer. Connection questions are graph questions, and networkx answers them well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import QueryError
from ..vocab import XSD
from .results import Result

if TYPE_CHECKING:
    import networkx as nx

Term = ox.NamedNode | ox.Literal | ox.BlankNode | None


def edges_to_graph(result: Result) -> nx.Graph:
    import networkx as nx  # a quarter of a second to import: only when a query needs it

    for needed in ("source", "target"):
        if needed not in result.columns:
            raise QueryError(f"a network query must return ?source and ?target columns, "
                             f"not {', '.join(result.columns)}")
    s, t = result.columns.index("source"), result.columns.index("target")
    r = result.columns.index("relation") if "relation" in result.columns else None
    graph = nx.Graph()
    for row in result.rows:
        if row[s] is None or row[t] is None:
            continue
        graph.add_edge(row[s], row[t], relation=row[r] if r is not None else None)
    return graph


EXACT_UP_TO = 2_000
SAMPLE_SOURCES = 64


def betweenness(result: Result, limit: int = 25) -> Result:
    """Nodes that connect otherwise separate parts, most central first."""
    import networkx as nx

    graph = edges_to_graph(result)
    # networkx on integer nodes is twice as fast as on pyoxigraph terms (hashing, equality)
    numbered = nx.convert_node_labels_to_integers(graph, label_attribute="term")
    # Exact betweenness costs O(nodes × edges): 50 s at national scale. Above EXACT_UP_TO
    # nodes it is estimated from SAMPLE_SOURCES source nodes (Brandes' sampling), with a
    # fixed seed so the answer is reproducible; the ranking of the top nodes is stable.
    sample = None if len(numbered) <= EXACT_UP_TO else SAMPLE_SOURCES
    centrality = nx.betweenness_centrality(numbered, k=sample, normalized=True, seed=0)
    scores = {numbered.nodes[n]["term"]: score for n, score in centrality.items()}
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0].value))
    rows: list[list[Term]] = [
        [node, ox.Literal(f"{score:.4f}", datatype=ox.NamedNode(XSD + "decimal")),
         ox.Literal(str(graph.degree[node]),
                    datatype=ox.NamedNode(XSD + "integer"))]
        for node, score in ranked[:limit] if score > 0
    ]
    return Result(["node", "betweenness", "connections"], rows)


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
