"""The release's statements, read from the build's cache in one pass and sorted on disk in
the orders its files are written in, so that no file needs the whole graph in memory.

    nq       every quad as an N-Quads line, the lines in byte order: pzgraph.nq itself
    nt       every triple of the union once, N-Triples lines in byte order: pzgraph.nt itself
    dataset  every quad, by graph then subject (rdf:type first), predicate, object: TriG, JSON-LD
    union    every triple of the union once, in that order: Turtle, RDF/XML, the DL profile,
             void.ttl's counts, the vocabularies' data concepts

The build's cache is rebased on the way (--base). Quads with a blank node are few (OWL
restrictions and lists of the ontology): they are held and canonicalised together, as
`canonical` does, so their labels are those of the in-memory path. The ontology and the
vocabularies are small and kept whole; so is what `prefixes` needs: the namespaces in use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..project import Progress
from ..vocab import RDF_TYPE
from .external_sort import ExternalSort

TYPE = f"<{RDF_TYPE}>"
DEFAULT = str(ox.DefaultGraph())  # what a key calls the default graph: it sorts after "<"
VIEWS = ("nq", "nt", "dataset", "union")
_SEPARATOR = re.compile(r"[/#]")


class Namespaces:
    """Which candidate namespaces the IRIs of a stream start with, and the id types under
    `id_base` (netwerk/, gemeente/, ...): what `Release.prefixes` finds in a list, gathered
    one IRI at a time. A namespace ends with "/" or "#", so an IRI starts with it exactly
    when the IRI's stem (up to its last "/" or "#") does; each stem is checked once."""

    def __init__(self, candidates: Iterable[str], id_base: str) -> None:
        self.candidates = frozenset(candidates)
        self.id_base = id_base
        self.used: set[str] = set()
        self.kinds: set[str] = set()
        self._stems: set[str] = set()

    def add(self, iri: str) -> None:
        if iri.startswith(self.id_base):
            rest = iri[len(self.id_base):]
            if "/" in rest:
                self.kinds.add(rest.split("/", 1)[0])
        stem = iri[:max(iri.rfind("/"), iri.rfind("#")) + 1]
        if stem in self._stems:
            return
        if len(self._stems) > 500_000:  # a cache: checking a stem again changes nothing
            self._stems.clear()
        self._stems.add(stem)
        for match in _SEPARATOR.finditer(stem):
            prefix = stem[:match.end()]
            if prefix in self.candidates:
                self.used.add(prefix)

    def term(self, term: object) -> None:
        if isinstance(term, ox.NamedNode):
            self.add(term.value)
        elif isinstance(term, ox.Literal):
            self.add(term.datatype.value)

    def triple(self, triple: ox.Triple | ox.Quad) -> None:
        self.term(triple.subject)
        self.term(triple.predicate)
        self.term(triple.object)


def union_key(s: str, p: str, o: str) -> str:
    """`formats.triple_key` as one string that sorts the same: no term holds a NUL."""
    return f"{s}\0{'0' if p == TYPE else '1'}\0{p}\0{o}"


def triple_line(key: str) -> str:
    s, _, p, o = key.split("\0", 3)
    return f"{s} {p} {o} ."


def dataset_line(key: str) -> str:
    g, rest = key.split("\0", 1)
    s, _, p, o = rest.split("\0", 3)
    return f"{s} {p} {o} ." if g == DEFAULT else f"{s} {p} {o} {g} ."


def has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


class Sorter:
    """The views asked for, filled quad by quad and written to files in `folder`."""

    def __init__(self, folder: Path, views: Iterable[str]) -> None:
        self.folder = folder
        self.sorts = {view: ExternalSort(folder, unique=True) for view in views}
        self.graph_sizes: dict[str, int] = {}

    def add(self, quad: ox.Quad) -> None:
        s, p, o = str(quad.subject), str(quad.predicate), str(quad.object)
        g = str(quad.graph_name)
        sorts = self.sorts
        if "nq" in sorts:
            sorts["nq"].add(f"{s} {p} {o} ." if g == DEFAULT else f"{s} {p} {o} {g} .")
        if "nt" in sorts:
            sorts["nt"].add(f"{s} {p} {o} .")
        if "dataset" in sorts or "union" in sorts:
            key = union_key(s, p, o)
            if "dataset" in sorts:
                sorts["dataset"].add(f"{g}\0{key}")
                self.graph_sizes[g] = self.graph_sizes.get(g, 0) + 1
            if "union" in sorts:
                sorts["union"].add(key)

    def write(self, progress: Progress) -> tuple[dict[str, Path], dict[str, int]]:
        """Each view as a file of lines; the number of lines of each."""
        paths, counts = {}, {}
        line_of = {"dataset": dataset_line, "union": triple_line}
        for view, lines in self.sorts.items():
            progress(f"sorting the release's statements ({view})")
            path = self.folder / f"{view}.{'nq' if view in ('nq', 'dataset') else 'nt'}"
            convert = line_of.get(view)
            count = 0
            with path.open("w", encoding="utf-8", newline="\n") as out:
                for line in lines:
                    out.write((convert(line) if convert else line) + "\n")
                    count += 1
            paths[view], counts[view] = path, count
        self.sorts = {}
        return paths, counts


def read_quads(path: Path) -> Iterator[ox.Quad]:
    return iter(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True))


def read_triples(path: Path) -> Iterator[ox.Triple]:
    return (q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES,
                                       lenient=True))


def sorted_triples(triples: Iterable[ox.Triple], folder: Path, name: str,
                   namespaces: Namespaces | None = None) -> Path:
    """`triples` each once in `formats.triple_key` order, as an N-Triples file in `folder`."""
    sort = ExternalSort(folder, unique=True)
    for t in triples:
        if namespaces is not None:
            namespaces.triple(t)
        sort.add(union_key(str(t.subject), str(t.predicate), str(t.object)))
    path = folder / name
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(triple_line(key) + "\n" for key in sort)
    return path
