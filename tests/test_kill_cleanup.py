"""A build killed with SIGTERM while HermiT runs leaves no temporary folder and no Java
process behind (issue 14), and exits like Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from pzgraph.build.reasoner import java_available


def _java_children(parent: int) -> list[int]:
    """The Java processes whose parent is `parent` (HermiT, started by owlready2)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except (OSError, IndexError, ValueError):
                continue
            if ppid == parent and "java" in command:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java (installed by make test)")
def test_a_terminated_build_leaves_no_folder_and_no_java(make_project):
    project = make_project(copy_data=True)
    env = {**os.environ, "PZGRAPH_ROOT": str(project.root),
           "PZGRAPH_SOURCES": str(project.sources_dir)}
    command = [sys.executable, "-c", "from pzgraph.cli.main import main; main()",
               "build", "--force"]
    build = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    pattern = f"pzgraph-reason-{build.pid}-"
    deadline = time.monotonic() + 120
    folders: list[Path] = []
    java: list[int] = []
    while time.monotonic() < deadline and build.poll() is None:
        folders = list(Path(tempfile.gettempdir()).glob(pattern + "*"))
        java = _java_children(build.pid)
        if folders and java:
            break  # HermiT's Java is running
        time.sleep(0.05)
    assert folders and build.poll() is None, build.communicate(timeout=60)[0].decode()[-2000:]
    build.send_signal(signal.SIGTERM)
    output, _ = build.communicate(timeout=60)
    assert build.returncode == 130, output.decode()
    assert b"interrupted" in output and b"Traceback" not in output
    assert not list(Path(tempfile.gettempdir()).glob(pattern + "*"))
    time.sleep(0.5)
    assert not [pid for pid in java if Path(f"/proc/{pid}").exists()], "Java outlived the build"
