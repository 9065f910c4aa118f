"""The evidence a map shows: read from the store for the things shown, and how it is worded
(why a line is dashed, its footing; a source's name)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..glossary import site_title
from ..vocab import PZ, entity_iri
from ..vocab import short_id as short

EVIDENCE = ox.NamedNode(PZ + "evidence")
FIELDS = {"http://purl.org/dc/terms/source": "source", PZ + "quote": "quote",
          PZ + "curatorJudgement": "judgement", PZ + "locator": "locator",
          PZ + "zekerheid": "verification",
          # An item that bears on one link of its record only (data/README.md "Footing"):
          # the map draws that link with the item's footing.
          PZ + "covers": "covers"}
# Things; for more, the evidence links of the whole graph are read in one pass and picked
# (one pass over 210,000 at 10x takes half the time of 145,000 look-ups).
LOOK_UP_MAX = 2000

FIRM = {"citaat", "bevestigd"}  # footings (pz:zekerheid, by their Dutch label) of a solid line
WHY = {"oordeel": "oordeel van de curator, geen citaat", "onbevestigd": "nog niet bevestigd",
       "voorstel": "voorstel van de curator, nog niet vastgesteld"}


ORDER = ["citaat", "bevestigd", *WHY]  # strongest first (the scheme zekerheid)


def footing(evidence: list[dict[str, str]]) -> str | None:
    """Why a fact is drawn dashed (None when it stands on a quote or a confirmation): the
    one place that decides it, from the footing (pz:zekerheid) of its evidence items, as the
    graph does: the weakest item counts, for a judgement beside a quote says the quote does
    not carry it all; an item that bears on one link only (pz:covers) counts for that link
    alone. An item without a footing counts as a quote when it has one, else as a judgement."""
    own = [e for e in evidence if not e.get("covers")] or evidence
    footings = [e.get("verification") or ("citaat" if "quote" in e else "oordeel") for e in own]
    if not footings:
        return None
    weakest = max(footings, key=lambda f: ORDER.index(f) if f in ORDER else len(ORDER))
    return None if weakest in FIRM else WHY.get(weakest, weakest)


def source_name(source: str) -> str:
    """A seed document is cited by its file name; a web source by its site's name."""
    tail = short(source)
    return tail.removeprefix("bron/") + ".txt" if tail.startswith("bron/") else site_title(source)


def evidence_rows(store: ox.Store, things: Iterable[str]) -> list[dict[str, str]]:
    """The evidence items of these things (short ids), each a row as a query `?thing
    pz:evidence ?e` with each field OPTIONAL gives it: the thing, the item (`e`), and the
    values of FIELDS, one row per combination when a field holds more than one. Read from
    the store's indexes, the item's own statements, not by a query over every item of the
    graph (10x: the query alone took 1.5 s of CPU)."""
    wanted = {entity_iri(thing): thing for thing in things}
    if len(wanted) > LOOK_UP_MAX:
        pairs = ((wanted.get(quad.subject.value), quad.object)
                 for quad in store.quads_for_pattern(None, EVIDENCE, None))
    else:
        pairs = ((thing, quad.object) for iri, thing in wanted.items()
                 for quad in store.quads_for_pattern(ox.NamedNode(iri), EVIDENCE, None))
    rows: list[dict[str, str]] = []
    for thing, item in dict.fromkeys(pair for pair in pairs if pair[0] is not None):
        rows += _rows(store, thing, item)
    return rows


def _rows(store: ox.Store, thing: str, item: ox.Term) -> list[dict[str, str]]:
    found: dict[str, set[ox.Term]] = {}
    if not isinstance(item, ox.Literal):  # a literal says nothing of itself
        for quad in store.quads_for_pattern(item, None, None):
            if key := FIELDS.get(quad.predicate.value):
                found.setdefault(key, set()).add(quad.object)
    row: dict = {"thing": thing, "e": item.value}
    if links := found.pop("covers", None):
        row["covers"] = sorted(link.value.rsplit("#", 1)[-1] for link in links)
    rows = [row]
    for key, terms in found.items():
        if len(terms) == 1:
            value = next(iter(terms)).value
            for row in rows:
                row[key] = value
        else:  # each value its own row, as the query gives them
            rows = [{**row, key: term.value} for row in rows for term in terms]
    return rows
