"""Sorting more lines than fit in memory: sorted runs spilled to files, then merged.

The release is sorted (same inputs, same bytes), and at 100x national scale its 22 million
statements do not fit in memory as Python strings. Lines are kept until `budget` bytes, sorted,
written to a run file, and at the end the runs are merged (heapq.merge) as streams. Lines are
compared as Python strings: code point order, which is the byte order of their UTF-8.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Bytes of line text held before a run is written; a Python str costs ~50 bytes more.
DEFAULT_BUDGET = 96 * 1024 * 1024
_OVERHEAD = 56


class ExternalSort:
    """Collect lines (no newline inside) with `add`, then read them back sorted, each once
    when `unique`. Run files live in `folder` and are removed as soon as they are merged."""

    def __init__(self, folder: Path, unique: bool = True, budget: int | None = None) -> None:
        self.folder, self.unique = Path(folder), unique
        self.budget = DEFAULT_BUDGET if budget is None else budget
        self.lines: list[str] = []
        self.size = 0
        self.runs: list[Path] = []
        self.count = 0  # lines added

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.count += 1
        self.size += len(line) + _OVERHEAD
        if self.size >= self.budget:
            self._spill()

    def _spill(self) -> None:
        self.lines.sort()
        handle, name = tempfile.mkstemp(dir=self.folder, prefix="run-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(line + "\n" for line in _once(self.lines, self.unique))
        self.runs.append(Path(name))
        self.lines, self.size = [], 0

    def __iter__(self) -> Iterator[str]:
        """The lines in order (without newline). Reads once: the runs are removed after."""
        if not self.runs:
            self.lines.sort()
            lines, self.lines = self.lines, []
            yield from _once(lines, self.unique)
            return
        if self.lines:
            self._spill()
        files = [run.open(encoding="utf-8", newline="\n") for run in self.runs]
        try:
            merged = heapq.merge(*((line[:-1] for line in f) for f in files))
            yield from _once(merged, self.unique)
        finally:
            for f in files:
                f.close()
            for run in self.runs:
                run.unlink(missing_ok=True)
            self.runs = []


def _once(lines, unique: bool) -> Iterator[str]:
    if not unique:
        yield from lines
        return
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line
