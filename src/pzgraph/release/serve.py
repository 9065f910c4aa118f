"""`pzgraph serve`: the built graph read-only, SPARQL 1.1 and a page per resource.

The dataset is loaded into a temporary Oxigraph store; server.py then listens on the public
port and hands each checked query to a store process over that process's own pipes (see
docs/security.md). The temporary store is removed when the server stops (SIGINT, SIGTERM,
an error); one left by a serve that was killed outright is removed by the next serve.
"""

from __future__ import annotations

import shutil
import signal
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .. import temporary
from ..errors import ServeError
from ..project import Progress, Project
from ..query.store import load
from ..vocab import BASE, DCAT
from .guard import Limits
from .pages import Site
from .served_pages import ServedPages
from .server import GuardServer
from .static_site import DESCRIPTION, add_description
from .tombstones import base_of_dataset
from .workers import StorePool

SERVE_PREFIX = "pzgraph-serve-"


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(project: Project, host: str, port: int, progress: Progress,
          announce: Callable[[str], None], limits: Limits | None = None,
          release: Path | None = None) -> None:
    """Serve until Ctrl-C or SIGTERM; `announce` gets the query endpoint's URL once it listens.
    `release`: an exported release folder to serve instead of the built graph (its dataset,
    and pages for its own resources from its void.ttl)."""
    limits = limits or Limits()
    check_port_free(host, port)  # before the load: a busy port is told at once
    if release is not None:
        dataset, pages_store, base = read_release(release, progress)
        shapes = release / "ontology" / "shapes.ttl"
    else:
        graph = load(project, progress=progress)
        dataset, pages_store, base = graph.path, graph.store, BASE
        shapes = project.ontology_dir / "shapes.ttl"
    temporary.clear_stale(SERVE_PREFIX)  # left by a serve killed outright
    workdir = temporary.make(SERVE_PREFIX)
    # SIGTERM cleans up like Ctrl-C; SIGINT too where a shell started us with it ignored
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        progress("loading the dataset into a temporary Oxigraph store")
        write_store(dataset, workdir / "store")
        site = ServedPages(Site(pages_store, base, shapes=read_shapes(shapes)),
                           limits.queue_timeout)

        def listening(url: str) -> None:
            announce(f"{url}/query")
            progress(f"serving read-only; pages at {url}/id/…; Ctrl-C stops the server")

        serve_forever((host, port), limits, workdir / "store", site, listening, progress)
    except KeyboardInterrupt:
        progress("stopping the server")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def read_release(folder: Path, progress: Progress) -> tuple[Path, ox.Store, str]:
    """An exported release: its pzgraph.nq (the SPARQL dataset), a store for its pages (the
    dataset and void.ttl: the catalogue, dataset, distributions, agents) and its base (that
    of its dataset IRI; `export --base` may have moved it)."""
    dataset, description = folder / "pzgraph.nq", folder / DESCRIPTION
    missing = [p.name for p in (dataset, description) if not p.is_file()]
    if missing:
        raise ServeError(f"--release {folder}: no {' or '.join(missing)} there; give the "
                         "folder `pzgraph export` wrote")
    progress(f"reading the release in {folder}")
    store = ox.Store()
    try:
        store.bulk_extend(ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS))
        add_description(store, description)
    except (OSError, SyntaxError, ValueError) as error:
        raise ServeError(f"--release {folder} cannot be read: {error}") from None
    bases = {base_of_dataset(q.object.value) for q in store.quads_for_pattern(
        None, ox.NamedNode(DCAT + "dataset"), None, ox.DefaultGraph())}
    bases.discard(None)
    if len(bases) != 1:
        raise ServeError(f"--release {folder}: {DESCRIPTION} should describe one dataset, "
                         f"found {len(bases)}; give the folder `pzgraph export` wrote")
    return dataset, store, str(bases.pop())


def read_shapes(path: Path) -> list[ox.Triple]:
    """The SHACL shapes (their IRIs, under BASE/def/shapes, get a page), [] without them."""
    if not path.is_file():
        return []
    try:
        return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except (OSError, SyntaxError, ValueError) as error:
        raise ServeError(f"{path} cannot be read as Turtle: {error}") from None


def write_store(dataset: Path, folder: Path) -> None:
    """The N-Quads file as an on-disk store, closed again when this returns (the workers then
    open it read-only)."""
    try:
        store = ox.Store(str(folder))
        store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS, lenient=True)
        store.flush()
    except (OSError, SyntaxError, ValueError) as error:
        raise ServeError(f"the temporary store could not be written: {error}") from None
    del store


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ServeError(f"cannot listen on {_url_host(host)}:{port}: "
                             f"{error.strerror or error} (is another server using that port? "
                             "choose one with --port)") from None


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve_forever(address: tuple[str, int], limits: Limits, location: Path, pages: Any,
                  announce: Callable[[str], None], log: Callable[[str], None]) -> None:
    """Bind first (a busy port is a plain ServeError), start the store, serve until
    KeyboardInterrupt (SIGINT/SIGTERM), then stop everything this function started."""
    pool = StorePool(location, limits, log)
    try:
        server = GuardServer(address, limits, pool, pages, log)
    except OSError as error:
        raise ServeError(f"cannot listen on {address[0]}:{address[1]}: {error.strerror or error}"
                         " (is another server using that port? choose one with --port)") from None
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              daemon=True, name="guard")
    try:
        pool.start()
        thread.start()
        host = f"[{address[0]}]" if ":" in address[0] else address[0]
        announce(f"http://{host}:{server.server_port}")
        pool.supervise()
    finally:
        pool.stop()
        server.wait_answered(2.0)  # the queries the stop cut off are told so (503)
        if thread.is_alive():
            server.shutdown()
        server.server_close()


