"""JSON-LD of the release: compacted under the project's context, then put in a fixed order."""

from __future__ import annotations

import json
import re
from typing import Any

import pyoxigraph as ox

from ..vocab import to_rdflib


def jsonld(triples: list[ox.Triple], context: dict[str, Any]) -> bytes:
    """Compacted under the project's context (rdflib does the compaction), then put in a
    fixed order: nodes by id, keys id-first, set values sorted; @list order is kept."""
    import rdflib

    graph = rdflib.Graph()
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                   to_rdflib(triple.object)))
    terms = context["@context"]
    document = json.loads(graph.serialize(format="json-ld", context=terms))
    if "@graph" in document:
        nodes = document["@graph"]
    else:  # rdflib writes a graph of one node as that node
        single = {k: v for k, v in document.items() if k != "@context"}
        nodes = [single] if single else []
    base_path = _base_path(terms.get("@base", ""))
    iri_terms = {name for name, value in terms.items()
                 if isinstance(value, dict) and value.get("@type") == "@id"}
    nodes = [_ordered(_relative_ids(node, base_path, iri_terms)) for node in nodes]
    nodes.sort(key=lambda node: (str(node.get("id", node.get("@id", ""))), _dump(node)))
    text = json.dumps({"@context": terms, "@graph": nodes}, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


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
