"""The benchmark generator writes a project that passes `pzgraph validate`, deterministically."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PZGRAPH = str(Path(sys.executable).parent / "pzgraph")
SCALE = 0.05  # 3 networks, 240 organisations, 90 projects and activities



@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory,
              benchmark_generator) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("synthetic")
    counts = benchmark_generator.generate(SCALE, root, seed=7, progress=None)
    return root, counts


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted([*(root / "data").glob("*.yaml"), *(root / "sources").glob("*.txt")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_the_generated_project_passes_validate(synthetic: tuple[Path, dict]) -> None:
    root, counts = synthetic
    assert counts["networks"] == 3 and counts["organisations"] == 240
    env = {**os.environ, "PZGRAPH_ROOT": str(root), "PZGRAPH_SOURCES": str(root / "sources")}
    for key in ("PZGRAPH_DATA", "PZGRAPH_BUILD", "PZGRAPH_BASE"):
        env.pop(key, None)
    result = subprocess.run([PZGRAPH, "validate", "--format", "json"], env=env, cwd=root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert '"severity": "error"' not in result.stdout


def test_every_quote_is_found_and_no_id_is_a_vocabulary_id(synthetic: tuple[Path, dict]) -> None:
    from pzgraph.ingest.read import read_and_check, vocabulary_ids
    from pzgraph.project import Project

    root, _ = synthetic
    project = Project(root, sources=root / "sources")
    files, _, findings, counts = read_and_check(project)
    assert not [f for f in findings if f.severity == "error"]
    assert counts["quotes_checked"] == counts["quotes_found"] > 1000
    defined = {r["id"] for data in files for r in data.records if "type" in r}
    assert not defined & vocabulary_ids(project)
    assert any(line.endswith("-") for source in (root / "sources").glob("n*.txt")
               for line in source.read_text(encoding="utf-8").splitlines()), \
        "no word is split by a hyphen at a line end, as in text from a PDF"


def test_the_same_seed_gives_the_same_bytes(synthetic: tuple[Path, dict], tmp_path: Path,
                                            benchmark_generator) -> None:
    root, _ = synthetic
    benchmark_generator.generate(SCALE, tmp_path, seed=7, progress=None)
    assert _digest(tmp_path) == _digest(root)
