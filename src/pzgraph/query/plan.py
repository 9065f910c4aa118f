"""Which store answers a query faster: the build's on-disk store, or the dataset parsed into
memory. Measured per query on this machine and kept with the build.

Neither form wins everywhere (benchmarks/results/scale.md): the on-disk store opens in
milliseconds at any scale, but each lookup in it costs several times one in memory, so a
query that reads much of the graph (municipality coverage, a whole landscape's members)
answers faster after parsing the dataset into memory, and a small one does not. So the
first time a query is asked after a build, `pzgraph query` answers it from the disk and
then, after its answer is out, times the other way: parsing plus answering in memory, in
a child process stopped as soon as it has taken longer than the disk did (then the disk
wins, and no more time is spent). The outcome, with both figures, is kept in
build/store/plan.json (that folder belongs to one cache file: a rebuild starts afresh), and
later commands take the faster way. Both give the same answer (tests/test_fast_paths.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from ..project import write_atomic

PLAN_FILE = "plan.json"
DISK, MEMORY = "disk", "memory"
WORTH_TIMING = 0.05  # seconds: below this on disk, parsing the dataset cannot win


def key(name: str, params: dict[str, str], sparql: str) -> str:
    """A query by name and the parameters it was given (not their values: a network's
    members and another network's answer alike); an ad-hoc query by its text."""
    text = hashlib.sha256(sparql.encode("utf-8")).hexdigest()[:16]
    return f"{name}|{','.join(sorted(params))}|{text}"


def _read(folder: Path) -> dict:
    try:
        plan = json.loads((folder / PLAN_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return plan if isinstance(plan, dict) else {}


def choice(folder: Path | None, name: str) -> str | None:
    """DISK or MEMORY as measured for this query, or None when not measured yet."""
    if folder is None:
        return None
    entry = _read(folder).get(name)
    return entry.get("choice") if isinstance(entry, dict) else None


def record(folder: Path, name: str, entry: dict) -> None:
    plan = _read(folder)
    plan[name] = entry
    with contextlib.suppress(OSError):  # a read-only build folder: measured again next time
        write_atomic(folder / PLAN_FILE, json.dumps(plan, indent=1, sort_keys=True) + "\n")


def measure(folder: Path, name: str, disk_seconds: float,
            time_memory: Callable[[float], float | None]) -> None:
    """Keep the faster way for this query. `time_memory(limit)` parses and answers in memory
    and returns the seconds it took, or None when it was stopped at `limit` seconds (then
    the disk was faster) or could not be timed."""
    entry: dict = {"choice": DISK, "disk_s": round(disk_seconds, 4)}
    if disk_seconds >= WORTH_TIMING:
        memory_seconds = time_memory(disk_seconds)
        entry["memory_s"] = (round(memory_seconds, 4) if memory_seconds is not None
                             else f"> {disk_seconds:.4f}")
        if memory_seconds is not None and memory_seconds < disk_seconds:
            entry["choice"] = MEMORY
    record(folder, name, entry)
