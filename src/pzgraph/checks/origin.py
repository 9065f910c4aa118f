"""Trace a node of the compiled dataset back to what a curator wrote: file and id.

Every data file is loaded into a named graph `graph/{file stem}`, and nested objects
(memberships, coverage links, evidence, ...) get ids `{parent}/{segment}/{name}`
(docs/iri-policy.md; a membership stands under its member). So a
node's file is the data graph that holds its triples, and its record is the id before the
first nested segment.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..ingest.keys import NESTED
from ..vocab import RDF_TYPE, file_of_graph, short_id

# The words a curator knows for each nested segment: the key it stands under.
_SEGMENT_WORDS = {
    "bewijs": "an evidence item",
    "lidmaatschap": "a membership (memberships/members)",
    "dekking": "a coverage link (addresses)",
    "koppeling": "a concept mapping (mappings)",
    "resultaat": "a result (results)",
    "bronwaarde": "a value as one source states it (statedValues)",
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


def graph_file(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None) -> str:
    """The file a named graph was loaded from (data file, vocabulary or ontology), or ""."""
    return file_of_graph(graph.value) if isinstance(graph, ox.NamedNode) else ""


def file_of(store: ox.Store, node: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """The file whose statements are about the node; failing that, one that refers to it.

    A data file is preferred over the vocabularies; among data files, the one that types
    the node (defines it) over those that only add to it.
    """
    if node is None or isinstance(node, ox.Literal):
        return ""
    for pattern in ((node, _TYPE, None), (node, None, None), (None, None, node)):
        files = [graph_file(quad.graph_name) for quad in store.quads_for_pattern(*pattern)]
        files = [name for name in files if name]
        data_files = [name for name in files if name.endswith(".yaml")]
        if data_files or files:
            return (data_files or files)[0]
    return ""
