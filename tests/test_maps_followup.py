"""The map review of session 9, acted out in Chromium: a network followed from the details
shows what it is connected to beside it (not under the details), the projects of one
network on the national coverage map each have room for a name, and the coverage map on a
phone names its concepts readably, none over another."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_maps import DRAWN, RECORD_TEXT, _overlapping

from pzgraph.maps import coverage, landscape, network, render

KWF = "activiteit/noordwest-utrecht-utrecht-zuid-kwf-basisscholingen-2024"  # data/002
NWU = "netwerk/noordwest-utrecht"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def pages(graph, output_dir: Path) -> dict[str, Path]:
    folder = output_dir / "maps-followup"
    folder.mkdir(exist_ok=True)
    paths = {}
    views = {"landschap": landscape(graph), "dekking": coverage(graph),
             "rotterdam": network(graph, "rotterdam-en-omstreken"),
             "utrecht-zuid": network(graph, "utrecht-zuid")}
    for name, view in views.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(render(view), encoding="utf-8")
    return paths


# Each neighbour of the selection, or the copy of it listed under the selection, with its
# place on the page, whether that is in the part of the map the details leave free, and
# the text vis-network draws for it.
NEIGHBOURS_SEEN = """() => { const sel = pzMap.network.getSelectedNodes()[0];
  const map = document.getElementById('pz-network').getBoundingClientRect();
  const details = document.getElementById('pz-details').getBoundingClientRect();
  return pzMap.data.edges.filter(e => e.from === sel || e.to === sel)
    .map(e => e.from === sel ? e.to : e.from).map(id => {
      const copy = pzMap.nodes.get('kopie:' + sel + '|' + id), real = pzMap.nodes.get(id);
      const shown = copy && !copy.hidden ? copy : real && !real.hidden ? real : null;
      if (!shown) return {id: id, shown: false};
      const p = pzMap.network.canvasToDOM(pzMap.network.getPositions([shown.id])[shown.id]);
      const x = p.x + map.left, y = p.y + map.top;
      return {id: id, shown: true, label: shown.label,
              free: x >= map.left && x < details.left && y >= map.top && y <= map.bottom}; }); }"""


def test_a_network_followed_from_the_details_shows_its_programmes_beside_it(
        pages, open_map, output_dir):
    # Review s9 #1: after following Noordwest-Utrecht from a project's details, the
    # programmes it works in were listed three columns away, under the details panel.
    page = open_map(pages["landschap"])
    page.page.evaluate("id => pzMap.select(id, true)", KWF)
    page.page.click(f"#pz-details button[data-id='{NWU}']")
    page.page.screenshot(path=output_dir / "landschap-netwerk-gevolgd.png")
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == [NWU]
    seen = page.page.evaluate(NEIGHBOURS_SEEN)
    programmes = [s for s in seen if s["id"].startswith("programma/")]
    assert len(programmes) >= 2  # Een kwestie van vertrouwen, Transformatieplan Midden-NL
    # Every connection shown is beside the network, in the free part of the map, named.
    drawn = {label["text"] for label in page.drawn()}
    assert [s["id"] for s in seen if s["shown"] and not s["free"]] == []
    assert [s["id"] for s in programmes if not s["shown"] or s["label"] not in drawn] == []
    # Under its own heading, not among the network's members.
    heading = page.page.evaluate("id => pzMap.nodes.get('groep:verbonden:' + id)", NWU)
    assert heading and not heading["hidden"] and heading["label"].startswith("▾ Ook verbonden met")
    assert heading["label"] in drawn
    assert "27 organisaties" in page.page.evaluate("id => pzMap.nodes.get(id).label", NWU)
    # A click on a copy selects the programme itself.
    page.page.evaluate("id => pzMap.select('kopie:' + id + '|programma/een-kwestie-van-vertrouwen',"
                       " false)", NWU)
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == [
        "programma/een-kwestie-van-vertrouwen"]
    assert page.errors == [] and page.outside == []


# --- national scale: one network's projects on the coverage map --------------------------------


@pytest.fixture(scope="module")
def national_coverage(tenth_country_graph, output_dir: Path) -> Path:
    """The coverage map of a synthetic country (benchmarks/generate.py, a tenth of the scale)."""
    path = output_dir / "maps-followup" / "dekking-synthetisch.html"
    path.parent.mkdir(exist_ok=True)
    path.write_text(render(coverage(tenth_country_graph)), encoding="utf-8")
    return path


# The projects and activities shown, their symbols as boxes on the page.
WORK_SHOWN = """() => { const r = document.getElementById('pz-network').getBoundingClientRect();
  const s = pzMap.network.getScale();
  return pzMap.nodes.get({filter: n => !n.hidden && ['project', 'activiteit'].includes(n.kind)})
    .map(n => { const p = pzMap.network.canvasToDOM(pzMap.network.getPosition(n.id));
      const half = (n.size || 10) * s;
      return {id: n.id, label: n.label, text: n.text, x: p.x + r.left - half, y: p.y + r.top - half,
              w: 2 * half, h: 2 * half}; }); }"""


def test_one_networks_projects_on_the_national_coverage_map_each_have_room_for_a_name(
        national_coverage, open_map, output_dir):
    # Review s9 #2: filtered to one network, its projects kept their places among two
    # thousand (a few px apart): symbols on each other, names over other symbols or none.
    page = open_map(national_coverage)
    networks = page.page.evaluate(
        "[...document.querySelectorAll('select[data-facet=networks] option')]"
        ".map(o => o.value).filter(Boolean)")
    busiest = page.page.evaluate(
        """ids => ids.map(id => [id, pzMap.data.nodes.filter(n => ['project', 'activiteit']
             .includes(n.kind) && (n.networks || []).includes(id)).length])
             .sort((a, b) => b[1] - a[1])[0]""", networks)
    assert busiest[1] >= 15
    page.page.evaluate("id => pzMap.setFilter('networks', id)", busiest[0])
    page.page.screenshot(path=output_dir / "dekking-synthetisch-netwerk.png")
    work = page.page.evaluate(WORK_SHOWN)
    assert len(work) == busiest[1]
    assert _overlapping([dict(w, text=w["id"]) for w in work]) == []  # no symbol on another
    labels = page.drawn()
    named = {label["text"] for label in labels}
    # Every one named (its name, or its beginning with "…"), no name over another or over
    # another project's symbol.
    assert [w["id"] for w in work if w["label"] not in named] == []
    for w in work:
        assert w["text"].startswith(w["label"].removesuffix("…"))
    assert _overlapping(labels) == []
    symbols = [dict(w, text="■" + w["id"]) for w in work]
    assert [pair for pair in _overlapping(labels + symbols)
            if pair[0][0] != "■" and pair[1][0] == "■"] == []
    # Without the filter, the places written (layout.py) again.
    page.page.evaluate("pzMap.setFilter('networks', '')")
    moved = page.page.evaluate(
        "pzMap.data.nodes.filter(n => n.placed &&"
        " (n.x !== n.placed.x || n.y !== n.placed.y)).length")
    assert moved == 0
    assert page.errors == [] and page.outside == []


# --- the coverage map on a phone ---------------------------------------------------------------


def _on_phone(browser, path: Path, fragment: str = ""):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.add_init_script(RECORD_TEXT)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri() + fragment)
    page.wait_for_function("window.pzMap && window.pzMap.ready", timeout=30_000)
    return context, page, errors


CONCEPTS = """() => pzMap.nodes.get({filter: n => !n.hidden &&
  ['domein', 'aanbeveling', 'kernthema', 'actielijn'].includes(n.kind)}).map(n => n.label)"""


@pytest.mark.parametrize("fragment", ["", "#netwerk=utrecht-zuid"])
def test_on_a_phone_the_coverage_maps_concepts_are_named_readably_none_over_another(
        pages, browser, output_dir, fragment):
    # Review s9 #3: at 390x844 the 44 concept names lay over each other in one band.
    context, page, errors = _on_phone(browser, pages["dekking"], fragment)
    page.screenshot(path=output_dir / f"telefoon-dekking{fragment.replace('#', '-')}.png")
    labels = page.evaluate(DRAWN)
    assert _overlapping(labels) == []
    concepts = page.evaluate(CONCEPTS)
    assert len(concepts) >= 38  # 20 domains and subdomains, R1-R8, K1-K4, L1-L6
    drawn = {label["text"]: label for label in labels}
    # The domains (the left column) whole on the screen, at 10 px or more; the rest by panning.
    domains = [name for name in concepts if name[0].isdigit()]
    assert len(domains) == 20
    for name in domains:
        box = drawn.get(name)
        assert box and box["px"] >= 10, name
        assert box["x"] >= 0 and box["x"] + box["w"] <= PHONE["width"], name
    assert errors == []
    context.close()


def test_on_paper_the_legend_asks_nothing_to_be_unticked(pages, open_map):
    # Review s9 #10: the printed legend said "Soorten (vink uit om te verbergen)".
    page = open_map(pages["landschap"])
    legend = page.page.locator("#pz-legend legend").first
    assert legend.inner_text() == "Soorten (vink uit om te verbergen)"  # on screen: a filter
    page.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.page.emulate_media(media="print")
    assert legend.inner_text() == "Soorten"
    assert page.errors == []


def test_two_names_never_shorten_to_the_same_text(pages, open_map):
    # Review s9 #6 (s7 #12): on Rotterdam's map two activities both read "Leden stimuleren
    # tot gebruik van het Kwal…" (one on the Kwaliteitskader, one on the PZNL evaluation).
    for name in ("rotterdam", "landschap", "dekking"):
        page = open_map(pages[name])
        same = page.page.evaluate("""() => { const by = {};
          for (const n of pzMap.data.nodes) (by[n.label] = by[n.label] || new Set()).add(n.full);
          return Object.entries(by).filter(([, f]) => f.size > 1).map(([l]) => l); }""")
        assert same == [], name
    rotterdam = open_map(pages["rotterdam"])
    kept = rotterdam.page.evaluate(  # a name shortened apart keeps its beginning and its end
        "pzMap.data.nodes.filter(n => n.label.includes(' … ')).map(n => [n.label, n.full])")
    assert len(kept) >= 2
    for label, full in kept:
        head, tail = label.split(" … ")
        assert full.startswith(head) and full.endswith(tail)
    labels = rotterdam.page.evaluate(
        "pzMap.data.nodes.filter(n => n.full.startsWith('Leden stimuleren tot gebruik'))"
        ".map(n => n.label)")
    assert len(labels) == 2 and len(set(labels)) == 2 and all(len(x) <= 42 for x in labels)
    assert rotterdam.errors == []


WORK_IN_VIEW = """() => { const r = document.getElementById('pz-network');
  return pzMap.nodes.get({filter: n => !n.hidden && ['project', 'activiteit'].includes(n.kind)})
    .map(n => pzMap.network.canvasToDOM(pzMap.network.getPosition(n.id)))
    .map(q => q.x >= 0 && q.x <= r.clientWidth && q.y >= 0 && q.y <= r.clientHeight); }"""


def test_an_opening_that_leaves_work_out_of_view_says_so_and_shows_it(pages, browser, open_map):
    # Review s9 #5, #7: a network's map at national scale (and Utrecht-Zuid's on a phone) opens
    # on its members; its projects are off the right edge, and nothing says so.
    context, page, errors = _on_phone(browser, pages["utrecht-zuid"])
    bar = page.locator(".pz-offview")
    assert bar.is_visible()
    text = bar.inner_text()
    assert text.startswith("Buiten beeld: ") and "Project (" in text and "Activiteit (" in text
    assert not all(page.evaluate(WORK_IN_VIEW))
    bar.locator("button", has_text="Toon ze").click()
    assert all(page.evaluate(WORK_IN_VIEW)) and not bar.is_visible()
    assert errors == []
    context.close()
    # At 1280x720 all of it is in view: nothing to say.
    wide = open_map(pages["utrecht-zuid"])
    assert all(wide.page.evaluate(WORK_IN_VIEW))
    assert not wide.page.locator(".pz-offview").is_visible()
