"""Shared fixtures: the real project, its compiled graph, and throw-away projects."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from pzgraph.project import Project
from pzgraph.query.store import KnowledgeGraph, load

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "test-output"
# The resident stores the tests' queries start leave a minute after their last answer, not
# ten (query/resident.py): a test run leaves nothing running for long.
os.environ.setdefault("PZGRAPH_RESIDENT_IDLE", "60")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.default()


@pytest.fixture(scope="session")
def graph(project: Project) -> KnowledgeGraph:
    """The curated graph, built (with HermiT) once per test session."""
    return load(project)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave files for people to look at (screenshots, reports)."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture
def make_project(tmp_path: Path, project: Project):
    """A project with the real ontology and vocabularies, no QC checks, and the data files
    given."""

    def make(files: dict[str, object] | None = None, copy_data: bool = False) -> Project:
        root = tmp_path / "project"
        shutil.copytree(project.ontology_dir, root / "ontology")
        shutil.copy(project.root / "publisher.yaml", root / "publisher.yaml")
        (root / "data").mkdir()
        # A checks/ folder of its own, empty: no QC queries (without one, the project would
        # get the checks shipped with pzgraph, which ask more of the data than a fixture has).
        (root / "checks").mkdir()
        if copy_data:
            for path in project.data_files():
                shutil.copy(path, root / "data" / path.name)
        for name, content in (files or {}).items():
            if isinstance(content, dict) and "graph" not in content:
                # every data file names its graph (data/README.md); a fixture's, after its file
                content = {"graph": Path(name).stem, **content}
            text = content if isinstance(content, str) else yaml.safe_dump(
                content, allow_unicode=True, sort_keys=False)
            (root / "data" / name).write_text(text, encoding="utf-8")
        return Project(root, sources=project.sources_dir)

    return make


@pytest.fixture(scope="session")
def benchmark_generator():
    """benchmarks/generate.py (the synthetic national landscape), loaded as a module."""
    spec = importlib.util.spec_from_file_location("pzgraph_bench_generate",
                                                  ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def tenth_country_graph(tmp_path_factory, benchmark_generator) -> KnowledgeGraph:
    """A synthetic country at a tenth of national scale (seed 7), built once for the map tests
    of national scale."""
    root = tmp_path_factory.mktemp("tenth-country")
    benchmark_generator.generate(0.1, root, seed=7, progress=None)
    return load(Project(root, sources=root / "sources"), reasoning=False)


@pytest.fixture
def open_map(browser):
    """Opens a map in Chromium at 1280x720 (test_maps.Opened); every page closed after."""
    from test_maps import Opened  # the map tests' page driver

    opened: list = []

    def open_(path: Path, fragment: str = ""):
        opened.append(Opened(browser, path, fragment))
        return opened[-1]

    yield open_
    for page in opened:
        page.close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's, never a downloaded one) for every map test: a second
    sync Playwright in the same session refuses to start."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()
