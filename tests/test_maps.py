"""The interactive maps: written by the CLI, reproducible, and working in a real browser.

The browser tests open each map in headless Chromium (Debian's, never a downloaded one),
record every request that leaves the file, and read the vis DataSet from the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from pzgraph.cli.main import main
from pzgraph.maps import coverage, landscape, network, render
from pzgraph.maps.facts import Facts
from pzgraph.maps.graph import network_view
from pzgraph.maps.networks import UnknownNetwork, find_network
from pzgraph.maps.render import vis_data
from pzgraph.project import Project
from pzgraph.query.library import library
from pzgraph.query.run import answer
from pzgraph.query.store import KnowledgeGraph, load

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SEED_NETWORKS = ["netwerk/noordwest-utrecht", "netwerk/utrecht-zuid", "netwerk/noordwest-veluwe",
                 "netwerk/rotterdam-en-omstreken", "netwerk/gooi-en-vechtstreek"]
VIEW = {"width": 1280, "height": 720}
XSS = "<img src=x onerror=alert(1)>"
OUTSIDE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//"""
                     r"""|@import""", re.IGNORECASE)


# Every text drawn on the map's canvas, with its transform: the names a reader sees.
RECORD_TEXT = """(() => {
  const proto = CanvasRenderingContext2D.prototype, fill = proto.fillText;
  proto.fillText = function (text, x, y) {
    const m = this.getTransform(), size = /([0-9.]+)px/.exec(this.font);
    (window.pzDrawn = window.pzDrawn || []).push({text: String(text), x: x, y: y,
      px: size ? parseFloat(size[1]) : 0, width: this.measureText(text).width,
      a: m.a, b: m.b, d: m.d, e: m.e, f: m.f, align: this.textAlign,
      baseline: this.textBaseline, alpha: this.globalAlpha, canvas: this.canvas});
    return fill.apply(this, arguments);
  };
})();"""
# Redraw the map and read each drawn text as a box on the page (CSS px): its size on screen
# and whether it is level.
DRAWN = """() => new Promise(done => {
  window.pzDrawn = [];
  pzMap.network.once('afterDrawing', () => {
    const canvas = document.querySelector('#pz-network canvas'), r = canvas.getBoundingClientRect();
    const ratio = canvas.width / r.width;
    const mine = window.pzDrawn.filter(o => o.canvas === canvas && o.text.trim() && o.alpha > 0.5);
    done(mine.map(o => {
      const s = Math.hypot(o.a, o.b) / ratio, px = o.px * s, w = o.width * s;
      let x = (o.a * o.x + o.e) / ratio + r.left, y = (o.d * o.y + o.f) / ratio + r.top;
      if (o.align === 'center') x -= w / 2;
      else if (o.align === 'right' || o.align === 'end') x -= w;
      if (o.baseline === 'middle') y -= px / 2;
      else if (o.baseline !== 'top' && o.baseline !== 'hanging') y -= px;
      return {text: o.text, px: px, x: x, y: y, w: w, h: px, level: Math.abs(o.b) < 1e-9};
    }).filter(o => o.x + o.w > r.left && o.x < r.right && o.y + o.h > r.top && o.y < r.bottom));
  });
  pzMap.network.redraw();
})"""


def _overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap by more than a pixel each way."""
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            across = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            down = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if across > 1 and down > 1:
                pairs.append((a["text"], b["text"]))
    return pairs


# --- fixtures: the three maps of the curated graph, one browser per session ----------------


@pytest.fixture(scope="session")
def maps(graph, output_dir: Path) -> dict[str, Path]:
    folder = output_dir / "maps"
    folder.mkdir(exist_ok=True)
    views = {"landschap": landscape(graph),
             "netwerk-noordwest-utrecht": network(graph, "noordwest-utrecht"),
             "dekking": coverage(graph)}
    paths = {}
    for name, view in views.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(render(view), encoding="utf-8")
    return paths


# (The browser, one Chromium per session, is a fixture of conftest.py: test_maps_details
# uses it too, and Playwright's sync API allows one at a time.)


class Opened:
    """A map open in a page, with what went wrong and what was asked of other hosts."""

    def __init__(self, browser, path: Path, fragment: str = ""):
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport=VIEW)
        self.page.add_init_script(RECORD_TEXT)
        self.page.on("console", lambda m: m.type in ("error", "warning")
                     and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri() + fragment)
        self.page.wait_for_function("window.pzMap && window.pzMap.ready", timeout=30_000)

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def nodes(self) -> dict[str, dict]:
        return {n["id"]: n for n in self.page.evaluate(
            "pzMap.nodes.get().map(n => ({id: n.id, kind: n.kind, full: n.full, hidden: !!n.hidden,"
            " gap: !!n.gap, dashes: (n.shapeProperties || {}).borderDashes || null,"
            " evidence: n.evidence, networks: n.networks, concepts: n.concepts,"
            " broader: n.broader || []}))")}

    def edges(self) -> list[dict]:
        return self.page.evaluate(
            "pzMap.edges.get().map(e => ({from: e.from, to: e.to, rel: e.rel, roles: e.roles,"
            " hidden: !!e.hidden, dashes: e.dashes || null}))")

    def drawn(self) -> list[dict]:
        """The texts drawn on the map's canvas in view, as boxes on the page."""
        return self.page.evaluate(DRAWN)

    def search(self, text: str) -> list[str]:
        self.page.fill("#pz-search", text)
        return self.page.eval_on_selector_all("#pz-results li[data-id]",
                                              "els => els.map(e => e.dataset.id)")

    def close(self) -> None:
        self.page.close()


# --- the command line -----------------------------------------------------------------------


def test_map_command_is_a_group_with_three_views_each_with_help():
    runner = CliRunner()
    for view in ("landscape", "network", "coverage"):
        result = runner.invoke(main, ["map", view, "--help"])
        assert result.exit_code == 0 and "--out" in result.output, result.output


def test_cli_writes_each_map_atomically_and_prints_the_path(graph, tmp_path: Path):
    runner = CliRunner()
    cases = [(["landscape"], "l.html"), (["network", "netwerk/noordwest-utrecht"], "n.html"),
             (["coverage", "--network", "Netwerk Palliatieve Zorg Rotterdam en omstreken"],
              "c.html")]
    for args, name in cases:
        out = tmp_path / "kaarten" / name
        result = runner.invoke(main, ["map", *args, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert str(out) in result.stdout.splitlines()
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    written = sorted(p.name for p in (tmp_path / "kaarten").iterdir())
    assert written == ["c.html", "l.html", "n.html"]  # and no temporary file left behind


def test_an_unknown_network_is_named_with_the_valid_ones(graph, tmp_path: Path):
    out = str(tmp_path / "x.html")
    result = CliRunner().invoke(main, ["map", "network", "atlantis", "--out", out])
    assert result.exit_code == 1
    assert "onbekend netwerk 'atlantis'" in result.stderr
    assert "noordwest-utrecht" in result.stderr and "gooi-en-vechtstreek" in result.stderr
    assert not (tmp_path / "x.html").exists()
    # A part of a name: the closest ids only, in Dutch, and how to say it right.
    result = CliRunner().invoke(main, ["map", "network", "rotterdam", "--out", out])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "onbekend netwerk 'rotterdam'. Bedoelt u een van deze?" in result.stderr
    assert "rotterdam-en-omstreken" in result.stderr and "utrecht-zuid" not in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_a_network_is_found_by_id_prefixed_id_name_and_other_name(graph):
    facts = Facts.read(graph)
    for given in ["noordwest-veluwe", "netwerk/noordwest-veluwe",
                  "netwerk palliatieve zorg noordwest-veluwe", "NPZ-NWVELUWE"]:
        assert find_network(facts, given) == "netwerk/noordwest-veluwe"
    with pytest.raises(UnknownNetwork):
        find_network(facts, "noordwest")


# --- the HTML itself ------------------------------------------------------------------------


def test_a_new_subclass_of_organisation_is_drawn_as_an_organisation(graph):
    """The kinds come from rdfs:subClassOf in the ontology: a new class needs no code."""
    store = ox.Store()
    store.extend(graph.store)
    pz, base = "https://w3id.org/pzgraph/def#", "https://w3id.org/pzgraph/id/"
    store.update(f"""PREFIX pz: <{pz}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        INSERT DATA {{ pz:Zorgboerderij rdfs:subClassOf pz:Organisation .
                       pz:Buurtteam rdfs:subClassOf pz:SteeringGroup .
                       <{base}organisatie/boerderij> a pz:Zorgboerderij .
                       <{base}orgaan/buurtteam> a pz:Buurtteam }}""")
    facts = Facts.read(KnowledgeGraph(store, graph.manifest, graph.path))
    assert facts.kinds["organisatie/boerderij"] == "organisatie"
    assert facts.kinds["orgaan/buurtteam"] == "orgaan"
    assert facts.kinds["organisatie/careyn"] == "organisatie"


@pytest.mark.parametrize("name", [n.removeprefix("netwerk/") for n in SEED_NETWORKS])
def test_a_network_map_reads_only_its_part_and_misses_nothing(graph, name):
    # The map reads the graph with queries bound to the network; read whole, it is the same.
    from pzgraph.maps.facts import network_scope

    scope = network_scope(graph, f"netwerk/{name}")
    assert len(scope.things) < len(Facts.read(graph).kinds) / 3
    whole = network_view(Facts.read(graph), f"netwerk/{name}")
    assert render(network(graph, name)) == render(whole)


def test_maps_are_reproducible(graph):
    assert render(landscape(graph)) == render(landscape(graph))
    assert render(coverage(graph)) == render(coverage(graph))


def test_pages_reference_no_other_host(maps):
    for path in maps.values():
        html = path.read_text(encoding="utf-8")
        assert not OUTSIDE.findall(html), path
        # Everything is inline: no script is loaded, the one link is the empty data: icon.
        assert not re.findall(r"<script[^>]*\bsrc\s*=", html, re.IGNORECASE)
        links = re.findall(r"<link[^>]*>", html, re.IGNORECASE)
        assert links == ['<link rel="icon" href="data:,">']


# --- in the browser, at 1280×720, acting as the user ------------------------------------------


def source_networks(graph) -> list[str]:
    """The networks that published a source document, as the library query lists them."""
    query = library(Project.default().queries_dir)["source-networks"]
    return [row[0] for row in answer(query, graph.store, {}, language=None).rows]


def _visible(page: Opened) -> tuple[dict[str, dict], list[dict]]:
    nodes = {k: n for k, n in page.nodes().items() if not n["hidden"]}
    return nodes, [e for e in page.edges() if not e["hidden"]]


def _screen(page: Opened, node: str) -> dict:
    """Where a node is on the screen (page coordinates)."""
    return page.page.evaluate(
        """id => { const p = pzMap.network.canvasToDOM(pzMap.network.getPosition(id));
        const r = document.getElementById('pz-network').getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top}; }""", node)


LABEL_BOXES = """() => { const net = pzMap.network, r = document.getElementById('pz-network');
  const w = r.clientWidth, h = r.clientHeight, boxes = [];
  for (const [id, node] of Object.entries(net.body.nodes)) {
    const label = node.labelModule;
    if (node.options.hidden || !node.options.label || !label.visible()) continue;
    const a = net.canvasToDOM({x: label.size.left, y: label.size.top});
    const b = net.canvasToDOM({x: label.size.left + label.size.width,
                               y: label.size.top + label.size.height});
    if (b.x < 0 || b.y < 0 || a.x > w || a.y > h) continue;
    boxes.push({id, text: node.options.label, x0: a.x, y0: a.y, x1: b.x, y1: b.y});
  }
  return boxes; }"""
OVERLAP = 0.15  # of the smaller label's area: a touch of two strokes, not a label on a label


def _colliding_labels(page: Opened) -> list[tuple[str, str]]:
    """Pairs of labels drawn on the screen that cover each other (vis-network's own label
    boxes, in screen pixels, of the nodes drawn with a label at the current zoom)."""
    boxes = page.page.evaluate(LABEL_BOXES)
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            h = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            smaller = min((a["x1"] - a["x0"]) * (a["y1"] - a["y0"]),
                          (b["x1"] - b["x0"]) * (b["y1"] - b["y0"]))
            if w > 0 and h > 0 and w * h > OVERLAP * smaller:
                found.append((a["text"], b["text"]))
    return found


def _in_view(box: dict | None) -> bool:
    return (box is not None and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= VIEW["width"]
            and box["y"] + box["height"] <= VIEW["height"])


def test_landscape_opens_readable_and_offline(graph, maps, open_map, output_dir):
    page = open_map(maps["landschap"])
    nodes = page.nodes()
    networks = source_networks(graph)
    assert "netwerk/gooi-en-vechtstreek" in networks and len(networks) >= 5
    assert set(networks) <= set(nodes)
    # (The kinds of the page's data: the overview gives vis-network what it lists.)
    assert {"consortium", "netwerk", "organisatie", "landelijk", "programma"} <= set(
        page.page.evaluate("pzMap.data.nodes.map(n => n.kind)"))
    # The overview names every node it shows, at 9 px on screen or more (smaller labels are
    # not drawn at all): the consortia, networks, national bodies and programmes.
    drawn = page.page.evaluate("""() => { const s = pzMap.network.getScale();
        return pzMap.nodes.get({filter: n => !n.hidden}).map(n => ({id: n.id, kind: n.kind,
          px: n.font.size * s})); }""")
    assert page.page.evaluate("pzMap.data.options.nodes.scaling.label.drawThreshold") >= 9
    assert [n["id"] for n in drawn if n["px"] < 9.4] == []
    assert {n["id"] for n in drawn} >= set(networks)
    page.page.screenshot(path=output_dir / "map-landschap.png")
    # No label drawn at the opening view lies on another (rings of members and projects
    # around a network included).
    assert page.page.evaluate(LABEL_BOXES)
    assert _colliding_labels(page) == []
    assert page.errors == [] and page.outside == []


def test_clicking_a_node_shows_its_details_and_a_neighbour_in_view(maps, open_map, output_dir):
    page = open_map(maps["landschap"])
    where = _screen(page, "netwerk/noordwest-veluwe")
    page.page.mouse.click(where["x"], where["y"])
    details = page.page.locator("#pz-details")
    assert _in_view(details.bounding_box())
    text = details.inner_text()
    assert "Netwerk Palliatieve Zorg Noordwest-Veluwe" in text
    assert "Netwerk palliatieve zorg" in text  # its kind
    # Headed from its side: the consortium it is a member of is under "Lid van".
    assert "Lid van" in text and "Id" not in text.split()
    # Its connections are grouped and clickable; the first one is on screen, no scrolling.
    neighbour = details.locator(".pz-group .pz-link").first
    assert _in_view(neighbour.bounding_box())
    name = neighbour.inner_text()
    # Evidence names the document by its title, never by its file name.
    assert ".txt" not in text and "Meerjarenplan" in text
    page.page.screenshot(path=output_dir / "map-landschap-selectie.png")
    # The rest of the map fades; the neighbours do not.
    opacity = page.page.evaluate(
        "Object.fromEntries(pzMap.nodes.get().map(n => [n.id, n.opacity]))")
    assert opacity["netwerk/rotterdam-en-omstreken"] < 0.5
    assert opacity["netwerk/noordwest-veluwe"] == 1
    assert page.page.evaluate("document.getElementById('pz-live').textContent").startswith(
        "Geselecteerd: Netwerk Palliatieve Zorg Noordwest-Veluwe")
    neighbour.click()
    assert page.page.inner_text("#pz-details-title") == name
    assert page.page.evaluate("location.hash").startswith("#id=")
    page.page.keyboard.press("Escape")
    assert details.is_hidden()
    assert page.errors == [] and page.outside == []


def test_a_link_to_one_node_opens_on_it(maps, open_map, output_dir):
    page = open_map(maps["netwerk-noordwest-utrecht"], "#id=organisatie/zorgspectrum")
    page.page.screenshot(path=output_dir / "map-netwerk-noordwest-utrecht-zorgspectrum.png")
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == ["organisatie/zorgspectrum"]
    details = page.page.locator("#pz-details")
    assert _in_view(details.bounding_box())
    text = details.inner_text()
    assert "ZorgSpectrum" in text and "Penvoerder" in text
    # data/000: "In de netwerken Noordwest Utrecht en Utrecht-Zuid vervult ZorgSpectrum deze rol"
    assert "Samenwerkingsovereenkomst" in text
    assert page.errors == []


def test_a_network_filter_shows_that_networks_world_and_refits(maps, open_map, output_dir):
    page = open_map(maps["landschap"])
    total = len(page.nodes())
    page.page.select_option("select[data-facet='networks']", "netwerk/utrecht-zuid")
    nodes, _ = _visible(page)
    nodes = {k: n for k, n in nodes.items() if not k.startswith("groep:")}  # headings
    # (the overview draws the lines of the selection only: the page's relations count)
    edges = page.page.evaluate("pzMap.data.edges")
    assert "netwerk/utrecht-zuid" in nodes and len(nodes) < total
    assert "netwerk/rotterdam-en-omstreken" not in nodes
    shown = nx.Graph()
    shown.add_nodes_from(nodes)
    shown.add_edges_from((e["from"], e["to"]) for e in edges)
    lost = [n for n in nodes if not nx.has_path(shown, n, "netwerk/utrecht-zuid")]
    assert lost == []  # no visible node without a path to the network
    box = page.page.locator("#pz-network").bounding_box()
    for node in nodes:
        at = _screen(page, node)
        assert box["x"] <= at["x"] <= box["x"] + box["width"], node
        assert box["y"] <= at["y"] <= box["y"] + box["height"], node
    page.page.screenshot(path=output_dir / "map-landschap-utrecht-zuid.png")
    page.page.keyboard.press("r")
    assert set(page.nodes()) >= set(source_networks_of(page))
    assert not any(n["hidden"] for k, n in page.nodes().items() if k.startswith("netwerk/"))


def test_focus_tools_zoom_fit_and_neighbours_only(maps, open_map, output_dir):
    page = open_map(maps["netwerk-noordwest-utrecht"])
    page.page.screenshot(path=output_dir / "map-netwerk-noordwest-utrecht.png")
    # The rings of bodies, projects and members around the network: no label on another.
    assert _colliding_labels(page) == []
    scale = page.page.evaluate("pzMap.network.getScale()")
    page.page.click("button[aria-label='Inzoomen (+)']")
    assert page.page.evaluate("pzMap.network.getScale()") > scale
    assert _colliding_labels(page) == []  # and none after zooming in, with more names shown
    page.page.click("button[aria-label='Alles tonen (0)']")
    assert abs(page.page.evaluate("pzMap.network.getScale()") - scale) < 1e-6
    page.page.locator("#pz-network").focus()
    page.page.keyboard.press("-")
    assert page.page.evaluate("pzMap.network.getScale()") < scale
    page.page.evaluate("pzMap.select('organisatie/zorgspectrum', true)")
    page.page.click("button[aria-pressed]")
    nodes, _ = _visible(page)
    near = set(page.page.evaluate("pzMap.network.getConnectedNodes('organisatie/zorgspectrum')"))
    assert set(nodes) == near | {"organisatie/zorgspectrum"}
    # Arrows walk along the neighbours of the selection.
    page.page.locator("#pz-network").focus()
    page.page.keyboard.press("ArrowRight")
    assert page.page.evaluate("pzMap.network.getSelectedNodes()")[0] in near
    page.page.click("button[aria-label='Filters wissen (R)']")
    assert not any(n["hidden"] for n in page.nodes().values())
    assert page.errors == []


def test_a_domain_filter_keeps_the_work_on_it_and_its_actors(maps, open_map):
    page = open_map(maps["netwerk-noordwest-utrecht"])
    options = page.page.eval_on_selector_all("select[data-facet='domains'] option",
                                             "els => els.map(e => e.value).filter(Boolean)")
    assert options
    page.page.select_option("select[data-facet='domains']", options[0])
    nodes, _ = _visible(page)
    work = [n for n in nodes.values() if n["kind"] in {"project", "activiteit"}]
    assert work and all(options[0] in n["concepts"] for n in work)
    assert len(nodes) < len(page.nodes())


def test_judged_links_are_dashed_with_the_reason(maps, open_map):
    # That a project works on a domain is mostly the curator's reading of the plan.
    page = open_map(maps["dekking"])
    edges = page.page.evaluate("pzMap.data.edges")
    judged = [e for e in edges if e.get("judged")]
    assert judged and all(e["dashes"] for e in judged)
    # Dashed exactly when the weakest evidence item of the line (those that bear on one
    # link alone, pz:covers, only for that link) stands on neither a quote nor a
    # confirmation: its footing, as the graph derives it.
    # A line of several statements is dashed when each of them is.
    for edge in edges:
        weak = []
        for relation in edge["relations"]:
            items = [e for e in relation["evidence"] if not e.get("covers")] \
                or relation["evidence"]
            footings = {e.get("verification") or ("citaat" if "quote" in e else "oordeel")
                        for e in items}
            if footings:
                weak.append(not footings <= {"citaat", "bevestigd"})
        assert bool(edge.get("judged")) == (bool(weak) and all(weak)), edge["rel"]
    page.page.evaluate(f"pzMap.select({judged[0]['from']!r}, true)")
    assert judged[0]["judged"] in page.page.inner_text("#pz-details")


def _matrix_gaps(graph, project, query: str, network: str) -> set[str]:
    from pzgraph.report.collect import Collector

    collector = Collector(graph, project.queries_dir)
    table = collector.probe(collector.find(query), {"network": network}, as_matrix=True)
    assert len(table.rows) <= 1
    assert len(table.rows) == 1  # every network has its row, with or without work
    # a row whose blanks are no gaps (no data; a frame of another consortium, as the PN-raad's
    # of Septet for Rotterdam and Gooi) has none: the map lists none either
    return set(table.gaps()[0][1]) if table.gaps() else set()


@pytest.mark.parametrize("network", ["rotterdam-en-omstreken", "gooi-en-vechtstreek",
                                     "noordwest-veluwe"])
def test_coverage_filtered_by_a_network_shows_the_gaps_of_the_reports_row(
        graph, project, maps, open_map, output_dir, network):
    page = open_map(maps["dekking"])
    page.page.select_option("select[data-facet='networks']", f"netwerk/{network}")
    nodes = page.nodes()
    work = [n for n in nodes.values() if n["kind"] in {"project", "activiteit"} and not n["hidden"]]
    assert all(f"netwerk/{network}" in n["networks"] for n in work)
    listed = set(page.page.eval_on_selector_all("#pz-gaps button[data-id]",
                                                "els => els.map(e => e.dataset.id)"))
    for kind, query in (("domein", "kwaliteitskader-matrix"), ("aanbeveling", "pnraad-matrix")):
        shown = {nodes[k]["full"] for k in listed if nodes[k]["kind"] == kind
                 and not nodes[k]["broader"]}
        assert shown == _matrix_gaps(graph, project, query, network), kind
        assert all(nodes[k]["gap"] for k in listed)
    page.page.screenshot(path=output_dir / f"map-dekking-{network}.png")


def test_coverage_map_marks_exactly_the_unaddressed_concepts_as_gaps(graph, maps, open_map,
                                                                    output_dir):
    expected = {row["concept"].value.split("/id/", 1)[1] for row in graph.query(GAPS)}
    page = open_map(maps["dekking"])
    nodes = page.nodes()
    gaps = {key for key, n in nodes.items() if n["gap"]}
    assert gaps == expected
    assert all(nodes[key]["dashes"] for key in gaps)
    kinds = {n["kind"] for n in nodes.values()}
    assert kinds >= {"domein", "aanbeveling", "kernthema", "actielijn"}
    assert "niet gedekt" in page.page.inner_text(".pz-legend-gap")
    page.page.screenshot(path=output_dir / "map-dekking.png")
    assert page.errors == [] and page.outside == []


GAPS = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept WHERE {
  VALUES ?scheme { <https://w3id.org/pzgraph/id/kwaliteitskader> <https://w3id.org/pzgraph/id/pnraad>
                   <https://w3id.org/pzgraph/id/kernthema> <https://w3id.org/pzgraph/id/actielijn> }
  ?concept skos:inScheme ?scheme .
  FILTER NOT EXISTS {
    VALUES ?type { pz:Project pz:Activity }
    ?work a ?type ; pz:addresses ?addressed .
    ?addressed skos:broader* ?concept .
  }
}"""


def test_search_by_name_and_other_name_with_the_keyboard(maps, open_map):
    page = open_map(maps["landschap"])
    assert "organisatie/zorgspectrum" in page.search("zorgspectrum")
    # data/001 gives the network the other name "NPZ-NWVELUWE"
    assert page.search("NWVELUWE") == ["netwerk/noordwest-veluwe"]
    assert "ook: NPZ-NWVELUWE" in page.page.inner_text("#pz-results")
    found = page.search("zorg")
    assert len(found) >= 3
    keys = page.page.keyboard
    keys.press("ArrowDown")
    active = "document.activeElement.dataset.id"
    assert page.page.evaluate(active) == found[0]
    # The focused result is plainly visible: an outline and a tinted background.
    style = page.page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                               " return [s.outlineStyle, s.outlineWidth, s.backgroundColor]; })()")
    assert style[0] != "none" and style[1] != "0px" and style[2] != "rgba(0, 0, 0, 0)"
    keys.press("ArrowDown")
    assert page.page.evaluate(active) == found[1]
    keys.press("ArrowUp")
    assert page.page.evaluate(active) == found[0]
    keys.press("Enter")
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == [found[0]]
    assert _in_view(page.page.locator("#pz-details").bounding_box())
    page.page.focus("#pz-search")
    keys.press("ArrowDown")
    keys.press("Escape")
    assert page.page.evaluate("document.activeElement.id") == "pz-search"
    assert "gevonden" in page.page.evaluate("document.getElementById('pz-live').textContent") or \
        page.page.evaluate("document.getElementById('pz-live').textContent").startswith("Geselecteerd")
    assert page.errors == []


def test_the_map_has_a_text_version_with_every_node(maps, open_map):
    page = open_map(maps["netwerk-noordwest-utrecht"])
    page.page.click("#pz-text summary")
    page.page.wait_for_selector("#pz-text tbody tr")
    rows = page.page.locator("#pz-text tbody tr").count()
    assert rows == len(page.nodes())
    assert "ZorgSpectrum" in page.page.inner_text("#pz-text")


def test_words_are_dutch_and_abbreviations_explained(maps, open_map):
    for name in ("landschap", "dekking", "netwerk-noordwest-utrecht"):
        page = open_map(maps[name])
        text = page.page.inner_text("body")
        for word in ("gap", "adresseert", "Id:", "organisatie/", ".txt"):
            assert word not in text, (name, word)
        if "NPZ" in page.page.evaluate("JSON.stringify(pzMap.data.nodes.map(n => n.label))"):
            assert "Netwerk Palliatieve Zorg" in page.page.inner_text("#pz-abbreviations")
        page.close()


def test_tooltips_are_short_and_the_details_mark_a_judgement(maps, open_map):
    page = open_map(maps["netwerk-noordwest-utrecht"])
    page.page.evaluate("pzMap.focus('organisatie/zorgspectrum')")
    details = page.page.inner_text("#pz-details")
    quote = next(e for e in page.nodes()["organisatie/zorgspectrum"]["evidence"] if "quote" in e)
    assert quote["quote"] in details and quote["title"] in details
    judged = next(key for key, n in page.nodes().items()
                  if any("judgement" in e and "quote" not in e for e in n["evidence"] or []))
    page.page.evaluate(f"pzMap.focus({judged!r})")
    assert "Oordeel van de curator" in page.page.inner_text("#pz-details")
    # The real vis-network tooltip, on hovering the node: its name and kind, no more.
    _hover(page, "organisatie/zorgspectrum")
    tip = page.page.locator("div.vis-tooltip")
    assert "ZorgSpectrum" in tip.inner_text() and quote["quote"] not in tip.inner_text()
    box = tip.bounding_box()
    assert box["width"] <= 330 and box["height"] <= 120


def _hover(page: Opened, node: str) -> None:
    position = f"pzMap.network.getPosition({node!r})"
    page.page.evaluate(f"pzMap.network.moveTo({{position: {position}, scale: 1.2}})")
    box = page.page.locator("#pz-network canvas").bounding_box()
    point = page.page.evaluate(f"pzMap.network.canvasToDOM({position})")
    page.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)


# --- names are text, never markup -----------------------------------------------------------


def test_a_markup_label_stays_inert(open_map, tmp_path: Path, output_dir: Path):
    # The loader refuses < and > in labels, so the label is put in at the networkx layer.
    graph = nx.DiGraph(title=f"Kaart {XSS}", subtitle="</script><script>alert(2)</script>")
    evidence = [{"title": "Bron <u>x</u>", "quote": "<b onmouseover=alert(3)>vet</b>"},
                {"judgement": "<svg onload=alert(4)>"}]
    graph.add_node("organisatie/xss", label=XSS, kind="organisatie",
                   alt=["<script>alert(5)</script>"], info=[("Beschrijving", XSS)],
                   evidence=evidence, networks=[], roles=[], sectors=[], concepts=[])
    graph.add_node("netwerk/n", label="Netwerk", kind="netwerk", alt=[], info=[], evidence=[],
                   networks=[], roles=[], sectors=[], concepts=[])
    graph.add_edge("organisatie/xss", "netwerk/n", roles=["<i>lid</i>"],
                   relations=[{"label": "<i>lid</i>", "group": "lid", "evidence": evidence,
                               "info": []}])
    path = tmp_path / "xss.html"
    path.write_text(render(graph), encoding="utf-8")
    page = open_map(path)
    assert page.page.inner_text("#pz-title") == f"Kaart {XSS}"
    assert page.search("<script>") == ["organisatie/xss"]
    assert XSS in page.page.inner_text("#pz-results")
    page.page.evaluate("pzMap.focus('organisatie/xss')")
    assert "<b onmouseover=alert(3)>vet</b>" in page.page.inner_text("#pz-details")
    _hover(page, "organisatie/xss")
    assert XSS in page.page.inner_text("div.vis-tooltip")
    page.page.screenshot(path=output_dir / "map-xss.png")
    assert page.page.evaluate("document.querySelectorAll('img, svg, b, i, u').length") == 0
    assert page.page.evaluate("document.scripts.length") == 3  # the data, vis-network, ours
    assert page.dialogs == [] and page.errors == [] and page.outside == []


def test_markup_in_curated_text_stays_inert_through_the_whole_pipeline(make_project, open_map,
                                                                      tmp_path):
    # Descriptions and judgements may hold < and >; the map must show them as text.
    project = make_project({"xss.yaml": {
        "source": "000_0f9769a56a83d19c.txt",
        "records": [
            {"id": "netwerk/proef", "type": "Network", "label": "Proefnetwerk",
             "evidence": [{"judgement": "fixture"}]},
            {"id": "organisatie/proef", "type": "Hospice", "label": "Proefhospice",
             "description": XSS,
             "memberships": [{"organization": "netwerk/proef", "role": "rol/lid",
                              "evidence": [{"judgement": "<script>alert(6)</script>"}]}],
             "evidence": [{"judgement": "<svg onload=alert(7)>"}]},
        ]}})
    path = tmp_path / "proef.html"
    path.write_text(render(landscape(load(project, reasoning=False))), encoding="utf-8")
    page = open_map(path)
    page.page.evaluate("pzMap.focus('organisatie/proef')")
    details = page.page.inner_text("#pz-details")
    assert XSS in details and "<svg onload=alert(7)>" in details
    assert page.page.evaluate("document.querySelectorAll('img, svg').length") == 0
    assert page.dialogs == [] and page.errors == [] and page.outside == []


# --- national scale: the landscape opens on an overview ---------------------------------------


@pytest.fixture(scope="module")
def national_map(tenth_country_graph, output_dir: Path) -> Path:
    """The landscape of a synthetic country (benchmarks/generate.py, a tenth of the scale)."""
    path = output_dir / "maps" / "landschap-synthetisch.html"
    path.parent.mkdir(exist_ok=True)
    path.write_text(render(landscape(tenth_country_graph)), encoding="utf-8")
    return path


def source_networks_of(page: Opened) -> list[str]:
    return page.page.evaluate("pzMap.data.nodes.filter(n => n.kind === 'netwerk').map(n => n.id)")


def _shown_names(page: Opened) -> dict[str, dict]:
    """Every node the map shows (hidden or not), with its label and its size on screen."""
    return {n["id"]: n for n in page.page.evaluate(
        "pzMap.nodes.get({filter: n => !n.hidden}).map(n => ({id: n.id, kind: n.kind,"
        " label: n.label, px: n.font.size * pzMap.network.getScale()}))")}


def _named_in_view(page: Opened, ids: list[str]) -> list[str]:
    """Those of these nodes whose name is drawn inside the map's part of the screen."""
    drawn = {label["text"] for label in page.drawn()}
    names = page.page.evaluate("ids => ids.map(id => pzMap.nodes.get(id).label)", ids)
    return [node for node, name in zip(ids, names, strict=True) if name in drawn]


def test_the_national_landscape_opens_on_an_overview_with_every_shown_name_readable(
        national_map, open_map, tmp_path):
    page = open_map(national_map)
    shown = _shown_names(page)
    # The consortia and networks are shown, the organisations gathered under them: in the
    # page's data (search, table), not given to vis-network until opened.
    kinds = {n["kind"] for n in shown.values()}
    assert {"consortium", "netwerk"} <= kinds and "organisatie" not in kinds
    gathered = page.page.evaluate("pzMap.data.nodes.filter(n => n.home).length")
    assert gathered > 300 and len(shown) < gathered / 5
    # Every shown name is drawn, at 9 px or more, none over another; a gathered network
    # says how many organisations it holds.
    assert [n["label"] for n in shown.values() if n["px"] < 9] == []
    labels = page.drawn()
    assert {n["label"] for n in shown.values()} <= {label["text"] for label in labels}
    assert _overlapping(labels) == []
    assert any(re.search(r"^▸ NPZ .+ · \d+ organisaties$", label["text"]) for label in labels)
    page.page.screenshot(path=tmp_path / "landschap-synthetisch.png")
    assert page.errors == [] and page.outside == []


def test_a_click_on_a_gathered_network_lists_its_members_named_and_a_second_closes_them(
        national_map, open_map, tmp_path):
    page = open_map(national_map)
    home = sorted(n for n, node in _shown_names(page).items() if node["kind"] == "netwerk")[0]
    members = page.page.evaluate(
        "h => pzMap.data.nodes.filter(n => (n.home || []).includes(h) && n.kind !== 'project'"
        " && n.kind !== 'activiteit').map(n => n.id)", home)
    assert len(members) > 30
    where = _screen(page, home)
    page.page.mouse.click(where["x"], where["y"])
    page.page.screenshot(path=tmp_path / "landschap-synthetisch-open.png")
    shown = _shown_names(page)
    assert set(members) <= set(shown)
    assert shown[home]["label"].startswith("▾ ")
    # Its members are named in view (as many as the map shows readably: most of them), at
    # 9 px or more, none over another; the details show the network.
    named = _named_in_view(page, members)
    assert len(named) >= 0.5 * len(members)
    labels = page.drawn()
    assert [label["text"] for label in labels if label["px"] < 9] == []
    assert _overlapping(labels) == []
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == [home]
    assert _in_view(page.page.locator("#pz-details-title").bounding_box())
    # A second click closes the network again.
    where = _screen(page, home)
    page.page.mouse.click(where["x"], where["y"])
    assert not set(members) & set(_shown_names(page))
    assert _shown_names(page)[home]["label"].startswith("▸ ")
    assert page.errors == [] and page.outside == []


def test_searching_or_linking_a_gathered_member_opens_its_network_and_selects_it(
        national_map, open_map, tmp_path):
    page = open_map(national_map)
    member, name, home = page.page.evaluate(
        "(() => { const n = pzMap.data.nodes.filter(n => n.kind === 'organisatie' && n.home)[40];"
        " return [n.id, n.full, n.home[0]]; })()")
    assert member not in _shown_names(page)
    page.page.fill("#pz-search", name)
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == [member]
    assert page.page.inner_text("#pz-details-title") == name
    assert _in_view(page.page.locator("#pz-details-title").bounding_box())
    assert _named_in_view(page, [member]) == [member]
    assert _shown_names(page)[home]["label"].startswith("▾ ")
    page.page.screenshot(path=tmp_path / "landschap-synthetisch-gezocht.png")
    linked = open_map(national_map, "#id=" + member)
    assert linked.page.evaluate("pzMap.network.getSelectedNodes()") == [member]
    assert _named_in_view(linked, [member]) == [member]
    # The text version lists every node, gathered or not.
    page.page.click("#pz-text summary")
    page.page.locator("#pz-text tbody tr").first.wait_for()  # built when opened
    rows = page.page.locator("#pz-text tbody tr").count()
    assert rows == page.page.evaluate("pzMap.data.nodes.length")
    assert page.errors == [] and linked.errors == [] and page.outside == linked.outside == []



WORK_OF = ("h => pzMap.data.nodes.filter(n => (n.home || []).includes(h) && ['project',"
           " 'activiteit'].includes(n.kind)).map(n => n.id)")


def test_an_opened_network_gathers_its_projects_in_a_row_that_opens_on_a_click(
        national_map, open_map, tmp_path):
    page = open_map(national_map)
    # The opening shows no project: they are gathered under their network.
    assert not {n["kind"] for n in _shown_names(page).values()} & {"project", "activiteit"}
    home = sorted(n for n, node in _shown_names(page).items() if node["kind"] == "netwerk")[0]
    work = page.page.evaluate(WORK_OF, home)
    assert len(work) >= 5
    where = _screen(page, home)
    page.page.mouse.click(where["x"], where["y"])
    shown = _shown_names(page)
    head = "groep:werk:" + home
    assert shown[head]["label"] == f"▸ Projecten en activiteiten · {len(work)}"
    assert not set(work) & set(shown)
    where = _screen(page, head)
    page.page.mouse.click(where["x"], where["y"])
    page.page.screenshot(path=tmp_path / "landschap-synthetisch-projecten.png")
    shown = _shown_names(page)
    assert set(work) <= set(shown) and shown[head]["label"].startswith("▾ ")
    named = _named_in_view(page, work)
    assert len(named) >= 0.5 * len(work)
    labels = page.drawn()
    assert [label["text"] for label in labels if label["px"] < 9] == []
    assert _overlapping(labels) == []
    # A project clicked by its place on the screen: its details in view, with its network.
    project = named[0]
    where = _screen(page, project)
    page.page.mouse.click(where["x"], where["y"])
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == [project]
    title = page.page.locator("#pz-details-title")
    assert _in_view(title.bounding_box())
    full = page.page.evaluate("id => pzMap.data.nodes.find(n => n.id === id).full", project)
    network_name = page.page.evaluate("id => pzMap.data.nodes.find(n => n.id === id).full", home)
    assert title.inner_text() == full
    assert network_name in page.page.inner_text("#pz-details")
    page.page.screenshot(path=tmp_path / "landschap-synthetisch-project.png")
    assert page.errors == [] and page.outside == []


def test_a_project_is_found_by_search_and_link_with_its_network_opened(
        national_map, open_map, tmp_path):
    page = open_map(national_map)
    project, name, home = page.page.evaluate(
        "(() => { const n = pzMap.data.nodes.filter(n => n.kind === 'project')[77];"
        " return [n.id, n.full, n.home[0]]; })()")
    page.page.fill("#pz-search", name)  # (names of synthetic projects recur: the one chosen)
    page.page.click(f"#pz-results li[data-id='{project}']")
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == [project]
    assert _in_view(page.page.locator("#pz-details-title").bounding_box())
    assert _named_in_view(page, [project]) == [project]
    shown = _shown_names(page)
    assert shown[home]["label"].startswith("▾ ")
    assert shown["groep:werk:" + home]["label"].startswith("▾ ")
    page.page.screenshot(path=tmp_path / "landschap-synthetisch-project-gezocht.png")
    linked = open_map(national_map, "#id=" + project)
    assert linked.page.evaluate("pzMap.network.getSelectedNodes()") == [project]
    assert _named_in_view(linked, [project]) == [project]
    assert page.errors == [] and linked.errors == []


def test_a_filter_lists_only_what_it_keeps_on_the_national_overview(national_map, open_map,
                                                                     tmp_path):
    page = open_map(national_map)
    choice = page.page.evaluate("pzMap.data.filters.find(f => f.key === 'networks')"
                                ".values[3][0]")
    page.page.select_option("select[data-facet='networks']", choice)
    page.page.screenshot(path=tmp_path / "landschap-synthetisch-filter.png")
    shown = [k for k in _shown_names(page) if not k.startswith("groep:")]
    edges = page.page.evaluate("pzMap.data.edges.map(e => [e.from, e.to])")
    world = nx.Graph()
    world.add_nodes_from(shown)
    world.add_edges_from(edges)
    assert choice in shown
    assert [n for n in shown if not nx.has_path(world, n, choice)] == []
    assert not [n for n in shown if n.startswith("netwerk/") and n != choice]
    # Its projects wait in their row, counted; every shown name readable, none overlapping.
    work = page.page.evaluate(WORK_OF, choice)
    head = _shown_names(page)["groep:werk:" + choice]
    assert head["label"] == f"▸ Projecten en activiteiten · {len(work)}"
    labels = page.drawn()
    assert [label["text"] for label in labels if label["px"] < 9] == []
    assert _overlapping(labels) == []
    # A consortium's networks: a count and a list that wraps inside the details.
    consortium = next(k for k in _shown_names(page) if k.startswith("consortium/"))
    page.page.evaluate("id => pzMap.select(id, false)", consortium)
    items = page.page.locator("#pz-details .pz-net-list li")
    assert items.count() >= 2
    panel = page.page.locator("#pz-details").bounding_box()
    box = page.page.locator("#pz-details .pz-net-list").bounding_box()
    assert box["x"] + box["width"] <= panel["x"] + panel["width"]
    assert page.errors == [] and page.outside == []



def test_a_topic_filter_keeps_the_networks_working_on_it_opened_and_says_why(maps, open_map,
                                                                             tmp_path):
    page = open_map(maps["landschap"])
    topic = "pnraad/8"  # R8 Eigen casemanager: Utrecht-Zuid and Noordwest-Utrecht work on it
    page.page.select_option("select[data-facet='recommendations']", topic)
    page.page.screenshot(path=tmp_path / "landschap-r8.png")
    shown = _shown_names(page)
    nodes = {n["id"]: n for n in page.page.evaluate("pzMap.data.nodes")}
    edges = page.page.evaluate("pzMap.data.edges.map(e => [e.from, e.to])")
    running = {b for a, b in edges if topic in nodes[a]["concepts"]
               and nodes[a]["kind"] in ("project", "activiteit")}
    networks = {n for n in shown if n.startswith("netwerk/")}
    assert networks and networks <= running  # none that does nothing on it
    work = [n for n in shown if nodes.get(n, {}).get("kind") in ("project", "activiteit")]
    assert work and all(topic in nodes[n]["concepts"] for n in work)
    # Each network opened on its matching work (work of two networks is listed under each).
    matching = [n for n, node in nodes.items() if topic in node["concepts"]
                and node["kind"] in ("project", "activiteit")]
    assert set(matching) <= set(shown)
    for home in {nodes[n]["home"][0] for n in matching}:
        assert shown[home]["label"].startswith("▾ "), home
        assert shown["groep:werk:" + home]["label"].startswith("▾ "), home
    # A heading counts what the filter keeps.
    assert "Landelijke organisaties · 14" not in {n["label"].lstrip("▸▾ ") for n in shown.values()}
    page.page.evaluate("id => pzMap.select(id, false)", work[0])
    assert "Past bij het filter" in page.page.inner_text("#pz-details")
    assert page.errors == [] and page.outside == []


def test_a_link_to_a_network_opens_its_members_as_a_click_does(maps, open_map):
    page = open_map(maps["landschap"], "#id=netwerk/noordwest-utrecht")
    shown = _shown_names(page)
    assert shown["netwerk/noordwest-utrecht"]["label"].startswith("▾ ")
    members = page.page.evaluate(
        "pzMap.data.nodes.filter(n => (n.home || [])[0] === 'netwerk/noordwest-utrecht' &&"
        " n.kind === 'organisatie').map(n => n.id)")
    assert members and set(members) <= set(shown)


# --- a coordinator reads the map at a glance (1280×720) ---------------------------------------


def _short(page: Opened, kinds: set[str]) -> dict[str, str]:
    """The names on the canvas (short labels) of the visible nodes of these kinds."""
    return {n["id"]: n["text"] for n in page.page.evaluate(
        "pzMap.data.nodes.filter(n => !n.hidden).map(n => ({id: n.id, kind: n.kind,"
        " text: n.text}))") if n["kind"] in kinds}


def test_a_networks_own_map_opens_with_every_member_named_readably(maps, open_map, output_dir):
    page = open_map(maps["netwerk-noordwest-utrecht"])
    page.page.screenshot(path=output_dir / "map-netwerk-noordwest-utrecht-open.png")
    labels = page.drawn()
    members = _short(page, {"organisatie"})
    assert len(members) >= 20  # data/000-002: the members of Noordwest-Utrecht
    seen = {label["text"]: label for label in labels}
    missing = [name for name in members.values() if name not in seen]
    assert missing == []
    assert all(seen[name]["px"] >= 9 for name in members.values())
    canvas = page.page.locator("#pz-network").bounding_box()
    for name in members.values():
        box = seen[name]
        assert canvas["x"] <= box["x"] and box["x"] + box["w"] <= canvas["x"] + canvas["width"]
        assert canvas["y"] <= box["y"] and box["y"] + box["h"] <= canvas["y"] + canvas["height"]
    assert _overlapping(labels) == []
    assert page.errors == [] and page.outside == []


@pytest.mark.parametrize("name", ["landschap", "dekking", "netwerk-noordwest-utrecht"])
def test_no_name_is_drawn_over_another_or_too_small_at_opening(maps, open_map, name):
    page = open_map(maps[name])
    labels = page.drawn()
    assert len(labels) >= 20
    assert [(label["text"], round(label["px"], 1)) for label in labels if label["px"] < 9] == []
    assert _overlapping(labels) == []
    # The networks and consortia orient a reader: many of them are named at opening (the
    # rest where they crowd, from a closer zoom).
    hubs = _short(page, {"netwerk", "consortium"})
    named = [text for text in hubs.values() if any(label["text"].startswith(text)
                                                   for label in labels)]
    assert len(named) >= 0.4 * len(hubs)


def test_selecting_shows_the_names_of_it_and_its_neighbours_and_level_relations(
        maps, open_map, output_dir):
    page = open_map(maps["netwerk-noordwest-utrecht"])
    where = _screen(page, "organisatie/zorgspectrum")
    page.page.mouse.click(where["x"], where["y"])
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == ["organisatie/zorgspectrum"]
    page.page.screenshot(path=output_dir / "map-netwerk-noordwest-utrecht-zorgspectrum.png")
    labels = page.drawn()
    texts = {label["text"]: label for label in labels}
    near = page.page.evaluate("pzMap.network.getConnectedNodes('organisatie/zorgspectrum')")
    names = page.page.evaluate("ids => ids.map(id => pzMap.data.nodes.find(n => n.id === id)"
                               ".text)", ["organisatie/zorgspectrum", *near])
    assert [n for n in names if n not in texts] == []
    assert all(texts[n]["px"] >= 9 for n in names)
    # The relations on its lines: level and readable, none over a name.
    relations = {e["rel"] for e in page.edges()
                 if "organisatie/zorgspectrum" in (e["from"], e["to"])}
    # A relation is written on its line where that is free (on a crowded list it may not be,
    # whatever the zoom: vis-network writes it at the line's middle); the details always say
    # it beside the neighbour.
    drawn = [label for label in labels if label["text"] in relations]
    assert all(label["level"] and label["px"] >= 9 for label in drawn)
    # (each relation in the heading of its group or on the line: "Penvoerder van (1) …
    # kassier, stuurgroeplid, werkgever")
    details = page.page.inner_text("#pz-details").lower()
    said = {part for relation in relations for part in relation.split(", ")}
    headings = {row[0]: row[1:] for row in page.page.evaluate("pzMap.data.sides")}
    assert [part for part in said if part.lower() not in details and not any(
        heading.lower() in details for heading in headings.get(part, []))] == []
    assert _overlapping(labels) == []


def test_a_click_on_a_curated_network_lists_its_members_named(maps, open_map, tmp_path):
    page = open_map(maps["landschap"])
    home = "netwerk/noordwest-utrecht"  # data/000-002: its members, gathered under it
    members = page.page.evaluate(
        "h => pzMap.data.nodes.filter(n => (n.home || [])[0] === h && n.kind !== 'project'"
        " && n.kind !== 'activiteit').map(n => n.id)", home)
    assert len(members) >= 20 and not set(members) & set(_shown_names(page))
    where = _screen(page, home)
    page.page.mouse.click(where["x"], where["y"])
    page.page.screenshot(path=tmp_path / "landschap-noordwest-utrecht-open.png")
    assert set(members) <= set(_shown_names(page))
    assert len(_named_in_view(page, members)) >= 0.5 * len(members)
    labels = page.drawn()
    assert [label["text"] for label in labels if label["px"] < 9] == []
    assert _overlapping(labels) == []
    assert page.errors == [] and page.outside == []


def test_a_selected_organisation_on_the_landscape_is_named_with_its_neighbours(
        maps, open_map):
    page = open_map(maps["landschap"])
    page.page.evaluate("pzMap.select('organisatie/zorgspectrum', false)")
    # Gathered under its networks, it is listed under the first, named readably beside it,
    # and every one of its neighbours is shown (their lines drawn).
    home = page.page.evaluate("pzMap.data.nodes.find(n => n.id === 'organisatie/zorgspectrum')"
                              ".home[0]")
    assert _named_in_view(page, ["organisatie/zorgspectrum", home]) == [
        "organisatie/zorgspectrum", home]
    labels = page.drawn()
    assert [label["text"] for label in labels if label["px"] < 9] == []
    assert _overlapping(labels) == []
    near = page.page.evaluate("pzMap.data.edges.filter(e => [e.from, e.to].includes("
                              "'organisatie/zorgspectrum')).map(e => e.from === "
                              "'organisatie/zorgspectrum' ? e.to : e.from)")
    shown = _shown_names(page)
    assert len(near) >= 2 and [n for n in near if n not in shown] == []


def test_hovering_a_line_at_opening_zoom_writes_its_relation_level(maps, open_map):
    page = open_map(maps["dekking"])  # (the landscape's overview draws no lines at opening)
    edge = page.page.evaluate("""(() => {
        const net = pzMap.network;
        const r = document.getElementById('pz-network').getBoundingClientRect();
        // The longest visible line: its middle is clear of the nodes.
        const lines = pzMap.data.edges.filter(e => !e.hidden).map(e => {
          const a = net.canvasToDOM(net.getPosition(e.from));
          const b = net.canvasToDOM(net.getPosition(e.to));
          return {rel: e.rel, x: r.left + (a.x + b.x) / 2, y: r.top + (a.y + b.y) / 2,
                  length: Math.hypot(a.x - b.x, a.y - b.y)};
        }).filter(l => l.x > r.left && l.x < r.right && l.y > r.top && l.y < r.bottom);
        return lines.sort((a, b) => b.length - a.length)[0]; })()""")
    page.page.mouse.move(edge["x"], edge["y"])
    page.page.wait_for_function("pzMap.edges.get().some(e => e.label)")
    drawn = [label for label in page.drawn() if label["text"] == edge["rel"]]
    assert drawn and drawn[0]["level"] and drawn[0]["px"] >= 9


def test_choosing_a_network_fits_its_world_into_the_free_part_of_the_map(national_map,
                                                                       open_map, output_dir):
    page = open_map(national_map)
    choice = page.page.evaluate("pzMap.data.filters.find(f => f.key === 'networks')"
                                ".values[5][0]")
    page.page.select_option("select[data-facet='networks']", choice)
    page.page.screenshot(path=output_dir / "map-landschap-synthetisch-gekozen.png")
    shown = [k for k, n in page.nodes().items() if not n["hidden"]]
    points = [_screen(page, node) for node in shown]
    canvas = page.page.locator("#pz-network").bounding_box()
    assert all(canvas["x"] <= p["x"] <= canvas["x"] + canvas["width"] and
               canvas["y"] <= p["y"] <= canvas["y"] + canvas["height"] for p in points)
    # The world fills the map: not squeezed into a corner.
    width = max(p["x"] for p in points) - min(p["x"] for p in points)
    height = max(p["y"] for p in points) - min(p["y"] for p in points)
    assert width >= canvas["width"] / 2 or height >= canvas["height"] / 2
    middle = (max(p["x"] for p in points) + min(p["x"] for p in points)) / 2
    assert abs(middle - (canvas["x"] + canvas["width"] / 2)) < canvas["width"] / 4


def test_search_enter_takes_the_exact_name_and_moves_to_its_details(maps, open_map):
    page = open_map(maps["netwerk-noordwest-utrecht"])
    found = page.search("Noordwest-Utrecht")
    assert found[0] == "netwerk/noordwest-utrecht"  # an other name of the network, exactly
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == ["netwerk/noordwest-utrecht"]
    assert page.page.evaluate("document.activeElement.id") == "pz-details-title"
    assert page.page.locator("#pz-results li").count() == 0
    assert page.page.get_attribute("#pz-search", "aria-expanded") == "false"
    # Escape in the results closes them and leaves no active result behind.
    page.search("zorg")
    page.page.keyboard.press("ArrowDown")
    assert page.page.get_attribute("#pz-search", "aria-activedescendant")
    page.page.keyboard.press("Escape")
    assert page.page.locator("#pz-results li").count() == 0
    assert not page.page.get_attribute("#pz-search", "aria-activedescendant")
    assert page.page.evaluate("document.activeElement.id") == "pz-search"
    keys = page.page.inner_text("#pz-keys")
    assert "pijltjes" in keys and "op de kaart" in keys


def test_links_take_short_ids_and_the_controls_follow(maps, open_map, graph):
    page = open_map(maps["dekking"], "#netwerk=noordwest-utrecht")
    assert page.page.input_value("select[data-facet='networks']") == "netwerk/noordwest-utrecht"
    assert "Noordwest-Utrecht" in page.page.inner_text("#pz-gaps h2")
    page.page.select_option("select[data-facet='networks']", "netwerk/gooi-en-vechtstreek")
    assert page.page.evaluate("location.hash") == "#netwerk=gooi-en-vechtstreek"
    assert "Gooi" in page.page.inner_text("#pz-gaps h2")
    page = open_map(maps["netwerk-noordwest-utrecht"], "#id=zorgspectrum")
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == ["organisatie/zorgspectrum"]


def test_coverage_gaps_are_grouped_as_the_report_counts_them(maps, open_map):
    page = open_map(maps["dekking"])
    nodes = page.nodes()
    for heading in page.page.locator("#pz-gaps h3").all():
        items = heading.locator("xpath=following-sibling::ul[1]//button").evaluate_all(
            "els => els.map(e => e.dataset.id)")
        count = int(re.search(r"\((\d+)\)$", heading.inner_text()).group(1))
        assert count == len(items)
        subs = {bool(nodes[i]["broader"]) for i in items}
        assert len(subs) == 1  # domains and subdomains never in one list
        assert ("subdomeinen" in heading.inner_text()) == subs.pop()


def test_details_say_what_is_english_and_name_web_sources_by_site(maps, open_map):
    from pzgraph.glossary import SITES

    page = open_map(maps["landschap"])
    evidence = page.page.evaluate("pzMap.data.nodes.flatMap(n => n.evidence.map(e => "
                                  "Object.assign({id: n.id}, e)))")
    assert not [e for e in evidence if e.get("title", "").startswith("http")]
    assert any(e.get("title") in SITES.values() for e in evidence)
    english = next(e for e in evidence if e.get("locator", "").startswith("landscape-facts"))
    page.page.evaluate(f"pzMap.select({english['id']!r}, true)")
    details = page.page.inner_text("#pz-details")
    assert "(Engels, referentieblad)" in details
    assert "landscape-facts" not in details and "organisatie/" not in details


def test_print_gives_title_legend_and_a_table_of_what_is_shown(maps, open_map, output_dir):
    page = open_map(maps["netwerk-noordwest-utrecht"])
    page.page.evaluate("pzMap.select('organisatie/zorgspectrum', true)")
    near = page.page.evaluate("pzMap.network.getConnectedNodes('organisatie/zorgspectrum')")
    page.page.emulate_media(media="print")
    page.page.pdf(path=str(output_dir / "map-netwerk-noordwest-utrecht.pdf"), format="A4")
    visible = page.page.evaluate("""sel => [...document.querySelectorAll(sel)]
        .filter(e => e.offsetParent !== null || getComputedStyle(e).display !== 'none'
                     && e.getClientRects().length).length""", "#pz-tools, .pz-search, #pz-network")
    assert visible == 0
    assert page.page.locator("#pz-title").is_visible()
    assert page.page.locator("#pz-legend").is_visible()
    rows = page.page.locator("#pz-print tbody tr")
    assert rows.count() == len(near) + 1
    assert "ZorgSpectrum" in page.page.inner_text("#pz-print")


def test_words_are_plain_dutch_and_every_abbreviation_is_explained(maps, open_map):
    from pzgraph.glossary import ABBREVIATIONS, _has_word

    for name in ("landschap", "dekking", "netwerk-noordwest-utrecht"):
        page = open_map(maps[name])
        page.page.evaluate("pzMap.select(pzMap.data.nodes.find(n => n.kind !== 'domein')"
                           ".id, true)")
        text = page.page.inner_text("body") + " ".join(page.page.eval_on_selector_all(
            "option", "els => els.map(e => e.textContent)"))
        for word in ("knopen", "knoop", "de graaf", "het graaf", "Gaten", "adresseren"):
            assert word not in text, (name, word)
        explained = page.page.inner_text("#pz-abbreviations")
        for short, long in ABBREVIATIONS.items():
            if _has_word(text.replace(explained, ""), short):
                assert short in explained and long in explained, (name, short)
        page.close()


def test_a_link_carried_by_a_covering_item_is_drawn_with_that_items_footing(make_project,
                                                                           tmp_path):
    """A project quoted whole, whose runBy is only the curator's judgement (an item with
    `covers: [runBy]`): its line to the network is dashed with that judgement, the project
    itself stands on the quote."""
    project = make_project({"covers.yaml": {
        "source": "000_0f9769a56a83d19c.txt",
        "records": [
            {"id": "netwerk/proef", "type": "Network", "label": "Proefnetwerk",
             "evidence": [{"quote": "samenwerkingsverband van zorgaanbieders"}]},
            {"id": "project/proef", "type": "Project", "label": "Proefproject",
             "runBy": ["netwerk/proef"],
             "evidence": [{"quote": "passende zorg en ondersteuning"},
                          {"judgement": "Wie het project uitvoert staat er niet; aangenomen.",
                           "covers": ["runBy"]}]},
        ]}})
    graph = network_view(Facts.read(load(project, reasoning=False)), "netwerk/proef")
    relation = graph.edges["project/proef", "netwerk/proef"]["relations"][0]
    assert relation["label"] == "uitgevoerd door"
    assert [e.get("judgement") for e in relation["evidence"]] == [
        "Wie het project uitvoert staat er niet; aangenomen."]
    edge = next(e for e in vis_data(graph)[1] if e["from"] == "project/proef")
    assert edge["dashes"] and "oordeel" in edge["judged"]
