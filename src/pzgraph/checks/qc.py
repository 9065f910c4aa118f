"""Quality-control queries in the manner of the ODK: `checks/*-violation.rq`.

Each check is a SPARQL SELECT whose every row is a violation. Its header says what is wrong
and how to fix it, in words for curators:

    # title: an organisation has no label
    # fix: add 'label:' with the Dutch name to the record
    # severity: warning           (optional; default error)

Columns: ?entity (the offending node), optional ?detail (added to the problem) and
optional ?graph (the named graph to blame, when ?entity is not in the data itself).
Queries run over the union of all graphs of the compiled dataset (before OWL reasoning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import Finding, PzgraphError
from ..plain_input import read_plain_text
from ..project import Project
from .origin import entity_name, file_of, graph_file
from .parallel import select_all

SUFFIX = "-violation.rq"
_HEADER = re.compile(r"^#\s*(title|fix|severity)\s*:\s*(.*)$")
_SEVERITIES = {"error", "warning", "info"}


@dataclass(frozen=True)
class Check:
    name: str
    path: Path
    title: str
    fix: str
    severity: str
    query: str


CHECK_FILE_LIMIT = 1024 * 1024  # as a query file (query/library.py)


def load_checks(project: Project) -> tuple[list[Check], list[Finding]]:
    """The checks of the project, and findings about check files that cannot be used."""
    checks, findings = [], []
    for path in sorted(project.checks_dir.glob(f"*{SUFFIX}")):
        where = f"checks/{path.name}"
        try:
            text = read_plain_text(path, CHECK_FILE_LIMIT, "the check")
        except PzgraphError as error:  # a pipe, a link to a device, a huge or non-UTF-8 file
            findings.append(Finding(where, "", str(error), "make the check a small UTF-8 "
                                    "text file", "qc"))
            continue
        header = _header(text)
        missing = [key for key in ("title", "fix") if not header.get(key)]
        severity = header.get("severity", "error")
        if missing or severity not in _SEVERITIES:
            findings.append(Finding(where, "", "the check's header lacks "
                                    + (", ".join(f"'# {m}:'" for m in missing) or
                                       f"a valid severity (has '{severity}')"),
                                    "start the file with '# title:' and '# fix:' lines "
                                    "(and optionally '# severity: warning')", "qc"))
            continue
        checks.append(Check(path.name.removesuffix(SUFFIX), path, header["title"], header["fix"],
                            severity, text))
    return checks, findings


def _header(text: str) -> dict[str, str]:
    """`# key: value` lines before the query; a `#` line without a key continues the last."""
    header: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            last = match[1]
            header[last] = match[2].strip()
        elif last and line.strip("# ").strip():
            header[last] += " " + line.lstrip("#").strip()
    return header


def run_checks(store: ox.Store, project: Project, checks: list[Check]) -> list[Finding]:
    findings: list[Finding] = []
    for check, rows in zip(checks, select_all(store, [check.query for check in checks]),
                           strict=True):
        if isinstance(rows, Exception):
            findings.append(Finding(f"checks/{check.path.name}", "",
                                    f"the check's query cannot run: {rows}",
                                    "correct the SPARQL of the check", "qc"))
            continue
        for row in rows:
            findings.append(_finding(check, row, store))
    return sorted(set(findings))


def _finding(check: Check, row: ox.QuerySolution, store: ox.Store) -> Finding:
    # A column the query does not have reads as None, like an unbound one.
    entity, detail, graph = (row[name] for name in ("entity", "detail", "graph"))
    where = graph_file(graph, store) if isinstance(graph, ox.NamedNode) else ""
    problem = check.title + (f": {entity_name(detail)}" if detail is not None else "")
    return Finding(where or file_of(store, entity), entity_name(entity), problem,
                   check.fix, f"qc:{check.name}", check.severity)
