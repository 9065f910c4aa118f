"""`pzgraph draft`: propose the data file for a plan nobody has curated yet, and review it."""

from __future__ import annotations

import copy
from pathlib import Path

import click
import yaml

from ..draft import DraftError, draft_plan
from ..draft.review import Proposal, accept, review_file
from ..draft.writer import dump, write
from ..project import Project, write_atomic

CHOICES = {"a": "accept", "r": "reject", "e": "edit", "s": "skip", "q": "quit"}


@click.command()
@click.argument("plan", required=False, type=click.Path(path_type=Path))
@click.option("--network", help="The id of the network whose plan it is, e.g. "
              "netwerk/gooi-en-vechtstreek.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Write the draft here (a .yaml file; default: print it).")
@click.option("--review", "review", type=click.Path(path_type=Path),
              help="Review the open proposals of this draft file one by one.")
@click.pass_obj
def draft(project: Project, plan: Path | None, network: str | None, out: Path | None,
          review: Path | None) -> None:
    """Propose a data file for PLAN (.txt or .pdf): entities, memberships, activities and
    coverage links, each with a verbatim quote, a confidence and `proposal: true` (the
    footing 'voorstel').

    `--review FILE` asks for each open proposal: [a]ccept (the proposal marks go),
    [r]eject (the record or item goes), [e]dit (in your editor, then accept), [s]kip or
    [q]uit. Or review in the file itself (data/README.md, "Drafting a file").
    """
    try:
        if review:
            try:
                count = review_file(review, _ask)
            except click.Abort:  # end of input or Ctrl-C at the prompt
                raise DraftError(f"{review}: the review stopped before its end (no answer "
                                 "came: end of input or Ctrl-C); every decision made so far is "
                                 "saved in the file", "run `pzgraph draft --review` in a "
                                 "terminal to go on, or decide in the file itself") from None
            click.echo(f"{review}: {count.accepted} accepted, {count.rejected} rejected, "
                       f"{count.open} still to review")
            return
        if plan is None or not network:
            raise DraftError("give a PLAN and --network ID (or --review FILE)",
                             "e.g. pzgraph draft plan.pdf --network netwerk/gooi-en-vechtstreek "
                             "--out draft.yaml")
        if out and out.suffix.lower() not in (".yaml", ".yml"):
            raise DraftError(f"--out {out}: a data file ends in .yaml",
                             "give a file name ending in .yaml")
        if out and (out.exists() or out.is_symlink()):  # never replace what we did not write
            raise DraftError(f"--out {out}: the file exists; nothing was changed",
                             "give a new file name (a curated data file is never overwritten)")
        result, text = draft_plan(plan, network, project)
        if not out:
            click.echo(dump(result), nl=False)
            return
        write(result, out)
        if plan.suffix.lower() != ".txt":
            text_file = out.with_name(result.source)
            if not text_file.exists() and not text_file.is_symlink():
                write_atomic(text_file, text)
                click.echo(f"the plan's text (which the quotes cite): {text_file}; put it "
                           "in the sources folder before validating", err=True)
        click.echo(f"{out}: {len(result.entities)} entities, {len(result.memberships)} "
                   f"memberships, {len(result.activities)} activities, "
                   f"{len(result.coverage())} coverage links proposed")
    except OSError as error:  # reported like any bad input, by the command group
        raise DraftError(f"{error.filename or ''}: {error.strerror}",
                         "check the path and its permissions") from None


def _ask(proposal: Proposal) -> str:
    click.echo("\n" + proposal.describe())
    while True:
        key = click.prompt("[a]ccept, [r]eject, [e]dit, [s]kip, [q]uit",
                           type=click.Choice(list(CHOICES)), show_choices=False)
        if CHOICES[key] != "edit":
            return CHOICES[key]
        if _edit(proposal):
            return "accept"


def _edit(proposal: Proposal) -> bool:
    """Open the proposal in the editor; its edited form replaces it (then it is accepted)."""
    node = proposal.node
    # what the curator saves is the curator's, not a proposal: shown without the marks
    shown = copy.deepcopy(node)
    accept(Proposal(shown))
    edited = click.edit(yaml.safe_dump(shown, allow_unicode=True, sort_keys=False))
    if edited is None:
        click.echo("unchanged")
        accept(proposal)
        return True
    try:
        new = yaml.safe_load(edited)
    except yaml.YAMLError as error:
        click.echo(f"not valid YAML ({str(error).splitlines()[0]}); try again", err=True)
        return False
    if not isinstance(new, dict):
        click.echo("the edited item must stay a mapping of keys; try again", err=True)
        return False
    node.clear()
    node.update(new)
    return True
