"""How a map words its evidence: why a line is dashed (its footing), and a source's name."""

from __future__ import annotations

from ..glossary import site_title
from ..vocab import short_id as short

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
