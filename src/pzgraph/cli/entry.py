"""The `pzgraph` command: a plain `pzgraph query NAME` is answered without click (quick.py);
every other command line goes to the click group (main.py)."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
from collections.abc import Iterator


def main() -> int | None:
    with _collector_off():
        from .quick import answer_plainly
    code = answer_plainly(sys.argv[1:])
    if code is not None:
        _end_now(code)
        return code
    with _collector_off():
        from .main import main as command  # click: every other verb, help and mistake
    return command()


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """Importing modules makes many objects and no garbage: the cycle collector would only
    walk them again and again."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
