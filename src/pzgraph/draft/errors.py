"""The one error a draft raises for bad input: what is wrong and what to do."""

from __future__ import annotations

from ..errors import PzgraphError


class DraftError(PzgraphError):
    """Bad input to `pzgraph draft` (a missing or unreadable plan, an unknown network)."""

    def __init__(self, problem: str, fix: str):
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem}\n  fix: {fix}")
