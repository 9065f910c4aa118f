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
    "networks_with_area": "netwerken met werkgebied uit een bron",
    "with_population": "gemeenten met bekend inwonertal", "population": "inwoners",
}
# A column that means something else in one query than its name says elsewhere: `believed`
# lists the believed networks of a municipality (municipality-coverage) but counts a network's
# believed municipalities (network-detail).
QUERY_HEADERS: dict[tuple[str, str], str] = {
    ("network-detail", "municipalities"): "gemeenten (uit een bron)",
    ("network-detail", "believed"): "gemeenten vermoedelijk (zonder bron)",
}
# A count or sum over nothing known (a population no municipality has): never shown as 0.
UNKNOWN = "onbekend"


def header(column: str, query: str = "") -> str:
    """The Dutch header of a query column (of `query`, when it means something of its own
    there); an unknown name reads as words, not as code."""
    return QUERY_HEADERS.get((query, column)) or HEADERS.get(column, column.replace("_", " "))


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


# How the details panel heads a node's connections, read from the selected node's side:
# (heading where the line starts, heading where it ends). The memberships by their group (a
# member is "lid van" its network, the network lists its "leden"); the other relations by
# their label, which reads from the side the line starts at ("uitgevoerd door"); "werkt aan"
# by the kind of concept too, so an actielijn is not listed under the domains.
CONNECTION_HEADINGS: dict[str, tuple[str, str]] = {
    "penvoerder": ("Penvoerder van", "Penvoerder"),
    "stuurgroep": ("In stuurgroep of bestuur van", "Stuurgroep en bestuur"),
    "lid": ("Lid van", "Leden"),
    "uitgevoerd door": ("Uitgevoerd door", "Voert uit (projecten en activiteiten)"),
    "getrokken door": ("Getrokken door", "Trekt (projecten en activiteiten)"),
    "partner in project": ("Partners", "Partner in (projecten en activiteiten)"),
    "werkt aan|domein": ("Werkt aan: Kwaliteitskader-domeinen",
                         "Projecten en activiteiten die hieraan werken"),
    "werkt aan|aanbeveling": ("Werkt aan: aanbevelingen PN-raad",
                              "Projecten en activiteiten die hieraan werken"),
    "werkt aan|kernthema": ("Werkt aan: kernthema's",
                            "Projecten en activiteiten die hieraan werken"),
    "werkt aan|actielijn": ("Werkt aan: actielijnen",
                            "Projecten en activiteiten die hieraan werken"),
    "gekoppeld aan": ("Gekoppeld aan", "Gekoppeld vanuit"),
    "hoort bij consortium": ("Hoort bij consortium", "Netwerken in het consortium"),
    "orgaan van": ("Orgaan van", "Organen"),
    "functie in": ("Functie in", "Functies"),
    "in dienst van": ("In dienst van", "Functies in dienst"),
    "onderdeel van": ("Onderdeel van", "Onderdelen"),
    "werkt in programma": ("Werkt in programma", "Deelnemers aan het programma"),
    "programma": ("Programma", "Projecten en activiteiten in het programma"),
    "gefinancierd door": ("Gefinancierd door", "Financiert"),
}

# The values of the column `stand` of the coverage matrices and gap lists (queries/*-matrix.rq,
# *-gaps.rq), and of a matrix row (query/output.py): what each means, for the report's legend.
STAND: dict[str, str] = {
    "gedekt": "ten minste één project of activiteit van het netwerk dekt dit",
    "niet gedekt": "het netwerk heeft vastgelegde projecten of activiteiten, maar geen "
    "enkele dekt dit",
    "geen gegevens": "pzgraph kent geen enkel project of activiteit van dit netwerk: "
    "onbekend of het dit dekt, dus niet 'niet gedekt'",
    "niet van toepassing": "het referentiekader geldt niet voor dit netwerk (de aanbevelingen "
    "van de PN-raad van Septet gelden voor Septet en zijn netwerken): niet 'niet gedekt'",
    "met gegevens": "pzgraph kent projecten of activiteiten van dit netwerk",
}
NO_DATA, NOT_APPLICABLE = "geen gegevens", "niet van toepassing"
NO_GAP = (NO_DATA, NOT_APPLICABLE)  # a blank that is no gap


ABBREVIATIONS: dict[str, str] = {
    "NPZ": "Netwerk Palliatieve Zorg",
    "NPPZ": "Nationaal Programma Palliatieve Zorg",
    "PN-raad": "PatiëntenNaastenraad palliatieve zorg",
    "PZ": "palliatieve zorg",
    "GGZ": "geestelijke gezondheidszorg",
    "VWS": "ministerie van Volksgezondheid, Welzijn en Sport",
    "NZa": "Nederlandse Zorgautoriteit",
    "GGD": "gemeentelijke gezondheidsdienst",
    "HAP": "huisartsenpost",
    "ROS": "regionale ondersteuningsstructuur (eerstelijnszorg)",
    "CBS": "Centraal Bureau voor de Statistiek",
    "CPT": "consultatief palliatief team",
    "NHG": "Nederlands Huisartsen Genootschap",
    "KNMG": "Koninklijke Nederlandsche Maatschappij tot bevordering der Geneeskunst",
    "NFU": "Nederlandse Federatie van Universitair Medische Centra",
    "UMC": "universitair medisch centrum",
    "ACP": "advance care planning (proactieve zorgplanning)",
    "PZP": "proactieve zorgplanning",
    "IKNL": "Integraal Kankercentrum Nederland",
    "ZZP": "zorgzwaartepakket",
    "AHzN": "Associatie Hospicezorg Nederland",
    "VPTZ": "Vrijwilligers Palliatieve Terminale Zorg",
    "VVT": "verpleging, verzorging en thuiszorg",
    "IZA": "Integraal Zorgakkoord",
    "DB": "dagelijks bestuur",
    "KWF": "KWF Kankerbestrijding",
    "PZNL": "Palliatieve Zorg Nederland",
    "ZonMw": "Nederlandse organisatie voor gezondheidsonderzoek en zorginnovatie",
    # What the sources say, in their words (003: "Netwerk Palliatieve Zorg Rotterdam &
    # omstreken (NPZR&o)", "meerjarenbeleidsplan (MJBP)", "Algemeen Bestuur (AB)"); where a
    # source uses an abbreviation without writing it out, what it says the thing is.
    "NPZR&o": "Netwerk Palliatieve Zorg Rotterdam & omstreken",
    "MJBP": "meerjarenbeleidsplan",
    "AB": "Algemeen Bestuur",
    "TSPZ": "project ‘gericht op verbetering van de palliatieve overdracht en informatie "
    "uitwisseling tussen zorgprofessionals in de palliatieve zorgketen’ (de bron schrijft TSPZ "
    "niet voluit)",
    "PaTz": "methode van huisartsen(groepen) ‘om patiënten te markeren en vorm te geven aan "
    "samenwerking in de eerste lijn’ (de bronnen schrijven PaTz niet voluit)",
    "RHOGO": "‘huisartsenorganisatie in de regio’ Gooi en Vechtstreek (de bron schrijft RHOGO "
    "niet voluit)",
    "VTZ": "in 2004 met de VHN opgegaan in VPTZ (referentieblad); VTZ-Rotterdam is een partner "
    "van het Rotterdamse netwerk (de bron schrijft VTZ niet voluit)",
    "CURA": "naam van een project van het Rotterdamse netwerk (‘Implementatieonderzoek CURA’; "
    "de bron zegt niet waar de naam voor staat)",
    "PR": "public relations: ‘PR- en communicatiebeleid richting netwerkleden, beleid en "
    "burgers’",
}


# The one word for a Kwaliteitskader domain or PN-raad recommendation nothing works on, in
# the maps and the report alike (not "gap", not "gaten").
NOT_COVERED = "niet gedekt"
NOT_COVERED_TITLE = "Niet gedekt"

# CSV files and report anchors of the library queries: Dutch names, not the English query
# names (a name not listed stays as it is: most are Dutch already).
FILE_NAMES: dict[str, str] = {
    "kwaliteitskader-gaps": "kwaliteitskader-niet-gedekt", "pnraad-gaps": "pn-raad-niet-gedekt",
    "pnraad-coverage": "pn-raad-dekking", "pnraad-matrix": "pn-raad-matrix",
    "national-overview": "landelijk-overzicht", "hospice-affiliation": "hospice-aansluiting",
    "status-overview": "status-overzicht", "transformation-matrix": "transformatie-matrix",
    "network-detail": "netwerk-details", "networks-consortia": "netwerken-en-consortia",
    "planning-status": "planning-en-status", "sector-representation": "sectoren",
    "members": "leden", "funding": "financiering", "results": "resultaten",
    "working-area": "werkgebied", "municipality-coverage": "gemeenten",
    "national-structure": "landelijke-structuur", "patient-wishes": "wensen-van-patienten",
    "shared-interventions": "gedeelde-interventies", "evidence": "bewijs",
    "kwaliteitskader-subdomain-matrix": "kwaliteitskader-subdomein-matrix",
    "septet-ambition-pnraad": "septet-ambitie-pn-raad", "source-networks": "bronnetwerken",
}


def file_name(name: str) -> str:
    """The Dutch name of a query's CSV file and anchor: `pnraad-gaps` → `pn-raad-niet-gedekt`,
    `rotterdam-members` → `rotterdam-leden`."""
    if name in FILE_NAMES:
        return FILE_NAMES[name]
    for english, dutch in sorted(FILE_NAMES.items(), key=lambda item: -len(item[0])):
        if name.endswith("-" + english):
            return name.removesuffix(english) + dutch
    return name


# Web sources by the name of their publisher or site: a reader sees "Palliaweb", not a URL.
SITES: dict[str, str] = {
    "github.com/minvws/nl-covid19-data-dashboard": "Coronadashboard van het ministerie van VWS "
    "(lijst van gemeenten)",
    "palliaweb.nl": "Palliaweb", "nationaalprogrammapalliatievezorg.nl":
    "Nationaal Programma Palliatieve Zorg", "netwerkpalliatievezorg.nl": "Netwerk Palliatieve Zorg",
    "ahzn.nl": "Associatie Hospicezorg Nederland", "home.kpn.nl/pagklein": "Provincies en "
    "gemeenten (persoonlijke site)", "elann.nl": "Elann", "frohon.nl": "Frohon",
    "skipr.nl": "Skipr", "transmuralezorg.nl": "Transmurale Zorg", "a1mediagroep.nl":
    "A1 Mediagroep", "npzalmere.nl": "NPZ Almere", "zuyderland.nl": "Zuyderland",
    "rijksoverheid.nl": "Rijksoverheid", "cbs.nl": "Centraal Bureau voor de Statistiek",
    "zonmw.nl": "ZonMw", "pznl.nl": "Palliatieve Zorg Nederland", "iknl.nl": "IKNL",
}


def site_title(url: str) -> str:
    """A web source's readable title: its site's name (SITES), else its host."""
    rest = url.split("://", 1)[-1]
    rest = rest.removeprefix("www.")
    for prefix, title in sorted(SITES.items(), key=lambda item: -len(item[0])):
        if rest.startswith(prefix):
            return title
    return rest.split("/", 1)[0] or url


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
    "legend": "Legenda", "kinds": "Soorten", "kindsHint": " (vink uit om te verbergen)",
    "relations": "Verbindingen",
    "judged": "gestreept: oordeel van de curator of niet geverifieerd",
    "gap": NOT_COVERED + ": geen project of activiteit werkt hieraan",
    "filters": "Filters", "network": "Netwerk", "allNetworks": "alle netwerken",
    "domain": "Kwaliteitskader-domein", "allDomains": "alle domeinen",
    "recommendation": "Aanbeveling PN-raad", "allRecommendations": "alle aanbevelingen",
    "role": "Rol", "allRoles": "alle rollen", "sector": "Sector", "allSectors": "alle sectoren",
    "neighboursOnly": "alleen buren van de selectie",
    "zoomIn": "Inzoomen (+)", "zoomOut": "Uitzoomen (−)", "fit": "Alles tonen (0)",
    "reset": "Filters wissen (R)", "clear": "Selectie opheffen (Esc)",
    "details": "Geselecteerd", "detailsHint": "Klik op een naam of lijn, of zoek een naam, "
    "voor de gegevens, de verbindingen en het bewijs.",
    "kind": "Soort", "sectorLabel": "Sector", "networksLabel": "Netwerken",
    "evidence": "Bewijs", "judgement": "Oordeel van de curator (geen citaat)",
    "unverified": "niet geverifieerd", "footing": "zekerheid",
    "moreEvidence": "… en nog {n} bewijsstukken",
    "showAllEvidence": "toon alle {n} bewijsstukken",
    "showAllLinks": "toon het bewijs van nog {n} verbindingen",
    "cleared": "Selectie opgeheven",
    "badLink": "De link wijst naar '{given}', maar dat staat niet op deze kaart. Zoek op naam.",
    "badLinkCase": "De link wijst naar '{given}', maar dat staat niet op deze kaart (let op "
    "hoofdletters en spaties). Bedoelde u:",
    "badLinkMalformed": "De link is beschadigd (ongeldige tekens na #) en is genegeerd.",
    "badNetwork": "De link noemt netwerk '{given}', maar dat staat niet op deze kaart.",
    "menu": "Menu", "menuLabel": "Menu: zoeken, filters en legenda",
    "mapImage": "De kaart zoals getoond",
    "noEvidence": "Geen bewijs vastgelegd.",
    "shown": "{shown} van {total} zichtbaar", "shownOne": "1 van {total} zichtbaar",
    "selected": "Geselecteerd: {name} ({kind}); verbindingen: {n}",
    "filtered": "Filter: {what}; {shown} zichtbaar",
    "gaps": "{n} niet gedekt voor {what}",
    "gapsList": NOT_COVERED_TITLE, "gapsNone": "alles is gedekt",
    "domains": "Domeinen", "subdomains": "Subdomeinen",
    "gapsNoData": "geen gegevens: pzgraph kent geen project of activiteit van dit netwerk "
    "(onbekend, dus niet 'niet gedekt')",
    "gapsElsewhere": "niet van toepassing: de {n} aanbevelingen van de PN-raad van Septet "
    "gelden niet voor dit netwerk",
    "gapsUnlinked": "{what}: geen project of activiteit van dit netwerk is er al aan gekoppeld "
    "(ontbreekt in de vastlegging, geen gat in de zorg)",
    "textVersion": "Tekstversie van de kaart (tabel)",
    "name": "Naam", "connections": "Verbindingen", "members": "{n} leden",
    "gathered": "{n} organisaties", "gatheredOne": "1 organisatie",
    "networksMany": "{n} netwerken", "networksOne": "1 netwerk",
    "workGroup": "Projecten en activiteiten", "workMany": "{n} projecten en activiteiten",
    "workOne": "1 project of activiteit", "linkedGroup": "Ook verbonden met",
    "matches": "Past bij het filter",
    "matchesBeside": "trekt of voert werk uit dat bij het filter past",
    "networksCount": "{n} netwerken:",
    "opened": "uitgevouwen", "closed": "ingevouwen",
    "clusterInfo": "Overzicht: de organisaties staan samengevoegd onder hun netwerk, "
    "consortium of landelijke organisatie, de projecten en activiteiten apart onder het "
    "netwerk dat ze uitvoert. Klik op een naam met ▸ om uit te vouwen, nog eens om in te "
    "vouwen; zoeken vindt ook wat is samengevoegd. Een afgekorte naam staat voluit als u de "
    "muis erop houdt.",
    "abbreviations": "Afkortingen", "offView": "Buiten beeld: {what}.", "showThem": "Toon ze",
    "report": "Naar het rapport", "little": "{what}",  # known_about() writes the sentence
    "judgedBecause": "Gestreept omdat: {why}",
    "emptyNothing": "Niets te tonen met deze filters. Wis ze met ↺ of R.",
    "emptyTopic": "Niets te tonen: geen project of activiteit van {who} werkt aan {topic}.",
    "emptyNotApplicable": "Niets te tonen: {topic} geldt niet voor {who} (niet van toepassing).",
    "outsideFilter": "nog {n} buiten het filter (elders):", "sourceOnly": "bron zonder citaat",
    "didYouMean": "Bedoelde u:", "toMap": "Naar de kaart", "sharedAbove": "zie boven",
    "sharedJudgement": "Eén oordeel van de curator voor {n} verbindingen",
    "judgedLines": "= rust op een oordeel van de curator, geen citaat ({n} van de {total})",
    "keys": "Toetsen: + en − zoomen, 0 toont alles, R wist de filters, Esc heft de selectie "
    "op; pijltjes lopen door de zoekresultaten en, op de kaart, langs de buren van de "
    "selectie.",
    "english": "Engels, referentieblad", "source": "bron",
    "printSelection": "Geselecteerd: {name} en {n} verbonden namen",
}

# The report's label of where a number comes from (the query, its parameters, the command):
# closed by default, for the technical reader; the prose never names a query.
HOW_COMPUTED = "Hoe dit is berekend"
# A network or consortium with recorded work of which none is linked to a frame's concepts
# (Septet's projects and the Kwaliteitskader): a hole in the records, not a gap in the care.
# ("hiaat" is a gap in Dutch too: the words say what is missing, and where.)
NOT_LINKED_WHY = "ontbreekt in de vastlegging, geen gat in de zorg"
NOT_LINKED = ("projecten of activiteiten vastgelegd, maar nog niet aan een {what} gekoppeld ("
              + NOT_LINKED_WHY + ")")
# A row's footing in plain words, for the report's legend (the levels: vocabularies/zekerheid.ttl)
FOOTINGS: dict[str, str] = {
    "citaat": "letterlijk geciteerd uit een brondocument",
    "genoemd": "genoemd in een brondocument, in eigen woorden omschreven (geen citaat)",
    "bevestigd": "een openbaar feit, nagekeken op de genoemde website",
    "oordeel": "een oordeel van de curator: de bron zegt het niet letterlijk",
    "onbevestigd": "een openbaar feit, aangenomen maar niet nagekeken",
    "voorstel": "een voorstel van de computer dat nog niemand heeft nagekeken",
    "(onbepaald)": "de rij rust op geen vastgelegde bewering, zoals ‘(geen consortium "
    "vastgelegd)’",
}
FOOTING_LEGEND = ("Zekerheid: op wat voor bewijs een rij rust; een rij die op meer rust, is "
                  "zo zeker als het zwakste ervan. In een matrix: de zwakste van de rij; leeg "
                  "bij een rij zonder gegevens. Een gat rust op niets (er is juist niets "
                  "vastgelegd) en heeft dus geen zekerheid.")


# --- what the graph holds about one network: one rule for its report section and its map ----
FEW_KNOWN = 5  # members and projects together: fewer, and the graph knows little


def known_about(members: int, work: int, bodies: int | None = None) -> str:
    """What a network's section and map say about how much the graph holds: a warning only
    when it holds little overall (few members AND few projects or activities together), so a
    network with 55 projects and no member named (Rotterdam) is no "weinig" network; there,
    only what is missing is named. Empty when nothing needs saying."""
    def count(n: int, one: str, many: str, none: str) -> str:
        return f"{n} {one if n == 1 else many}" if n else none

    held = [count(members, "lid", "leden", "geen leden"),
            count(work, "project of activiteit", "projecten en activiteiten",
                  "geen projecten of activiteiten")]
    if members + work < FEW_KNOWN:
        if bodies == 0:
            held.append("geen stuurgroep of ander orgaan")
        return ("pzgraph weet weinig over dit netwerk: " + ", ".join(held[:-1]) + " en "
                + held[-1] + " vastgelegd. Lees de tabellen en de kaart als een begin, niet als "
                "het hele beeld.")
    if not members:
        return f"Geen leden vastgelegd: pzgraph kent van dit netwerk geen leden (wel {held[1]})."
    return ""
