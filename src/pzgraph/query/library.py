"""The query library: one SPARQL file per question in queries/, described by its header.

A query file starts with comment lines of the form `# key: value`:

    # title: Netwerken en consortia
    # nl: Tot welk consortium behoort elk netwerk?
    # en: Which consortium does each network belong to?
    # param: consortium entity:Consortium  Only the networks of this consortium
    # param: from entity:Organisation|Network|Consortium  Several classes: any of them
    # param: year year default=2025  The plan year
    # view: table | pivot rows=network columns=domain value=projects
    #       | pivot rows=network columns=domain count=work  (counts the items of its rows;
    #         list=project lists them; see query/footing.py)
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

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Finding, InputError, QueryError
from ..plain_input import read_plain_text

QUERY_FILE_LIMIT = 1024 * 1024  # far above any real query (serve takes 64 KB)
HEADER = re.compile(r"^#\s*([a-z]+)\s*:\s*(.*?)\s*$")
PARAM_TYPES = ("string", "integer", "year", "file")


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
    footing: bool = False  # a library file: its answers carry the column zekerheid

    @property
    def counting_frame(self) -> tuple[str, str, str] | None:
        """A matrix that counts or lists items (`count=work`, `list=project`): its row key,
        column key and item column; None for any other view."""
        options = self.view_options
        item = options.get("count") or options.get("list")
        if self.view != "pivot" or not item:
            return None
        return options["rows"], options["columns"], item

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query '{self.name}' has no parameter '{name}' (its parameters: {known})")


def read_query_text(path: Path) -> str:
    """A query file's text: a plain UTF-8 file of at most QUERY_FILE_LIMIT bytes, else a
    clear error (a pipe in queries/ hung `query --list`, a link to /dev/zero ate the memory,
    a byte that is not UTF-8 ended in a traceback)."""
    return read_plain_text(path, QUERY_FILE_LIMIT, "the query file")


def parse_query_file(path: Path, text: str | None = None) -> Query:
    text = read_query_text(path) if text is None else text
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
        footing=True,
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


def library_query(queries_dir: Path, name: str) -> Query | None:
    """The query `name` of the library (`library(queries_dir).get(name)`), reading its file
    only: a command that runs one query does not parse the others."""
    if not name or any(c in name for c in "/\\\0"):
        return None  # not the name of a file in the folder
    path = queries_dir / f"{name}.rq"
    if not os.path.lexists(path) or path.is_dir():
        return None  # no query of that name (click then says so)
    return parse_query_file(path, read_query_text(path))
