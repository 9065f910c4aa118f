"""The one error a draft raises for bad input: what is wrong and what to do."""

from __future__ import annotations


class DraftError(Exception):
    def __init__(self, problem: str, fix: str):
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem}\n  fix: {fix}")
