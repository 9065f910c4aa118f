"""The report as a network coordinator reads it (issue 18, review of session 6): every link
between the report and the maps, both ways and for every network; a summary whose numbers
each say one thing; Dutch prose, the query names only under "Hoe dit is berekend"; a page
that fits a narrow window; and the maps `make run` writes leading to the report.

Driven in Debian's Chromium with Playwright, in a thread of its own (as tests/test_report.py).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from pzgraph.cli.main import main
from pzgraph.glossary import HOW_COMPUTED, NO_DATA, NOT_APPLICABLE
from pzgraph.query.library import library
from pzgraph.report import write_report
from pzgraph.report.collect import Collector
from pzgraph.vocab import ID_BASE

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DATE = "2025-06-30"

# Per network section: its id, its notes, and the maps it links to.
SECTIONS = """() => [...document.querySelectorAll('section.network')].map(s => ({
  id: s.id, text: s.innerText,
  maps: [...s.querySelectorAll(':scope > ul a[href^="maps/"]')].map(a => a.getAttribute('href'))
}))"""
# A matrix of the page as {row: {column: cell}}, by its query.
MATRIX = """query => { const f = [...document.querySelectorAll('figure.report-table')]
  .find(f => f.dataset.query === query && f.querySelector('table.matrix'));
  const cols = [...f.querySelectorAll('thead th')].map(th => th.innerText.trim());
  return Object.fromEntries([...f.querySelectorAll('tbody tr')].map(r => {
    const cells = [...r.children].map(c => c.innerText.trim());
    return [cells[0], Object.fromEntries(cols.slice(1).map((c, i) => [c, cells[i + 1]]))];
  })); }"""
# What the coverage map shows after opening: the chosen network, its gaps, the way back.
COVERAGE_STATE = """() => ({
  chosen: (document.querySelector("select[data-facet='networks']") || {}).value,
  gapText: document.getElementById('pz-gaps').innerText,
  gaps: pzMap.data.nodes.filter(n => n.gap && !n.hidden)
        .filter(n => !(n.broader || []).length)
        .map(n => ({kind: n.kind, name: n.full})),
  report: document.querySelector('#pz-report a').href })"""


def _browse(report: Path) -> dict:
    """Open the report and follow each network's links to its maps; what each shows."""
    from playwright.sync_api import sync_playwright

    seen: dict = {"errors": [], "maps": {}, "hrefs": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.on("pageerror", lambda e: seen["errors"].append(str(e)))
            page.goto(report.resolve().as_uri())
            seen["sections"] = page.evaluate(SECTIONS)
            seen["ids"] = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
            seen["kk"] = page.evaluate(MATRIX, "kwaliteitskader-matrix")
            seen["pn"] = page.evaluate(MATRIX, "pnraad-matrix")
            seen["text"] = page.evaluate("document.body.innerText")
            seen["summaries"] = page.evaluate(
                "[...document.querySelectorAll('details summary')].map(s => s.innerText)")
            for section in seen["sections"]:
                for link in section["maps"]:
                    # Followed as a reader does: a click on the link as the page writes it
                    # (the review found `#netwerk%3D...`, which a test that decoded the link
                    # first never saw). Each from a fresh report page: the same map under a
                    # second hash is no new page load.
                    opened = browser.new_page(viewport={"width": 1280, "height": 720})
                    opened.on("pageerror", lambda e: seen["errors"].append(str(e)))
                    opened.goto(report.resolve().as_uri())
                    anchor = opened.locator(f'section#{section["id"]} > ul a[href="{link}"]')
                    with opened.expect_navigation():
                        anchor.click()
                    opened.wait_for_selector("body[data-ready=true]", state="attached")
                    seen["hrefs"].append(opened.url)
                    seen["maps"][link] = (opened.evaluate(COVERAGE_STATE) if "dekking" in link
                                          else {"report": opened.eval_on_selector(
                                              "#pz-report a", "a => a.href")})
                    opened.close()
            # a consortium whose work is linked to no Kwaliteitskader domain (Septet)
            opened = browser.new_page(viewport={"width": 1280, "height": 720})
            opened.goto((report.parent / "maps" / "dekking.html").resolve().as_uri()
                        + "#netwerk=septet")
            opened.wait_for_selector("body[data-ready=true]", state="attached")
            seen["septet"] = opened.evaluate(COVERAGE_STATE)
            opened.close()
            page.goto(report.resolve().as_uri())
            for width in (640, 320):
                page.set_viewport_size({"width": width, "height": 720})
                seen[f"wide{width}"] = page.evaluate(
                    "[document.documentElement.scrollWidth, innerWidth]")
        finally:
            browser.close()
    return seen


@pytest.fixture(scope="module")
def report_dir(graph, project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("coordinator") / "report"
    write_report(graph, project, out, date=DATE)
    return out


@pytest.fixture(scope="module")
def seen(report_dir: Path) -> dict:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_browse, report_dir / "index.html").result(timeout=600)


@pytest.fixture(scope="module")
def frames(graph, project) -> dict[str, dict[str, tuple[str, str, bool]]]:
    """Per matrix query, each row: (its IRI's kind, its stand, whether any cell is filled)."""
    collector = Collector(graph, project.queries_dir)
    found = {}
    for query in ("kwaliteitskader-matrix", "pnraad-matrix"):
        table = collector.probe(collector.find(query), {}, as_matrix=True)
        cells = [table.columns.index(c) for c in table.cells()]
        stand = table.columns.index("stand")
        found[query] = {row[0]: (table.row_iris[row[0]].removeprefix(ID_BASE).split("/")[0],
                                 row[stand], any(row[i] for i in cells)) for row in table.rows}
    return found


def _gaps(row: dict[str, str]) -> set[str]:
    return {column for column, cell in row.items() if cell == "∅"}


# --- report <-> maps, every network, both ways ----------------------------------------------


def test_every_network_links_to_maps_that_open_on_it_and_lead_back(seen):
    assert seen["errors"] == []
    sections = seen["sections"]
    assert len(sections) >= 10
    for section in sections:
        network = section["id"].removeprefix("netwerk-")
        coverage = [link for link in section["maps"] if "dekking" in link]
        own = [link for link in section["maps"] if "dekking" not in link]
        assert own and coverage, section["id"]
        for link in own:  # the network's own map leads back to its section
            back = urlsplit(seen["maps"][link]["report"])
            assert back.path.endswith("/index.html") and back.fragment == section["id"], link
        for link in coverage:
            shown = seen["maps"][link]
            # the map opens on this network, not on the whole country ...
            assert shown["chosen"] == f"netwerk/{network}", link
            # ... and its way back is this section
            assert urlsplit(shown["report"]).fragment == section["id"], link
            assert section["id"] in seen["ids"]


def test_a_network_without_work_opens_the_coverage_map_saying_nothing_is_known(seen):
    """Eemland, Utrecht stad, ...: the report says "geen gegevens (geen gat)"; the map opened
    from there says the same and outlines no gap as theirs (the review found six such)."""
    unknown = [s for s in seen["sections"] if "Geen projecten of activiteiten vastgelegd"
               in s["text"]]
    assert {"netwerk-eemland", "netwerk-utrecht-stad"} <= {s["id"] for s in unknown}
    for section in unknown:
        link = next(link for link in section["maps"] if "dekking" in link)
        shown = seen["maps"][link]
        assert shown["gaps"] == [], section["id"]
        assert "geen gegevens" in shown["gapText"], section["id"]


def test_a_network_with_work_opens_on_the_gaps_of_its_report_row(seen):
    """Every "Dekkingskaart van ..." link, clicked: the map shows the gaps of the network's
    row in the report's matrices (domains and PN-raad recommendations), not the country's."""
    assert all("%3D" not in url for url in seen["hrefs"]), seen["hrefs"]
    compared = 0
    for section in seen["sections"]:
        link = next(link for link in section["maps"] if "dekking" in link)
        shown = seen["maps"][link]
        assert "alle netwerken" not in shown["gapText"], link
        name = section["text"].split("\n", 1)[0].strip()
        for matrix, kind in (("kk", "domein"), ("pn", "aanbeveling")):
            row = seen[matrix].get(name)
            if row is None or row.get("stand") in (NO_DATA, NOT_APPLICABLE):
                continue
            on_map = {g["name"] for g in shown["gaps"] if g["kind"] == kind}
            assert on_map == _gaps(row), (name, kind)
            compared += 1
    assert compared >= 4


# --- the summary: each number says one thing ------------------------------------------------


def _summary(seen: dict) -> str:
    text = seen["text"]
    return text.split("Samenvatting", 1)[1].split("Inhoud", 1)[0]


def _frame_text(summary: str, frame: str) -> str:
    start = summary.index(frame)
    rest = summary[start + len(frame):]
    ends = [rest.find(f) for f in ("Aanbevelingen van de PN-raad (", "Matrix:") if f in rest]
    return rest[:min(ends)] if ends else rest


def _count(rows: dict, kind: str, test) -> int:
    return sum(1 for k, stand, filled in rows.values() if k == kind and test(stand, filled))


def test_the_pn_raad_line_counts_against_the_networks_the_frame_applies_to(seen, frames):
    rows = frames["pnraad-matrix"]
    summary = _frame_text(_summary(seen), "Aanbevelingen van de PN-raad")
    applies = _count(rows, "netwerk", lambda s, f: s != NOT_APPLICABLE)
    everywhere = _count(rows, "netwerk", lambda s, f: True)
    outside = everywhere - applies
    assert 0 < applies < everywhere  # Septet's networks only
    with_work = _count(rows, "netwerk", lambda s, f: s not in (NO_DATA, NOT_APPLICABLE) and f)
    assert f"{with_work} van de {applies} netwerken waarvoor dit kader geldt" in summary
    assert f"van de {everywhere} netwerken" not in summary
    assert f"de andere {outside} netwerken" in summary
    assert not re.search(r"\b1 consortia\b", _summary(seen))


def test_the_kwaliteitskader_numbers_each_say_one_thing(seen, frames):
    rows = frames["kwaliteitskader-matrix"]
    summary = _frame_text(_summary(seen), "Kwaliteitskader palliatieve zorg")
    networks = _count(rows, "netwerk", lambda s, f: True)
    linked = _count(rows, "netwerk", lambda s, f: s not in (NO_DATA, NOT_APPLICABLE) and f)
    unknown = _count(rows, "netwerk", lambda s, f: s == NO_DATA)
    assert f"{linked} van de {networks} netwerken" in summary
    assert f"van {unknown} van de {networks} netwerken" in summary
    # the number of all networks is never the number of those without data
    assert f"van {networks} netwerken" not in summary


def test_work_linked_to_no_concept_is_a_hole_in_the_records_not_a_gap(seen, frames):
    """Septet's projects sit in its transformation table; none is linked to a Kwaliteitskader
    domain. The review found it ranked "minst gedekt (0 van 10)": a curation hole."""
    rows = frames["kwaliteitskader-matrix"]
    holes = [name for name, (_, stand, filled) in rows.items()
             if stand not in (NO_DATA, NOT_APPLICABLE) and not filled]
    assert "Septet" in holes
    summary = _frame_text(_summary(seen), "Kwaliteitskader palliatieve zorg")
    least = summary.split("Het minst gedekt", 1)[1]
    assert not any(name in least for name in holes)
    assert "niet aan een domein gekoppeld" in summary and "Septet" in summary
    # the matrix marks the row as unknown, not as ten gaps; the gap list names it apart
    assert set(seen["kk"]["Septet"].values()) >= {"?"} and "∅" not in seen["kk"]["Septet"].values()
    # the coverage map chosen on it says the same: no domain is its gap
    septet = seen["septet"]
    assert septet["chosen"] == "consortium/septet"
    assert not [g for g in septet["gaps"] if g["kind"] == "domein"]
    assert "ontbreekt in de vastlegging, geen gat in de zorg" in septet["gapText"]
    gaps = seen["text"].split("Domeinen zonder project of activiteit, per netwerk", 1)[1]
    gaps = gaps.split("Aanbevelingen zonder project", 1)[0]
    assert "Septet" in gaps and "Kernwaarden en principes" not in gaps.split("Septet", 1)[1][:60]


def test_the_least_covered_names_every_network_that_ties(seen):
    """The review found Utrecht-Zuid (1 of 10 domains) left out of "Het minst gedekt", where
    three others with 1 of 10 were named."""
    summary = _summary(seen)
    for matrix, frame in (("kk", "Kwaliteitskader palliatieve zorg"),
                          ("pn", "Aanbevelingen van de PN-raad")):
        scores = {name: sum(bool(re.fullmatch(r"\d+( \(.*\))?", cell))
                            for column, cell in row.items() if column not in ("stand", "zekerheid"))
                  for name, row in seen[matrix].items()
                  if row.get("stand") not in (NO_DATA, NOT_APPLICABLE) and "?" not in row.values()}
        lowest = min(scores.values())
        least = _frame_text(summary, frame).split("Het minst gedekt", 1)[1]
        tied = [name for name, n in scores.items() if n == lowest]
        assert len(tied) >= (2 if matrix == "kk" else 1)
        for name in tied:
            assert name in least, (frame, name)
        assert least.count(f"{lowest} van ") == 1  # one score, said once for all who share it


def test_the_least_covered_counts_what_it_does_not_name():
    from pzgraph.report.summary import MAX_NAMED, _least

    counted = [(0, f"Netwerk {i:02}") for i in range(MAX_NAMED + 5)] + [(3, "Netwerk Z")]
    text = _least(counted, 10, "domeinen")
    assert text == ("0 van 10 domeinen: " + ", ".join(f"Netwerk {i:02}" for i in range(MAX_NAMED))
                    + " en nog 5 andere")


# --- Dutch for a coordinator; the queries where a technical reader looks -------------------


def test_no_query_names_or_english_in_the_prose(seen, project):
    text = seen["text"]  # what the page shows with every "Hoe dit is berekend" closed
    for phrase in ("Toon de query", "De queries", "de query vindt", "parameter network=",
                   "(network="):
        assert phrase not in text, phrase
    names = [n for n in library(project.queries_dir) if "-" in n]  # status-overview, ...
    shown = [n for n in names if re.search(rf"(?<![\w/-]){re.escape(n)}(?![\w-])", text)]
    assert shown == []
    assert set(seen["summaries"]) == {HOW_COMPUTED}


def test_markdown_says_the_same_in_dutch(report_dir):
    markdown = (report_dir / "report.md").read_text(encoding="utf-8")
    prose = re.sub(r"(`+) .*? \1", "", markdown)  # code spans: the commands themselves
    for phrase in ("De queries", "parameter network=", "{NOT_APPLICABLE_MARK}", "Query:"):
        assert phrase not in prose, phrase
    assert "– = het kader geldt niet" in markdown
    assert f"{HOW_COMPUTED}: `" in markdown
    assert "Niets vastgelegd over" in markdown


# --- a narrow window ------------------------------------------------------------------------


def test_the_page_fits_a_narrow_window(seen):
    for width in (640, 320):
        scroll, inner = seen[f"wide{width}"]
        assert scroll <= inner, (width, scroll)


# --- the maps `make run` writes lead to the report ------------------------------------------


def test_a_map_written_beside_a_report_links_to_it(graph, tmp_path):
    out = tmp_path / "out"
    (out / "report").mkdir(parents=True)
    (out / "report" / "index.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    runner = CliRunner()
    for args, name, anchor in ((["landscape"], "landschap.html", "samenvatting"),
                               (["coverage"], "dekking.html", "samenvatting"),
                               (["network", "noordwest-utrecht"], "netwerk-noordwest-utrecht.html",
                                "netwerk-noordwest-utrecht")):
        path = out / "maps" / name
        result = runner.invoke(main, ["map", *args, "--out", str(path)])
        assert result.exit_code == 0, result.output
        page = path.read_text(encoding="utf-8")
        assert f'"report":"../report/index.html#{anchor}"' in page, name
    # a map written elsewhere has no report to lead to, and claims none
    alone = tmp_path / "elders" / "landschap.html"
    assert runner.invoke(main, ["map", "landscape", "--out", str(alone)]).exit_code == 0
    assert '"report":""' in alone.read_text(encoding="utf-8")


def test_make_run_writes_the_report_before_the_maps_that_link_to_it():
    script = (Path(__file__).resolve().parents[1] / "scripts" / "run.sh").read_text("utf-8")
    commands = [line.split()[1] for line in script.splitlines()
                if line.strip().startswith("$pz ")]
    assert commands.index("report") < commands.index("map")


# --- data without what a query's default names -----------------------------------------------


def test_a_default_the_data_lacks_leaves_its_part_empty_with_a_note(graph, project, tmp_path):
    """The synthetic national landscape has no Septet plan, the default of
    transformation-matrix: the report said "not a known Plan" and wrote nothing at all."""
    import shutil

    from pzgraph.report import collect
    from pzgraph.report.html import render_html

    queries = tmp_path / "queries"
    shutil.copytree(project.queries_dir, queries)
    path = queries / "transformation-matrix.rq"
    text = path.read_text(encoding="utf-8")
    assert "default=septet-meerjarenplan-2024-2026" in text
    path.write_text(text.replace("default=septet-meerjarenplan-2024-2026",
                                 "default=plan-dat-er-niet-is"), encoding="utf-8")
    report = collect(graph, type(project)(tmp_path, sources=project.sources_dir), date=DATE)
    section = next(s for s in report.sections if s.slug == "transformatie")
    assert section.tables == []
    assert any("geen gegevens" in n and "plan-dat-er-niet-is" in n for n in section.notes)
    assert "Kwaliteitskader palliatieve zorg" in render_html(report)  # the rest is there


def test_a_network_whose_work_is_linked_to_no_domain_gets_no_gap_list_of_its_own(graph,
                                                                                  project):
    """A network's section lists its gaps unless its matrix row is unlinked (no data in the
    curated graph is: Septet, the one such row, is a consortium, not a section)."""
    from pzgraph.report.sections import KK_GAPS, network_section

    collector = Collector(graph, project.queries_dir)
    name = "Netwerk Palliatieve Zorg Noordwest-Utrecht"
    plain = network_section(collector, "netwerk/noordwest-utrecht", lambda *_: None)
    assert any(t.query.name == "kwaliteitskader-gaps" for t in plain.tables)
    hole = network_section(collector, "netwerk/noordwest-utrecht", lambda *_: None,
                           unlinked={KK_GAPS: {name}})
    assert not any(t.query.name == "kwaliteitskader-gaps" for t in hole.tables)
    assert any("niet aan een domein gekoppeld" in note for note in hole.notes)
    assert any(t.query.name == "pnraad-gaps" for t in hole.tables)  # the other frame stays


def test_a_source_without_publisher_or_kind_is_listed_blank():
    """At 1x the report failed at its very end: 'NoneType' object has no attribute 'value'
    (GROUP_CONCAT of no publisher is unbound in Oxigraph)."""
    import pyoxigraph as ox

    from pzgraph.report.meta import read_sources

    class Graph:
        def query(self, _text: str) -> list[dict]:
            return [{"file": ox.Literal("n0001.txt"), "title": ox.Literal("Jaarplan"),
                     "kind": None, "publishers": None}]

    (source,) = read_sources(Graph())
    assert (source.file, source.title, source.kind, source.publisher) == (
        "n0001.txt", "Jaarplan", "", "")
