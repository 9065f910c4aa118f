"""The checks `build` requires of a compiled dataset: the SHACL shapes and the QC queries."""

from __future__ import annotations

import time

import pyoxigraph as ox

from ..errors import Finding
from ..project import Project
from .qc import load_checks, run_checks
from .shapes import check_shapes, shapes_path


def graph_checks(store: ox.Store, project: Project) -> list[Finding]:
    """SHACL shapes and QC queries over a compiled dataset (what `build` also requires)."""
    return [f for findings, _, _ in graph_stages(store, project).values() for f in findings]


def graph_stages(store: ox.Store,
                  project: Project) -> dict[str, tuple[list[Finding], str, float]]:
    """Stage → (findings, summary, seconds) for the SHACL shapes and the QC queries."""
    started = time.perf_counter()
    stages = {}
    if shapes_path(project).is_file():
        shacl = check_shapes(store, project)
        summary = summarise(shacl, "ontology/shapes.ttl")
    else:
        shacl = [Finding("ontology/shapes.ttl", "", "there is no shapes file, so no SHACL "
                         "shapes were checked", "add ontology/shapes.ttl", "shacl", "warning")]
        summary = "no shapes file"
    middle = time.perf_counter()
    stages["SHACL shapes"] = (shacl, summary, round(middle - started, 2))
    checks, check_findings = load_checks(project)
    check_findings += run_checks(store, project, checks)
    stages["QC queries"] = (check_findings, summarise(check_findings, f"{len(checks)} queries"),
                            round(time.perf_counter() - middle, 2))
    return stages


def summarise(findings: list[Finding], what: str) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    state = "ok" if not errors and not warnings else f"{errors} error(s), {warnings} warning(s)"
    return f"{state} — {what}"
