"""`pzgraph validate`: every check in one place, findings a curator can act on."""

from __future__ import annotations

import json
import sys

import click

from ..checks.validate import Report
from ..checks.validate import validate as run_validate
from ..errors import Finding
from ..project import Project
from ..terminal import printable
from .common import no_reason_option, progress


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people; json (a list of findings) for machines.")
@no_reason_option
@click.pass_obj
def validate(project: Project, fmt: str, no_reason: bool) -> None:
    """Check the data files, SHACL shapes, QC queries, evidence quotes and OWL consistency.

    Exit code 0 when there are no errors (warnings are shown but allowed), 1 otherwise.
    """
    report = run_validate(project, reasoning=not no_reason, progress=progress)
    if fmt == "json":
        click.echo(json.dumps([f.as_dict() for f in report.findings], indent=2, ensure_ascii=False))
    else:
        click.echo(printable(render(report)))  # findings quote the data files
    sys.exit(0 if report.ok else 1)


def render(report: Report) -> str:
    lines = ["pzgraph validate"]
    width = max(map(len, report.stages), default=0)
    for stage, summary in report.stages.items():
        seconds = report.seconds.get(stage)
        timing = f" ({seconds} s)" if seconds is not None else ""
        lines.append(f"  {stage:<{width}}  {summary}{timing}")
    for heading, severity in (("Errors", "error"), ("Warnings", "warning"), ("Notes", "info")):
        group = [f for f in report.findings if f.severity == severity]
        if group:
            lines += ["", f"{heading} ({len(group)}):"]
            lines += [_show(f) for f in group]
    total = round(sum(report.seconds.values()), 2)
    verdict = ("the data is valid" if report.ok else
               "the data is NOT valid: fix the errors, then run pzgraph validate again")
    lines += ["", f"{len(report.errors)} error(s), {len(report.warnings)} warning(s) in "
              f"{total} s — {verdict}"]
    return "\n".join(lines)


def _show(finding: Finding) -> str:
    where = finding.file or "(project)"
    if finding.entity:
        where += f", {finding.entity}"
    return f"  {where}: {finding.problem}\n      fix: {finding.fix}  [{finding.check}]"
