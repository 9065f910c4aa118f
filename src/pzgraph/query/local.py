"""`pzgraph query` answered in this process: at an endpoint, for a comparison of two
versions, or where no resident store can answer (query/resident.py).

Locally, the faster of the build's on-disk store and an in-memory parse answers, as
measured for this query after the build (query/plan.py), in a forked child that a time
limit or a crash of the query engine ends with a plain error (release/guard.py).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import pyoxigraph as ox

from ..project import Project
from ..release.guard import run_stoppable
from . import plan
from .endpoint import RemoteStore
from .library import Query
from .output import render
from .run import answer
from .store import KnowledgeGraph, in_memory, load, verified_build


def run_here(project: Project, query: Query, params: dict[str, str], fmt: str,
             language: str | None, endpoint: str | None, timeout: float,
             progress: Callable[[str], None], emit: Callable[[str], None]) -> None:
    """Answer and hand the text to `emit`; then, the first time after a build, time the
    other store for this query."""
    graph: KnowledgeGraph | None = None
    if endpoint:
        # Everything is asked of the endpoint, parameters and labels too: no local load (a
        # comparison of two version files refuses an endpoint: see answer)
        store, current = RemoteStore(endpoint, timeout), None
    elif query.compare:
        # A comparison loads its two versions itself: build (or find) the current one only.
        store, current = ox.Store(), verified_build(project, progress=progress)[0]
    else:
        graph = load(project, progress=progress, on_disk=True)
        store, current = graph.store, graph.path
    folder = graph.keep[0] if graph is not None and graph.keep else None
    name = plan.key(query.name, params, query.sparql)
    chosen = plan.choice(folder, name)  # the faster store for this query, once measured

    def work(memory: bool = chosen == plan.MEMORY) -> tuple[str, float]:
        used = in_memory(graph).store if memory and graph is not None else store
        started = time.perf_counter()
        result = answer(query, used, params, endpoint=endpoint, language=language,
                        current_version=current,
                        keep=graph.keep if graph is not None else None)
        return (render(result.columns, result.rows, fmt, language),
                time.perf_counter() - started)

    if endpoint:  # the endpoint applies its own limits
        emit(work()[0])
        return
    text, seconds = run_stoppable(work, timeout)  # checked by the caller (check_query)
    emit(text)
    # The first time after a build: time the other way, in a child that can be stopped (a
    # process with other threads cannot fork safely: it leaves the timing to a later run).
    # Not for an answer kept with the build (betweenness): the disk's first run computed it,
    # and a fair race would read the kept answer from the disk in milliseconds.
    forkable = hasattr(os, "fork") and threading.active_count() == 1
    if folder is not None and chosen is None and forkable and query.compute != "betweenness":
        plan.measure(folder, name, seconds, lambda limit: _time_in_memory(work, limit))


def _time_in_memory(work, limit: float) -> float | None:
    """Seconds to parse the dataset and answer in memory; None when stopped after `limit`
    seconds (or when it failed: the disk stays)."""

    def timed() -> float:
        started = time.perf_counter()
        work(memory=True)
        return time.perf_counter() - started

    try:
        return run_stoppable(timed, limit)
    except Exception:  # noqa: BLE001 - stopped, or it failed: the answer is out, disk stays
        return None
