"""JSON-LD of the release: the dataset with its named graphs, compacted under the project's
context, then put in a fixed order."""

from __future__ import annotations

import json
import re
from typing import Any

import pyoxigraph as ox

from ..vocab import to_rdflib


def jsonld(quads: list[ox.Quad], context: dict[str, Any]) -> bytes:
    """The dataset, one named graph per object of the top-level @graph, compacted under the
    project's context (rdflib does the compaction), then put in a fixed order: graphs and
    nodes by id, keys id-first, set values sorted; @list order is kept. Named graphs as
    `{"id": graph, "@graph": [...]}` are JSON-LD 1.0, so 1.0 processors read them too."""
    import rdflib

    dataset = rdflib.Dataset()
    for quad in quads:
        dataset.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object),
                     to_rdflib(quad.graph_name)))
    terms = context["@context"]
    document = json.loads(dataset.serialize(format="json-ld", context=terms))
    document.pop("@context", None)
    # rdflib writes a dataset of one graph as that graph, and a graph of one node as that node
    top = document["@graph"] if set(document) == {"@graph"} else [document] if document else []
    base = terms.get("@base", "")
    base_path, host = _base_path(base), base[:len(base) - len(_base_path(base))]
    iri_terms = {name for name, value in terms.items()
                 if isinstance(value, dict) and value.get("@type") == "@id"}
    graphs, default = [], []
    for item in top:
        if "@graph" not in item:  # a node of the default graph
            default.append(_ordered(_relative_ids(item, base_path, iri_terms)))
            continue
        name = item.get("id", item.get("@id", ""))
        nodes = [_ordered(_relative_ids(node, base_path, iri_terms)) for node in item["@graph"]]
        nodes.sort(key=_node_key)
        # rdflib writes the graph's name relative to the host ("/pzgraph/graph/..."): in full
        graphs.append({"id": host + name if name.startswith("/") else name, "@graph": nodes})
    graphs.sort(key=lambda graph: graph["id"])
    default.sort(key=_node_key)
    text = json.dumps({"@context": terms, "@graph": default + graphs}, ensure_ascii=False,
                      indent=2)
    return (text + "\n").encode("utf-8")


def _node_key(node: dict[str, Any]) -> tuple[str, str]:
    return str(node.get("id", node.get("@id", ""))), _dump(node)


def _base_path(base: str) -> str:
    # rdflib writes IRIs under @base's host as "/path/..."; this is the part to cut off.
    match = re.match(r"^[a-z]+://[^/]+(/.*)$", base)
    return match.group(1) if match else ""


def _relative_ids(node: Any, base_path: str, iri_terms: set[str], key: str = "") -> Any:
    """'/pzgraph/id/netwerk/x' -> 'netwerk/x', in IRI positions only: ids as in data/."""
    if isinstance(node, dict):
        return {k: _relative_ids(v, base_path, iri_terms, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_relative_ids(v, base_path, iri_terms, key) for v in node]
    if (isinstance(node, str) and base_path and key in {"id", "@id", *iri_terms}
            and node.startswith(base_path) and ":" not in node[len(base_path):]):
        return node[len(base_path):]
    return node


def _dump(node: Any) -> str:
    return json.dumps(node, sort_keys=True, ensure_ascii=False)


def _ordered(node: Any, key: str = "") -> Any:
    if isinstance(node, dict):
        first = ("id", "@id", "type", "@type")
        keys = sorted(node, key=lambda k: (first.index(k) if k in first else len(first), k))
        return {k: _ordered(node[k], k) for k in keys}
    if isinstance(node, list):
        items = [_ordered(item) for item in node]
        return items if key == "@list" else sorted(items, key=_dump)
    return node
