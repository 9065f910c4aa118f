"""Outward links and the language of quotes (issue 15, items 5 and 8).

- Every outward link (schema:sameAs, or skos:exactMatch from a concept; derived from a
  qualified pz:ExternalLink) carries
  evidence that names the address where the identifier is given, and its verification (V/B).
- A pinned link: Rotterdam (GM0599) to Wikidata Q34370, believed (B) from the reference sheet.
- Every quote, locator and basis in the built graph carries a language tag: nl by default,
  the reference sheet's English cells en, code lines zxx.
- Bad input: a link that is no address, a language that is no tag, a link without an address
  in its evidence are named by the loader or the shapes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pzgraph.checks.validate import validate
from pzgraph.ingest.context import Context
from pzgraph.ingest.records import read_data_file

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/pzgraph/id/"
PREFIXES = f"""PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
BASE <{ID}>
"""
WIKIDATA = "http://www.wikidata.org/entity/"


def select(graph, where: str) -> list[dict[str, str]]:
    rows = graph.query(PREFIXES + where)
    names = [variable.value for variable in rows.variables]
    return [{name: term for name, term in zip(names, row, strict=True) if term is not None}
            for row in rows]


def test_every_outward_link_has_evidence_with_an_address(graph):
    links = select(graph, """SELECT ?thing ?target ?link WHERE {
        ?thing schema:sameAs|skos:exactMatch ?target .
        OPTIONAL { ?thing pz:externalLink ?link . ?link pz:linksTo ?target } }""")
    assert links, "the data has no outward link"
    for row in links:
        assert "link" in row, f"{row['thing'].value} -> {row['target'].value} has no evidence"
        evidence = select(graph, f"""SELECT ?source ?footing WHERE {{
            <{row['link'].value}> pz:evidence ?e . ?e dcterms:source ?source ;
            pz:zekerheid ?footing }}""")
        assert evidence, f"the link {row['link'].value} has no evidence with a source"
        for item in evidence:
            assert item["source"].value.startswith(("https://", "http://")), item
            assert item["footing"].value in {ID + "zekerheid/bevestigd",
                                             ID + "zekerheid/onbevestigd"}, item


def test_rotterdam_links_to_wikidata_as_the_reference_sheet_believes(graph):
    rows = select(graph, """SELECT ?target ?source ?quote ?footing WHERE {
        <gemeente/GM0599> schema:sameAs ?target ; pz:externalLink ?link .
        ?link pz:linksTo ?target ; pz:zekerheid ?footing ;
              pz:evidence [ dcterms:source ?source ; pz:quote ?quote ] }""")
    assert [(r["target"].value, r["source"].value, r["quote"].value, r["quote"].language,
             r["footing"].value) for r in rows] == [
        (WIKIDATA + "Q34370", "https://www.wikidata.org/wiki/Q34370",
         "Unverified belief only: Rotterdam ≈ Q34370 [B].", "en", ID + "zekerheid/onbevestigd")]


def test_every_quote_locator_and_basis_has_a_language(graph):
    untagged = select(graph, """SELECT ?e ?p ?text WHERE {
        VALUES ?p { pz:quote pz:locator pz:basis } ?e ?p ?text
        FILTER(LANG(?text) = "") } LIMIT 5""")
    assert untagged == []
    languages = {r["lang"].value: int(r["n"].value) for r in select(graph, """
        SELECT ?lang (COUNT(*) AS ?n) WHERE { ?e pz:quote ?q BIND(LANG(?q) AS ?lang) }
        GROUP BY ?lang""")}
    assert set(languages) == {"nl", "en", "zxx"}
    assert languages["nl"] > 1000 and languages["en"] > 200 and languages["zxx"] > 300


@pytest.mark.parametrize("text, language", [
    ("7 consortia = partnerships of expertisecentra PZ, Netwerken Palliatieve Zorg and PZNL", "en"),
    ("name: 'Utrecht', vrCode: 'VR09', gemcode: 'GM0344'", "zxx"),
    ("de wijk Vleuten-De Meern (gemeente Utrecht)", "nl"),
])
def test_a_quote_carries_the_language_of_its_source(graph, text, language):
    rows = select(graph, f"""SELECT DISTINCT (LANG(?q) AS ?lang) WHERE {{ ?e pz:quote ?q
        FILTER(STR(?q) = "{text}") }}""")
    assert [r["lang"].value for r in rows] == [language]


def _municipality(**extra) -> dict:
    return {"records": [{
        "id": "gemeente/GM0344", "type": "Municipality", "label": "Utrecht", "cbsCode": "GM0344",
        "evidence": [{"source": "https://example.org/gm", "verification": "V",
                      "quote": "gemcode: 'GM0344'", "quoteLanguage": "zxx"}], **extra}]}


@pytest.mark.parametrize("extra, words", [
    ({"links": [{"exactMatch": "wikidata Q803", "evidence": [{"judgement": "x"}]}]},
     "'exactMatch: wikidata Q803'"),
    ({"evidence": [{"source": "https://example.org/gm", "verification": "V", "quote": "q",
                    "quoteLanguage": "English"}]},
     "'quoteLanguage: English' is not a language tag"),
])
def test_a_bad_link_or_language_is_named(make_project, extra, words):
    project = make_project()
    path = project.data_dir / "gemeenten.yaml"
    path.write_text(yaml.safe_dump(_municipality(**extra), allow_unicode=True), encoding="utf-8")
    findings = read_data_file(path, Context.load(project), project).findings
    assert any(words in f.problem for f in findings), [f.problem for f in findings]


def test_a_link_whose_evidence_names_no_address_is_refused(make_project):
    link = {"exactMatch": WIKIDATA + "Q803",
            "evidence": [{"judgement": "Bekend uit het hoofd."}]}
    project = make_project({"gemeenten.yaml": _municipality(links=[link])})
    check = "link-without-address-violation.rq"
    shutil.copy(ROOT / "checks" / check, project.root / "checks" / check)
    report = validate(project, reasoning=False)
    problems = [(f.entity, f.problem) for f in report.findings]
    assert ("gemeente/GM0344", "the outward link has no evidence that names the address (URL) "
            "where the identifier is given") in problems, problems
