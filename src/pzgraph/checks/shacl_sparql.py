"""SHACL Core shapes compiled into SPARQL, so Oxigraph validates in the store itself.

pySHACL walks every focus node in Python (a minute at national scale: 120,000 focus
nodes, see benchmarks/results/scale.md); the same constraints as SPARQL `SELECT`s run in
Oxigraph in well under a second. The translation follows the SHACL Core definitions
(https://www.w3.org/TR/shacl/#core-components): one query per constraint, over the union
of every graph (as pySHACL validates it), answering the focus nodes, and for value
constraints the values, that break it.

Only what `compile_shapes` knows is translated; anything else (another path form, a
component it does not list) raises `Unsupported`, and the caller falls back to pySHACL.
tests/test_shacl_sparql.py holds the two engines to the same findings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..vocab import RDF, RDFS, SH, XSD
from .parallel import select_all

RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_FIRST = ox.NamedNode(RDF + "first")
RDF_REST = ox.NamedNode(RDF + "rest")
RDF_NIL = ox.NamedNode(RDF + "nil")
INSTANCE_OF = f"<{RDF}type>/<{RDFS}subClassOf>*"
# Datatypes whose lexical form Oxigraph can check by casting (an ill-typed literal fails).
CASTABLE = {XSD + name for name in ("integer", "decimal", "double", "float", "boolean", "date",
                                    "dateTime", "gYear", "time", "duration")}
NODE_KINDS = {
    "IRI": "isIRI({v})", "BlankNode": "isBlank({v})", "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}
COMPARISONS = {"minInclusive": ">=", "minExclusive": ">", "maxInclusive": "<=",
               "maxExclusive": "<"}
# The constraint parameters that test one value node at a time, in the order they are
# compiled (_Compiler.value_conditions).
VALUE_PARAMETERS = ("class", "datatype", "nodeKind", "pattern", "in", "languageIn",
                    *COMPARISONS, "minLength", "maxLength", "hasValue", "or", "and", "xone",
                    "not", "node")
# Parameters that only annotate a shape; everything else must be understood.
ANNOTATIONS = {"message", "description", "name", "severity", "deactivated", "order", "group",
               "targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode", "property",
               "path", "flags", "qualifiedMinCount", "qualifiedMaxCount",
               "qualifiedValueShapesDisjoint", "defaultValue"}

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Unsupported(Exception):
    """A shape uses SHACL this compiler does not translate; validate with pySHACL."""


@dataclass(frozen=True)
class Violation:
    """One validation result, as `sh:ValidationResult` names its parts."""

    focus: Term
    shape: ox.NamedNode | ox.BlankNode  # sh:sourceShape
    component: str  # sh:sourceConstraintComponent without the sh: namespace
    severity: str  # IRI of sh:Violation, sh:Warning or sh:Info
    path: ox.NamedNode | None = None
    value: Term | None = None


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT of ?focus (and ?value) that break it."""

    sparql: str
    shape: ox.NamedNode | ox.BlankNode
    component: str
    severity: str
    path: ox.NamedNode | None


class _Shapes:
    """Read access to the shapes graph."""

    def __init__(self, store: ox.Store):
        self.store = store

    def objects(self, subject: Term, name: str) -> list[Term]:
        return self._objects(subject, ox.NamedNode(SH + name))

    def _objects(self, subject: Term, predicate: ox.NamedNode) -> list[Term]:
        return [q.object for q in self.store.quads_for_pattern(subject, predicate, None)]

    def value(self, subject: Term, name: str) -> Term | None:
        return next(iter(self.objects(subject, name)), None)

    def parameters(self, subject: Term) -> set[str]:
        quads = self.store.quads_for_pattern(subject, None, None)
        return {q.predicate.value.removeprefix(SH) for q in quads
                if q.predicate.value.startswith(SH)}

    def items(self, head: Term | None) -> list[Term]:
        """The members of an RDF list."""
        members = []
        while head is not None and head != RDF_NIL:
            members += self._objects(head, RDF_FIRST)
            head = next(iter(self._objects(head, RDF_REST)), None)
        return members


def compile_shapes(shapes_store: ox.Store) -> list[Check]:
    """Every constraint of every targeted shape as a SPARQL check; `Unsupported` if any
    shape needs more than this module translates."""
    shapes = _Shapes(shapes_store)
    compiler = _Compiler(shapes)
    checks: list[Check] = []
    for shape in _targeted_shapes(shapes):
        if _is_true(shapes.value(shape, "deactivated")):
            continue
        focus = compiler.focus_pattern(shape)
        if shapes.value(shape, "path") is not None:
            checks += compiler.property_checks(shape, focus)
        else:
            checks += compiler.node_checks(shape, focus)
    return checks


def violations(store: ox.Store, checks: list[Check]) -> Iterator[Violation]:
    """Run the checks over the union of the store's graphs."""
    for check, rows in zip(checks, select_all(store, [check.sparql for check in checks]),
                           strict=True):
        if isinstance(rows, Exception):  # the compiler wrote SPARQL Oxigraph refuses: a bug
            raise rows
        for row in rows:
            yield Violation(row["focus"], check.shape, check.component, check.severity,
                            check.path, row["value"])


def _targeted_shapes(shapes: _Shapes) -> list[Term]:
    targets = ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")
    found = {q.subject for name in targets
             for q in shapes.store.quads_for_pattern(None, ox.NamedNode(SH + name), None)}
    return sorted(found, key=str)


def _is_true(term: Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.value == "true"


class _Compiler:
    def __init__(self, shapes: _Shapes):
        self.shapes = shapes
        self.names = itertools.count()

    def fresh(self) -> str:
        return f"?v{next(self.names)}"

    # --- focus nodes -------------------------------------------------------------------------

    def focus_pattern(self, shape: Term) -> str:
        """A group graph pattern binding ?focus to every target of the shape."""
        s = self.shapes
        branches = [f"{{ ?focus {INSTANCE_OF} {c} }}" for c in s.objects(shape, "targetClass")]
        branches += [f"{{ ?focus {p} [] }}" for p in s.objects(shape, "targetSubjectsOf")]
        branches += [f"{{ [] {p} ?focus }}" for p in s.objects(shape, "targetObjectsOf")]
        branches += [f"{{ VALUES ?focus {{ {n} }} }}" for n in s.objects(shape, "targetNode")]
        return "{ SELECT DISTINCT ?focus WHERE { " + " UNION ".join(branches) + " } }"

    # --- top-level checks --------------------------------------------------------------------

    def severity(self, shape: Term) -> str:
        severity = self.shapes.value(shape, "severity")
        return severity.value if isinstance(severity, ox.NamedNode) else SH + "Violation"

    def node_checks(self, shape: Term, focus: str) -> list[Check]:
        """The node shape's own constraints on the focus node, then its property shapes."""
        s = self.shapes
        self._refuse_unknown(shape, node=True)
        checks = []
        for component, condition in self.value_conditions(shape, "?focus"):
            checks.append(Check(
                f"SELECT ?focus ?value WHERE {{ {focus} BIND(?focus AS ?value) "
                f"FILTER(!COALESCE({condition}, false)) }}",
                shape, component, self.severity(shape), None))
        for child in s.objects(shape, "property"):
            if not _is_true(s.value(child, "deactivated")):
                checks += self.property_checks(child, focus)
        return checks

    def property_checks(self, shape: Term, focus: str) -> list[Check]:
        s = self.shapes
        self._refuse_unknown(shape, node=False)
        path = self.path(shape)
        severity = self.severity(shape)

        def check(component: str, sparql: str) -> Check:
            return Check(sparql, shape, component, severity, path)

        checks = []
        values = f"{focus} ?focus {path} ?value ."
        for component, condition in self.value_conditions(shape, "?value", classes=False):
            checks.append(check(component, f"SELECT DISTINCT ?focus ?value WHERE {{ {values} "
                                            f"FILTER(!COALESCE({condition}, false)) }}"))
        for cls in s.objects(shape, "class"):  # an anti-join: one pass over C's instances
            checks.append(check("ClassConstraintComponent",
                                f"SELECT DISTINCT ?focus ?value WHERE {{ {values} "
                                f"MINUS {{ ?value {INSTANCE_OF} {cls} }} }}"))
        least, most = s.value(shape, "minCount"), s.value(shape, "maxCount")
        if least is not None and int(least.value) > 0:
            checks.append(check("MinCountConstraintComponent", _count_query(
                focus, f"?focus {path} ?value", f"< {int(least.value)}")))
        if most is not None and int(most.value) == 1:  # the common case: a self-join
            checks.append(check("MaxCountConstraintComponent",
                                f"SELECT DISTINCT ?focus WHERE {{ {focus} ?focus {path} ?a . "
                                f"?focus {path} ?b . FILTER(!sameTerm(?a, ?b)) }}"))
        elif most is not None:
            checks.append(check("MaxCountConstraintComponent", _count_query(
                focus, f"?focus {path} ?value", f"> {int(most.value)}")))
        if _is_true(s.value(shape, "uniqueLang")):
            checks.append(check("UniqueLangConstraintComponent",
                                f"SELECT DISTINCT ?focus WHERE {{ {focus} ?focus {path} ?a . "
                                f"?focus {path} ?b . FILTER(!sameTerm(?a, ?b) && lang(?a) != \"\" "
                                f"&& lang(?a) = lang(?b)) }}"))
        qualified = s.value(shape, "qualifiedValueShape")
        if qualified is not None:
            if _is_true(s.value(shape, "qualifiedValueShapesDisjoint")):
                raise Unsupported(f"{shape}: sh:qualifiedValueShapesDisjoint")
            conforming = self.conforms(qualified, "?value")
            matching = f"?focus {path} ?value FILTER(COALESCE({conforming}, false))"
            for name, test in (("qualifiedMinCount", "<"), ("qualifiedMaxCount", ">")):
                bound = s.value(shape, name)
                if bound is not None:
                    component = "Qualified" + name[len("qualified"):] + "ConstraintComponent"
                    checks.append(check(component, _count_query(focus, matching,
                                                                f"{test} {int(bound.value)}")))
        return checks

    def path(self, shape: Term) -> ox.NamedNode:
        path = self.shapes.value(shape, "path")
        if not isinstance(path, ox.NamedNode):
            raise Unsupported(f"{shape}: only a single property is translated as sh:path")
        return path

    def _refuse_unknown(self, shape: Term, node: bool) -> None:
        known = ANNOTATIONS | set(NODE_KINDS) | set(COMPARISONS) | {
            "class", "datatype", "nodeKind", "pattern", "in", "languageIn", "minLength",
            "maxLength", "hasValue", "or", "and", "not", "xone", "node"}
        if not node:
            known |= {"minCount", "maxCount", "uniqueLang", "qualifiedValueShape"}
        unknown = self.shapes.parameters(shape) - known
        if unknown:
            raise Unsupported(f"{shape}: sh:{', sh:'.join(sorted(unknown))}")

    # --- conditions on one node --------------------------------------------------------------

    def value_conditions(self, shape: Term, v: str,
                         classes: bool = True) -> list[tuple[str, str]]:
        """(component, SPARQL expression true when the node `v` meets it) for each
        constraint of the shape that tests one value node at a time (sh:class only with
        `classes`: the caller may check it faster as an anti-join). One small method per
        constraint parameter (`_value_<parameter>`), in the order of VALUE_PARAMETERS."""
        conditions = []
        for name in VALUE_PARAMETERS:
            if name == "class" and not classes:
                continue
            build = getattr(self, f"_value_{name}")
            conditions += [build(shape, value, v) for value in self.shapes.objects(shape, name)]
        return conditions

    def _value_class(self, shape: Term, cls: Term, v: str) -> tuple[str, str]:
        return "ClassConstraintComponent", f"EXISTS {{ {v} {INSTANCE_OF} {cls} }}"

    def _value_datatype(self, shape: Term, datatype: Term, v: str) -> tuple[str, str]:
        test = f"(isLiteral({v}) && datatype({v}) = {datatype}"
        if datatype.value in CASTABLE:  # a well-formed lexical form casts to itself
            test += f" && {datatype}(STR({v})) = {datatype}(STR({v}))"
        return "DatatypeConstraintComponent", test + ")"

    def _value_nodeKind(self, shape: Term, kind: Term, v: str) -> tuple[str, str]:
        name = kind.value.removeprefix(SH)
        if name not in NODE_KINDS:
            raise Unsupported(f"{shape}: sh:nodeKind {kind}")
        return "NodeKindConstraintComponent", NODE_KINDS[name].format(v=v)

    def _value_pattern(self, shape: Term, pattern: Term, v: str) -> tuple[str, str]:
        flags = self.shapes.value(shape, "flags")
        args = str(ox.Literal(pattern.value))
        if flags is not None:
            args += f", {ox.Literal(flags.value)}"
        return "PatternConstraintComponent", f"(!isBlank({v}) && REGEX(STR({v}), {args}))"

    def _value_in(self, shape: Term, head: Term, v: str) -> tuple[str, str]:
        options = " || ".join(f"sameTerm({v}, {t})" for t in self.shapes.items(head)) or "false"
        return "InConstraintComponent", f"({options})"

    def _value_languageIn(self, shape: Term, head: Term, v: str) -> tuple[str, str]:
        tags = " || ".join(f"langMatches(lang({v}), {ox.Literal(t.value)})"
                           for t in self.shapes.items(head)) or "false"
        return "LanguageInConstraintComponent", f"(isLiteral({v}) && ({tags}))"

    def _compare(self, name: str, bound: Term, v: str) -> tuple[str, str]:
        return name[0].upper() + name[1:] + "ConstraintComponent", \
            f"({v} {COMPARISONS[name]} {bound})"

    def _value_minInclusive(self, shape: Term, bound: Term, v: str) -> tuple[str, str]:
        return self._compare("minInclusive", bound, v)

    def _value_minExclusive(self, shape: Term, bound: Term, v: str) -> tuple[str, str]:
        return self._compare("minExclusive", bound, v)

    def _value_maxInclusive(self, shape: Term, bound: Term, v: str) -> tuple[str, str]:
        return self._compare("maxInclusive", bound, v)

    def _value_maxExclusive(self, shape: Term, bound: Term, v: str) -> tuple[str, str]:
        return self._compare("maxExclusive", bound, v)

    def _value_minLength(self, shape: Term, bound: Term, v: str) -> tuple[str, str]:
        return "MinLengthConstraintComponent", \
            f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(bound.value)})"

    def _value_maxLength(self, shape: Term, bound: Term, v: str) -> tuple[str, str]:
        return "MaxLengthConstraintComponent", \
            f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(bound.value)})"

    def _value_hasValue(self, shape: Term, member: Term, v: str) -> tuple[str, str]:
        return "HasValueConstraintComponent", f"sameTerm({v}, {member})"

    def _value_or(self, shape: Term, head: Term, v: str) -> tuple[str, str]:
        alternatives = [self.conforms(a, v) for a in self.shapes.items(head)]
        return "OrConstraintComponent", f"({' || '.join(alternatives) or 'false'})"

    def _value_and(self, shape: Term, head: Term, v: str) -> tuple[str, str]:
        parts = [self.conforms(a, v) for a in self.shapes.items(head)]
        return "AndConstraintComponent", f"({' && '.join(parts) or 'true'})"

    def _value_xone(self, shape: Term, head: Term, v: str) -> tuple[str, str]:
        ones = " + ".join(f"IF({self.conforms(a, v)}, 1, 0)"
                          for a in self.shapes.items(head)) or "0"
        return "XoneConstraintComponent", f"({ones} = 1)"

    def _value_not(self, shape: Term, negated: Term, v: str) -> tuple[str, str]:
        return "NotConstraintComponent", f"!({self.conforms(negated, v)})"

    def _value_node(self, shape: Term, node: Term, v: str) -> tuple[str, str]:
        return "NodeConstraintComponent", self.conforms(node, v)

    def conforms(self, shape: Term, v: str) -> str:
        """An expression true when the node `v` conforms to the whole shape (a node shape, or
        a property shape: its path's values from `v`), errors counting as not conforming."""
        s = self.shapes
        if s.value(shape, "path") is not None:
            return self._property_conforms(shape, v)
        self._refuse_unknown(shape, node=True)
        parts = [f"COALESCE({c}, false)" for _, c in self.value_conditions(shape, v)]
        parts += [self._property_conforms(p, v) for p in s.objects(shape, "property")]
        return "(" + (" && ".join(parts) or "true") + ")"

    def _property_conforms(self, shape: Term, v: str) -> str:
        s = self.shapes
        self._refuse_unknown(shape, node=False)
        path = self.path(shape)
        nested = s.value(shape, "qualifiedValueShape"), s.value(shape, "uniqueLang")
        if nested[0] is not None or _is_true(nested[1]):
            raise Unsupported(f"{shape}: qualified or uniqueLang inside sh:or/sh:and/sh:not")
        value = self.fresh()
        parts = [f"NOT EXISTS {{ {v} {path} {value} FILTER(!COALESCE({c}, false)) }}"
                 for _, c in self.value_conditions(shape, value)]
        least, most = s.value(shape, "minCount"), s.value(shape, "maxCount")
        if least is not None and int(least.value) > 1 or most is not None and int(most.value) > 0:
            raise Unsupported(f"{shape}: counts other than minCount 1 or maxCount 0 inside "
                              "sh:or/sh:and/sh:not")
        if least is not None and int(least.value) == 1:
            parts.append(f"EXISTS {{ {v} {path} [] }}")
        if most is not None:
            parts.append(f"NOT EXISTS {{ {v} {path} [] }}")
        return "(" + (" && ".join(parts) or "true") + ")"


def _count_query(focus: str, pattern: str, test: str) -> str:
    """Focus nodes whose number of distinct ?value matching `pattern` fails `test`."""
    if test == "< 1":  # the common sh:minCount 1: an anti-join, not a count
        return f"SELECT ?focus WHERE {{ {focus} MINUS {{ {pattern} }} }}"
    if test.startswith(">"):  # too many: only focus nodes with values can be
        return (f"SELECT ?focus WHERE {{ {focus} {pattern} }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) {test})")
    return (f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ {pattern} }} }} "
            f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) {test})")
