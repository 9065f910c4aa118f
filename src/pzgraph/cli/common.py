"""What every command shares: progress on stderr, the options several commands take."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..project import Project
from .console import progress as progress  # the verbs' progress lines (click-free)

F = TypeVar("F", bound=Callable[..., Any])


def no_reason_option(command: F) -> F:
    """--no-reason: build or use the graph without HermiT's OWL consistency check."""
    return click.option("--no-reason", is_flag=True,
                        help="Without the OWL consistency check (HermiT, which needs Java).",
                        )(command)


class Seconds(click.FloatRange):
    """A number of seconds from `min` to a week: "nan", "inf" and 1e309 are refused with
    the range (click's FloatRange lets nan through: it compares false with both ends)."""

    name = "seconds"

    def __init__(self, min: float) -> None:  # noqa: A002 - click's own word
        super().__init__(min=min, max=7 * 86400)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        seconds = super().convert(value, param, ctx)
        if seconds != seconds:  # nan
            self.fail(f"{value!r} is not a number of seconds from {self.min:g} to "
                      f"{self.max:g}", param, ctx)
        return seconds


def project_of(ctx: click.Context) -> Project:
    """The project the top-level command found (or the default one, in a bare subcommand)."""
    return ctx.find_object(Project) or Project.default()
