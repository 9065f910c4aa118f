"""The timers the benchmark scripts share."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `repeat` runs of `action`."""
    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@dataclass
class Measured:
    """A command's wall seconds, its own peak RSS (MB, from wait4), exit code, and whether it
    was killed at its timeout; the process, for its stderr when that was a pipe."""

    seconds: float
    peak_mb: float
    exit: int
    timed_out: bool
    process: subprocess.Popen


def run_measured(args: list[str], env: dict, timeout: float, stdout=subprocess.DEVNULL,
                 stderr=subprocess.STDOUT) -> Measured:
    """Run `args` to its end, or kill it at `timeout` seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=stdout, stderr=stderr)
    timed_out = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - started > timeout:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            timed_out = True
            break
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode,
                    timed_out, process)
