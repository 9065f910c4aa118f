"""The query library: one SPARQL file per question in queries/, described by its header.

A query file starts with comment lines of the form `# key: value`:

    # title: Netwerken en consortia
    # nl: Tot welk consortium behoort elk netwerk?
    # en: Which consortium does each network belong to?
    # param: consortium entity:Consortium  Only the networks of this consortium
    # param: from entity:Organisation|Network|Consortium  Several classes: any of them
    # param: year year default=2025  The plan year
    # view: table | pivot rows=network columns=domain value=projects
    # compute: betweenness | path     (a networkx step over the rows, see netgraph.py)
    # compare: old new                 (the query reads two versions of the graph)

A parameter binds the SPARQL variable of its name as a value: a VALUES block of RDF terms
serialised by pyoxigraph, at the top of the query's WHERE block (and of each sub-SELECT that
hands the variable up unchanged, for speed), locally and at an endpoint alike. Its content is
never pasted into the query text.
An entity parameter accepts an instance of its class or of a subclass (rdfs:subClassOf*), by
id, last id segment, label or altLabel; `entity:A|B` accepts several classes, `entity:skos:Concept`
a class of another vocabulary, `entity:Thing` anything with a Dutch label; `concept:kwaliteitskader`
a concept of that SKOS scheme, also by its notation (`2.3`, `R5`). A name that fits several
entities is refused with their ids; an id always fits one.
A parameter without a default that is not given stays unbound: the query then answers
for all. Adding a file is all it takes to add a query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import Finding, InputError

XSD = "http://www.w3.org/2001/XMLSchema#"
ID_BASE = "https://w3id.org/pzgraph/id/"
PZ = "https://w3id.org/pzgraph/def#"
HEADER = re.compile(r"^#\s*([a-z]+)\s*:\s*(.*?)\s*$")
PARAM_TYPES = ("string", "integer", "year", "file")


class QueryError(Exception):
    """A query was asked for wrongly: unknown name, bad parameter. The message says how."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # string | integer | year | file | entity:ClassName
    description: str = ""
    default: str | None = None

    @property
    def entity_class(self) -> str | None:
        return self.type.split(":", 1)[1] if self.type.startswith("entity:") else None

    @property
    def concept_scheme(self) -> str | None:
        return self.type.split(":", 1)[1] if self.type.startswith("concept:") else None


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    sparql: str
    title: str
    nl: str = ""
    en: str = ""
    parameters: tuple[Parameter, ...] = ()
    view: str = "table"
    view_options: dict[str, str] = field(default_factory=dict)
    compute: str | None = None
    compare: tuple[str, ...] = ()

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query '{self.name}' has no parameter '{name}' (its parameters: {known})")


def parse_query_file(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            parameters.append(_parse_parameter(value, path))
        else:
            fields[key] = value
    if "title" not in fields:
        raise InputError([Finding(path.name, "", "the query has no '# title:' line",
                                  "start the file with '# title: ...' (see queries/README.md)",
                                  "query")])
    view, *options = fields.get("view", "table").split()
    return Query(
        name=path.stem, path=path, sparql=text, title=fields["title"], nl=fields.get("nl", ""),
        en=fields.get("en", ""), parameters=tuple(parameters), view=view,
        view_options=dict(option.split("=", 1) for option in options if "=" in option),
        compute=fields.get("compute"), compare=tuple(fields.get("compare", "").split()),
    )


def _parse_parameter(value: str, path: Path) -> Parameter:
    name, kind, *rest = value.split(None, 2) + [""] * (2 - len(value.split(None, 2)))
    description = " ".join(rest).strip()
    default = None
    if description.startswith("default="):
        default, _, description = description.removeprefix("default=").partition(" ")
    if kind not in PARAM_TYPES and not kind.startswith(("entity:", "concept:")):
        raise InputError([Finding(path.name, name, f"unknown parameter type '{kind}'",
                                  f"use one of {', '.join(PARAM_TYPES)}, entity:ClassName or "
                                  "concept:scheme",
                                  "query")])
    return Parameter(name, kind, description.strip(), default)


def library(queries_dir: Path) -> dict[str, Query]:
    """Every query of the folder, by name; `*-violation.rq` checks live elsewhere."""
    return {path.stem: parse_query_file(path) for path in sorted(queries_dir.glob("*.rq"))}


# --- parameters ----------------------------------------------------------------------------

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
    "pz": PZ, "org": "http://www.w3.org/ns/org#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/", "prov": "http://www.w3.org/ns/prov#",
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
        pattern = f"VALUES ?class {{ {classes} }} ?entity a/rdfs:subClassOf* ?class ."
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
    valid = "; ".join(f"{r['entity'].value.removeprefix(ID_BASE)} ({r['label'].value})"
                      for r in rows)
    kind = (f"concept of {parameter.concept_scheme}" if parameter.concept_scheme
            else (parameter.entity_class or "entity").replace("|", " or "))
    raise QueryError(f"'{value}' is not a known {kind} for parameter "
                     f"'{parameter.name}'. Valid values: {valid or 'none in the graph'}")


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
        if not re.fullmatch(r"-?\d+", value.strip()):
            raise QueryError(f"parameter '{parameter.name}' of query '{query.name}' takes a whole "
                             f"number, not {value!r}")
        number = str(int(value.strip()))  # canonical, so "02" matches the 2 a COUNT returns
        if parameter.type == "year":
            return ox.Literal(f"{int(number):04d}", datatype=ox.NamedNode(XSD + "gYear"))
        return ox.Literal(number, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(value)


def values_clause(bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The bindings as a SPARQL VALUES block: terms serialised by pyoxigraph, so escaped."""
    if not bindings:
        return ""
    names = sorted(bindings)
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(str(bindings[name]) for name in names)
    return f"VALUES ({variables}) {{ ({terms}) }}"


def with_values(sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal], *,
                into_subselects: bool = True) -> str:
    """The query with its bindings as VALUES at the start of the outermost WHERE block, and
    again at the start of every sub-SELECT that hands a bound variable up unchanged.

    For endpoints, which know nothing of initBindings. Only terms go in, never raw text.
    The second copy is for speed: Oxigraph does not push an outer VALUES into a sub-SELECT,
    so the sub-SELECT is evaluated for the whole landscape and joined afterwards (members for
    one network: 166 ms at national scale, 71 ms with the block inside). A sub-SELECT only
    gets it where that cannot change an answer (see `_Groups.receives`); the outer block stays.
    """
    if not bindings:
        return sparql
    groups = _Groups(sparql)
    outer = groups.outer_where()
    if outer is None:
        raise QueryError("the query has no WHERE block to bind parameters in")
    blocks: dict[int, dict[str, ox.NamedNode | ox.Literal]] = {outer: dict(bindings)}
    if into_subselects:
        for name, term in bindings.items():
            for where in groups.targets(outer, name):
                blocks.setdefault(where, {})[name] = term
    text = sparql
    for where in sorted(blocks, reverse=True):  # from the end, so offsets stay valid
        at = groups.end[where]
        text = f"{text[:at]}\n  {values_clause(blocks[where])}\n{text[at:]}"
    return text


# A SPARQL token: a string, an IRI, a variable, a bracket or a word; blanks and comments are
# skipped, so nothing inside a string, IRI or comment is ever read as structure.
_TOKEN = re.compile(r'''
    (?P<blank>\s+|\#[^\n]*)
  | """(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
  | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*>
  | [?$]\w+
  | [{}()\[\];,.]
  | (?:[^\s{}()\[\];,"'<\#\\?$]|\\.)+
  | .''', re.VERBOSE | re.DOTALL)


class _Groups:
    """The group structure of a query, read from its tokens: enough to find each sub-SELECT
    and to tell whether it certainly binds a variable."""

    def __init__(self, sparql: str) -> None:
        found = [m for m in _TOKEN.finditer(sparql) if m.lastgroup != "blank"]
        self.words = [m.group().upper() for m in found] + [""]  # "" ends every scan
        self.texts = [m.group() for m in found] + [""]
        self.end = [m.end() for m in found] + [len(sparql)]
        self.last = len(found)  # the index of the "" that ends every scan
        self.close: dict[int, int] = {}  # an opening bracket's index → its closing bracket's
        opened: list[int] = []
        for i, word in enumerate(self.words):
            if word in ("{", "(", "["):
                opened.append(i)
            elif word in ("}", ")", "]") and opened:
                self.close[opened.pop()] = i

    def after(self, i: int) -> int:
        """The index after the bracket group opened at i (the end when it never closes)."""
        return self.close.get(i, self.last - 1) + 1

    def skip(self, i: int, to: tuple[str, ...] = ("(", "{")) -> int:
        """Past the keyword at i and the first bracket group after it (FILTER, BIND, VALUES)."""
        j = i + 1
        while self.words[j] and self.words[j] not in to:
            j += 1
        return self.after(j) if self.words[j] else j

    def is_var(self, i: int, name: str) -> bool:
        return self.texts[i] in (f"?{name}", f"${name}")

    def outer_where(self) -> int | None:
        """The '{' of the outermost WHERE."""
        return next((i + 1 for i, w in enumerate(self.words) if w == "WHERE"
                     and self.words[i + 1] == "{"), None)

    def sub_select(self, i: int) -> int | None:
        """The '{' of the WHERE of the sub-SELECT that the group opened at i is, if it is one."""
        if self.words[i + 1] != "SELECT":
            return None
        j = i + 2
        while self.words[j] and self.words[j] != "{":
            j = self.after(j) if self.words[j] == "(" else j + 1
        return j if self.words[j] else None

    def receives(self, brace: int, where: int, name: str) -> bool:
        """A VALUES block for ?name at the start of this sub-SELECT's WHERE only keeps those
        of its rows that the outer block keeps: it hands ?name up unchanged (SELECT * or
        ?name listed, never computed: `AS ?name`), has no LIMIT or OFFSET, and its WHERE
        binds ?name in every row before any OPTIONAL, MINUS or BIND could see it unbound."""
        end = self.close.get(brace, self.last)
        clause, modifiers = range(brace + 2, where), range(self.after(where), end)
        if any(self.words[k] == "AS" and self.is_var(k + 1, name) for k in (*clause, *modifiers)):
            return False
        if any(self.words[k] in ("LIMIT", "OFFSET") for k in modifiers):
            return False
        depth, listed = 0, False
        for k in clause:
            depth += (self.words[k] == "(") - (self.words[k] == ")")
            listed |= depth == 0 and (self.words[k] == "*" or self.is_var(k, name))
        return listed and self.binds(where, name)

    def binds(self, brace: int, name: str) -> bool:
        """Every row of the group opened at `brace` binds ?name, and does so before its first
        OPTIONAL, MINUS, BIND or SERVICE: in a triple pattern, in a group (all branches of a
        UNION), or in a sub-SELECT that receives it. FILTER, VALUES and (...) do not count."""
        i, end = brace + 1, self.close.get(brace, self.last)
        while i < end:
            word = self.words[i]
            if word in ("OPTIONAL", "MINUS", "BIND", "SERVICE"):
                return False
            if word == "{":
                branches = [i]
                i = self.after(i)
                while self.words[i] == "UNION" and self.words[i + 1] == "{":
                    branches.append(i + 1)
                    i = self.after(i + 1)
                if all(self.group_binds(branch, name) for branch in branches):
                    return True
                continue
            if self.is_var(i, name):
                return True
            i = (self.skip(i) if word == "FILTER" else self.skip(i, ("{",)) if word == "VALUES"
                 else self.after(i) if word == "(" else i + 1)
        return False

    def group_binds(self, brace: int, name: str) -> bool:
        where = self.sub_select(brace)
        return self.binds(brace, name) if where is None else self.receives(brace, where, name)

    def targets(self, group: int, name: str, anchored: bool = True) -> list[int]:
        """The WHERE '{' of every sub-SELECT under the group opened at `group` that can take a
        VALUES block for ?name. `anchored`: the group starts with that block, so every row of
        it binds ?name and the right side of its OPTIONAL and MINUS may be restricted too;
        below that only joins, UNION branches and GRAPH are followed (restricting the right
        side of a nested OPTIONAL could turn a dropped row into a kept one)."""
        found: list[int] = []
        i, end = group + 1, self.close.get(group, self.last)
        while i < end:
            word = self.words[i]
            if word == "{":
                where = self.sub_select(i)
                if where is None:
                    found += self.targets(i, name, anchored=False)
                elif self.receives(i, where, name):
                    found += [where, *self.targets(where, name)]
                i = self.after(i)
            elif (word in ("OPTIONAL", "MINUS") and not anchored) or word in ("VALUES", "SERVICE"):
                i = self.skip(i, ("{",))
            elif word in ("FILTER", "BIND"):
                i = self.skip(i)
            else:
                i = self.after(i) if word == "(" else i + 1
        return found


# --- running -------------------------------------------------------------------------------


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
SELECT DISTINCT ?iri ?l ?preferred WHERE {
  VALUES ?iri { %s }
  { ?iri skos:prefLabel ?l BIND(true AS ?preferred) }
  UNION
  { ?iri rdfs:label ?l BIND(false AS ?preferred) }
  FILTER(LANG(?l) = "%s" || LANG(?l) = "")
}
"""


def labels_for(store: ox.Store, terms: Iterable[object], language: str = "nl") -> dict[str, str]:
    """The label of every IRI among the terms, in one query.

    Every candidate comes back and the choice is made here (skos:prefLabel before rdfs:label,
    the language asked for before none, then the first in code-point order): SAMPLE would let
    each engine pick its own, and a label would differ between stores."""
    iris = sorted({t.value for t in terms if isinstance(t, ox.NamedNode)})
    if not iris:
        return {}
    if language not in ("nl", "en"):
        raise QueryError(f"language '{language}' is not available: use nl or en")
    values = " ".join(str(ox.NamedNode(iri)) for iri in iris)
    best: dict[str, tuple[bool, bool, str]] = {}
    for row in store.query(LABELS % (values, language), use_default_graph_as_union=True):
        label = row["l"]
        key = (row["preferred"].value != "true", not label.language, label.value)
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
    runs on local and remote answers."""
    separators = concatenations(sparql)
    indexes = {result.columns.index(c): s for c, s in separators.items() if c in result.columns}
    if not indexes:
        return result
    rows = []
    for row in result.rows:
        row = list(row)
        for i, separator in indexes.items():
            term = row[i]
            if isinstance(term, ox.Literal) and term.value:
                text = separator.join(sorted(term.value.split(separator)))
                row[i] = (ox.Literal(text, language=term.language) if term.language
                          else ox.Literal(text, datatype=term.datatype))
        rows.append(row)
    return Result(result.columns, rows)


def short_id(iri: str) -> str:
    return iri.removeprefix(ID_BASE).removeprefix(PZ)


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


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param takes name=value, not {pair!r}")
        params[name.strip()] = value
    return params
