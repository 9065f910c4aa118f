"""The `pzgraph` command: a plain `pzgraph query NAME` is answered without click (quick.py);
every other command line goes to the click group (main.py)."""

from __future__ import annotations

import sys

from .quick import answer_plainly


def main() -> int | None:
    code = answer_plainly(sys.argv[1:])
    if code is not None:
        return code
    from .main import main as command  # click: every other verb, help and mistake

    return command()
