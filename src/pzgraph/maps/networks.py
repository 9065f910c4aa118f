"""A network found by what someone typed: its id, short id, name or other name; when none
matches, a Dutch message that names the closest networks (as query parameters do)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from ..errors import PzgraphError
from .facts import short

if TYPE_CHECKING:
    from .facts import Facts


class UnknownNetwork(PzgraphError, LookupError):
    """A network the graph does not know, named with the closest ones (by id, name or part of
    either), as the query parameters do; all of them when nothing is close."""

    def __init__(self, given: str, valid: list[tuple[str, str]]):
        self.given, self.valid = given, valid
        close = _closest(given, valid)
        listing = "\n".join(f"  {key.removeprefix('netwerk/')}  ({label})"
                            for key, label in (close or valid))
        intro = ("Bedoelt u een van deze?" if close else
                 "De netwerken die pzgraph kent:")
        super().__init__(f"onbekend netwerk '{given}'. {intro}\n{listing}\n"
                         "Geef de id (bijvoorbeeld noordwest-utrecht) of de naam van het netwerk.")


def _closest(given: str, valid: list[tuple[str, str]]) -> list[tuple[str, str]]:
    import difflib

    key = _fold(short(given.strip()))
    found = [(k, label) for k, label in valid
             if key and (key in _fold(k) or key in _fold(label))]
    names = {_fold(k.removeprefix("netwerk/")): (k, label) for k, label in valid}
    names.update({_fold(label): (k, label) for k, label in valid})
    for match in difflib.get_close_matches(key, list(names), 5, 0.6):
        if names[match] not in found:
            found.append(names[match])
    return found[:8]


def find_network(facts: Facts, wanted: str) -> str:
    """A network by id (`noordwest-utrecht`, `netwerk/noordwest-utrecht`), name or other name."""
    networks = facts.of_kind("netwerk")
    key = _fold(short(wanted.strip()))
    for network in networks:
        names = [network, network.removeprefix("netwerk/"), facts.label(network),
                 *facts.alt_labels.get(network, [])]
        if key in {_fold(name) for name in names}:
            return network
    raise UnknownNetwork(wanted, [(n, facts.label(n)) for n in networks])


def _fold(text: str) -> str:
    """Case, accents and spacing do not matter when someone types a name."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())
