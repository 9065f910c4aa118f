"""How many triple patterns a query joins in one group, as Oxigraph's optimizer sees them.

Oxigraph 0.5 orders the patterns of a join before it evaluates anything, at a cost that grows
with the fourth power of their number (measured: 100 patterns 0.45 s, 150 patterns 2.4 s,
200 patterns 7 s, 900 patterns hours), on an empty store as on a full one, and a query that
is only parsed cannot be stopped any sooner than its time limit. So 14 KB of
`?s ?p <a>, <b>, …` held a query process for its whole time limit, and two of them every
process of `pzgraph serve`. Nested groups and GRAPH groups are joined into the group around
them (flattened), and so is each VALUES block in a group; UNION branches, OPTIONAL, MINUS,
EXISTS and subqueries are not.

A pattern is counted at each `.`, `,` and `;` (one more pattern), `[` (a blank node's
properties), `/` in a path (a sequence is a join), and each term of a collection `( … )`
in a triple; expressions (FILTER, BIND, function calls, IN lists) count nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import sparql_lexer

_SEPARATE = {"OPTIONAL", "MINUS", "EXISTS"}  # a group after these is its own join
_TERMS = {"var", "iri", "name", "string", "number"}
# what a triple's subject follows: the group's start, a `.`, the end of a group, of an
# expression or of a VALUES block
_TRIPLE_STARTS = {"{", ".", "END{", "ENDe", "ENDv"}


@dataclass
class _Group:
    line: int
    joined: bool  # flattened into the group around it
    union_with: int = -1  # when this group is a UNION branch: the largest branch before it
    weight: int = 0
    last_child: int = 0  # the weight the last closed group added (a UNION takes it back)
    first_word: str = ""


def largest_join(text: str) -> tuple[int, int]:
    """The most patterns joined in one group of `text`, and the line where that group opens."""
    groups: list[_Group] = []
    # "{" a group, "v" a VALUES block, "e" an expression, "c" a collection or a path in
    # parentheses in a triple, "[" a blank node's properties
    brackets: list[str] = []
    previous = before_previous = ("", "")
    values_next = False
    largest = (0, 0)
    pending_union = -1
    for match in sparql_lexer.tokens(text):
        kind, word = match.lastgroup or "", match.group()
        if kind == "blank":
            continue
        upper, shown = word.upper(), word.upper()
        in_triples = bool(groups) and bool(brackets) and brackets[-1] in "{c["
        group = groups[-1] if in_triples else None
        if kind == "keyword" and upper == "VALUES":
            values_next = True
        elif kind == "keyword" and upper == "UNION" and group is not None:
            group.weight -= group.last_child  # the branch before is compared, not joined
            pending_union = group.last_child
        elif kind == "open" and word == "{":
            if values_next or brackets[-1:] == ["v"]:
                if values_next and group is not None:
                    group.weight += 1  # a VALUES block in a group is one more operand
                brackets.append("v")
                values_next = False
            else:  # a group; in an expression (`EXISTS {`) a join of its own
                separate = previous[0] == "keyword" and previous[1] in _SEPARATE
                in_expression = brackets[-1:] == ["e"]
                groups.append(_Group(_line(text, match), bool(groups) and not separate
                                     and not in_expression,
                                     pending_union if previous[1] == "UNION" else -1))
                pending_union = -1
                brackets.append("{")
                shown = "{"
        elif kind == "open" and word == "(":
            brackets.append("c" if in_triples and _collection_after(previous, before_previous)
                            else "e")
        elif kind == "open":  # `[` or `<<`
            brackets.append("[" if in_triples else "e")
            if group is not None and word == "[":
                group.weight += 1
        elif kind == "close" and brackets:
            closed = brackets.pop()
            shown = "END" + closed
            if closed == "{" and groups:
                done = groups.pop()
                largest = max(largest, (done.weight, done.line))
                if done.union_with >= 0:
                    done.weight = max(done.weight, done.union_with)
                if groups and done.joined and done.first_word != "SELECT":
                    groups[-1].weight += done.weight
                    groups[-1].last_child = done.weight
        elif group is not None:
            if kind == "punctuation" and word in ",;/":
                group.weight += 1
            elif kind in _TERMS and (brackets[-1] == "c" or previous[1] in _TRIPLE_STARTS):
                group.weight += 1  # a collection's member, or a triple's subject
        if groups and not groups[-1].first_word and shown != "{":
            groups[-1].first_word = upper if kind == "keyword" else "-"
        before_previous, previous = previous, (kind, shown)
    return largest


def _collection_after(previous: tuple[str, str], before: tuple[str, str]) -> bool:
    """Whether a `(` in a group, after these two tokens, opens a collection or a path (part
    of a triple) rather than an expression: `FILTER(`, `BIND(`, `STR(`, `FILTER <fn>(`."""
    kind, word = previous
    if kind == "keyword":
        return word == "A"  # `?s a (…)`; every other word before `(` is a function or clause
    if kind in ("iri", "name"):
        return not (before[0] == "keyword" and before[1] == "FILTER")  # `FILTER <fn>(…)`
    return True  # after a variable, `{`, `.`, `;`, `,`, `/`, `|`, `^`, `!`, `(`: a triple


def _line(text: str, match: re.Match[str]) -> int:
    return text.count("\n", 0, match.start()) + 1
