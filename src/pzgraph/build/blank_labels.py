"""Blank nodes named by what they say, so the same inputs give the same bytes.

A parser names each blank node anew (the ontology's OWL axioms: property chains, keys, lists),
so two builds of the same inputs differed in those names: a release's checksums changed with
nothing changed, and `changes-*` saw the ontology's axioms as changed. Here a blank node is
named by a hash of the statement that points at it (its parent's name and the predicate) and
of what it says itself (its statements, nested blank nodes by their names). Blank nodes that
still share a name say the same under the same parent: any order of them gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

import pyoxigraph as ox


def stable_blank_nodes(quads: list[ox.Quad]) -> list[ox.Quad]:
    """`quads` (one graph's) with every blank node renamed by its content and place."""
    blanks = {t for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    if not blanks:
        return quads
    said: dict[ox.BlankNode, list[ox.Quad]] = defaultdict(list)
    parents: dict[ox.BlankNode, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode):
            said[quad.subject].append(quad)
        if isinstance(quad.object, ox.BlankNode):
            parents[quad.object].append(quad)

    content: dict[ox.BlankNode, str] = {}

    def content_of(node: ox.BlankNode, seen: frozenset[ox.BlankNode]) -> str:
        if node in content:
            return content[node]
        if node in seen:  # a cycle (not in OWL's serialisation): named by its place only
            return "cycle"
        lines = sorted(f"{q.predicate} " + (f"[{content_of(q.object, seen | {node})}]"
                                            if isinstance(q.object, ox.BlankNode)
                                            else str(q.object)) for q in said[node])
        content[node] = _digest("\n".join(lines))
        return content[node]

    names: dict[ox.BlankNode, str] = {}
    taken: dict[str, int] = defaultdict(int)

    def name_of(node: ox.BlankNode, seen: frozenset[ox.BlankNode]) -> str:
        """The final name: the parents' final names, the predicates and the content; blank
        nodes that still share it say the same under the same parent, so are interchangeable
        and are numbered in any order (their children differ by their parent's number)."""
        if node in names:
            return names[node]
        places = []
        for quad in parents[node]:
            parent = quad.subject
            if isinstance(parent, ox.BlankNode):
                parent_name = "cycle" if parent in seen else name_of(parent, seen | {node})
            else:
                parent_name = str(parent)
            places.append(f"{parent_name} {quad.predicate}")
        digest = _digest("\n".join(sorted(places)) + "\n" + content_of(node, frozenset()))
        names[node] = f"b{digest}{taken[digest] or ''}"
        taken[digest] += 1
        return names[node]

    final = {node: ox.BlankNode(name_of(node, frozenset())) for node in blanks}
    return [ox.Quad(final.get(q.subject, q.subject), q.predicate,  # type: ignore[arg-type]
                    final.get(q.object, q.object), q.graph_name) for q in quads]  # type: ignore[arg-type]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
