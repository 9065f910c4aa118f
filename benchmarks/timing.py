"""The timers the benchmark scripts share."""

from __future__ import annotations

import os
import signal
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
    over_memory: bool = False  # stopped past memory_limit_mb (timed_out is then True too)
    cpu_seconds: float = 0.0  # user + system time of the command and the children it waited for


def resident_mb(pid: int) -> float:
    """The resident memory now (MB) of the process and of its children, each counted (a
    command may do its work in a child); 0 for a process gone or not readable."""
    total = 0.0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
            total += sum(resident_mb(int(child)) for child in children.read().split())
    except (OSError, ValueError):
        pass
    return total


def run_measured(args: list[str], env: dict, timeout: float, stdout=subprocess.DEVNULL,
                 stderr=subprocess.STDOUT, memory_limit_mb: float | None = None) -> Measured:
    """Run `args` to its end, or kill it at `timeout` seconds, or (on a machine others share)
    when its resident memory passes `memory_limit_mb`: counted as timed out, peak as reached."""
    started = time.perf_counter()
    # a session of its own: a command stopped is stopped with the children it started
    process = subprocess.Popen(args, env=env, stdout=stdout, stderr=stderr,
                               start_new_session=bool(memory_limit_mb))
    timed_out = over = False
    checked, sampled = started, 0.0  # the largest resident memory seen, children included
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if memory_limit_mb and time.perf_counter() - checked > 0.5:
            checked = time.perf_counter()
            sampled = max(sampled, resident_mb(process.pid))
            over = sampled > memory_limit_mb
        if over or time.perf_counter() - started > timeout:
            if memory_limit_mb:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            timed_out = True
            break
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)
    # wait4 counts the children the command waited for; one stopped with it is only sampled
    return Measured(time.perf_counter() - started, max(usage.ru_maxrss / 1024, sampled),
                    process.returncode, timed_out, process, over,
                    usage.ru_utime + usage.ru_stime)
