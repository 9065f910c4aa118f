"""Names of people, kept out of every quote and label a draft proposes.

The graph models roles, not people. A Dutch de-identification library (deduce) was tried:
it loads for ~10 s (80 s on first use) and takes names of organisations ("Johannes
Hospitium Vleuten") for people while missing "W. Schep". So: a list of common first names
(voornamen.txt) and capitalisation patterns: initials with a surname, a first name with a
surname, a first name glued to a role ("ProjectleiderJolanda"), and a comma-separated list
of such names (authors).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_PARTICLE = r"(?:(?:van|de|der|den|ter|ten|het|in 't|op|la|le|du)\s+)*"
_SURNAME = r"[A-Z][a-zà-ÿ]+(?:[ \t]*[-–][ \t]*(?:" + _PARTICLE + r")?[A-Z][a-zà-ÿ]+)?"
_INITIALS = re.compile(r"\b(?:[A-Z]\.\s?){1,4}" + _PARTICLE + r"[A-Z][a-zà-ÿ]{2,}")
_ROLE = r"(?:leider|coördinator|coordinator|voorzitter|secretaris|ondersteuner|adviseur|arts)"
# Words after a first name that make it the name of an organisation, not a person.
_ORGANISATION_WORDS = re.compile(r"\s*(?:Hospitium|Hospice|Ziekenhuis|Gasthuis|Stichting|Huis|"
                                 r"Zorg|Kliniek|Centrum|School|Stede|Hof|Oord)\b")

_SAINT = re.compile(r"\b(?:Sint|St\.?)[ \t]*[-\n]?[ \t]*\Z")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    text = resources.files(__package__).joinpath("voornamen.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(words)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = "|".join(sorted(map(re.escape, first_names()), key=len, reverse=True))
    full = re.compile(r"\b(?:" + names + r")\b(?:[ \t]*\n?[ \t]*" + _PARTICLE + _SURNAME + r")?")
    glued = re.compile(_ROLE + r"\s*(?:" + names + r")\b", re.IGNORECASE)
    return full, glued


def name_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every personal name found in the text."""
    full, glued = _patterns()
    spans: list[tuple[int, int]] = []
    for match in _INITIALS.finditer(text):
        spans.append(match.span())
    for match in full.finditer(text):
        if _ORGANISATION_WORDS.match(text, match.end()) or _SAINT.search(text, 0, match.start()):
            continue
        spans.append(match.span())
    for match in glued.finditer(text):
        start = match.start() + len(re.match(_ROLE + r"\s*", match.group(), re.I).group())
        spans.append((start, match.end()))
    spans += _name_lists(text, spans)
    return _merge(spans)


def _name_lists(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """In a comma-separated list with two or more names, every item of 2-4 capitalised words
    is a name too (a list of authors)."""
    extra: list[tuple[int, int]] = []
    item = re.compile(r"(?<=,)\s*((?:[A-Z][a-zà-ÿ]+\s+(?:" + _PARTICLE + r")?){1,3}[A-Z][a-zà-ÿ]+)"
                      r"\s*(?=,|$|\n)", re.M)
    for match in item.finditer(text):
        nearby = [s for s in spans if abs(s[0] - match.start()) < 80]
        if len(nearby) >= 2:
            extra.append(match.span(1))
    return extra


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def has_name(text: str) -> bool:
    return bool(name_spans(text))
