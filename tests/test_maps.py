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
from pzgraph.maps.graph import UnknownNetwork, find_network
from pzgraph.project import Project
from pzgraph.query.library import library
from pzgraph.query.run import answer
from pzgraph.query.store import KnowledgeGraph, load

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
XSS = "<img src=x onerror=alert(1)>"
OUTSIDE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//"""
                     r"""|@import""", re.IGNORECASE)


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


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A map open in a page, with what went wrong and what was asked of other hosts."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda m: m.type in ("error", "warning")
                     and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
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
            " evidence: n.evidence}))")}

    def edges(self) -> list[dict]:
        return self.page.evaluate(
            "pzMap.edges.get().map(e => ({from: e.from, to: e.to, label: e.label, roles: e.roles,"
            " hidden: !!e.hidden}))")

    def search(self, text: str) -> list[str]:
        self.page.fill("#pz-search", text)
        return self.page.eval_on_selector_all("#pz-results li[data-id]",
                                              "els => els.map(e => e.dataset.id)")

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def open_map(browser):
    opened: list[Opened] = []

    def open_(path: Path) -> Opened:
        opened.append(Opened(browser, path))
        return opened[-1]

    yield open_
    for page in opened:
        page.close()


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
    assert "unknown network 'atlantis'" in result.stderr
    assert "noordwest-utrecht" in result.stderr and "gooi-en-vechtstreek" in result.stderr
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


# --- in the browser -------------------------------------------------------------------------


def source_networks(graph) -> list[str]:
    """The networks that published a source document, as the library query lists them."""
    query = library(Project.default().queries_dir)["source-networks"]
    return [row[0] for row in answer(query, graph.store, {}, language=None).rows]


def test_landscape_loads_offline_and_draws_the_source_networks(graph, maps, open_map,
                                                               output_dir):
    page = open_map(maps["landschap"])
    nodes = page.nodes()
    networks = source_networks(graph)
    assert "netwerk/gooi-en-vechtstreek" in networks and len(networks) >= 5
    assert set(networks) <= set(nodes)
    assert {"consortium", "netwerk", "organisatie", "landelijk", "programma"} <= {
        n["kind"] for n in nodes.values()}
    assert nodes["consortium/septet"]["kind"] == "consortium"
    page.page.screenshot(path=output_dir / "map-landschap.png")
    assert page.errors == [] and page.outside == []


def test_network_map_shows_its_penvoerder_bodies_and_work(maps, open_map, output_dir):
    # data/000: "In de netwerken Noordwest Utrecht en Utrecht-Zuid vervult ZorgSpectrum deze rol"
    page = open_map(maps["netwerk-noordwest-utrecht"])
    nodes, edges = page.nodes(), page.edges()
    assert nodes["organisatie/zorgspectrum"]["full"] == "ZorgSpectrum"
    tie = next(e for e in edges if e["from"] == "organisatie/zorgspectrum"
               and e["to"] == "netwerk/noordwest-utrecht")
    assert "penvoerder" in tie["label"] and "penvoerder" in tie["roles"]
    kinds = {n["kind"] for n in nodes.values()}
    assert {"orgaan", "consortium"} <= kinds and kinds & {"project", "activiteit"}
    page.page.screenshot(path=output_dir / "map-netwerk-noordwest-utrecht.png")
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
    legend = page.page.inner_text(".pz-legend-gap")
    assert "gap" in legend and str(len(expected)) in legend
    page.page.screenshot(path=output_dir / "map-dekking.png")
    assert page.errors == [] and page.outside == []


def test_search_finds_a_node_by_name_and_by_other_name(maps, open_map):
    page = open_map(maps["landschap"])
    assert "organisatie/zorgspectrum" in page.search("zorgspectrum")
    # data/001 gives the network the other name "NPZ-NWVELUWE"
    assert page.search("NWVELUWE") == ["netwerk/noordwest-veluwe"]
    assert "ook: NPZ-NWVELUWE" in page.page.inner_text("#pz-results")
    page.page.click("#pz-results li[data-id='netwerk/noordwest-veluwe']")
    assert page.page.evaluate("pzMap.network.getSelectedNodes()") == ["netwerk/noordwest-veluwe"]
    assert "Noordwest-Veluwe" in page.page.inner_text("#pz-details")


def test_filters_hide_a_kind_a_network_and_a_role(maps, open_map):
    page = open_map(maps["landschap"])
    page.page.click("#pz-legend input[value='organisatie']")
    nodes = page.nodes()
    assert all(n["hidden"] for n in nodes.values() if n["kind"] == "organisatie")
    assert not any(n["hidden"] for n in nodes.values() if n["kind"] != "organisatie")
    page.page.click("#pz-legend input[value='organisatie']")
    assert not any(n["hidden"] for n in page.nodes().values())

    facet = "fieldset[data-facet='networks']"
    page.page.click(f"{facet} .pz-none")
    page.page.click(f"{facet} input[value='Netwerk Palliatieve Zorg Noordwest-Veluwe']")
    nodes = page.nodes()
    assert not nodes["netwerk/noordwest-veluwe"]["hidden"]
    assert nodes["netwerk/rotterdam-en-omstreken"]["hidden"]
    page.page.click(f"{facet} .pz-all")

    edges = page.edges()
    role = "penvoerder"
    page.page.click(f"fieldset[data-facet='roles'] input[value='{role}']")
    after = page.edges()
    for before, now in zip(edges, after, strict=True):
        if before["roles"] == [role]:
            assert now["hidden"]
    assert not all(e["hidden"] for e in after)
    assert page.errors == []


def test_tooltips_carry_the_evidence_and_mark_a_judgement(maps, open_map):
    page = open_map(maps["netwerk-noordwest-utrecht"])
    page.page.evaluate("pzMap.focus('organisatie/zorgspectrum')")
    details = page.page.inner_text("#pz-details")
    quote = next(e for e in page.nodes()["organisatie/zorgspectrum"]["evidence"] if "quote" in e)
    assert quote["quote"] in details and quote["source"] in details
    assert "000_0f9769a56a83d19c.txt" in details
    judged = next(key for key, n in page.nodes().items()
                  if any("judgement" in e and "quote" not in e for e in n["evidence"] or []))
    page.page.evaluate(f"pzMap.focus({judged!r})")
    assert "Oordeel van de curator" in page.page.inner_text("#pz-details")
    # The real vis-network tooltip, on hovering the node.
    _hover(page, "organisatie/zorgspectrum")
    assert "ZorgSpectrum" in page.page.inner_text("div.vis-tooltip")


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
    evidence = [{"source": "000_0f9769a56a83d19c.txt", "quote": "<b onmouseover=alert(3)>vet</b>"},
                {"judgement": "<svg onload=alert(4)>"}]
    graph.add_node("organisatie/xss", label=XSS, kind="organisatie",
                   alt=["<script>alert(5)</script>"], info=[("Beschrijving", XSS)],
                   evidence=evidence, networks=[], roles=[], sectors=[])
    graph.add_node("netwerk/n", label="Netwerk", kind="netwerk", alt=[], info=[], evidence=[],
                   networks=[], roles=[], sectors=[])
    graph.add_edge("organisatie/xss", "netwerk/n", roles=["<i>lid</i>"],
                   relations=[{"label": "<i>lid</i>", "evidence": evidence, "info": []}])
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
    assert page.page.evaluate("document.querySelectorAll('img, svg, b, i').length") == 0
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
