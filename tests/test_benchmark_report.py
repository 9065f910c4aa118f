"""The speed report (benchmarks/query_speed.py) repeats the goals that the other benchmarks
measure, from their own result files: each writes its goals in its own form."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).parents[1]


def query_speed():
    spec = importlib.util.spec_from_file_location("pzgraph_bench_query_speed",
                                                  ROOT / "benchmarks" / "query_speed.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_goals_are_read_from_a_list_in_bold_and_from_a_goals_table():
    maps = ("Goals (issue 18):\n\n- landschap written at 1× < 2 s: **met** (0.99 s)\n"
            "- landschap written at 10× < 15 s: **missed** (17 s)\n- a note, no goal\n")
    export = ("# Export\n\n## Goals\n\n| goal | scale | figure | |\n|---|---|---|---|\n"
              "| `export` in under 4 GB | 1× | 339 MB | met |\n"
              "| `export` in under 4 GB | 100× | 255 MB; not finished | under 4 GB while it ran |\n"
              "\n## Scale 1\n\n| command | seconds |\n|---|---:|\n| export --format nq | 35.1 |\n")
    goal_lines = query_speed().goal_lines
    assert goal_lines(maps) == ["- landschap written at 1× < 2 s: **met** (0.99 s)",
                                "- landschap written at 10× < 15 s: **missed** (17 s)"]
    assert goal_lines(export) == [
        "| `export` in under 4 GB | 1× | 339 MB | met |",
        "| `export` in under 4 GB | 100× | 255 MB; not finished | under 4 GB while it ran |"]
