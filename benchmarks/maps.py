"""How long the maps take at national scale: to write each one, and until it is drawn.

    .venv/bin/python benchmarks/maps.py [--scales 1 10] [--repeat 3] [--workdir DIR] [--reason]

For each scale, a synthetic country from benchmarks/generate.py (1× ≈ 65 networks and
5,000 organisations) is generated and built (without the OWL check unless --reason), once
per workdir. Then, with the graph loaded: "write" is SPARQL + networkx + layout + HTML +
atomic write of the landscape, the coverage map and one network's map (median of --repeat;
wall and CPU seconds, as the machine may be shared); "drawn" is from navigation until
vis-network has drawn the map in headless Chromium at 1280×720 (positions are computed in
Python and physics is off: the first complete drawing is the settled one). The goals of
issue 18 are checked line by line. Also records which heavy modules `pzgraph --help`
imports. Writes benchmarks/results/maps.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pzgraph import maps  # noqa: E402
from pzgraph.project import Project, write_atomic  # noqa: E402
from pzgraph.query.store import load  # noqa: E402

RESULTS = Path(__file__).parent / "results"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HEAVY = ("pyvis", "networkx", "rdflib", "owlready2", "pyshacl")
# Issue 18: the landscape written in < 2 s at 1× and < 15 s at 10×, drawn in < 2 s at 1×.
GOALS = [("1×", "landschap", "write", 2.0), ("1×", "landschap", "drawn", 2.0),
         ("10×", "landschap", "write", 15.0)]


def _generator():
    spec = importlib.util.spec_from_file_location("pzgraph_bench_generate",
                                                  ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def country(scale: float, workdir: Path) -> Project:
    root = workdir / f"scale-{scale:g}"
    if not (root / "generated.json").exists():
        _generator().generate(scale, root, seed=7, progress=None)
    return Project(root, sources=root / "sources")


def timed_write(make, path: Path, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    """Median wall and CPU seconds of making a map and writing it (`repeat` runs)."""
    walls, cpus = [], []
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        write_atomic(path, maps.render(make()))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def goal_lines(rows: list[tuple]) -> list[str]:
    """One line per goal of issue 18: met or missed, with the figure it rests on."""
    lines = []
    for scale, view, what, limit in GOALS:
        row = next((r for r in rows if r[0] == scale and r[1] == view), None)
        if row is None:
            lines.append(f"- {view} {'written' if what == 'write' else 'drawn'} at {scale} "
                         f"< {limit:g} s: not measured")
            continue
        _, _, _, wall, cpu, _, drawn, _ = row
        value = wall if what == "write" else drawn
        verdict = "met" if value == value and value < limit else "missed"
        detail = f"{value:.2f} s" + (f" wall, {cpu:.2f} s CPU" if what == "write" else "")
        if what == "write" and verdict == "missed" and cpu < limit:
            detail += "; the CPU time is within the goal, the wall time is the shared machine's"
        lines.append(f"- {view} {'written' if what == 'write' else 'drawn'} at {scale} "
                     f"< {limit:g} s: **{verdict}** ({detail})")
    return lines


def until_ready(browser, path: Path, repeat: int, timeout: float) -> float:
    """Seconds from navigation until the map is drawn (median of `repeat` loads); NaN when
    the page is not drawn within `timeout` seconds."""
    from playwright.sync_api import TimeoutError as PageTimeout

    times = []
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        try:
            page.goto(path.resolve().as_uri(), timeout=timeout * 1000)
            page.wait_for_function("window.pzMap && window.pzMap.ready", timeout=timeout * 1000)
            times.append(page.evaluate("pzMap.readyAt") / 1000)
        except PageTimeout:
            times.append(float("nan"))
        finally:
            page.close()
    return statistics.median(times)


def heavy_imports() -> list[str]:
    """The heavy modules `pzgraph --help` imports (none is needed to print the help)."""
    code = ("import sys; from pzgraph.cli.main import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY:', ' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("HEAVY:"))
    return line.removeprefix("HEAVY:").split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds a page may take to be drawn before it counts as not drawn")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "pzgraph-bench-maps")
    parser.add_argument("--reason", action="store_true",
                        help="load the graph built with the OWL check (as `make bench` builds)")
    parser.add_argument("--out", type=Path, default=RESULTS / "maps.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load_before = load_average()
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for scale in args.scales:
            project = country(scale, args.workdir)
            started = time.perf_counter()
            kg = load(project, reasoning=args.reason)
            loaded = time.perf_counter() - started
            network = sorted(p.stem.split("-", 1)[1] for p in project.data_dir.glob("n*.yaml"))[0]
            views = [("landschap", lambda kg=kg: maps.landscape(kg)),
                     ("dekking", lambda kg=kg: maps.coverage(kg)),
                     (f"netwerk {network}", lambda kg=kg, n=network: maps.network(kg, n))]
            repeat = args.repeat if scale <= 1 else 1
            for name, make in views:
                path = project.root / "out" / (name.replace(" ", "-") + ".html")
                wall, cpu = timed_write(make, path, repeat)
                ready = until_ready(browser, path, repeat, args.timeout)
                rows.append((f"{scale:g}×", name, len(kg), wall, cpu, path.stat().st_size / 1e6,
                             ready, loaded))
                print(f"{scale:g}× {name}: {wall:.2f} s ({cpu:.2f} s CPU) to write, "
                      f"{ready:.2f} s until drawn", file=sys.stderr)
        browser.close()
    table = ["| scale | map | triples | written (s, wall) | written (s, CPU) | HTML (MB) | "
             "Chromium until drawn (s) |", "|---|---|---:|---:|---:|---:|---:|"]
    table += [f"| {s} | {n} | {t:,} | {w:.2f} | {c:.2f} | {mb:.1f} | "
              + (f"{r:.2f}" if r == r else "not drawn in time") + " |"
              for s, n, t, w, c, mb, r, _ in rows]
    loads = sorted({(s, round(load_s, 2)) for s, *_, load_s in rows})
    heavy = heavy_imports()
    text = "\n".join([
        "# Maps at national scale: time to write, time until drawn", "",
        f"Machine: {platform.machine()}, {platform.system()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, shared: load average "
        f"{load_before} before and {load_average()} after (1, 5, 15 minutes; above "
        f"{os.cpu_count()} the wall times are stretched by other work, the CPU times are this "
        f"work's own). Median of {args.repeat} at 1× (one run above). Synthetic country from "
        "benchmarks/generate.py, built " + ("with" if args.reason else "without")
        + " the OWL check. Loading the built graph into memory (a build first where the code "
        "changed since): "
        + ", ".join(f"{s} {t} s" for s, t in loads) + " (not included). Write = SPARQL + "
        "networkx + layout + HTML + atomic write; drawn = navigation until vis-network's first "
        "complete drawing (headless Chromium, 1280×720). A network's map reads only that "
        "network's part of the graph.", "", *table, "", "Goals (issue 18):", "",
        *goal_lines(rows), "",
        "Heavy modules imported by `pzgraph --help`: " + (", ".join(heavy) or "none") + ".", ""])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out, text)
    print(text)


if __name__ == "__main__":
    main()
