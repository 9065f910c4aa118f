"""Two versions of the graph for a comparison query, without loading either whole.

Both builds are sorted N-Quads (build/cache.py: graph by graph in IRI order, each graph's
lines sorted), so their difference is found by reading them side by side as streams, one
line at a time: memory holds the difference, not the landscape (at 100x national scale both
versions parsed whole took ~16 GB). The comparison query then runs over the difference and
its context: every statement, in either version, about a subject the difference touches, and
about what those point to, two steps on (labels, schemes, notations). A record is identified
by its IRI (docs/iri-policy.md), so a change to a record is a difference under its own subject.
N-Quads in another order (a release's pzgraph.nq is sorted by whole lines, across graphs) are
compared the same way after their statements are sorted on disk (release/external_sort.py):
n log n instead of linear, but memory still holds only the difference. Another format is
loaded whole.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ..release.external_sort import ExternalSort

# How far from a changed subject its context reaches: its statements, what they point to (a
# network, a concept: labels, notation, scheme) and what that points to (the scheme's label).
CONTEXT_STEPS = 3


class NotSorted(Exception):
    """The file is not sorted N-Quads as pzgraph writes them: compare it the plain way."""


def _graph_key(quad: ox.Quad) -> str:
    """The graph's place in a build's order: the default graph first, then by IRI."""
    return "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)


def _blocks(path: Path) -> Iterator[tuple[str, Iterator[ox.Quad]]]:
    """The file's graphs in order, each as (its key, its quads in line order); each block
    must be read to its end before the next is asked for."""
    quads = iter(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True))
    state: dict[str, ox.Quad | None] = {"next": next(quads, None)}
    previous: str | None = None
    while state["next"] is not None:
        first = state["next"]
        key = _graph_key(first)
        if previous is not None and key <= previous:
            raise NotSorted(path)
        previous = key

        def block(first: ox.Quad = first, key: str = key) -> Iterator[ox.Quad]:
            yield first
            for quad in quads:
                if _graph_key(quad) != key:
                    state["next"] = quad
                    return
                yield quad
            state["next"] = None

        yield key, block()


def difference(old: Path, new: Path) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """The statements only in `old` and only in `new`, as triples in the default graph (a
    statement that moved to another graph is in both and cancels out): graph by graph when
    both are sorted builds, else after sorting each file's triples on disk."""
    try:
        return _difference_of_builds(old, new)
    except NotSorted:
        return _difference_sorted_on_disk(old, new)


def _difference_sorted_on_disk(old: Path, new: Path) -> tuple[set[ox.Quad], set[ox.Quad]]:
    with tempfile.TemporaryDirectory(prefix="pzgraph-versions-") as folder:
        left, right = (_sorted_triples(path, Path(folder)) for path in (old, new))
        only_old: list[str] = []
        only_new: list[str] = []
        x, y = next(left, None), next(right, None)
        while x is not None or y is not None:
            if y is None or (x is not None and x < y):
                only_old.append(x)
                x = next(left, None)
            elif x is None or y < x:
                only_new.append(y)
                y = next(right, None)
            else:
                x, y = next(left, None), next(right, None)
    return {_parsed(line) for line in only_old}, {_parsed(line) for line in only_new}


def _sorted_triples(path: Path, folder: Path) -> Iterator[str]:
    lines = ExternalSort(folder, unique=True)
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True):
        lines.add(str(quad.triple))
    return iter(lines)


def _parsed(line: str) -> ox.Quad:
    return next(iter(ox.parse((line + " .\n").encode(), format=ox.RdfFormat.N_TRIPLES)))


def _difference_of_builds(old: Path, new: Path) -> tuple[set[ox.Quad], set[ox.Quad]]:
    only_old: set[ox.Quad] = set()
    only_new: set[ox.Quad] = set()
    old_blocks, new_blocks = _blocks(old), _blocks(new)
    a, b = next(old_blocks, None), next(new_blocks, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            only_old.update(_triple(q) for q in a[1])
            a = next(old_blocks, None)
        elif a is None or b[0] < a[0]:
            only_new.update(_triple(q) for q in b[1])
            b = next(new_blocks, None)
        else:
            _merge(_checked(a[1], old), _checked(b[1], new), only_old, only_new)
            a, b = next(old_blocks, None), next(new_blocks, None)
    return only_old - only_new, only_new - only_old


def _checked(quads: Iterator[ox.Quad], path: Path) -> Iterator[tuple[str, ox.Quad]]:
    """Each quad with its line, the lines checked to be in the order the build sorts them."""
    last = ""
    for quad in quads:
        line = str(quad)
        if line < last:
            raise NotSorted(path)
        last = line
        yield line, quad


def _merge(left: Iterator[tuple[str, ox.Quad]], right: Iterator[tuple[str, ox.Quad]],
           only_left: set[ox.Quad], only_right: set[ox.Quad]) -> None:
    """Two sorted runs of lines side by side: what each has that the other has not."""
    x, y = next(left, None), next(right, None)
    while x is not None or y is not None:
        if y is None or (x is not None and x[0] < y[0]):
            only_left.add(_triple(x[1]))
            x = next(left, None)
        elif x is None or y[0] < x[0]:
            only_right.add(_triple(y[1]))
            y = next(right, None)
        else:
            x, y = next(left, None), next(right, None)


def _triple(quad: ox.Quad) -> ox.Quad:
    return ox.Quad(quad.subject, quad.predicate, quad.object)


def context(path: Path, subjects: set) -> tuple[list[ox.Quad], set]:
    """Every statement of the file about one of `subjects`, and the IRIs they point to."""
    found = [_triple(q) for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS,
                                          lenient=True) if q.subject in subjects]
    return found, {q.object for q in found if isinstance(q.object, ox.NamedNode)}


def load_difference(store: ox.Store, old: Path, new: Path, old_graph: ox.NamedNode,
                    new_graph: ox.NamedNode) -> None:
    """The difference of two sorted builds and its context, each version in its graph."""
    only_old, only_new = difference(old, new)
    touched = {q.subject for q in only_old | only_new}
    for path, graph, own in ((old, old_graph, only_old), (new, new_graph, only_new)):
        store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in own)
        seen, frontier = set(), touched
        for _ in range(CONTEXT_STEPS):
            about, pointed = context(path, frontier)
            store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in about)
            seen |= frontier
            frontier = pointed - seen
