"""Every check over the project's data in one pass; every problem as a Finding.

1. data files     syntax, structure, keys, value types and ranges, references, duplicate
                  ids, and every quote found in its source (ingest/)
2. SHACL shapes   ontology/shapes.ttl over the compiled dataset (shapes.py)
3. QC queries     checks/*-violation.rq, every row a violation (qc.py)
4. OWL            consistency under HermiT (build/reasoning.py)

Stages 2-4 need the compiled dataset. They are skipped when stage 1 finds errors that leave
a file's meaning unclear (syntax, structure, types): compiling such a file would only add
confusing follow-up findings. Nothing is written; `build` keeps its own cache.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..build.cache import (
    CACHE_FILE,
    MANIFEST_FILE,
    file_hashes_of,
    input_hash,
    is_the_cache_written,
    read_manifest,
)
from ..build.pipeline import compile_dataset
from ..build.reasoner import JAVA_MISSING, java_available
from ..build.reasoning import add_inferences
from ..draft.review import count_open
from ..errors import Finding, InputError, ReasonerUnavailable
from ..ingest.read import read_and_check, unreadable_model
from ..project import Progress, Project, quiet
from .graph_checks import graph_stages, summarise

BLOCKING_CHECKS = {"syntax", "structure", "type"}  # data errors that stop stages 2-4


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    stages: dict[str, str] = field(default_factory=dict)  # stage → one-line summary
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(project: Project | None = None, *, reasoning: bool = True,
             progress: Progress = quiet) -> Report:
    """Run every check; never raises for bad input, only reports it."""
    project = project or Project.default()
    report = Report()
    clock = _Clock(report)

    progress("checking data files: syntax, keys, values, references, quotes")
    files, context, findings, counts = read_and_check(project)
    report.findings += findings
    records = sum(len(data.records) for data in files)
    report.stages["data files"] = summarise(
        findings, f"{len(files)} files, {records} records, "
        f"{counts['quotes_found']}/{counts['quotes_checked']} quotes found")
    clock.lap("data files")
    open_proposals = {data.name: count_open(data.records) for data in files}
    for name, number in open_proposals.items():
        if number:
            report.findings.append(Finding(
                name, "", f"{number} proposal(s) of `pzgraph draft` not yet reviewed",
                "set 'proposal: accept' or 'proposal: reject' on each, then run "
                f"pzgraph draft --review data/{name}", "proposals", "warning"))
    report.stages["proposals"] = f"{sum(open_proposals.values())} unreviewed"

    later = ["SHACL shapes", "QC queries", "OWL consistency"]
    blocking = [f for f in findings if f.severity == "error" and f.check in BLOCKING_CHECKS]
    ontology = project.ontology_dir / "pzgraph.ttl"
    if not ontology.is_file():
        report.findings.append(Finding("ontology/pzgraph.ttl", "", "the ontology file is missing",
                                       "restore ontology/pzgraph.ttl", "owl"))
        blocking.append(report.findings[-1])
    if blocking:
        report.findings.append(Finding(
            "", "", "the SHACL shapes, the QC queries and the OWL check were not run: "
            "the errors above must be fixed first",
            "fix the errors above and run pzgraph validate again", "validate", "info"))
        report.stages.update({stage: "not run" for stage in later})
        report.findings = sorted(set(report.findings), key=_order)
        return report

    progress("compiling the dataset")
    try:
        store = compile_dataset(project, files, context)
    except SyntaxError as error:
        report.findings.append(unreadable_model(error, project))
        report.findings = sorted(set(report.findings), key=_order)
        return report
    report.stages["compiled dataset"] = f"{len(store)} triples"
    clock.lap("compiled dataset")

    progress("checking SHACL shapes and QC queries (checks/*-violation.rq)")
    for stage, (stage_findings, summary, seconds) in graph_stages(store, project).items():
        report.findings += stage_findings
        report.stages[stage] = summary
        report.seconds[stage] = seconds
    clock.last = time.perf_counter()

    if reasoning:
        report.stages["OWL consistency"] = _owl(store, project, report, progress)
    else:
        report.stages["OWL consistency"] = "not checked (--no-reason)"
    clock.lap("OWL consistency")
    report.findings = sorted(set(report.findings), key=_order)
    return report


def _owl(store: ox.Store, project: Project, report: Report, progress: Progress) -> str:
    """HermiT, unless the last build already checked exactly these inputs."""
    manifest = read_manifest(project.build_dir / MANIFEST_FILE)
    if (manifest.get("input_hash") == input_hash(project, True, file_hashes_of(project))
            and is_the_cache_written(project.build_dir / CACHE_FILE, manifest.get("cache"))
            and (manifest.get("reasoner") or {}).get("consistent")):
        return "consistent (HermiT, checked by the last build of these same inputs)"
    if not java_available():
        report.findings.append(JAVA_MISSING)
        return "not checked: Java is missing"
    progress("checking OWL consistency with HermiT (Java)")
    try:
        result = add_inferences(store)
    except ReasonerUnavailable as error:  # HermiT refused the graph
        report.findings.append(Finding("", "", str(error), "run pzgraph build for details, or "
                                       "pass --no-reason to skip this check", "owl"))
        return "not checked: HermiT could not run"
    except InputError as error:
        report.findings += error.findings
        return f"inconsistent ({len(error.findings)} finding(s))"
    except Exception as error:  # noqa: BLE001 - HermiT runs in Java; any failure is a finding
        report.findings.append(Finding("", "", f"HermiT failed: {_first_line(error)}",
                                       "run pzgraph build for details, or pass --no-reason", "owl"))
        return "failed"
    return f"consistent (HermiT, {result['seconds']} s)"


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _order(finding: Finding) -> tuple:
    rank = {"error": 0, "warning": 1}.get(finding.severity, 2)
    return (rank, finding.file, finding.entity, finding.check, finding.problem)


class _Clock:
    def __init__(self, report: Report):
        self.report, self.last = report, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.report.seconds[stage] = round(now - self.last, 2)
        self.last = now
