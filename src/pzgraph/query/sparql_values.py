"""Bindings as a SPARQL VALUES block, placed where it binds and where it speeds up.

A parameter binds the SPARQL variable of its name as a value: a VALUES block of RDF terms
serialised by pyoxigraph, at the top of the query's WHERE block (and again in each sub-SELECT,
group and UNION branch whose rows all bind the variable, where Oxigraph uses it first),
locally and at an endpoint alike. Its content is never pasted into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from ..errors import QueryError


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
    again at the start of every sub-SELECT that hands a bound variable up unchanged and of
    every group or UNION branch (also the right side of a top-level OPTIONAL or MINUS) whose
    rows all bind it.

    For endpoints, which know nothing of initBindings. Only terms go in, never raw text.
    The copies are for speed: Oxigraph does not push an outer VALUES into a sub-SELECT, a
    UNION branch or the right side of an OPTIONAL, so that part is evaluated for the whole
    landscape and joined afterwards (members for one network: 166 ms at national scale, 71 ms
    with the block inside; kwaliteitskader-gaps for one network at ten times national scale:
    0.45 s, 1 ms with the block in its OPTIONAL). A copy only goes where it drops rows that
    the outer block drops anyway, never changing one (see `_Groups.targets`); the outer block
    stays. `into_subselects=False`: the outer block only (the plain form, for tests).
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
        """The '{' of every group under the group opened at `group` that can take a VALUES
        block for ?name: a sub-SELECT's WHERE that receives it, a plain group or UNION branch
        every row of which binds ?name (`binds`). There the block only drops rows whose ?name
        is another value, rows the outer block would drop anyway; a row's other variables,
        and so its FILTERs, BINDs and OPTIONALs, stay as they were.

        `anchored`: the group starts with that block, so every row of it binds ?name and the
        right side of its OPTIONAL and MINUS may be restricted too (a right row with another
        ?name matches no left row). Below that only joins, UNION branches and GRAPH are
        followed (restricting the right side of a nested OPTIONAL could turn a dropped row
        into a kept one); a group that takes the block is anchored in its turn."""
        found: list[int] = []
        i, end = group + 1, self.close.get(group, self.last)
        while i < end:
            word = self.words[i]
            if word == "{":
                where = self.sub_select(i)
                if where is None and self.binds(i, name):
                    found += [i, *self.targets(i, name)]
                elif where is None:
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


def restricted_to(sparql: str, name: str, terms: list[ox.NamedNode]) -> str:
    """The query with ?name restricted to `terms`: a VALUES block at the start of the
    outermost WHERE and again at the start of each of its plain groups and UNION branches,
    where Oxigraph uses it to look up the pattern from the bound end instead of joining
    afterwards (a node's edges from the connection-path query: 1 ms instead of 1.2 s at
    national scale). Groups after OPTIONAL or MINUS are left alone (that could change them)."""
    groups = _Groups(sparql)
    outer = groups.outer_where()
    if outer is None:
        raise QueryError("the query has no WHERE block to restrict")
    block = f"VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}"
    starts, i, end = [outer], outer + 1, groups.close.get(outer, groups.last)
    while i < end:
        word = groups.words[i]
        if word in ("OPTIONAL", "MINUS", "VALUES", "SERVICE", "GRAPH"):
            i = groups.skip(i, ("{",))
        elif word in ("FILTER", "BIND"):
            i = groups.skip(i)
        elif word == "{":
            if groups.sub_select(i) is None:
                starts.append(i)
            i = groups.after(i)
        else:
            i = groups.after(i) if word == "(" else i + 1
    text = sparql
    for start in sorted(starts, reverse=True):  # from the end, so offsets stay valid
        at = groups.end[start]
        text = f"{text[:at]}\n  {block}\n{text[at:]}"
    return text


# IRIs go into lookups (labels, footings) in blocks small enough for any endpoint's limits:
# pzgraph serve refuses a query over 64 KiB or 8,000 tokens, and the footing's lookups name
# each block up to four times.
BLOCK_BYTES = 12_000


def blocks(iris: list[str]) -> Iterable[str]:
    """The IRIs as VALUES blocks of at most BLOCK_BYTES characters each."""
    block: list[str] = []
    size = 0
    for iri in iris:
        term = str(ox.NamedNode(iri))
        if block and size + len(term) > BLOCK_BYTES:
            yield " ".join(block)
            block, size = [], 0
        block.append(term)
        size += len(term) + 1
    if block:
        yield " ".join(block)
