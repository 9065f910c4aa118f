"""`pzgraph draft`: propose the data file for a plan nobody has curated yet."""

from __future__ import annotations

from pathlib import Path

import click

from ..draft import DraftError, draft_plan
from ..draft.review import review_file
from ..draft.writer import dump, write
from ..project import Project


@click.command()
@click.argument("plan", required=False, type=click.Path(path_type=Path))
@click.option("--network", help="The id of the network whose plan it is, e.g. "
              "netwerk/gooi-en-vechtstreek.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Write the draft here (default: print it).")
@click.option("--review", "review", type=click.Path(path_type=Path),
              help="Apply the curator's decisions (proposal: accept / reject) in this draft file.")
@click.pass_obj
def draft(project: Project, plan: Path | None, network: str | None, out: Path | None,
          review: Path | None) -> None:
    """Propose a data file for PLAN (.txt or .pdf): entities, memberships, activities and
    coverage links, each with a verbatim quote, a confidence and the footing 'voorstel'.

    Review: set 'proposal: accept' or 'proposal: reject' on a proposal's evidence (edit
    the record if needed), then run `pzgraph draft --review FILE`.
    """
    try:
        if review:
            count = review_file(review)
            click.echo(f"{review}: {count.accepted} accepted, {count.rejected} rejected, "
                       f"{count.open} still to review")
            return
        if plan is None or not network:
            raise DraftError("give a PLAN and --network ID (or --review FILE)",
                             "e.g. pzgraph draft plan.pdf --network netwerk/gooi-en-vechtstreek "
                             "--out draft.yaml")
        result, text = draft_plan(plan, network, project)
        if out:
            if out.suffix.lower() not in (".yaml", ".yml"):
                raise DraftError(f"--out {out}: a data file ends in .yaml",
                                 "give a file name ending in .yaml")
            write(result, out)
            if plan.suffix.lower() != ".txt":
                text_file = out.with_name(result.source)
                if not text_file.exists():
                    text_file.write_text(text, encoding="utf-8")
                    click.echo(f"the plan's text (which the quotes cite): {text_file}; put it "
                               "in the sources folder before validating", err=True)
            click.echo(f"{out}: {len(result.entities)} entities, {len(result.memberships)} "
                       f"memberships, {len(result.activities)} activities, "
                       f"{len(result.coverage())} coverage links proposed")
        else:
            click.echo(dump(result), nl=False)
    except OSError as error:  # reported like any bad input, by the command group
        raise DraftError(f"{error.filename or ''}: {error.strerror}",
                         "check the path and its permissions") from None
