"""Every footing of a store, looked up once: what a resident store holds, so that each
answer reads dictionaries instead of querying (query/resident_server.py). `footings(rows)`
gives what `footing.Footings(store, rows)` looks up, for any rows (tests/test_resident.py).

Kept per relation and per entity, not per pair of entities: a record links many things (an
organisation its type, sector, networks, ...), and all their pairs were 6.7 million at 10x;
the pairs are made per answer, among the entities it shows. Looking it up takes seconds at
national scale, so a resident keeps it beside the build's on-disk store (`to_bytes`), for
the next resident of the same build and code.
"""

from __future__ import annotations

import marshal
from collections import Counter
from itertools import chain

import pyoxigraph as ox

from .footing import OWN, RECORD_ENDS, RELATIONS, Footings, add_ends, add_links, add_own

# The ends of every relation with a footing (RECORD_ENDS asks them for given relations)
ALL_RECORD_ENDS = RECORD_ENDS.replace("VALUES ?relation { %s }", "?relation pz:zekerheid ?any .")
FORMAT = "pzgraph-footing-index-1"


class FootingIndex:
    def __init__(self, own: dict[str, int], links: dict[str, tuple[int, tuple[str, ...]]],
                 ends: dict[str, set[str]]) -> None:
        self.own, self.links, self.ends = own, links, ends
        self.by_entity: dict[str, list[str]] = {}
        for relation, (_, linked) in links.items():
            for entity in linked:
                self.by_entity.setdefault(entity, []).append(relation)

    @classmethod
    def of_store(cls, store) -> FootingIndex:
        own: dict[str, int] = {}
        add_own(own, store.query(OWN.replace("VALUES ?node { %s }", ""),
                                 use_default_graph_as_union=True))
        links: dict[str, tuple[int, set[str]]] = {}
        add_links(links, store.query(RELATIONS, use_default_graph_as_union=True))
        ends: dict[str, set[str]] = {}
        add_ends(ends, store.query(ALL_RECORD_ENDS, use_default_graph_as_union=True))
        return cls(own, {relation: (rank, tuple(sorted(linked)))
                         for relation, (rank, linked) in links.items()}, ends)

    def to_bytes(self) -> bytes:
        """marshal: Python's own format for plain values (it runs no code when read)."""
        return marshal.dumps((FORMAT, self.own, self.links, self.ends))

    @classmethod
    def from_bytes(cls, data: bytes) -> FootingIndex | None:
        """The index written by `to_bytes`, or None when `data` is not one (another Python's
        marshal, a damaged file): then it is looked up again."""
        try:
            kind, own, links, ends = marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None
        return cls(own, links, ends) if kind == FORMAT else None

    def footings(self, rows: list[list]) -> Footings:
        shown = {t.value for row in rows for t in row if isinstance(t, ox.NamedNode)}
        # how many shown entities each relation links, counted in C: a relation that links
        # fewer than two links no two entities of a row (most of a hub's, at 10x)
        counts = Counter(chain.from_iterable(self.by_entity.get(e, ()) for e in shown))
        links: dict[str, tuple[int, set[str]]] = {}
        for relation, linking in counts.items():
            if linking > 1:
                rank, linked = self.links[relation]
                links[relation] = (rank, {e for e in linked if e in shown})
        return Footings.from_parts(self.own, links, self.ends)
