"""Facts a reader can check against each source document, and the evidence they carry."""

from __future__ import annotations

import pytest

from pzgraph.query import stats

ID = "https://w3id.org/pzgraph/id/"
PREFIXES = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def ids(graph, sparql: str, var: str = "x") -> set[str]:
    return {row[var].value.removeprefix(ID) for row in graph.query(PREFIXES + sparql)}


def area(graph, network: str) -> set[str]:
    return ids(graph, f"SELECT ?x WHERE {{ <{ID}netwerk/{network}> schema:areaServed ?x }}")


def penvoerders(graph, network: str) -> set[str]:
    return ids(graph, f"""SELECT ?x WHERE {{ ?m org:member ?x ; org:role <{ID}rol/penvoerder> ;
                                                 org:organization <{ID}netwerk/{network}> }}""")


def consortium(graph, network: str) -> set[str]:
    return ids(graph, f"SELECT ?x WHERE {{ <{ID}netwerk/{network}> pz:consortium ?x }}")


# 000_0f9769a56a83d19c.txt: "Het werkgebied omvat de volgende gemeenten: Woerden, Oudewater,
# Ronde Venen, Stichtse Vecht, Montfoort, de wijk Vleuten-De Meern (gemeente Utrecht), Houten,
# Lopik, Nieuwegein, Vianen (gemeente Vijfheerenlanden) en IJsselstein."
def test_utrecht_working_area(graph):
    joint = area(graph, "noordwest-utrecht") | area(graph, "utrecht-zuid")
    assert joint == {"gemeente/GM0632", "gemeente/GM0589", "gemeente/GM0736", "gemeente/GM1904",
                     "gemeente/GM0335", "gemeentedeel/vleuten-de-meern", "gemeente/GM0321",
                     "gemeente/GM0331", "gemeente/GM0356", "gemeentedeel/vianen", "gemeente/GM0353"}


# 000: "In de netwerken Noordwest Utrecht en Utrecht-Zuid vervult ZorgSpectrum deze rol"
# 001: Stichting palliatieve zorg Veluwe employs the coordinator.
@pytest.mark.parametrize(("network", "penvoerder"), [
    ("noordwest-utrecht", "organisatie/zorgspectrum"),
    ("utrecht-zuid", "organisatie/zorgspectrum"),
    ("noordwest-veluwe", "organisatie/stichting-palliatieve-zorg-veluwe"),
])
def test_penvoerder_of_each_network(graph, network, penvoerder):
    assert penvoerders(graph, network) == {penvoerder}


# 000: "Iedere sector (VVT, ziekenhuis, Hospices, RHO (vacature)) vaardigt een
# vertegenwoordiger af naar het DB." and, in the steering-group list, "UNICUM
# Huisartsenzorg: vacature".
def test_the_gp_seats_are_vacant(graph):
    vacant = ids(graph, """SELECT ?x WHERE { ?x a org:Post ; pz:vacant true }""")
    assert vacant == {"post/noordwest-utrecht-utrecht-zuid-db-zetel-rho",
                      "post/noordwest-utrecht-utrecht-zuid-stuurgroep-zetel-unicum"}


# 000, Bijlage 1: ambition 2 → "a. Warme overdracht b. Coördinatie van zorg en ondersteuning
# c. Wegwijzer d. Draai niet om de dood heen e. Oog voor naasten"
def test_septet_ambition_to_pnraad_mapping(graph):
    mapped = {a: ids(graph, f"SELECT ?x WHERE {{ <{ID}septet-ambitie/{a}> pz:mappedTo ?x }}")
              for a in (1, 2, 3)}
    assert mapped[1] == {"pnraad/1", "pnraad/4", "pnraad/3", "pnraad/6"}
    assert mapped[2] == {"pnraad/5", "pnraad/8", "pnraad/2", "pnraad/6", "pnraad/7"}
    assert mapped[3] == {"pnraad/6", "pnraad/2", "pnraad/7"}


# 000: "Het netwerk maakt deel uit van Septet, het consortium palliatieve zorg Midden-Nederland."
# 003: consortium Zuidwest-Nederland; 004: consortium Noord-Holland en Flevoland.
@pytest.mark.parametrize(("network", "expected"), [
    ("noordwest-utrecht", "consortium/septet"),
    ("utrecht-zuid", "consortium/septet"),
    ("noordwest-veluwe", "consortium/septet"),
    ("rotterdam-en-omstreken", "consortium/zuidwest-nederland"),
    ("gooi-en-vechtstreek", "consortium/noord-holland-en-flevoland"),
])
def test_consortium_of_each_seed_network(graph, network, expected):
    assert consortium(graph, network) == {expected}


# 001: the coordinator works 16 hours a week, employed by Stichting palliatieve zorg Veluwe.
def test_noordwest_veluwe_coordinator_hours(graph):
    rows = list(graph.query(PREFIXES + f"""SELECT ?h WHERE {{
        ?p a org:Post ; org:role <{ID}rol/netwerkcoordinator> ; pz:hoursPerWeek ?h ;
           org:postIn <{ID}netwerk/noordwest-veluwe> }}"""))
    assert [float(r["h"].value) for r in rows] == [16.0]


def results(graph, unit_word: str) -> set[tuple[float, str]]:
    rows = graph.query(PREFIXES + """SELECT ?v ?y ?u WHERE { ?x pz:result ?r . ?r pz:value ?v ;
        pz:unit ?u . OPTIONAL { ?r pz:year ?y } }""")
    return {(float(r["v"].value), r["y"].value if r["y"] else "") for r in rows
            if unit_word in r["u"].value}


# 002: 380 visitors at "Weet u wat u wilt?", 1,000 wish booklets, 7 of 8 hospices (2024).
def test_utrecht_2024_figures(graph):
    assert (380.0, "2024") in results(graph, "bezoekers")
    assert (1000.0, "2024") in results(graph, "wensenboekjes")
    assert (7.0, "2024") in results(graph, "deelnemende hospices")


# 003: "Ik wil dat de juiste zorgverleners op het juiste moment op de hoogte zijn van mijn
# waarden, wensen en behoeften" stands above the table "Domein kwaliteitskader 2.1 Markering".
def test_rotterdam_patient_wish_linked_to_markering(graph):
    assert "kwaliteitskader/2.1" in ids(graph, f"SELECT ?x WHERE {{ <{ID}wens/1> pz:mappedTo ?x }}")
    assert area(graph, "rotterdam-en-omstreken") == {
        "gemeente/GM0599", "gemeente/GM0502", "gemeente/GM0542", "gemeente/GM0613",
        "gemeente/GM0489", "gemeentedeel/berkel-en-rodenrijs", "gemeentedeel/bergschenhoek"}


# 004: "Er worden ten minste 5 bijeenkomsten georganiseerd." (Weet u wat u wilt?)
def test_gooi_weet_u_wat_u_wilt_target(graph):
    assert (5.0, "2025") in results(graph, "bijeenkomsten")
    runs = ids(graph, f"""SELECT ?x WHERE {{
        ?x pz:intervention <{ID}interventie/weet-u-wat-u-wilt> ;
           pz:runBy <{ID}netwerk/gooi-en-vechtstreek> }}""")
    assert runs


def test_every_record_has_evidence_and_judgements_are_counted(graph):
    numbers = stats.compute(graph)
    assert numbers["records_with_evidence_pct"] == 100.0
    assert numbers["quotes_verified_pct"] == 100.0
    assert numbers["curator_judgements"] > 0
    assert numbers["entities_per_class"]["Network"] >= 25


def test_unverified_reference_facts_are_flagged(graph):
    """A record resting on a B fact of the reference sheet also carries a judgement saying so."""
    rows = list(graph.query(PREFIXES + """SELECT ?record (COUNT(?why) AS ?judgements) WHERE {
        ?record pz:evidence ?e .
        ?e pz:zekerheid <https://w3id.org/pzgraph/id/zekerheid/onbevestigd> .
        OPTIONAL { ?record pz:evidence ?other . ?other pz:curatorJudgement ?why } }
        GROUP BY ?record"""))
    assert len(rows) >= 5
    assert all(int(row["judgements"].value) > 0 for row in rows)
