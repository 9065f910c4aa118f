"""Findings about bad input: what file, which entity, what is wrong, what to do."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    entity: str
    problem: str
    fix: str
    check: str = "data"
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}" + (f", {self.entity}" if self.entity else "")
        return f"{where}: {self.problem}\n    fix: {self.fix}"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


class InputError(Exception):
    """Bad input that stops a command; carries every finding, not just the first."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(set(findings))
        super().__init__("\n".join(str(f) for f in self.findings))
