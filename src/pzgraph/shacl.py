"""SHACL shapes (ontology/shapes.ttl) over the compiled dataset, as curator findings.

pySHACL validates the union of every graph (ontology and vocabularies included, so
`sh:class` sees subclasses). Each validation result becomes a Finding that names the data
file holding the focus node, the record's id, the shape's message and a fix. The fix is
the shape's `sh:description` when it has one, else a sentence built from the constraint
and the data-file key of the path (`pz:partOf` is written `partOf`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import Finding
from .locate import entity_name, file_of, short_id
from .project import Project

SHAPES_FILE = "shapes.ttl"
SH = "http://www.w3.org/ns/shacl#"
SEVERITY = {f"{SH}Violation": "error", f"{SH}Warning": "warning", f"{SH}Info": "info"}


def shapes_path(project: Project) -> Path:
    return project.ontology_dir / SHAPES_FILE


def check_shapes(store: ox.Store, project: Project) -> list[Finding]:
    """Validate the store against the shapes; no shapes file means nothing to check."""
    path = shapes_path(project)
    if not path.is_file():
        return []
    # Imported here: rdflib and pySHACL take a second to import.
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    try:
        shapes.parse(path, format="turtle")
    except Exception as error:  # rdflib raises several unrelated types for bad Turtle
        return [Finding(f"ontology/{SHAPES_FILE}", "", f"the shapes file cannot be read: {error}",
                        "correct the Turtle syntax of the shapes file", "shacl")]
    from .build import serialize

    data = rdflib.Graph()
    data.parse(data=serialize(store, ox.RdfFormat.N_TRIPLES, union=True), format="nt")
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                     allow_warnings=True, advanced=True)
    terms = _terms_by_iri(project)
    kind = rdflib.URIRef(f"{SH}ValidationResult")
    findings = {_finding(results, shapes, result, store, project, terms)
                for result in results.subjects(rdflib.RDF.type, kind)}
    return sorted(findings)


def _finding(results: Any, shapes: Any, result: Any, store: ox.Store, project: Project,
             terms: dict[str, str]) -> Finding:
    import rdflib

    def one(graph: Any, subject: Any, name: str) -> Any:
        return graph.value(subject, rdflib.URIRef(SH + name)) if subject is not None else None

    focus = _to_ox(one(results, result, "focusNode"))
    path = one(results, result, "resultPath")
    key = terms.get(str(path), short_id(str(path), project)) if isinstance(path, rdflib.URIRef) \
        else "a path"
    value = one(results, result, "value")
    shown = short_id(str(value), project) if value is not None else ""
    component = str(one(results, result, "sourceConstraintComponent") or "").removeprefix(SH)
    shape = one(results, result, "sourceShape")
    message = _text(shapes, shape, "message") or _standard_problem(component, key, shown) \
        or _text(results, result, "resultMessage") or f"the record breaks the shape {shape}"
    fix = _text(shapes, shape, "description") or _standard_fix(component, key)
    severity = SEVERITY.get(str(one(results, result, "resultSeverity")), "error")
    return Finding(file_of(store, focus), entity_name(focus, project), message, fix, "shacl",
                   severity)


def _text(graph: Any, subject: Any, name: str) -> str:
    """A shape's text in English if given, else Dutch, else any language."""
    import rdflib

    if subject is None:
        return ""
    texts = {getattr(o, "language", None): str(o)
             for o in graph.objects(subject, rdflib.URIRef(SH + name))}
    for language in ("en", None, "nl"):
        if language in texts:
            return texts[language]
    return next(iter(texts.values()), "")


def _standard_problem(component: str, key: str, value: str) -> str:
    problems = {
        "MinCountConstraintComponent": f"'{key}' is missing",
        "MaxCountConstraintComponent": f"'{key}' has more values than allowed",
        "ClassConstraintComponent": f"'{key}: {value}' refers to something of the wrong type",
        "DatatypeConstraintComponent": f"'{key}: {value}' is the wrong kind of value",
        "NodeKindConstraintComponent": f"'{key}: {value}' is the wrong kind of value",
        "InConstraintComponent": f"'{key}: {value}' is not one of the allowed values",
        "HasValueConstraintComponent": f"'{key}' lacks the value it must have",
        "PatternConstraintComponent": f"'{key}: {value}' does not have the required form",
        "MinLengthConstraintComponent": f"'{key}: {value}' is too short",
        "MaxLengthConstraintComponent": f"'{key}: {value}' is too long",
    }
    return problems.get(component, "")


def _standard_fix(component: str, key: str) -> str:
    if component == "MinCountConstraintComponent":
        return f"add '{key}' to this record, as data/README.md describes"
    if component == "ClassConstraintComponent":
        return f"make '{key}' refer to an id of the kind data/README.md names for it"
    return f"correct '{key}' as data/README.md describes"


def _to_ox(node: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.Literal):
        return ox.Literal(str(node))
    return None  # a blank node of the rdflib copy has no counterpart in the store


def _terms_by_iri(project: Project) -> dict[str, str]:
    """Property IRI → the data-file key that writes it (first term wins, @id before @reverse)."""
    from .datafiles import Context

    context = Context.load(project).document["@context"]
    prefixes = {t: v for t, v in context.items() if isinstance(v, str) and not t[:1].isupper()}

    def expand(curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else curie

    terms: dict[str, str] = {}
    for reverse in (False, True):
        for term, definition in context.items():
            if isinstance(definition, dict):
                iri = definition.get("@reverse" if reverse else "@id")
                if isinstance(iri, str):
                    terms.setdefault(expand(iri), term)
    return terms
