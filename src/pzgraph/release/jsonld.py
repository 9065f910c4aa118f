"""JSON-LD of the release: the dataset with its named graphs, compacted under the project's
context, then put in a fixed order.

rdflib compacts, and holds what it compacts in memory (a few KB per statement), so the file is
written in chunks of subjects: a node object is one subject's statements, so a chunk of
whole subjects compacts to the same node objects as the whole graph would. The dataset view
gives each graph's statements grouped by subject; a chunk closes at a subject boundary once it
has CHUNK_SUBJECTS subjects or CHUNK_QUADS statements. Its node objects are sorted on disk
(external_sort.py) by id, and each graph's text is spooled to a file, so that the graphs can be
written in the order of their names: memory does not grow with the graph.

What stays in memory at once, per graph: one chunk; and the statements of the subjects that
touch a blank node (a blank subject, or a blank object), compacted together at the end of the
graph, because rdflib folds an rdf:List of blank nodes into its referrer's "@list" and names a
blank node once per document. These are few (the ontology's OWL restrictions and lists, 84 at
national scale), and the release already holds every blank-node quad in memory to label them
(formats.Release._read); one subject with more statements than CHUNK_QUADS is one node
object, compacted whole.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

import pyoxigraph as ox

from ..vocab import to_rdflib
from .external_sort import ExternalSort

# A chunk of whole subjects is compacted at once when it reaches either limit: rdflib holds a
# few KB per statement, so tens of MB (the sort of the node objects holds up to 96 MB of text)
CHUNK_SUBJECTS = 2_000
CHUNK_QUADS = 20_000


def jsonld(quads: Iterable[ox.Quad], context: dict[str, Any]) -> bytes:
    """The dataset, one named graph per object of the top-level @graph, compacted under the
    project's context (rdflib does the compaction), then put in a fixed order: graphs and
    nodes by id, keys id-first, set values sorted; @list order is kept. Named graphs as
    `{"id": graph, "@graph": [...]}` are JSON-LD 1.0, so 1.0 processors read them too.
    The whole dataset is compacted at once: `write_jsonld` writes the same bytes in chunks."""
    default, graphs = _items(quads, context)
    text = json.dumps({"@context": context["@context"], "@graph": default + graphs},
                      ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def write_jsonld(release: Any, out: BinaryIO) -> None:
    """`jsonld` of the release's dataset, written in chunks of subjects to `out`: the same
    bytes, in memory bounded by the chunk size (see the module's docstring)."""
    terms = {"@context": release.context["@context"]}
    default = ExternalSort(release.folder, unique=False)  # the default graph's nodes
    placed: list[tuple[str, int, int]] = []  # each named graph's text in the spool file
    with tempfile.TemporaryFile(dir=release.folder) as spool:
        for graph, quads in itertools.groupby(release.quads(), key=lambda q: q.graph_name):
            named = not isinstance(graph, ox.DefaultGraph)
            nodes = ExternalSort(release.folder, unique=False) if named else default
            _compact_graph(quads, terms, nodes.add)
            if named:
                name = graph.value
                start = spool.tell()
                _write_graph(spool, name, nodes)
                placed.append((name, start, spool.tell() - start))
        placed.sort()
        out.write(b'{\n  "@context": ' + _indented(terms["@context"], 2).lstrip().encode("utf-8"))
        first = True
        for line in default:
            out.write((b',\n  "@graph": [\n' if first else b",\n") + _node_text(line, 4))
            first = False
        for _name, start, size in placed:
            spool.seek(start)
            out.write(b',\n  "@graph": [\n' if first else b",\n")
            first = False
            while size > 0:  # a graph's text can be large: copied in blocks
                block = spool.read(min(size, 1 << 20))
                out.write(block)
                size -= len(block)
        out.write(b',\n  "@graph": []\n}\n' if first else b"\n  ]\n}\n")


def chunks(quads: Iterable[ox.Quad]) -> Iterator[list[ox.Quad]]:
    """One graph's statements, grouped by subject, as lists of whole subjects to compact
    together: chunks of at most CHUNK_SUBJECTS subjects (and CHUNK_QUADS statements, unless
    one subject has more) with no blank node, then (last) the subjects that touch one."""
    chunk: list[ox.Quad] = []
    subjects = 0
    held: list[ox.Quad] = []
    for _subject, group in itertools.groupby(quads, key=lambda q: q.subject):
        statements = list(group)
        if any(map(_has_blank, statements)):
            held += statements
            continue
        if chunk and (subjects >= CHUNK_SUBJECTS or len(chunk) + len(statements) > CHUNK_QUADS):
            yield chunk
            chunk, subjects = [], 0
        chunk += statements
        subjects += 1
    if chunk:
        yield chunk
    if held:
        yield held


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _compact_graph(quads: Iterable[ox.Quad], terms: dict[str, Any],
                   keep: Callable[[str], None]) -> None:
    """Compact one graph chunk by chunk; pass each node object to `keep` as a line that sorts
    as `_node_key` does ("id NUL json")."""
    from rdflib.plugins.shared.jsonld.context import Context

    context = Context(terms["@context"])  # read once, not once per chunk
    for chunk in chunks(quads):
        for node in _nodes(chunk, context):
            node_id, dump = _node_key(node)
            keep(f"{node_id}\0{dump}")


def _nodes(triples: Iterable[ox.Quad | ox.Triple], context: Any) -> list[dict[str, Any]]:
    """The node objects of `triples` (their graph names are left out), compacted by rdflib
    under `context` (an rdflib Context) as `_items` has them: the same objects, without the
    dataset and the JSON text in between."""
    import rdflib
    from rdflib.plugins.serializers.jsonld import from_rdf

    graph = rdflib.Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    document = from_rdf(graph, context)
    document.pop("@context", None)
    # rdflib gives a graph of one node as that node
    top = document["@graph"] if set(document) == {"@graph"} else [document] if document else []
    base_path, _host, iri_terms = _relative(context.to_dict())
    return [_ordered(_relative_ids(node, base_path, iri_terms)) for node in top]


def _relative(terms: dict[str, Any]) -> tuple[str, str, set[str]]:
    """What `_relative_ids` needs of the context: the path of @base that rdflib writes before
    a relative id, the host it leaves out, and the terms whose values are ids."""
    base = terms.get("@base", "")
    base_path = _base_path(base)
    iri_terms = {name for name, value in terms.items()
                 if isinstance(value, dict) and value.get("@type") == "@id"}
    return base_path, base[:len(base) - len(base_path)], iri_terms


def _node_text(line: str, level: int) -> bytes:
    """A node object kept by `_compact_graph`, as `_indented` writes it."""
    return _indented(_ordered(json.loads(line.split("\0", 1)[1])), level).encode("utf-8")


def _write_graph(out: BinaryIO, name: str, nodes: ExternalSort) -> None:
    """`{"id": name, "@graph": nodes}` as `_indented(..., 4)` writes it, node by node."""
    out.write(f'    {{\n      "id": {json.dumps(name, ensure_ascii=False)},\n      "@graph": ['
              .encode())
    first = True
    for line in nodes:
        out.write((b"\n" if first else b",\n") + _node_text(line, 8))
        first = False
    out.write(b"]\n    }" if first else b"\n      ]\n    }")


def _indented(node: Any, level: int) -> str:
    """`node` as json.dumps(indent=2) writes it `level` spaces deep in a larger document."""
    text = json.dumps(node, ensure_ascii=False, indent=2)
    return " " * level + text.replace("\n", "\n" + " " * level)


def _items(quads: Iterable[ox.Quad], context: dict[str, Any]) -> tuple[list, list]:
    """The default graph's nodes and the named graphs of `quads`, compacted and ordered. The
    default graph is compacted as a graph of its own: rdflib 7 writes a dataset's default
    graph as a graph named "" (that is, named @base)."""
    import rdflib
    from rdflib.plugins.shared.jsonld.context import Context

    dataset = rdflib.Dataset()
    in_default = []
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            in_default.append(quad)
            continue
        dataset.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object),
                     to_rdflib(quad.graph_name)))
    terms = context["@context"]
    default = _nodes(in_default, Context(terms)) if in_default else []
    document = json.loads(dataset.serialize(format="json-ld", context=terms))
    document.pop("@context", None)
    # rdflib writes a dataset of one graph as that graph, and a graph of one node as that node
    top = document["@graph"] if set(document) == {"@graph"} else [document] if document else []
    base_path, host, iri_terms = _relative(terms)
    graphs = []
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
        if key == "@list" or len(items) < 2:  # a list keeps its order; one value is sorted
            return items
        return sorted(items, key=_dump)
    return node
