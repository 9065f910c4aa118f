"""The words a coordinator reads in a network's report section and on its map (review S7):
one rule for "the graph knows little", every abbreviation explained in the sources' words.

The maps are opened in Debian's Chromium at 1280x720 (conftest `browser`), as a reader sees
them; only the network maps these tests need are written (not the whole report).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pzgraph.glossary import ABBREVIATIONS, known_about
from pzgraph.maps import network, render
from pzgraph.report.collect import Collector
from pzgraph.report.sections import network_section

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
NETWORKS = ("rotterdam-en-omstreken", "gooi-en-vechtstreek", "eemland", "utrecht-stad",
            "noordwest-utrecht", "utrecht-zuid")
LITTLE = "pzgraph weet weinig over dit netwerk"


@pytest.fixture(scope="module")
def maps(graph, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("words")
    written = {}
    for name in NETWORKS:
        path = folder / f"netwerk-{name}.html"
        path.write_text(render(network(graph, f"netwerk/{name}")), encoding="utf-8")
        written[name] = path
    return written


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached")
    return page


# --- "weinig vastgelegd": one rule, weighing what the graph does hold -------------------------


def test_the_rule_weighs_members_and_work_together():
    assert known_about(0, 55).startswith("Geen leden vastgelegd")  # Rotterdam
    assert LITTLE not in known_about(0, 55) and "55 projecten en activiteiten" in known_about(0, 55)
    assert known_about(1, 0).startswith(LITTLE)  # Eemland
    assert "geen stuurgroep" in known_about(1, 0, bodies=0)
    assert known_about(27, 18) == ""  # Utrecht-Zuid
    assert known_about(12, 0) == ""  # members, no work: the coverage note says that part


def test_the_report_and_the_map_say_the_same_about_what_is_known(graph, project, maps,
                                                                 browser):
    """The review found "pzgraph weet weinig over dit netwerk: 0 leden." on Rotterdam's map
    (55 projects, the richest network in the report) and Gooi's (23)."""
    collector = Collector(graph, project.queries_dir)
    for name, path in maps.items():
        section = network_section(collector, f"netwerk/{name}", lambda *_: None)
        said = " ".join(section.notes)
        page = _open(browser, path)
        banner = page.locator("#pz-little")
        shown = banner.inner_text() if banner.is_visible() else ""
        page.close()
        assert (LITTLE in said) == (LITTLE in shown), (name, said, shown)
        if name in ("rotterdam-en-omstreken", "gooi-en-vechtstreek"):
            assert LITTLE not in shown and "Geen leden vastgelegd" in shown, name
            assert re.search(r"wel \d{2} projecten en activiteiten", shown), shown
            assert "Geen leden vastgelegd" in said, name
        if name in ("eemland",):
            assert LITTLE in shown, name
        if name in ("utrecht-zuid", "noordwest-utrecht"):
            assert shown == "" and LITTLE not in said, name


# --- abbreviations: explained on the map, in the sources' own words --------------------------


def _looks_abbreviated(word: str) -> bool:
    """NPZR&o, TSPZ, PaTz, MJBP: two capitals or more, at least half of the letters."""
    capitals, letters = sum(c.isupper() for c in word), sum(c.isalpha() for c in word)
    return len(word) >= 2 and capitals >= 2 and 2 * capitals >= letters \
        and not re.fullmatch(r"[IVX]+", word)  # a Roman numeral (Fase II)


def test_every_abbreviation_in_the_names_of_a_network_map_is_explained(maps, browser):
    for name in ("rotterdam-en-omstreken", "gooi-en-vechtstreek"):
        page = _open(browser, maps[name])
        names = page.evaluate("pzMap.data.nodes.map(n => n.full).join(' ')")
        explained = page.inner_text("#pz-abbreviations")
        page.close()
        words = {w for w in re.findall(r"[A-Za-z][A-Za-z&+-]*[A-Za-z+]", names)
                 if _looks_abbreviated(w.strip("-"))}
        if name.startswith("rotterdam"):
            assert {"NPZR&o", "TSPZ", "MJBP", "AB"} <= words
        for word in words:
            short = next((s for s in ABBREVIATIONS if s in word.split("-")
                          or word.startswith(s + "-") or word == s), None)
            assert short is not None, (name, word)
            assert short in explained and ABBREVIATIONS[short] in explained, (name, word)


def test_what_an_abbreviation_stands_for_is_the_sources_text():
    """Where a source writes an abbreviation out ("meerjarenbeleidsplan (MJBP)"), the glossary
    says it in those words; where none does, the glossary says so."""
    text = " ".join(" ".join(p.read_text(encoding="utf-8").split())
                    for p in sorted(SEEDS.glob("*.txt")))
    for short in ("NPZR&o", "MJBP", "AB"):
        assert f"{ABBREVIATIONS[short]} ({short})".casefold() in text.casefold(), short
    for short in ("TSPZ", "PaTz", "RHOGO", "VTZ", "CURA"):
        assert short in text
        assert "niet voluit" in ABBREVIATIONS[short] or "niet waar" in ABBREVIATIONS[short]


# --- certainty: explained once, never beside a gap or a row without data ---------------------


@pytest.fixture(scope="module")
def report(graph, project):
    from pzgraph.report import collect

    return collect(graph, project, date="2025-06-30")


def test_certainty_is_explained_once_before_the_first_table(graph, report):
    from pzgraph.glossary import FOOTINGS
    from pzgraph.report.html import render_html
    from pzgraph.report.meta import read_footings
    from pzgraph.report.text import render_markdown

    assert {label for label, _ in read_footings(graph)} | {"(onbepaald)"} == set(FOOTINGS)
    page = render_html(report)
    assert page.count("Wat ‘zekerheid’ betekent") == 1
    assert page.index("Wat ‘zekerheid’ betekent") < page.index('<figure')
    for level, words in FOOTINGS.items():
        assert f"<dt>{level}</dt><dd>{words}</dd>" in page.replace("&#x27;", "'")
    shown = {row[t.columns.index("zekerheid")] for t in report.tables()
             if "zekerheid" in t.columns for row in t.rows}
    assert shown - {""} <= set(FOOTINGS) and len(shown) >= 3
    for text in (page, render_markdown(report)):  # "hiaat" is a gap in Dutch
        assert "hiaat" not in text and "geen gat in de zorg" in text


def test_no_certainty_beside_a_gap_or_a_row_without_data(report):
    """The review: a row with only "?" (geen gegevens) was "bevestigd"; in the gap lists
    "Fysieke dimensie — onbevestigd" read as an unconfirmed gap."""
    matrices = [t for t in report.tables() if t.matrix and t.blank_is_gap
                and "zekerheid" in t.columns]
    assert matrices
    for table in matrices:
        at = table.columns.index("zekerheid")
        assert any(row[at] for row in table.rows if not table.no_data(row)), table.slug
        assert all(row[at] == "" for row in table.rows if table.no_data(row)), table.slug
    gaps = [t for t in report.tables()
            if t.query.name in ("kwaliteitskader-gaps", "pnraad-gaps")]
    assert len(gaps) >= 4  # the two national lists and the networks' own
    for table in gaps:
        assert "zekerheid" not in table.columns, table.slug
        assert all(len(row) == len(table.columns) for row in table.rows)


# --- the page at 1280x720: every matrix fits its box ------------------------------------------


def test_every_matrix_fits_its_box_at_1280(report, browser, tmp_path):
    """The review: the Kwaliteitskader matrix 1178 px in a 1152 px box, the subdomains 1385,
    the column zekerheid cut off with a sideways scrollbar under 44 rows."""
    from pzgraph.report.html import render_html

    path = tmp_path / "index.html"
    path.write_text(render_html(report), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(path.as_uri())
    boxes = page.evaluate("""[...document.querySelectorAll('figure.is-matrix .table-wrap')]
        .map(w => [w.closest('figure').id, w.scrollWidth, w.clientWidth])""")
    # A matrix row of a network leads to its section (review S7 #21b): a click, as a reader
    row = page.locator("figure[data-query='kwaliteitskader-matrix'] tbody th a",
                       has_text="Utrecht-Zuid")
    row.click()
    page.wait_for_function("location.hash === '#netwerk-utrecht-zuid'")
    top = page.evaluate("document.getElementById('netwerk-utrecht-zuid')"
                        ".getBoundingClientRect().top")
    linked = page.evaluate("""[...document.querySelectorAll('table.matrix tbody th a')]
        .map(a => a.getAttribute('href'))""")
    ids = set(page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)"))
    page.close()
    assert len(boxes) >= 4
    assert [box for box in boxes if box[1] > box[2]] == []
    assert -1 <= top < 720  # the section scrolled to the top (sub-pixel)
    assert len(linked) >= 10 and all(link[1:] in ids for link in linked)


# Each word of a matrix's column names whose letters lie on more than one line.
BROKEN_WORDS = """() => { const broken = [];
  for (const th of document.querySelectorAll('table.matrix thead th')) {
    const text = th.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    for (const m of text.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken; }"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 720},
                                      {"width": 390, "height": 844}])
def test_no_column_name_of_a_matrix_breaks_inside_a_word(report, browser, tmp_path, viewport):
    """Review s9: "Kernwaard en en principes", "Psychisc he dimensie" at 1280; on a phone
    "Ach ter op sch em a", "Afg ero nd"."""
    from pzgraph.report.html import render_html

    path = tmp_path / "index.html"
    path.write_text(render_html(report), encoding="utf-8")
    page = browser.new_page(viewport=viewport)
    page.goto(path.as_uri())
    heads = page.evaluate("document.querySelectorAll('table.matrix thead th').length")
    broken = page.evaluate(BROKEN_WORDS)
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert heads >= 30
    assert broken == []
    assert wide <= viewport["width"]  # a wide matrix scrolls in its frame, not the page


def test_the_coverage_maps_counts_read_as_dutch():
    """The review: "8 niet van toepassing: het kader ..." and "1 verbindingen"."""
    from pzgraph.glossary import PAGE

    assert PAGE["gapsElsewhere"].format(n=8).startswith("niet van toepassing: de 8 aanbevelingen")
    assert "{n} verbindingen" not in PAGE["selected"]


# --- the curators' notes in a reader's words -----------------------------------------------

INTERNAL = re.compile(r"landscape-facts|zie de evidence|[\[(][BVS][\])]|"
                      r"(?<![\w.,])S?0\d\d(?!\w)")


def test_a_curators_note_names_documents_by_title_not_by_number():
    from pzgraph.maps.evidence import plain, short_title

    titles = {"002": short_title("Jaaroverzicht 2024 Netwerken Palliatieve Zorg Noordwest-Utrecht "
                                 "en Utrecht-Zuid"),
              "001": short_title("Meerjarenplan 2025-2027 Netwerk Palliatieve Zorg Noordwest "
                                 "Veluwe")}
    note = ("De verdeling volgt de niet-geverifieerde aanname [B] van het referentieblad "
            "(landscape-facts §6). Steun: in 002 is een project; 8.000 mensen; S001 noemt "
            "geen gemeenten; zie de evidence. Ligare (B).")
    said = plain(note, lambda: titles)
    assert not INTERNAL.search(said), said
    assert "in ‘Jaaroverzicht 2024’" in said and "‘Meerjarenplan 2025-2027’ noemt" in said
    assert "8.000 mensen" in said and "Ligare (niet geverifieerd)" in said
    assert "aanname van het referentieblad." in said  # said once, no letter after it


def test_the_details_of_a_network_show_no_internal_references(graph, maps, browser):
    """The review: Utrecht-Zuid's evidence said "[B] ... (landscape-facts §6)", "in 002",
    "in 000"; Gooi's description "beste gok (B), zie de evidence"."""
    for name in ("utrecht-zuid", "gooi-en-vechtstreek", "noordwest-utrecht"):
        page = _open(browser, maps[name])
        page.evaluate(f"pzMap.select('netwerk/{name}', true)")
        page.wait_for_selector("#pz-details-title", state="attached")
        text = page.evaluate("""() => { const d = document.getElementById('pz-details');
            d.querySelectorAll('button.pz-more-button').forEach(b => b.click());
            d.querySelectorAll('[hidden]').forEach(e => { e.hidden = false; });
            return d.textContent; }""")
        page.close()
        assert "Oordeel van de curator" in text or "oordeel" in text  # judgements still shown
        assert not INTERNAL.search(text), (name, INTERNAL.search(text).group(0),
                                           text[max(0, INTERNAL.search(text).start() - 80):][:160])


# --- the connections in the details read from the selected side -------------------------------


def test_the_details_say_each_relation_once_and_the_judgement_once(maps, browser):
    """The review: "Ministerie van VWS gefinancierd door" under "Gefinancierd door", every
    project line ending in "uitgevoerd door", and "(oordeel van de curator, geen citaat)" after
    27 of 27 members (review S7 #8, #13; the lines are drawn by map.js)."""
    page = _open(browser, maps["utrecht-zuid"])
    page.evaluate("pzMap.select('netwerk/utrecht-zuid', true)")
    page.wait_for_selector("#pz-details-title", state="attached")
    lines = page.evaluate("""[...document.querySelectorAll('#pz-details .pz-group')].map(g => ({
        heading: g.querySelector('h3').textContent,
        lines: [...g.querySelectorAll('li')].map(li => li.textContent.trim())}))""")
    # what a reader sees: without the words for a screen reader beside each mark (.pz-sr)
    text = page.evaluate("""() => { const d = document.getElementById('pz-details')
        .cloneNode(true); d.querySelectorAll('.pz-sr').forEach(e => e.remove());
        return d.textContent; }""")
    marks = page.locator("#pz-details .pz-judged-mark").count()
    page.close()
    assert marks >= 20  # each judged connection still marked
    assert sum(len(group["lines"]) for group in lines) >= 40
    for group in lines:
        for line in group["lines"]:
            for relation in ("uitgevoerd door", "gefinancierd door", "werkt in programma",
                             "werkt aan"):
                assert not line.endswith(relation), (group["heading"], line)
    assert text.count("oordeel van de curator, geen citaat") <= 1


def test_a_count_names_no_kind_of_which_there_are_none():
    """At national scale the summary said "over 0 van de 65 netwerken en 7 van de 7 consortia
    kent pzgraph geen project"."""
    from pzgraph.report.summary import _of

    base = {"netwerk": 65, "consortium": 7}
    assert _of({"netwerk": 0, "consortium": 7}, base, "") == "7 van de 7 consortia"
    assert _of({"netwerk": 3, "consortium": 0}, base, "") == "3 van de 65 netwerken"
    assert _of({"netwerk": 0, "consortium": 0}, base, "") == "0 van de 65 netwerken"


def test_an_empty_table_says_nothing_is_recorded_and_explains_no_column(report):
    """Review s9 #8: Gooi en Vechtstreek, "Leden naar rol en sector": "Kolom netwerk weggelaten
    (overal dezelfde: deze sectie); de CSV heeft hem wel." over no table, then "Geen: de
    gegevens noemen hier niets."."""
    from pzgraph.report.html import render_html

    html = render_html(report)
    figures = re.findall(r"<figure .*?</figure>", html, re.DOTALL)
    empty = [f for f in figures if "<table" not in f]
    assert len(empty) >= 3  # the networks without members recorded
    assert [f[:80] for f in empty if "weggelaten" in f] == []
    assert all("Niets vastgelegd." in f for f in empty)
    assert "noemen hier niets" not in html
