"""SHACL validation with pySHACL: the fallback for shapes the SPARQL compiler does not take."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..vocab import SH, to_ox, to_rdflib
from .shacl_sparql import Violation


def pyshacl_violations(store: ox.Store, shapes: ox.Store) -> list[Violation]:
    """The same results from pySHACL. Both graphs are handed over term by term (the data as
    the union of its graphs), so blank nodes keep their labels and the results point back
    into `shapes` and `store`."""
    # Imported here: rdflib and pySHACL take a second to import.
    import pyshacl
    import rdflib

    shapes_graph, data = _rdflib_graph(shapes), _rdflib_graph(store)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none",
                                    allow_warnings=True, advanced=True)

    def one(result: Any, name: str) -> Any:
        return to_ox(report.value(result, rdflib.URIRef(SH + name)))

    kind = rdflib.URIRef(f"{SH}ValidationResult")
    return [Violation(one(result, "focusNode"), one(result, "sourceShape"),
                      one(result, "sourceConstraintComponent").value.removeprefix(SH),
                      one(result, "resultSeverity").value,
                      path if isinstance(path := one(result, "resultPath"), ox.NamedNode) else None,
                      one(result, "value"))
            for result in report.subjects(rdflib.RDF.type, kind)]


def _rdflib_graph(store: ox.Store) -> Any:
    """Every quad of the store as a triple of one rdflib graph: their union."""
    import rdflib


    graph = rdflib.Graph()
    for quad in store:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph
