"""The compiled graph for reading: the build's on-disk store opened read-only, or the cached
dataset loaded into an in-memory Oxigraph store.

Oxigraph answers the library's queries 10-250x faster than rdflib's own SPARQL engine
(see README), and pyoxigraph imports in milliseconds, so read commands stay fast. A one-shot
command (`pzgraph query`) opens the on-disk store: no parsing, milliseconds at any scale. A
process that asks many questions (report, serve, the Python API) loads the dataset into
memory once, where each question is answered faster (benchmarks/results/scale.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..build.cache import (
    CACHE_FILE,
    check_build_folder,
    file_hashes_of,
    input_hash,
    verified_manifest,
)
from ..build.disk_store import STORE_DIR, is_current, open_store, write_store
from ..build.lock import build_lock
from ..errors import PzgraphError
from ..project import Project
from ..release.guard import default_graph_is_union
from .sparql_values import with_values


@dataclass
class KnowledgeGraph:
    """The pzgraph dataset: every named graph, queried as their union by default."""

    store: ox.Store
    manifest: dict
    path: Path
    # where answers computed from this dataset are kept (query/computed.py), with the cache
    # checksum they belong to; None when the build's store folder belongs to another cache
    keep: tuple[Path, str] | None = None

    def query(self, sparql: str,
              bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
              union: bool = True) -> Any:
        """Run SPARQL; `bindings` (variable name → RDF term) go in as a VALUES block of
        serialised terms, never as pasted text: the same mechanism as `pzgraph query`."""
        text = with_values(sparql, dict(bindings)) if bindings else sparql
        return self.store.query(text,
                                use_default_graph_as_union=union and default_graph_is_union(text))

    def __len__(self) -> int:
        return len(self.store)

    def to_rdflib(self):  # -> rdflib.Dataset; imported lazily because rdflib is slow to import
        """The same dataset as an rdflib Dataset, for code written against rdflib."""
        import rdflib

        dataset = rdflib.Dataset()
        dataset.parse(self.path, format="nquads")
        return dataset


def as_project(project: object) -> Project:
    """A Project from what the API was given; a PzgraphError that says what to give else."""
    if project is None:
        return Project.default()
    if isinstance(project, Project):
        return project
    if isinstance(project, (str, os.PathLike)) and str(project):
        return Project(Path(project))
    raise PzgraphError(f"pzgraph.load: project must be the path of a project folder (the one "
                       f"that holds data/) or a Project, not {project!r:.60}")


def load(project: Project | str | os.PathLike | None = None, *, reasoning: bool = True,
         progress=None, on_disk: bool = False) -> KnowledgeGraph:
    """The compiled graph, built first if an input changed since the last build. `project`
    is a Project or the path of a project folder (default: the one the environment names).
    `on_disk`: the build's on-disk store, read-only (rewritten first from the verified cache
    when it is missing or belongs to another cache file); otherwise an in-memory copy."""
    project = as_project(project)
    dataset, manifest = verified_build(project, reasoning, progress)
    checksum = str(manifest.get("cache", {}).get("sha256", ""))
    current = is_current(project.build_dir, checksum)
    if on_disk:
        if not current:
            # one writer at a time (a query, a map and a build may all find it missing)
            with build_lock(project.build_dir, progress or (lambda _: None)):
                if not is_current(project.build_dir, checksum):
                    write_store(project.build_dir, dataset, checksum)
        return KnowledgeGraph(open_store(project.build_dir), manifest, dataset,
                              (project.build_dir / STORE_DIR, checksum))
    keep = (project.build_dir / STORE_DIR, checksum) if current else None
    return in_memory(KnowledgeGraph(ox.Store(), manifest, dataset, keep))


def verified_build(project: Project, reasoning: bool = True,
                   progress=None) -> tuple[Path, dict]:
    """The cache file and its manifest: the last build's when every input is as it was,
    else a new build. The compile stage (build/pipeline.py: the ingest, the checks, HermiT)
    is imported only when it has to run, so a query starts without it."""
    check_build_folder(project)
    hashes = file_hashes_of(project)
    manifest = verified_manifest(project, input_hash(project, reasoning, hashes))
    if manifest is not None:
        hashes.remember()
        return project.build_dir / CACHE_FILE, manifest
    from ..build.pipeline import build  # only when an input changed

    result = build(project, reasoning=reasoning, progress=progress or (lambda _: None))
    return result.dataset, result.manifest


def in_memory(graph: KnowledgeGraph) -> KnowledgeGraph:
    """The same dataset parsed from its cache file into an in-memory store."""
    store = ox.Store()
    # The build wrote this file from a store, so its IRIs need no second validation:
    # `lenient` loads national scale (225,000 quads) in 0.5 s instead of 0.8 s.
    store.load(path=str(graph.path), format=ox.RdfFormat.N_QUADS, lenient=True)
    return KnowledgeGraph(store, graph.manifest, graph.path, graph.keep)
