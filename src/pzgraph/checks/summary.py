"""Findings in a few lines: how many of each check, the worst first, and where the rest is.

A command that only reports findings on the side (`build`, and the commands that build on
the way) shows this; `pzgraph validate` and `--verbose` list every finding.
"""

from __future__ import annotations

from collections import Counter

from ..errors import Finding

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
NOUN = {"error": "error", "warning": "warning", "info": "note"}
EXAMPLE_WIDTH = 72


def summarise(findings: list[Finding], full_list: str = "pzgraph validate") -> list[str]:
    """One line per check (count, check, the first finding's problem), errors first and the
    most frequent first, under a line that says where the full list is."""
    if not findings:
        return []
    counts = Counter((f.severity, f.check) for f in findings)
    first = {}
    for finding in sorted(findings):
        first.setdefault((finding.severity, finding.check), finding)
    totals = Counter(f.severity for f in findings)
    head = ", ".join(f"{totals[s]} {NOUN.get(s, s)}{'s' if totals[s] != 1 else ''}"
                     for s in sorted(totals, key=_rank))
    width = max(len(check) for _, check in counts)
    lines = [f"{head} (the full list: {full_list}):"]
    for (severity, check), count in sorted(counts.items(),
                                           key=lambda item: (_rank(item[0][0]), -item[1],
                                                             item[0][1])):
        example = first[severity, check].problem
        if len(example) > EXAMPLE_WIDTH:
            example = example[:EXAMPLE_WIDTH - 1] + "…"
        lines.append(f"  {count:>4} {severity:<7} {check:<{width}}  e.g. {example}")
    return lines


def _rank(severity: str) -> int:
    return SEVERITY_RANK.get(severity, len(SEVERITY_RANK))
