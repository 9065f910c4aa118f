"""Coverage links: the Kwaliteitskader domain, PN-raad recommendation, kernthema, actielijn,
intervention ... a sentence names, by number ("domein 2.3", "aanbeveling 4") or by label.
"""

from __future__ import annotations

import re

from .gazetteer import COVERAGE_SCHEMES, Gazetteer
from .matching import Mention, in_address
from .text import Sentence

_DOMAIN = re.compile(r"\b(?:[Dd]omein|[Kk]waliteitskader(?: PZ)?|[Ss]ubdomein)\D{0,30}?"
                     r"\b(2\.(?:10|[1-9])|10|[1-9])\b(?![.,]\d)")
_RECOMMENDATION = re.compile(r"\b[Aa]anbeveling(?:en)?\s+(?:nr\.?\s*)?([1-8])\b")
# One-word labels ("Deskundigheid", "Wegwijzer") name a concept only in their own context.
_CONTEXT = {
    "pnraad": re.compile(r"pn-?raad|patiënten\s*naasten|aanbeveling", re.I),
}


def heading_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The line [start, end) stands on, when it reads as a heading ("Domein 2.3 …")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].strip()
    if line and len(line) <= 120 and not line.endswith((".", ",", ";")):
        return line_start, line_end
    return None


def concepts_in(sentence: Sentence, text: str, mentions: list[Mention],
                gazetteer: Gazetteer) -> list[tuple[str, int, int, float]]:
    """(concept, start, end, confidence) for each concept the sentence names."""
    out: list[tuple[str, int, int, float]] = []
    body = text[sentence.start:sentence.end]
    for match in _DOMAIN.finditer(body):
        concept = f"kwaliteitskader/{match.group(1)}"
        if concept in gazetteer.entries and not in_address(text, sentence.start + match.start()):
            out.append((concept, sentence.start + match.start(), sentence.start + match.end(), 0.9))
    for match in _RECOMMENDATION.finditer(body):
        if _CONTEXT["pnraad"].search(body):
            out.append((f"pnraad/{match.group(1)}", sentence.start + match.start(),
                        sentence.start + match.end(), 0.8))
    for mention in mentions:
        if not (sentence.start <= mention.start and mention.end <= sentence.end):
            continue
        for concept in mention.ids:
            scheme = concept.split("/", 1)[0]
            if scheme not in COVERAGE_SCHEMES or "/" not in concept:
                continue
            one_word = " " not in mention.name
            context = _CONTEXT.get(scheme)
            if one_word and context and not context.search(body):
                continue
            confidence = 0.6 if one_word else 0.75
            out.append((concept, mention.start, mention.end, confidence))
    return out
