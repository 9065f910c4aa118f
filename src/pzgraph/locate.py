"""Trace a node of the compiled dataset back to what a curator wrote: file and id.

Every data file is loaded into a named graph `graph/{file stem}`, and nested objects
(memberships, coverage links, evidence, ...) get ids `{parent}/{segment}/{hash}`. So a
node's file is the data graph that holds its triples, and its record is the id before the
first nested segment.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .datafiles import NESTED
from .project import DEFAULT_BASE, Project

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
    r"^(?P<record>.+?)/(?P<segment>" + "|".join(_SEGMENT_WORDS) + r")/[0-9a-f]{10}(?:/.*)?$")

GRAPH_PREFIX = f"{DEFAULT_BASE}/graph/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_NOT_DATA = ("ontologie", "vocabulaire/", "afgeleid", "inferentie", "herkomst")


def short_id(iri: str, project: Project) -> str:
    """The id as written in a data file: the IRI without the id base."""
    for base in (project.id_base, f"{DEFAULT_BASE}/id/"):
        if iri.startswith(base):
            return iri[len(base):]
    return iri


def entity_name(term: ox.NamedNode | ox.BlankNode | ox.Literal | None, project: Project) -> str:
    """The record a node belongs to, in the curator's terms: `organisatie/x (a membership ...)`."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "(an unnamed node)"
    if isinstance(term, ox.Literal):
        return term.value
    identifier = short_id(term.value, project)
    nested = _NESTED_ID.match(identifier)
    if nested:
        return f"{nested['record']} ({_SEGMENT_WORDS[nested['segment']]})"
    return identifier


def file_of_graph(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    """The file a named graph was loaded from (data file, vocabulary or ontology)."""
    if not isinstance(graph, ox.NamedNode) or not graph.value.startswith(GRAPH_PREFIX):
        return ""
    name = graph.value[len(GRAPH_PREFIX):]
    if name.startswith("vocabulaire/"):
        return f"ontology/vocabularies/{name.removeprefix('vocabulaire/')}.ttl"
    if name == "ontologie":
        return "ontology/pzgraph.ttl"
    if name in _NOT_DATA:
        return ""
    return f"{name}.yaml"


def file_of(store: ox.Store, node: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """The file whose statements are about the node; failing that, one that refers to it.

    A data file is preferred over the vocabularies; among data files, the one that types
    the node (defines it) over those that only add to it.
    """
    if node is None or isinstance(node, ox.Literal):
        return ""
    for pattern in ((node, _RDF_TYPE, None), (node, None, None), (None, None, node)):
        files = [file_of_graph(quad.graph_name) for quad in store.quads_for_pattern(*pattern)]
        files = [name for name in files if name]
        data_files = [name for name in files if name.endswith(".yaml")]
        if data_files or files:
            return (data_files or files)[0]
    return ""
