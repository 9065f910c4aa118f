"""`pip install .` works outside the checkout: a folder with only data/ builds and answers.

The wheel is built from the checkout (pip, with build isolation as `make setup` does) and
installed into a folder of its own; pzgraph then runs from there in a project folder that
holds nothing but data/, found by walking up from a subfolder, with the ontology, queries and
checks shipped in the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_an_installed_pzgraph_builds_a_folder_that_has_only_data(tmp_path: Path, project) -> None:
    wheels, target, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "landscape"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(wheels), str(ROOT)], check=True, capture_output=True, timeout=600)
    (wheel,) = wheels.glob("pzgraph-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=600)
    shutil.copytree(project.data_dir, work / "data")
    (work / "notes").mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PZGRAPH_")}
    env.update(PYTHONPATH=str(target), PZGRAPH_SOURCES=str(project.sources_dir))

    def pzgraph(*args: str) -> subprocess.CompletedProcess:
        code = "import sys; from pzgraph.cli.main import main; sys.exit(main())"
        return subprocess.run([sys.executable, "-c", code, *args], cwd=work / "notes", env=env,
                              capture_output=True, text=True, timeout=600)

    where = subprocess.run([sys.executable, "-c", "import pzgraph; print(pzgraph.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target))  # the installed copy, not the checkout
    built = pzgraph("build", "--no-reason")
    assert built.returncode == 0, built.stderr
    assert (work / "build" / "pzgraph.nq").is_file()
    assert not (work / "ontology").exists()  # the shipped ontology was used, not copied
    answer = pzgraph("query", "source-networks", "--iris", "--format", "csv")
    assert answer.returncode == 0, answer.stderr
    assert "netwerk/gooi-en-vechtstreek" in answer.stdout
