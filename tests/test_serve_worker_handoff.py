"""A store process that one query killed is never handed to the next (hostile review s9 #2).

When a query ran past its time limit, the server killed its store process and gave the worker
back at once; the next query in the queue took that process while it still looked alive
(a kill takes a moment, and Popen.poll() answers "running" while the supervisor thread
reaps it) and its innocent client got "the query engine died on this query" (400). Here the
"killed" process is a live one, the strongest form of that moment: the next query must wait
for the supervisor's replacement.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from pzgraph.release.guard import Limits
from pzgraph.release.workers import StorePool, Worker


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_the_next_query_waits_for_the_replacement_of_a_killed_process(tmp_path: Path):
    pool = StorePool(tmp_path, Limits(queue_timeout=5), lambda _: None)
    spent, replacement = _sleeper(), _sleeper()
    try:
        worker = Worker(0, spent)
        replaced = threading.Event()
        pool.release(worker, spent)  # the query before killed it (or saw it end)

        def supervisor() -> None:
            replaced.wait(10)
            worker.process = replacement

        threading.Thread(target=supervisor, daemon=True).start()
        taken: list = []
        threading.Thread(target=lambda: taken.append(pool.acquire()), daemon=True).start()
        threading.Event().wait(0.3)
        assert not taken, "the killed process was handed out"
        replaced.set()
        for _ in range(100):
            if taken:
                break
            threading.Event().wait(0.05)
        assert taken and taken[0] == (worker, replacement)
    finally:
        for process in (spent, replacement):
            process.kill()
            process.wait()


def test_a_process_that_answered_is_handed_out_again(tmp_path: Path):
    pool = StorePool(tmp_path, Limits(queue_timeout=5), lambda _: None)
    process = _sleeper()
    try:
        worker = Worker(0, process)
        pool.release(worker)
        assert pool.acquire() == (worker, process)
    finally:
        process.kill()
        process.wait()
