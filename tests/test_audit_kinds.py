"""The kinds of error the outside audit S7 found (/work/reviews/audit-s7.md), checked across
every file of data/, so that a new case of the same kind fails here and not in a review.

Each check reads the YAML as written (not the graph): it is about what a curator wrote down
and on what evidence.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from pzgraph.project import Project

Record = dict[str, object]


def data_files(project: Project) -> dict[str, dict]:
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(project.data_dir.glob("*.yaml"))}


@pytest.fixture(scope="module")
def files(project: Project) -> dict[str, dict]:
    return data_files(project)


def texts(item: dict) -> str:
    """What an evidence item says: its quote, basis and judgement, whitespace joined."""
    return " ".join(str(item.get(key, "")) for key in ("quote", "basis", "judgement"))


def document_quotes(records: list[Record]) -> set[str]:
    """The quotes that describe a file's own source document (among them the one that dates
    it, "De overeenkomst treedt in werking per 1 september 2025")."""
    return {str(item["quote"]) for record in records if record.get("type") == "SourceDocument"
            for item in record.get("evidence", []) if "quote" in item}


def year_of(value: object) -> str:
    return str(value.year) if isinstance(value, dt.date) else str(value)[:4]


def test_a_membership_date_is_stated_for_that_membership(files):
    # Audit S7 finding 1: "Organisaties die ten tijde van ondertekening in de stuurgroep
    # vertegenwoordigd zijn" is a state at signing; 1 September 2025 is when the agreement of
    # 000 takes effect, not when anyone joined. A `from` or `until` needs an evidence item of
    # the membership itself that gives its year, and the sentence that dates the document
    # does not date a membership.
    wrong = []
    for name, document in files.items():
        records = document.get("records", [])
        dating_quotes = document_quotes(records)
        for record in records:
            for key in ("memberships", "members"):
                for membership in record.get(key) or []:
                    for bound in ("from", "until"):
                        if bound not in membership:
                            continue
                        value = membership[bound]
                        items = [item for item in membership.get("evidence", [])
                                 if str(item.get("quote")) not in dating_quotes]
                        if not any(year_of(value) in texts(item) for item in items):
                            other = membership.get("organization") or membership.get("member")
                            wrong.append(f"{name}: {record['id']} {key} {other} "
                                         f"{membership.get('role')} {bound}: {value}")
    assert wrong == []


CITATION_YEAR = re.compile(r"\((\d{4})\)")


def test_a_result_year_is_not_the_year_of_a_cited_publication(files):
    # Audit S7 finding 13: "Volgens de Kerncijfers palliatieve zorg op Palliaweb (2022) hebben
    # daarvan jaarlijks ca 8.800 mensen behoefte": 2022 is the edition, not the year of the
    # figure. A result's year must be given by the evidence other than as a "(year)" after
    # the name of a publication: by the result's or the record's evidence, or by the source
    # document itself (a year report, a year plan).
    wrong = []
    for name, document in files.items():
        records = document.get("records", [])
        own = " ".join(texts(item) + " " + str(record.get("label", ""))
                       for record in records if record.get("type") == "SourceDocument"
                       for item in record.get("evidence", []))
        for record in records:
            around = " ".join(texts(item) for item in record.get("evidence", []))
            for result in record.get("results") or []:
                years = result.get("year", [])
                for year in years if isinstance(years, list) else [years]:
                    said = " ".join(texts(item) for item in result.get("evidence", []))
                    plain = CITATION_YEAR.sub(" ", f"{said} {around} {own}")
                    if str(year) not in plain:
                        wrong.append(f"{name}: {record['id']} result {result.get('value')} "
                                     f"{result.get('unit')} year {year}")
    assert wrong == []


def labels(files: dict[str, dict]) -> dict[str, set[str]]:
    """Every name a record is given anywhere in data/: its label and altLabels."""
    names: dict[str, set[str]] = {}
    for document in files.values():
        for record in document.get("records", []):
            given = names.setdefault(record["id"], set())
            for key in ("label", "altLabel"):
                value = record.get(key)
                given |= {str(v) for v in (value if isinstance(value, list) else [value])
                          if v}
    return names


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


def test_a_channel_of_money_is_no_funder(files):
    # Audit S7 finding 3: 003 "VWS en via PZNL NPPZ ll": the money is VWS's and NPPZ II's,
    # PZNL is the route, as Rijnmond Dokters is in "Zilverenkruis via Rijnmond Dokters". A
    # funder that the record's quotes name only after "via" is a channel.
    names = labels(files)
    wrong = []
    for name, document in files.items():
        for record in document.get("records", []):
            quoted = plain(" ".join(str(item.get("quote", "")) + " " + str(item.get("basis", ""))
                                    for item in record.get("evidence", [])))
            for funder in record.get("fundedBy") or []:
                spots = [match.start() for label in names.get(funder, ()) if len(label) > 2
                         for match in re.finditer(re.escape(plain(label)), quoted)]
                if spots and all(quoted[:spot].rstrip().endswith(" via") for spot in spots):
                    wrong.append(f"{name}: {record['id']} fundedBy {funder}")
    assert wrong == []


def test_one_funding_cell_is_read_one_way(files):
    # Audit S7 finding 6: 003's block after 2.4 has four activities and two cells, "VWS" and
    # "VWS en contributie"; two activities citing them were funded by VWS and the network, two
    # by VWS alone. Records that cite the same cell of a Financiën column get the same funders.
    wrong = []
    for name, document in files.items():
        readings: dict[tuple[str, str], dict[tuple[str, ...], list[str]]] = {}
        for record in document.get("records", []):
            for item in record.get("evidence", []):
                if "quote" in item and "Financi" in str(item.get("locator", "")):
                    cell = (plain(str(item["quote"])), str(item["locator"]))
                    funders = tuple(sorted(record.get("fundedBy") or []))
                    readings.setdefault(cell, {}).setdefault(funders, []).append(record["id"])
        wrong += [f"{name}: {cell}: {ways}" for cell, ways in readings.items() if len(ways) > 1]
    assert wrong == []


def test_planned_work_has_no_partner_the_curator_did_not_judge(files):
    # Audit S7 finding 2: 002 "De stuurgroep ... heeft eind 2024 ingestemd met een verkenning
    # naar meer samenwerking met de twee andere netwerken ...: Utrecht stad en Zuidoost
    # Utrecht." The two networks are what the planned exploration is about, not partners in
    # it (the second audit's "Er wordt aangesloten" is the same kind). Partnership in work not
    # yet started is at most the curator's reading: a judgement must cover it.
    wrong = [f"{name}: {record['id']} partner {record['partner']}"
             for name, document in files.items() for record in document.get("records", [])
             if record.get("status") == "status/gepland" and record.get("partner")
             and not any("judgement" in item and "partner" in (item.get("covers") or ["partner"])
                         for item in record.get("evidence", []))]
    assert wrong == []


def words(text: str) -> str:
    """Lower case, every run of non-letters one space: 'Themagroep hospicezorg/ VPTZ' and
    'Themagroep hospicezorg/VPTZ' read alike, and a name is found only as whole words."""
    return " " + " ".join(re.findall(r"\w+", re.sub(r"-\s*\n\s*", "", text).lower())) + " "


CARRIED_KEYS = ("partner", "lead", "fundedBy", "intervention")


def judged(record: Record, key: str) -> bool:
    return any("judgement" in item and key in (item.get("covers") or [key])
               for item in record.get("evidence", []))


def test_every_partner_lead_funder_and_intervention_is_quoted_or_judged(files):
    # Audit S7 findings 4, 5, 7, 8, 12, 15: TaPa$ on a planning line that names only the
    # nurse; a gespreksmodel that stands in the column Onderbouwing; ZonMw under a heading not
    # quoted; the bestuurders (the audience) as partner; the kerngroep as lead where the source
    # names its members. A relation of these kinds is shown as quoted unless a judgement says
    # otherwise, so a quote or basis of the record must name the other party (its label or an
    # altLabel), or a judgement must cover the key.
    names = labels(files)
    wrong = []
    for name, document in files.items():
        if not name[:3].isdigit():
            continue  # the reference files cite a sheet row per record, checked elsewhere
        for record in document.get("records", []):
            said = words(" ".join(str(item.get("quote", "")) + " " + str(item.get("basis", ""))
                                  for item in record.get("evidence", [])))
            for key in CARRIED_KEYS:
                for other in record.get(key) or []:
                    if judged(record, key) or any(words(label) in said
                                                  for label in names.get(other, ())):
                        continue
                    wrong.append(f"{name}: {record['id']} {key} {other}")
    assert wrong == []


def test_a_basis_for_one_link_does_not_weaken_the_record(files):
    # A `basis` without `covers` counts as a judgement on the whole record
    # (ontology/rules/zekerheid-2-bewering.rq). Beside judgements that each cover one link it
    # is a slip: the passage a judgement on `lead` rests on would make the record a judgement.
    wrong = []
    for name, document in files.items():
        for record in document.get("records", []):
            items = record.get("evidence", [])
            judgements = [item for item in items if "judgement" in item]
            loose = [item for item in items
                     if "basis" in item and "judgement" not in item and "covers" not in item]
            if loose and judgements and all("covers" in item for item in judgements):
                wrong.append(f"{name}: {record['id']}: {str(loose[0]['basis'])[:60]}")
    assert wrong == []


def test_no_one_both_leads_and_partners_the_same_work(files):
    # Audit S7 finding 15: 004 "Trekker: Netwerkcoördinator samen met projectleiders
    # regiokompas": Regiokompas was lead and partner of Dialoog PZP. One role per party.
    wrong = [f"{name}: {record['id']}: {sorted(both)}"
             for name, document in files.items() for record in document.get("records", [])
             if (both := set(record.get("lead") or []) & set(record.get("partner") or []))]
    assert wrong == []


# Task of session 8: a description, definition or label is shown on the maps, in the report and
# on the release pages as the thing's own text. Curation reasoning ("daarom is KWF geen
# partner"), what the source does not say ("welk hospice staat er niet", "Geen planning
# vermeld"), and references to our own files, ids or evidence ("zie de leden van het
# consortium", "(organisatie/axioncontinu)", "bron 000") belong in a judgement of the evidence
# item that bears on the link, or in a comment in the file, never in the thing's own text.
OWN_TEXT_KEYS = ("label", "labelEn", "altLabel", "description", "definition")
NOT_THE_THINGS_TEXT = ("evidence", "statedValues")  # a judgement; a source's stated value
CURATION_TALK = re.compile("|".join((
    r"\bdaarom (?:is|zijn|staat|staan|geen|niet|één)\b",
    r"\b(?:dus|daarom) (?:\w+ ){0,3}(?:geen|niet als) (?:partner|financier|trekker|lid|uitvoerder)",
    r"\bgeen genoemde\b",
    r"\bstaa?n? er niet\b",
    r"\bstaa?n? niet in (?:de|het) (?:bron|bronnen|tekst|blad|document)\b",
    r"\b(?:de|deze|in de) bron\b",
    r"\b(?:referentieblad|tekstversie|datamodel|achtergrondkennis|curator\w*)\b",
    r"\bhet document (?:noemt|beschrijft|zegt)\b",
    r"\bniet (?:bij naam )?(?:genoemd|vermeld|gevonden|toegelicht|uitgelegd|uitgeschreven)\b",
    # audit S9: the verification status or the curator's belief in a thing's own text
    # ("Lidmaatschap van Septet niet geverifieerd", "vermoedelijk ook Eemland")
    r"\bniet (?:geverifieerd|vastgelegd|vastgesteld)\b",
    r"\bvermoedelijk\b",
    r"\blijkt (?:\w+ ){0,4}te zijn\b",
    # audit S9: where in the source the thing stands is the locator of its evidence
    r"\b(?:staat|staan) (?:ook |opnieuw )?(?:in|bij) (?:de |het )?"
    r"(?:tabel|blok|kolom|rij|organogram|bijlage)\b",
    r"^rij ['‘]",
    r"\bgeen (?:\w+ ){0,2}(?:vermeld|genoemd)\b",
    r"\bniet af te leiden\b",
    r"\bin de zin van de data\b",
    r"\(B\)",
    r"\bdit record\b",
    r"\bzie de (?:evidence|beschrijving|leden)\b",
    r"\bbron \d{3}\b",
    r"\bS00\d\b",
)), re.IGNORECASE)
AN_ID = re.compile(r"\b[a-z][a-z-]*/[A-Za-z0-9][\w.-]*[\w]")


def own_texts(node: object, record_id: str, path: str = ""):
    """Every text of a record (and of its memberships, results, ...) shown as its own text."""
    if isinstance(node, list):
        for item in node:
            yield from own_texts(item, record_id, path)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in NOT_THE_THINGS_TEXT:
                continue
            where = f"{path}/{key}" if path else key
            if key in OWN_TEXT_KEYS:
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str):
                        yield where, text
            else:
                yield from own_texts(value, record_id, where)


def test_own_texts_describe_the_thing_and_argue_no_curation(files):
    ids = {record["id"] for document in files.values() for record in document.get("records", [])}
    # a record's id, or a concept of a vocabulary ("rol/trekker", "pnraad/1-8"); a slash in the
    # source's own words ("leden vanuit het netwerk/contactpersonen") is no id
    schemes = {"rol", "sector", "status", "kernthema", "actielijn", "kwaliteitskader", "pnraad",
               "wens", "zekerheid", "kerntaak", "septet-ambitie"}
    wrong = []
    for name, document in files.items():
        for record in document.get("records", []):
            for where, text in own_texts(record, record["id"]):
                said = [match.group(0) for match in CURATION_TALK.finditer(text)]
                said += [match.group(0) for match in AN_ID.finditer(text)
                         if match.group(0) in ids or match.group(0).split("/")[0] in schemes]
                if said:
                    wrong.append(f"{name}: {record['id']} {where}: {said} in {text[:80]!r}")
    assert wrong == []


@pytest.mark.parametrize("text", [
    "De scholingen dragen de naam van KWF; welke rol KWF erbij had, staat er niet, daarom is KWF"
    " geen partner.",
    "Partner van een consortium palliatieve zorg (zie de leden van het consortium).",
    "Hospice van AxionContinu (organisatie/axioncontinu).",
    "Financiering: VWS, aanvullend contributiegelden. Geen planning vermeld.",
    "Kolom niet af te leiden uit de tekst.",
    "Volledige naam 'KWF Kankerbestrijding' is achtergrondkennis (B).",
    "Netwerk palliatieve zorg Eemland. Lidmaatschap van Septet niet geverifieerd.",
    "Zeven netwerken, onder meer Utrecht stad; vermoedelijk ook Eemland.",
    "De site palliatievezorgnet.nl lijkt van dit consortium te zijn.",
    "Staat in tabel 2.1 (rij Huisartsen) en opnieuw in het blok interdisciplinaire samenwerking.",
    "Rij 'Kennis over palliatieve zorg': vergroting van het kennisniveau palliatieve zorg.",
    "De samenstelling staat in het organogram van het MJBP (bijlage 1).",
    "Naast de netwerken voor volwassenen; een consortium is niet vastgelegd.",
])
def test_curation_talk_is_recognised(text):
    # The check must catch the kinds it is for (texts as they stood before session 8) ...
    ids = {"organisatie/axioncontinu"}
    assert CURATION_TALK.search(text) or any(m.group(0) in ids for m in AN_ID.finditer(text))


@pytest.mark.parametrize("text", [
    "Ziekenhuis waarvan het bedieningsgebied zich ook in Flevoland uitstrekt.",
    "Ontmoetingen leden vanuit het netwerk/contactpersonen bijeenkomst",
    "Samenwerking is de sleutel tot succes: afstemming, kennisdeling en snelle toegang",
    "De zetel van de regionale huisartsenorganisaties in het DB is vacant.",
    "Een voornemen: de cursus zelf is nog niet gepland.",
])
def test_honest_descriptions_are_not_flagged(text):
    # ... and leave a plain description alone (a slash in a source's own words is no id).
    assert not CURATION_TALK.search(text)
