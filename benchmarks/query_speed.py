"""Issue 17: how fast `pzgraph query` answers beside the peer, at 1x and 10x, in one run.

    .venv/bin/python benchmarks/query_speed.py --project /tmp/s1 --project /tmp/s10 [--repeat 3]

Each --project is a folder from benchmarks/generate.py (built first when needed). For each:

- in-process, per query: `answer()` on the in-memory store (the N-Quads parsed) and on the
  build's on-disk store opened read-only, so the per-query cost of each form is visible;
- end to end, per query, each in a fresh process: `pzgraph query NAME`; the peer (six lines of
  pyoxigraph that parse build/pzgraph.nq and run the same SPARQL); and plain rdflib
  (rdflib.Dataset parsing the N-Quads, same SPARQL) for a few queries at the smallest scale;
- the heavy paths: betweenness, connection-path, changes-* (end to end, with peak memory).

Writes its tables into benchmarks/results/scale.md between the markers below (the rest of
that file, from benchmarks/run.py, is kept), with the machine's load beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# pzgraph as installed (or as PYTHONPATH names it: a frozen copy keeps the cache key fixed)
PZGRAPH = str(Path(sys.executable).parent / "pzgraph")
RESULTS = HERE / "results" / "scale.md"
FIGURES = HERE / "results" / "query-speed.json"  # the raw figures, by scale
BEGIN, END = "<!-- query-speed: begin -->", "<!-- query-speed: end -->"

# Queries that need parameters to answer at all: timed with the heavy paths below.
NEEDS_PARAMS = {"connection-path", "changes-members", "changes-projects", "changes-coverage",
                "evidence", "transformation-matrix", "network-detail"}
# At 10x the peer parses for seconds per run: a subset of small, medium and large answers.
AT_TEN = ["networks-consortia", "kwaliteitskader-matrix", "municipality-coverage", "pnraad-gaps",
          "status-overview", "members", "planning-status", "sector-representation"]
RDFLIB_QUERIES = ["networks-consortia", "kwaliteitskader-matrix", "members"]
GOALS = {1: 0.5, 10: 0.1}

PEER = """import sys, pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
rows = store.query(open(sys.argv[2]).read(), use_default_graph_as_union=True)
for row in rows: print(*[t.value if t is not None else "" for t in row], sep="\\t")
"""
RDFLIB = """import sys, rdflib
data = rdflib.Dataset(default_union=True)
data.parse(sys.argv[1], format="nquads")
for row in data.query(open(sys.argv[2]).read()): print(*row, sep="\\t")
"""


def env_for(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PZGRAPH_")}
    env.update(PZGRAPH_ROOT=str(root), PZGRAPH_SOURCES=str(root / "sources"))
    return env


def run(args: list[str], env: dict[str, str], timeout: float = 600) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, timeout=timeout, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.decode()[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def median_run(args: list[str], env: dict[str, str], repeat: int) -> float:
    return statistics.median(run(args, env)[0] for _ in range(repeat))


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def in_process(root: Path, names: list[str], repeat: int) -> dict[str, dict]:
    """Per query: answer() on the in-memory store and on the on-disk store."""
    os.environ.update(env_for(root))
    from pzgraph.project import Project
    from pzgraph.query.library import library
    from pzgraph.query.run import answer
    from pzgraph.query.store import load

    project = Project.default()
    queries = library(project.queries_dir)
    started = time.perf_counter()
    memory = load(project, reasoning=True)
    memory_load = time.perf_counter() - started
    started = time.perf_counter()
    disk = load(project, reasoning=True, on_disk=True)
    disk_open = time.perf_counter() - started
    figures: dict[str, dict] = {"_load": {"memory": memory_load, "disk": disk_open}}
    for name in names:
        row = {}
        for form, graph in (("memory", memory), ("disk", disk)):
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                result = answer(queries[name], graph.store, {})
                times.append(time.perf_counter() - t)
            row[form], row["rows"] = statistics.median(times), len(result.rows)
        figures[name] = row
    return figures


def end_to_end(root: Path, names: list[str], repeat: int, rdflib: bool) -> dict[str, dict]:
    env = env_for(root)
    nq = str(root / "build" / "pzgraph.nq")
    figures: dict[str, dict] = {}
    for name in names:
        sparql = str(root / "queries" / f"{name}.rq")
        row = {"pzgraph": median_run([PZGRAPH, "query", name], env, repeat),
               "peer": median_run([sys.executable, "-c", PEER, nq, sparql], env, repeat)}
        if rdflib and name in RDFLIB_QUERIES:
            try:
                row["rdflib"] = run([sys.executable, "-c", RDFLIB, nq, sparql], env, 300)[0]
            except (subprocess.TimeoutExpired, RuntimeError):  # cut off, or rdflib failed
                row["rdflib"] = None
        figures[name] = row
    return figures


def heavy(root: Path, params: dict[str, dict[str, str]]) -> dict[str, dict]:
    env = env_for(root)
    figures = {}
    for name, values in params.items():
        args = [PZGRAPH, "query", name]
        for key, value in values.items():
            args += ["-p", f"{key}={value}"]
        seconds, peak = run(args, env)
        figures[name] = {"seconds": seconds, "peak_mb": peak}
    return figures


def report(results: dict[str, dict]) -> str:
    lines = [BEGIN, "## Query speed (issue 17): `pzgraph query` beside the peer, one run", "",
             "Written by `benchmarks/query_speed.py`. The peer: six lines of pyoxigraph that parse "
             "build/pzgraph.nq and run the same SPARQL. pzgraph opens the build's on-disk store "
             "read-only (build/store, Oxigraph/RocksDB) instead of parsing. End-to-end figures are "
             "medians of fresh processes; the machine (2 cores) was shared with other work, load "
             "average noted per scale: compare the ratios, measured side by side.", ""]
    for label, scale in sorted(results.items(), key=lambda item: item[1]["scale"]):
        e2e, inproc = scale["end_to_end"], scale["in_process"]
        lines += [f"### {label} ({scale['triples']:,} triples; load average {scale['load']})", "",
                  f"In-process: parsing the N-Quads into memory {inproc['_load']['memory']:.2f} s; "
                  f"opening the on-disk store {inproc['_load']['disk']:.3f} s.", "",
                  "| query | rows | answer(), in memory | answer(), on disk | disk ÷ memory "
                  "| pzgraph query | peer | rdflib | pzgraph ÷ peer |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for name, row in inproc.items():
            if name == "_load":
                continue
            end = e2e.get(name, {})
            peer, ours = end.get("peer"), end.get("pzgraph")
            rd = end.get("rdflib")
            lines.append(
                f"| {name} | {row['rows']} | {row['memory'] * 1000:.0f} ms | "
                f"{row['disk'] * 1000:.0f} ms | {row['disk'] / max(row['memory'], 1e-4):.1f}× | "
                + (f"{ours:.2f} s | {peer:.2f} s | " if ours else "– | – | ")
                + (f"{rd:.1f} s | " if rd else ("cut off | " if "rdflib" in end else "– | "))
                + (f"{ours / peer:.2f}× |" if ours else "– |"))
        ratios = [r["pzgraph"] / r["peer"] for r in e2e.values()]
        goal = GOALS.get(scale["scale"])
        if goal and ratios:
            worst = max(ratios)
            lines += ["", f"Goal: end to end at most {goal}× the peer at {label}: "
                      f"{'met' if worst <= goal else 'missed'} (median ratio "
                      f"{statistics.median(ratios):.2f}×, worst {worst:.2f}×)."]
        if scale.get("heavy"):
            lines += ["", "| heavy path | end to end | peak memory |", "|---|---:|---:|"]
            lines += [f"| {name} | {h['seconds']:.2f} s | {h['peak_mb']:.0f} MB |"
                      for name, h in scale["heavy"].items()]
        lines.append("")
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_report(text: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END) + 1:]
    else:
        head, _, rest = old.partition("\n\n")
        new = f"{head}\n\n{text}\n{rest}" if old else text
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, action="append", required=True)
    parser.add_argument("--scale", type=float, action="append",
                        help="the scale of each --project (for the goals), in the same order")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", help="comma-separated: only these (default: the library, "
                        "a subset at 10x)")
    parser.add_argument("--heavy", type=Path, help="JSON: {scale: {query: {param: value}}}")
    args = parser.parse_args()
    heavy_params = json.loads(args.heavy.read_text()) if args.heavy else {}
    results: dict[str, dict] = {}
    for index, root in enumerate(args.project):
        scale = (args.scale or [])[index] if args.scale and index < len(args.scale) else 1
        env = env_for(root)
        subprocess.run([PZGRAPH, "build"], env=env, check=True, capture_output=True)
        manifest = json.loads((root / "build" / "manifest.json").read_text())
        names = sorted(p.stem for p in (root / "queries").glob("*.rq")
                       if p.stem not in NEEDS_PARAMS)
        if args.queries:
            names = [n for n in args.queries.split(",") if n in names]
        elif scale >= 10:  # the machine's time: a subset of small, medium and large answers
            names = [n for n in AT_TEN if n in names]
        load = load_average()
        worker = subprocess.run(
            [sys.executable, __file__, "--worker", str(root), str(args.repeat), *names],
            env=env, check=True, capture_output=True, text=True)
        results[f"{scale:g}×"] = {
            "scale": scale, "triples": manifest["triples"], "load": load,
            "in_process": json.loads(worker.stdout),
            "end_to_end": end_to_end(root, names, args.repeat, rdflib=scale < 10),
            "heavy": heavy(root, heavy_params.get(f"{scale:g}", {})),
        }
        results[f"{scale:g}×"]["load"] += f" → {load_average()}"
    # figures of other runs at other scales are kept: each scale may be run on its own
    results = {**(json.loads(FIGURES.read_text()) if FIGURES.exists() else {}), **results}
    FIGURES.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    text = report(results)
    write_report(text)
    print(text)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        root, repeat, *names = sys.argv[2:]
        print(json.dumps(in_process(Path(root), names, int(repeat))))
    else:
        main()
