"""`pzgraph report`: the page in a real browser, the same values in Markdown and CSV, the
header, traceability, escaping, and the folder written whole or not at all.

Cells are pinned to the source documents (../shared/seeds/); each test names the passage.
The browser is Debian's Chromium, driven in a thread of its own so that it never meets
another test module's Playwright session.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from pzgraph.cli.main import main
from pzgraph.project import OUTPUT_MARKER, write_folder
from pzgraph.query.library import library
from pzgraph.report import collect, write_report
from pzgraph.report.html import render_html
from pzgraph.report.model import GAP_MARK, Meta, Report, Section, Source, Table
from pzgraph.report.text import render_markdown

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DATE = "2025-06-30"
XSS = "<img src=x onerror=alert(1)>"
ROTTERDAM = "Netwerk Palliatieve Zorg Rotterdam en omstreken"
VELUWE = "Netwerk Palliatieve Zorg Noordwest-Veluwe"
GOOI = "Netwerk Palliatieve Zorg Gooi en Vechtstreek"

# Reads every matrix and table of the page as text: {figure id: {"query", "columns", "rows"}}.
READ_TABLES = """() => Object.fromEntries(
  [...document.querySelectorAll('figure.report-table')].map(f => {
    const table = f.querySelector('table');
    const pre = f.querySelector('details.query pre');
    const text = el => el.innerText.trim();
    return [f.id, {query: f.dataset.query, sparql: pre ? pre.textContent : '',
      columns: table ? [...table.querySelectorAll('thead th')].map(text) : [],
      rows: table ? [...table.querySelectorAll('tbody tr')].map(r => [...r.children].map(text))
                  : []}];
  }))"""
MAP_LINKS = "[...document.querySelectorAll('a[href^=\"maps/\"]')].map(a => a.getAttribute('href'))"
# The WCAG contrast of every coloured matrix cell: its text colour on its background.
CONTRAST = """() => {
  const rgb = s => s.match(/[0-9.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  return [...document.querySelectorAll('td.heat, td.gap')].map(td => {
    const s = getComputedStyle(td);
    const [a, b] = [lum(rgb(s.color)), lum(rgb(s.backgroundColor))].sort((x, y) => y - x);
    return {text: td.innerText.trim(), ratio: (a + 0.05) / (b + 0.05)};
  });
}"""
# What the first screen holds (1300×900): headings and text above the fold.
FIRST_SCREEN = """() => [...document.querySelectorAll('h1, h2, h3, dt, dd, a')]
  .filter(e => e.getBoundingClientRect().bottom <= innerHeight).map(e => e.innerText)"""


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_dir(graph, project, output_dir: Path) -> Path:
    out = output_dir / "report"
    write_report(graph, project, out, date=DATE)
    return out


def _browse(page_path: Path, output_dir: Path) -> dict:
    """Open the page in Chromium; return what it shows and what went wrong."""
    from playwright.sync_api import sync_playwright

    seen: dict = {"errors": [], "outside": [], "dialogs": []}

    def route(r) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            seen["outside"].append(r.request.url)
            r.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.on("console", lambda m: m.type in ("error", "warning")
                    and seen["errors"].append(m.text))
            page.on("pageerror", lambda e: seen["errors"].append(str(e)))
            page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
            page.route("**/*", route)
            page.goto(page_path.resolve().as_uri())
            page.wait_for_load_state("load")
            seen["tables"] = page.evaluate(READ_TABLES)
            seen["images"] = page.evaluate("document.images.length")
            seen["map_links"] = page.evaluate(MAP_LINKS)
            seen["contrast"] = page.evaluate(CONTRAST)
            seen["first_screen"] = page.evaluate(FIRST_SCREEN)
            # a page 70,000 px long: its picture takes ~25 s on a busy 2-core machine
            page.screenshot(path=str(output_dir / f"{page_path.parent.name}.png"), full_page=True,
                            timeout=180_000)
            page.emulate_media(media="print")
            page.pdf(path=str(output_dir / f"{page_path.parent.name}.pdf"), format="A4",
                     landscape=True, print_background=False)
            seen["print_nav_hidden"] = page.evaluate(
                "getComputedStyle(document.querySelector('nav')).display === 'none'")
            seen["print_queries_shown"] = page.evaluate(
                "[...document.querySelectorAll('details.query')]"
                ".filter(d => d.offsetParent).length")
            seen["print_sections_shown"] = page.evaluate(
                "[...document.querySelectorAll('section[id]')]"
                ".filter(s => s.offsetParent !== null).map(s => s.id)")
            seen["print_note"] = page.evaluate(
                "[...document.querySelectorAll('.print-only')].filter(p => p.offsetParent)"
                ".map(p => p.innerText).join(' ')")
            pdf = (output_dir / f"{page_path.parent.name}.pdf").read_bytes()
            seen["pdf_pages"] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        finally:
            browser.close()
    return seen


def browse(page_path: Path, output_dir: Path) -> dict:
    # A thread of its own: Playwright's sync API refuses to start inside another session's loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_browse, page_path, output_dir).result(timeout=600)


def _report_link(path: Path, fragment: str) -> str:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                       else r.abort())
            page.goto(path.resolve().as_uri() + fragment)
            page.wait_for_function("window.pzMap && window.pzMap.ready")
            return page.eval_on_selector("#pz-report a", "a => a.href")
        finally:
            browser.close()


@pytest.fixture
def browser_page():
    """The address of a map's "Naar het rapport" link, the map opened at a fragment."""
    def open_(path: Path, fragment: str) -> str:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(_report_link, path, fragment).result(timeout=180)
    return open_


@pytest.fixture(scope="module")
def page(report_dir: Path, output_dir: Path) -> dict:
    return browse(report_dir / "index.html", output_dir)


def matrix(tables: dict, query: str) -> dict[str, dict[str, str]]:
    """{row: {column: cell text}} of the first matrix of `query` on the page."""
    table = next(t for t in tables.values() if t["query"] == query and t["rows"])
    return {row[0]: dict(zip(table["columns"][1:], row[1:], strict=True)) for row in table["rows"]}


def count(cell: str) -> int:
    """The number of a matrix cell: `5`, or `5 (2 oordeel)` (two of them not quoted)."""
    return int(cell.split(" (", 1)[0])


def read_csv(report_dir: Path, slug: str) -> list[dict[str, str]]:
    text = (report_dir / "csv" / f"{slug}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def markdown_row(markdown: str, heading: str, first_cell: str) -> list[str]:
    """The cells of the row starting with `first_cell` in the first table after `heading`."""
    section = markdown.split(heading, 1)[1]
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if line.startswith("|") and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r} after {heading!r}")


# --- the page in the browser ---------------------------------------------------------------


def test_page_opens_offline_without_errors(page):
    assert page["errors"] == []
    assert page["outside"] == []  # no request to anything but the file itself
    assert page["dialogs"] == []
    assert page["images"] == 0


def test_kwaliteitskader_matrix_rotterdam(page):
    cells = matrix(page["tables"], "kwaliteitskader-matrix")[ROTTERDAM]
    # 003, §6 Matrix, block "Domein kwaliteitskader 2.1 Markering", under "Huisartsen": five
    # activities ("● Het NPZR&o informeert huisartsen(groepen) over PaTz." ... "● Het NPZR&o
    # implementeert de resultaten uit het TSPZ-project ..."). 2.1 is a subdomain of domain 2,
    # "Structuur en proces", so that cell holds at least those five.
    assert count(cells["Structuur en proces"]) >= 5
    # The matrix of 003 files every activity under a subdomain 2.1-2.10 ("Domein Kwaliteitskader
    # PZ 2.4 Individueel zorgplan", ..., "2.10 Kwaliteit en onderzoek"); none under domain 3,
    # the physical dimension: a gap, shown with its mark.
    assert cells["Fysieke dimensie"] == GAP_MARK


def test_subdomain_matrix_rotterdam(page):
    cells = matrix(page["tables"], "kwaliteitskader-subdomain-matrix")
    # 003 §6: "Domein kwaliteitskader 2.1 Markering" heads a table of Rotterdam's activities
    assert count(cells[ROTTERDAM]["Markering"]) >= 5
    assert "Kwaliteit en onderzoek" in cells[ROTTERDAM]


def test_kwaliteitskader_matrix_noordwest_veluwe(page):
    cells = matrix(page["tables"], "kwaliteitskader-matrix")[VELUWE]
    # 001, planning of the training programme: "2026 idem met als thema ‘nazorg’", and the
    # levenspad whose last phase is "Nazorg" ("markeren Nazorg"): two pieces of work on
    # aftercare, domain 8 "Verlies en rouw". Neither passage names the domain: both placements
    # are the curator's judgement, and the cell says so.
    assert cells["Verlies en rouw"] == "2 (2 oordeel)"
    assert cells["Culturele aspecten"] == GAP_MARK


def test_pnraad_matrix(page):
    cells = matrix(page["tables"], "pnraad-matrix")
    # 002: "Om inwoners meer bewust te maken van het belang van praten over de laatste
    # levensfase zijn publieksbijeenkomsten georganiseerd met als titel ‘Weet u wat u wilt?’":
    # recommendation 6, "Zorgverleners zijn eerlijk over de laatste levensfase en de dood".
    utrecht = cells["Netwerk Palliatieve Zorg Noordwest-Utrecht"]
    assert count(utrecht["Eerlijk over levenseinde en dood"]) >= 1
    # The recommendations are those of Septet's PatiëntenNaastenraad; Rotterdam belongs to
    # another consortium and 003 never mentions them: not Rotterdam's gaps, not applicable.
    rotterdam = cells[ROTTERDAM]
    assert {v for k, v in rotterdam.items() if k not in ("stand", "zekerheid")} == {"–"}
    assert rotterdam["stand"] == "niet van toepassing"
    # Eemland, a Septet network: the graph records no work of it, so nothing is known
    eemland = cells["Netwerk Palliatieve Zorg Eemland"]
    assert {v for k, v in eemland.items() if k not in ("stand", "zekerheid")} == {"?"}


def test_status_matrix_gooi(page):
    cells = matrix(page["tables"], "status-overview")[GOOI]
    # 004: "Dialoog PZP" is the only activity whose phase column says "Uitvoering".
    assert cells["In uitvoering"] == "1"
    assert cells["Achter op schema"] == ""  # a zero, not a gap: no mark


def test_transformation_matrix_cells(page):
    cells = matrix(page["tables"], "transformation-matrix")
    # 000, Septet project table: row "Afspraken bestuurlijk & operationeel" holds
    # "Implementatie richtlijn PZP" (proactieve zorgplanning) ...
    agreements = cells["Afspraken op alle niveaus"]
    assert "Implementatie richtlijn PZP" in agreements["Proactieve zorgplanning"]
    # ... and row "Passende financiering" holds only "Vervolg op Transitie consultatie A012
    # (Staat ook bij Afspraken maken)": consultation of palliative teams, complex casuïstiek.
    row = cells["Passende financiering"]
    assert "Transitie consultatie A012" in row["Ondersteuning bij complexe casuïstiek"]
    assert row["Markering"] == GAP_MARK
    # "Digitale ondersteuning: Ontwikkelen RTA PZ met TRIJN"
    digital = cells["Digitale ondersteuning"].values()
    assert any("Ontwikkelen RTA PZ met TRIJN" in v for v in digital)


def test_network_sections_show_steering_group_and_figures(page):
    tables = page["tables"]
    steering = tables["noordwest-utrecht-stuurgroep"]
    rows = {r[0]: r for r in steering["rows"]}  # the network column is left out in the section
    # 000: "Iedere sector (VVT, ziekenhuis, Hospices, RHO (vacature)) vaardigt een
    # vertegenwoordiger af naar het DB" and "UNICUM Huisartsenzorg: vacature": one GP seat
    # vacant in the stuurgroep, one in the dagelijks bestuur (data/AUDIT.md).
    # the row rests on the sector concept, named in a source in our words: genoemd (S7 #6)
    assert rows["Huisartsen"][1:] == ["1", "1", "1", "vertegenwoordigd, met vacature", "genoemd"]
    assert steering["columns"][1:3] == ["leden van de stuurgroep", "vacante zetels"]
    results = tables["noordwest-utrecht-resultaten"]
    value, unit = results["columns"].index("waarde"), results["columns"].index("eenheid")
    # 002: "‘Weet u wat u wilt?’ Er kwamen 380 bezoekers."
    assert any((r[value], r[unit]) == ("380", "bezoekers") for r in results["rows"])


def test_every_table_shows_its_query(page, project):
    queries = library(project.queries_dir)
    for slug, table in page["tables"].items():
        assert table["query"] in queries, slug
        assert table["sparql"].strip() == queries[table["query"]].sparql.strip(), slug


def test_map_links_are_relative_and_present(page, report_dir):
    assert "maps/netwerk-rotterdam-en-omstreken.html" in page["map_links"]
    for link in page["map_links"]:
        assert not re.match(r"[a-z]+:", link)
        assert (report_dir / link.split("#")[0]).is_file(), link


def test_screenshot_and_pdf_written(page, output_dir):
    assert (output_dir / "report.png").stat().st_size > 10_000
    assert (output_dir / "report.pdf").read_bytes().startswith(b"%PDF")
    assert page["print_nav_hidden"]


def test_print_holds_the_summary_and_the_matrices_on_a_few_pages_without_query_texts(page):
    assert page["print_queries_shown"] == 0  # no "Toon de query" on paper
    shown = page["print_sections_shown"]
    for section in ("samenvatting", "kwaliteitskader", "pn-raad", "transformatie"):
        assert section in shown, section
    # The long lists stay on screen, and a line on paper says where they are.
    for section in ("gaten", "netwerken", "netwerk-noordwest-utrecht"):
        assert section not in shown, section
    assert "Op papier staan de samenvatting en de matrices" in page["print_note"]
    assert "Niet gedekt" in page["print_note"] and "Per netwerk" in page["print_note"]
    # Chromium's print of the page on A4 (landscape, as the page asks): a few pages.
    assert 2 <= page["pdf_pages"] <= 8


def test_each_network_section_links_to_its_coverage_map_and_back(page, report_dir,
                                                                 browser_page):
    from urllib.parse import unquote

    assert "maps/dekking.html#netwerk=noordwest-utrecht" in map(unquote, page["map_links"])
    # The coverage map opened from there shows that network and leads back to its section.
    link = browser_page(report_dir / "maps" / "dekking.html", "#netwerk=noordwest-utrecht")
    assert link.endswith("index.html#netwerk-noordwest-utrecht")


def test_files_and_words_are_dutch(report_dir):
    from pzgraph.glossary import FILE_NAMES

    names = {p.stem for p in (report_dir / "csv").iterdir()}
    assert not [n for n in names for english in FILE_NAMES if n == english
                or n.endswith("-" + english)]
    assert {"pn-raad-matrix", "kwaliteitskader-matrix", "status-overzicht"} <= names
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<details class=\"query\">.*?</details>", "", html, flags=re.S)
    for word in ("de graaf", "De graaf", "het graaf", ">Gaten<", "dekkingsgaten"):
        assert word not in text, word
    assert "Niet gedekt" in text


def test_matrix_cells_are_readable(page):
    assert len(page["contrast"]) > 100
    low = [c for c in page["contrast"] if c["ratio"] < 4.5]
    assert low == []


def test_the_page_opens_with_a_summary(page, report_dir):
    first = page["first_screen"]
    assert "Samenvatting" in first
    assert any(t.startswith("Door niemand gedekt") for t in first)
    assert "Matrix: Kwaliteitskader palliatieve zorg" in first
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    # The domains nobody covers are the columns blank in every row of the matrix that has data.
    cells = matrix(page["tables"], "kwaliteitskader-matrix")
    columns = [c for c in next(iter(cells.values())) if c not in ("stand", "zekerheid")]
    # (a row of work linked to none of the domains, marked "?" throughout, covers nothing)
    known = [r for r in cells.values() if r["stand"] != "geen gegevens"
             and {v for k, v in r.items() if k not in ("stand", "zekerheid")} != {"?"}]
    nobody = [c for c in columns if all(r[c] == GAP_MARK for r in known)]
    summary = html.split('id="samenvatting"', 1)[1].split("</section>", 1)[0]
    assert f"Door niemand gedekt ({len(nobody)})" in summary
    assert all(name in summary for name in nobody)
    assert 'href="#kwaliteitskader-matrix"' in summary
    assert "Kwaliteitskader palliatieve zorg (10 domeinen)" in summary
    # a network about which the graph records no work is counted apart, never as covering least
    least = summary.split("Het minst gedekt", 1)[1].split("</dd>", 1)[0]
    unknown = [name for name, row in cells.items() if row["stand"] == "geen gegevens"]
    assert unknown and not any(name in least for name in unknown)
    assert "Geen gegevens" in summary


def test_report_and_maps_link_both_ways(page, report_dir):
    assert {"maps/landschap.html", "maps/dekking.html"} <= set(page["map_links"])
    for name in ("landschap", "dekking"):
        html = (report_dir / "maps" / f"{name}.html").read_text(encoding="utf-8")
        assert '"report":"../index.html#samenvatting"' in html
    rotterdam = (report_dir / "maps" / "netwerk-rotterdam-en-omstreken.html").read_text("utf-8")
    assert '"report":"../index.html#netwerk-rotterdam-en-omstreken"' in rotterdam


def test_a_network_the_graph_knows_little_about_says_so(report_dir):
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    section = html.split('id="netwerk-eemland"', 1)[1].split("</section>", 1)[0]
    assert "pzgraph weet weinig over dit netwerk" in section
    # Noordwest-Utrecht: members and work recorded. (Rotterdam was the example until the second
    # audit: its "members" were advisers and collaboration partners; 003 names no member, so the
    # report says it knows no members there, but with 55 projects it is no "weinig" network.)
    known = html.split('id="netwerk-noordwest-utrecht"', 1)[1].split("</section>")[0]
    assert "weinig" not in known
    rotterdam = html.split('id="netwerk-rotterdam-en-omstreken"', 1)[1].split("</section>")[0]
    assert "Geen leden vastgelegd" in rotterdam and "weinig" not in rotterdam
    eemland = (report_dir / "maps" / "netwerk-eemland.html").read_text(encoding="utf-8")
    assert '"little":"pzgraph weet weinig' in eemland


def test_headers_are_dutch_everywhere(page, report_dir):
    english = {"network", "domain", "member", "role", "body", "from", "until", "recommendation",
               "networks_in_consortium", "municipality", "value", "unit"}
    for table in page["tables"].values():
        assert not english & set(table["columns"]), table["columns"]
    for path in (report_dir / "csv").iterdir():
        first = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert not english & set(first), path.name
    markdown = (report_dir / "report.md").read_text(encoding="utf-8")
    assert "| network |" not in markdown and "rijen network" not in markdown
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    # The query library's own texts (shown under "Toon de query") are Dutch too (issue 18).
    assert "adresse" not in html and "rijen network" not in html


def test_every_header_comes_from_the_glossary(graph, project, report_dir):
    """The review found "networks with area", "with population" and "population" in the
    national overview: a query column the glossary did not know showed as its English name."""
    from pzgraph.glossary import HEADERS, QUERY_HEADERS
    from pzgraph.report import collect

    report = collect(graph, project, date=DATE)
    unknown = {(t.query.name, c) for t in report.tables()
               for c in (t.columns[:1] if t.matrix else t.columns)
               if c not in HEADERS and (t.query.name, c) not in QUERY_HEADERS}
    assert unknown == set()
    overview = read_csv(report_dir, "landelijk-overzicht")
    assert set(overview[0]) == {"consortium", "netwerken", "netwerken met werkgebied uit een bron",
                                "gemeenten", "gemeenten met bekend inwonertal", "inwoners",
                                "zekerheid"}
    # Septet: 20 municipalities, none with a known population: unknown, never 0 inhabitants
    septet = next(r for r in overview if r["consortium"] == "Septet")
    assert int(septet["gemeenten"]) > 0 and septet["gemeenten met bekend inwonertal"] == "0"
    assert septet["inwoners"] == "onbekend"
    assert all(r["inwoners"] != "0" for r in overview)
    assert any(r["inwoners"].isdigit() for r in overview)  # a known one stays a number
    detail = read_csv(report_dir, "netwerk-details")
    assert "gemeenten vermoedelijk (zonder bron)" in detail[0]
    markdown = (report_dir / "report.md").read_text(encoding="utf-8")
    assert "networks with area" not in markdown and "| population |" not in markdown


# --- Markdown and CSV carry the same values -------------------------------------------------


def test_markdown_has_the_same_cells(report_dir):
    markdown = (report_dir / "report.md").read_text(encoding="utf-8")
    header = markdown_row(markdown, "Netwerk × Kwaliteitskader-domein", "netwerk")
    rotterdam = dict(zip(header, markdown_row(markdown, "Netwerk × Kwaliteitskader-domein",
                                              ROTTERDAM), strict=True))
    assert count(rotterdam["Structuur en proces"]) >= 5
    assert rotterdam["Fysieke dimensie"] == GAP_MARK
    veluwe = dict(zip(header, markdown_row(markdown, "Netwerk × Kwaliteitskader-domein", VELUWE),
                      strict=True))
    assert veluwe["Verlies en rouw"] == "2 (2 oordeel)"
    financing = markdown_row(markdown, "Kernthema × actielijn", "Passende financiering")
    assert financing[1] == GAP_MARK and any("Transitie consultatie A012" in c for c in financing)
    assert "pzgraph query kwaliteitskader-matrix" in markdown
    assert f"Stand van: {DATE}" in markdown


def test_csv_has_the_same_cells(report_dir):
    rows = {r["netwerk"]: r for r in read_csv(report_dir, "kwaliteitskader-matrix")}
    assert count(rows[ROTTERDAM]["Structuur en proces"]) >= 5
    assert rows[ROTTERDAM]["Fysieke dimensie"] == ""  # CSV keeps the query's blank
    assert rows[VELUWE]["Verlies en rouw"] == "2 (2 oordeel)"
    pnraad = {r["netwerk"]: r for r in read_csv(report_dir, "pn-raad-matrix")}
    assert {v for k, v in pnraad[ROTTERDAM].items() if k not in ("netwerk", "stand",
                                                                  "zekerheid")} == {""}
    status = {r["netwerk"]: r for r in read_csv(report_dir, "status-overzicht")}
    assert status[GOOI]["In uitvoering"] == "1"
    # 000, §Werkgebied: "Vleuten-De Meern (gemeente Utrecht)" is Noordwest-Utrecht's, so
    # Utrecht has a network; S001 names no municipality of Noordwest-Veluwe, so Harderwijk has
    # none, only a believed one (landscape-facts §5 "Best guess [B]").
    none = {r["gemeente"]: r for r in read_csv(report_dir, "gemeenten-0-netwerken")}
    assert "Utrecht" not in none
    assert none["Harderwijk"]["vermoedelijk netwerk"] == f"{VELUWE} (niet geverifieerd)"


def test_header_names_version_date_and_sources(graph, report_dir):
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    assert graph.manifest["input_hash"] in page
    assert f"pzgraph {graph.manifest['version']}" in page
    assert DATE in page
    for name in ("000_0f9769a56a83d19c", "003_6f22155874b400fb", "004_8da2be3a563f67f3"):
        assert f"{name}.txt" in page
    assert "Meerjarenbeleidsplan NPZR&amp;o 2023-2026" in page


def test_page_is_self_contained(report_dir):
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(""", page)


def test_same_input_same_report(graph, project, tmp_path, report_dir):
    write_report(graph, project, tmp_path / "again", date=DATE)
    for name in ("index.html", "report.md"):
        assert (tmp_path / "again" / name).read_text() == (report_dir / name).read_text()


# --- escaping ------------------------------------------------------------------------------


def hostile_report(project) -> Report:
    query = library(project.queries_dir)["kwaliteitskader-matrix"]
    table = Table("xss", f"Titel {XSS}", query, {"network": XSS}, ["network", XSS],
                  [[XSS, "3"], ["Veilig", ""]], matrix=True)
    listing = Table("xss-list", "Lijst", query, {}, ["a", "b"], [[XSS, f"x; {XSS}"]])
    section = Section("s", f"Sectie {XSS}", intro=XSS, tables=[table, listing], notes=[XSS],
                      links=[(XSS, "maps/netwerk-x.html")])
    meta = Meta("0", XSS, DATE, XSS, [Source(XSS, XSS, XSS, XSS)], [XSS])
    return Report(f"Rapport {XSS}", meta, [section])


def test_labels_are_text_in_html(project, tmp_path, output_dir):
    page = render_html(hostile_report(project))
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    path = tmp_path / "report-xss" / "index.html"
    path.parent.mkdir()
    path.write_text(page, encoding="utf-8")
    seen = browse(path, output_dir)
    assert seen["images"] == 0 and seen["dialogs"] == [] and seen["outside"] == []
    assert seen["tables"]["xss"]["rows"][0][0] == XSS  # shown as the text it is


def test_labels_are_text_in_markdown(project):
    markdown = render_markdown(hostile_report(project))
    prose = re.sub(r"(`+) .*? \1", "", markdown)  # code spans show their content as text
    assert not re.search(r"(?<!\\)<img", prose)
    assert "\\<img src=x onerror=alert(1)\\>" in prose


# --- the folder, the command line, a library without some queries ---------------------------


def test_folder_is_replaced_whole_or_not_at_all(tmp_path):
    target = tmp_path / "report"
    write_folder(target, lambda d: (d / "stale.csv").write_text("old"))
    write_folder(target, lambda d: (d / "index.html").write_text("new"))
    assert sorted(p.name for p in target.iterdir()) == [OUTPUT_MARKER, "index.html"]

    def fail(folder: Path) -> None:
        (folder / "index.html").write_text("half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_folder(target, fail)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no leftovers


def test_missing_queries_are_named_not_invented(graph, project, tmp_path):
    queries = tmp_path / "queries"
    queries.mkdir()
    shutil.copy(project.queries_dir / "members.rq", queries)
    partial = type(project)(tmp_path, sources=project.sources_dir)
    report = collect(graph, partial, date=DATE)
    missing = report.missing_queries()
    assert "kwaliteitskader-matrix" in missing and "transformation-matrix" in missing
    page = render_html(report)
    assert "staat (nog) niet in de bibliotheek" in page
    assert all(t.query.name == "members" for t in report.tables())


def test_cli_writes_the_formats_asked_for(tmp_path):
    out = tmp_path / "md"
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--format", "markdown",
                                       "--no-maps", "--date", DATE])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [OUTPUT_MARKER, "report.md"]
    bad = CliRunner().invoke(main, ["report", "--out", str(out), "--date", "gisteren"])
    assert bad.exit_code != 0 and "gisteren" in bad.output
