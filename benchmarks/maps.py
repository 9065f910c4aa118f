"""How long the maps take at national scale: to write each one, and until it is drawn.

    .venv/bin/python benchmarks/maps.py [--scales 1 10] [--repeat 3] [--workdir DIR]

For each scale, a synthetic country from benchmarks/generate.py (1× ≈ 65 networks and
5,000 organisations) is generated and built (without the OWL check), once per workdir.
Then, with the graph loaded: "write" is SPARQL + networkx + layout + HTML + atomic write
of the landscape, the coverage map and one network's map (median of --repeat); "ready" is
from navigation until vis-network has drawn the map in headless Chromium at 1280×720
(physics is off: the first complete drawing is the settled one). Also records which heavy
modules `pzgraph --help` imports. Writes benchmarks/results/maps.md.
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

from timing import median_seconds  # noqa: E402  (benchmarks/timing.py)

from pzgraph import maps  # noqa: E402
from pzgraph.project import Project, write_atomic  # noqa: E402
from pzgraph.query.store import load  # noqa: E402

RESULTS = Path(__file__).parent / "results"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HEAVY = ("pyvis", "networkx", "rdflib", "owlready2", "pyshacl")


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
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for scale in args.scales:
            project = country(scale, args.workdir)
            started = time.perf_counter()
            kg = load(project, reasoning=False)
            loaded = time.perf_counter() - started
            network = sorted(p.stem.split("-", 1)[1] for p in project.data_dir.glob("n*.yaml"))[0]
            views = [("landschap", lambda kg=kg: maps.landscape(kg)),
                     ("dekking", lambda kg=kg: maps.coverage(kg)),
                     (f"netwerk {network}", lambda kg=kg, n=network: maps.network(kg, n))]
            repeat = args.repeat if scale <= 1 else 1
            for name, make in views:
                path = project.root / "out" / (name.replace(" ", "-") + ".html")
                write = median_seconds(lambda make=make, path=path:
                                       write_atomic(path, maps.render(make())), repeat)
                ready = until_ready(browser, path, repeat, args.timeout)
                rows.append((f"{scale:g}×", name, len(kg), write, path.stat().st_size / 1e6,
                             ready, loaded))
                print(f"{scale:g}× {name}: {write:.2f} s to write, {ready:.2f} s until drawn",
                      file=sys.stderr)
        browser.close()
    table = ["| scale | map | triples | write (s) | HTML (MB) | Chromium until drawn (s) |",
             "|---|---|---:|---:|---:|---:|"]
    table += [f"| {s} | {n} | {t:,} | {w:.2f} | {mb:.1f} | "
              + (f"{r:.2f}" if r == r else "not drawn in time") + " |"
              for s, n, t, w, mb, r, _ in rows]
    loads = sorted({(s, round(load_s, 2)) for s, *_, load_s in rows})
    heavy = heavy_imports()
    load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3]) \
        if Path("/proc/loadavg").exists() else "?"
    text = "\n".join([
        "# Maps at national scale: time to write, time until drawn", "",
        f"Machine: {platform.machine()}, {platform.system()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, load average {load_average} at "
        f"the end; median of {args.repeat} at 1× (one run above). Synthetic country from "
        "benchmarks/generate.py, built without the OWL check. Loading the built graph: "
        + ", ".join(f"{s} {t} s" for s, t in loads) + " (not included). Write = SPARQL + "
        "networkx + layout + HTML + atomic write; drawn = navigation until vis-network's first "
        "complete drawing (headless Chromium, 1280×720). A network's map reads only that "
        "network's part of the graph.", "", *table, "",
        "Heavy modules imported by `pzgraph --help`: " + (", ".join(heavy) or "none") + ".", ""])
    RESULTS.mkdir(exist_ok=True)
    write_atomic(RESULTS / "maps.md", text)
    print(text)


if __name__ == "__main__":
    main()
