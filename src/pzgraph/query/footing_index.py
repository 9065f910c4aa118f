"""Every footing of a store, looked up once: what a resident store holds, so that each
answer reads dictionaries instead of querying (query/resident_server.py). `row` and
`counted` give what `footing.Footings(store, rows)` gives for any row (tests/test_resident.py).

A relation weighs on a row when it is not itself shown, links two entities of the row and
the row shows all its record ends (footing.RECORD_ENDS). So it is kept under one of its
record ends, the one fewest relations link (its anchor: for a membership the member, not the
network or the role): a row finds it there from one of its own entities, and a hub (a role,
a network) carries only the few relations it is the rarest end of. A row thus looks at the
relations anchored at its entities, weakest first, and stops at the first that weighs on it,
or as soon as none is weaker than what the row shows already: no pairs of entities are made
per answer (they were 6.7 million at 10x: 8 s for members). A relation without record ends
(a mapping of two concepts) is kept under each entity it links.

Looking it up takes seconds at national scale, so a resident keeps the looked-up parts beside
the build's on-disk store (`to_bytes`), for the next resident of the same build and code.
"""

from __future__ import annotations

import marshal
from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox

from .footing import OWN, RECORD_ENDS, RELATIONS, add_ends, add_links, add_own

# The ends of every relation with a footing (RECORD_ENDS asks them for given relations)
ALL_RECORD_ENDS = RECORD_ENDS.replace("VALUES ?relation { %s }", "?relation pz:zekerheid ?any .")
FORMAT = "pzgraph-footing-index-1"
# A relation as a row looks at it: its rank, itself, what it links and its record ends
Entry = tuple[int, str, frozenset[str], frozenset[str]]


class FootingIndex:
    def __init__(self, own: dict[str, int], links: dict[str, tuple[int, tuple[str, ...]]],
                 ends: dict[str, set[str]]) -> None:
        self.own, self.links, self.ends = own, links, ends
        # how many relations link each entity: a relation's anchor is its rarest record end
        degree = Counter(entity for _, linked in links.values() for entity in linked)
        self.anchored: dict[str, list[Entry]] = {}
        for relation, (rank, linked) in links.items():
            if len(linked) < 2:  # links no two entities: weighs on no row
                continue
            record_ends = frozenset(ends.get(relation, ()))
            entry = (rank, relation, frozenset(linked), record_ends)
            anchors = [min(record_ends, key=lambda end: (degree[end], end))] if record_ends \
                else linked
            for anchor in anchors:
                self.anchored.setdefault(anchor, []).append(entry)
        for entries in self.anchored.values():
            entries.sort(key=lambda entry: -entry[0])  # the weakest first
        # the weakest anchored at each entity: most rows show no entity with a weaker one
        self.top = {entity: entries[0][0] for entity, entries in self.anchored.items()}

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

    def row(self, row: Iterable[object]) -> int | None:
        """The weakest footing of the row's records and of the relations that weigh on it
        (as footing.Footings.row)."""
        shown = {t.value for t in row if isinstance(t, ox.NamedNode)}
        own, top = self.own, self.top
        weakest = max((own[iri] for iri in shown if iri in own), default=None)
        for entity in shown:
            if entity not in top or (weakest is not None and top[entity] <= weakest):
                continue
            for rank, relation, linked, ends in self.anchored[entity]:
                if weakest is not None and rank <= weakest:
                    break  # none further down is weaker
                if relation not in shown and ends <= shown and len(linked & shown) > 1:
                    weakest = rank
                    break
        return weakest

    def counted(self, row: list, item: int) -> int | None:
        """The footing of the item in column `item`: its record and the relations that link
        it to another entity of the row (as footing.Footings.counted)."""
        term = row[item]
        if not isinstance(term, ox.NamedNode):
            return None
        iri = term.value
        shown = {t.value for t in row if isinstance(t, ox.NamedNode)}
        weakest = self.own.get(iri)
        if iri in self.links:  # the item is itself a relation that links it to the row
            rank, linked = self.links[iri]
            if iri in linked and len(shown.intersection(linked)) > 1:
                weakest = rank if weakest is None else max(weakest, rank)
        top = self.top
        for entity in shown:
            if entity not in top or (weakest is not None and top[entity] <= weakest):
                continue
            for rank, relation, linked, ends in self.anchored[entity]:
                if weakest is not None and rank <= weakest:
                    break
                if (iri in linked and relation not in shown and ends <= shown
                        and len(linked & shown) > 1):
                    weakest = rank
                    break
        return weakest
