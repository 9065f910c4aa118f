"""The evidence a map shows: read from the store for the things shown, and how it is worded
(why a line is dashed, its footing; a source's name)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..glossary import site_title
from ..vocab import PZ, entity_iri
from ..vocab import short_id as short

if TYPE_CHECKING:
    from ..query.store import KnowledgeGraph

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
WHY = {"genoemd": "genoemd in een brondocument, geen citaat",
       "oordeel": "oordeel van de curator, geen citaat", "onbevestigd": "nog niet bevestigd",
       "voorstel": "voorstel van de curator, nog niet vastgesteld"}


# strongest first (the scheme zekerheid); genoemd is a concept's footing, never an item's
ORDER = ["citaat", "genoemd", "bevestigd", "oordeel", "onbevestigd", "voorstel"]


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


# The curators' notes name things the way curators do (review S7 #9): a document by its number
# ("in 002", "S001"), the reference sheet by its file ("landscape-facts §6"), its status by a
# letter ("[B]"), the evidence in English. A reader gets the document's title and words.
SHEET_NOTE = re.compile(r"\s*\(landscape-facts(?:\s*§\s*\d+)?\)")
SHEET = re.compile(r"landscape-facts(?:\s*§\s*\d+)?")
LETTER = re.compile(r"\s*[\[(]([BVS])[\])]")
DOCUMENT = re.compile(r"(?<![\w.,])S?(0\d\d)(?!\w)")  # 000_….txt is cited as "000"
LETTERS = {"B": " (niet geverifieerd)", "V": " (nagekeken)", "S": ""}


DOCUMENTS = """PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?file ?label WHERE { ?d pz:fileName ?file ; skos:prefLabel ?label
  FILTER(LANG(?label) = "nl") }"""


def document_titles(kg: KnowledgeGraph | None) -> dict[str, str]:
    """The source documents' short titles by the number their file name starts with ("002"),
    as the curators' notes cite them."""
    if kg is None:
        return {}
    return {file.value[:3]: short_title(label.value) for file, label in kg.query(DOCUMENTS)
            if file.value[:3].isdigit()}


def short_title(title: str) -> str:
    """`Jaaroverzicht 2024 Netwerken Palliatieve Zorg ...` → `Jaaroverzicht 2024`: a document
    named the way a note refers to it, without the networks it is about."""
    return re.split(r",| \(| Netwerk", title, maxsplit=1)[0].strip() or title


def plain(text: str, documents: Callable[[], dict[str, str]]) -> str:
    """A curator's note in a reader's words; `documents` gives the titles by number ("002"),
    asked only when the note names one."""
    text = SHEET.sub("het referentieblad", SHEET_NOTE.sub("", text))
    text = text.replace("zie de evidence", "zie het bewijs")

    def letter(match: re.Match) -> str:
        said = "geverifieerd" in text[max(0, match.start() - 80):match.start()]
        return "" if said or match.group(1) == "S" else LETTERS[match.group(1)]

    text = LETTER.sub(letter, text)
    if DOCUMENT.search(text):
        titles = documents()
        text = DOCUMENT.sub(lambda m: f"‘{titles[m.group(1)]}’" if m.group(1) in titles
                            else m.group(0), text)
    return text


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
