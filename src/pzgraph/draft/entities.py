"""Entities a plan names: known ones by the gazetteer, new organisations by their shape,
and the organisations of a member list (a header such as "Netwerkleden:" and one name a line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fold import fold
from .gazetteer import ENTITY_KINDS, Gazetteer
from .matching import Mention
from .names import has_name
from .shapes import NameShape, similar_known, type_of

# Ambiguous names: which kind of id a plan most likely means.
KIND_PREFERENCE = ["netwerk", "consortium", "organisatie", "programma", "gemeente",
                   "gemeentedeel", "provincie", "interventie"]
_LIST_HEADER = re.compile(r"\b(netwerkleden|leden|partners|deelnemers|vertegenwoordigd|"
                          r"aangesloten|deelnemende organisaties)\b", re.I)
# A heading in a member list names a sector; its items get that sector's type.
_SECTOR_HEADINGS = {
    "hospices": "Hospice", "hospice": "Hospice", "vptz": "VolunteerOrganisation",
    "vvt": "HomeCareOrganisation", "ziekenhuis": "Hospital", "ziekenhuizen": "Hospital",
    "regionale huisartsen organisatie": "GPOrganisation", "huisartsen": "GPOrganisation",
    "rho": "GPOrganisation", "ggz": "MentalHealthOrganisation", "welzijn": "SocialCareOrganisation",
    "sociaal domein": "SocialCareOrganisation", "gehandicaptenzorg": "DisabilityCareOrganisation",
    "apotheek": "Pharmacy", "apotheken": "Pharmacy", "overig": "Organisation",
}


@dataclass(frozen=True)
class Found:
    """An entity named at [start, end) of the text: a known id or a new organisation."""

    start: int
    end: int
    id: str
    confidence: float
    new_label: str | None = None
    new_type: str | None = None
    similar_to: str | None = None


def resolve(mention: Mention, gazetteer: Gazetteer) -> Found | None:
    """The entity a gazetteer match stands for (None for concepts of the schemes)."""
    ids = [i for i in mention.ids if i.split("/", 1)[0] in ENTITY_KINDS
           and not i.startswith("interventie/")]
    if not ids:
        return None
    ids.sort(key=lambda i: (fold(gazetteer.entries[i].label) != mention.name,
                            KIND_PREFERENCE.index(i.split("/", 1)[0])))
    exact = fold(gazetteer.entries[ids[0]].label) == mention.name
    confidence = (0.9 if exact else 0.8) if len(ids) == 1 else 0.5
    if len(mention.name) <= 4:
        confidence -= 0.1  # an abbreviation may mean something else
    return Found(mention.start, mention.end, ids[0], round(confidence, 2))


class NewNames:
    """Ids for new organisations: a slug of the label, never one the graph already uses."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.known = {fold(name): entry.id for entry in gazetteer.entries.values()
                      if entry.kind == "organisatie" for name in entry.names}
        self.all_names = {fold(name): entry.id for entry in gazetteer.entries.values()
                          if entry.kind in ENTITY_KINDS and entry.kind != "interventie"
                          for name in entry.names}
        self.taken = set(gazetteer.entries)

    def found(self, start: int, end: int, label: str, kind_type: str,
              confidence: float) -> Found | None:
        if has_name(label) or len(label) < 4:
            return None
        folded = fold(label)
        bare = fold(re.sub(r"^Stichting\s+", "", label))
        for key in (folded, bare):
            if key in self.all_names:  # the same name (without legal form): the known id
                return Found(start, end, self.all_names[key], 0.8)
        identifier = "organisatie/" + slug(label)
        if identifier in self.taken:
            identifier += "-nieuw"
        return Found(start, end, identifier, confidence, label, kind_type,
                     similar_known(label, self.known))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("'", "")).strip("-")[:60].strip("-")


def from_shapes(shapes: list[NameShape], names: NewNames) -> list[Found]:
    out = []
    for shape in shapes:
        found = names.found(shape.start, shape.end, shape.label, shape.type, 0.7)
        if found:
            out.append(found)
    return out


@dataclass(frozen=True)
class ListItem:
    found: Found
    header_start: int
    header_end: int
    role_hint: str


def member_lists(text: str, matches: list[Found], names: NewNames) -> list[ListItem]:
    """Organisations listed one a line under a header such as 'Netwerkleden 2025:'."""
    items: list[ListItem] = []
    lines = _lines(text)
    index = 0
    while index < len(lines):
        start, end, line = lines[index]
        index += 1
        if not (_LIST_HEADER.search(line) and len(line) < 160):
            continue
        # the header may run over a few lines and ends with ':'
        header_end = end if line.rstrip().endswith(":") else None
        look = index
        while header_end is None and look < min(index + 4, len(lines)):
            if len(lines[look][2]) > 80 or not lines[look][2].strip():
                break
            if lines[look][2].rstrip().endswith(":"):
                header_end = lines[look][1]
                index = look + 1
            look += 1
        if header_end is None:
            continue
        role = _role_hint(text[start:header_end])
        sector_type = None
        blank_run = 0
        pending: tuple[int, int, str] | None = None
        while index < len(lines):
            l_start, l_end, item = lines[index]
            stripped = item.strip()
            if not stripped:
                blank_run += 1
                index += 1
                if blank_run > 3:
                    break
                continue
            blank_run = 0
            if len(stripped) > 70 or (stripped.isupper() and len(stripped.split()) > 1) \
                    or stripped.endswith((".", ":")):
                break
            index += 1
            if pending and (stripped[0].islower() or pending[2].count("(") > pending[2].count(")")
                            or re.search(r"\b(en|van|de|der|des|het)\s*$|[&-]\s*$", pending[2])):
                pending = (pending[0], l_end, pending[2] + " " + stripped)
                continue
            if pending:
                items += _item(pending, sector_type, matches, names, start, header_end, role)
                pending = None
            heading = _SECTOR_HEADINGS.get(fold(stripped))
            if heading:
                sector_type = heading
                continue
            pending = (l_start, l_end, stripped)
        if pending:
            items += _item(pending, sector_type, matches, names, start, header_end, role)
    return items


_PROSE_LIST = re.compile(
    r"\b(samenwerkings-?\s*partners|part-?\s*ners|organisaties|leden|deelnemers)\s+"
    r"(?:zijn\s+|zoals\s+|als\s+|:\s*)+(.{3,400}?)(?:\.(?:\s|$)|\n\s*\n\s*\n|$)", re.S)


def prose_lists(text: str, matches: list[Found], names: NewNames) -> list[ListItem]:
    """Organisations enumerated in a sentence: "partners zoals A, B (C) en D"."""
    items: list[ListItem] = []
    for match in _PROSE_LIST.finditer(text):
        before = text[max(0, match.start() - 40):match.start()].lower()
        role = "rol/adviseur" if "advis" in before else _role_hint(match.group(1))
        body_start = match.start(2)
        body = match.group(2)
        for piece in re.finditer(r"[^,]+", body):
            for part in re.split(r"\s+en\s+", piece.group()):
                offset = body_start + piece.start() + piece.group().find(part)
                items += _prose_item(text, offset, part, matches, names, match.start(),
                                     role)
    return items


def _prose_item(text: str, start: int, part: str, matches: list[Found], names: NewNames,
                header_start: int, role: str) -> list[ListItem]:
    stripped = part.strip()
    start += part.find(stripped)
    if not stripped or not stripped[0].isupper() or re.search(r"\d", stripped):
        return []
    words = stripped.split("(")[0].split()
    if not 1 <= len(words) <= 6 or any(w[0].islower() and w not in _CONNECTORS for w in words):
        return []
    end = start + len(stripped)
    inside = [m for m in matches if start <= m.start and m.end <= end]
    known = [m for m in inside if (m.end - m.start) >= 0.6 * len(" ".join(words))]
    if known:
        return [ListItem(known[0], header_start, header_start, role)]
    label = " ".join(" ".join(words).split())
    found = names.found(start, start + len(stripped.split("(")[0].rstrip()), label,
                        type_of(label), 0.6)
    return [ListItem(found, header_start, header_start, role)] if found else []


_PARTNER_PHRASE = re.compile(
    r"\b(?:[Ii]n samenwerking met|[Ss]amenwerking met|[Vv]erbinding met|[Ss]amen met|vanuit|"
    r"ge[eë]valueerd bij)\s+(?:de\s+|het\s+)?(?:projectleiding\s+vanuit\s+)?"
    r"((?:[A-Z][\w'’&-]*)(?:[ \t]+(?:[A-Z][\w'’&-]*|en|van|de)){0,4})")
# Words that open a capitalised phrase without naming an organisation.
_NOT_NAMES = {"Het", "De", "Een", "Deze", "Dit", "In", "Op", "Zie", "Ook", "Daarnaast", "Netwerk",
              "Netwerken", "Palliatieve", "Zorg", "Kwaliteitskader", "Domein"}
# Organisations a network joins (a regional cooperation, a consortium, an association).
JOINED_KINDS = ("consortium/",)
JOINED_TYPES = {"RegionalCooperation", "ProfessionalAssociation", "NationalBody"}


_FUNCTION_WORDS = {"en", "als", "in", "op", "voor", "met", "de", "het", "is", "zijn", "wordt",
                   "om", "te", "van", "bij", "aan", "of", "die", "dat", "over", "uit", "tot"}


def _followed_by_noun(text: str, end: int) -> bool:
    following = re.match(r"[ \t]+([a-zà-ÿ]+)", text[end:end + 30])
    return bool(following) and following.group(1) not in _FUNCTION_WORDS


def _mostly_lower_case(text: str, word: str) -> bool:
    """A word the text writes in lower case more often than capitalised is a common word."""
    lower = len(re.findall(r"(?<![\w-])" + re.escape(word.lower()) + r"(?![\w-])", text))
    upper = len(re.findall(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text))
    return lower > upper


def _table_value(text: str, word: str) -> bool:
    """A word standing alone on several lines is a table's value ("Continue"), not a name."""
    return len(re.findall(r"^[ \t]*" + re.escape(word) + r"[ \t]*$", text, re.M)) >= 2


def partner_phrases(text: str, matches: list[Found], names: NewNames) -> list[ListItem]:
    """"in samenwerking met X", "verbinding met X", "vanuit X": X works with the network."""
    items: list[ListItem] = []
    for match in _PARTNER_PHRASE.finditer(text):
        phrase_start = match.start(1)
        for part in re.split(r"\s+en\s+", match.group(1)):
            offset = phrase_start + match.group(1).find(part)
            words = part.split()
            while words and words[-1] in {"van", "de", "en"}:
                words.pop()
            if not words or words[0] in _NOT_NAMES:
                continue
            label = " ".join(words)
            end = offset + len(label)
            inside = [m for m in matches if m.start < end and offset < m.end]
            if inside:
                found = inside[0]
            elif len(words) == 1 and (_mostly_lower_case(text, words[0])
                                      or _followed_by_noun(text, offset + len(words[0]))
                                      or _table_value(text, words[0])):
                continue  # a common word ("Continue functies"), not a name
            else:
                after = text[end:end + 40].lower()
                kind_type = "GPOrganisation" if "huisarts" in after else type_of(label)
                found = names.found(offset, end, label, kind_type, 0.5)
                if found is None or len(label) < 4:
                    continue
            if found.id.startswith(("gemeente", "provincie", "programma", "netwerk/")):
                continue
            items.append(ListItem(found, match.start(), match.start(), "rol/partner"))
    return items


_CONNECTORS = {"en", "van", "de", "der", "des", "voor", "het"}


def _item(pending: tuple[int, int, str], sector_type: str | None, matches: list[Found],
          names: NewNames, header_start: int, header_end: int, role: str) -> list[ListItem]:
    start, end, raw = pending
    inside = [m for m in matches if start <= m.start and m.end <= end]
    label = re.sub(r"\(.*?\)|\(.*$", "", raw)
    label = re.sub(r":.*$", "", label)
    label = " ".join(label.split()).strip(" ,;-–")
    name_end = start + len(raw.split("(")[0].split(":")[0].rstrip())
    # a known name that is (most of) the item; not a place inside an organisation's name
    extra = _parenthetical(raw, start, inside, names, header_start, header_end, role)
    head = [m for m in inside if m.start < name_end
            and not m.id.startswith(("gemeente", "provincie"))
            and (m.end - m.start) >= 0.6 * len(label)]
    if head:
        return [ListItem(head[0], header_start, header_end, role), *extra]
    kind_type = type_of(label)
    if kind_type == "Organisation" and sector_type:
        kind_type = sector_type
    found = names.found(start, name_end, label, kind_type, 0.75)
    return ([ListItem(found, header_start, header_end, role)] if found else []) + extra


def _parenthetical(raw: str, start: int, inside: list[Found], names: NewNames,
                   header_start: int, header_end: int, role: str) -> list[ListItem]:
    """"Woonzorgcentrum De Merenhoef (Leger des Heils)": the organisation in brackets too,
    when the brackets hold a name (capitalised words), not a description."""
    match = re.search(r"\(([^()]*)\)", raw)
    if not match:
        return []
    words = match.group(1).split()
    if not words or any(w[0].islower() and w not in _CONNECTORS for w in words):
        return []
    begin, end = start + match.start(1), start + match.end(1)
    known = [m for m in inside if begin <= m.start and m.end <= end]
    if known:
        return [] if known[0].id.startswith(("gemeente", "provincie")) else []
    label = " ".join(words)
    found = names.found(begin, end, label, type_of(label), 0.6)
    # the organisation the member belongs to: an entity, not a member itself
    return [ListItem(found, header_start, header_end, "")] if found else []


def _role_hint(header: str) -> str:
    header = header.lower()
    if re.search(r"\boverige\b|geen zitting|zonder (stuurgroep)?zetel", header):
        return "rol/lid-zonder-stuurgroepzetel"
    if "stuurgroep" in header:
        return "rol/stuurgroeplid"
    if "partner" in header:
        return "rol/partner"
    if "deelne" in header:
        return "rol/deelnemer"
    if "aangesloten" in header:
        return "rol/aangesloten"
    return "rol/lid"


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((position, position + len(body), body))
        position += len(line)
    return out
