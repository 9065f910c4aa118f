"""What the value of each key must be, read from where the rules are stated, never restated.

- the kind of value (an id, a web address, text, a whole number, a number, true/false, a
  year, a date) from the JSON-LD context: a term's `@type` (`@id`, `xsd:integer`, ...) or
  `@language`; failing those, the datatypes its SHACL property shape allows (xsd:string:
  text); failing those too, any single value;
- ranges (`sh:minInclusive`, `sh:maxInclusive`), patterns (`sh:pattern`, also under
  `sh:not`) and lists of allowed values (`sh:in`) from ontology/shapes.ttl, with the shape's
  message and description as the finding's problem and fix.

So the loader names a bad value in the file and record a curator wrote, before anything is
compiled, and SHACL checks the same rule on the compiled graph. Adding a property to the
context and the shapes needs no Python. An IRI-valued key whose values a shape restricts by
a pattern (foaf:homepage: `^https?://`) is a web address; every other one refers to an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..vocab import RDF, SH, XSD

KIND_BY_TYPE = {"@id": "reference", "@vocab": "plain", "xsd:integer": "integer",
                "xsd:decimal": "decimal", "xsd:boolean": "boolean", "xsd:gYear": "year",
                "xsd:date": "date"}
KIND_BY_DATATYPES = [({XSD + "string"}, "text"), ({RDF + "langString"}, "text"),
                     ({XSD + "date", XSD + "gYear"}, "date"), ({XSD + "gYear"}, "year"),
                     ({XSD + "integer"}, "integer"),
                     ({XSD + "decimal", XSD + "integer"}, "decimal"),
                     ({XSD + "boolean"}, "boolean")]
_RDF_FIRST, _RDF_REST, _RDF_NIL = (ox.NamedNode(RDF + n) for n in ("first", "rest", "nil"))


@dataclass(frozen=True)
class Constraint:
    """A pattern the lexical form must match (or, `negated`, must not), or allowed values."""

    message: str
    fix: str
    pattern: re.Pattern[str] | None = None
    negated: bool = False
    allowed: tuple[str, ...] | None = None

    def broken_by(self, lexical: str) -> bool:
        if self.allowed is not None:
            return lexical not in self.allowed
        assert self.pattern is not None
        return bool(self.pattern.search(lexical)) == self.negated


@dataclass(frozen=True)
class KeyRule:
    """The rule of one key: its kind, its range, and the shapes' other constraints."""

    # reference | address | text | integer | decimal | boolean | year | date | plain (any
    # single value: the context and the shapes say no more)
    kind: str = "plain"
    minimum: float | None = None
    maximum: float | None = None
    constraints: tuple[Constraint, ...] = ()
    fix: str = ""  # the shape's description: how to write the value


@dataclass
class _PathRules:
    minimum: float | None = None
    maximum: float | None = None
    datatypes: set[str] = field(default_factory=set)
    constraints: list[Constraint] = field(default_factory=list)
    fix: str = ""


def key_rules(terms: dict[str, Any], shapes_file: Path) -> dict[str, KeyRule]:
    """Every property term of the context with its rule (the shapes file may be missing)."""
    by_path = _shape_rules(shapes_file) if shapes_file.is_file() else {}
    rules = {}
    for term, definition in terms.items():
        if not isinstance(definition, dict) or not isinstance(definition.get("@id"), str):
            continue
        path = by_path.get(_expand(definition["@id"], terms), _PathRules())
        kind = _kind(definition, path)
        if kind == "reference" and any(c.pattern and not c.negated for c in path.constraints):
            kind = "address"
        constraints = tuple(path.constraints)
        if definition.get("@type") == "@vocab":  # values are terms of the context: V → its IRI
            constraints = tuple(_as_terms(c, terms) for c in constraints)
        rules[term] = KeyRule(kind, path.minimum, path.maximum, constraints, path.fix)
    return rules


def _as_terms(constraint: Constraint, terms: dict[str, Any]) -> Constraint:
    """Allowed IRIs as the context's terms for them (`@type: @vocab` keys name a term)."""
    if constraint.allowed is None:
        return constraint
    allowed = tuple(term for term, iri in terms.items() if isinstance(iri, str)
                    and _expand(iri, terms) in constraint.allowed)
    return Constraint(constraint.message, constraint.fix, allowed=allowed)


def _kind(definition: dict[str, Any], path: _PathRules) -> str:
    if definition.get("@type") in KIND_BY_TYPE:
        return KIND_BY_TYPE[definition["@type"]]
    if "@language" in definition:
        return "text"
    return next((kind for types, kind in KIND_BY_DATATYPES
                 if path.datatypes and path.datatypes <= types), "plain")


def _expand(curie: str, terms: dict[str, Any]) -> str:
    prefix, _, local = curie.partition(":")
    namespace = terms.get(prefix)
    return namespace + local if isinstance(namespace, str) and not curie.startswith("http") \
        else curie


# --- reading the shapes ----------------------------------------------------------------------

class _Shapes:
    def __init__(self, path: Path):
        self.store = ox.Store()
        self.store.load(path=str(path), format=ox.RdfFormat.TURTLE)

    def objects(self, subject: Any, name: str) -> list[Any]:
        predicate = ox.NamedNode(SH + name)
        return [q.object for q in self.store.quads_for_pattern(subject, predicate, None)]

    def value(self, subject: Any, name: str) -> Any:
        return next(iter(self.objects(subject, name)), None)

    def text(self, subject: Any, name: str) -> str:
        """English if given, else without language, else any."""
        texts = {o.language: o.value for o in self.objects(subject, name)
                 if isinstance(o, ox.Literal)}
        return next((texts[k] for k in ("en", None) if k in texts), next(iter(texts.values()), ""))

    def items(self, head: Any) -> list[Any]:
        found = []
        while head is not None and head != _RDF_NIL:
            found += [q.object for q in self.store.quads_for_pattern(head, _RDF_FIRST, None)]
            rest = self.store.quads_for_pattern(head, _RDF_REST, None)
            head = next((q.object for q in rest), None)
        return found


def _shape_rules(path: Path) -> dict[str, _PathRules]:
    """Property IRI → what the shapes ask of its values (shapes that only warn aside)."""
    shapes = _Shapes(path)
    rules: dict[str, _PathRules] = {}
    for quad in shapes.store.quads_for_pattern(None, ox.NamedNode(SH + "path"), None):
        shape, target = quad.subject, quad.object
        severity = shapes.value(shape, "severity")
        only_warns = severity is not None and severity.value != SH + "Violation"
        if not isinstance(target, ox.NamedNode) or only_warns:
            continue
        _read_shape(shapes, shape, rules.setdefault(target.value, _PathRules()))
    return rules


def _read_shape(shapes: _Shapes, shape: Any, rules: _PathRules) -> None:
    message, fix = shapes.text(shape, "message"), shapes.text(shape, "description")
    rules.fix = rules.fix or fix
    for name, better in (("minInclusive", min), ("maxInclusive", max)):
        bound = shapes.value(shape, name)
        if bound is not None:
            current = getattr(rules, name[:3] + "imum")
            value = float(bound.value)
            setattr(rules, name[:3] + "imum", value if current is None else better(current, value))
    rules.datatypes |= {d.value for d in shapes.objects(shape, "datatype")}
    for head in shapes.objects(shape, "or"):
        for alternative in shapes.items(head):
            rules.datatypes |= {d.value for d in shapes.objects(alternative, "datatype")}
    for owner, negated in [(shape, False), *((n, True) for n in shapes.objects(shape, "not"))]:
        for pattern in shapes.objects(owner, "pattern"):
            flags = shapes.value(owner, "flags")
            compiled = re.compile(pattern.value, re.IGNORECASE if flags and "i" in flags.value
                                  else 0)
            rules.constraints.append(Constraint(message, fix, compiled, negated))
    for head in shapes.objects(shape, "in"):
        allowed = tuple(item.value for item in shapes.items(head))
        rules.constraints.append(Constraint(message, fix, allowed=allowed))
