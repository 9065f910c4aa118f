"""Errors that end a command, and findings about bad input.

Every error a command may end with is a PzgraphError: its message says what is wrong and
what to do, and `exit_code` is the process's exit code. The command line catches them in
one place (cli/main.py) and prints them without a traceback.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """What file, which entity, what is wrong, what to do."""

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


class PzgraphError(Exception):
    """An error that ends a command with a plain message and `exit_code`."""

    exit_code = 1

    def report(self) -> str:
        """The message a person reads (without the 'pzgraph <command>:' prefix)."""
        return str(self)


class InputError(PzgraphError):
    """Bad input that stops a command; carries every finding, not just the first."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(set(findings))
        super().__init__("\n".join(str(f) for f in self.findings))

    def report(self) -> str:
        lines = [f"{len(self.findings)} problem(s) in the input; nothing was written."]
        lines += [f"  {finding}" for finding in self.findings]
        return "\n".join(lines)


class QueryError(PzgraphError):
    """A query was asked for wrongly: unknown name, bad parameter. The message says how."""


class EndpointError(QueryError):
    """The endpoint could not be reached or refused the request; the message says which."""


class ReasonerUnavailable(PzgraphError):
    """Java (which HermiT needs) is not installed, or HermiT refused the graph."""

    exit_code = 2


class OutputError(PzgraphError):
    """An output cannot be written where it was asked for; nothing was changed."""


class ExportError(PzgraphError):
    """The export cannot go ahead (a bad --out, --issued or --base); nothing was written."""


class ServeError(PzgraphError):
    """The SPARQL server could not be started or stopped by itself."""
