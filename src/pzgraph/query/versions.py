"""Two versions of the graph for a comparison query, without loading either whole.

Two builds (build/cache.py: graph by graph, each graph's lines sorted) or two releases (sorted
by whole lines) are read side by side in large blocks (query/line_diff.py): a stretch both
files share costs a memcmp, and only where they differ are lines split, merged and parsed. So
time is linear in the files' size and memory holds the difference, not the landscape (at 100x
national scale both versions parsed whole took ~16 GB). The comparison query then runs over the
difference and its context: every statement, in either version, about a subject the
difference touches, and about what those point to, two steps on (labels, schemes, notations),
picked from the files by their subject's text (a build writes each term as pyoxigraph prints
it). A record is identified by its IRI (docs/iri-policy.md), so a change to a record is a
difference under its own subject. Every line one file has and the other has not is among the
changed lines, so past the first step the two versions agree on every subject still wanted:
one file is read for both. Nothing changed: no context is read at all. N-Quads in no such order
are compared after their statements are sorted on disk (release/external_sort.py): n log n
instead of linear, but memory still holds only the difference. Another format is loaded whole.

A difference that touches most of the landscape (an edit of every network's file) has most of
both versions as its context: past `MEMORY_QUADS` statements of context (or `MEMORY_LINES`
changed lines) both versions go whole into an on-disk store in a temporary folder instead, so
memory stays bounded at any scale; the answer is the same (the context only leaves out what
the comparison queries never reach).

The footing column `zekerheid` (query/footing.py) of a row also weighs the relations with
evidence that point AT the row's records (another membership of the same member and network),
so the context also holds what points at the records among the changed subjects and what they
point to, with those statements' own context: as many more statements as those records have
relations (a network's memberships), not the landscape.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..release.external_sort import ExternalSort
from . import line_diff
from .line_diff import NotSorted, TooLarge

__all__ = ["NotSorted", "TooLarge", "difference", "load_difference", "whole_on_disk"]

# How far from a changed subject its context reaches: its statements, what they point to (a
# network, a concept: labels, notation, scheme) and what that points to (the scheme's label).
CONTEXT_STEPS = 3
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CONCEPT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
FOOTING = ox.NamedNode("https://w3id.org/pzgraph/def#zekerheid")
# Past this many statements of context (~400 bytes each in an in-memory store, at most), or
# this many changed lines, the versions are compared whole in an on-disk store: slower (the
# store is written first), so only where memory would not do. An edit of every network's
# graph (benchmarks/export_scale.py) has ~240,000 statements of context at 1x, ~2.4 million
# at 10x (1.1 GB in memory), ~24 million at 100x.
MEMORY_QUADS = 4_000_000
MEMORY_LINES = 1_000_000
# Statements written to the on-disk store at a time (~100 MB of the loader's memory per 50,000)
DISK_PART = 200_000
# Lines parsed at a time when only some lines of a file are wanted.
BATCH = 20_000


def _parsed(lines: Iterable[bytes], fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS
            ) -> Iterator[ox.Quad]:
    """The statements of some lines of a file, as triples in the default graph."""
    batch: list[bytes] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= BATCH:
            yield from _triples_of(batch, fmt)
            batch = []
    yield from _triples_of(batch, fmt)


def _triples_of(lines: list[bytes], fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    if lines:
        data = b"\n".join(line.rstrip(b"\r\n") for line in lines) + b"\n"
        yield from map(_triple, ox.parse(data, format=fmt))


def difference(old: Path, new: Path, limit: int | None = None
               ) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """The statements only in `old` and only in `new`, as triples in the default graph (a
    statement that moved to another graph is in both and cancels out): side by side when both
    are sorted (two builds, or two releases), else after sorting each file's triples on disk.
    More than `limit` changed lines raise TooLarge."""
    try:
        left, right = line_diff.changed_lines_any_order(old, new, limit)
    except NotSorted:
        return _difference_sorted_on_disk(old, new, limit)
    only_old, only_new = _triples(_statements(left)[0]), _triples(_statements(right)[0])
    removed, added = only_old - only_new, only_new - only_old
    # compared line by line: a statement gone from one of two graphs it stood in is still
    # in the other, and as a triple nothing changed
    return (removed - _still_in(new, removed), added - _still_in(old, added))


def _merged(left: Iterator, right: Iterator, limit: int | None) -> tuple[list, list]:
    """Two sorted streams side by side: what each has that the other has not."""
    only_left: list = []
    only_right: list = []
    x, y = next(left, None), next(right, None)
    while x is not None or y is not None:
        if y is None or (x is not None and x < y):
            only_left.append(x)
            x = next(left, None)
        elif x is None or y < x:
            only_right.append(y)
            y = next(right, None)
        else:
            x, y = next(left, None), next(right, None)
            continue
        if limit is not None and len(only_left) + len(only_right) > limit:
            raise TooLarge(f"more than {limit:,} statements changed")
    return only_left, only_right


def _statements(lines: list[bytes]) -> tuple[list[ox.Quad], bool]:
    """The statements of some lines of a file, and whether each line is written as pyoxigraph
    writes it (a build, a release): then the statements about a subject are found by text."""
    quads: list[ox.Quad] = []
    canonical = True
    for start in range(0, len(lines), BATCH):
        batch = [line.rstrip(b"\r") for line in lines[start:start + BATCH]]
        parsed = list(ox.parse(b"\n".join(batch) + b"\n", format=ox.RdfFormat.N_QUADS))
        canonical = canonical and len(parsed) == len(batch) and all(
            f"{quad} .".encode() == line for quad, line in zip(parsed, batch, strict=True))
        quads += parsed
    return quads, canonical


def _triples(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    return set(map(_triple, quads))


def _still_in(path: Path, triples: set[ox.Quad]) -> set[ox.Quad]:
    """Those of `triples` that the build at `path` states in any graph."""
    if not triples:
        return set()
    return triples & set(_about(path, {t.subject for t in triples}, by_text=True))


def _difference_sorted_on_disk(old: Path, new: Path, limit: int | None = None
                               ) -> tuple[set[ox.Quad], set[ox.Quad]]:
    with tempfile.TemporaryDirectory(prefix="pzgraph-versions-") as folder:
        left, right = (_sorted_triples(path, Path(folder)) for path in (old, new))
        only_old, only_new = _merged(left, right, limit)
    return (set(_parsed((x.encode() for x in only_old), ox.RdfFormat.N_TRIPLES)),
            set(_parsed((y.encode() for y in only_new), ox.RdfFormat.N_TRIPLES)))


def _sorted_triples(path: Path, folder: Path) -> Iterator[str]:
    lines = ExternalSort(folder, unique=True)
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True):
        lines.add(f"{quad.triple} .")
    return iter(lines)


def _triple(quad: ox.Quad) -> ox.Quad:
    return ox.Quad(quad.subject, quad.predicate, quad.object)


def _about(path: Path, subjects: set, by_text: bool) -> Iterator[ox.Quad]:
    """Every statement of the file about one of `subjects`. A build (`by_text`) writes each
    term as pyoxigraph prints it, so its lines are picked by their first term's text and only
    those are parsed; another file is parsed whole."""
    if not subjects:
        return
    if not by_text:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True):
            if quad.subject in subjects:
                yield _triple(quad)
        return
    yield from _parsed(line_diff.lines_about(path, {str(subject).encode() for subject in subjects}))


def load_difference(store: ox.Store, old: Path, new: Path, old_graph: ox.NamedNode,
                    new_graph: ox.NamedNode) -> ox.Store:
    """The difference of two sorted builds and its context, each version in its graph, in
    `store`; the store to query (an on-disk one when the context is too large: TooLarge).

    The context is followed from the same things in both versions (what either version points
    to): followed per version, a thing that only the new version reaches through a changed
    statement was read from the new file alone, and its unchanged statements read as added."""
    try:
        _fill(store, old, new, old_graph, new_graph)
        return store
    except TooLarge:
        store.clear()
        return whole_on_disk(((old, old_graph), (new, new_graph)))


def _fill(store: ox.Store, old: Path, new: Path, old_graph: ox.NamedNode,
          new_graph: ox.NamedNode) -> None:
    """The context of the changed lines from both versions. A line found changed that the
    other version holds elsewhere (another graph; a file out of order) only adds context that
    is the same in both versions: the comparison is unchanged by it."""
    try:
        left, right = line_diff.changed_lines_any_order(old, new, MEMORY_LINES)
        (only_old, plain_old), (only_new, plain_new) = _statements(left), _statements(right)
        changed, by_text = _triples(only_old) | _triples(only_new), plain_old and plain_new
    except NotSorted:
        removed, added = _difference_sorted_on_disk(old, new, MEMORY_LINES)
        changed, by_text = removed | added, False
    # Every line one version has and the other has not is among the changed lines (a line is
    # only ever paired with an equal one), so a subject none of them is about has the same
    # statements in both versions: past the first step, one version is read for both graphs.
    versions = [(old, (old_graph,)), (new, (new_graph,))]
    both = [(new, (old_graph, new_graph))]
    seen: set = set()
    frontier = {q.subject for q in changed}
    # The footing column (query/footing.py) of a row also weighs the relations with evidence
    # that point AT the row's entities (another membership of the same member and network)
    # and the records those point to (evidence, footing): the entities a row may show are the
    # changed subjects and what they point to; what points at them is unchanged (a changed
    # line's subject is read already), so it is read from one version for both, in the last
    # step's pass. Their statements, what points at them (the record that holds a coverage
    # link is one of its ends) and what they point to follow, as far as the context reaches.
    count, pointing = _follow(store, versions, both, frontier, seen, by_text, 0,
                              pointed=lambda shown: _records(store, shown))
    _follow(store, both, both, pointing, seen, by_text, count, incoming=True)


def _records(store: ox.Store, shown: set) -> set:
    """Those of `shown` that are records (with a footing of their own) and no concept: a
    concept (a role) is no record end of a relation (footing.RECORD_ENDS), and every
    membership of the landscape points at its role, as every record of a kind at its class."""
    records = {q.subject for q in store.quads_for_pattern(None, FOOTING, None, None)}
    concepts = {q.subject for q in store.quads_for_pattern(None, TYPE, CONCEPT, None)}
    return (shown & records) - concepts


def _follow(store: ox.Store, first: list, rest: list, frontier: set, seen: set, by_text: bool,
            count: int, incoming: bool = False, pointed: Callable[[set], set] | None = None
            ) -> tuple[int, set]:
    """The statements about `frontier` and what they point to, CONTEXT_STEPS deep: the first
    step read from the versions `first` (each into its graphs), the others from `rest`. With
    `incoming` the first step also reads what points at `frontier`. With `pointed`, the last
    step also finds what points at `pointed(shown)` (shown: the entities of the first two
    steps, those a row may show). Gives the count of statements added and what was found
past the first two steps."""
    versions = first
    shown: set = set()
    pointers: dict = {}
    for step in range(CONTEXT_STEPS):
        reached: set = set()
        objects: set = frontier if incoming and step == 0 else set()
        if pointed is not None and step == CONTEXT_STEPS - 1:
            objects = pointed(shown)
        for path, graphs in versions:
            batch: list[ox.Quad] = []
            for q in _linked(path, frontier, objects, by_text):
                if not incoming and q.object in objects:  # points at what a row shows
                    pointers.setdefault(q.subject, set()).add(q.object)
                    if q.subject not in frontier:
                        continue
                batch += [ox.Quad(q.subject, q.predicate, q.object, graph) for graph in graphs]
                if isinstance(q.object, ox.NamedNode):
                    reached.add(q.object)
                if q.subject not in frontier:  # points at the frontier: read it next step
                    reached.add(q.subject)
                if len(batch) >= BATCH:
                    count = _added(store, batch, count)
                    batch = []
            count = _added(store, batch, count)
        if step < 2:
            shown |= frontier
        seen |= frontier
        frontier = reached - seen
        versions = rest
    # a relation weighs on a row only when it links two of the row's entities and the row
    # shows all its records: what points at one record alone (a network's other memberships)
    # weighs on no row. One of the last step's subjects is followed further.
    return count, {subject for subject, records in pointers.items()
                   if len(records) > 1} - shown


def _linked(path: Path, subjects: set, objects: set, by_text: bool) -> Iterator[ox.Quad]:
    """The statements about `subjects`, and those pointing at `objects`."""
    if not objects:
        yield from _about(path, subjects, by_text)
    elif by_text:
        yield from _parsed(line_diff.lines_linked(
            path, {str(s).encode() for s in subjects}, {str(o).encode() for o in objects}))
    else:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True):
            if quad.subject in subjects or quad.object in objects:
                yield _triple(quad)


def _added(store: ox.Store, batch: list[ox.Quad], count: int) -> int:
    """`count` statements were in the store: add `batch`, refuse past MEMORY_QUADS."""
    store.extend(batch)
    count += len(batch)  # a statement read twice counts twice: an upper bound
    if count > MEMORY_QUADS:
        raise TooLarge(f"more than {MEMORY_QUADS:,} statements of context")
    return count


def whole_on_disk(versions: Iterable[tuple[Path, ox.NamedNode]]) -> ox.Store:
    """Each version (N-Quads) whole in its graph, in an on-disk store in a temporary
    folder removed when the process ends: the plain comparison, in bounded memory."""
    folder = tempfile.mkdtemp(prefix="pzgraph-versions-")
    atexit.register(shutil.rmtree, folder, True)
    store = ox.Store(folder)
    for path, graph in versions:
        quads = (ox.Quad(q.subject, q.predicate, q.object, graph)
                 for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True))
        # in parts: the bulk loader holds what it is given (2 GB for 5 million statements)
        while part := list(itertools.islice(quads, DISK_PART)):
            store.bulk_extend(part)
    return store
