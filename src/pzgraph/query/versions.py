"""Two versions of the graph for a comparison query, without loading either whole.

Both builds are sorted N-Quads (build/cache.py: graph by graph in IRI order, each graph's
lines sorted), so their difference is found by reading them side by side as streams of lines,
comparing the text and parsing only the lines that differ: memory holds the difference, not
the landscape (at 100x national scale both versions parsed whole took ~16 GB). The comparison
query then runs over the difference and its context: every statement, in either version, about
a subject the difference touches, and about what those point to, two steps on (labels,
schemes, notations). A record is identified by its IRI (docs/iri-policy.md), so a change to a
record is a difference under its own subject. N-Quads in another order (a release's pzgraph.nq
is sorted by whole lines, across graphs) are compared the same way after their statements are
sorted on disk (release/external_sort.py): n log n instead of linear, but memory still holds
only the difference. Another format is loaded whole.

A difference that touches most of the landscape (an edit of every network's file) has most of
both versions as its context: past `MEMORY_QUADS` statements of context (or `MEMORY_LINES`
changed lines) both versions go whole into an on-disk store in a temporary folder instead, so
memory stays bounded at any scale; the answer is the same (the context only leaves out what
the comparison queries never reach).
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import QueryError
from ..release.external_sort import ExternalSort

# How far from a changed subject its context reaches: its statements, what they point to (a
# network, a concept: labels, notation, scheme) and what that points to (the scheme's label).
CONTEXT_STEPS = 3
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


MAX_LINE = 16 * 2**20  # bytes: a statement of a build is far shorter


class NotSorted(Exception):
    """The file is not sorted N-Quads as pzgraph writes them: compare it the plain way."""


class TooLarge(Exception):
    """The difference or its context is too large to hold in memory."""


def bounded_lines(stream: BinaryIO, path: Path) -> Iterator[bytes]:
    """The file's lines; a line longer than any statement a build writes is refused before
    it is held whole (hostile review s8 #18: a 20 GB file without a line break)."""
    for number in itertools.count(1):
        line = stream.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) > MAX_LINE:
            raise QueryError(f"{path}: line {number} is longer than {MAX_LINE // 2**20} MiB; "
                             "this is no N-Quads file pzgraph writes. Give a build's "
                             "pzgraph.nq (or a release folder)")
        yield line


def _graph_of(line: bytes) -> bytes:
    """The text of a line's graph name (its last IRI); b"" when the line ends otherwise.
    A line of the default graph whose object is an IRI gives that IRI: the key is only used
    to check the order and to merge, and a file in another order is found out (NotSorted)."""
    if line.endswith(b"> ."):
        return line[line.rfind(b" <", 0, len(line) - 3) + 1:-2]
    return b""


def _sorted_lines(path: Path) -> Iterator[tuple[bytes, bytes]]:
    """Each line of the file as (its graph, the line), checked to be in a build's order:
    graph by graph, each graph's lines sorted. A line repeated is given once."""
    previous = (b"", b"")
    with path.open("rb") as stream:
        for raw in bounded_lines(stream, path):
            line = raw.rstrip(b"\r\n")
            if not line or line.startswith(b"#"):
                continue
            key = (_graph_of(line), line)
            if key <= previous:
                if key == previous:
                    continue
                raise NotSorted(path)
            previous = key
            yield key


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
    statement that moved to another graph is in both and cancels out): graph by graph when
    both are sorted builds, else after sorting each file's triples on disk. More than `limit`
    changed lines raise TooLarge."""
    try:
        return _difference_of_builds(old, new, limit)
    except NotSorted:
        return _difference_sorted_on_disk(old, new, limit)


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


def _difference_of_builds(old: Path, new: Path, limit: int | None = None
                          ) -> tuple[set[ox.Quad], set[ox.Quad]]:
    left, right = _merged(_sorted_lines(old), _sorted_lines(new), limit)
    only_old = set(_parsed(line for _, line in left))
    only_new = set(_parsed(line for _, line in right))
    removed, added = only_old - only_new, only_new - only_old
    # compared graph by graph: a statement gone from one of two graphs it stood in is still
    # in the other, and as a triple nothing changed
    return (removed - _still_in(new, removed), added - _still_in(old, added))


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
    if not by_text:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True):
            if quad.subject in subjects:
                yield _triple(quad)
        return
    wanted = {str(subject).encode() for subject in subjects}
    with path.open("rb") as stream:
        yield from _parsed(line for line in bounded_lines(stream, path)
                           if line[:line.find(b" ")] in wanted)


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
    try:
        only_old, only_new = _difference_of_builds(old, new, MEMORY_LINES)
        by_text = True
    except NotSorted:
        only_old, only_new = _difference_sorted_on_disk(old, new, MEMORY_LINES)
        by_text = False
    versions = ((old, old_graph, only_old), (new, new_graph, only_new))
    for _path, graph, own in versions:
        store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in own)
    count = len(only_old) + len(only_new)
    seen: set = set()
    frontier = {q.subject for q in only_old | only_new}
    for _ in range(CONTEXT_STEPS):
        reached: set = set()
        for path, graph, _own in versions:
            batch: list[ox.Quad] = []
            for q in _about(path, frontier, by_text):
                batch.append(ox.Quad(q.subject, q.predicate, q.object, graph))
                if isinstance(q.object, ox.NamedNode):
                    reached.add(q.object)
                if len(batch) >= BATCH:
                    count = _added(store, batch, count)
                    batch = []
            count = _added(store, batch, count)
        seen |= frontier
        frontier = reached - seen


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
