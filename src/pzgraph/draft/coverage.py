"""Coverage links: the Kwaliteitskader domain, PN-raad recommendation, kernthema, actielijn,
intervention ... a sentence names, by number ("domein 2.3", "aanbeveling 4") or by label.
"""

from __future__ import annotations

import re

from .gazetteer import COVERAGE_SCHEMES, Gazetteer
from .matching import Mention, in_address
from .text import Sentence

# "Domein 2.9", "Domein kwaliteitskader 2.1", "Domein Kwaliteitskader PZ 2.4", "subdomein 2.3"
DOMAIN = re.compile(r"\b(?:[Ss]ub)?[Dd]omein(?:\s+[Kk]waliteitskader(?:\s+PZ)?)?\s+"
                    r"(2\.(?:10|[1-9])|10|[1-9])\b(?![.,]\d)")
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


def concepts_in(sentence: Sentence, text: str, mentions: list[Mention], gazetteer: Gazetteer,
                prefer: str = "kernthema") -> list[tuple[str, int, int, float]]:
    """(concept, start, end, confidence) for each concept the sentence names. A name two
    schemes share ("Proactieve zorgplanning": kernthema and domain 2.3) is read in the scheme
    the plan works with (`prefer`): the other reading gets a low confidence."""
    out: list[tuple[str, int, int, float]] = []
    body = text[sentence.start:sentence.end]
    for match in DOMAIN.finditer(body):
        concept = f"kwaliteitskader/{match.group(1)}"
        if concept in gazetteer.entries and not in_address(text, sentence.start + match.start()):
            out.append((concept, sentence.start + match.start(), sentence.start + match.end(), 0.9))
    for match in _RECOMMENDATION.finditer(body):
        if _CONTEXT["pnraad"].search(body):
            out.append((f"pnraad/{match.group(1)}", sentence.start + match.start(),
                        sentence.start + match.end(), 0.8))
    numbered = bool(out)
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
            confidence = _context_confidence(body, mention.start - sentence.start)
            if one_word:
                confidence -= 0.1
            if concept.split("/", 1)[0] != "kwaliteitskader" and numbered:
                confidence = min(confidence, 0.5)  # "2.3 Proactieve zorgplanning": the domain
            shared = {i.split("/", 1)[0] for i in mention.ids} >= {"kernthema", "kwaliteitskader"}
            if shared and scheme != prefer:
                confidence = min(confidence, 0.5)
            out.append((concept, mention.start, mention.end, round(confidence, 2)))
    return _lists_lowered(out)


_ACTION = re.compile(r"\b(organiser|ontwikkel|implement|realiser|start|scholing|training|"
                     r"bijeenkomst|project|activiteit|doel|speerpunt|inzet|uitvoer|versterk|"
                     r"verbeter|opzetten|borging|borgen|vergroten|stimuler|ondersteun)", re.I)
_DEFINITION = re.compile(r"^\s*\S+(?:\s+\S+){0,3}\s+(is|zijn|wordt|betekent)\s", re.I)


def _context_confidence(body: str, offset: int) -> float:
    """How likely a named concept is what the text covers, not background: a heading or an
    activity line names it as a topic; a definition or long explanation does not."""
    stripped = body.strip()
    if len(stripped) <= 80 and not stripped.endswith("."):
        return 0.8  # a heading or table cell
    if _DEFINITION.match(body[offset:]):
        return 0.4  # "Proactieve zorgplanning is een continu proces ..."
    return 0.7 if _ACTION.search(body) else 0.5


def _lists_lowered(found: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """A sentence that names three or more concepts of one scheme enumerates the scheme
    ("de 4 kernthema's: markeren, ...") rather than saying what an activity covers."""
    per_scheme: dict[str, int] = {}
    for concept, *_ in found:
        scheme = concept.split("/", 1)[0]
        per_scheme[scheme] = per_scheme.get(scheme, 0) + 1
    return [(c, s, e, 0.3 if per_scheme[c.split("/", 1)[0]] >= 3 else conf)
            for c, s, e, conf in found]
