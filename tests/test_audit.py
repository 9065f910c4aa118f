"""The answers the re-audit of issue 16 corrected (data/AUDIT.md), pinned to the sources.

Each test names the passage of ../shared/seeds/ it rests on. The kinds of error the audit
fixed are also checked across all of data/, so a new instance of the same kind fails here.
"""

from __future__ import annotations

import re

import pytest
import yaml

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


# --- second audit (data/AUDIT.md "Second audit") --------------------------------------------------

ROTTERDAM_ADVISERS = {"Samergo", "Stichting PZNL", "FiniVita", "ConForte", "Zilveren Kruis Achmea"}
ROTTERDAM_PARTNERS = {"Rijnmond Dokters", "Samenwerkende Rijnmond Ziekenhuizen", "ConForte", "CHPR"}


def objects(graph, subject: str, prop: str) -> set[str]:
    rows = select(graph, f"SELECT ?o WHERE {{ <{subject}> {prop} ?o }}")
    return {row["o"].removeprefix(ID) for row in rows}


def test_advisers_and_collaboration_partners_are_no_members_of_rotterdam(ask, graph):
    # 003 §5: "de adviserende partners zoals Samergo, PZNL, Stichting Leerhuizen Palliatieve Zorg
    # (Finivita), ConForte en Zilverenkruis Achmea" and "Belangrijke samenwerkingspartners zijn
    # Rijnmond Dokters, ... SRZ, ConForte en directie van de CHPR ondersteund door Samergo":
    # input for agenda-setting and collaboration, no membership.
    members = records(ask("members", network="rotterdam-en-omstreken"))
    assert not {row["member"] for row in members} & (ROTTERDAM_ADVISERS | ROTTERDAM_PARTNERS)
    assert not {row["role"] for row in members} & {"Adviseur", "Partner"}
    assert objects(graph, "doel/rotterdam-doorzettingsmacht", "pz:partner") == {
        "organisatie/rijnmond-dokters", "organisatie/srz", "organisatie/conforte",
        "organisatie/chpr"}
    assert objects(graph, "activiteit/rotterdam-agendering-landelijk", "pz:partner") == {
        "organisatie/samergo", "organisatie/pznl", "organisatie/finivita", "organisatie/conforte",
        "organisatie/zilveren-kruis-achmea"}


def test_no_membership_in_data_rests_on_advice_or_collaboration(graph):
    # the kind, across every file: a membership whose only quote names advisers or partners
    rows = select(graph, """SELECT ?m ?q WHERE {
        ?m a org:Membership ; pz:evidence/pz:quote ?q .
        FILTER(CONTAINS(LCASE(STR(?q)), "adviserende partners")
               || CONTAINS(LCASE(STR(?q)), "samenwerkingspartners")) }""")
    assert rows == []


def test_conditional_or_earmarked_funding_is_no_funding_of_the_whole_work(ask, graph):
    # 003 matrix 2.1, Financiën: "VWS / indien niet toereikend eigen middelen uit contributie" and
    # "Portal PaTz geoormerkte middelen Zilverenkruis via Rijnmond Dokters".
    for work in ("activiteit/rotterdam-patz-informeren",
                 "activiteit/rotterdam-patz-nieuwe-groepen"):
        assert objects(graph, work, "pz:fundedBy") == {"organisatie/vws"}, work
    assert objects(graph, "activiteit/rotterdam-patz-doorontwikkeling", "pz:fundedBy") == set()
    assert objects(graph, "activiteit/rotterdam-patz-doorontwikkeling", "pz:partner") == set()
    funded = {row["funded"] for row in records(ask("funding", funder="rotterdam-en-omstreken"))}
    assert "Huisartsen(groepen) informeren over PaTz" not in funded
    # a cell given to a row by its position is a judgement on the funding link only
    vws = {row["funded"]: row for row in records(ask("funding", funder="VWS",
                                                      network="rotterdam-en-omstreken"))}
    assert vws["Huisartsen(groepen) informeren over PaTz"]["zekerheid"] == "oordeel"


def test_intentions_are_planned_and_denied_leads_are_gone(graph):
    # 003 §3: "wil het NPZR&o zich ... maximaal inspannen"; "Van het NPZR&o mag wel inzet maar geen
    # eigenaarschap worden verwacht"; "De marktleider zorgverzekeraar en de aangewezen gemeente
    # nemen het initiatief"; §5 "Het NPZR&o wil, daar waar mogelijk, aansluiten"; 001 Bijlage 1 §1.2
    # "zullen we deze ontwikkelingen volgen en waar zinvol en mogelijk implementeren".
    for work in ("activiteit/rotterdam-behoud-telefonische-consultatie",
                 "activiteit/rotterdam-iza-regioplannen",
                 "activiteit/rotterdam-aansluiten-kwetsbare-ouderen-010",
                 "activiteit/noordwest-veluwe-transformatieplan",
                 "activiteit/noordwest-veluwe-laatste-hulpcursus"):
        assert objects(graph, work, "pz:status") == {"status/gepland"}, work
        assert objects(graph, work, "pz:lead") == set(), work
    # "Septet en PZNL bieden ondersteuning" to the ROH's writing the plan, not to Veluwe
    assert objects(graph, "activiteit/noordwest-veluwe-transformatieplan", "pz:partner") == set()


def test_intended_connections_and_evaluation_sites_are_no_partners(graph):
    # 004: "Er wordt aangesloten als werkgroep bij het ZonMw project ..." and "... bij de
    # stuurgroep ouderen onder gezond Gooi" (subgoals for 2025); "Het campagneplan ... wordt
    # geevalueerd bij Amaris en Hilverzorg"; 002: "3 KWF-basisscholingen", "Samen met de
    # Utrechtse netwerken" (which ones is not said).
    # Regiokompas leads it ("samen met projectleiders regiokompas"): lead, not also partner
    assert objects(graph, "activiteit/gooi-dialoog-pzp", "pz:partner") == set()
    assert objects(graph, "activiteit/gooi-dialoog-pzp", "pz:lead") == {"organisatie/regiokompas"}
    assert objects(graph, "project/noord-holland-en-flevoland-zonmw-implementatie-pzp",
                   "pz:partner") == set()
    assert objects(graph, "activiteit/gooi-campagne-zorgorganisaties", "pz:partner") == set()
    assert objects(graph, "activiteit/noordwest-utrecht-utrecht-zuid-kwf-basisscholingen-2024",
                   "pz:partner") == set()
    assert objects(graph, "activiteit/utrechtse-netwerken-hospice-overleg-2024",
                   "pz:partner") == set()
    # "Een bovenregionaal symposium ... trok 100 deelnemers": no organiser named
    assert objects(graph, "activiteit/bovenregionaal-symposium-menselijke-connectie-2024",
                   "pz:runBy") == set()


def test_septets_intervention_is_not_attached_to_gooi(ask):
    # 000 defines 'Versterken hospicezorg' as a project "in de Septet-regio"; 004 names only
    # its own "Project versterken hospicezorg van 2024"; Gooi is in Noord-Holland en Flevoland.
    rows = {row["intervention"]: row for row in records(ask("shared-interventions"))}
    hospice = rows["Versterken hospicezorg"]
    assert "Gooi" not in hospice["run_by"]
    assert int(hospice["networks"]) == 3  # Noordwest-Utrecht, Utrecht-Zuid, Noordwest-Veluwe


def test_a_judgement_on_one_link_leaves_the_record_quoted(ask, graph):
    # 002: "ons netwerk" is read as both Utrecht networks: a judgement on runBy (and the past tense
    # as status afgerond), not on the quoted activity itself.
    work = "activiteit/noordwest-utrecht-utrecht-zuid-wensenboekjes-2024"
    assert objects(graph, work, "pz:zekerheid") == {"zekerheid/citaat"}
    rows = [row for row in records(ask("planning-status", network="noordwest-utrecht"))
            if row["work"].startswith("Wensenboekjes") or "wensenboekje" in row["work"].lower()]
    assert rows and {row["zekerheid"] for row in rows} <= {"oordeel", "onbevestigd"}
    # every covers names a key the record has (the loader checks it; here: at least 40 in 000-004)
    covered = select(graph, "SELECT ?e WHERE { ?e pz:covers ?k }")
    assert len(covered) >= 40


def test_who_ran_een_kwestie_van_geluk_is_a_recorded_conflict(graph):
    # 000: "De PatiëntenNaastenraad (PNraad) van Septet heeft de uitkomsten van de verkenning
    # omarmd"; 001: "Dit naar aanleiding van de verkenning van de Patiënt en Naastenraad."
    values = select(graph, """SELECT ?stated ?source WHERE {
        <project/een-kwestie-van-geluk> pz:statedValue ?v .
        ?v pz:property pz:runBy ; pz:stated ?stated ;
           pz:evidence/<http://purl.org/dc/terms/source> ?source }""")
    sources = {row["source"].removeprefix(f"{ID}bron/") for row in values}
    assert sources == {"000_0f9769a56a83d19c", "001_9d2d7fdfb40bb114"}


def test_a_part_of_a_municipality_is_not_the_municipality(ask):
    # reference sheet: "Best guess [B]: Harderwijk, Ermelo, Putten, Nunspeet, Elburg, (part of)
    # Oldebroek"
    rows = {row["municipality"]: row for row in records(ask("working-area",
                                                             network="noordwest-veluwe"))}
    assert rows["Oldebroek"]["scope"].startswith("deel van de gemeente")


def judgements(node: object) -> list[str]:
    """Every judgement text in a record, at any depth."""
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in (
            [value] if key == "judgement" and isinstance(value, str) else judgements(value))]
    if isinstance(node, list):
        return [text for item in node for text in judgements(item)]
    return []


def test_judgement_texts_name_things_not_internal_ids(project):
    # read by people in the maps: "Ministerie van VWS", not "fundedBy organisatie/vws"
    internal = re.compile(r"\b(organisatie|programma|netwerk|project|activiteit|interventie|rol|"
                          r"status|consortium|orgaan|sector)/[a-z0-9.-]+|\b(fundedBy|runBy|"
                          r"contributesTo|leadRole)\b")
    found = [(path.name, record.get("id"), text[:80])
             for path in sorted(project.data_dir.glob("*.yaml"))
             for record in yaml.safe_load(path.read_text(encoding="utf-8")).get("records", [])
             for text in judgements(record) if internal.search(text)]
    assert found == []


def test_membership_statements_keep_their_own_footing(graph):
    # 000 "Het netwerk maakt deel uit van Septet"; 001 "Het netwerk is actief lid van het
    # consortium Septet": quoted memberships; 000's count of seven regions adds no judgement.
    rows = select(graph, """SELECT ?n ?z WHERE { ?m org:organization <consortium/septet> ;
        org:member ?n ; pz:zekerheid ?z . ?n a pz:Network }""")
    footing = {row["n"].removeprefix(f"{ID}netwerk/"): row["z"].removeprefix(ID) for row in rows}
    for network in ("noordwest-utrecht", "utrecht-zuid", "noordwest-veluwe"):
        assert footing[network] == "zekerheid/citaat", network
