"""Finding the gazetteer's names in a plan: one pass of an Aho-Corasick automaton.

Names and text are folded alike (fold.py); a match must stand on word boundaries, and of
overlapping matches the longest wins ("Netwerk Palliatieve Zorg Utrecht-Zuid" over
"Utrecht").
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from .fold import fold_with_offsets
from .gazetteer import Gazetteer


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the original text
    end: int
    ids: tuple[str, ...]
    name: str  # the folded name that matched


class Matcher:
    def __init__(self, gazetteer: Gazetteer):
        self.automaton = ahocorasick.Automaton()
        for name, ids in gazetteer.names().items():
            self.automaton.add_word(name, (name, tuple(sorted(ids))))
        self.automaton.make_automaton()

    def find(self, text: str) -> list[Mention]:
        folded, offsets = fold_with_offsets(text)
        found: list[tuple[int, int, str, tuple[str, ...]]] = []
        for end, (name, ids) in self.automaton.iter(folded):
            start = end - len(name) + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if end + 1 < len(folded) and folded[end + 1].isalnum():
                continue
            found.append((start, end + 1, name, ids))
        # Longest first; drop any match that overlaps one already kept.
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int]] = []
        mentions: list[Mention] = []
        for start, end, name, ids in found:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            if in_address(text, offsets[start]):
                continue
            mentions.append(Mention(offsets[start], offsets[end - 1] + 1, ids, name))
        return sorted(mentions, key=lambda m: m.start)


def in_address(text: str, position: int) -> bool:
    """True inside a web address or file path ("…/leidraad-proactieve-zorgplanning")."""
    start = max(text.rfind(" ", 0, position), text.rfind("\n", 0, position)) + 1
    end_space = [i for i in (text.find(" ", position), text.find("\n", position)) if i >= 0]
    token = text[start:min(end_space) if end_space else len(text)]
    return "://" in token or "www." in token or token.count("/") >= 2
