"""Run a SELECT and show its rows: IRIs as their labels (or ids), values as text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import QueryError
from ..vocab import short_id
from .sparql_values import with_values


@dataclass
class Result:
    """A SELECT answer: column names and rows of RDF terms (None where unbound)."""

    columns: list[str]
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]


def run_select(store: ox.Store, sparql: str,
               bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> Result:
    """Run locally; bindings go in as a VALUES block, exactly as they would remotely."""
    try:
        solutions = store.query(with_values(sparql, bindings or {}),
                                use_default_graph_as_union=True)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries can be shown as a table")
    columns = [variable.value for variable in solutions.variables]
    return Result(columns, [[solution[c] for c in columns] for solution in solutions])


LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?iri (SAMPLE(?l) AS ?label) WHERE {
  VALUES ?iri { %s }
  { ?iri skos:prefLabel ?l } UNION { ?iri rdfs:label ?l }
  FILTER(LANG(?l) = "%s" || LANG(?l) = "")
} GROUP BY ?iri
"""


def labels_for(store: ox.Store, terms: Iterable[object], language: str = "nl") -> dict[str, str]:
    """The label of every IRI among the terms, in one query."""
    iris = sorted({t.value for t in terms if isinstance(t, ox.NamedNode)})
    if not iris:
        return {}
    if language not in ("nl", "en"):
        raise QueryError(f"language '{language}' is not available: use nl or en")
    values = " ".join(str(ox.NamedNode(iri)) for iri in iris)
    rows = store.query(LABELS % (values, language), use_default_graph_as_union=True)
    return {row["iri"].value: row["label"].value for row in rows}


def display(result: Result, labels: dict[str, str] | None) -> list[list[str]]:
    """Rows as text: IRIs as their label (or short id when labels is None), numbers as numbers."""
    return [[_display_term(term, labels) for term in row] for row in result.rows]


def _display_term(term: object, labels: dict[str, str] | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        if labels is not None and term.value in labels:
            return labels[term.value]
        return short_id(term.value)
    return term.value  # type: ignore[attr-defined]
