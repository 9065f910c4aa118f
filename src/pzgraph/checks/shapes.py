"""SHACL shapes (ontology/shapes.ttl) over the compiled dataset, as curator findings.

The shapes are validated over the union of every graph (ontology and vocabularies
included, so `sh:class` sees subclasses). They are compiled into SPARQL and run in
Oxigraph (shacl_sparql.py: under a second at national scale); a shape the compiler does
not translate sends the whole validation to pySHACL (pyshacl_fallback.py), which gives the
same findings, slower. Each validation result becomes a Finding that names the data file
holding the focus node, the record's id, the shape's message and a fix. The fix is the
shape's `sh:description` when it has one, else a sentence built from the constraint and the
data-file key of the path (`pz:partOf` is written `partOf`).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import Finding
from ..ingest.context import Context
from ..project import Project
from ..vocab import SH, short_id
from .origin import entity_name, file_of
from .pyshacl_fallback import pyshacl_violations
from .shacl_sparql import Unsupported, Violation, compile_shapes, violations

SHAPES_FILE = "shapes.ttl"
SEVERITY = {f"{SH}Violation": "error", f"{SH}Warning": "warning", f"{SH}Info": "info"}


def shapes_path(project: Project) -> Path:
    return project.ontology_dir / SHAPES_FILE


def check_shapes(store: ox.Store, project: Project, engine: str = "auto") -> list[Finding]:
    """Validate the store against the shapes; no shapes file means nothing to check.

    `engine` is "sparql" (compiled shapes in Oxigraph), "pyshacl", or "auto": the
    compiled shapes unless one of them needs SHACL the compiler does not translate."""
    path = shapes_path(project)
    if not path.is_file():
        return []
    shapes = ox.Store()
    try:
        shapes.load(path=str(path), format=ox.RdfFormat.TURTLE)
    except SyntaxError as error:
        return [Finding(f"ontology/{SHAPES_FILE}", "", f"the shapes file cannot be read: {error}",
                        "correct the Turtle syntax of the shapes file", "shacl")]
    results: list[Violation] | None = None
    if engine != "pyshacl":
        try:
            results = list(violations(store, compile_shapes(shapes)))
        except Unsupported:
            if engine == "sparql":
                raise
    if results is None:
        results = pyshacl_violations(store, shapes)
    terms = _terms_by_iri(project)
    return sorted({_finding(result, shapes, store, terms) for result in results})


def _finding(result: Violation, shapes: ox.Store, store: ox.Store,
             terms: dict[str, str]) -> Finding:
    path = result.path
    key = terms.get(path.value, short_id(path.value)) if path is not None else "a path"
    value = result.value
    shown = short_id(value.value) if value is not None else ""
    focus = result.focus if isinstance(result.focus, ox.NamedNode) else None
    message = _text(shapes, result.shape, "message") \
        or _standard_problem(result.component, key, shown) \
        or f"the record breaks the shape {result.shape}"
    fix = _text(shapes, result.shape, "description") or _standard_fix(result.component, key)
    return Finding(file_of(store, focus), entity_name(focus), message, fix, "shacl",
                   SEVERITY.get(result.severity, "error"))


def _text(shapes: ox.Store, shape: ox.NamedNode | ox.BlankNode, name: str) -> str:
    """A shape's text in English if given, else without language, else Dutch, else any."""
    texts = {o.language: o.value for o in
             (q.object for q in shapes.quads_for_pattern(shape, ox.NamedNode(SH + name), None))
             if isinstance(o, ox.Literal)}
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


def _terms_by_iri(project: Project) -> dict[str, str]:
    """Property IRI → the data-file key that writes it (first term wins, @id before @reverse)."""
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
