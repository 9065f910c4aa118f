"""Which embedded SPARQL engine: rdflib, oxrdflib (rdflib API over Oxigraph) or pyoxigraph?

Loads the built dataset into each engine and runs every library query (default
parameters) several times; writes the medians to benchmarks/results/engines.md.

    .venv/bin/python benchmarks/engines.py [--repeat 5] [--dataset build/pzgraph.nq]
"""

from __future__ import annotations

import argparse
import platform
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import rdflib
from timing import median_seconds  # benchmarks/timing.py

from pzgraph.project import Project
from pzgraph.query.library import library
from pzgraph.query.sparql_values import with_values
from pzgraph.query.store import load

RESULTS = Path(__file__).parent / "results"




def machine() -> str:
    return f"{platform.processor() or platform.machine()}, {platform.system()} " \
           f"{platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dataset", type=Path, help="N-Quads file (default: the current build)")
    args = parser.parse_args()
    project = Project.default()
    dataset = args.dataset or load(project).path
    queries = library(project.queries_dir)

    engines: dict[str, Callable[[], object]] = {}

    def load_rdflib() -> rdflib.Dataset:
        graph = rdflib.Dataset(default_union=True)
        graph.parse(dataset, format="nquads")
        return graph

    def load_oxrdflib() -> rdflib.Dataset:
        graph = rdflib.Dataset(store="Oxigraph", default_union=True)
        graph.parse(dataset, format="nquads")
        return graph

    def load_pyoxigraph() -> ox.Store:
        store = ox.Store()
        store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
        return store

    engines = {"rdflib": load_rdflib, "oxrdflib": load_oxrdflib, "pyoxigraph": load_pyoxigraph}
    loaded = {name: loader() for name, loader in engines.items()}
    load_times = {name: median_seconds(loader, max(1, args.repeat // 2))
                  for name, loader in engines.items()}

    rows = []
    for name, query in queries.items():
        if query.compare or any(p.default is None and p.type == "file" for p in query.parameters):
            continue
        sparql = with_values(query.sparql, {})
        cells = {}
        for engine, store in loaded.items():
            if engine == "pyoxigraph":
                def run(store=store, sparql=sparql):
                    return list(store.query(sparql, use_default_graph_as_union=True))
            else:
                def run(store=store, sparql=sparql):
                    return list(store.query(sparql))
            try:
                cells[engine] = median_seconds(run, args.repeat)
            except Exception as error:  # an engine that cannot run a query is a finding too
                cells[engine] = float("nan")
                print(f"{engine} failed on {name}: {error}")
        rows.append((name, cells))
        print(name, {k: f"{v * 1000:.1f} ms" for k, v in cells.items()})

    lines = [
        "# Embedded engines on the curated graph",
        "",
        f"Machine: {machine()}. Dataset: {dataset.name}, {len(loaded['pyoxigraph'])} quads. "
        f"Median of {args.repeat} runs.",
        "",
        "| | rdflib | oxrdflib | pyoxigraph | rdflib ÷ pyoxigraph |",
        "|---|---:|---:|---:|---:|",
        f"| load | {load_times['rdflib'] * 1000:.0f} ms | {load_times['oxrdflib'] * 1000:.0f} ms | "
        f"{load_times['pyoxigraph'] * 1000:.0f} ms | "
        f"{load_times['rdflib'] / load_times['pyoxigraph']:.0f}× |",
    ]
    for name, cells in rows:
        ratio = cells["rdflib"] / cells["pyoxigraph"] if cells["pyoxigraph"] else float("nan")
        lines.append(f"| {name} | {cells['rdflib'] * 1000:.1f} ms "
                     f"| {cells['oxrdflib'] * 1000:.1f} ms"
                     f" | {cells['pyoxigraph'] * 1000:.1f} ms | {ratio:.0f}× |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "engines.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
