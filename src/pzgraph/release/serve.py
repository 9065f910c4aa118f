"""`pzgraph serve`: the built graph read-only over SPARQL 1.1, by the Oxigraph server.

The dataset is loaded into a temporary store that is removed when the server stops; the
server dies with pzgraph (Linux), and SIGTERM stops it like Ctrl-C.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ServeError
from ..project import Progress, Project
from ..query.store import load

SERVER_START_SECONDS = 60


def oxigraph_binary() -> str:
    """The `oxigraph` program of the `oxigraph` PyPI package: beside this Python first, so
    it is found when the virtual environment is not activated."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the Oxigraph server is not installed: pip install oxigraph")
    return found


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(project: Project, host: str, port: int, progress: Progress,
          announce: Callable[[str], None]) -> None:
    """Serve until Ctrl-C or SIGTERM; `announce` gets the query endpoint's URL once it listens."""
    binary = oxigraph_binary()
    graph = load(project, progress=progress)
    workdir = Path(tempfile.mkdtemp(prefix="pzgraph-serve-"))
    child: subprocess.Popen | None = None
    # SIGTERM cleans up like Ctrl-C; SIGINT too where a shell started us with it ignored
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        source = graph.path
        progress(f"loading {len(graph)} quads into a temporary Oxigraph store")
        loaded = subprocess.run([binary, "load", "--location", str(workdir / "store"),
                                 "--file", str(source)], capture_output=True, text=True)
        if loaded.returncode:
            raise ServeError(f"oxigraph load failed: {loaded.stderr.strip()[-500:]}")
        child = subprocess.Popen(
            [binary, "serve-read-only", "--location", str(workdir / "store"),
             "--bind", f"{_url_host(host)}:{port}", "--union-default-graph"],
            stdin=subprocess.DEVNULL, stdout=2, preexec_fn=_die_with_parent)  # noqa: PLW1509
        _wait_until_listening(host, port, child)
        announce(f"http://{_url_host(host)}:{port}/query")
        progress("serving read-only; Ctrl-C stops the server")
        code = child.wait()
        raise ServeError(f"the Oxigraph server stopped by itself (exit code {code})")
    except KeyboardInterrupt:
        progress("stopping the server")
    finally:
        _stop(child)
        shutil.rmtree(workdir, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if pzgraph itself is killed, instead of living on."""
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_until_listening(host: str, port: int, child: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise ServeError(f"the Oxigraph server did not start (exit code {child.returncode});"
                             f" is port {port} already in use?")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise ServeError(f"the Oxigraph server did not listen on {host}:{port} within "
                     f"{SERVER_START_SECONDS} s")


def _stop(child: subprocess.Popen | None) -> None:
    if child is None or child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
