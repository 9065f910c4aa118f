"""How long the build takes, cold and warm, and how fast a read command starts from the cache.

    .venv/bin/python benchmarks/build.py [--repeat 5]

Writes benchmarks/results/build.md. Process start is included: each figure is a
`pzgraph ...` command run as a user runs it.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PZGRAPH = [str(Path(sys.executable).parent / "pzgraph")]
RESULTS = Path(__file__).parent / "results"


def run(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(PZGRAPH + args, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    figures = [
        ("build, cold, with HermiT (`build --force`)",
         run(["build", "--force"], max(1, repeat // 2)), 5.0),
        ("build, cold, without reasoning (`build --force --no-reason`)",
         run(["build", "--force", "--no-reason"], max(1, repeat // 2)), 5.0),
    ]
    run(["build"], 1)  # leave a reasoned cache behind for the warm figures
    figures += [
        ("build, warm (inputs unchanged: cache hit)", run(["build"], repeat), 3.0),
        ("read command from the cache (`stats`)", run(["stats"], repeat), 1.0),
        ("read command from the cache (`query --list`)", run(["query", "--list"], repeat), 1.0),
    ]
    lines = [
        "# Build and start-up",
        "",
        f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}. Median of {repeat} runs (cold builds: "
        f"{max(1, repeat // 2)}), process start included.",
        "",
        "| what | seconds | goal |",
        "|---|---:|---:|",
    ]
    lines += [f"| {what} | {seconds:.2f} | < {goal:g} |" for what, seconds, goal in figures]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "build.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
