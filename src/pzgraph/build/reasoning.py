"""When and on what HermiT runs, and what an inconsistency means to a curator."""

from __future__ import annotations

import pyoxigraph as ox

from ..checks.origin import file_of
from ..errors import Finding, InputError
from ..project import Progress, quiet
from ..vocab import (
    BUILD_GRAPHS,
    INFERRED_GRAPH,
    PZ,
    RDF_TYPE,
    graph_iri,
    is_data_graph,
    short_id,
)
from .reasoner import reason
from .reasoner_limit import REASONER_LIMIT_ENV, reasoner_limit

TYPE = ox.NamedNode(RDF_TYPE)


def count_individuals(store: ox.Store) -> int:
    """The typed individuals of the data graphs that HermiT would get (evidence aside)."""
    evidence = ox.NamedNode(PZ.Evidence)
    individuals, skipped = set(), set()
    for quad in store.quads_for_pattern(None, TYPE, None):
        if isinstance(quad.graph_name, ox.NamedNode) and not is_data_graph(quad.graph_name.value):
            continue
        (skipped if quad.object == evidence else individuals).add(quad.subject)
    return len(individuals - skipped)


def too_large_to_reason(store: ox.Store) -> tuple[dict, Finding] | None:
    """(manifest entry, warning) when the graph has more individuals than the limit."""
    limit = reasoner_limit()
    if limit is None:
        return None
    individuals = count_individuals(store)
    if individuals <= limit:
        return None
    finding = Finding(
        "", "", f"HermiT was not run: the graph has {individuals:,} individuals, more than the "
        f"{limit:,} it reasons over in reasonable time; OWL consistency is not checked (the "
        "SHACL shapes and QC queries did run)",
        f"run pzgraph validate (it reasons at any size), or build with reasoning anyway: "
        f"{REASONER_LIMIT_ENV}=0 pzgraph build --force (about 0.5 s per 1,000 individuals)",
        "owl", "warning")
    return {"skipped": True, "reason": "too many individuals", "individuals": individuals,
            "limit": limit}, finding


def add_inferences(store: ox.Store, progress: Progress = quiet) -> dict:
    """Run HermiT; raise InputError when the graph is inconsistent."""
    progress("reasoning with HermiT (owlready2)")
    result = reason(reasoner_input(store))
    if not result.consistent:
        raise InputError(explain_inconsistency(store) or [Finding(
            "", "", "HermiT finds the ontology and data inconsistent",
            "look for an entity typed with two classes declared disjoint, or a value "
            "outside a property's range; `pzgraph validate` lists the checks", "owl")])
    target = ox.NamedNode(graph_iri(INFERRED_GRAPH))
    for s, p, o in result.inferred:
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), target))
    return {"consistent": True, "seconds": round(result.seconds, 2),
            "inferred": len(result.inferred)}


def reasoner_input(store: ox.Store) -> str:
    """What HermiT needs to judge consistency and infer types, as N-Triples.

    The model and the vocabularies whole; of the data, every typed entity and relation but
    not the evidence nodes and literal values (a third of the triples, and HermiT's time
    grows fast with individuals). The loader and SHACL check literal values instead.
    """
    evidence_class = ox.NamedNode(PZ.Evidence)
    evidence = {q.subject for q in store.quads_for_pattern(None, TYPE, evidence_class)}
    skip_graphs = {graph_iri(name) for name in BUILD_GRAPHS}
    lines = set()
    for quad in store:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        if graph in skip_graphs:
            continue
        if is_data_graph(graph) and (
                isinstance(quad.object, ox.Literal) or quad.subject in evidence
                or quad.predicate.value == PZ.evidence):
            continue
        lines.add(f"{quad.subject} {quad.predicate} {quad.object} .")
    return "\n".join(sorted(lines)) + "\n"


DISJOINT_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity ?a ?b WHERE {
  ?entity rdf:type ?ta , ?tb .
  ?ta rdfs:subClassOf* ?a .
  ?tb rdfs:subClassOf* ?b .
  { ?a owl:disjointWith ?b }
  UNION
  { ?all a owl:AllDisjointClasses ; owl:members ?list .
    ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b . FILTER(?a != ?b) }
}
ORDER BY ?entity ?a ?b
"""


def explain_inconsistency(store: ox.Store) -> list[Finding]:
    """Name the entities typed with two disjoint classes: the usual cause of inconsistency."""
    findings = []
    for row in store.query(DISJOINT_QUERY, use_default_graph_as_union=True):
        entity = short_id(row["entity"].value)
        a, b = (row[k].value.rsplit("#", 1)[-1] for k in ("a", "b"))
        findings.append(Finding(
            file_of(store, row["entity"]), entity,
            f"the entity is both a {a} and a {b}, which the ontology declares disjoint "
            "(HermiT: inconsistent)", f"give it one of the two types; {a} and {b} exclude "
            "each other", "owl"))
    return findings
