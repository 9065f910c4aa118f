"""Issue 17: the heavy paths, each beside the plain path it replaced, in one run.

    .venv/bin/python benchmarks/heavy_paths.py --project /tmp/s1 --scale 1

Per project (built by benchmarks/generate.py and `pzgraph build`), on the in-memory store:
- betweenness: exact Brandes in rustworkx beside exact networkx (networkx only where it ends
  within --networkx-budget nodes), on the same edge rows;
- connection-path: the search from both ends beside every edge plus networkx;
- changes-members: the streamed difference beside both versions loaded whole, the build
  compared with itself (the difference empty: the cost of reading; wall time and
  the growth of this process's peak memory).
Writes a section into benchmarks/results/scale.md between its markers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "scale.md"
FIGURES = HERE / "results" / "heavy-paths.json"
BEGIN, END = "<!-- heavy-paths: begin -->", "<!-- heavy-paths: end -->"


def timed(action):  # noqa: ANN001, ANN201
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(root: Path, networkx_budget: int) -> dict:
    import networkx as nx
    import pyoxigraph as ox

    from pzgraph.query import run
    from pzgraph.query.library import library
    from pzgraph.query.network_analysis import betweenness, edges_to_graph, path, path_by_search
    from pzgraph.query.results import run_select

    # the build's N-Quads straight into memory: no cache key, so any build of any code will do
    queries = library(root / "queries")
    store = ox.Store()
    store.load(path=str(root / "build" / "pzgraph.nq"), format=ox.RdfFormat.N_QUADS, lenient=True)
    figures: dict = {"load_average": " ".join(f"{x:.1f}" for x in os.getloadavg())}
    edges = run_select(store, queries["betweenness"].sparql, {})
    nodes = len(edges_to_graph(edges))
    fetch, _ = timed(lambda: run_select(store, queries["betweenness"].sparql, {}))
    fast, _ = timed(lambda: betweenness(edges))
    figures["betweenness"] = {"nodes": nodes, "edge query": fetch, "rustworkx": fast}
    if nodes <= networkx_budget:
        plain, _ = timed(lambda: nx.betweenness_centrality(edges_to_graph(edges), normalized=True))
        figures["betweenness"]["networkx exact"] = plain
    sparql = queries["connection-path"].sparql
    ends = sorted(n for n in edges_to_graph(edges) if "/organisatie/" in n.value)
    start, end = ox.NamedNode(ends[0].value), ox.NamedNode(ends[-1].value)

    def plain_path():  # noqa: ANN202
        return path(run_select(store, sparql, {}), start, end)

    plain, expected = timed(plain_path)
    searched, found = timed(lambda: path_by_search(store, sparql, start, end))
    assert len(found.rows) == len(expected.rows)
    figures["connection-path"] = {"every edge + networkx": plain, "search from both ends": searched,
                                  "steps": len(found.rows) - 1}
    nq = root / "build" / "pzgraph.nq"
    query = queries["changes-members"]
    before = peak_mb()
    streamed, _ = timed(lambda: run.load_versions(query, {"old": str(nq), "new": str(nq)}, None))
    streamed_peak = peak_mb() - before

    def whole():  # noqa: ANN202
        both = ox.Store()
        for graph_name in (run.OLD, run.NEW):
            run.load_version(both, nq, graph_name, query.parameter("old"))
        return both

    before = peak_mb()
    loaded, _ = timed(whole)
    figures["changes (reading the two versions)"] = {
        "streamed difference": streamed, "both loaded whole": loaded,
        "streamed peak growth MB": streamed_peak, "whole peak growth MB": peak_mb() - before}
    return figures


def report(results: dict) -> str:
    lines = [BEGIN, "## Heavy paths (issue 17), each beside the path it replaced", "",
             "Written by `benchmarks/heavy_paths.py`, in-process on the in-memory store, one run "
             "per figure; the machine (2 cores) was shared (load average per scale). Peak-memory "
             "growth is of one process, so the second figure is only a lower bound when the "
             "first already raised the peak.", ""]
    for label, figures in sorted(results.items(), key=lambda item: float(item[0])):
        lines += [f"### {label}× (load average {figures['load_average']})", "",
                  "| path | figure | value |", "|---|---|---:|"]
        for name, values in figures.items():
            if name == "load_average":
                continue
            for key, value in values.items():
                shown = f"{value:.3f} s" if isinstance(value, float) and "MB" not in key else (
                    f"{value:,.0f} MB" if "MB" in key else f"{value:,}")
                lines.append(f"| {name} | {key} | {shown} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--networkx-budget", type=int, default=12_000,
                        help="largest node count networkx's exact betweenness is run on")
    args = parser.parse_args()
    figures = measure(args.project, args.networkx_budget)
    results = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    results[f"{args.scale:g}"] = figures
    FIGURES.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    text = report(results)
    old = RESULTS.read_text(encoding="utf-8")
    if BEGIN in old and END in old:
        old = old[:old.index(BEGIN)] + old[old.index(END) + len(END) + 1:]
    head, _, rest = old.partition("\n\n")
    RESULTS.write_text(f"{head}\n\n{text}\n{rest}", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
