"""Benchmarks at national scale and beyond: build, queries, maps, export on a synthetic landscape.

    .venv/bin/python benchmarks/run.py                      scales 1 and 10 (make bench)
    .venv/bin/python benchmarks/run.py --scales 1 10 100    and 100x
    .venv/bin/python benchmarks/run.py --hermit-scales 0.1 0.3 1 3 --only hermit

For every scale, benchmarks/generate.py writes a project folder (under --workdir), and then:

- build: each phase in-process (read and check the data files; load: JSON-LD into Oxigraph
  and the rules; validate: SHACL shapes and QC queries; reason: HermiT; write), and
  `pzgraph build --force` end to end, with peak memory (RSS);
- every library query in-process (`answers.answer` on the loaded store: binding, labels,
  networkx steps) and end to end (`pzgraph query NAME`, a new process each time), beside
  the same SPARQL in plain pyoxigraph and in plain rdflib (rdflib.Dataset parsing the
  N-Quads), so each figure is also a ratio;
- each map view (`pzgraph map`, when the command exists) and each export format
  (`pzgraph export --format F`, when it exists).

Figures are medians of several runs, wall-clock seconds (process CPU seconds beside the
build, because other work may share the machine). Results: benchmarks/results/scale.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
PZGRAPH = str(Path(sys.executable).parent / "pzgraph")
sys.path.insert(0, str(HERE))

# The goals of issue 9, in seconds.
GOALS = {
    1: {"query_in_process": 0.05, "query_end_to_end": 0.8, "build": 5.0, "map": 3.0},
    10: {"query_in_process": 0.5},
}


# --- running things ------------------------------------------------------------------------

def project_env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PZGRAPH_DATA", "PZGRAPH_BUILD", "PZGRAPH_BASE")}
    env.update(PZGRAPH_ROOT=str(root), PZGRAPH_SOURCES=str(root / "sources"),
               PYTHONDONTWRITEBYTECODE="1")
    return env


class Run:
    """One child process: wall time, CPU time, peak RSS (of it or its largest child), output."""

    def __init__(self, command: list[str], env: dict[str, str], timeout: float | None = None,
                 cwd: Path | None = None):
        out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err,
                                 start_new_session=True)
        waited: dict[str, Any] = {}

        def wait() -> None:
            _, status, usage = os.wait4(child.pid, 0)
            waited.update(status=status, usage=usage, ended=time.perf_counter())

        thread = threading.Thread(target=wait, daemon=True)
        thread.start()
        thread.join(timeout)
        self.timed_out = thread.is_alive()
        if self.timed_out:
            os.killpg(child.pid, signal.SIGKILL)
            thread.join()
        child.returncode = os.waitstatus_to_exitcode(waited["status"])
        self.returncode = child.returncode
        self.seconds = waited["ended"] - started
        usage = waited["usage"]
        self.cpu = usage.ru_utime + usage.ru_stime
        self.rss_mb = usage.ru_maxrss / 1024
        out.seek(0)
        err.seek(0)
        self.stdout = out.read().decode("utf-8", "replace")
        self.stderr = err.read().decode("utf-8", "replace")
        out.close()
        err.close()

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def tail(self) -> str:
        lines = (self.stderr or self.stdout).strip().splitlines()
        return lines[-1][:160] if lines else f"exit {self.returncode}"


def worker(name: str, root: Path, *args: str, timeout: float | None = None) -> tuple[Run, Any]:
    """Run a worker of this file in a fresh process; its last stdout line is JSON."""
    run = Run([sys.executable, __file__, "--worker", name, str(root), *args], project_env(root),
              timeout)
    if not run.ok:
        return run, None
    lines = [line for line in run.stdout.splitlines() if line.startswith(("{", "["))]
    return run, json.loads(lines[-1]) if lines else None


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(action: Callable[[], object], repeat: int, warm: bool = True,
          slow: float = 2.0) -> float:
    """Median of `repeat` runs after a warm-up; a run slower than `slow` seconds is not repeated."""
    times = []
    if warm:
        started = time.perf_counter()
        action()
        first = time.perf_counter() - started
        if first > slow:
            return first
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
        if times[-1] > slow:
            break
    return median(times)


class TimedOut(Exception):
    pass


def within(seconds: float, action: Callable[[], Any]) -> Any:
    """Run the action, raising TimedOut after `seconds` (SIGALRM; the worker is single-threaded)."""
    def expire(*_: object) -> None:
        raise TimedOut

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return action()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- workers (each runs in a process of its own) ---------------------------------------------

def _project(root: str):
    from pzgraph.project import Project

    root_path = Path(root)
    return Project(root_path, sources=root_path / "sources")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def work_build_phases(root: str, reason: str, cache: str = "no-cache") -> dict:
    """The build's phases one by one, as build.build runs them. Each phase's figures are
    printed as soon as it ends, so a phase cut off by the timeout leaves the others. The QC
    queries run before the SHACL shapes here (in build they run after), so that at large
    scales the slow shapes come last. With `cache`, the dataset is written as the build's
    cache (the build minus SHACL and QC), so that queries can run at scales where a full
    build takes too long."""

    from pzgraph import __version__
    from pzgraph.build.cache import CACHE_FILE, MANIFEST_FILE, input_hash, sorted_nquads
    from pzgraph.build.pipeline import compile_dataset
    from pzgraph.build.reasoning import add_inferences, count_individuals, too_large_to_reason
    from pzgraph.checks.qc import load_checks, run_checks
    from pzgraph.checks.shapes import check_shapes, shapes_path
    from pzgraph.ingest.read import read_and_check
    from pzgraph.project import write_atomic

    project = _project(root)
    figures: dict[str, Any] = {}
    cpu = time.process_time()
    started = time.perf_counter()

    def lap(name: str, **more: Any) -> None:
        nonlocal started, cpu
        now, now_cpu = time.perf_counter(), time.process_time()
        figures[name] = round(now - started, 3)
        figures[name + "_cpu"] = round(now_cpu - cpu, 3)
        figures.update(more)
        print(json.dumps({name: figures[name], name + "_cpu": figures[name + "_cpu"], **more,
                          "peak_rss_mb": round(_peak_rss_mb())}), flush=True)
        started, cpu = now, now_cpu

    files, context, findings, _ = read_and_check(project)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise SystemExit(f"{len(errors)} errors, first: {errors[0]}")
    lap("read", records=sum(len(data.records) for data in files))
    store = compile_dataset(project, files, context)
    del files
    lap("load", triples=len(store))
    if cache != "cache":
        checks, check_findings = load_checks(project)
        check_findings += run_checks(store, project, checks)
        lap("qc", qc_errors=sum(f.severity == "error" for f in check_findings))
    individuals = count_individuals(store)
    skip = too_large_to_reason(store) if reason == "reason" else None
    if skip is not None:
        lap("reason_check", individuals=individuals, reasoner=skip[0])
    elif reason == "reason":
        lap("reason", individuals=individuals, reasoner=add_inferences(store))
    text = sorted_nquads(store)
    if cache in ("cache", "keep"):  # "keep": checked like a build, kept as the build's cache
        checked = "with" if cache == "keep" else "without"
        manifest = {"version": __version__, "input_hash": input_hash(project, True),
                    "triples": len(store), "reasoner": figures.get("reasoner", {}),
                    "benchmark": f"written by benchmarks/run.py {checked} SHACL and QC"}
        write_atomic(project.build_dir / CACHE_FILE, text)
        write_atomic(project.build_dir / MANIFEST_FILE, json.dumps(manifest, indent=2))
    else:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8") as out:
            out.writelines(text)
    del text
    lap("write")
    if shapes_path(project).is_file() and cache != "cache":
        lap("shacl", shacl_errors=sum(f.severity == "error" for f in check_shapes(store, project)))
    figures["peak_rss_mb"] = round(_peak_rss_mb())
    return figures


def work_hermit(root: str) -> dict:
    """HermiT alone on the compiled dataset: the input it gets and the time it takes."""
    from pzgraph.build.pipeline import compile_dataset
    from pzgraph.build.reasoner import reason
    from pzgraph.build.reasoning import count_individuals, reasoner_input
    from pzgraph.ingest.read import read_and_check

    project = _project(root)
    files, context, _, _ = read_and_check(project)
    store = compile_dataset(project, files, context)
    text = reasoner_input(store)
    started = time.perf_counter()
    result = reason(text)
    return {"individuals": count_individuals(store), "input_triples": text.count("\n"),
            "triples": len(store), "hermit_seconds": round(result.seconds, 2),
            "with_java_start": round(time.perf_counter() - started, 2),
            "consistent": result.consistent, "peak_rss_mb": round(_peak_rss_mb())}


FIRST = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity WHERE { VALUES ?class { %s } ?entity a/rdfs:subClassOf* ?class .
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/pzgraph/id/")) } ORDER BY ?entity LIMIT 1"""
PENVOERDERS = """
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?org WHERE { ?m org:role <https://w3id.org/pzgraph/id/rol/penvoerder> ;
    org:member ?org ; org:organization ?network . } ORDER BY ?network"""


def pick_params(library: dict, store, dataset: Path) -> dict[str, dict[str, str]]:  # noqa: ANN001
    """Parameters for the queries that need them on a synthetic graph.

    connection-path: the penvoerders of the first and the last network (far apart);
    evidence: the first network; a compared version: the build itself; an entity default
    that names a real entity (absent here): the first instance of its class, by id.
    """
    from pzgraph.errors import QueryError
    from pzgraph.query.parameters import entity_classes, resolve_entity

    def short(term) -> str:  # noqa: ANN001
        return term.value.removeprefix("https://w3id.org/pzgraph/id/")

    rows = [r["org"] for r in store.query(PENVOERDERS, use_default_graph_as_union=True)]
    networks = list(store.query(FIRST % "<https://w3id.org/pzgraph/def#Network>",
                                use_default_graph_as_union=True))
    params: dict[str, dict[str, str]] = {}
    for name, query in library.items():
        given: dict[str, str] = {}
        if query.compute == "path" and rows:
            given.update({"from": short(rows[0]), "to": short(rows[-1])})
        if query.compare:
            given[query.compare[0]] = str(dataset)
        for parameter in query.parameters:
            if name == "evidence" and parameter.name == "entity" and networks:
                given["entity"] = short(networks[0]["entity"])
            if parameter.default is None or not parameter.entity_class or parameter.name in given:
                continue
            try:
                resolve_entity(store, parameter, parameter.default)
            except QueryError:
                classes = " ".join(str(c) for c in entity_classes(parameter))
                first = list(store.query(FIRST % classes, use_default_graph_as_union=True))
                if first:
                    given[parameter.name] = short(first[0]["entity"])
        if given:
            params[name] = given
        # the typical use of a query with a network parameter: one coordinator's network
        if networks and any(p.name == "network" for p in query.parameters):
            params[f"{name} [network]"] = {**given, "network": short(networks[0]["entity"])}
    return params


def work_queries(root: str, repeat: str, out: str, budget: str = "120",
                 compare: str = "compare") -> dict:
    """Every library query in-process (answers.answer) and as plain pyoxigraph SPARQL.
    `compare` other than "compare": the queries that compare two versions are left to the
    end-to-end runs (in-process they would hold three copies of the graph at once)."""
    from pzgraph.query.library import library
    from pzgraph.query.parameters import bind_parameters
    from pzgraph.query.run import answer, load_versions
    from pzgraph.query.sparql_values import with_values
    from pzgraph.query.store import load

    project = _project(root)
    started = time.perf_counter()
    graph = load(project)
    load_seconds = time.perf_counter() - started
    store = graph.store
    queries = library(project.queries_dir)
    params = pick_params(queries, store, graph.path)
    figures: dict[str, Any] = {"load_cached": round(load_seconds, 3), "quads": len(store),
                               "params": params, "queries": {}}
    sparql: dict[str, str] = {}
    runs = [(name, query) for name, query in queries.items()
            if compare == "compare" or not query.compare]
    runs += [(variant, queries[variant.split(" [")[0]]) for variant in params if " [" in variant]
    for name, query in sorted(runs, key=lambda run: run[0]):
        given = params.get(name, {})
        target = load_versions(query, given, graph.path) if query.compare else store
        bindings = bind_parameters(query, target, given)
        text = with_values(query.sparql, bindings)
        if not query.compare:
            sparql[name] = text
        row: dict[str, Any] = {"query": query.name}
        figures["queries"][name] = row
        try:
            started = time.perf_counter()
            row["rows"] = within(float(budget), lambda q=query, g=given: len(
                answer(q, store, g, current_version=graph.path).rows))
            first = time.perf_counter() - started
            row["in_process"] = first if first > 2 else within(
                float(budget) * 3, lambda q=query, g=given: timed(
                    lambda: answer(q, store, g, current_version=graph.path), int(repeat),
                    warm=False))
        except TimedOut:
            row.update(rows=None, in_process=None, pyoxigraph=None, timeout=float(budget))
            print(json.dumps({name: row}), file=sys.stderr, flush=True)
            continue
        try:
            row["pyoxigraph"] = within(float(budget) * 3, lambda t=text, s=target: timed(
                lambda: list(s.query(t, use_default_graph_as_union=True)), int(repeat)))
        except TimedOut:
            row["pyoxigraph"] = None
        print(json.dumps({name: row}), file=sys.stderr, flush=True)
    Path(out).write_text(json.dumps(sparql), encoding="utf-8")
    figures["peak_rss_mb"] = round(_peak_rss_mb())
    return figures


def work_rdflib(root: str, repeat: str, sparql_file: str, budget: str = "60") -> None:
    """The same SPARQL in plain rdflib; one JSON line per result, so a budget can cut it off."""
    import rdflib

    # rdflib holds ~14 KB per triple while querying (3.1 GB at scale 1): keep it from taking
    # the machine's memory at larger scales; a query that needs more fails with MemoryError.
    limit = int(os.environ.get("PZGRAPH_BENCH_RDFLIB_GB", "8")) * 2**30
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    project = _project(root)
    queries = json.loads(Path(sparql_file).read_text(encoding="utf-8"))
    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    try:
        dataset.parse(project.build_dir / "pzgraph.nq", format="nquads")
    except MemoryError:
        print(json.dumps({"load": None, "error": f"MemoryError above {limit / 2**30:g} GB"}),
              flush=True)
        return
    print(json.dumps({"load": time.perf_counter() - started, "peak_rss_mb": _peak_rss_mb()}),
          flush=True)
    for name, text in queries.items():
        error = None
        try:
            seconds = within(float(budget), lambda t=text: timed(
                lambda: list(dataset.query(t)), int(repeat), warm=False))
        except TimedOut:
            seconds = None
        except Exception as failure:  # noqa: BLE001 - rdflib failing on a query is a finding
            seconds, error = None, f"{type(failure).__name__}: {failure}"[:200]
        print(json.dumps({"query": name, "seconds": seconds, "error": error,
                          "peak_rss_mb": _peak_rss_mb()}), flush=True)


WORKERS = {"build-phases": work_build_phases, "hermit": work_hermit, "queries": work_queries,
           "rdflib": work_rdflib}


# --- the benchmark ---------------------------------------------------------------------------

def scale_name(scale: float) -> str:
    return f"{scale:g}"


def ensure_project(scale: float, workdir: Path, seed: int,
                   keep_build: bool = False) -> tuple[Path, dict]:
    from generate import generate

    root = workdir / f"scale-{scale_name(scale)}"
    marker = root / "generated.json"
    if marker.exists():
        counts = json.loads(marker.read_text())
        if counts.get("seed") == seed and counts.get("scale") == scale:
            if not keep_build:
                shutil.rmtree(root / "build", ignore_errors=True)
            from generate import copy_model

            copy_model(root)  # the model and queries of today's checkout
            return root, counts
    print(f"generating scale {scale_name(scale)} in {root}", file=sys.stderr)
    return root, generate(scale, root, seed, progress=None)


def click_command(name: str):  # noqa: ANN201 - a click command or None
    from pzgraph.cli.main import main

    return main.commands.get(name)


def bench_build(root: Path, scale: float, repeat: int, reason: bool, timeout: float,
                end_to_end_build: bool = True) -> dict:
    """The phases in-process (repeat times), then `pzgraph build --force` end to end. When the
    phases take longer than the timeout, what finished is reported, the cache is written
    without SHACL and QC, and the end-to-end build is not attempted."""
    phases = []
    for _ in range(repeat):
        run = Run([sys.executable, __file__, "--worker", "build-phases", str(root),
                   "reason" if reason else "no-reason", "no-cache" if end_to_end_build
                   else "keep"], project_env(root), timeout)
        figures: dict[str, Any] = {}
        for line in run.stdout.splitlines():
            if line.startswith("{"):
                figures.update(json.loads(line))
        figures["peak_rss_mb"] = max(figures.get("peak_rss_mb", 0), run.rss_mb)
        if not run.ok:
            figures["cut_off"] = (f"stopped after {timeout:g} s" if run.timed_out
                                  else run.tail())
            phases.append(figures)
            break
        phases.append(figures)
    numbers = {key for p in phases for key, value in p.items() if isinstance(value, int | float)}
    result: dict[str, Any] = {key: median([p[key] for p in phases if key in p])
                              for key in numbers}
    result["peak_rss_mb"] = max(p.get("peak_rss_mb", 0) for p in phases)
    result["reasoner"] = next((p["reasoner"] for p in phases if "reasoner" in p), None)
    if phases[-1].get("cut_off"):
        result["cut_off"] = phases[-1]["cut_off"]
        Run([sys.executable, __file__, "--worker", "build-phases", str(root),
             "reason" if reason else "no-reason", "cache"], project_env(root))
        result["cache"] = "written without SHACL and QC (benchmarks/run.py)"
        return result
    end_to_end = []
    for _ in range(repeat if end_to_end_build else 0):
        shutil.rmtree(root / "build", ignore_errors=True)
        run = Run([PZGRAPH, "build", "--force"], project_env(root), timeout)
        if not run.ok:
            result["end_to_end_error"] = run.tail() if not run.timed_out else \
                f"stopped after {timeout:g} s"
            break
        end_to_end.append(run)
    if end_to_end:
        result["end_to_end"] = median([r.seconds for r in end_to_end])
        result["end_to_end_cpu"] = median([r.cpu for r in end_to_end])
        result["end_to_end_rss_mb"] = max(r.rss_mb for r in end_to_end)
        result["end_to_end_message"] = end_to_end[-1].stdout.strip().splitlines()[-1]
    if not (root / "build" / "pzgraph.nq").exists():
        Run([sys.executable, __file__, "--worker", "build-phases", str(root),
             "reason" if reason else "no-reason", "cache"], project_env(root))
        result["cache"] = "written without SHACL and QC (benchmarks/run.py)"
    return result


def bench_queries(root: Path, repeat: int, e2e_repeat: int, rdflib_budget: float,
                  query_budget: float, e2e_only: list[str] | None = None,
                  compare_in_process: bool = True) -> dict:
    sparql_file = root / "benchmark-sparql.json"
    run, figures = worker("queries", root, str(repeat), str(sparql_file), str(query_budget),
                          "compare" if compare_in_process else "no-compare")
    if figures is None:
        return {"error": run.tail()}
    figures["worker_rss_mb"] = run.rss_mb
    for name, row in figures["queries"].items():
        args = [PZGRAPH, "query", row.get("query", name), "--format", "csv"]
        for key, value in figures["params"].get(name, {}).items():
            args += ["--param", f"{key}={value}"]
        if row.get("timeout") or (e2e_only and name not in e2e_only):
            row["end_to_end"] = None
            continue
        runs = []
        for _ in range(e2e_repeat):
            runs.append(Run(args, project_env(root), timeout=query_budget + 60))
            if runs[-1].seconds > 5 or not runs[-1].ok:
                break
        failed = [r for r in runs if not r.ok]
        row["end_to_end"] = float("nan") if failed else median([r.seconds for r in runs])
        row["end_to_end_rss_mb"] = max(r.rss_mb for r in runs)
        if failed:
            row["end_to_end_error"] = failed[0].tail()
    if rdflib_budget <= 0:
        return figures
    # plain rdflib, cut off after the budget
    rdflib_run = Run([sys.executable, __file__, "--worker", "rdflib", str(root),
                      str(max(1, repeat // 2)), str(sparql_file), str(query_budget)],
                     project_env(root), timeout=rdflib_budget)
    lines = [json.loads(line) for line in rdflib_run.stdout.splitlines() if line.startswith("{")]
    figures["rdflib_load"] = lines[0]["load"] if lines else None
    figures["rdflib_rss_mb"] = rdflib_run.rss_mb
    figures["rdflib_cut_off"] = rdflib_run.timed_out
    for line in lines[1:]:
        figures["queries"][line["query"]]["rdflib"] = line["seconds"]
        if line.get("error"):
            figures["queries"][line["query"]]["rdflib_error"] = line["error"]
    if not rdflib_run.ok and not rdflib_run.timed_out:
        figures["rdflib_error"] = rdflib_run.tail()
    return figures


def bench_maps(root: Path, repeat: int, network: str | None, timeout: float) -> dict:
    """Each view of `pzgraph map`, end to end; the views are read from the command itself."""
    import click

    command = click_command("map")
    if command is None:
        return {}
    views: dict[str, list[str]] = {}
    if isinstance(command, click.Group):
        for view, sub in sorted(command.commands.items()):
            views[view] = [view, *_required_args(sub, network)]
    else:
        choices = [p for p in command.params if isinstance(p.type, click.Choice)
                   and p.name in ("view", "kind", "which")]
        for value in (choices[0].type.choices if choices else ["(default)"]):
            flag = [choices[0].opts[0], value] if choices else []
            views[value] = flag + _required_args(command, network)
    results = {}
    out = root / "maps"
    for view, args in views.items():
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        full = [PZGRAPH, "map", *args]
        if "--out" not in full and _has_option(command, view, "--out"):
            full += ["--out", str(out / f"{view}.html")]
        runs = [Run(full, project_env(root), timeout=timeout, cwd=out) for _ in range(repeat)]
        failed = [r for r in runs if not r.ok]
        results[view] = {"seconds": float("nan") if failed else median([r.seconds for r in runs]),
                         "rss_mb": max(r.rss_mb for r in runs),
                         "error": failed[0].tail() if failed else None,
                         "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file())}
    shutil.rmtree(out, ignore_errors=True)
    return results


def bench_map_pages(scales: list[float], workdir: Path, timeout: float) -> None:
    """benchmarks/maps.py on the projects built above: each map written in-process and drawn
    in headless Chromium, checked against issue 18's goals (benchmarks/results/maps.md)."""
    script = Path(__file__).with_name("maps.py")
    subprocess.run([sys.executable, str(script), "--reason", "--workdir", str(workdir),
                    "--timeout", f"{timeout:g}", "--scales", *map(scale_name, scales)],
                   check=False)


def _has_option(command, view: str, flag: str) -> bool:  # noqa: ANN001
    import click

    target = command.commands.get(view, command) if isinstance(command, click.Group) else command
    return any(flag in getattr(p, "opts", []) for p in target.params)


def _required_args(command, network: str | None) -> list[str]:  # noqa: ANN001
    import click

    args: list[str] = []
    for param in command.params:
        if not param.required:
            continue
        value = network if "network" in (param.name or "") else None
        if value is None:
            continue
        args += [param.opts[0], value] if isinstance(param, click.Option) else [value]
    return args


def bench_export(root: Path, repeat: int, timeout: float,
                 only: list[str] | None = None) -> dict:
    import click

    command = click_command("export")
    if command is None:
        return {}
    option = next((p for p in command.params if p.name == "fmt"), None)
    formats = list(option.type.choices) if option is not None and isinstance(
        option.type, click.Choice) else []
    results = {}
    for fmt in [*formats, None]:
        if only and (fmt or "bundle") not in only:
            continue
        runs = []
        for _ in range(repeat):
            out = root / "release-bench"
            shutil.rmtree(out, ignore_errors=True)
            args = [PZGRAPH, "export", "--out", str(out), "--issued", "2025-01-01"]
            runs.append(Run(args + (["--format", fmt] if fmt else []), project_env(root),
                            timeout=timeout))
        failed = [r for r in runs if not r.ok]
        size = sum(p.stat().st_size for p in (root / "release-bench").rglob("*") if p.is_file()) \
            if (root / "release-bench").exists() else 0
        results[fmt or "bundle (all)"] = {
            "seconds": float("nan") if failed else median([r.seconds for r in runs]),
            "rss_mb": max(r.rss_mb for r in runs), "bytes": size,
            "error": failed[0].tail() if failed else None}
        shutil.rmtree(root / "release-bench", ignore_errors=True)
    return results


def first_network(root: Path) -> str | None:
    data = sorted((root / "data").glob("n0001-*.yaml"))
    for line in data[0].read_text(encoding="utf-8").splitlines() if data else []:
        if line.strip().startswith('- id: "netwerk/'):
            return line.split('"')[1]
    return None


def bench_hermit(scales: list[float], workdir: Path, seed: int, timeout: float,
                 rerun: bool = False) -> list[dict]:
    rows = []
    for scale in scales:
        earlier = workdir / f"scale-{scale_name(scale)}" / "hermit.json"
        if earlier.exists() and not rerun:  # HermiT takes minutes: a measurement is kept, reused
            row = json.loads(earlier.read_text(encoding="utf-8"))
            rows.append(row)
            if row.get("error"):
                break
            continue
        root, counts = ensure_project(scale, workdir, seed)
        run, figures = worker("hermit", root, timeout=timeout)
        row = {"scale": scale, "networks": counts["networks"],
               "organisations": counts["organisations"], "seconds_total": run.seconds,
               "rss_mb": run.rss_mb, "measured": time.strftime("%Y-%m-%d %H:%M"),
               "load_average": load_average()}
        if figures is None:
            row["error"] = f"no answer within {timeout:g} s" if run.timed_out else run.tail()
        else:
            row.update(figures)
        earlier.write_text(json.dumps(row), encoding="utf-8")
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
        if figures is None:
            break  # a larger scale will not do better
    return rows


# --- the report ------------------------------------------------------------------------------

def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{model}, {os.cpu_count()} cores, {memory:.0f} GB memory; {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def ms(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b or a != a or b != b:
        return "–"
    return f"{a / b:.1f}×"


def verdict(value: float | None, goal: float | None) -> str:
    if goal is None:
        return ""
    if value is None or value != value:
        return f"< {ms(goal)}: not measured"
    return f"< {ms(goal)}: {'met' if value < goal else '**missed**'}"


def report_scale(scale: float, counts: dict, build: dict, queries: dict, maps: dict,
                 exports: dict) -> list[str]:
    goals = GOALS.get(int(scale) if scale == int(scale) else -1, {})
    lines = [f"## Scale {scale_name(scale)}", "",
             f"{counts['networks']} networks, {counts['organisations']} organisations, "
             f"{counts['projects']} projects and activities, {counts['records']} records, "
             f"{build.get('triples', 0):,.0f} triples after the rules"
             + (f", {build['individuals']:,.0f} individuals for HermiT"
                if build.get("individuals") else "") + ".", ""]
    lines += ["### Build", "", "| phase | wall | CPU | goal |", "|---|---:|---:|---|"]
    names = [("read", "read and check the data files (YAML, keys, references, quotes)"),
             ("load", "load: JSON-LD into Oxigraph, derivation rules"),
             ("validate", "validate: SHACL shapes and QC queries (checks/)"),
             ("qc", "validate: QC queries (checks/*-violation.rq)"),
             ("reason", "reason: HermiT (owlready2, Java)"),
             ("reason_check", "reason: count individuals; HermiT skipped above the limit"),
             ("write", "write the sorted N-Quads"),
             ("shacl", "validate: SHACL shapes (compiled to SPARQL, shacl_sparql.py)")]
    total = 0.0
    for key, label in names:
        if key in build:
            total += build[key]
            lines.append(f"| {label} | {ms(build[key])} | {ms(build.get(key + '_cpu'))} | |")
    if build.get("cut_off"):
        order = ["read", "load", "qc", "reason_check", "write", "shacl"]
        running = next((k for k in order if k not in build and k != "reason_check"), "?")
        label = dict(names).get(running, running)
        lines.append(f"| {label} | **{build['cut_off']}** (not finished) | | |")
    lines.append(f"| **sum of the phases** | **{ms(total)}**"
                 + (" + the unfinished phase" if build.get("cut_off") else "") + " | | "
                 f"{verdict(total, goals.get('build'))} |")
    if "end_to_end" in build:
        lines.append(f"| `pzgraph build --force`, end to end | {ms(build['end_to_end'])} | "
                     f"{ms(build.get('end_to_end_cpu'))} | "
                     f"{verdict(build['end_to_end'], goals.get('build'))} |")
    if build.get("cache"):
        lines.append(f"| cache for the queries below | {build['cache']} | | |")
    if build.get("error") or build.get("end_to_end_error"):
        lines.append(f"| error | {build.get('error') or build.get('end_to_end_error')} | | |")
    reasoner = build.get("reasoner") or {}
    if reasoner.get("skipped"):
        lines += ["", f"HermiT was skipped by the build: {reasoner.get('individuals', 0):,} "
                  f"individuals, above the limit of {reasoner.get('limit', 0):,} "
                  "(`build.MAX_REASONER_INDIVIDUALS`; see the HermiT series below)."]
    elif reasoner:
        lines += ["", f"HermiT: consistent in {reasoner.get('seconds')} s (its own timing)."]
    lines += ["", f"Peak memory: build phases {build.get('peak_rss_mb', 0):,.0f} MB, "
              f"`pzgraph build` {build.get('end_to_end_rss_mb', 0):,.0f} MB (largest process; "
              "HermiT's Java process counts on its own). "
              + (f"Build said: `{build['end_to_end_message']}`"
                 if build.get("end_to_end_message") else ""), ""]
    if queries.get("error"):
        lines += [f"Queries failed: {queries['error']}", ""]
    elif queries:
        q_in, q_e2e = goals.get("query_in_process"), goals.get("query_end_to_end")
        lines += ["### Queries", "",
                  f"Cached graph loaded in {ms(queries['load_cached'])} ({queries['quads']:,} "
                  f"quads); rdflib needs {ms(queries.get('rdflib_load'))} to parse it"
                  + (" (cut off: budget spent)" if queries.get("rdflib_cut_off") else "") + ". "
                  f"Peak memory: queries {queries.get('peak_rss_mb', 0):,.0f} MB, rdflib "
                  f"{queries.get('rdflib_rss_mb', 0):,.0f} MB. Parameters: "
                  f"{json.dumps(queries['params'])} (others: defaults).", "",
                  "| query | rows | in-process | goal | end to end | goal | plain pyoxigraph | "
                  "plain rdflib | in-process ÷ pyoxigraph | rdflib ÷ pyoxigraph |",
                  "|---|---:|---:|---|---:|---|---:|---:|---:|---:|"]
        for name, row in queries["queries"].items():
            if row.get("timeout"):
                lines.append(f"| {name} | | > {row['timeout']:g} s (stopped) | "
                             f"{verdict(float('inf'), q_in)} | | {verdict(float('inf'), q_e2e)} | "
                             f"{ms(row.get('pyoxigraph'))} | {ms(row.get('rdflib'))} | | |")
                continue
            lines.append(
                f"| {name} | {row['rows']} | {ms(row['in_process'])} | "
                f"{verdict(row['in_process'], q_in)} | {ms(row.get('end_to_end'))} | "
                f"{verdict(row.get('end_to_end'), q_e2e)} | {ms(row['pyoxigraph'])} | "
                f"{ms(row.get('rdflib'))} | {ratio(row['in_process'], row['pyoxigraph'])} | "
                f"{ratio(row.get('rdflib'), row['pyoxigraph'])} |")
        failures = {name: row["rdflib_error"] for name, row in queries["queries"].items()
                    if row.get("rdflib_error")}
        if failures or queries.get("rdflib_error"):
            lines.append("rdflib could not run: " + "; ".join(
                f"{name} ({error})" for name, error in failures.items())
                + (f" (worker: {queries['rdflib_error']})" if queries.get("rdflib_error") else ""))
        lines.append("")
    if maps:
        lines += ["### Maps (`pzgraph map`, end to end)", "", "| view | seconds | goal | size | "
                  "peak RSS |", "|---|---:|---|---:|---:|"]
        for view, row in maps.items():
            lines.append(f"| {view} | {ms(row['seconds'])} | "
                         f"{verdict(row['seconds'], goals.get('map'))} | "
                         f"{row['bytes'] / 1e6:.1f} MB | {row['rss_mb']:,.0f} MB |"
                         + (f" {row['error']}" if row.get("error") else ""))
        lines.append("")
    else:
        lines += ["Maps: not measured at this scale.", ""]
    if exports:
        lines += ["### Export (`pzgraph export --format F`, end to end)", "",
                  "| format | seconds | size | peak RSS |", "|---|---:|---:|---:|"]
        for fmt, row in exports.items():
            lines.append(f"| {fmt} | {ms(row['seconds'])} | {row['bytes'] / 1e6:.1f} MB | "
                         f"{row['rss_mb']:,.0f} MB |"
                         + (f" {row['error']}" if row.get("error") else ""))
        lines.append("")
    return lines


def report_hermit(rows: list[dict], timeout: float) -> list[str]:
    lines = ["## HermiT: where reasoning stops being practical", "",
             "HermiT alone (`reasoner.reason` on `build.reasoner_input`), timeout "
             f"{timeout:g} s.", "",
             "| scale | networks | organisations | individuals | triples to HermiT | HermiT | "
             "with Java start | peak RSS (largest process: Java) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        if row.get("error"):
            lines.append(f"| {scale_name(row['scale'])} | {row['networks']} | "
                         f"{row['organisations']} | | | {row['error']} | | |")
        else:
            lines.append(f"| {scale_name(row['scale'])} | {row['networks']} | "
                         f"{row['organisations']} | {row['individuals']:,} | "
                         f"{row['input_triples']:,} | {ms(row['hermit_seconds'])} | "
                         f"{ms(row['with_java_start'])} | {row['rss_mb']:,.0f} MB |")
    return lines + [""]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=5, help="runs per query figure")
    parser.add_argument("--build-repeat", type=int, default=3, help="runs per build figure")
    parser.add_argument("--hermit-scales", type=float, nargs="*", default=[0.1, 0.3, 1, 3])
    parser.add_argument("--hermit-timeout", type=float, default=300)
    parser.add_argument("--rerun-hermit", action="store_true",
                        help="measure HermiT again even where an earlier measurement is kept")
    parser.add_argument("--rdflib-budget", type=float, default=300,
                        help="seconds for loading and querying plain rdflib per scale")
    parser.add_argument("--query-budget", type=float, default=60,
                        help="seconds one query may take before it is reported as too slow")
    parser.add_argument("--build-timeout", type=float, default=900,
                        help="seconds the build phases may take per run")
    parser.add_argument("--step-timeout", type=float, default=300,
                        help="seconds one map or export run may take")
    parser.add_argument("--e2e-queries", nargs="+", metavar="NAME",
                        help="run only these queries end to end (each run reloads the graph)")
    parser.add_argument("--formats", nargs="+", metavar="FORMAT",
                        help="export only these formats ('bundle' for all at once)")
    parser.add_argument("--no-maps", action="store_true", help="skip the maps")
    parser.add_argument("--reuse-build", action="store_true",
                        help="keep a scale's built graph and its build figures from an "
                             "earlier run (benchmark-build.json) instead of building again")
    parser.add_argument("--no-compare-in-process", action="store_true",
                        help="measure the changes-* queries end to end only (in-process they "
                             "hold three copies of the graph: 100x does not fit in 24 GB)")
    parser.add_argument("--no-e2e-build", action="store_true",
                        help="measure the build's phases only, not `pzgraph build` as well")
    parser.add_argument("--note", help="a paragraph for the head of the report")
    parser.add_argument("--report-only", action="store_true",
                        help="write the report from the figures kept in --workdir, measure nothing")
    parser.add_argument("--only", choices=["scales", "hermit"],
                        help="run only the scales or only the HermiT series")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "pzgraph-bench")
    parser.add_argument("--out", type=Path, default=RESULTS / "scale.md")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

    started = time.strftime("%Y-%m-%d %H:%M")
    lines = ["# pzgraph at national scale and beyond", "",
             f"Machine: {machine()}. Run {started}; load average before: {load_average()} "
             "(other work shared the machine: wall figures are upper bounds, CPU figures are "
             "what the work itself took).", "",
             "Synthetic landscape from `benchmarks/generate.py` (seed "
             f"{args.seed}): scale 1 = 7 consortia, 65 networks, 80 organisations and 30 "
             "projects/activities per network, 342 municipalities; the scale multiplies "
             "networks, organisations and projects. Medians: builds of "
             f"{args.build_repeat} runs (1 at scale ≥ 10), queries of {args.repeat} "
             "in-process runs after a warm-up and 3 end-to-end runs. "
             "Reproduce: `make bench` or `.venv/bin/python benchmarks/run.py --scales 1 10`.", ""]
    if args.note:
        lines += [args.note, ""]
    if args.only != "hermit":
        for scale in args.scales:
            if args.report_only:  # the figures a run kept beside each project
                root = args.workdir / f"scale-{scale_name(scale)}"
                counts = json.loads((root / "generated.json").read_text(encoding="utf-8"))
                saved = json.loads((root / "benchmark.json").read_text(encoding="utf-8"))
                lines += report_scale(scale, counts, saved["build"], saved["queries"],
                                      saved["maps"], saved["exports"])
                continue
            root, counts = ensure_project(scale, args.workdir, args.seed, args.reuse_build)
            big = scale >= 10
            build_repeat = 1 if big else args.build_repeat
            saved_build = root / "benchmark-build.json"
            if args.reuse_build and saved_build.exists() and (root / "build").exists():
                build = json.loads(saved_build.read_text(encoding="utf-8"))
            else:
                print(f"scale {scale_name(scale)}: build", file=sys.stderr)
                build = bench_build(root, scale, build_repeat, reason=True,
                                    timeout=args.build_timeout,
                                    end_to_end_build=not args.no_e2e_build)
                saved_build.write_text(json.dumps(build, default=str), encoding="utf-8")
            print(json.dumps(build), file=sys.stderr)
            print(f"scale {scale_name(scale)}: queries", file=sys.stderr)
            queries = bench_queries(root, 3 if big else args.repeat, 3, args.rdflib_budget,
                                    args.query_budget, args.e2e_queries,
                                    not args.no_compare_in_process)
            print(json.dumps(queries), file=sys.stderr)
            print(f"scale {scale_name(scale)}: maps and export", file=sys.stderr)
            maps = {} if args.no_maps else bench_maps(root, 1 if big else 3, first_network(root),
                                                      args.step_timeout)
            exports = bench_export(root, 1 if big else 3, args.step_timeout, args.formats)
            lines += report_scale(scale, counts, build, queries, maps, exports)
            (root / "benchmark.json").write_text(json.dumps(
                {"build": build, "queries": queries, "maps": maps, "exports": exports},
                indent=1, default=str), encoding="utf-8")
    if args.only != "hermit" and not args.no_maps and not args.report_only:
        bench_map_pages(args.scales, args.workdir, args.step_timeout)
    if args.only != "scales" and args.hermit_scales:
        rows = bench_hermit(args.hermit_scales, args.workdir, args.seed, args.hermit_timeout,
                            args.rerun_hermit)
        lines += report_hermit(rows, args.hermit_timeout)
    lines.append(f"Load average after: {load_average()}.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        result = WORKERS[sys.argv[2]](*sys.argv[3:])
        if result is not None:
            print(json.dumps(result, default=str))
    else:
        main()
