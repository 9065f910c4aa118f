"""Issue 17: the fixed cost of `pzgraph query NAME` on the curated graph, beside the peer.

    .venv/bin/python benchmarks/startup.py [--repeat 30] [--before SRC] [NAME ...]

On the curated graph a query's answer takes the resident milliseconds, so what a command
costs is starting Python and what it imports. Each run a fresh process, taken in turns so
all sides share the machine's load: `pzgraph query NAME` (the resident answers), the peer
(six lines of pyoxigraph, query_speed.PEER), and with --before SRC the same command run from
another checkout's src/ (e.g. `git archive main src | tar -x -C /tmp/before`), which starts
a resident of its own code and keeps a build folder of its own (a copy of build/: its code is
at other paths, and in one folder each side would rewrite the other's remembered checksums,
build/file-hashes.json, on every run). Medians of wall time and of CPU time (user + system of the
command itself; the resident's is not in it), with the load average beside them.
Writes its table into benchmarks/results/startup.md between the markers below.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from query_speed import PEER, ROOT, env_for, load_average

RESULTS = Path(__file__).resolve().parent / "results" / "startup.md"
BEGIN, END = "<!-- startup: begin -->", "<!-- startup: end -->"
PYTHON = str(Path(sys.executable))
DEFAULT = ["hospice-affiliation", "national-overview", "networks-consortia", "members",
           "kwaliteitskader-matrix", "patient-wishes"]
# The console script as it was before cli/entry.py, for a --before checkout
CLICK_ENTRY = "import sys; from pzgraph.cli.main import main; sys.exit(main())"
ENTRY = "import sys; from pzgraph.cli.entry import main; sys.exit(main())"


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run (CPU from wait4: the command's own)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{args[-1]} failed: {process.stderr.read().decode()[-400:]}")
    process.stderr.close()
    return wall * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def sides(name: str, before: Path | None,
          before_build: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    env = env_for(ROOT, ROOT.parent / "shared" / "seeds")
    found = {"pzgraph": ([str(Path(PYTHON).parent / "pzgraph"), "query", name], env)}
    if before is not None:
        entry = ENTRY if (before / "pzgraph" / "cli" / "entry.py").is_file() else CLICK_ENTRY
        found["before"] = ([PYTHON, "-c", entry, "query", name],
                           {**env, "PYTHONPATH": str(before), "PZGRAPH_BUILD": str(before_build)})
    peer = [PYTHON, "-c", PEER, str(ROOT / "build" / "pzgraph.nq"),
            str(ROOT / "queries" / f"{name}.rq")]
    found["peer"] = (peer, env)
    return found


def measure(names: list[str], repeat: int, before: Path | None) -> list[str]:
    lines = []
    copy = Path(tempfile.mkdtemp(prefix="pzgraph-startup-"))
    before_build = copy / "build"
    if before is not None:  # copied with its times: the manifest still describes the cache
        shutil.copytree(ROOT / "build", before_build, symlinks=True)
    for name in names:
        runs = sides(name, before, before_build)
        for args, env in runs.values():  # a resident started, modules compiled
            timed(args, env)
        walls: dict[str, list[float]] = {side: [] for side in runs}
        cpus: dict[str, list[float]] = {side: [] for side in runs}
        for _ in range(repeat):  # in turns
            for side, (args, env) in runs.items():
                wall, cpu = timed(args, env)
                walls[side].append(wall)
                cpus[side].append(cpu)
        wall = {side: statistics.median(values) for side, values in walls.items()}
        cpu = {side: statistics.median(values) for side, values in cpus.items()}
        cells = [f"{wall[s]:.0f} ms ({cpu[s]:.0f} ms CPU)" for s in runs]
        line = (f"| {name} | " + " | ".join(cells) +
                f" | {wall['pzgraph'] / wall['peer']:.2f}× | {load_average()} |")
        print(line, flush=True)
        lines.append(line)
    shutil.rmtree(copy, ignore_errors=True)  # its resident leaves when the dataset is gone
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--before", type=Path, help="another checkout's src/ folder")
    parser.add_argument("--label", default="another checkout",
                        help="what --before is, for the results (e.g. main at 65c45cc)")
    args = parser.parse_args()
    if not (ROOT / "build" / "pzgraph.nq").is_file():
        subprocess.run([str(Path(PYTHON).parent / "pzgraph"), "build"], check=True,
                       env=env_for(ROOT, ROOT.parent / "shared" / "seeds"))
    heads = ["pzgraph query", *(["before"] if args.before else []), "peer"]
    table = [f"| query | {' | '.join(heads)} | pzgraph ÷ peer | load |",
             "|---|" + "---:|" * (len(heads) + 1) + "---|",
             *measure(args.names, args.repeat, args.before)]
    text = "\n".join([
        BEGIN, f"Medians of {args.repeat} runs each, in turns (benchmarks/startup.py"
        f"{' --before' if args.before else ''}); wall time, and in brackets the CPU time of "
        "the command itself (the resident's is not counted)"
        f"{f'; before: {args.label}' if args.before else ''}.", "", *table, END]) + "\n"
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    if BEGIN in old and END in old:  # what is written around the table stays
        text = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END) + 1:]
    else:
        text = "# `pzgraph query NAME` on the curated graph: its fixed cost\n\n" + text
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
