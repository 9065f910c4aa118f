"""The `pzgraph` command: a plain `pzgraph query NAME` is answered without click (quick.py);
every other command line goes to the click group (main.py)."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator


def main() -> int | None:
    with _collector_off():
        from .quick import answer_plainly
    code = answer_plainly(sys.argv[1:])
    if code is not None:
        return code
    with _collector_off():
        from .main import main as command  # click: every other verb, help and mistake
    return command()


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """Importing modules makes many objects and no garbage: the cycle collector would only
    walk them again and again (a twentieth of a plain query's CPU time)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
