"""Export and the changes-* queries at 1x and 10x (100x with --scales): peak memory and time.

    .venv/bin/python benchmarks/export_scale.py                    scales 1 and 10 (make bench)
    .venv/bin/python benchmarks/export_scale.py --scales 100 --cache-only

For every scale: the synthetic landscape of benchmarks/generate.py (seed 7) under --workdir,
built with `pzgraph build` (at 100x, where a build with SHACL and QC does not fit the time,
see --cache-only: the build's own phases minus SHACL and QC, as benchmarks/run.py does); then,
each as a process of its own, end to end:

- `pzgraph export --format F` for each format, and the whole bundle (`pzgraph export --out`,
  pages included; not at 100x: 16 million page files, ~110 GB);
- `pzgraph query changes-members|changes-projects|changes-coverage --param old=OLD`, where OLD
  is the build with one statement in 50 of every network's graph left out (still sorted):
  a realistic edit, so the difference is small and the context is read as a stream.

Peak memory is each process's own maximum resident set (wait4), so one figure per command.
Results: benchmarks/results/export-scale.md, with a line per goal of issue 17.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PZGRAPH = str(Path(sys.executable).with_name("pzgraph"))
FORMATS = ("nq", "nt", "ttl", "trig", "rdf", "jsonld")
CHANGES = ("changes-members", "changes-projects", "changes-coverage")
GOAL_MB = 4096
COMMANDS = {"bundle": "export (bundle)",
            "parts": "export: the bundle's other files (void.ttl, DL profile, ontology; no pages)"}


# A command is stopped past this much resident memory: the machine (24 GB) is shared, and the
# kernel's out-of-memory killer would pick among everyone's processes
MEMORY_LIMIT_MB = 8192


def measure(command: list[str], env: dict, log: Path, timeout: float) -> dict:
    """Run `command`; its wall time, peak RSS (MB, from wait4) and exit code."""
    from timing import run_measured

    load = os.getloadavg()[0]
    with log.open("wb") as out:
        run = run_measured(command, env, timeout, stdout=out, memory_limit_mb=MEMORY_LIMIT_MB)
    peak = max(run.peak_mb, MEMORY_LIMIT_MB) if run.over_memory else run.peak_mb
    return {"seconds": round(run.seconds, 1), "cpu_seconds": round(run.cpu_seconds, 1),
            "peak_mb": round(peak), "exit": run.exit,
            "timed_out": run.timed_out and not run.over_memory,
            "over_memory": run.over_memory, "at": time.strftime("%Y-%m-%d %H:%M"),
            "load": round(load, 1)}


def environment(root: Path) -> dict:
    return {**os.environ, "PZGRAPH_ROOT": str(root), "PZGRAPH_SOURCES": str(root / "sources")}


def ensure_project(scale: float, workdir: Path, keep_model: bool = False
                   ) -> tuple[Path, dict]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import copy_model, generate

    root = workdir / f"scale-{scale:g}"
    marker = root / "generated.json"
    if marker.exists() and json.loads(marker.read_text()).get("scale") == scale:
        counts = json.loads(marker.read_text())
        if not keep_model:
            copy_model(root)
    else:
        counts = generate(scale, root, 7, progress=None)
    shutil.copy(ROOT / "publisher.yaml", root / "publisher.yaml")
    return root, counts


def restamp(root: Path) -> None:
    """A cache written by the benchmark's build phases (run.py --cache-only) keyed to today's
    code: the build's own code is unchanged by what is measured here, so its output is too."""
    from pzgraph.build.cache import CACHE_FILE, MANIFEST_FILE, file_fingerprint, input_hash
    from pzgraph.project import Project

    manifest_path = root / "build" / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text())
    if "benchmark" not in manifest:
        return
    project = Project(root, sources=root / "sources")
    manifest["input_hash"] = input_hash(project, True)
    manifest["cache"] = file_fingerprint(root / "build" / CACHE_FILE)
    manifest_path.write_text(json.dumps(manifest, indent=2))


# The edits the changes-* queries compare the build with, each as a row of its own
EDITS = {
    "": "one statement in 50 of every network's graph left out: most records of the "
        "landscape change, so the context of the difference is most of both versions",
    "one network": "one statement in 50 of one network's graph left out (n0001): an edit of "
                   "one data file, the difference and its context small",
    "no change": "a copy of the build itself: nothing differs, both files are read once",
}


def old_version(root: Path, edit: str = "") -> Path:
    """The build with one statement in 50 of each network's graph (or of one) left out,
    still sorted; or a copy of the build (no change)."""
    old = root / f"old-version{'-' + edit.replace(' ', '-') if edit else ''}.nq"
    graph = "/graph/n0001-" if edit == "one network" else "/graph/n"
    if edit == "no change":
        shutil.copyfile(root / "build" / "pzgraph.nq", old)
        return old
    with (root / "build" / "pzgraph.nq").open(encoding="utf-8") as lines, \
            old.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if number % 50 == 7 and graph in line.rsplit("<", 1)[-1]:
                continue
            out.write(line)
    return old


def bench_scale(scale: float, workdir: Path, bundle: bool, timeout: float,
                cache_only: bool, formats: list[str], changes: list[str], figures: dict,
                save, edits: list[str], keep_model: bool = False, parts: bool = False
                ) -> None:
    """Fill `figures` for one scale, calling `save` after every command (a run cut short
    keeps what it measured). A command not run this time keeps its earlier figures."""
    root, counts = ensure_project(scale, workdir, keep_model)
    env = environment(root)
    logs = workdir / f"logs-{scale:g}"
    logs.mkdir(parents=True, exist_ok=True)
    figures.update({"counts": counts})
    figures.setdefault("export", {})
    figures.setdefault("changes", {})
    if cache_only and (root / "build" / "pzgraph.nq").exists():
        restamp(root)
    print(f"scale {scale:g}: build", file=sys.stderr)
    build = measure([PZGRAPH, "build"], env, logs / "build.log", timeout * 4)
    if not (cache_only and "build" in figures):  # a cache hit does not replace a real build
        figures["build"] = build
    figures["quads"] = sum(1 for _ in (root / "build" / "pzgraph.nq").open("rb"))
    save()
    out = workdir / f"export-{scale:g}"
    for fmt in formats:
        print(f"scale {scale:g}: export --format {fmt}", file=sys.stderr)
        row = measure([PZGRAPH, "export", "--format", fmt, "--out", str(out)], env,
                      logs / f"export-{fmt}.log", timeout)
        target = out / f"pzgraph.{fmt}"
        row["mb"] = round(target.stat().st_size / 1e6, 1) if target.exists() else 0
        if row["exit"]:
            row["message"] = (logs / f"export-{fmt}.log").read_text(errors="replace")[-400:]
        figures["export"][fmt] = row
        save()
        target.unlink(missing_ok=True)
    if bundle:
        print(f"scale {scale:g}: export (the whole bundle)", file=sys.stderr)
        row = measure([PZGRAPH, "export", "--out", str(out / "bundle"), "--issued",
                       "2025-01-01"], env, logs / "export-bundle.log", timeout * 4)
        row["files"] = sum(len(n) for _, _, n in os.walk(out / "bundle"))
        row["mb"] = round(sum(p.stat().st_size for p in (out / "bundle").rglob("*")
                              if p.is_file()) / 1e6)
        figures["export"]["bundle"] = row
        save()
        shutil.rmtree(out / "bundle", ignore_errors=True)
    if parts:
        print(f"scale {scale:g}: the bundle's parts (void.ttl, DL profile, ontology)",
              file=sys.stderr)
        row = measure([sys.executable, __file__, "--worker-parts", str(root), str(out / "parts")],
                      env, logs / "export-parts.log", timeout)
        row["files"] = sum(len(n) for _, _, n in os.walk(out / "parts"))
        row["mb"] = round(sum(p.stat().st_size for p in (out / "parts").rglob("*")
                              if p.is_file()) / 1e6, 1)
        figures["export"]["parts"] = row
        save()
        shutil.rmtree(out / "parts", ignore_errors=True)
    if not changes:
        return
    for edit in edits:
        old = old_version(root, edit)
        for name in changes:
            label = f"{name} ({edit})" if edit else name
            print(f"scale {scale:g}: query {label}", file=sys.stderr)
            log = logs / f"{label.replace(' ', '-')}.log"
            row = measure([PZGRAPH, "query", name, "--param", f"old={old}", "--format", "csv",
                           "--timeout", str(timeout)], env, log, timeout)
            row["rows"] = max(0, len(log.read_text(errors="replace").splitlines()) - 1)
            figures["changes"][label] = row
            save()
        old.unlink(missing_ok=True)


def write_parts(root: Path, out: Path) -> None:
    """The bundle's files beside the data files, as `pzgraph export` writes them (bundle.py
    `_fill`, without the six formats and without the pages: at 100x those are hours and
    ~110 GB): the ontology folder (with the vocabularies), the OWL 2 DL profile, void.ttl
    (DCAT-AP-NL and VoID, its counts over the whole union). Run as a process of its own
    (`--worker-parts ROOT OUT`), so its peak memory is its own."""
    from pzgraph.project import Project
    from pzgraph.release import bundle, dl, publisher, skos, void
    from pzgraph.release.formats import Release, normalise_base, turtle

    project = Project(root, sources=root / "sources")
    out.mkdir(parents=True, exist_ok=True)
    agents = publisher.read(project, normalise_base(None))
    with Release.open(project, views=("union",)) as release:
        ontology, shapes = release.graph("ontologie"), release.shapes() or []
        bundle._put(out, {  # as bundle.write_data_files writes them
            "ontology/pzgraph.ttl": turtle(ontology, release.prefixes(ontology)),
            "ontology/shapes.ttl": turtle(shapes, release.prefixes(shapes)),
            "ontology/context.jsonld": json.dumps(release.context, ensure_ascii=False,
                                                  indent=2).encode("utf-8")})
        bundle._put(out, skos.publish(release, agents, "2025-01-01"))
        with (out / dl.FILE).open("wb") as stream:
            dl.write_profile(release, stream)
        described = {name: bundle.file_digest(out / name) for name in bundle.all_files(out)}
        files = {"void.ttl": void.describe(release, described, issued="2025-01-01",
                                           publisher=agents)}
        bundle._put(out, files)


def goal_line(label: str, rows: dict, scale: float, expected: tuple[str, ...] = ()) -> str:
    worst = max(rows.values(), key=lambda r: r["peak_mb"]) if rows else None
    if worst is None:
        return f"| {label} | {scale:g}× | – | did not run |"
    stopped = [k for k, r in rows.items() if r["timed_out"]]
    failed = [k for k, r in rows.items() if r["exit"] and k not in stopped]
    if any(r.get("over_memory") for r in rows.values()):
        worst = {**worst, "peak_mb": max(worst["peak_mb"], MEMORY_LIMIT_MB)}
    verdict = "met" if worst["peak_mb"] < GOAL_MB and not failed else "missed"
    if verdict == "met" and stopped:
        verdict = "under 4 GB while it ran; not finished"
    missing = [k for k in expected if k not in rows]
    if verdict == "met" and missing:
        verdict = "met by those measured; not measured: " + ", ".join(missing)
    why = f"largest {worst['peak_mb']:,} MB ({next(k for k, r in rows.items() if r is worst)})"
    why += f"; measured: {', '.join(rows)}"
    if stopped:
        why += "; stopped at the time limit: " + ", ".join(
            f"{k} after {rows[k]['seconds']:,.0f} s" for k in stopped)
    if failed:
        why += "; did not finish: " + ", ".join(failed)
    return f"| {label} | {scale:g}× | {why} | {verdict} |"


def cpu(row: dict) -> str:
    """The command's CPU seconds (rows of runs before they were noted: "")."""
    return str(row["cpu_seconds"]) if "cpu_seconds" in row else ""


def measured(row: dict) -> str:
    """When a figure was measured, and the load average then (rows of earlier runs: "")."""
    return f"{row['at']} ({row['load']})" if "at" in row else ""


def report(results: dict, note: str) -> str:
    lines = ["# Export and changes-* at scale (issue 17)", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
             f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB; "
             f"Python {platform.python_version()}. Run {time.strftime('%Y-%m-%d %H:%M')}; load "
             f"average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}. Other work "
             "shared the machine: seconds are upper bounds; peak memory is each command's own.",
             "", "Written by `benchmarks/export_scale.py` (part of `make bench`).", ""]
    if note:
        lines += [note, ""]
    lines += ["## Goals", "", "| goal | scale | figure | |", "|---|---|---|---|"]
    for scale, fig in results.items():
        if "export" not in fig:
            continue
        lines.append(goal_line("`export` (each format, and the bundle) in under 4 GB",
                               fig["export"], float(scale), (*FORMATS, "bundle")))
        lines.append(goal_line("`changes-*` in under 4 GB", fig["changes"], float(scale),
                               CHANGES))
    if "100" not in results:
        lines.append("| `export` and `changes-*` in under 4 GB | 100× | not run: see above | "
                     "did not fit |")
    for scale, fig in results.items():
        counts = fig["counts"]
        if "quads" not in fig:
            lines += ["", f"## Scale {float(scale):g}", "", "The build did not finish."]
            continue
        lines += ["", f"## Scale {float(scale):g}", "",
                  f"{counts.get('networks')} networks, {counts.get('records')} records, "
                  f"{fig['quads']:,} quads in the build's cache. Build: "
                  f"{fig['build']['seconds']} s, {fig['build']['peak_mb']:,} MB "
                  "(0 s when the cache was current).", "",
                  "| command | seconds | CPU seconds | peak memory | output | exit | "
                  "measured (load) |",
                  "|---|---:|---:|---:|---|---|---|"]
        for fmt, row in fig["export"].items():
            what = f"{row.get('files', '')} files, " if "files" in row else ""
            command = COMMANDS.get(fmt, f"export --format {fmt}")
            lines.append(f"| {command} | "
                         f"{row['seconds']} | {cpu(row)} | {row['peak_mb']:,} MB | "
                         f"{what}{row['mb']} MB | "
                         f"{row['exit']}{' (timed out)' if row['timed_out'] else ''}"
                         f"{' (over the memory limit)' if row.get('over_memory') else ''} | "
                         f"{measured(row)} |")
        for name, row in fig["changes"].items():
            lines.append(f"| query {name} | {row['seconds']} | {cpu(row)} | "
                         f"{row['peak_mb']:,} MB | "
                         f"{row['rows']} rows | {row['exit']}"
                         f"{' (over the memory limit)' if row.get('over_memory') else ''}"
                         f" | {measured(row)} |")
        for fmt, row in fig["export"].items():
            if row.get("message"):
                lines += ["", f"`--format {fmt}` said: " + " ".join(row["message"].split())]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/pzgraph-export-bench"))
    parser.add_argument("--bundle-scales", type=float, nargs="*", default=[1, 10],
                        help="scales at which the whole bundle is written too (its pages: "
                             "~1 GB and 170,000 files per 1x)")
    parser.add_argument("--cache-only", action="store_true",
                        help="accept a cache written by run.py's build phases (no SHACL, QC)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per command")
    parser.add_argument("--formats", nargs="*", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--no-changes", action="store_true",
                        help="skip the changes-* queries (their earlier figures are kept)")
    parser.add_argument("--parts", action="store_true",
                        help="measure the bundle's files beside the data files (void.ttl, the "
                             "DL profile, the ontology and vocabularies), without the pages")
    parser.add_argument("--worker-parts", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep-model", action="store_true",
                        help="leave the project's ontology, queries and checks as they are "
                             "(another run may be reading them)")
    parser.add_argument("--changes", nargs="+", choices=CHANGES, default=list(CHANGES))
    parser.add_argument("--edits", nargs="+", choices=list(EDITS), default=[""],
                        help="which old versions the changes-* queries compare the build with "
                             "(\"\": every network's graph edited; \"one network\")")
    parser.add_argument("--note", default="", help="a paragraph for the head of the report")
    parser.add_argument("--out", type=Path, default=RESULTS / "export-scale.md")
    parser.add_argument("--report-only", action="store_true",
                        help="write the report from the saved figures (export-scale.json)")
    args = parser.parse_args()
    if args.worker_parts:
        write_parts(*args.worker_parts)
        return
    saved = args.out.with_suffix(".json")
    results = json.loads(saved.read_text()) if saved.exists() else {}
    if args.report_only:
        args.out.write_text(report(results, args.note))
        return
    def save() -> None:
        saved.write_text(json.dumps(results, indent=2))
        args.out.write_text(report(results, args.note))

    for scale in args.scales:
        bench_scale(scale, args.workdir, scale in args.bundle_scales, args.timeout,
                    args.cache_only, args.formats, [] if args.no_changes else args.changes,
                    results.setdefault(f"{scale:g}", {}), save, args.edits, args.keep_model,
                    args.parts)
    print(args.out)


if __name__ == "__main__":
    main()
