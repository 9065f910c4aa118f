"""The Dutch words the maps and the report show: one place, so they never disagree.

- HEADERS: a library query's column name (`network`, `steering_group_members`) → the Dutch
  column header of the report (HTML, Markdown and CSV) and of the maps' text tables.
- RELATION_GROUPS: how the maps group and colour a node's connections (lid, stuurgroep,
  penvoerder, projecten, domeinen, ...), with the Dutch heading of each group.
- ABBREVIATIONS: what the abbreviations in names and sources stand for (NPZ, PN-raad, ...).
- STAND: what a coverage matrix or gap list says about a network and a concept (column
  `stand`): covered, a gap, or nothing known, so that "no data" never reads as "a gap".
- PAGE: the map page's own words (buttons, headings, announcements), handed to map.js.

Plain Dutch for a network coordinator: no English, no anglicisms ("gap", "adresseert").
"""

from __future__ import annotations

from functools import cache

HEADERS: dict[str, str] = {
    "network": "netwerk", "networks": "netwerken", "consortium": "consortium",
    "networks_in_consortium": "netwerken in het consortium", "domain": "domein",
    "subdomain": "subdomein", "recommendation": "aanbeveling", "kernthema": "kernthema",
    "actielijn": "actielijn", "projects": "projecten", "project": "project",
    "project_names": "projecten", "projects_for_recommendation": "projecten bij de aanbeveling",
    "in_projects": "in projecten", "work": "project of activiteit", "activity": "activiteit",
    "items": "aantal", "kind": "soort", "status": "status", "year": "jaar",
    "member": "lid", "organisation": "organisatie", "role": "rol", "sector": "sector",
    "body": "orgaan", "unit": "eenheid", "from": "van", "until": "tot",
    "steering_group_members": "leden van de stuurgroep", "vacant_seats": "vacante zetels",
    "vacant_seats_other_bodies": "vacante zetels in andere organen",
    "hospice": "hospice", "affiliation": "aansluiting", "municipality": "gemeente",
    "cbs_code": "CBS-code", "province": "provincie", "area": "werkgebied",
    "source": "bron", "quote": "citaat", "judgement": "oordeel van de curator",
    "locator": "vindplaats", "verification": "verificatie", "relation": "relatie",
    "target": "doel", "subject": "onderwerp", "object": "object", "statement": "uitspraak",
    "about": "over", "note": "toelichting", "description": "beschrijving", "value": "waarde",
    "funder": "financier", "funded": "gefinancierd", "funded_projects": "gefinancierde projecten",
    "run_by": "uitgevoerd door", "plan": "plan", "scope": "reikwijdte", "scheme": "schema",
    "concept": "begrip", "coverage": "dekking", "covered_by": "gedekt door", "links": "verbanden",
    "change": "wijziging", "wish": "wens", "ambition": "ambitie", "intervention": "interventie",
    "entity": "entiteit", "as_member": "als lid", "zekerheid": "zekerheid",
    "basis": "grondslag", "believed": "vermoedelijk netwerk", "facts": "feiten",
    "municipalities": "gemeenten", "stand": "stand", "via": "via",
}


def header(column: str) -> str:
    """The Dutch header of a query column; an unknown name reads as words, not as code."""
    return HEADERS.get(column, column.replace("_", " "))


# Relation groups of the maps, in the order the details panel lists them. Each has a
# heading, a colour (edges and legend) and whether its lines are dashed by nature.
RELATION_GROUPS: dict[str, tuple[str, str]] = {
    "penvoerder": ("Penvoerder", "#c92a2a"),
    "stuurgroep": ("Stuurgroep en bestuur", "#e8590c"),
    "lid": ("Leden", "#1971c2"),
    "projecten": ("Projecten en activiteiten", "#2b8a3e"),
    "domeinen": ("Domeinen en aanbevelingen", "#9c36b5"),
    "structuur": ("Consortium, organen en functies", "#495057"),
    "programma": ("Programma's en financiering", "#b08900"),
}


@cache
def relation_group(label: str) -> str:
    """The group of a relation, from its Dutch label (a role name or a map relation)."""
    text = label.casefold()
    if "penvoerder" in text:
        return "penvoerder"
    if ("stuurgroep" in text and "zonder" not in text) or any(
            w in text for w in ("voorzitter", "bestuur", "kassier", "secretaris")):
        return "stuurgroep"
    if text in {"uitgevoerd door", "getrokken door", "partner in project"}:
        return "projecten"
    if text in {"werkt aan", "gekoppeld aan"}:
        return "domeinen"
    if text in {"hoort bij consortium", "orgaan van", "functie in", "in dienst van",
                "onderdeel van"}:
        return "structuur"
    if text in {"werkt in programma", "programma", "gefinancierd door"}:
        return "programma"
    return "lid"


# The values of the column `stand` of the coverage matrices and gap lists (queries/*-matrix.rq,
# *-gaps.rq), and of a matrix row (query/output.py): what each means, for the report's legend.
STAND: dict[str, str] = {
    "gedekt": "ten minste één project of activiteit van het netwerk dekt dit",
    "niet gedekt": "het netwerk heeft vastgelegde projecten of activiteiten, maar geen "
    "enkele dekt dit: een gat",
    "geen gegevens": "de graaf legt geen enkel project of activiteit van dit netwerk vast: "
    "onbekend of het dit dekt, dus geen gat",
    "niet van toepassing": "het referentiekader geldt niet voor dit netwerk (de aanbevelingen "
    "van de PN-raad van Septet gelden voor Septet en zijn netwerken): geen gat",
    "met gegevens": "de graaf legt projecten of activiteiten van dit netwerk vast",
}
NO_DATA, NOT_APPLICABLE = "geen gegevens", "niet van toepassing"
NO_GAP = (NO_DATA, NOT_APPLICABLE)  # a blank that is no gap


ABBREVIATIONS: dict[str, str] = {
    "NPZ": "Netwerk Palliatieve Zorg",
    "PN-raad": "PatiëntenNaastenraad palliatieve zorg",
    "AHzN": "Associatie Hospicezorg Nederland",
    "VPTZ": "Vrijwilligers Palliatieve Terminale Zorg",
    "VVT": "verpleging, verzorging en thuiszorg",
    "IZA": "Integraal Zorgakkoord",
    "DB": "dagelijks bestuur",
    "KWF": "KWF Kankerbestrijding",
    "PZNL": "Palliatieve Zorg Nederland",
    "ZonMw": "Nederlandse organisatie voor gezondheidsonderzoek en zorginnovatie",
}


def abbreviations_in(texts: list[str]) -> list[tuple[str, str]]:
    """The abbreviations that occur in `texts`, with what they stand for."""
    joined = " ".join(texts)
    return [(short, long) for short, long in ABBREVIATIONS.items()
            if _has_word(joined, short)]


def _has_word(text: str, word: str) -> bool:
    start = text.find(word)
    while start != -1:
        before = text[start - 1] if start else " "
        end = start + len(word)
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(word, start + 1)
    return False


# The map page's own words (map.js reads them from the page data).
PAGE: dict[str, str] = {
    "search": "Zoek op naam", "searchHint": "naam of andere naam",
    "nothingFound": "niets gevonden", "andMore": "… en nog {n}",
    "alsoKnownAs": "ook: {name}", "found": "{n} gevonden",
    "legend": "Legenda", "kinds": "Soorten (vink uit om te verbergen)",
    "relations": "Verbindingen",
    "judged": "gestreept: oordeel van de curator of niet geverifieerd",
    "gap": "niet gedekt: geen project of activiteit werkt hieraan",
    "filters": "Filters", "network": "Netwerk", "allNetworks": "alle netwerken",
    "domain": "Kwaliteitskader-domein", "allDomains": "alle domeinen",
    "recommendation": "Aanbeveling PN-raad", "allRecommendations": "alle aanbevelingen",
    "role": "Rol", "allRoles": "alle rollen", "sector": "Sector", "allSectors": "alle sectoren",
    "neighboursOnly": "alleen buren van de selectie",
    "zoomIn": "Inzoomen (+)", "zoomOut": "Uitzoomen (−)", "fit": "Alles tonen (0)",
    "reset": "Filters wissen (R)", "clear": "Selectie opheffen (Esc)",
    "details": "Geselecteerd", "detailsHint": "Klik op een knoop of lijn, of zoek een naam, "
    "voor de gegevens, de verbindingen en het bewijs.",
    "kind": "Soort", "sectorLabel": "Sector", "networksLabel": "Netwerken",
    "evidence": "Bewijs", "judgement": "Oordeel van de curator (geen citaat)",
    "unverified": "niet geverifieerd", "footing": "zekerheid",
    "moreEvidence": "… en nog {n} bewijsstukken",
    "noEvidence": "Geen bewijs vastgelegd.",
    "shown": "{shown} van {total} knopen zichtbaar",
    "selected": "Geselecteerd: {name} ({kind}), {n} verbindingen",
    "filtered": "Filter: {what}; {shown} knopen zichtbaar",
    "gaps": "{n} niet gedekt voor {what}",
    "gapsList": "Niet gedekt", "gapsNone": "alles is gedekt",
    "gapsNoData": "geen gegevens: de graaf legt geen project of activiteit van dit netwerk "
    "vast (onbekend, geen gat)",
    "gapsElsewhere": "{n} niet van toepassing: het kader (de aanbevelingen van de PN-raad van "
    "Septet) geldt niet voor dit netwerk",
    "textVersion": "Tekstversie van de kaart (tabel)",
    "name": "Naam", "connections": "Verbindingen", "members": "{n} leden",
    "expand": "klik om uit te vouwen",
    "clusterInfo": "Overzicht: de leden van elk netwerk zijn samengevoegd; klik op een "
    "bolletje om ze te tonen.",
    "abbreviations": "Afkortingen",
    "report": "Naar het rapport", "little": "Het graaf bevat weinig over dit netwerk: {what}.",
    "judgedBecause": "Gestreept omdat: {why}",
    "keys": "Toetsen: + en − zoomen, 0 toont alles, R wist de filters, Esc heft de selectie "
    "op, pijltjes lopen door de zoekresultaten.",
}
