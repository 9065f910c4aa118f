"""Answer a library query: bind, run (locally or at an endpoint), compute, label, pivot.

The command line, the report and the tests all go through `answer`, so a number in the
report is the number `pzgraph query` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError
from . import computed, footing, network_analysis
from .endpoint import select
from .footing_index import FootingIndex
from .library import Parameter, Query
from .output import count_pivot, pivot
from .parameters import bind_parameters
from .results import Result, display, labels_for, run_select, sort_concatenations
from .sparql_values import with_values
from .versions import NotSorted, load_difference

OLD, NEW = ox.NamedNode("urn:pzgraph:version:old"), ox.NamedNode("urn:pzgraph:version:new")
FORMAT_BY_SUFFIX = {
    ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


@dataclass
class Answer:
    query: Query
    columns: list[str]
    rows: list[list[str]]
    result: Result  # the terms behind the text, for callers that want IRIs


def answer(query: Query, store: ox.Store, params: dict[str, str], *, endpoint: str | None = None,
           language: str | None = "nl", as_matrix: bool = True,
           current_version: Path | None = None,
           keep: tuple[Path, str] | None = None,
           footings: FootingIndex | None = None,
           every_label: dict[str, dict[str, str]] | None = None) -> Answer:
    """Run one library query and return it as text rows, as the user asked for it. `keep`:
    (folder, cache checksum) where computed answers of this dataset are kept (computed.py);
    `footings` and `every_label` (by language): the store's footings and labels looked up
    beforehand (a resident store's; not for a comparison, which loads its own store)."""
    if query.compare and endpoint:
        # The versions are files read here; an endpoint holds neither (it answered 0 rows)
        raise QueryError(f"query '{query.name}' compares two versions read from files "
                         f"(--param {' --param '.join(f'{n}=FILE' for n in query.compare)}); "
                         "it runs on this machine: leave out --endpoint")
    if query.compare:
        store = load_versions(query, params, current_version)
    params = dict(params)
    level = params.pop(footing.PARAMETER, None)  # every query takes it: see footing.py
    bindings = bind_parameters(query, store, params)
    # A path in the local store is searched from both ends: only the neighbourhood is read.
    searched = query.compute == "path" and not endpoint and isinstance(store, ox.Store)
    done = searched  # the compute step already ran
    if endpoint:
        sparql = with_values(query.sparql, bindings)
        # the deadline the command was given (--timeout), kept by the endpoint's stand-in
        solutions = select(endpoint, sparql, getattr(store, "timeout", 30))
        columns = _columns(query, solutions)
        result = Result(columns, [[row.get(c) for c in columns] for row in solutions])
    elif searched:
        result = network_analysis.path_by_search(store, query.sparql, *_ends(query, bindings))
    elif query.compute == "betweenness" and keep is not None:
        # the plain path below, run once per build and then read (computed.py)
        result = computed.kept(keep[0], keep[1], query.sparql, query.compute, bindings,
                               lambda: finish(query, run_select(store, query.sparql, bindings),
                                              bindings))
        done = True
    else:
        result = run_select(store, query.sparql, bindings)
    result = finish(query, result, bindings, computed=done)
    frame = query.counting_frame
    if query.footing:
        result = footing.with_footing(result, store, level, frame,
                                      footings if not query.compare else None)
    elif level is not None:
        raise QueryError(f"parameter '{footing.PARAMETER}' is for the library's queries")
    if language and every_label and language in every_label and not query.compare:
        labels: dict[str, str] | None = every_label[language]
    else:
        terms = (term for row in result.rows for term in row)
        labels = labels_for(store, terms, language) if language else None
    rows = display(result, labels)
    columns = list(result.columns)
    if as_matrix and query.view == "pivot" and frame and result.counted is not None:
        item = result.columns.index(frame[2])
        keys = [getattr(row[item], "value", "") for row in result.rows]
        columns, rows = count_pivot(columns, rows, keys, result.counted, query.view_options,
                                    footing.names(store))
    elif as_matrix and query.view == "pivot":
        options = query.view_options
        columns, rows = pivot(columns, rows, options["rows"], options["columns"], options["value"])
    return Answer(query, columns, rows, result)


def finish(query: Query, result: Result, bindings: dict, computed: bool = False) -> Result:
    """What every answer goes through, wherever the query ran: the parts of each list in one
    order, then the compute step of the query, if any (and not `computed` already)."""
    result = sort_concatenations(query.sparql, result)
    return result if computed else _compute(query, result, bindings)


def _columns(query: Query, solutions: list[dict]) -> list[str]:
    """Column order of a remote answer: the SELECT clause's, as the local engine gives it."""
    local = ox.Store()
    try:
        return [v.value for v in local.query(query.sparql).variables]  # type: ignore[union-attr]
    except (SyntaxError, AttributeError):
        return sorted({key for row in solutions for key in row})


def _ends(query: Query, bindings: dict) -> tuple[ox.NamedNode, ox.NamedNode]:
    start, end = bindings.get("from"), bindings.get("to")
    if not isinstance(start, ox.NamedNode) or not isinstance(end, ox.NamedNode):
        raise QueryError(f"query '{query.name}' needs --param from=... and --param to=...")
    return start, end


def _compute(query: Query, result: Result, bindings: dict) -> Result:
    if query.compute is None:
        return result
    if query.compute == "betweenness":
        return network_analysis.betweenness(result)
    if query.compute == "path":
        return network_analysis.path(result, *_ends(query, bindings))
    raise QueryError(f"query '{query.name}' asks for an unknown compute step '{query.compute}'")


def load_versions(query: Query, params: dict[str, str], current: Path | None) -> ox.Store:
    """Two versions of the graph side by side, in graphs the comparison query names."""
    paths = []
    for name in query.compare:
        value = params.get(name)
        path = Path(value) if value else (current if name == query.compare[-1] else None)
        if path is None:
            raise QueryError(f"query '{query.name}' compares two versions: give "
                             f"--param {name}=FILE (a build/pzgraph.nq, a release folder, or any "
                             "RDF file)")
        paths.append(version_file(path, query.parameter(name)))
    store = ox.Store()
    if all(path.suffix == ".nq" for path in paths):
        try:  # sorted builds: only their difference and its context, read as streams
            return load_difference(store, paths[0], paths[1], OLD, NEW)
        except (NotSorted, SyntaxError, ValueError):
            store = ox.Store()  # the plain load below (and names a file that does not parse)
    for name, path, graph in zip(query.compare, paths, (OLD, NEW), strict=True):
        load_version(store, path, graph, query.parameter(name))
    return store


def version_file(path: Path, parameter: Parameter) -> Path:
    """The RDF file a version parameter names (a folder: the pzgraph.nq in it)."""
    if path.is_dir():
        candidates = [path / "pzgraph.nq", path / "build" / "pzgraph.nq"]
        path = next((c for c in candidates if c.is_file()), path / "pzgraph.nq")
    if not path.is_file() or path.suffix not in FORMAT_BY_SUFFIX:
        raise QueryError(f"parameter '{parameter.name}': {path} is not an RDF file "
                         f"({', '.join(FORMAT_BY_SUFFIX)}) or a folder holding pzgraph.nq")
    return path


def load_version(store: ox.Store, path: Path, graph: ox.NamedNode, parameter: Parameter) -> None:
    """One version parsed whole into its graph (files that are not sorted builds)."""
    fmt = FORMAT_BY_SUFFIX[path.suffix]
    try:
        quads = ox.parse(path=str(path), format=fmt)
        store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
    except (SyntaxError, ValueError) as error:
        raise QueryError(f"parameter '{parameter.name}': {path} does not parse: {error}") from None
