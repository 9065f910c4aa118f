"""The report's header: data version, the date the data stands at, and the sources.

The date is deterministic (the same inputs give the same page): the newest git commit date
of the data files, or the modification date of a data file changed since, never the
wall clock unless the user passes one.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from ..project import Project
from ..store import KnowledgeGraph
from .model import Meta, Source

SOURCES = """
PREFIX pz: <https://w3id.org/pzgraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?file ?title (SAMPLE(?k) AS ?kind)
       (GROUP_CONCAT(DISTINCT STR(?publisherLabel); separator = ", ") AS ?publishers) WHERE {
  ?doc a pz:SourceDocument ; pz:fileName ?file ; skos:prefLabel ?title .
  FILTER(LANG(?title) = "nl")
  OPTIONAL { ?doc pz:documentKind ?k }
  OPTIONAL { ?doc dcterms:publisher/skos:prefLabel ?publisherLabel
             FILTER(LANG(?publisherLabel) = "nl") }
} GROUP BY ?file ?title ORDER BY ?file
"""


def read_meta(graph: KnowledgeGraph, project: Project, date: str | None = None) -> Meta:
    manifest = graph.manifest
    if date:
        when, basis = dt.date.fromisoformat(date).isoformat(), "opgegeven met --date"
    else:
        when, basis = data_date(project)
    return Meta(
        version=str(manifest.get("version", "")),
        input_hash=str(manifest.get("input_hash", "")),
        date=when, date_basis=basis, sources=read_sources(graph),
        data_files=list(manifest.get("data_files", [])),
    )


def read_sources(graph: KnowledgeGraph) -> list[Source]:
    """The documents the data is curated from (those with a file name), with their titles."""
    return [Source(row["file"].value, row["title"].value,
                   row["kind"].value if row["kind"] else "", row["publishers"].value)
            for row in graph.query(SOURCES)]


def data_date(project: Project) -> tuple[str, str]:
    """The newest date of the data: git commit date, or file date of uncommitted changes."""
    files = project.data_files()
    committed = _git(project.root, "log", "-1", "--format=%cs", "--", *map(str, files))
    changed = _git(project.root, "status", "--porcelain", "--", *map(str, files))
    dates: list[tuple[str, str]] = []
    if committed:
        dates.append((committed.strip(), "laatste git-commit van de databestanden"))
    if committed is None or changed:
        # Outside git, or edited since the last commit: the file dates say when.
        names = {line[3:].strip() for line in (changed or "").splitlines()}
        edited = [p for p in files if committed is None or any(n.endswith(p.name) for n in names)]
        if edited:
            newest = max(p.stat().st_mtime for p in edited)
            day = dt.datetime.fromtimestamp(newest, dt.UTC).date().isoformat()
            dates.append((day, "wijzigingsdatum van de databestanden (nog niet gecommit)"))
    if not dates:
        return "onbekend", "geen datum te bepalen"
    return max(dates)


def _git(root: Path, *args: str) -> str | None:
    """Output of a read-only git command, or None outside a repository."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
