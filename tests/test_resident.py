"""Issue 17: the resident store (query/resident.py) answers `pzgraph query` as the in-process
run does, byte for byte; it belongs to one build, leaves when its build is replaced or when
idle, survives a query past its time limit, answers two clients at once and no other user.
(Its speed is measured in benchmarks/query_speed.py, never asserted here.)"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pzgraph.build.pipeline import build
from pzgraph.project import Project
from pzgraph.query import resident
from pzgraph.query.footing import Footings
from pzgraph.query.library import library
from pzgraph.query.run import answer
from pzgraph.query.store import load

PZGRAPH = str(Path(sys.executable).parent / "pzgraph")
NEEDS_PARAMS = {"connection-path", "changes-members", "changes-projects", "changes-coverage",
                "evidence", "transformation-matrix", "network-detail"}
# a question per kind: a table, a counting matrix, a list matrix, a gap list, parameters
ASKED = [["members", "-p", "network=noordwest-utrecht"], ["kwaliteitskader-matrix"],
         ["pnraad-matrix", "-p", "zekerheid=citaat"], ["kwaliteitskader-gaps"],
         ["municipality-coverage", "--format", "csv"], ["betweenness"],
         ["networks-consortia", "--iris", "--format", "json"],
         ["evidence", "-p", "entity=septet"]]
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _env(project: Project, idle: str) -> dict[str, str]:
    return {**os.environ, "PZGRAPH_ROOT": str(project.root),
            "PZGRAPH_SOURCES": str(project.sources_dir), "PZGRAPH_RESIDENT_IDLE": idle}


def _query(project: Project, *args: str, idle: str = "60") -> subprocess.CompletedProcess:
    return subprocess.run([PZGRAPH, "query", *args], env=_env(project, idle),
                          capture_output=True, text=True, timeout=120)


def _name(project: Project) -> str:
    manifest = json.loads((project.build_dir / "manifest.json").read_text(encoding="utf-8"))
    return resident.socket_name(project.build_dir, manifest["cache"]["sha256"])


def _listening(name: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(name)
        except OSError:
            return False
    return True


def _gone(name: str, within: float = 30) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not _listening(name):
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, benchmark_generator) -> Project:
    root = tmp_path_factory.mktemp("synthetic-resident")
    benchmark_generator.generate(0.05, root, seed=7, progress=None)
    return Project(root, sources=root / "sources")


def _every_answer(project: Project, store, footings=None) -> dict:
    queries = library(project.queries_dir)
    return {name: (result.columns, result.rows) for name in sorted(queries)
            if name not in NEEDS_PARAMS
            for result in [answer(queries[name], store, {}, footings=footings)]}


@pytest.mark.parametrize("which", ["curated", "synthetic"])
def test_footings_looked_up_once_give_every_answer_of_the_lookup_per_answer(
        which, graph, synthetic):
    store = graph.store if which == "curated" else load(synthetic, reasoning=False).store
    project = Project.default() if which == "curated" else synthetic
    per_answer = _every_answer(project, store)
    assert sum(len(rows) for _, rows in per_answer.values()) > 500
    assert _every_answer(project, store, Footings.of_everything(store)) == per_answer
    # and with a level, which drops the weaker items of a matrix before counting
    query = library(project.queries_dir)["kwaliteitskader-matrix"]
    everything = Footings.of_everything(store)
    for level in ("citaat", "oordeel"):
        plain = answer(query, store, {"zekerheid": level})
        assert answer(query, store, {"zekerheid": level}, footings=everything).rows == plain.rows


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="residents are Linux-only")
def test_the_resident_answers_as_the_command_in_process(graph, project):
    for args in ASKED:
        here = _query(project, *args, idle="0")
        first = _query(project, *args)  # starts the resident, or finds it
        again = _query(project, *args)
        assert here.returncode == first.returncode == again.returncode == 0, here.stderr
        assert first.stdout == again.stdout == here.stdout, args
        assert len(here.stdout.splitlines()) > 3, args
    assert _listening(_name(project))
    # an error is the same error, with the same exit code
    wrong = [["members", "-p", "network=nergens"], ["members", "-p", "zekerheid=zeker"]]
    for args in wrong:
        here, there = _query(project, *args, idle="0"), _query(project, *args)
        assert here.returncode == there.returncode != 0
        assert here.stderr == there.stderr and "Traceback" not in there.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="residents are Linux-only")
def test_a_query_past_its_time_limit_is_stopped_and_the_resident_answers_on(graph, project):
    _query(project, "networks-consortia")
    stopped = _query(project, "--sparql", CROSS_PRODUCT, "--timeout", "1")
    assert stopped.returncode == 1
    assert "ran longer than 1 s and was stopped" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    after = _query(project, "networks-consortia")
    assert after.returncode == 0 and "Septet" in after.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="residents are Linux-only")
def test_two_clients_at_once_both_get_their_answers(graph, project):
    expected = {name: _query(project, name, idle="0").stdout
                for name in ("members", "kwaliteitskader-matrix")}
    found: dict[str, str] = {}

    def ask(name: str) -> None:
        found[name] = _query(project, name).stdout

    threads = [threading.Thread(target=ask, args=(name,)) for name in expected]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="residents are Linux-only")
def test_a_resident_leaves_when_its_build_is_replaced_and_when_idle(make_project, project):
    built = Project(make_project(copy_data=True).root, sources=project.sources_dir)
    build(built, reasoning=False)
    asked = _query(built, "networks-consortia")
    assert asked.returncode == 0, asked.stderr
    old = _name(built)
    assert _listening(old)
    # a changed data file: the next query rebuilds and starts a resident of the new build;
    # the old one sees its dataset replaced and leaves
    data = sorted((built.root / "data").glob("*.yaml"))[0]
    data.write_text(data.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    again = _query(built, "networks-consortia")
    assert again.returncode == 0 and again.stdout == asked.stdout
    new = _name(built)
    assert new != old and _listening(new)
    assert _gone(old), "the resident of the replaced build stayed"
    # idle: a resident started with one second of idle time leaves a second after its answer
    subprocess.run(["pkill", "-f", f"resident_server.*{built.build_dir}"], check=False)
    assert _gone(new)
    idle = _query(built, "members", idle="1")
    assert idle.returncode == 0 and idle.stdout
    assert _gone(new), "an idle resident stayed"


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0,
                    reason="needs another user: run as root on Linux")
def test_the_resident_answers_no_other_user(graph, project):
    _query(project, "networks-consortia")
    name = _name(project)
    child = os.fork()
    if child == 0:  # as nobody: connected, but never answered
        code = 1
        try:
            os.setgid(65534)
            os.setuid(65534)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(10)
                conn.connect(name)
                try:  # the resident may hang up before the request is sent
                    conn.sendall(json.dumps({"checksum": name}).encode())
                    conn.shutdown(socket.SHUT_WR)
                    answered = conn.recv(100)
                except (BrokenPipeError, ConnectionResetError):
                    answered = b""
                code = 0 if answered == b"" else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "another user got an answer"


def _resident_pid(project: Project) -> int:
    pattern = f"pzgraph.query.resident_server .* {project.build_dir} "
    found = subprocess.run(["pgrep", "-f", pattern],
                           capture_output=True, text=True, check=False).stdout.split()
    assert len(found) == 1, found
    return int(found[0])


def _children(pid: int) -> list[str]:
    return subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True,
                          check=False).stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="residents are Linux-only")
def test_the_resident_itself_answers_and_stops_the_work_of_a_client_that_left(graph, project):
    _query(project, "networks-consortia")
    manifest = json.loads((project.build_dir / "manifest.json").read_text(encoding="utf-8"))
    query = library(project.queries_dir)["networks-consortia"]
    # the answer comes from the resident, not from the fallback in this process
    text = resident.answer_text(query, {}, "csv", "nl", 60, project.build_dir / "pzgraph.nq",
                                project.build_dir, manifest["cache"]["sha256"], None)
    assert text is not None and text.startswith("consortium,network,")
    owner = _resident_pid(project)
    client = subprocess.Popen([PZGRAPH, "query", "--sparql", CROSS_PRODUCT, "--timeout", "120"],
                              env=_env(project, "60"), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not _children(owner) and time.monotonic() < deadline:
        time.sleep(0.1)
    working = _children(owner)
    assert working, "the query did not reach the resident"
    client.kill()
    client.wait()
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{pid}").exists() for pid in working) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in working), "the work went on"
    assert _resident_pid(project) == owner  # and the resident answers on
    assert "Septet" in _query(project, "networks-consortia").stdout
