"""Python's cyclic garbage collector held off while a map is made.

A national map makes millions of small dicts, lists and sets (a node's details, a line's
relations, each evidence item) and keeps them all until the page is written. Each of those
allocations counts towards the collector's next pass, and its passes walk every container
alive, which here is the whole map so far: at ten times the country that was 3.3 of 17 s
CPU, and it frees nothing, for what a map makes holds no reference cycles (reference
counting frees it). So the collector waits until the map is made (the standard remedy, as
the `gc` documentation describes for programs that allocate many long-lived objects).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def collector_held(function: Callable[P, R]) -> Callable[P, R]:
    """`function` run with the cyclic collector off (left as it was found afterwards)."""
    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():  # already held: by the caller, or by the program
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return run
