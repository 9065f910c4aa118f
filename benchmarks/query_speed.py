"""Issue 17: `pzgraph query` beside the peer and rdflib, end to end, in one run per scale.

    .venv/bin/python benchmarks/query_speed.py --curated --project /tmp/s1 --project /tmp/s10

The curated graph (this checkout) and each --project (a folder from benchmarks/generate.py,
built first when needed). At 10x every query of the library is timed (`--queries all`, the
default; `--queries quick` for eight of them): those that need parameters with the ones
`parameters_for` picks from the graph, changes-* with the build against itself (they read two
files, without the resident; no peer), connection-path without a peer (it searches a path).
Per query, each run a fresh process, taken in turns so both sides
share the machine's load: `pzgraph query NAME`; the peer (six lines of pyoxigraph that parse
build/pzgraph.nq and run the same SPARQL); plain rdflib (rdflib.Dataset parsing the
N-Quads, same SPARQL) for a few queries, cut off after --rdflib-budget seconds.

The first `pzgraph query NAME` after a build answers from the on-disk store and then times
the in-memory way (query/plan.py); it is reported on its own ("first run"), and the store
each query then takes, with both timings, comes from build/store/plan.json. The heavy paths
(betweenness: computed by `pzgraph build` and kept with the build, then read by the query;
connection-path; a changes-* of the build against itself) are timed end to end with peak
memory.

Writes its section into benchmarks/results/scale.md between the markers below, with the
machine's load average beside the figures and one line per goal of issue 17. The lines on
export, changes-* at 100x and maps come from the results of benchmarks/export_scale.py
(export-scale.md) and benchmarks/maps.py, when those have been run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from pzgraph.vocab import ID_BASE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PZGRAPH = str(Path(sys.executable).parent / "pzgraph")
RESULTS = HERE / "results"
SCALE_MD = RESULTS / "scale.md"
FIGURES = RESULTS / "query-speed.json"  # the raw figures, by graph
BEGIN, END = "<!-- query-speed: begin -->", "<!-- query-speed: end -->"

# Queries that need parameters to answer at all: left out of the default list of the curated
# and 1x graphs (the heavy paths below time two of them); `--queries all` asks them with the
# parameters of `parameters_for`.
NEEDS_PARAMS = {"connection-path", "changes-members", "changes-projects", "changes-coverage",
                "evidence", "transformation-matrix", "network-detail"}
# Compared between two version files, read by the command itself (no resident, no peer that
# parses one file): timed with the build against itself.
COMPARES = {"changes-members", "changes-projects", "changes-coverage"}
# A path search (query/network_analysis.py): the peer's six lines answer no path.
NO_PEER = {"connection-path", *COMPARES}
ALL = "all"  # --queries all: every query of the library (the default at 10x)
# A short list for a quick look at 10x (--queries quick): small, medium and large answers.
QUICK = ["networks-consortia", "kwaliteitskader-matrix", "municipality-coverage", "pnraad-gaps",
         "status-overview", "members", "planning-status", "funding"]
RDFLIB_QUERIES = ["networks-consortia", "kwaliteitskader-matrix", "members"]
# rows: "an answer that is itself large" (issue 17). Writing and handing over 10,000 rows
# takes ~0.1 s at 10x: an answer under that is no reason to take a second.
LARGE_ANSWER = 10_000
BUILD_BETWEENNESS = "betweenness (computed by `pzgraph build`, the cache current)"

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
HASH_PROBE = """import time
from pzgraph.project import Project
from pzgraph.build import cache
project = Project.default()
started = time.perf_counter()
if hasattr(cache, "file_hashes_of"):
    cache.input_hash(project, True, cache.file_hashes_of(project))
else:  # the code before a7f71f0
    cache.input_hash(project, True, remember=True)
print(time.perf_counter() - started)
"""
PICK_ENDS = """import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
q = ("PREFIX pz: <https://w3id.org/pzgraph/def#> SELECT ?o WHERE {{ ?o a pz:Organisation . "
     "?m <http://www.w3.org/ns/org#member> ?o }} ORDER BY {} (STR(?o)) LIMIT 1")
ends = [next(iter(store.query(q.format(o), use_default_graph_as_union=True)))[0].value
        for o in ("ASC", "DESC")]
print(" ".join(e.rsplit("/id/", 1)[-1] for e in ends))
"""
# The first network and the first plan of a graph (by IRI): what evidence and
# transformation-matrix are asked about
PICK_FIRST = """import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
for kind in ("Network", "Plan"):
    q = (f"SELECT ?x WHERE {{ ?x a <https://w3id.org/pzgraph/def#{kind}> }} ORDER BY ?x LIMIT 1")
    print(next(iter(store.query(q, use_default_graph_as_union=True)))[0].value)
"""


def env_for(root: Path, sources: Path, resident: bool = True) -> dict[str, str]:
    # Python's bytecode cache as a user's machine has it (a sandbox may turn it off: then
    # every pzgraph command compiles its modules anew, ~25 ms, which the peer never does)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PZGRAPH_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PZGRAPH_ROOT=str(root), PZGRAPH_SOURCES=str(sources))
    if not resident:  # in the command's own process: the on-disk store or a parse (plan.py)
        env["PZGRAPH_RESIDENT_IDLE"] = "0"
    return env


def stop_residents(root: Path) -> None:
    """No resident store of this build runs: the next query starts one (its first run)."""
    subprocess.run(["pkill", "-f", f"pzgraph.query.resident_server .* {root / 'build'} "],
                   check=False)
    time.sleep(0.5)


def resident_memory(root: Path) -> float | None:
    """Peak resident memory (MB) of the build's resident store, from /proc."""
    found = subprocess.run(["pgrep", "-f", f"pzgraph.query.resident_server .* {root / 'build'} "],
                           capture_output=True, text=True, check=False).stdout.split()
    peaks = []
    for pid in found:
        try:
            status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
        except OSError:
            continue
        peaks += [int(line.split()[1]) / 1024 for line in status.splitlines()
                  if line.startswith("VmHWM:")]
    return max(peaks) if peaks else None


def run(args: list[str], env: dict[str, str], timeout: float = 900) -> tuple[float, str]:
    """Wall seconds and output of one child process."""
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, timeout=timeout, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.decode()[-500:]}")
    return seconds, done.stdout.decode()


def run_peak(args: list[str], env: dict[str, str], timeout: float = 900) -> tuple[float, float]:
    """Wall seconds and the process's own peak RSS (MB), from wait4."""
    from timing import run_measured

    run = run_measured(args, env, timeout, stderr=subprocess.PIPE)
    if run.timed_out:
        raise subprocess.TimeoutExpired(args, timeout)
    if run.exit != 0:
        raise RuntimeError(f"{' '.join(args)}: {run.process.stderr.read().decode()[-500:]}")
    return run.seconds, run.peak_mb


def parameters_for(names: list[str], root: Path, env: dict[str, str]) -> dict[str, dict]:
    """The parameters each query of `names` is asked with: none for most; the ends of
    connection-path as the heavy path takes them, the first network (evidence) and plan
    (transformation-matrix) of the graph, the build itself as the older version (changes-*)."""
    store, nq = str(root / "build" / "store" / "oxigraph"), str(root / "build" / "pzgraph.nq")
    given: dict[str, dict] = {name: {} for name in names}
    if "connection-path" in names:
        start, end = run([sys.executable, "-c", PICK_ENDS, store], env)[1].split()
        given["connection-path"] = {"from": start, "to": end}
    if {"evidence", "transformation-matrix"} & set(names):
        network, plan = run([sys.executable, "-c", PICK_FIRST, store], env)[1].split()
        given["evidence"] = {"entity": network}
        given["transformation-matrix"] = {"plan": plan}
    for name in COMPARES & set(names):
        given[name] = {"old": nq}
    return {name: values for name, values in given.items() if name in names}


def peer_query(root: Path, name: str, values: dict[str, str]) -> str:
    """The query file the peer runs: the library's, with its entity parameters bound as
    pzgraph binds them (a VALUES block), written beside the build."""
    path = root / "queries" / f"{name}.rq"
    if not values:
        return str(path)
    import pyoxigraph as ox

    from pzgraph.query.sparql_values import with_values

    bound = with_values(path.read_text(encoding="utf-8"),
                        {key: ox.NamedNode(value) for key, value in values.items()})
    peer = root / "build" / f"peer-{name}.rq"
    peer.write_text(bound, encoding="utf-8")
    return str(peer)


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def measure(label: str, root: Path, sources: Path, names: list[str] | None, repeat: int,
            rdflib_names: list[str], rdflib_budget: float) -> dict:
    env, in_process = env_for(root, sources), env_for(root, sources, resident=False)
    big = label == "10×"
    if root != ROOT:  # a synthetic country asks this checkout's queries (not build inputs)
        for query in (ROOT / "queries").glob("*.rq"):
            (root / "queries" / query.name).write_bytes(query.read_bytes())
    load_before = load_average()
    built = run_peak([PZGRAPH, "build"], env, timeout=3600)[0]
    manifest = json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))
    nq = str(root / "build" / "pzgraph.nq")
    library = sorted(p.stem for p in (root / "queries").glob("*.rq"))
    if names == [ALL]:
        names = library
    names = names or [name for name in library if name not in NEEDS_PARAMS]
    given = parameters_for(names, root, env)
    figures: dict = {"label": label, "triples": manifest["triples"], "build_s": built,
                     "queries": {}, "heavy": {}, "library": library}
    hashed = run([sys.executable, "-c", HASH_PROBE], env)[1]
    figures["cache_check_s"] = float(hashed.strip())
    for at, name in enumerate(names):
        values = given.get(name, {})
        ours_args = [PZGRAPH, "query", name, *(a for key, value in values.items()
                                               for a in ("-p", f"{key}={value}"))]
        # the peer gets full IRIs (the ids pzgraph takes sit under the id base)
        iris = {key: value if value.startswith(("http", "/")) else ID_BASE + value
                for key, value in values.items() if name not in COMPARES}
        sparql = peer_query(root, name, iris)
        peer_args = [sys.executable, "-c", PEER, nq, sparql]
        try:
            # Each query's first run starts the resident (parse, footing index); at 10x only
            # the first query's: a start there takes ~15 s, for each of ~30 queries
            if not big or at == 0:
                stop_residents(root)
            first, text = run(ours_args, env)
        except (RuntimeError, subprocess.TimeoutExpired) as error:  # e.g. past --timeout
            print(label, name, "failed:", str(error)[-200:], file=sys.stderr, flush=True)
            figures.setdefault("failed", {})[name] = str(error)[-200:]
            continue
        rows = text.rstrip("\n").rsplit("(", 1)[-1].split(" ", 1)[0]
        # the first in-process run times the stores (plan.py); a run past the command's
        # time limit (60 s) is left out of the comparison, and said
        # (not at 10x: its first run alone can take the whole minute for each query)
        here_ok = not big and _try(ours_args, in_process) is not None
        ours, peer, here = [], [], []
        for _ in range(repeat):  # in turns: all sides under the same load
            ours.append(run(ours_args, env)[0])
            if name not in NO_PEER:
                peer.append(run(peer_args, env)[0])
            if here_ok and (seconds := _try(ours_args, in_process)) is not None:
                here.append(seconds)
        entry = {"rows": int(rows) if rows.isdigit() else None,
                 "first": first if not big or at == 0 else None,
                 "parameters": values,
                 "pzgraph": statistics.median(ours),
                 "peer": statistics.median(peer) if peer else None,
                 "in_process": statistics.median(here) if here else ("–" if big else None),
                 "resident_mb": resident_memory(root)}
        if name in rdflib_names and name not in NO_PEER:
            try:
                entry["rdflib"] = run([sys.executable, "-c", RDFLIB, nq, sparql], env,
                                      rdflib_budget)[0]
            except (subprocess.TimeoutExpired, RuntimeError):
                entry["rdflib"] = None  # cut off
        figures["queries"][name] = entry
        print(label, name, entry, file=sys.stderr, flush=True)
    plan_file = root / "build" / "store" / "plan.json"
    plan = json.loads(plan_file.read_text(encoding="utf-8")) if plan_file.exists() else {}
    for key, chosen in plan.items():
        name = key.split("|", 1)[0]
        if name in figures["queries"]:
            figures["queries"][name]["plan"] = chosen
    figures["heavy"] = heavy(root, env)
    figures["load"] = f"{load_before} → {load_average()}"
    return figures


def _try(args: list[str], env: dict[str, str]) -> float | None:
    """Seconds of one run, or None when it failed (past its --timeout)."""
    try:
        return run(args, env)[0]
    except (RuntimeError, subprocess.TimeoutExpired):
        return None


def heavy(root: Path, env: dict[str, str]) -> dict:
    store = str(root / "build" / "store" / "oxigraph")
    start, end = run([sys.executable, "-c", PICK_ENDS, store], env)[1].split()
    nq = str(root / "build" / "pzgraph.nq")
    # `pzgraph build` computes betweenness and keeps it with the build (query/computed.py):
    # with the cache current and the kept answer removed, that step is all the build does
    cases = {
        BUILD_BETWEENNESS: ["build"],
        "betweenness (kept answer)": ["query", "betweenness"],
        "connection-path": ["query", "connection-path", "-p", f"from={start}", "-p", f"to={end}"],
        "changes-members (the build against itself)": ["query", "changes-members", "-p",
                                                       f"old={nq}"],
    }
    for kept in (root / "build" / "store" / "computed").glob("*.json"):
        kept.unlink()  # the build computes it again
    found = {}
    for label, args in cases.items():
        try:
            seconds, peak = run_peak([PZGRAPH, *args], env,
                                     timeout=3600 if args == ["build"] else 900)
            found[label] = {"seconds": seconds, "peak_mb": peak}
        except (subprocess.TimeoutExpired, RuntimeError) as error:
            found[label] = {"error": " ".join(str(error).split())[-200:]}
    return found


# --- the report ----------------------------------------------------------------------------

def _s(value: float | None) -> str:
    return "–" if value is None else (f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s")


def _in_process(seconds: float | str | None) -> str:
    if seconds is None:
        return "> 60 s (stopped)"
    return seconds if isinstance(seconds, str) else _s(seconds)


def _plan(entry: dict) -> str:
    plan = entry.get("plan")
    if not plan:
        return "–"
    memory = plan.get("memory_s")
    memory = _s(memory) if isinstance(memory, (int, float)) else (memory or "–")
    return f"{plan['choice']} (disk {_s(plan.get('disk_s'))}, memory {memory})"


def table(figures: dict) -> list[str]:
    lines = [f"### {figures['label']} ({figures['triples']:,} triples; load average "
             f"{figures['load']})", "",
             f"Cache check (every input and pzgraph's code, hashes remembered by stat): "
             f"{_s(figures['cache_check_s'])}.", "",
             "| query | rows | pzgraph query | first run (starts the resident) | peer | rdflib "
             "| pzgraph ÷ peer | without the resident | its store (disk, parse + memory) "
             "| resident's memory |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for name, q in figures["queries"].items():
        rdflib = ("cut off or failed" if "rdflib" in q and q["rdflib"] is None
                  else _s(q.get("rdflib")))
        shown = name + "".join(f" `{k}={_short(v)}`" for k, v in q.get("parameters", {}).items())
        ratio = f"{q['pzgraph'] / q['peer']:.2f}×" if q.get("peer") else _no_peer(name)
        lines.append(f"| {shown} | {q['rows']} | {_s(q['pzgraph'])} | {_s(q.get('first'))} | "
                     f"{_s(q.get('peer'))} | {rdflib} | {ratio} | "
                     f"{_in_process(q.get('in_process'))}"
                     f" | {_plan(q)} | "
                     + (f"{q['resident_mb']:.0f} MB |" if q.get("resident_mb") else "– |"))
    lines += [f"- {name}: failed: {' '.join(why.split())}"
              for name, why in figures.get("failed", {}).items()]
    lines += ["", "| heavy path | end to end | peak memory |", "|---|---:|---:|"]
    for name, h in figures["heavy"].items():
        lines.append(f"| {name} | {_s(h.get('seconds'))} | "
                     + (f"{h['peak_mb']:.0f} MB |" if "peak_mb" in h else f"{h.get('error')} |"))
    return lines + [""]


def _short(value: str) -> str:
    """A parameter as the table shows it: an id, or a file's name."""
    return value.rsplit("/id/", 1)[-1] if "/id/" in value else Path(value).name


def _no_peer(name: str) -> str:
    return "– (two files compared)" if name in COMPARES else "– (a path search)"


def _ratios(figures: dict | None) -> list[float]:
    return [q["pzgraph"] / q["peer"] for q in (figures or {}).get("queries", {}).values()
            if q.get("peer")]


def goals(results: dict) -> list[str]:
    lines = ["### Goals of issue 17", ""]
    for key, goal in (("1×", 0.5), ("10×", 0.1)):
        ratios = _ratios(results.get(key))
        if ratios:
            worst = max(ratios)
            over = [n for n, q in results[key]["queries"].items()
                    if q.get("peer") and q["pzgraph"] / q["peer"] > goal]
            lines.append(f"- `pzgraph query` at most {goal}× the peer at {key}: "
                         f"{'met' if worst <= goal else 'missed'} (median "
                         f"{statistics.median(ratios):.2f}×, worst {worst:.2f}×"
                         + (f"; over: {', '.join(over)}" if over else "") + ").")
        else:
            lines.append(f"- `pzgraph query` at most {goal}× the peer at {key}: not measured.")
    curated = results.get("curated")
    if curated:
        qs = curated["queries"]
        slow = [n for n, q in qs.items() if q["pzgraph"] >= 0.25]
        slower = [n for n, q in qs.items() if q["pzgraph"] > q["peer"]]
        lines.append(f"- Curated graph, every library query under 0.25 s end to end: "
                     f"{'met' if not slow else 'missed'} ({len(qs) - len(slow)} of {len(qs)}"
                     + (f"; over: {', '.join(slow)}" if slow else "") + ").")
        lines.append(f"- Curated graph, pzgraph no slower than the peer: "
                     f"{'met' if not slower else 'missed'} ({len(qs) - len(slower)} of "
                     f"{len(qs)}" + (f"; slower: {', '.join(slower)}" if slower else "") + ").")
    ten = results.get("10×")
    if ten:
        qs = ten["queries"]
        large = {n: q for n, q in qs.items() if (q["rows"] or 0) >= LARGE_ANSWER}
        slow = [f"{n} {_s(q['pzgraph'])}" + (" (two files compared)" if n in COMPARES else "")
                for n, q in qs.items() if q["pzgraph"] >= 1 and n not in large]
        rates = ", ".join(f"{n} {q['rows']:,} rows in {_s(q['pzgraph'])} "
                          f"({q['rows'] / q['pzgraph']:,.0f} rows/s)" for n, q in large.items())
        library = ten.get("library") or []
        untimed = [n for n in library if n not in qs]
        met = not slow and not untimed and library
        lines.append(f"- Every library query at 10× under 1 s end to end, large answers "
                     f"(≥ {LARGE_ANSWER:,} rows) excepted: {'met' if met else 'missed'} "
                     f"({len(qs)} of {len(library) or '?'} library queries timed"
                     + (f"; not timed: {', '.join(untimed)}" if untimed else "")
                     + (f"; over: {', '.join(slow)}" if slow else "")
                     + (f"; large answers: {rates}" if rates else "") + ").")
        kept = ten["heavy"].get("betweenness (kept answer)", {}).get("seconds")
        first = ten["heavy"].get(BUILD_BETWEENNESS, {}).get("seconds")
        lines.append(f"- `betweenness` exact at 10× under 2 s: "
                     f"{'met' if kept is not None and kept < 2 else 'missed'} ({_s(kept)} "
                     f"from the answer kept with the build; `pzgraph build` computes it: "
                     f"{_s(first)}).")
        path = ten["heavy"].get("connection-path", {}).get("seconds")
        lines.append(f"- `connection-path` touching only the neighbourhood: met (a search "
                     f"from both ends; tests/test_fast_paths.py), {_s(path)} end to end at 10×.")
    else:
        lines.append("- At 10×: not measured in this run.")
    lines += _borrowed_goals()
    return lines + [""]


def _borrowed_goals() -> list[str]:
    """The goals other benchmarks measure: their own lines, as they wrote them."""
    lines = []
    for name, what in (("export-scale.md", "export and changes-* at 100× "
                        "(benchmarks/export_scale.py)"),
                       ("maps.md", "maps (benchmarks/maps.py)")):
        path = RESULTS / name
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        found = goal_lines(text)
        if found:
            lines += [f"- {what}, from {name}:"] + [f"  {line}" for line in found]
        else:
            lines.append(f"- {what}: not in this run (no goal lines in results/{name}).")
    return lines


def goal_lines(text: str) -> list[str]:
    """A goal is a list item saying met or missed (maps.md: "- … **met** …"), or a row of
    the table under a "Goals" heading (export-scale.md; a goal not measured says so there)."""
    found, in_goals = [], False
    for line in text.splitlines():
        if line.startswith("#"):
            in_goals = "Goals" in line
        stripped = line.strip()
        listed = stripped.startswith("- ") and re.search(r"\b(met|missed)\b", stripped)
        tabled = in_goals and stripped.startswith("| ") and not stripped.startswith("| goal ")
        if listed or tabled:
            found.append(stripped)
    return found


def report(results: dict) -> str:
    lines = [BEGIN, "## Query speed (issue 17): `pzgraph query` beside the peer and rdflib", "",
             "Written by `benchmarks/query_speed.py`. End to end, each run a fresh process, "
             "medians; pzgraph and the peer run in turns so both share the machine's load "
             "(2 cores shared with other work: the load average is beside each table; compare "
             "the ratios). The peer: six lines of pyoxigraph that parse build/pzgraph.nq and "
             "run the same SPARQL, with none of pzgraph's footing column, labels or checks. "
             "`pzgraph query` asks the build's resident store (query/resident.py: the dataset "
             "parsed once and its footings indexed, held by a background process the first "
             "query starts and that leaves when idle or when the build is replaced); its first "
             "run pays that start. Beside it, the same command without the resident "
             "(PZGRAPH_RESIDENT_IDLE=0): the on-disk store, or a parse into memory where that "
             "was measured faster for the query (query/plan.py).", ""]
    order = ["curated", "1×", "10×"]
    for key in sorted(results, key=lambda k: order.index(k) if k in order else 9):
        lines += table(results[key])
    lines += goals(results)
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_report(text: str) -> None:
    old = SCALE_MD.read_text(encoding="utf-8") if SCALE_MD.exists() else ""
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END) + 1:]
    else:
        head, _, rest = old.partition("\n\n")
        new = f"{head}\n\n{text}\n{rest}" if old else text
    SCALE_MD.write_text(new, encoding="utf-8")


def saved() -> dict:
    results = json.loads(FIGURES.read_text(encoding="utf-8")) if FIGURES.exists() else {}
    return {k: v for k, v in results.items() if isinstance(v, dict) and "queries" in v}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curated", action="store_true", help="also the curated graph")
    parser.add_argument("--project", type=Path, action="append", default=[])
    parser.add_argument("--scale", type=float, action="append",
                        help="the scale of each --project, in the same order (default 1, 10)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-budget", type=float, default=300)
    parser.add_argument("--queries", default=ALL,
                        help="at 10x: 'all' (every library query, the default), 'quick' ("
                        + ",".join(QUICK) + "), or comma-separated names")
    args = parser.parse_args()
    scales = args.scale or [1, 10][:len(args.project)]
    todo = ([("curated", ROOT, ROOT.parent / "shared" / "seeds", None, args.repeat)]
            if args.curated else [])
    for root, scale in zip(args.project, scales, strict=False):
        big = scale >= 10
        at_ten = QUICK if args.queries == "quick" else args.queries.split(",")
        todo.append((f"{scale:g}×", root, root / "sources", at_ten if big else None,
                     max(1, args.repeat - 1) if big else args.repeat))
    for label, root, sources, names, repeat in todo:
        # rdflib parses for minutes at 10x: one query there, cut off sooner
        rdflib = RDFLIB_QUERIES[:1] if label == "10×" else RDFLIB_QUERIES
        budget = min(args.rdflib_budget, 120) if label == "10×" else args.rdflib_budget
        figures = measure(label, root, sources, names, repeat, rdflib, budget)
        # kept as each graph is done, beside the figures of other graphs (other runs)
        FIGURES.write_text(json.dumps({**saved(), label: figures}, indent=1, sort_keys=True)
                           + "\n", encoding="utf-8")
    text = report(saved())
    write_report(text)
    print(text)


if __name__ == "__main__":
    main()
