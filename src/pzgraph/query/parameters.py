"""A parameter's value as an RDF term: numbers and years typed, entities looked up.

An entity parameter accepts an instance of its class or of a subclass (rdfs:subClassOf*), by
id, last id segment, label or altLabel; a concept parameter a concept of its scheme, also by
its notation. A name that fits several entities is refused with their ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

from ..errors import QueryError
from ..vocab import ID_BASE, ORG, PROV, PZ, SCHEMA, SKOS, XSD
from .library import Parameter, Query

ENTITY_LOOKUP = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity ?label (GROUP_CONCAT(DISTINCT ?alt; separator="|") AS ?alts) WHERE {
  %s
  ?entity skos:prefLabel ?label .
  FILTER(LANG(?label) = "nl")
  OPTIONAL { { ?entity skos:altLabel ?alt } UNION { ?entity skos:notation ?alt } }
} GROUP BY ?entity ?label ORDER BY ?label ?entity
"""
CLASS_PREFIXES = {
    "pz": PZ, "org": ORG, "skos": SKOS, "schema": SCHEMA, "prov": PROV,
}
ANY_ENTITY = "Thing"  # entity:Thing: anything with a Dutch label


def entity_classes(parameter: Parameter) -> list[ox.NamedNode]:
    """The classes an entity parameter accepts: `entity:Network|Consortium`, `entity:skos:Concept`.

    A bare name is a class of the pzgraph ontology; `prefix:Name` one of CLASS_PREFIXES.
    """
    classes = []
    for name in (parameter.entity_class or "").split("|"):
        prefix, sep, local = name.partition(":")
        if not sep:
            classes.append(ox.NamedNode(PZ + name))
        elif prefix in CLASS_PREFIXES:
            classes.append(ox.NamedNode(CLASS_PREFIXES[prefix] + local))
        else:
            classes.append(ox.NamedNode(name))
    return classes


EXACT_ID = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
ASK { VALUES ?entity { %s } %s ?entity skos:prefLabel ?label . FILTER(LANG(?label) = "nl") }
"""


def _exact_id(store: ox.Store, pattern: str, value: str) -> ox.NamedNode | None:
    """The entity when the value is its exact id or IRI: one lookup instead of listing every
    entity of the class (the list takes 0.15 s per parameter at national scale, 1.5 s at 10x;
    benchmarks/results/scale.md). Anything else goes through the list, as before."""
    wanted = value.strip()
    if "/" not in wanted:
        return None
    try:
        entity = ox.NamedNode(wanted if wanted.startswith(("http://", "https://"))
                              else ID_BASE + wanted)
    except ValueError:
        return None
    found = store.query(EXACT_ID % (entity, pattern), use_default_graph_as_union=True)
    return entity if bool(found) else None


def resolve_entity(store: ox.Store, parameter: Parameter, value: str) -> ox.NamedNode:
    """An entity named by its id (`noordwest-utrecht`, `netwerk/noordwest-utrecht`) or label
    (or altLabel, or notation).

    The entity must be an instance of one of the parameter's classes or of a subclass of one
    (rdfs:subClassOf* in the ontology, so it works with and without the reasoner's output).
    """
    if parameter.concept_scheme:
        pattern = f"?entity skos:inScheme {ox.NamedNode(ID_BASE + parameter.concept_scheme)} ."
    elif parameter.entity_class == ANY_ENTITY:
        pattern = ""
    else:
        classes = " ".join(str(c) for c in entity_classes(parameter))
        # a/rdfs:subClassOf* written out: Virtuoso 7.2 refuses that path ("transitive start
        # not given") and finds the zero steps of subClassOf* only for classes with a subclass
        pattern = (f"VALUES ?class {{ {classes} }} {{ ?entity a ?class }} UNION "
                   "{ ?entity a ?subclass . ?subclass rdfs:subClassOf+ ?class }")
    exact = _exact_id(store, pattern, value)
    if exact is not None:
        return exact
    rows = list(store.query(ENTITY_LOOKUP % pattern, use_default_graph_as_union=True))
    wanted = value.strip().casefold()
    named: list[ox.NamedNode] = []
    for row in rows if wanted else ():
        iri = row["entity"].value
        short = iri.removeprefix(ID_BASE)
        if wanted in (short.casefold(), iri.casefold()):
            return row["entity"]  # a full id is never ambiguous
        names = {short.rsplit("/", 1)[-1].casefold(), row["label"].value.casefold(),
                 *(alt.casefold() for alt in (row["alts"].value if row["alts"] else "").split("|"))}
        if wanted in names and row["entity"] not in named:
            named.append(row["entity"])
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(entity.value.removeprefix(ID_BASE) for entity in named)
        raise QueryError(f"'{value}' names {len(named)} entities for parameter "
                         f"'{parameter.name}': {ids}. Give the id of the one you mean.")
    kind = (f"concept of {parameter.concept_scheme}" if parameter.concept_scheme
            else (parameter.entity_class or "entity").replace("|", " or "))
    raise QueryError(f"'{value[:80]}' is not a known {kind} for parameter "
                     f"'{parameter.name}'. {valid_values(value, rows)}")


# More candidates than this and the message names the closest ones only: a national graph
# has thousands of organisations, and a message of a whole screen hides its point.
MAX_LISTED = 12


def valid_values(value: str, rows: list) -> str:
    """The values to offer instead of `value`: all when few, else the closest by id or name."""
    described = {r["entity"].value.removeprefix(ID_BASE): r["label"].value for r in rows}
    if not described:
        return "Valid values: none in the graph"
    if len(described) <= MAX_LISTED:
        return "Valid values: " + "; ".join(f"{k} ({v})" for k, v in described.items())
    names: dict[str, str] = {}  # the id, its last part and the label, each to the id
    for identifier, label in described.items():
        for name in (identifier, identifier.rsplit("/", 1)[-1], label):
            names.setdefault(name.casefold(), identifier)
    import difflib  # only for a wrong value: kept out of every query's start-up

    wanted = value.strip().casefold()
    matches = difflib.get_close_matches(wanted, list(names), MAX_LISTED, 0.6)
    close = list(dict.fromkeys(names[name] for name in matches))[:MAX_LISTED]
    shown = "; ".join(f"{k} ({described[k]})" for k in close)
    return (f"{'Closest: ' + shown + '. ' if close else ''}{len(described)} values are valid; "
            "give the id (e.g. netwerk/utrecht-stad) or the exact name of one")


def bind_parameters(query: Query, store: ox.Store, given: dict[str, str]
                    ) -> dict[str, ox.NamedNode | ox.Literal]:
    """Turn command-line values into RDF terms; unknown names and bad values are errors."""
    for name in given:
        query.parameter(name)  # raises on an unknown parameter
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is None or parameter.type == "file":
            continue
        bound[parameter.name] = to_term(query, parameter, value, store)
    return bound


def to_term(query: Query, parameter: Parameter, value: str, store: ox.Store
            ) -> ox.NamedNode | ox.Literal:
    if parameter.entity_class or parameter.concept_scheme:
        return resolve_entity(store, parameter, value)
    if parameter.type in ("integer", "year"):
        # 18 digits: any count or year, and far from Python's 4,300-digit conversion limit
        if not re.fullmatch(r"-?[0-9]{1,18}", value.strip()):
            raise QueryError(f"parameter '{parameter.name}' of query '{query.name}' takes a whole "
                             f"number (at most 18 digits), not {value[:40]!r}")
        number = str(int(value.strip()))  # canonical, so "02" matches the 2 a COUNT returns
        if parameter.type == "year":
            return ox.Literal(f"{int(number):04d}", datatype=ox.NamedNode(XSD + "gYear"))
        return ox.Literal(number, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(value)


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param takes name=value, not {pair!r}")
        if name.strip() in params and params[name.strip()] != value:
            # the last one would win silently: an answer for one of the two, unsaid
            raise QueryError(f"--param {name.strip()} is given twice ({params[name.strip()]!r} "
                             f"and {value!r}); a query takes one value: ask once per value")
        params[name.strip()] = value
    return params
