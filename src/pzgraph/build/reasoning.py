"""When and on what HermiT runs, and what an inconsistency means to a curator."""

from __future__ import annotations

import os

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

TYPE = ox.NamedNode(RDF_TYPE)

# HermiT's time grows with the individuals it is given: ~2.5 s at 2,300, ~5 s at 6,600,
# ~10 s at 20,000 (the national scale), ~32 s and 1.3 GB of Java heap at 60,000
# (benchmarks/results/scale.md); owlready2 gives Java 2 GB. Above the limit `build` skips it
# and says so (HermiT alone would take the whole 5 s a build may take); the SHACL shapes and
# QC queries still run, and `pzgraph validate` still reasons. PZGRAPH_REASONER_LIMIT=0 (or any
# other limit) overrides it.
MAX_REASONER_INDIVIDUALS = 10_000
REASONER_LIMIT_ENV = "PZGRAPH_REASONER_LIMIT"


def reasoner_limit() -> int | None:
    """The most individuals HermiT is run on; None when there is no limit."""
    value = os.environ.get(REASONER_LIMIT_ENV, "").strip()
    limit = int(value) if value.lstrip("-").isdigit() else MAX_REASONER_INDIVIDUALS
    return limit if limit > 0 else None


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
