"""Computed answers kept with the build: betweenness is computed once per build, then read.

Exact betweenness needs every edge of the landscape and Brandes' algorithm over them, whose
cost grows with nodes × edges: 96 s at 10x national scale (54,610 nodes, 76,712 edges) even
in rustworkx's native, parallel code. Its answer depends only on the dataset and the query,
so `pzgraph build` computes it (`keep_with_build`) and keeps it in build/store/computed/, and
every later command reads it in milliseconds; where a build did not (a build started by a
query, or a graph over `LARGEST`), the first command that asks computes and keeps it.
build/store/computed/ lives inside the on-disk store's folder, which belongs to exactly one
cache file (disk_store.py: swapped whole by a rebuild, opened only while its stamp names the
verified cache), and each kept answer names the query text, the bound parameters and the
cache checksum it was computed for, so it is never read for another.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..errors import OutputError
from ..project import Project, write_atomic
from . import network_analysis
from .library import library
from .parameters import bind_parameters
from .results import Result, run_select, sort_concatenations
from .store import load

FOLDER = "computed"
# nodes × edges above which the build leaves betweenness out: 10x (4.2e9) takes ~1.5 min on
# two cores, 100x (~4e11) would take hours
LARGEST = 10**10
MAX_KEPT_BYTES = 16 << 20  # a kept answer is a few rows; more is not one of ours


def _key(sparql: str, compute: str, bindings: dict, cache_sha256: str) -> dict[str, str]:
    bound = "\n".join(f"{name}={term}" for name, term in sorted(bindings.items(),
                                                                 key=lambda item: item[0]))
    return {"cache": cache_sha256, "compute": compute, "bindings": bound,
            "query": hashlib.sha256(sparql.encode("utf-8")).hexdigest()}


def _encode(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value}
    if isinstance(term, ox.Literal):
        return {"value": term.value, "language": term.language,
                "datatype": None if term.language else term.datatype.value}
    raise TypeError(f"cannot keep {term!r}")  # a blank node names nothing outside its store


def _decode(value: object) -> ox.NamedNode | ox.Literal | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("not a term")
    if "iri" in value:
        return ox.NamedNode(value["iri"])
    if value.get("language"):
        return ox.Literal(value["value"], language=value["language"])
    return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))


def _read(path: Path) -> dict:
    """A kept answer: a plain file of ours only (a pipe there would block the read)."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise ValueError("not a plain file")
        record = json.loads(file.read(MAX_KEPT_BYTES + 1).decode("utf-8"))
    if not isinstance(record, dict):
        raise ValueError("not a kept answer")
    return record


def kept(folder: Path | None, cache_sha256: str, sparql: str, compute: str, bindings: dict,
         work: Callable[[], Result]) -> Result:
    """The answer kept for this dataset, query and parameters; else `work()`, then kept."""
    if folder is None or not cache_sha256:
        return work()
    key = _key(sparql, compute, bindings, cache_sha256)
    path = folder / FOLDER / (hashlib.sha256(json.dumps(key, sort_keys=True).encode())
                              .hexdigest() + ".json")
    try:
        record = _read(path)
        if record.get("key") == key:
            columns = [str(c) for c in record["columns"]]
            rows = [[_decode(v) for v in row] for row in record["rows"]]
            if all(len(row) == len(columns) for row in rows):
                return Result(columns, rows)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError):
        pass  # none kept yet, or unreadable: computed again
    result = work()
    try:
        rows = [[_encode(term) for term in row] for row in result.rows]
        write_atomic(path, json.dumps({"key": key, "columns": result.columns, "rows": rows},
                                      ensure_ascii=False))
    except (OSError, TypeError, OutputError):
        pass  # a read-only build folder, a blank node, no plain file there: simply not kept
    return result


def keep_with_build(project: Project, progress: Callable[[str], None],
                    reasoning: bool = True) -> None:
    """Compute the library's betweenness answers for the build just made and keep them."""
    queries = [q for q in library(project.queries_dir).values() if q.compute == "betweenness"]
    if not queries:
        return
    graph = load(project, reasoning=reasoning, on_disk=True)
    assert graph.keep is not None  # an on-disk store always belongs to its cache
    for query in queries:
        bindings = bind_parameters(query, graph.store, {})

        def work(query=query, bindings=bindings) -> Result:
            # run.answer's plain path for this query, with the size told before the long part
            edges = sort_concatenations(query.sparql,
                                        run_select(graph.store, query.sparql, bindings))
            nodes, links = network_analysis.size(edges)
            if nodes * links > LARGEST:
                raise TooLarge(f"{query.name}: {nodes:,} nodes and {links:,} links are too many "
                               "to compute with the build; `pzgraph query` computes it on request")
            progress(f"{query.name}: {nodes:,} nodes, {links:,} links (exact, kept with the "
                     "build)")
            return network_analysis.betweenness(edges)

        try:
            kept(graph.keep[0], graph.keep[1], query.sparql, query.compute or "", bindings, work)
        except TooLarge as skipped:
            progress(str(skipped))


class TooLarge(Exception):
    """The graph is too large for betweenness to be computed with the build."""
