"""JSON-LD of the release: the dataset with its named graphs, compacted under the project's
context, then put in a fixed order.

rdflib compacts, and holds what it compacts in memory (a few KB per statement), so the file is
written graph by graph: each named graph compacted on its own, then the graphs in the order
of their names. A graph larger than MAX_GRAPH_QUADS is refused before anything is written
(benchmarks/results/export-scale.md: at 100x national scale the derived graph alone
has 6.5 million).
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from collections.abc import Iterable
from typing import Any, BinaryIO

import pyoxigraph as ox

from ..errors import ExportError
from ..vocab import to_rdflib

# Statements of one graph rdflib compacts at a time: ~1.3 GB of memory at this size.
MAX_GRAPH_QUADS = 1_000_000


def jsonld(quads: Iterable[ox.Quad], context: dict[str, Any]) -> bytes:
    """The dataset, one named graph per object of the top-level @graph, compacted under the
    project's context (rdflib does the compaction), then put in a fixed order: graphs and
    nodes by id, keys id-first, set values sorted; @list order is kept. Named graphs as
    `{"id": graph, "@graph": [...]}` are JSON-LD 1.0, so 1.0 processors read them too."""
    default, graphs = _items(quads, context)
    text = json.dumps({"@context": context["@context"], "@graph": default + graphs},
                      ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def check_graph_sizes(release: Any) -> None:
    """Refuse, before anything is written, a graph too large to compact in memory."""
    too_large = {g: n for g, n in release.graph_sizes.items() if n > MAX_GRAPH_QUADS}
    if too_large:
        name, size = max(too_large.items(), key=lambda item: item[1])
        raise ExportError(
            f"pzgraph.jsonld: graph {name} has {size:,} statements; JSON-LD is compacted by "
            f"rdflib in memory, one graph at a time, up to {MAX_GRAPH_QUADS:,} statements per "
            "graph. Export the other formats with --format (Turtle, N-Triples, TriG, N-Quads "
            "and RDF/XML are written as streams at any size)")


def write_jsonld(release: Any, out: BinaryIO) -> None:
    """`jsonld` of the release's dataset, written graph by graph to `out`: the same bytes."""
    check_graph_sizes(release)
    terms = {"@context": release.context["@context"]}
    default: list[dict] = []
    placed: list[tuple[str, int, int]] = []  # each named graph's text in the spool file
    with tempfile.TemporaryFile(dir=release.folder) as spool:
        graphs = itertools.groupby(release.quads(), key=lambda q: q.graph_name)
        for _graph, quads in graphs:
            nodes, named = _items(quads, terms)
            default += nodes
            for item in named:
                text = _indented(item, 4).encode("utf-8")
                placed.append((item["id"], spool.tell(), len(text)))
                spool.write(text)
        default.sort(key=_node_key)
        placed.sort()
        out.write(b'{\n  "@context": ' + _indented(terms["@context"], 2).lstrip().encode("utf-8"))
        items = [_indented(node, 4).encode("utf-8") for node in default]
        out.write(b',\n  "@graph": [' if default or placed else b',\n  "@graph": []')
        first = True
        for text in items:
            out.write((b"\n" if first else b",\n") + text)
            first = False
        for _name, start, size in placed:
            spool.seek(start)
            out.write((b"\n" if first else b",\n") + spool.read(size))
            first = False
        out.write(b"\n  ]\n}\n" if default or placed else b"\n}\n")


def _indented(node: Any, level: int) -> str:
    """`node` as json.dumps(indent=2) writes it `level` spaces deep in a larger document."""
    text = json.dumps(node, ensure_ascii=False, indent=2)
    return " " * level + text.replace("\n", "\n" + " " * level)


def _items(quads: Iterable[ox.Quad], context: dict[str, Any]) -> tuple[list, list]:
    """The default graph's nodes and the named graphs of `quads`, compacted and ordered."""
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
    return default, graphs


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
