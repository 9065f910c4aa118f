"""Each data file of the release written as a stream from the sorted views (views.py): the
bytes are those `formats.turtle`, `sorted_lines` and friends give for the whole graph held in
memory, without holding it.

pyoxigraph's serialisers take an iterator and write to a file object as they go, and group
the statements they are given in order (a subject's triples under one subject): the views
give them in that order. What pzgraph does to pyoxigraph's Turtle and TriG afterwards
(`unescaped_names`, `sorted_prefixes`) works line by line, so `TurtleStream` does it on the way.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .formats import FORMATS, Release, unescaped_names
from .jsonld import write_jsonld


class TurtleStream(io.RawIOBase):
    """A binary sink for pyoxigraph's Turtle or TriG: its @prefix lines in name order, and
    every prefixed name that needs an escape as a full IRI (see `unescaped_names`)."""

    def __init__(self, out: BinaryIO, prefixes: dict[str, str]) -> None:
        super().__init__()
        self.out, self.prefixes = out, prefixes
        self.pending = b""
        self.header: list[bytes] | None = []  # None once the @prefix lines are written

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # noqa: ANN001 - bytes-like, as io.RawIOBase.write
        data = bytes(data)
        text = self.pending + data
        cut = text.rfind(b"\n") + 1
        self.pending = text[cut:]
        if cut:
            self._lines(text[:cut].split(b"\n")[:-1])
        return len(data)

    def _lines(self, lines: list[bytes]) -> None:
        if self.header is not None:
            while lines and lines[0].startswith(b"@prefix "):
                self.header.append(lines.pop(0))
            if not lines:
                return
            self.out.write(b"".join(line + b"\n" for line in sorted(self.header)))
            self.header = None
        self.out.write(unescaped_names(b"\n".join(lines) + b"\n", self.prefixes))

    def finish(self) -> None:
        """After the serialiser is done: what is left (the last line has no newline)."""
        if self.header is not None:
            self.out.write(b"".join(line + b"\n" for line in sorted(self.header)))
            self.header = None
        self.out.write(unescaped_names(self.pending, self.prefixes))
        self.pending = b""


def turtle_to(out: BinaryIO, statements: Iterable, fmt: ox.RdfFormat,
              prefixes: dict[str, str]) -> None:
    """Turtle (or TriG) of `statements`, already in `triple_key` order, written to `out`."""
    stream = TurtleStream(out, prefixes)
    ox.serialize(statements, stream, format=fmt, prefixes=prefixes)
    stream.finish()


def write_format(release: Release, key: str, out: BinaryIO) -> None:
    """The file pzgraph.KEY of the bundle, written to `out`."""
    fmt = FORMATS[key]
    if key in ("nq", "nt"):  # the views are these files, byte for byte
        with release.paths[key].open("rb") as data:
            shutil.copyfileobj(data, out, 1 << 20)
    elif fmt.rdf == ox.RdfFormat.JSON_LD:
        write_jsonld(release, out)
    elif fmt.rdf == ox.RdfFormat.TRIG:
        turtle_to(out, release.quads(), fmt.rdf, release.union_prefixes())
    elif fmt.rdf == ox.RdfFormat.RDF_XML:  # element names need prefixes for predicates only
        ox.serialize(release.triples(), out, format=fmt.rdf,
                     prefixes=release.union_prefixes(per_type=False))
    else:
        turtle_to(out, release.triples(), fmt.rdf, release.union_prefixes())


def write_file(release: Release, key: str, path: Path) -> None:
    with path.open("wb") as out:
        write_format(release, key, out)


def render(release: Release, key: str) -> bytes:
    """One file of the bundle as bytes (`pzgraph push` sends it in one request)."""
    out = io.BytesIO()
    write_format(release, key, out)
    return out.getvalue()


# Which views each file is written from (Release.open sorts only those)
NEEDS = {"nq": ("nq",), "nt": ("nt",), "ttl": ("union",), "rdf": ("union",),
         "trig": ("dataset",), "jsonld": ("dataset",)}
