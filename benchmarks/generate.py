"""A synthetic palliative-care landscape at national scale and beyond, as a pzgraph project.

    .venv/bin/python benchmarks/generate.py --scale 1 --out /tmp/pzgraph-scale-1 [--seed 7]

Writes a complete project folder that `pzgraph validate` and `pzgraph build` accept:

    ontology/ queries/ checks/   copied from this checkout
    data/reference.yaml          7 consortia, 12 provinces, 342 municipalities (GMdddd),
                                 municipality parts, national bodies, a programme
    data/nNNNN-<network>.yaml    one per network: the network, its bodies and posts, its
                                 source document, plan and goals, ~80 organisations (types,
                                 sectors, memberships with roles and periods) and ~30
                                 projects and activities (runBy, lead, partners, status,
                                 years, coverage links to kwaliteitskader/, pnraad/,
                                 kernthema/ and actielijn/, results)
    sources/*.txt                a synthetic source text per data file; every quote in the
                                 data is a sentence of it (line-wrapped, a few words split
                                 by a hyphen at a line end, as text extracted from a PDF is)

Scale 1 is the national landscape (~65 networks); the scale multiplies networks, and with
them organisations and projects. Consortia, provinces and municipalities stay as they are.
The same scale and seed give the same bytes. Generated ids never collide with the ids of
the vocabularies (checked). Run with PZGRAPH_ROOT=<out> PZGRAPH_SOURCES=<out>/sources.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ID_BASE = "https://w3id.org/pzgraph/id/"

NETWORKS_AT_SCALE_1 = 65
ORGANISATIONS_PER_NETWORK = 80
PROJECTS_PER_NETWORK = 30
MUNICIPALITIES = 342
REFERENCE_SOURCE = "synthetic-reference.txt"

PROVINCES = ["Groningen", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
             "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg"]
CONSORTIA = [  # id, region; PROVINCE_CONSORTIUM maps each province to one
    ("noord", "Noord"), ("oost", "Oost"), ("midden", "Midden"), ("west", "West"),
    ("zuidwest", "Zuidwest"), ("zuid", "Zuid"), ("zuidoost", "Zuidoost"),
]
PROVINCE_CONSORTIUM = [0, 0, 0, 1, 3, 1, 2, 3, 4, 4, 5, 6]
NATIONAL = [  # id, type, label, sector
    ("pznl", "NationalBody", "Stichting Landelijke Ondersteuning Palliatieve Zorg", "landelijk"),
    ("vnpz", "NationalBody", "Landelijke Vereniging van Netwerken", "landelijk"),
    ("ahzn", "NationalBody", "Koepel van Hospicezorg", "hospice"),
    ("vptz-nederland", "NationalBody", "Landelijke Vrijwilligers Terminale Zorg", "vptz"),
    ("vws", "GovernmentBody", "Ministerie van Zorg en Welzijn", "overheid"),
    ("zonmw", "Funder", "Fonds voor Zorgonderzoek", "onderzoek"),
    ("iknl", "ExpertiseCentre", "Landelijk Kenniscentrum Zorg", "expertise"),
]
# type(s), sector, word in the name, weight
KINDS = [
    (["HomeCareOrganisation"], "vvt", "Thuiszorg", 14),
    (["NursingHomeOrganisation"], "vvt", "Zorgcentrum", 12),
    (["GPOrganisation"], "huisartsen", "Huisartsenpraktijk", 14),
    (["Hospice"], "hospice", "Hospice", 4),
    (["Hospice", "VolunteerOrganisation"], "hospice", "Bijna-Thuis-Huis", 2),
    (["VolunteerOrganisation"], "vptz", "VPTZ", 4),
    (["Hospital"], "ziekenhuis", "Ziekenhuis", 3),
    (["MentalHealthOrganisation"], "ggz", "GGZ", 3),
    (["DisabilityCareOrganisation"], "gehandicaptenzorg", "Zorgstichting", 3),
    (["Pharmacy"], "apotheek", "Apotheek", 8),
    (["SocialCareOrganisation"], "sociaal-domein", "Welzijn", 8),
    (["SpiritualCareOrganisation"], "levensvragen", "Centrum voor Levensvragen", 2),
    (["EducationInstitution"], "onderwijs", "Zorgopleidingen", 2),
    (["PatientRepresentation"], "patienten", "Patiëntenplatform", 2),
    (["GovernmentBody"], "overheid", "Gemeentelijk Loket", 3),
    (["HealthInsurer"], "zorgverzekeraar", "Zorgverzekeraar", 1),
    (["Organisation"], "paramedisch", "Fysiotherapie", 4),
]
GIVEN = ["De Linde", "Het Baken", "Sint Jozef", "De Vaart", "Het Anker", "De Horst", "Zonnehof",
         "De Bron", "Het Spectrum", "De Wieken", "Rivierduin", "De Eik", "Het Veld", "Vivium",
         "Careyn", "De Wending", "Sensire", "Oosterlengte", "De Zellingen", "Het Lichtpunt",
         "Aafje", "Laurens", "De Koperhorst", "Het Parkhuis", "De Marke", "Zorgbalans", "Amaris",
         "Omring", "Het Zonnehuis", "De Meerlanden", "Tabitha", "Het Gastenhuis", "De Eikelhof",
         "Saffier", "Humanitas", "Marente", "Het Raethuys", "De Blije Borgh", "Beweging 3.0"]
PREFIX = ["Aal", "Bre", "Dor", "Eem", "Gel", "Hol", "Kam", "Lei", "Maas", "Noord", "Oost", "Rijn",
          "Schel", "Vecht", "West", "Zee", "Ter", "Veen", "Berg", "Wolde", "Hoog", "Laag", "Brak",
          "Duin", "Kreek", "Linge", "Merwe", "Peel", "Stad", "Wiel"]
SUFFIX = ["dam", "dorp", "veen", "wijk", "horst", "sloot", "meer", "hoven", "loo", "burg", "rode",
          "land", "stede", "kerk", "zand", "beek", "broek", "huizen", "oord", "haven"]
TOPICS = ["Proactieve zorgplanning in de wijk", "Scholing palliatieve zorg voor wijkverpleging",
          "PaTz-groepen huisartsen en wijkverpleging", "Markering van de palliatieve fase",
          "Overdracht van ziekenhuis naar huis", "Publieksbijeenkomsten over het levenseinde",
          "Digitaal zorgpad palliatieve zorg", "Ondersteuning van mantelzorgers",
          "Levensvragen in de laatste levensfase", "Consultatie palliatief team",
          "Rouwzorg en nazorg voor naasten", "Samenwerking met het sociaal domein",
          "Netwerkbijeenkomst zorgaanbieders", "Palliatieve zorg voor mensen met een beperking",
          "Vrijwilligers terminale zorg werven", "Spiegelinformatie over de regio",
          "Casemanagement palliatieve zorg", "Culturele diversiteit aan het sterfbed",
          "Palliatieve zorg in het verpleeghuis", "Deskundigheidsbevordering apothekers",
          "Regionale sociale kaart palliatieve zorg", "Zorg rond het sterven thuis",
          "Intervisie voor zorgverleners", "Informatiepunt palliatieve zorg",
          "Passende financiering van de netwerkzorg", "Afspraken over 24-uurs bereikbaarheid",
          "Scholing ethische dilemma's", "Kinderpalliatieve zorg in de regio",
          "Dementie en palliatieve zorg", "Zorgpad voor de laatste levensfase"]
UNITS = ["deelnemers", "bijeenkomsten", "scholingen", "bezoekers", "consulten", "zorgverleners"]
FRAMES = ["kwaliteitskader", "pnraad", "kernthema", "actielijn"]
ROLES = {"rol/lid", "rol/stuurgroeplid", "rol/db-lid", "rol/penvoerder", "rol/aangesloten",
         "rol/partner", "rol/netwerkcoordinator", "rol/projectleider", "rol/werkgroeplid",
         "rol/voorzitter", "rol/trekker"}
STATUSES = ["status/op-schema", "status/behaald", "status/doorlopend", "status/achter-op-schema",
            "status/gepland", "status/in-uitvoering", "status/afgerond"]
DB_SECTORS = ["vvt", "ziekenhuis", "hospice", "huisartsen"]


# --- a tiny YAML writer: block style, strings as JSON (valid YAML double-quoted scalars) ---

def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Date):
        return value.text
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Date:
    """A date or year written unquoted, so YAML reads it as the curated files' dates are read."""

    text: str


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item and not _flat(item):
                out.append(f"{pad}{key}:")
                _emit(item, indent + 2, out)
            else:
                out.append(f"{pad}{key}: {_inline(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                lines: list[str] = []
                _emit(item, indent + 2, lines)
                lines[0] = f"{pad}- " + lines[0][indent + 2:]
                out.extend(lines)
            else:
                out.append(f"{pad}- {_inline(item)}")


def _flat(item: Any) -> bool:
    return isinstance(item, list) and all(not isinstance(v, dict | list) for v in item)


def _inline(item: Any) -> str:
    if isinstance(item, list):
        return "[" + ", ".join(_scalar(v) for v in item) + "]"
    return _scalar(item)


def to_yaml(document: dict) -> str:
    out: list[str] = []
    _emit(document, 0, out)
    return "\n".join(out) + "\n"


# --- the source text: sentences, quoted by the data ---------------------------------------

@dataclass
class Source:
    """A synthetic document: each fact's sentence is written once and quoted from there."""

    name: str
    title: str
    sentences: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def quote(self, sentence: str, locator: str | None = None) -> dict:
        assert len(sentence) <= 300 and "\n" not in sentence, sentence
        if sentence not in self.seen:
            self.seen.add(sentence)
            self.sentences.append(sentence)
        item: dict[str, Any] = {"quote": sentence}
        if locator:
            item["locator"] = locator
        return item

    def text(self, rng: random.Random) -> str:
        """Paragraphs of wrapped lines; now and then a long word split at a line end."""
        lines = [self.title, "=" * len(self.title), ""]
        for start in range(0, len(self.sentences), 6):
            paragraph = " ".join(self.sentences[start:start + 6])
            wrapped = textwrap.wrap(paragraph, width=88, break_on_hyphens=False,
                                    break_long_words=False)
            lines += [_hyphenate(line, rng) for line in wrapped] + [""]
        return "\n".join(_join_hyphenated(lines)) + "\n"


def _hyphenate(line: str, rng: random.Random) -> str:
    """Mark the last word of some lines to be split across the line break ('zorg-|verlener')."""
    words = line.split(" ")
    last = words[-1]
    if len(last) >= 12 and last.isalpha() and rng.random() < 0.3:
        cut = len(last) // 2
        words[-1] = last[:cut] + "-\x00" + last[cut:]
    return " ".join(words)


def _join_hyphenated(lines: list[str]) -> Iterator[str]:
    """Carry the second half of a split word over to the start of the next line."""
    carry = ""
    for line in lines:
        line = f"{carry} {line}" if carry and line else carry + line
        carry = ""
        if "\x00" in line:
            line, carry = line.split("\x00", 1)
        yield line
    if carry:
        yield carry


# --- the landscape -------------------------------------------------------------------------

def place_names(count: int, rng: random.Random, salt: int) -> list[str]:
    """Distinct Dutch-sounding place names, deterministic."""
    combos = [p + s for p in PREFIX for s in SUFFIX]
    random.Random(salt).shuffle(combos)
    names = []
    for index in range(count):
        base = combos[index % len(combos)]
        round_ = index // len(combos)
        names.append(base if round_ == 0 else f"{base} {_roman(round_ + 1)}")
    return names


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def slug(text: str) -> str:
    out = []
    for char in text.lower():
        if char.isalnum() and char.isascii():
            out.append(char)
        elif char in "ëéè":
            out.append("e")
        else:
            out.append("-")
    return "-".join(part for part in "".join(out).split("-") if part)


def vocabulary(ontology_dir: Path) -> tuple[set[str], dict[str, list[tuple[str, str]]],
                                            dict[str, str]]:
    """Every id the vocabularies define, the concepts of each frame, and Dutch labels."""
    import pyoxigraph as ox

    ids: set[str] = set()
    labels: dict[str, str] = {}
    schemes: dict[str, str] = {}
    for path in sorted((ontology_dir / "vocabularies").glob("*.ttl")):
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
            if not subject.startswith(ID_BASE):
                continue
            short = subject[len(ID_BASE):]
            ids.add(short)
            predicate = quad.predicate.value
            if predicate.endswith("#prefLabel") and getattr(quad.object, "language", None) == "nl":
                labels[short] = quad.object.value
            if predicate.endswith("#inScheme"):
                schemes[short] = quad.object.value[len(ID_BASE):]
    frames = {frame: sorted((c, labels[c]) for c, scheme in schemes.items()
                            if scheme == frame and c in labels)
              for frame in FRAMES}
    return ids, frames, labels


@dataclass
class Organisation:
    id: str
    label: str
    types: list[str]
    sector: str
    network: int


class Generator:
    def __init__(self, scale: float, seed: int, ontology_dir: Path):
        self.scale, self.seed = scale, seed
        self.rng = random.Random(seed)
        self.vocab_ids, self.frames, self.vocab_labels = vocabulary(ontology_dir)
        missing = {r for r in ROLES if r not in self.vocab_ids} | \
                  {s for s in STATUSES if s not in self.vocab_ids} | \
                  {f"sector/{k[1]}" for k in KINDS if f"sector/{k[1]}" not in self.vocab_ids}
        if missing or not all(self.frames.values()):
            raise SystemExit(f"the vocabularies lack what the generator uses: {sorted(missing)}")
        self.n_networks = max(1, round(NETWORKS_AT_SCALE_1 * scale))
        self.defined: set[str] = set()
        self.kind_weights = [k[3] for k in KINDS]

    def define(self, identifier: str) -> str:
        if identifier in self.vocab_ids:
            raise SystemExit(f"generated id {identifier} collides with a vocabulary id")
        if identifier in self.defined:
            raise SystemExit(f"generated id {identifier} twice")
        self.defined.add(identifier)
        return identifier

    # reference.yaml: consortia, provinces, municipalities, national bodies, programme
    def reference(self) -> tuple[dict, Source]:
        src = Source(REFERENCE_SOURCE, "Synthetisch referentieblad van het landschap")
        records: list[dict] = [{
            "id": self.define("bron/" + REFERENCE_SOURCE.removesuffix(".txt")),
            "type": "SourceDocument", "label": "Synthetisch referentieblad",
            "fileName": REFERENCE_SOURCE, "documentKind": "referentieblad (synthetisch)",
            "evidence": [src.quote("Dit referentieblad beschrijft het synthetische landschap van "
                                   "consortia, provincies, gemeenten en landelijke organisaties.")],
        }, {
            "id": self.define("programma/nppz-ii"), "type": "Programme",
            "label": "Nationaal Programma Palliatieve Zorg II",
            "from": Date("2021"), "until": Date("2026"),
            "evidence": [src.quote("Het Nationaal Programma Palliatieve Zorg II loopt van 2021 tot "
                                   "en met 2026.")],
        }]
        for key, kind, label, sector in NATIONAL:
            records.append({
                "id": self.define(f"organisatie/{key}"), "type": kind, "label": label,
                "sector": [f"sector/{sector}"],
                "evidence": [src.quote(f"{label} is een landelijke organisatie in de palliatieve "
                                       "zorg.")],
            })
        self.consortia = []
        for key, region in CONSORTIA:
            label = f"Consortium Palliatieve Zorg {region}"
            cid = self.define(f"consortium/{key}")
            self.consortia.append((cid, label))
            records.append({
                "id": cid, "type": "Consortium", "label": label,
                "altLabel": [f"Consortium {region}"],
                "evidence": [src.quote(f"{label} is een van de zeven consortia palliatieve zorg.")],
                "members": [{"member": "organisatie/pznl", "role": "rol/partner",
                             "evidence": [src.quote(f"De landelijke ondersteuningsorganisatie is "
                                                    f"partner in {label}.")]}],
            })
        self.provinces = []
        for name in PROVINCES:
            pid = self.define(f"provincie/{slug(name)}")
            self.provinces.append(pid)
            records.append({
                "id": pid, "type": "Province", "label": f"Provincie {name}", "altLabel": [name],
                "evidence": [src.quote(f"{name} is een van de twaalf provincies.")],
            })
        # municipalities: distinct GM codes, spread over the provinces in blocks
        codes = sorted(random.Random(self.seed + 1).sample(range(1, 2000), MUNICIPALITIES))
        names = place_names(MUNICIPALITIES, self.rng, self.seed + 2)
        self.municipalities = []  # (id, label, province index)
        for index, (code, name) in enumerate(zip(codes, names, strict=True)):
            province = index * len(PROVINCES) // MUNICIPALITIES
            gm = f"GM{code:04d}"
            mid = self.define(f"gemeente/{gm}")
            population = random.Random(code).randint(900, 250_000)
            self.municipalities.append((mid, name, province))
            records.append({
                "id": mid, "type": "Municipality", "label": name, "cbsCode": gm,
                "partOf": self.provinces[province], "population": population,
                "evidence": [src.quote(f"Gemeente {name} (CBS-code {gm}) ligt in de provincie "
                                       f"{PROVINCES[province]} en heeft {population} inwoners.",
                                       "gemeentetabel")],
            })
        # a part of every 20th municipality, served on its own by some network
        self.parts: dict[str, str] = {}
        for mid, name, _ in self.municipalities[::20]:
            part = self.define(f"gemeentedeel/{slug(name)}-{'noord'}")
            self.parts[mid] = part
            records.append({
                "id": part, "type": "MunicipalityPart", "label": f"{name}-Noord",
                "partOf": mid,
                "evidence": [src.quote(f"{name}-Noord is een deel van de gemeente {name}.")],
            })
        return {"graph": "reference", "source": REFERENCE_SOURCE, "records": records}, src

    def networks(self) -> list[tuple[str, str, str, int, list[str]]]:
        """(id, place, label, consortium index, areas) per network."""
        places = place_names(self.n_networks, self.rng, self.seed + 3)
        out = []
        per = MUNICIPALITIES / max(self.n_networks, NETWORKS_AT_SCALE_1)
        for index, place in enumerate(places):
            first = int(index * per) % MUNICIPALITIES
            count = max(1, round(per) + self.rng.choice([-1, 0, 0, 1]))
            areas = []
            for offset in range(count):
                mid = self.municipalities[(first + offset) % MUNICIPALITIES][0]
                # now and then a network serves a part of a municipality, not the whole
                if mid in self.parts and index % 3 == 0:
                    areas.append(self.parts[mid])
                else:
                    areas.append(mid)
            province = self.municipalities[first][2]
            label = f"Netwerk Palliatieve Zorg {place}"
            out.append((f"netwerk/{slug(place)}", place, label, PROVINCE_CONSORTIUM[province],
                        areas))
        return out

    def network_file(self, index: int, networks: list, organisations: list[list[Organisation]]
                     ) -> tuple[str, dict, Source]:
        rng = random.Random(f"{self.seed}/{index}")
        nid, place, nlabel, consortium, areas = networks[index]
        stem = f"n{index + 1:04d}-{slug(place)}"
        key = nid.removeprefix("netwerk/")
        src = Source(f"{stem}.txt", f"Jaarplan 2025 {nlabel}")
        cid, clabel = self.consortia[consortium]
        bron = self.define(f"bron/{stem}")
        plan = self.define(f"plan/{key}-jaarplan-2025")
        records: list[dict] = [{
            "id": bron, "type": "SourceDocument", "label": f"Jaarplan 2025 {nlabel}",
            "fileName": src.name, "documentKind": "jaarplan (synthetisch)", "publisher": [nid],
            "from": Date("2025"), "until": Date("2025"),
            "evidence": [src.quote(f"Dit is het jaarplan 2025 van het {nlabel}.")],
        }]
        network: dict[str, Any] = {
            "id": self.define(nid), "type": "Network", "label": nlabel,
            "altLabel": [f"NPZ {place}"], "consortium": cid, "areaServed": areas,
            "fundedBy": ["organisatie/vws"],
            "evidence": [src.quote(f"Het {nlabel} maakt deel uit van {clabel}."),
                         src.quote(f"Het netwerk werkt in {len(areas)} gemeenten en ontvangt "
                                   "subsidie van het ministerie voor de netwerkcoördinatie.")],
        }
        if index % 2 == 0:
            network["memberships"] = [{
                "organization": cid, "role": "rol/lid", "from": Date("2020-01-01"),
                "evidence": [src.quote(f"Het netwerk is sinds 2020 lid van {clabel}.")]}]
        # members from neighbouring networks (bridges)
        members = []
        for other in (index - 1, index + 1):
            if 0 <= other < len(organisations) and other != index:
                for org in rng.sample(organisations[other], 2):
                    members.append({
                        "member": org.id, "role": "rol/deelnemer",
                        "evidence": [src.quote(f"Ook {org.label} uit de buurregio neemt deel aan "
                                               f"het {nlabel}.", "§2 Leden")]})
        if members:
            network["members"] = members
        records.append(network)
        records.append({
            "id": plan, "type": "Plan", "label": f"Jaarplan 2025-2026 {nlabel}",
            "publisher": [nid], "from": Date("2025"), "until": Date("2026"), "describedIn": bron,
            "programme": ["programma/nppz-ii"],
            "evidence": [src.quote(f"Het jaarplan van het {nlabel} loopt van 2025 tot en met "
                                   "2026 en sluit aan bij het Nationaal Programma Palliatieve "
                                   "Zorg II.")],
        })
        # governing bodies and posts
        stuurgroep = self.define(f"orgaan/{key}-stuurgroep")
        db = self.define(f"orgaan/{key}-db")
        werkgroep = self.define(f"orgaan/{key}-werkgroep-scholing")
        for body, kind, name, article in (
                (stuurgroep, "SteeringGroup", "Stuurgroep", "De"),
                (db, "DailyBoard", "Dagelijks bestuur", "Het"),
                (werkgroep, "WorkingGroup", "Werkgroep scholing", "De")):
            records.append({
                "id": body, "type": kind, "label": f"{name} {nlabel}", "unitOf": [nid],
                "evidence": [src.quote(f"{article} {name.lower()} van het netwerk komt vier keer "
                                       "per jaar bijeen.", "§3 Structuur")]})
        orgs = organisations[index]
        penvoerder = orgs[0]
        records.append({
            "id": self.define(f"post/{key}-netwerkcoordinator"), "type": "Post",
            "label": f"Netwerkcoördinator {nlabel}", "postIn": [nid],
            "role": "rol/netwerkcoordinator", "hoursPerWeek": rng.choice([16, 20, 24, 28, 32]),
            "employer": penvoerder.id,
            "evidence": [src.quote(f"De netwerkcoördinator is in dienst van {penvoerder.label}.",
                                   "§3 Structuur")]})
        for sector in DB_SECTORS:
            vacant = rng.random() < 0.15
            records.append({
                "id": self.define(f"post/{key}-db-zetel-{sector}"), "type": "Post",
                "label": f"DB-zetel {self.vocab_labels[f'sector/{sector}']}", "postIn": [db],
                "role": "rol/db-lid", "sector": [f"sector/{sector}"], "vacant": vacant,
                "evidence": [src.quote(
                    f"De zetel van de sector {self.vocab_labels[f'sector/{sector}']} in het "
                    f"dagelijks bestuur is {'vacant' if vacant else 'bezet'}.", "§3 Structuur")]})
        # goals
        goals = []
        for number in range(1, 4):
            concept, concept_label = rng.choice(self.frames[rng.choice(FRAMES)])
            goal = self.define(f"doel/{key}-speerpunt-{number}")
            goals.append(goal)
            records.append({
                "id": goal, "type": "Goal", "label": f"Speerpunt {number}: {concept_label}",
                "plan": plan, "runBy": [nid], "year": [2025, 2026],
                "addresses": [{"concept": concept, "evidence": [src.quote(
                    f"Speerpunt {number} van het netwerk is {concept_label.lower()}.",
                    "§4 Speerpunten")]}],
                "evidence": [src.quote(f"Speerpunt {number} van het netwerk is "
                                       f"{concept_label.lower()}.", "§4 Speerpunten")]})
        # organisations
        for position, org in enumerate(orgs):
            records.append(self._organisation(org, position, nid, nlabel, stuurgroep, db,
                                              werkgroep, organisations, index, src, rng))
        # projects and activities
        used_topics: set[str] = set()
        for number in range(1, PROJECTS_PER_NETWORK + 1):
            records.append(self._project(number, key, nid, nlabel, plan, goals, orgs,
                                         organisations, index, used_topics, src, rng))
        return stem, {"graph": stem, "source": src.name, "records": records}, src

    def _organisation(self, org: Organisation, position: int, nid: str, nlabel: str,
                      stuurgroep: str, db: str, werkgroep: str,
                      organisations: list[list[Organisation]], index: int, src: Source,
                      rng: random.Random) -> dict:
        since = Date(f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}-01")
        memberships = [{
            "organization": nid, "role": "rol/penvoerder" if position == 0 else "rol/lid",
            "from": since,
            "evidence": [src.quote(
                f"{org.label} is {'penvoerder' if position == 0 else 'lid'} van het netwerk "
                f"sinds {since.text[:4]}.", "§2 Leden")]}]
        if position < 10:
            memberships.append({
                "organization": stuurgroep, "role": "rol/stuurgroeplid",
                "evidence": [src.quote(f"{org.label} heeft een zetel in de stuurgroep.",
                                       "§3 Structuur")]})
        if position < 3:
            memberships.append({
                "organization": db, "role": "rol/db-lid", "from": Date("2024"),
                "until": Date("2026"),
                "evidence": [src.quote(f"{org.label} is van 2024 tot en met 2026 lid van het "
                                       "dagelijks bestuur.", "§3 Structuur")]})
        if 10 <= position < 16:
            memberships.append({
                "organization": werkgroep, "role": "rol/werkgroeplid",
                "evidence": [src.quote(f"{org.label} neemt deel aan de werkgroep scholing.")]})
        if "Hospice" in org.types and rng.random() < 0.95:
            umbrella = rng.choice([("organisatie/ahzn", "de koepel van hospicezorg"),
                                   ("organisatie/vptz-nederland", "de landelijke vrijwilligers "
                                    "terminale zorg")])
            memberships.append({
                "organization": umbrella[0], "role": "rol/aangesloten",
                "evidence": [src.quote(f"{org.label} is aangesloten bij {umbrella[1]}.")]})
        if rng.random() < 0.04 and len(organisations) > 1:  # also in a neighbouring network
            other = (index + 1) % len(organisations)
            neighbour = organisations[other][0]
            nnet = f"netwerk/{self._network_keys[other]}"
            memberships.append({
                "organization": nnet, "role": "rol/lid",
                "evidence": [src.quote(f"{org.label} is ook lid van het netwerk in de regio van "
                                       f"{neighbour.label}.")]})
        kind_text = self.vocab_labels[f"sector/{org.sector}"]
        record: dict[str, Any] = {
            "id": org.id, "type": org.types if len(org.types) > 1 else org.types[0],
            "label": org.label, "sector": [f"sector/{org.sector}"],
            "evidence": [src.quote(f"{org.label} is een organisatie uit de sector "
                                   f"{kind_text} en werkt mee in het {nlabel}.", "§2 Leden")],
            "memberships": memberships,
        }
        if position % 7 == 0:
            initials = "".join(word[0] for word in org.label.split(" ", 1)[0].split("-"))
            record["altLabel"] = [f"{initials.upper()} {org.label.split(' ', 1)[-1]}"]
            record["evidence"].append(src.quote(f"{org.label}, kortweg "
                                                f"{record['altLabel'][0]}, is al jaren "
                                                "betrokken."))
        return record

    def _project(self, number: int, key: str, nid: str, nlabel: str, plan: str,
                 goals: list[str], orgs: list[Organisation],
                 organisations: list[list[Organisation]], index: int, used: set[str],
                 src: Source, rng: random.Random) -> dict:
        activity = number % 5 == 0
        topic = rng.choice(TOPICS)
        label = topic if topic not in used else f"{topic} ({number})"
        used.add(label)
        pid = self.define(f"{'activiteit' if activity else 'project'}/{key}-{number:03d}")
        lead = rng.choice(orgs)
        partners = rng.sample([o for o in orgs if o is not lead], 2)
        if rng.random() < 0.1 and len(organisations) > 1:  # a partner from another network
            partners.append(rng.choice(organisations[(index - 1) % len(organisations)]))
        kind = "de activiteit" if activity else "het project"
        years = [2025] if rng.random() < 0.5 else [2025, 2026]
        record: dict[str, Any] = {
            "id": pid, "type": "Activity" if activity else "Project", "label": label,
            "runBy": [nid], "lead": [lead.id], "partner": [p.id for p in partners],
            "status": rng.choice(STATUSES), "year": years, "plan": plan,
            "contributesTo": [rng.choice(goals)],
            "evidence": [src.quote(f"{kind.capitalize()} '{label}' wordt getrokken door "
                                   f"{lead.label}, samen met "
                                   f"{' en '.join(p.label for p in partners)}.", "§5 Projecten")],
        }
        if rng.random() < 0.3:
            record["leadRole"] = ["rol/projectleider"]
        links = []
        for frame in rng.sample(FRAMES, rng.randint(1, 3)):
            concept, concept_label = rng.choice(self.frames[frame])
            links.append({"concept": concept, "evidence": [src.quote(
                f"{kind.capitalize()} '{label}' draagt bij aan {concept_label.lower()}.",
                "§5 Projecten")]})
        record["addresses"] = links
        if rng.random() < 0.3:
            value, unit = rng.randint(5, 400), rng.choice(UNITS)
            quote = src.quote(f"In 2024 bereikte {kind} '{label}' {value} {unit}.",
                              "§6 Resultaten")
            record["results"] = [{"key": unit, "value": value, "unit": unit, "year": 2024,
                                  "evidence": [quote]}]
        return record

    def organisations(self, networks: list) -> list[list[Organisation]]:
        out = []
        self._network_keys = [n[0].removeprefix("netwerk/") for n in networks]
        for index, (_, place, _, _, _) in enumerate(networks):
            rng = random.Random(f"{self.seed}/orgs/{index}")
            key = self._network_keys[index]
            orgs, labels = [], set()
            for number in range(ORGANISATIONS_PER_NETWORK):
                types, sector, word, _ = rng.choices(KINDS, self.kind_weights)[0]
                label = f"{word} {rng.choice(GIVEN)} {place}"
                while label in labels:
                    label = f"{word} {rng.choice(GIVEN)} {place} {rng.randint(2, 99)}"
                labels.add(label)
                oid = self.define(f"organisatie/{key}-{number + 1:03d}-{slug(word)}")
                orgs.append(Organisation(oid, label, types, sector, index))
            out.append(orgs)
        return out


def copy_model(target: Path) -> None:
    for folder in ("ontology", "queries", "checks"):
        shutil.rmtree(target / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, target / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def generate(scale: float, out: Path, seed: int = 7, progress=print) -> dict:
    """Write the project folder; returns counts."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for folder in ("data", "sources", "build"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir()
    copy_model(out)
    generator = Generator(scale, seed, out / "ontology")
    reference, reference_source = generator.reference()
    networks = generator.networks()
    organisations = generator.organisations(networks)
    text_rng = random.Random(seed + 4)
    (out / "data" / "reference.yaml").write_text(
        "# Synthetic reference data (benchmarks/generate.py): not the real landscape.\n"
        + to_yaml(reference), encoding="utf-8")
    (out / "sources" / REFERENCE_SOURCE).write_text(reference_source.text(text_rng),
                                                    encoding="utf-8")
    records = len(reference["records"])
    quotes = len(reference_source.sentences)
    for index in range(len(networks)):
        stem, document, source = generator.network_file(index, networks, organisations)
        (out / "data" / f"{stem}.yaml").write_text(to_yaml(document), encoding="utf-8")
        (out / "sources" / source.name).write_text(source.text(text_rng), encoding="utf-8")
        records += len(document["records"])
        quotes += len(source.sentences)
        if progress and (index + 1) % 500 == 0:
            progress(f"{index + 1}/{len(networks)} networks")
    (out / "README.md").write_text(
        f"Synthetic pzgraph project: `benchmarks/generate.py --scale {scale} --seed {seed}`.\n\n"
        f"    PZGRAPH_ROOT={out} PZGRAPH_SOURCES={out}/sources pzgraph validate\n",
        encoding="utf-8")
    counts = {"scale": scale, "seed": seed, "networks": len(networks),
              "organisations": sum(map(len, organisations)),
              "projects": len(networks) * PROJECTS_PER_NETWORK, "records": records,
              "sentences": quotes, "seconds": round(time.perf_counter() - started, 1)}
    (out / "generated.json").write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    counts = generate(args.scale, args.out, args.seed, progress=lambda m: print(m, file=sys.stderr))
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
