"""Trace a node of the compiled dataset back to what a curator wrote: file and id.

Every data file is loaded into a named graph `graph/{its 'graph:' name}` (the provenance
graph names its file, pz:dataFile), and nested objects
(memberships, coverage links, evidence, ...) get ids `{parent}/{segment}/{name}`
(docs/iri-policy.md; a membership stands under its member). So a
node's file is the data graph that holds its triples, and its record is the id before the
first nested segment.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..ingest.keys import NESTED
from ..vocab import PROVENANCE_GRAPH, PZ, RDF_TYPE, file_of_graph, graph_iri, short_id

# The words a curator knows for each nested segment: the key it stands under.
_SEGMENT_WORDS = {
    "bewijs": "an evidence item",
    "lidmaatschap": "a membership (memberships/members)",
    "dekking": "a coverage link (addresses)",
    "koppeling": "a concept mapping (mappings)",
    "resultaat": "a result (results)",
    "bronwaarde": "a value as one source states it (statedValues)",
    "verwijzing": "a link outward (links)",
}
assert set(_SEGMENT_WORDS) == {segment for _, segment in NESTED.values()}
_NESTED_ID = re.compile(
    r"^(?P<record>.+?)/(?P<segment>" + "|".join(_SEGMENT_WORDS) + r")/[^/]+(?:/.*)?$")
_TYPE = ox.NamedNode(RDF_TYPE)


def entity_name(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """The record a node belongs to, in the curator's terms: `organisatie/x (a membership ...)`."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "(an unnamed node)"
    if isinstance(term, ox.Literal):
        return term.value
    identifier = short_id(term.value)
    nested = _NESTED_ID.match(identifier)
    if nested:
        return f"{nested['record']} ({_SEGMENT_WORDS[nested['segment']]})"
    return identifier


def graph_file(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None,
               store: ox.Store | None = None) -> str:
    """The file a named graph was loaded from (data file, vocabulary or ontology), or "": a
    data file's name as the provenance graph records it (pz:dataFile), since a graph is named
    by the file's 'graph:' key and not by the file."""
    if not isinstance(graph, ox.NamedNode):
        return ""
    if store is not None:
        for quad in store.quads_for_pattern(graph, ox.NamedNode(PZ.dataFile), None,
                                            ox.NamedNode(graph_iri(PROVENANCE_GRAPH))):
            return quad.object.value
    return file_of_graph(graph.value)


def file_of(store: ox.Store, node: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """The file whose statements are about the node; failing that, one that refers to it.

    A data file is preferred over the vocabularies; among data files, the one that types
    the node (defines it) over those that only add to it.
    """
    if node is None or isinstance(node, ox.Literal):
        return ""
    for pattern in ((node, _TYPE, None), (node, None, None), (None, None, node)):
        files = [graph_file(quad.graph_name, store)
                 for quad in store.quads_for_pattern(*pattern)]
        files = [name for name in files if name]
        data_files = [name for name in files if name.endswith(".yaml")]
        if data_files or files:
            return (data_files or files)[0]
    return ""
