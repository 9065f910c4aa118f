"""Run a SELECT and show its rows: IRIs as their labels (or ids), values as text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import QueryError
from ..release.guard import default_graph_is_union
from ..vocab import short_id
from .sparql_values import blocks, with_values


@dataclass
class Result:
    """A SELECT answer: column names and rows of RDF terms (None where unbound)."""

    columns: list[str]
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]
    # a matrix's long form: per row, the footings of the item it counts and of its row key
    counted: list[tuple[str | None, str | None]] | None = None


def run_select(store: ox.Store, sparql: str,
               bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> Result:
    """Run locally; bindings go in as a VALUES block, exactly as they would remotely."""
    try:
        solutions = store.query(with_values(sparql, bindings or {}),
                                use_default_graph_as_union=default_graph_is_union(sparql))
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries can be shown as a table")
    columns = [variable.value for variable in solutions.variables]
    # a solution iterates its values in the order of the variables (one call per row, not one
    # lookup by name per cell: members at 10x, 0.5 s of 69,359 rows)
    return Result(columns, [list(solution) for solution in solutions])


LANGUAGES = ("nl", "en")
LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?iri ?l ?preferred WHERE {
  VALUES ?iri { %s }
  { ?iri skos:prefLabel ?l BIND(true AS ?preferred) }
  UNION
  { ?iri rdfs:label ?l BIND(false AS ?preferred) }
  FILTER(LANG(?l) = "%s" || LANG(?l) = "")
}
"""


def labels_for(store: ox.Store, terms: Iterable[object], language: str = "nl") -> dict[str, str]:
    """The label of every IRI among the terms, in a query per block of IRIs.

    Every candidate comes back and the choice is made here (skos:prefLabel before rdfs:label,
    the language asked for before none, then the first in code-point order): SAMPLE would let
    each engine pick its own, and a label would differ between stores."""
    iris = sorted({t.value for t in terms if isinstance(t, ox.NamedNode)})
    if not iris:
        return {}
    _check_language(language)
    return _best(row for values in blocks(iris)
                 for row in store.query(LABELS % (values, language),
                                        use_default_graph_as_union=True))


def every_label(store: ox.Store, language: str) -> dict[str, str]:
    """The label of every IRI of the store, chosen as `labels_for` chooses: what a resident
    store holds, so that an answer's labels are read from a dictionary (one query at start
    instead of one per block of IRIs in every answer)."""
    _check_language(language)
    every = LABELS.replace("VALUES ?iri { %s }", "FILTER(isIRI(?iri))")
    return _best(store.query(every.replace("%s", language), use_default_graph_as_union=True))


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise QueryError(f"language '{language}' is not available: use nl or en")


def _best(rows) -> dict[str, str]:
    best: dict[str, tuple[bool, bool, str]] = {}
    for row in rows:
        label, preferred = row["l"], row["preferred"]
        if not (isinstance(label, ox.Literal) and isinstance(preferred, ox.Literal)
                and isinstance(row["iri"], ox.NamedNode)):
            continue  # not an answer to LABELS (an endpoint may answer anything): no label
        key = (preferred.value != "true", not label.language, label.value)
        iri = row["iri"].value
        if iri not in best or key < best[iri]:
            best[iri] = key
    return {iri: key[2] for iri, key in best.items()}


# GROUP_CONCAT(... ; separator = "...") AS ?name: a list whose order no engine promises
_CONCATENATION = re.compile(
    r'GROUP_CONCAT\s*\((?:[^;"\']|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')*?;\s*separator\s*=\s*'
    r'(?:"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\')\s*\)\s*AS\s+[?$](\w+)',
    re.IGNORECASE)


def concatenations(sparql: str) -> dict[str, str]:
    """The columns a GROUP_CONCAT with an explicit separator makes, and their separators."""
    found = {}
    for match in _CONCATENATION.finditer(sparql):
        separator = match.group(1) if match.group(1) is not None else match.group(2)
        found[match.group(3)] = re.sub(r"\\(.)", r"\1", separator)
    return found


def sort_concatenations(sparql: str, result: Result) -> Result:
    """Each concatenated list with its parts in code-point order.

    SPARQL leaves the order inside GROUP_CONCAT to the engine (an ORDER BY in a sub-SELECT
    is not carried into the aggregate), and Oxigraph, Jena and Virtuoso each concatenate in
    their own order. Sorting the parts afterwards gives one answer everywhere; the same step
    runs on local and remote answers. An empty list is no value, as Oxigraph and Jena give it."""
    separators = concatenations(sparql)
    indexes = {result.columns.index(c): s for c, s in separators.items() if c in result.columns}
    if not indexes:
        return result
    rows = []
    for row in result.rows:
        row = list(row)
        for i, separator in indexes.items():
            term = row[i]
            if not isinstance(term, ox.Literal):
                continue
            value = term.value
            if not value:
                # a list of nothing: Virtuoso gives "", Oxigraph and Jena no value; none here
                row[i] = None
                continue
            text = separator.join(sorted(value.split(separator)))
            if text != value:  # (a list of one, or already in order, stays the same term)
                row[i] = (ox.Literal(text, language=term.language) if term.language
                          else ox.Literal(text, datatype=term.datatype))
        rows.append(row)
    return Result(result.columns, rows)


def display(result: Result, labels: dict[str, str] | None) -> list[list[str]]:
    """Rows as text: IRIs as their label (or short id when labels is None), numbers as numbers."""
    known = labels if labels is not None else {}
    named = ox.NamedNode

    def text(term: object) -> str:  # one call per cell: 10x answers have 10^5-10^6 cells
        if term is None:
            return ""
        if isinstance(term, ox.Triple):  # has no .value
            return triple_term_text(term)
        value = term.value  # type: ignore[attr-defined]
        if isinstance(term, named):
            return known[value] if value in known else short_id(value)
        return value

    return [[text(term) for term in row] for row in result.rows]


def triple_term_text(term: ox.Triple) -> str:
    """A triple term (RDF 1.2, RDF-star) as one cell: its N-Triples form, `<<( s p o )>>`,
    each part written out whole (a label would hide which statement it is)."""
    parts = (triple_term_text(part) if isinstance(part, ox.Triple) else str(part)
             for part in (term.subject, term.predicate, term.object))
    return f"<<( {' '.join(parts)} )>>"
