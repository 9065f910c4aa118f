"""The lines of two sorted N-Quads files that the other file has not, read side by side.

Two versions of a landscape mostly share their text: a build (graph by graph, each graph's
lines sorted) or a release (sorted by whole lines) changes only where the data changed. So
both files are read forward in large blocks and compared a block at a time (one memcmp of the
bytes, no Python work per line); only where the blocks differ are the lines split and merged
one by one, until both files stand on the same line again. Time is linear in the files' size,
memory holds the blocks and the lines that differ.

A line is only ever paired with an equal line of the other file, so a line missing from the
other file is always found; in a file out of order the merge may also give a line the other
file holds elsewhere. That is why the lines are checked to be in order where they are merged
one by one (NotSorted), and why callers take the result as candidates: versions.py keeps a
statement as changed only when the other version does not state it (read by subject).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import QueryError

# Bytes read at a time; the first comparison after a difference is small, then doubles
BLOCK = 2 * 2**20
PROBE = 4096
MAX_LINE = 16 * 2**20  # bytes: a statement of a build is far shorter

Key = Callable[[bytes], object]


class NotSorted(Exception):
    """The file is not in the order asked for: compare it another way."""


class TooLarge(Exception):
    """The difference or its context is too large to hold in memory."""


def graph_of(line: bytes) -> bytes:
    """The text of a line's graph name (its last IRI); b"" when the line ends otherwise.
    A line of the default graph whose object is an IRI gives that IRI: the key is only used
    to check the order and to merge, and a file in another order is found out (NotSorted)."""
    if line.endswith(b"> ."):
        return line[line.rfind(b" <", 0, len(line) - 3) + 1:-2]
    return b""


def build_order(line: bytes) -> tuple[bytes, bytes]:
    """The order of a build's pzgraph.nq (build/cache.py): graph by graph, then the line."""
    return graph_of(line), line


def release_order(line: bytes) -> bytes:
    """The order of a release's pzgraph.nq (release/external_sort.py): the whole line."""
    return line


def too_long(path: Path, offset: int) -> QueryError:
    return QueryError(f"{path}: the line at byte {offset:,} is longer than "
                      f"{MAX_LINE // 2**20} MiB; "
                      "this is no N-Quads file pzgraph writes. Give a build's pzgraph.nq "
                      "(or a release folder)")


class Reader:
    """A file read forward: `data[pos:]` is read and not yet consumed. `last` is the last
    line consumed (to check the order and to give a repeated line once)."""

    def __init__(self, stream: BinaryIO, path: Path, key: Key) -> None:
        self.stream, self.path, self.key = stream, path, key
        self.data, self.pos, self.eof = b"", 0, False
        self.offset = 0  # of data[0] in the file
        self.last: bytes | None = None

    def fill(self, size: int) -> int:
        """Read a block when fewer than `size` bytes wait; how many wait."""
        waiting = len(self.data) - self.pos
        if waiting < size and not self.eof:
            chunk = self.stream.read(max(size - waiting, BLOCK))
            self.eof = not chunk
            self.data = self.data[self.pos:] + chunk if waiting else chunk
            self.offset += self.pos
            self.pos, waiting = 0, len(self.data)
        return waiting

    def at_end(self, size: int) -> bool:
        return self.eof and self.pos + size == len(self.data)

    def skip(self, size: int) -> None:
        """Consume `size` bytes, which end with a newline or the file: whole lines."""
        end = self.pos + size
        stop = end - 1 if self.data[end - 1:end] == b"\n" else end
        start = self.data.rfind(b"\n", self.pos, stop) + 1 or self.pos
        last = self.data[start:stop].rstrip(b"\r")
        if last and not last.startswith(b"#"):
            self.last = last
        self.pos = end

    def line(self) -> bytes | None:
        """The next line (without its line break) in order; None at the end. Empty lines,
        comments and a line repeated are passed over; a line out of order raises NotSorted."""
        while True:
            end = self.data.find(b"\n", self.pos)
            while end < 0 and not self.eof:
                if len(self.data) - self.pos > MAX_LINE:
                    raise too_long(self.path, self.offset + self.pos)
                self.fill(len(self.data) - self.pos + BLOCK)
                end = self.data.find(b"\n", self.pos)
            if end < 0:
                if self.pos >= len(self.data):
                    return None
                end = len(self.data)
            if end - self.pos > MAX_LINE:
                raise too_long(self.path, self.offset + self.pos)
            line = self.data[self.pos:end].rstrip(b"\r")
            self.pos = end + 1
            if not line or line.startswith(b"#") or line == self.last:
                continue
            if self.last is not None and self.key(line) < self.key(self.last):
                raise NotSorted(self.path)
            self.last = line
            return line


def same_bytes(a: Reader, b: Reader, start: int, end: int) -> bool:
    """Whether both readers wait with the same bytes from `start` to `end` (one memcmp: a
    memoryview is compared without being copied)."""
    return a.data.startswith(memoryview(b.data)[b.pos + start:b.pos + end], a.pos + start)


def common_prefix(a: Reader, b: Reader, size: int) -> int:
    """How many of their next `size` bytes both readers share (halving: a memcmp a step)."""
    low, high = 0, size
    while high - low > 64:
        middle = (low + high) // 2
        if same_bytes(a, b, low, middle):
            low = middle
        else:
            high = middle
    while low < high and a.data[a.pos + low] == b.data[b.pos + low]:
        low += 1
    return low


def skip_common(a: Reader, b: Reader) -> None:
    """Consume the whole lines both readers share from where they stand."""
    size = PROBE
    while True:
        n = min(a.fill(PROBE), b.fill(PROBE), size)
        if n == 0:
            return
        same = n if same_bytes(a, b, 0, n) else common_prefix(a, b, n)
        if same == n and a.at_end(n) and b.at_end(n):
            a.skip(n)
            b.skip(n)
            return
        cut = a.data.rfind(b"\n", a.pos, a.pos + same) + 1 - a.pos
        if cut > 0:
            a.skip(cut)
            b.skip(cut)
        if same < n or cut <= 0:
            return
        size = min(2 * size, BLOCK)


def changed_lines(old: Path, new: Path, key: Key, limit: int | None = None
                  ) -> tuple[list[bytes], list[bytes]]:
    """The lines of `old` that `new` has not, and those of `new` that `old` has not, both
    files in the order `key` gives (NotSorted if not). More than `limit` lines: TooLarge."""
    only_old: list[bytes] = []
    only_new: list[bytes] = []
    with old.open("rb") as left, new.open("rb") as right:
        a, b = Reader(left, old, key), Reader(right, new, key)
        x = y = None
        while True:
            if x is None and y is None:  # both files at the same place: skip what they share
                skip_common(a, b)
                x, y = a.line(), b.line()
                if x is None and y is None:
                    return only_old, only_new
            if y is None or (x is not None and key(x) < key(y)):
                only_old.append(x)  # type: ignore[arg-type]
                x = a.line()
            elif x is None or key(y) < key(x):
                only_new.append(y)
                y = b.line()
            else:
                x = y = None
            if limit is not None and len(only_old) + len(only_new) > limit:
                raise TooLarge(f"more than {limit:,} statements changed")


def changed_lines_any_order(old: Path, new: Path, limit: int | None = None
                            ) -> tuple[list[bytes], list[bytes]]:
    """As changed_lines, for two builds or two releases (NotSorted when neither order holds)."""
    try:
        return changed_lines(old, new, build_order, limit)
    except NotSorted:
        return changed_lines(old, new, release_order, limit)


def lines_about(path: Path, wanted: set[bytes]) -> Iterator[bytes]:
    """The lines of the file whose first term's text is in `wanted` (each followed by a space
    in the line). Read in blocks; a block is cut into stretches, one a graph in build order,
    and a stretch that is sorted (checked in C) is searched by halving for each wanted subject;
    another stretch, or one where most lines might be wanted, is filtered a line at a time."""
    prefixes = sorted(subject + b" " for subject in wanted)
    with path.open("rb") as stream:
        rest, offset = b"", 0
        while chunk := stream.read(BLOCK):
            lines = chunk.split(b"\n")  # no copy of the block: the pieces are the lines
            lines[0] = rest + lines[0]
            rest = lines.pop()
            offset += len(chunk)
            if len(rest) > MAX_LINE:
                raise too_long(path, offset - len(rest))
            yield from _wanted_lines(lines, wanted, prefixes)
        yield from _wanted_lines([rest] if rest else [], wanted, prefixes)


def lines_linked(path: Path, subjects: set[bytes], objects: set[bytes]) -> Iterator[bytes]:
    """The lines of the file whose first term's text is in `subjects` or whose third term's
    (the object's) text is in `objects`: what points at them. A block none of a few wanted
    texts occurs in (one memmem each) is passed over without splitting it."""
    texts = [text for text in subjects | objects]
    with path.open("rb") as stream:
        rest = b""
        while chunk := stream.read(BLOCK):
            cut = chunk.rfind(b"\n") + 1
            data, rest = rest + chunk[:cut], chunk[cut:] if cut else rest + chunk
            if not cut:
                if len(rest) > MAX_LINE:
                    raise too_long(path, 0)
                continue
            if len(texts) <= 64 and not any(text in data for text in texts):
                continue
            yield from _linked(data.split(b"\n"), subjects, objects)
        yield from _linked([rest], subjects, objects)


def _linked(lines: list[bytes], subjects: set[bytes], objects: set[bytes]) -> Iterator[bytes]:
    for line in lines:
        terms = line.split(b" ", 3)
        if len(terms) > 2 and (terms[0] in subjects or terms[2] in objects):
            yield line


def _wanted_lines(lines: list[bytes], wanted: set[bytes], prefixes: list[bytes]
                  ) -> list[bytes]:
    """Those of `lines` whose subject is wanted (`prefixes`: each wanted subject and a space,
    sorted)."""
    found: list[bytes] = []
    if len(wanted) * 8 > len(lines):  # most lines might be wanted: one lookup a line
        return [line for line in lines if line[:line.find(b" ")] in wanted]
    for start, end in _stretches(lines):
        stretch = lines[start:end]
        if len(prefixes) * 8 < len(stretch) and stretch == sorted(stretch):
            for prefix in prefixes:
                at = bisect.bisect_left(stretch, prefix)
                while at < len(stretch) and stretch[at].startswith(prefix):
                    found.append(stretch[at])
                    at += 1
        else:
            found += [line for line in stretch if line[:line.find(b" ")] in wanted]
    return found


def _stretches(lines: list[bytes]) -> Iterator[tuple[int, int]]:
    """The block cut where its graph changes (build order: graphs ascending). Any cut gives
    the same lines (each stretch is checked to be sorted before it is searched)."""
    start = 0
    while start < len(lines):
        graph = graph_of(lines[start])
        end = bisect.bisect_right(lines, graph, lo=start, key=graph_of)
        end = end if end > start else len(lines)  # graphs not ascending: the rest at once
        yield start, end
        start = end
