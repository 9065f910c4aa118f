"""Every command answers --help; the group answers --version."""

from __future__ import annotations

import click
from click.testing import CliRunner

from pzgraph import __version__
from pzgraph.cli.main import PzgraphGroup, main


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    # the top group imports each verb when asked for it (main.VERBS): ask for every one
    lazy = isinstance(group, PzgraphGroup)
    names = group.list_commands(click.Context(group)) if lazy else list(group.commands)
    for name in names:
        command = group.get_command(click.Context(group), name) if lazy else group.commands[name]
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found += all_commands(command, path)
    return found


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_every_command_has_help():
    commands = all_commands(main)
    assert {("build",), ("stats",)} <= set(commands)
    for path in commands:
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output


def test_build_sums_up_its_warnings_and_lists_them_when_asked():
    """A first run shows how many findings of each check, worst and most frequent first, and
    where the full list is; --verbose lists every one."""
    from pzgraph.checks.summary import summarise
    from pzgraph.errors import Finding

    findings = [Finding("a.yaml", f"x/{n}", "no year", "add one", "qc:no-year", "warning")
                for n in range(3)]
    findings += [Finding("a.yaml", "x/9", "a conflict", "none", "qc:conflict", "info"),
                 Finding("b.yaml", "y/1", "bad id", "fix it", "structure", "error")]
    lines = summarise(findings)
    assert lines[0] == "1 error, 3 warnings, 1 note (the full list: pzgraph validate):"
    assert [line.split()[:3] for line in lines[1:]] == [
        ["1", "error", "structure"], ["3", "warning", "qc:no-year"], ["1", "info", "qc:conflict"]]
    assert summarise([]) == []

    runner = CliRunner()
    summed = runner.invoke(main, ["build", "--force", "--no-reason"])
    assert summed.exit_code == 0, summed.output
    assert "(the full list: pzgraph validate" in summed.stderr
    assert "\nwarning: " not in summed.stderr
    listed = runner.invoke(main, ["build", "--force", "--no-reason", "--verbose"])
    assert listed.exit_code == 0 and "warning: " in listed.stderr
