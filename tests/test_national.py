"""The national skeleton: the 342 municipalities of 2025, the networks pinned to their sources,
every fact with a source address (never a proxy copy), and the unassigned municipalities."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from pzgraph.checks.validate import validate
from pzgraph.project import Project
from pzgraph.query.library import library
from pzgraph.query.run import answer
from pzgraph.vocab import ID_BASE

# Copies, translations and mirrors of other sites: never the address of a fact.
PROXY_HOSTS = ("vdocuments", "fdocuments", "5dok.net", "wikiwand", "gtool.pro", "fanyv88",
               "hiragana.jp", "translate.goog", "defzone", "wiki.li", "nina.az", "frwiki.wiki",
               "perceptiode", "jakami.de", "kiwix", "mgwiki", "wikial.top", "wikibrief",
               "kiddle", "docplayer", "adoc.pub", "yumpu")
SOURCE_FILE = re.compile(r"^[\w.-]+\.txt\Z")


def reference_files(project: Project) -> list[Path]:
    return [p for p in project.data_files() if p.stem.startswith("reference")]


def records_of(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["records"]


def all_records(project: Project) -> list[dict]:
    return [r for path in project.data_files() for r in records_of(path)]


def evidence_items(node: object):
    if isinstance(node, dict):
        yield from node.get("evidence", []) if isinstance(node.get("evidence"), list) else []
        for value in node.values():
            yield from evidence_items(value)
    elif isinstance(node, list):
        for value in node:
            yield from evidence_items(value)


@pytest.fixture(scope="module")
def ask(graph):
    queries = library(Project.default().queries_dir)

    def run(name: str, **params: str) -> list[dict[str, str]]:
        result = answer(queries[name], graph.store, params, current_version=graph.path)
        return [dict(zip(result.columns, row, strict=True)) for row in result.rows]

    return run


def test_342_municipalities_each_with_a_cbs_code_and_a_province(project):
    municipalities = [r for r in all_records(project) if r.get("type") == "Municipality"]
    assert len(municipalities) == 342
    codes = [r["cbsCode"] for r in municipalities]
    assert len(set(codes)) == 342 and all(re.fullmatch(r"GM\d{4}", c) for c in codes)
    assert all(r["id"] == f"gemeente/{r['cbsCode']}" for r in municipalities)
    provinces = {r["id"] for r in all_records(project) if r.get("type") == "Province"}
    assert len(provinces) == 12 and all(r["partOf"] in provinces for r in municipalities)
    # the mergers since the 2022 list: Weesp into Amsterdam, Brielle, Hellevoetsluis and
    # Westvoorne into Voorne aan Zee (zuid-holland.nl: "met ingang van 1 januari 2023")
    assert not {"GM0457", "GM0501", "GM0530", "GM0614"} & set(codes)
    voorne = next(r for r in municipalities if r["label"] == "Voorne aan Zee")
    assert voorne["partOf"] == "provincie/zuid-holland"


def test_the_graph_holds_342_municipalities(graph):
    rows = graph.query("""PREFIX pz: <https://w3id.org/pzgraph/def#>
        SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a pz:Municipality ; pz:cbsCode ?code }""")
    assert int(next(iter(rows))["n"].value) == 342


# (network, consortium, municipalities it serves wholly or partly, the page that says so)
PINNED = [
    # transmuralezorg.nl: "... uit Den Haag, Rijswijk, Leidschendam, Voorburg, Wassenaar en
    # Zoetermeer"
    ("haaglanden", "Propallia", {"'s-Gravenhage", "Rijswijk (ZH.)", "Leidschendam-Voorburg",
                                 "Wassenaar", "Zoetermeer"}),
    # skipr.nl: "Amersfoort, Baarn, Bunschoten, Eemnes, Leusden, Soest, Woudenberg en een deel
    # van Barneveld en Nijkerk" (consortium Septet is believed: B)
    ("eemland", "Septet", {"Amersfoort", "Baarn", "Bunschoten", "Eemnes", "Leusden", "Soest",
                           "Woudenberg", "Barneveld", "Nijkerk"}),
    # westwest.nl: "7 gemeenten: Bergen op Zoom Halderberge Roosendaal Rucphen Steenbergen Tholen
    # Woensdrecht"; nationaalprogrammapalliatievezorg.nl lists it under Zuidwest Nederland
    ("bergen-op-zoom-tholen-roosendaal", "Consortium Palliatieve Zorg Zuidwest Nederland",
     {"Bergen op Zoom", "Halderberge", "Roosendaal", "Rucphen", "Steenbergen", "Tholen",
      "Woensdrecht"}),
    # palliaweb Oost-Veluwe: "Apeldoorn, Epe, Hattem, Heerde, Brummen, Voorst, Vaassen, Wezep"
    ("oost-veluwe", "(geen consortium vastgelegd)", {"Apeldoorn", "Epe", "Hattem", "Heerde",
                                                     "Brummen", "Voorst", "Oldebroek"}),
    # frohon.nl: "5 Netwerken Palliatieve Zorg (N-O, N-W, Z-O, Z en Z-W) ... (Ligare)"
    ("friesland-noord-oost", "Ligare", set()),
]


@pytest.mark.parametrize(("network", "consortium", "municipalities"), PINNED,
                         ids=[p[0] for p in PINNED])
def test_networks_against_their_sources(project, ask, network, consortium, municipalities):
    label = next(r["label"] for r in all_records(project) if r["id"] == f"netwerk/{network}")
    row = next(r for r in ask("network-detail") if r["network"] == label)
    assert row["consortium"] == consortium
    area = {r["municipality"] for r in ask("working-area", network=network)
            if "vermoedelijk" not in r["scope"]}
    assert area == municipalities
    assert int(row["municipalities"]) == len(municipalities)


def test_every_reference_fact_has_a_source_address_and_none_is_a_proxy(project):
    items = [e for path in reference_files(project) for e in evidence_items(records_of(path))]
    assert len(items) > 1000
    for item in items:
        source = str(item.get("source", ""))
        assert source.startswith(("https://", "http://")) or SOURCE_FILE.match(source), item
        assert not any(host in source for host in PROXY_HOSTS), source
        assert item.get("verification") in ("V", "B", "S"), item
        if item["verification"] == "B":
            assert item.get("judgement"), f"a believed fact says why: {item}"


def test_unassigned_municipalities_are_exactly_those_no_source_assigns(project, ask):
    # computed from the YAML, independently of the query: a municipality is assigned when a
    # network's areaServed names it or a part of it (areaBelieved does not count)
    records = all_records(project)
    part_of = {r["id"]: r["partOf"] for r in records if r.get("type") == "MunicipalityPart"}
    served = {part_of.get(area, area) for r in records for area in r.get("areaServed", [])}
    names = {r["id"]: r["label"] for r in records if r.get("type") == "Municipality"}
    expected = {names[m] for m in names if m not in served}
    unassigned = ask("municipality-coverage", networks="0")
    assert {r["municipality"] for r in unassigned} == expected
    assert len(unassigned) == len(expected) == 342 - len(served & set(names))
    readme = (project.root / "README.md").read_text(encoding="utf-8")
    assert f"{len(expected)} of the 342 municipalities" in readme


def test_the_national_checks_fire(make_project):
    evidence = [{"judgement": "fixture", "source": "https://example.org/"}]
    project = make_project({
        "reference-gemeenten.yaml": {"records": [
            {"id": "provincie/p", "type": "Province", "label": "P", "evidence": evidence},
            {"id": "gemeente/GM0632", "type": "Municipality", "label": "Woerden",
             "cbsCode": "GM0632", "partOf": "provincie/p", "evidence": evidence},
            {"id": "gemeente/GM0001", "type": "Municipality", "label": "Verkeerd",
             "cbsCode": "GM0002", "partOf": "provincie/p", "evidence": evidence}]},
        "reference-test.yaml": {"records": [
            {"id": "gemeente/GM9999", "type": "Municipality", "label": "Nergens",
             "cbsCode": "GM9999", "partOf": "provincie/p", "evidence": evidence},
            {"id": "consortium/a", "type": "Consortium", "label": "A", "evidence": evidence},
            {"id": "consortium/b", "type": "Consortium", "label": "B", "evidence": evidence},
            {"id": "netwerk/een", "type": "Network", "label": "Een", "consortium": "consortium/a",
             "areaServed": ["gemeente/GM0632"], "evidence": evidence},
            {"id": "netwerk/twee", "type": "Network", "label": "Twee", "consortium": "consortium/b",
             "areaServed": ["gemeente/GM0632"], "evidence": evidence},
            {"id": "netwerk/leeg", "type": "Network", "label": "Leeg", "consortium": "consortium/a",
             "areaBelieved": ["gemeente/GM0632"], "evidence": evidence}]}})
    shutil.copytree(Project.default().checks_dir, project.root / "checks", dirs_exist_ok=True)
    report = validate(project, reasoning=False)
    fired = {(f.check.removeprefix("qc:"), f.entity) for f in report.findings}
    assert ("municipality-not-in-cbs-list", "gemeente/GM9999") in fired
    assert ("municipality-not-in-cbs-list", "gemeente/GM0001") in fired
    assert ("municipality-not-in-cbs-list", "gemeente/GM0632") not in fired
    assert ("municipality-in-networks-of-two-consortia", "gemeente/GM0632") in fired
    assert ("network-without-area", "netwerk/leeg") in fired
    assert ("network-without-area", "netwerk/een") not in fired
    assert not report.ok  # a municipality outside the list is an error


def test_report_has_the_national_overview(graph, project):
    from pzgraph.report import collect

    report = collect(graph, project)
    section = next(s for s in report.sections if s.slug == "landelijk-overzicht")
    assert not section.missing
    overview = next(t for t in section.tables if t.query.name == "national-overview")
    by_consortium = {row[0]: row for row in overview.rows}
    # nationaalprogrammapalliatievezorg.nl: Zuidwest Nederland has 8 networks
    assert by_consortium["Consortium Palliatieve Zorg Zuidwest Nederland"][1] == "8"
    assert ID_BASE not in " ".join(" ".join(r) for r in overview.rows)
