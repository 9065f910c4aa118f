"""How a map words its evidence: why a line is dashed (its footing), and a source's name."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..glossary import site_title
from ..vocab import short_id as short

if TYPE_CHECKING:
    from ..query.store import KnowledgeGraph

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
