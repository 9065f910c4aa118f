"""`pzgraph draft`: propose the data file for a plan nobody has curated yet.

The steps, each a module of its own:

1. text.py        read the plan (plain text, or PDF through pypdf) and cut it into
                  sentences and list lines, keeping offsets
2. gazetteer.py   the names the graph knows: labels and altLabels of organisations,
                  networks, consortia, municipalities, programmes (data/) and of the
                  concepts of the schemes (ontology/vocabularies/)
3. matching.py    find those names in the plan with one Aho-Corasick pass over
                  accent-, case- and hyphen-folded text (fold.py)
4. shapes.py      new organisations by the shape of their names (Stichting …, Hospice …,
                  … ziekenhuis); entities.py adds member lists; new ids, never merged
                  with a known name (a similar one, by rapidfuzz, is only noted)
5. relations.py   memberships in recognisable forms (role words, "lid van", lists)
6. activities.py  activities with year, status, lead role, partners, funders, figures
7. coverage.py    coverage links to Kwaliteitskader domains, PN-raad recommendations,
                  kernthema's, actielijnen, interventions, from the sentence naming them
8. names.py       names of people, kept out of every quote and label (quotes.py cuts
                  them out; every quote passes the project's quote checker)
9. writer.py      the data file, every evidence item a proposal with a confidence
10. review.py     the curator's loop: accept, edit or reject, then `draft --review`
"""

from __future__ import annotations

from pathlib import Path

from ..project import Project
from .cues import learn
from .errors import DraftError
from .gazetteer import build_gazetteer
from .model import Draft
from .pipeline import draft_text
from .text import read_plan

__all__ = ["DraftError", "draft_plan"]


def draft_plan(plan: Path, network: str, project: Project,
               leave_out: set[str] | None = None) -> tuple[Draft, str]:
    """The draft of a plan for a network, and the plan's text it quotes."""
    text = read_plan(plan)
    gazetteer = build_gazetteer(project, leave_out)
    if gazetteer.entries.get(network) is None or not network.startswith("netwerk/"):
        known = sorted(i for i in gazetteer.entries if i.startswith("netwerk/"))
        raise DraftError(f"unknown network '{network}'",
                         f"give the id of a network in the graph, e.g. {', '.join(known[:4])}")
    source = plan.name if plan.suffix.lower() == ".txt" else plan.with_suffix(".txt").name
    cues = learn(project, leave_out)
    return draft_text(text, source, network, gazetteer, cues=cues), text
