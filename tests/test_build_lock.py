"""One build at a time per build folder, and what a build keeps for the queries (issue 17)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from pzgraph.query import run
from pzgraph.query.computed import FOLDER
from pzgraph.query.library import library
from pzgraph.query.run import answer
from pzgraph.query.store import load

PZGRAPH = str(Path(sys.executable).parent / "pzgraph")


def _pzgraph(project, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PZGRAPH_ROOT=str(project.root),
               PZGRAPH_SOURCES=str(project.sources_dir), PZGRAPH_RESIDENT_IDLE="0")
    return subprocess.Popen([PZGRAPH, *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_builds_at_once_build_once_and_keep_betweenness(make_project, monkeypatch):
    """Two commands that find the cache out of date at the same moment: one builds, the
    other waits for it and finds its build (before, both built into the same folder and
    one could take the other's half-written store for litter). The build also computes the
    betweenness answer and keeps it, so the query reads it instead of computing it; over
    `LARGEST` the build says so and the first query computes and keeps it."""
    from pzgraph.query import computed

    project = make_project(copy_data=True)
    commands = [_pzgraph(project, "build", "--no-reason") for _ in range(2)]
    outputs = [command.communicate(timeout=600)[0] for command in commands]
    assert [command.returncode for command in commands] == [0, 0], outputs
    assert "Traceback" not in "".join(outputs)
    assert sorted("built in" in out for out in outputs) == [False, True], outputs
    assert sum("up to date" in out for out in outputs) == 1, outputs
    assert any("betweenness:" in out and "kept with the build" in out for out in outputs)
    assert not [p.name for p in project.build_dir.iterdir() if p.name.startswith(".")]

    disk = load(project, reasoning=False, on_disk=True)
    assert disk.keep is not None
    kept_files = list((disk.keep[0] / FOLDER).glob("*.json"))
    assert len(kept_files) == 1
    query = library(project.queries_dir)["betweenness"]
    plain = answer(query, load(project, reasoning=False).store, {})

    def no_store(*_args, **_kwargs):
        raise AssertionError("the answer kept with the build was not used")

    with monkeypatch.context() as patched:
        patched.setattr(run, "run_select", no_store)
        kept = answer(query, disk.store, {}, keep=disk.keep)
    assert (kept.columns, kept.rows) == (plain.columns, plain.rows)
    assert len(kept.rows) >= 3 and all(row[1] for row in kept.rows)

    kept_files[0].unlink()
    monkeypatch.setattr(computed, "LARGEST", 10)
    lines: list[str] = []
    computed.keep_with_build(project, lines.append, reasoning=False)
    assert any("too many" in line and "on request" in line for line in lines), lines
    assert not list((disk.keep[0] / FOLDER).glob("*.json"))
    first = answer(query, disk.store, {}, keep=disk.keep)  # computed on request, then kept
    assert (first.columns, first.rows) == (plain.columns, plain.rows)
    assert len(list((disk.keep[0] / FOLDER).glob("*.json"))) == 1


def test_a_failed_first_build_leaves_no_build_folder(make_project):
    """The lock is taken on the build folder, made for it: a build that fails (here: no data
    files) takes it away again, as before the lock."""
    project = make_project()
    command = _pzgraph(project, "build", "--no-reason")
    output = command.communicate(timeout=120)[0]
    assert command.returncode != 0 and "no data files" in output, output
    assert not project.build_dir.exists()


def test_betweenness_stopped_by_its_time_limit_points_to_the_build(project, monkeypatch):
    """Where no build has kept it (a build that a query started), the first query computes
    betweenness and may run past --timeout: the message says how to get it."""
    import time

    from click.testing import CliRunner

    from pzgraph.cli.main import main
    from pzgraph.query import computed, network_analysis

    monkeypatch.setenv("PZGRAPH_ROOT", str(project.root))
    monkeypatch.setenv("PZGRAPH_RESIDENT_IDLE", "0")  # in this process, so the patch holds
    monkeypatch.setattr(computed, "kept", lambda *args: args[-1]())  # nothing kept
    monkeypatch.setattr(network_analysis, "betweenness", lambda *_: time.sleep(30))
    result = CliRunner().invoke(main, ["query", "betweenness", "--timeout", "1"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "stopped" in result.output and "`pzgraph build` computes it once" in result.output


def test_a_kept_answer_that_is_not_ours_is_computed_again(tmp_path):
    """A kept answer of the wrong shape, or a pipe in its place, is not believed (a row of
    the wrong width ended in a traceback; a pipe made the build wait for ever)."""
    import json

    from pzgraph.query import computed
    from pzgraph.query.results import Result

    answer_rows = Result(["node", "betweenness"], [[ox.NamedNode("https://example.org/a"),
                                                    ox.Literal("0.5")]])
    calls: list[int] = []

    def work() -> Result:
        calls.append(1)
        return answer_rows

    def keep() -> Result:
        return computed.kept(tmp_path, "c" * 64, "SELECT *", "betweenness", {}, work)

    assert keep().rows == answer_rows.rows and len(calls) == 1
    (path,) = (tmp_path / FOLDER).glob("*.json")
    assert keep().rows == answer_rows.rows and len(calls) == 1  # read, not computed
    record = json.loads(path.read_text(encoding="utf-8"))
    record["rows"] = [[{"iri": "https://example.org/a"}]]  # one cell short
    path.write_text(json.dumps(record), encoding="utf-8")
    assert keep().rows == answer_rows.rows and len(calls) == 2
    path.unlink()
    os.mkfifo(path)
    assert keep().rows == answer_rows.rows and len(calls) == 3  # no wait, not kept
    assert path.is_fifo()


def test_commands_that_find_the_disk_store_missing_write_it_one_at_a_time(project):
    """The on-disk store is written again by the first command that finds it missing or
    stale; four at once each wrote it, and one could open it while another swapped it in
    (RocksDB: "Corruption: Mismatch in unique ID")."""
    import shutil

    from pzgraph.build.disk_store import STORE_DIR

    load(project, on_disk=True)  # built, store current
    shutil.rmtree(project.build_dir / STORE_DIR)
    commands = [_pzgraph(project, "query", "members", "-p", "network=noordwest-utrecht",
                         "--format", "csv") for _ in range(4)]
    outputs = [command.communicate(timeout=300)[0] for command in commands]
    assert [command.returncode for command in commands] == [0] * 4, outputs
    answers = {"".join(line for line in out.splitlines(keepends=True)
                       if not line.startswith("… waiting for another pzgraph command"))
               for out in outputs}  # a command that waited says so on stderr
    assert len(answers) == 1 and outputs[0].count("\n") > 10, outputs


def test_a_build_folder_that_cannot_take_the_build_is_refused_before_any_work(make_project):
    """A store/ of someone else's files in the build folder was found only after the cache
    file had been replaced, with "nothing was changed" said."""
    from pzgraph.build.pipeline import build
    from pzgraph.errors import OutputError

    project = make_project()
    (project.build_dir / "store").mkdir(parents=True)
    (project.build_dir / "store" / "thesis.docx").write_text("years", encoding="utf-8")
    (project.build_dir / "pzgraph.nq").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="did not write"):
        build(project, reasoning=False)
    assert (project.build_dir / "pzgraph.nq").read_text(encoding="utf-8") == "mine"


def test_a_command_waiting_while_the_first_build_fails_gets_a_folder_that_exists(tmp_path):
    """The first build of a new project fails and takes its (empty) build folder away; the
    command that waited for it held a lock on that removed folder and found no folder to
    write ("cannot be written (No such file or directory)"): it now takes the new one."""
    import threading

    from pzgraph.build.lock import build_lock

    build_dir = tmp_path / "build"
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        with contextlib.suppress(RuntimeError), build_lock(build_dir, lambda _: None):
            holding.set()
            release.wait(10)
            raise RuntimeError("the first build failed")

    thread = threading.Thread(target=first)
    thread.start()
    assert holding.wait(10)
    said: list[str] = []
    threading.Timer(0.5, release.set).start()
    with build_lock(build_dir, said.append):
        assert build_dir.is_dir()
        (build_dir / "pzgraph.nq").write_text("", encoding="utf-8")
    thread.join(10)
    assert said and "waiting" in said[0]
    assert (build_dir / "pzgraph.nq").exists()


def test_a_lock_on_the_folder_holds_up_no_build_and_the_lock_file_is_the_owners(tmp_path):
    """Any user can flock a folder they can open (hostile review s8 #6: another user held
    every build of a project). The lock is on the owner's own file (0600), not the folder;
    a holder is named while the build waits; a FIFO put at the lock's name is refused."""
    import fcntl
    import stat
    import threading

    from pzgraph.build.lock import LOCK_NAME, build_lock
    from pzgraph.errors import OutputError

    build_dir = tmp_path / "build"
    build_dir.mkdir()
    folder = os.open(build_dir, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(folder, fcntl.LOCK_EX)  # what the other user did
    try:
        said: list[str] = []
        with build_lock(build_dir, said.append):
            assert not said  # not held up
        mode = (build_dir / LOCK_NAME).stat().st_mode
        assert stat.S_ISREG(mode) and stat.S_IMODE(mode) == 0o600
    finally:
        os.close(folder)

    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time; f = os.open(sys.argv[1], os.O_RDWR);"
        "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"),
        str(build_dir / LOCK_NAME)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        said = []
        threading.Timer(1.0, holder.kill).start()
        with build_lock(build_dir, said.append):
            pass
        assert said and f"(process {holder.pid})" in said[0], said
    finally:
        holder.kill()
        holder.wait()

    (build_dir / LOCK_NAME).unlink()
    os.mkfifo(build_dir / LOCK_NAME)
    with pytest.raises(OutputError, match="not a plain file"), build_lock(build_dir, said.append):
        pass
