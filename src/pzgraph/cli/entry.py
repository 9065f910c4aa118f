"""The `pzgraph` command: a plain `pzgraph query NAME` is answered without click (quick.py);
every other command line goes to the click group (main.py)."""

from __future__ import annotations

import os
import sys
import threading

from .quick import answer_plainly


def main() -> int | None:
    code = answer_plainly(sys.argv[1:])
    if code is not None:
        _end_now(code)
        return code
    from .main import main as command  # click: every other verb, help and mistake

    return command()


def _end_now(code: int) -> None:
    """After an answer of the resident store nothing is left to clean up, so the process ends
    without tearing the interpreter down (freeing each module's objects one by one: ~10 ms
    of CPU, a sixth of such a command). Not after an answer in this process (query/local.py:
    its threads, its files), nor with another thread running."""
    if "pzgraph.query.local" in sys.modules or threading.active_count() != 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # Python's own exit says it
    os._exit(code)
