"""How long the maps take: to write each one, and until it stands still in Chromium.

    .venv/bin/python benchmarks/maps.py [--repeat 3] [--nodes 5000]

Maps of the curated graph (landscape, each seed network, coverage), and one of a synthetic
graph of --nodes nodes shaped like a national landscape (consortia, networks, member
organisations, projects addressing concepts), rendered with the same renderer. "Write" is
SPARQL + networkx + layout + HTML + atomic write, the graph already loaded; "stable" is
from navigation until vis-network has drawn the map (physics is off: positions are
precomputed, so the first complete drawing is the settled one). Writes
benchmarks/results/maps.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from timing import median_seconds  # noqa: E402  (benchmarks/timing.py)

from pzgraph import maps  # noqa: E402
from pzgraph.project import write_atomic  # noqa: E402
from pzgraph.query.library import library  # noqa: E402
from pzgraph.query.run import answer  # noqa: E402
from pzgraph.query.store import load  # noqa: E402

RESULTS = Path(__file__).parent / "results"
OUT = ROOT / "out" / "benchmarks" / "maps"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
CONCEPTS = ([("domein", f"kwaliteitskader/{i}") for i in range(1, 11)]
            + [("domein", f"kwaliteitskader/2.{i}") for i in range(1, 11)]
            + [("aanbeveling", f"pnraad/{i}") for i in range(1, 9)]
            + [("kernthema", f"kernthema/{i}") for i in range(1, 5)]
            + [("actielijn", f"actielijn/{i}") for i in range(1, 7)])


def synthetic(total: int, seed: int = 7) -> nx.DiGraph:
    """A landscape-shaped graph of exactly `total` nodes, in the attributes graph.py makes."""
    rng = random.Random(seed)
    graph = nx.DiGraph(title=f"Synthetisch landschap ({total} knopen)", subtitle="benchmark")

    def node(key: str, kind: str, label: str) -> None:
        quote = " ".join(rng.choice(["zorg", "netwerk", "palliatieve", "samenwerking", "regio",
                                     "organisatie", "project", "naasten", "deskundigheid"])
                         for _ in range(24))
        graph.add_node(key, label=label, kind=kind, alt=[label.upper()], info=[("Id", key)],
                       evidence=[{"source": "synthetisch.txt", "quote": quote}],
                       networks=[], roles=[],
                       sectors=[rng.choice(["VVT", "Ziekenhuis", "Hospice"])])

    def edge(source: str, target: str, label: str) -> None:
        graph.add_edge(source, target, roles=[label], relations=[
            {"label": label, "info": [], "evidence": [{"judgement": "synthetisch verband"}]}])

    consortia = [f"consortium/c{i}" for i in range(7)]
    networks = [f"netwerk/n{i:02d}" for i in range(70)]
    national = [f"organisatie/landelijk-{i}" for i in range(20)]
    programmes = [f"programma/p{i}" for i in range(8)]
    works = [f"project/w{i:04d}" for i in range(1200)]
    fixed = len(consortia) + len(networks) + len(national) + len(programmes) + len(works)
    organisations = [f"organisatie/o{i:05d}" for i in range(total - fixed - len(CONCEPTS))]
    for key in consortia:
        node(key, "consortium", f"Consortium {key[-1]}")
    for i, key in enumerate(networks):
        node(key, "netwerk", f"Netwerk Palliatieve Zorg {i:02d}")
        edge(key, consortia[i % len(consortia)], "hoort bij consortium")
        edge(key, rng.choice(national), "lid")
        edge(key, rng.choice(programmes), "werkt in programma")
    for key in national:
        node(key, "landelijk", f"Landelijke organisatie {key[-2:]}")
    for key in programmes:
        node(key, "programma", f"Programma {key[-1]}")
    for key in organisations:
        node(key, "organisatie", f"Organisatie {key[-5:]}")
        for network in rng.sample(networks, 2 if rng.random() < 0.15 else 1):
            edge(key, network, rng.choice(["lid", "stuurgroeplid", "partner", "penvoerder"]))
    for kind, key in CONCEPTS:
        node(key, kind, f"Concept {key}")
    for key in works:
        node(key, rng.choice(["project", "activiteit"]), f"Project {key[-4:]}")
        edge(key, rng.choice(networks), "uitgevoerd door")
        for _, concept in rng.sample(CONCEPTS[:-4], rng.randint(1, 3)):
            edge(key, concept, "adresseert")
    assert graph.number_of_nodes() == total
    return graph




def until_stable(browser, path: Path, repeat: int) -> float:
    """Seconds from navigation until the map is drawn (median of `repeat` loads)."""
    times = []
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.pzMap && window.pzMap.ready", timeout=300_000)
        times.append(page.evaluate("pzMap.readyAt") / 1000)
        page.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nodes", type=int, default=5000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    kg = load(reasoning=False)
    load_seconds = time.perf_counter() - started
    views: list[tuple[str, Callable[[], nx.DiGraph]]] = [("landschap", lambda: maps.landscape(kg))]
    # the networks that published a source document: the ones with a full map
    sources = answer(library(ROOT / "queries")["source-networks"], kg.store, {}, language=None)
    networks = [row[0].removeprefix("netwerk/") for row in sources.rows]
    views += [(f"netwerk {n}", lambda n=n: maps.network(kg, n)) for n in networks]
    views += [("dekking", lambda: maps.coverage(kg))]
    big = synthetic(args.nodes)
    views += [(f"synthetisch ({args.nodes})", lambda: big)]
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, make in views:
            path = OUT / (name.replace(" ", "-").replace("(", "").replace(")", "") + ".html")
            graph = make()
            write = median_seconds(
                lambda make=make, path=path: write_atomic(path, maps.render(make())), args.repeat)
            stable = until_stable(browser, path, args.repeat)
            rows.append((name, graph.number_of_nodes(), graph.number_of_edges(), write,
                         path.stat().st_size / 1e6, stable))
            print(f"{name}: {write:.2f} s to write, {stable:.2f} s until stable", file=sys.stderr)
        browser.close()
    table = ["| map | nodes | edges | write (s) | HTML (MB) | Chromium until stable (s) |",
             "|---|---:|---:|---:|---:|---:|"]
    table += [f"| {n} | {v} | {e} | {w:.2f} | {mb:.1f} | {s:.2f} |" for n, v, e, w, mb, s in rows]
    text = "\n".join([
        "# Maps: time to write, time until stable in Chromium", "",
        f"Machine: {platform.machine()}, {platform.system()}, Python {platform.python_version()}; "
        f"median of {args.repeat}. Loading the curated graph from the cache: {load_seconds:.2f} s "
        "(not included). Write = SPARQL + networkx + layout + HTML + atomic write; stable = "
        "navigation until vis-network's first complete drawing (headless Chromium, physics off, "
        "positions precomputed).", "", *table, ""])
    RESULTS.mkdir(exist_ok=True)
    write_atomic(RESULTS / "maps.md", text)
    print(text)


if __name__ == "__main__":
    main()
