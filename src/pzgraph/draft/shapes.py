"""New organisations, recognised by the shape of their names.

"Stichting …", "Hospice …", "Zorggroep …", "… ziekenhuis", "Woonzorgcentrum …": a keyword
and the capitalised words that follow it (or precede it, for hospitals). The type follows
from the keyword. A new name is never merged with a known one: a similar known name (by
rapidfuzz) is only noted beside the proposal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .fold import fold

# keyword → the type its organisations get
KEYWORD_TYPES = {
    "stichting": "Organisation", "hospice": "Hospice", "hospitium": "Hospice",
    "zorggroep": "NursingHomeOrganisation", "woonzorgcentrum": "NursingHomeOrganisation",
    "verpleeghuis": "NursingHomeOrganisation", "zorgcentrum": "NursingHomeOrganisation",
    "thuiszorg": "HomeCareOrganisation", "huisartsenpraktijk": "GPOrganisation",
    "huisartsenzorg": "GPOrganisation", "vptz": "VolunteerOrganisation",
    "ziekenhuis": "Hospital", "gasthuis": "Hospital", "mc": "Hospital",
    "hogeschool": "EducationInstitution", "universiteit": "EducationInstitution",
    "gezond": "RegionalCooperation", "zorgkantoor": "HealthInsurer",
}
_WORD = r"(?:[A-Z][\w'’.&-]*|IJ\w*)"
_JOIN = (r"(?:[ \t]+(?:en|van|de|der|den|het|aan|op|in|'t)[ \t]*\n?[ \t]*|(?<=Sint)[ \t]*\n[ \t]*"
         r"|[ \t]+)")
_AFTER = re.compile(
    r"\b([Ss]tichting|Hospice|Johannes Hospitium|Hospitium|Zorggroep|Woonzorgcentrum|"
    r"Verpleeghuis|Zorgcentrum|Thuiszorg|Huisartsenpraktijk|VPTZ|[Hh]ogeschool|"
    r"[Uu]niversiteit voor|[Gg]ezond|[Zz]orgkantoor)"
    + r"((?:" + _JOIN + _WORD + r"){1,5})")
_HOSPITAL_SAINT = re.compile(r"\b[Zz]iekenhuis[ \t]+((?:[Ss]t\.?|Sint)[ \t]+[A-Z][\w'’-]+)")
_BEFORE = re.compile(r"\b((?:" + _WORD + r"[ \t]+){1,3})(ziekenhuis|Ziekenhuis|Gasthuis|MC)\b")
_LOWER_AFTER_STICHTING = re.compile(
    r"\bStichting[ \t]+((?:palliatieve|terminale|zorg|thuis|hospice|vrijwilligers|en|de|van|"
    r"[A-Z][\w'’-]*)(?:(?:[ \t]+|(?<=[a-z])[ \t]*\n\s*)"
    r"(?:palliatieve|terminale|zorg|thuis|en|de|van|[A-Z][\w'’-]*)){1,5})")
# Words that end a name: the start of a new sentence or a generic noun.
_STOP = {"De", "Het", "Een", "In", "Voor", "Met", "Dit", "Deze", "Zij", "Ook", "En", "Bij",
         "Netwerk", "Netwerken", "Palliatieve", "Zorg"}


@dataclass(frozen=True)
class NameShape:
    start: int
    end: int
    label: str
    type: str


def find_shapes(text: str) -> list[NameShape]:
    found: list[NameShape] = []
    for match in _AFTER.finditer(text):
        words = _trim(match.group(2))
        if not words:
            continue
        keyword = match.group(1)
        label = _clean(keyword[0].upper() + keyword[1:] + " " + words)
        end = match.start(2) + _end_of(match.group(2), words)
        found.append(NameShape(match.start(), end, label, type_of(label)))
    for match in _LOWER_AFTER_STICHTING.finditer(text):
        words = match.group(1).strip()
        if words.split()[0].islower() and any(w[0].isupper() for w in words.split()):
            label = _clean("Stichting " + _trim(words, keep_lower=True))
            if len(label.split()) >= 3:
                found.append(NameShape(match.start(), match.start() + len(match.group()),
                                       label, "Organisation"))
    for match in _HOSPITAL_SAINT.finditer(text):
        label = _clean(match.group(1))
        found.append(NameShape(match.start(1), match.end(1), label[0].upper() + label[1:],
                               "Hospital"))
    for match in _BEFORE.finditer(text):
        words = [w for w in match.group(1).split() if w not in _STOP]
        if not words or words[-1] in _STOP:
            continue
        label = _clean(" ".join(words) + " " + match.group(2))
        found.append(NameShape(match.start(), match.end(), label, "Hospital"))
    # A name inside a longer one from the same start is the same name cut short.
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[NameShape] = []
    for shape in found:
        if kept and kept[-1].start <= shape.start < kept[-1].end:
            continue
        kept.append(shape)
    return kept


def _trim(words: str, keep_lower: bool = False) -> str:
    parts = words.split()
    kept: list[str] = []
    for part in parts:
        if part.endswith("-"):
            break  # a word broken at the line end
        if part in _STOP and (kept or part not in {"De", "Het"}):
            if not kept:
                return ""
            break
        kept.append(part)
    while kept and (kept[-1].islower() and not keep_lower or kept[-1] in {"en", "van", "de"}):
        kept.pop()
    return " ".join(kept)


def _end_of(raw: str, words: str) -> int:
    last = words.split()[-1]
    return raw.rfind(last) + len(last)


def _clean(label: str) -> str:
    return " ".join(label.replace("’", "'").split()).strip(" .,;:")


def similar_known(label: str, known: dict[str, str], cutoff: float = 88) -> str | None:
    """The known id whose name is most like `label` (folded), when close enough."""
    if not known:
        return None
    best = process.extractOne(fold(label), known.keys(), scorer=fuzz.token_sort_ratio,
                              score_cutoff=cutoff)
    return known[best[0]] if best else None


def type_of(label: str) -> str:
    if label.startswith("Gezond "):
        return "RegionalCooperation"
    folded = fold(label).split()
    for word in folded:
        if word in KEYWORD_TYPES and word != "stichting":
            return KEYWORD_TYPES[word]
    return "Organisation"
