"""The answers the re-audit of issue 16 corrected (data/AUDIT.md), pinned to the sources.

Each test names the passage of ../shared/seeds/ it rests on. The kinds of error the audit
fixed are also checked across all of data/, so a new instance of the same kind fails here.
"""

from __future__ import annotations

import pytest

from pzgraph.checks.validate import validate
from pzgraph.ingest.keys import NESTED
from pzgraph.ingest.read import read_and_check
from pzgraph.query.library import library
from pzgraph.query.run import Answer, answer

ID = "https://w3id.org/pzgraph/id/"
PZ = "https://w3id.org/pzgraph/def#"
ORG = "http://www.w3.org/ns/org#"
PREFIXES = f"PREFIX pz: <{PZ}>\nPREFIX org: <{ORG}>\nBASE <{ID}>\n"
PN_RAAD = "PatiëntenNaastenraad Septet"
SEPTET_NETWORKS = ("noordwest-utrecht", "utrecht-zuid", "noordwest-veluwe", "utrecht-stad",
                   "zuidoost-utrecht", "eemland")


@pytest.fixture(scope="module")
def ask(project, graph):
    queries = library(project.queries_dir)

    def run(name: str, **params: str) -> Answer:
        return answer(queries[name], graph.store, params, current_version=graph.path)

    return run


def records(result: Answer) -> list[dict[str, str]]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def select(graph, where: str) -> list[dict[str, str]]:
    rows = graph.query(PREFIXES + where)
    names = [variable.value for variable in rows.variables]
    return [{name: term.value for name, term in zip(names, row, strict=True)
             if term is not None} for row in rows]


# --- memberships -------------------------------------------------------------------------------


def test_the_pn_raad_is_no_member_of_the_networks(ask, graph):
    # 000: "Daarvoor participeert op bovenregionaal niveau (Septet) de PatiëntenNaastenraad."
    # It stands in no member list of Noordwest-Utrecht or Utrecht-Zuid; 001 only consults it.
    for network in ("noordwest-utrecht", "utrecht-zuid", "noordwest-veluwe"):
        members = {row["member"] for row in records(ask("members", network=network))}
        assert PN_RAAD not in members, network
    septet = records(ask("members", member="pn-raad-septet"))
    assert {(row["network"], row["role"]) for row in septet} >= {("Septet", "Deelnemer")}
    assert all(row["network"] == "Septet" for row in septet)


def test_st_jansdal_is_no_member_of_noordwest_veluwe(ask):
    # 001: "Het bedieningsgebied van het ziekenhuis st Jansdal ... strekken zich ook uit in
    # Flevoland." and "Drieëntwintig organisaties zijn momenteel lid" (none named).
    assert records(ask("members", member="st-jansdal")) == []
    members = records(ask("members", network="noordwest-veluwe"))
    assert {row["role"] for row in members} <= {"Penvoerder", "Werkgever"}


def test_gooi_records_no_membership_004_does_not_state(ask):
    # 004 names no member organisations; partners of activities (Amaris, Hilverzorg, RHOGO,
    # Regiokompas, Stichting PaTz) and meetings attended (PZNL, VNPZ) are no memberships.
    assert records(ask("members", network="gooi-en-vechtstreek")) == []
    roles = {(row["network"], row["role"]) for row in records(ask("members",
                                                                   member="gooi-en-vechtstreek"))}
    assert ("Vereniging Netwerken Palliatieve Zorg", "Deelnemer") not in roles
    assert ("Stichting PZNL", "Deelnemer") not in roles


def test_one_vacant_gp_seat_in_the_stuurgroep_and_one_in_the_db(ask):
    # 000: "UNICUM Huisartsenzorg: vacature" (stuurgroep) and "Iedere sector (VVT, ziekenhuis,
    # Hospices, RHO (vacature)) vaardigt een vertegenwoordiger af naar het DB."
    for network in ("noordwest-utrecht", "utrecht-zuid"):
        rows = {row["sector"]: row for row in records(ask("sector-representation",
                                                          network=network))}
        gp = rows["Huisartsen"]
        assert (gp["vacant_seats"], gp["vacant_seats_other_bodies"]) == ("1", "1"), network


# --- intentions are no facts ---------------------------------------------------------------------


def test_funding_to_be_explored_is_no_funding(ask, graph):
    # 003 matrix, column Financiën: "Mogelijkheden verkennen voor implementatie subsidie ZonMw
    # en NPPZ ll" and "ZonMw implementatie subsidie. aanvraag": funding still to be sought.
    funded = select(graph, """SELECT DISTINCT ?work ?funder WHERE {
        ?work pz:fundedBy ?funder ; pz:evidence/pz:quote ?quote .
        FILTER(CONTAINS(?quote, "Mogelijkheden verkennen voor implementatie subsidie")
               || CONTAINS(?quote, "implementatie subsidie. aanvraag")) }""")
    assert funded == []
    rows = records(ask("funding", funder="ZonMw", network="rotterdam-en-omstreken"))
    funded_work = {row["funded"] for row in rows}
    assert not any("InControl" in work or "Surprise question" in work for work in funded_work)
    assert {row["kind"] for row in rows} <= {"project"}  # ZonMw projects, no activities


def test_a_possible_supporter_is_no_partner(graph):
    # 004: "Deze groep wordt mogelijk ondersteund door onderzoek vanuit AUMC."
    partners = select(graph, """SELECT ?p WHERE { <activiteit/gooi-dialoog-pzp> pz:partner ?p }""")
    assert f"{ID}organisatie/amsterdam-umc" not in {row["p"] for row in partners}


# --- frames --------------------------------------------------------------------------------


def test_rotterdams_patient_wishes_stay_with_rotterdam(graph):
    # The top 7 is the frame of 003 (§6 Matrix, §8); 001 and 004 never name it.
    outside = select(graph, """SELECT ?work ?wish WHERE {
        ?work pz:coverage/pz:concept ?wish ; pz:runBy ?network .
        FILTER(STRSTARTS(STR(?wish), STR(<wens/>)))
        FILTER(?network != <netwerk/rotterdam-en-omstreken>) }""")
    assert outside == []


def test_wishes_4_and_5_stand_above_no_block(graph):
    # 003 §6 Matrix: the wishes above the blocks are 1, 2 and 6 (domains 2.1-2.8) and 3 and 7
    # (2.9, 2.10); 4 ("passende extra ondersteuning") and 5 ("sterven op mijn plek van
    # voorkeur") stand above none.
    links = select(graph, """SELECT ?x WHERE {
        { ?x pz:concept ?wish } UNION { ?wish pz:mapping ?x }
        VALUES ?wish { <wens/4> <wens/5> } }""")
    assert links == []


def test_septets_pn_raad_frame_stays_in_septet(graph):
    # The eight recommendations are Septet's (000 Bijlage 1, 002); Gooi en Vechtstreek (004)
    # belongs to the consortium Noord-Holland en Flevoland and never names them.
    outside = select(graph, """SELECT ?work ?network WHERE {
        ?work pz:coverage/pz:concept ?recommendation ; pz:runBy ?network .
        ?network a pz:Network .
        FILTER(STRSTARTS(STR(?recommendation), STR(<pnraad/>))) }""")
    assert {row["network"].removeprefix(f"{ID}netwerk/") for row in outside} <= \
        set(SEPTET_NETWORKS)


def test_septet_kernthema_placements_are_judgements(graph):
    # 000 Bijlage 2: the header "Markering PZP Transmurale coordinatie en continuïteit
    # Ondersteuning complexe casuïstiek" points to no column; every placement is a judgement.
    header = ("Markering PZP Transmurale coordinatie en continuïteit Ondersteuning complexe "
              "casuïstiek")
    rows = select(graph, f"""SELECT ?link ?footing (SAMPLE(?q) AS ?quoted) WHERE {{
        ?link pz:evidence/pz:basis ?basis ; pz:zekerheid ?footing .
        FILTER(STR(?basis) = "{header}")
        OPTIONAL {{ ?link pz:evidence/pz:quote ?q }} }} GROUP BY ?link ?footing""")
    assert len(rows) >= 9  # every kernthema placement of the table
    assert {row["footing"] for row in rows} == {f"{ID}zekerheid/oordeel"}
    assert all("quoted" not in row for row in rows)
    assert select(graph, f'SELECT ?e WHERE {{ ?e pz:quote ?q FILTER(STR(?q) = "{header}") }}') == []


# --- relations, conflicts ------------------------------------------------------------------------


def test_stated_relations_are_relations(graph):
    # 000: "Hospice IJsselstein (AxionContinu)", "het Expertisecentrum Palliatieve Zorg van het
    # UMC Utrecht"; 001: "Met het in 2022 opgaan van Fibula ... in Palliatieve Zorg Nederland".
    parts = select(graph, """SELECT ?part ?whole WHERE { ?part org:subOrganizationOf ?whole }""")
    pairs = {(row["part"].removeprefix(ID), row["whole"].removeprefix(ID)) for row in parts}
    assert {("organisatie/hospice-ijsselstein", "organisatie/axioncontinu"),
            ("organisatie/epzu", "organisatie/umc-utrecht"),
            ("organisatie/de-merenhoef", "organisatie/leger-des-heils")} <= pairs
    replaced = select(graph, """SELECT ?by WHERE {
        <organisatie/fibula> <http://purl.org/dc/terms/isReplacedBy> ?by }""")
    assert [row["by"] for row in replaced] == [f"{ID}organisatie/pznl"]


def test_a_conflict_between_sources_is_kept_and_reported_as_information(project, graph):
    # 000: "Uit: Een kwestie van geluk (2023)"; 002: "... het boekje ‘Een kwestie van geluk’
    # dat in 2024 is verschenen."
    values = select(graph, """SELECT ?stated ?source WHERE {
        <bron/een-kwestie-van-geluk> pz:statedValue ?v .
        ?v pz:property pz:validFrom ; pz:stated ?stated ;
           pz:evidence/<http://purl.org/dc/terms/source> ?source }""")
    assert {(row["stated"], row["source"].removeprefix(f"{ID}bron/")) for row in values} == {
        ("2023", "000_0f9769a56a83d19c"), ("2024", "002_307015ebbd434860")}
    report = validate(project, reasoning=False)
    notes = {f.entity: f for f in report.findings if f.check == "qc:source-conflict"}
    # two conflicts (second audit: who ran the exploration, below)
    assert set(notes) == {"bron/een-kwestie-van-geluk", "project/een-kwestie-van-geluk"}
    assert {note.severity for note in notes.values()} == {"info"}
    booklet = notes["bron/een-kwestie-van-geluk"].problem
    assert "2023" in booklet and "2024" in booklet
    assert not report.errors


def test_a_networks_zorgkantoor_is_a_relation(graph):
    # 000 §5: "Noordwest-Veluwe (vallend onder zorgkantoor Zwolle)" (quoted); "de Utrechtse regio’s
    # die vallen onder zorgkantoorregio Utrecht" names no network, so the agreement's own two
    # networks fall under it by a judgement that says so (and covers that link only).
    rows = select(graph, """SELECT ?network ?office WHERE { ?network pz:zorgkantoor ?office }""")
    assert {(row["network"].removeprefix(ID), row["office"].removeprefix(ID)) for row in rows} == {
        ("netwerk/noordwest-veluwe", "organisatie/zorgkantoor-zwolle"),
        ("netwerk/noordwest-utrecht", "organisatie/zorgkantoor-utrecht"),
        ("netwerk/utrecht-zuid", "organisatie/zorgkantoor-utrecht")}
    judged = select(graph, """SELECT DISTINCT ?network WHERE {
        ?network pz:evidence ?item . ?item pz:covers pz:zorgkantoor ; pz:curatorJudgement ?j }""")
    assert {row["network"].removeprefix(ID) for row in judged} == {
        "netwerk/noordwest-utrecht", "netwerk/utrecht-zuid"}


# --- every judgement names what in the source it rests on ---------------------------------------

SOURCE_FILES = ("000_", "001_", "002_", "003_", "004_")
# Relations of 000-004 kept on a judgement alone, with no passage of the source under them
# ('basis'): (file, record id, key, target) -> why the judgement stands without one. Empty since
# the re-audit (data/AUDIT.md): each such relation was given the passage it rests on, or removed.
JUDGEMENT_ONLY_EXCEPTIONS: dict[tuple[str, str, str, str], str] = {}


def judgement_only(records: list[dict], file: str) -> set[tuple[str, str, str, str]]:
    """The statements (records and nested relations) whose evidence is a judgement alone: no
    quote, and no basis passage the judgement rests on."""
    def bare(evidence: object) -> bool:
        items = [item for item in evidence if isinstance(item, dict)] \
            if isinstance(evidence, list) else []
        return (any("judgement" in item for item in items)
                and not any("quote" in item or "basis" in item for item in items))

    found = set()
    for record in records:
        if bare(record.get("evidence")):
            found.add((file, record.get("id", "?"), "record", ""))
        for key in set(NESTED) - {"evidence"}:
            for item in record.get(key) or []:
                if isinstance(item, dict) and bare(item.get("evidence")):
                    target = next((str(item[name]) for name in (
                        "concept", "organization", "member", "property", "unit", "exactMatch")
                        if name in item), "?")
                    found.add((file, record.get("id", "?"), key, target))
    return found


def test_judgement_only_finds_a_judgement_without_basis():
    records = [{"id": "doel/x", "evidence": [{"quote": "q"}], "addresses": [
        {"concept": "kernthema/markering", "evidence": [{"judgement": "op inhoud"}]},
        {"concept": "kernthema/proactieve-zorgplanning",
         "evidence": [{"basis": "b"}, {"judgement": "op inhoud"}]}]}]
    assert judgement_only(records, "001") == {("001", "doel/x", "addresses", "kernthema/markering")}


def test_every_judgement_rests_on_a_passage_of_its_source(project):
    # Issue 16: "Judgements say why, and what in the source they rest on." The basis passages
    # are checked verbatim against the source by tests/test_evidence.py.
    files, _, _, _ = read_and_check(project)
    found = set()
    for data in files:
        if data.name.startswith(SOURCE_FILES):
            found |= judgement_only(data.records, data.name[:3])
    assert len([data for data in files if data.name.startswith(SOURCE_FILES)]) == 5
    unexplained = sorted(found - set(JUDGEMENT_ONLY_EXCEPTIONS))
    assert not unexplained, "judgements without the passage they rest on ('basis'):\n" + \
        "\n".join(map(str, unexplained))
    stale = sorted(set(JUDGEMENT_ONLY_EXCEPTIONS) - found)
    assert not stale, f"exceptions that no longer occur: {stale}"
    assert all(reason.strip() for reason in JUDGEMENT_ONLY_EXCEPTIONS.values())


def test_a_composition_given_by_sector_is_posts_of_that_sector(graph):
    # 004: "De afvaardigingsleden van de hospices en palliatieve units komen regelmatig bij
    # elkaar" (themagroep hospicezorg/VPTZ): seats of the group, by sector where the source says.
    rows = select(graph, """SELECT ?post ?sector WHERE {
        ?post org:postIn <orgaan/gooi-en-vechtstreek-themagroep-hospicezorg-vptz> .
        OPTIONAL { ?post pz:sector ?sector } }""")
    assert {(row["post"].rsplit("-", 1)[-1], row.get("sector", "").removeprefix(ID))
            for row in rows} == {("hospices", "sector/hospice"), ("units", "")}
