"""What every command shares: progress on stderr, the options several commands take."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..project import Project

F = TypeVar("F", bound=Callable[..., Any])


def progress(message: str) -> None:
    """Progress of long work goes to stderr, so stdout stays clean for data."""
    click.echo(f"… {message}", err=True)


def no_reason_option(command: F) -> F:
    """--no-reason: build or use the graph without HermiT's OWL consistency check."""
    return click.option("--no-reason", is_flag=True,
                        help="Without the OWL consistency check (HermiT, which needs Java).",
                        )(command)


def project_of(ctx: click.Context) -> Project:
    """The project the top-level command found (or the default one, in a bare subcommand)."""
    return ctx.find_object(Project) or Project.default()
