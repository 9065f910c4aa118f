"""How many individuals HermiT is run on at most: a setting of the build, so part of its key.

HermiT's time grows with the individuals it is given: ~2.5 s at 2,300, ~5 s at 6,600, ~10 s
at 20,000 (the national scale), ~32 s and 1.3 GB of Java heap at 60,000
(benchmarks/results/scale.md); owlready2 gives Java 2 GB. Above the limit `build` skips it and
says so; the SHACL shapes and QC queries still run, and `pzgraph validate` still reasons.
PZGRAPH_REASONER_LIMIT=0 (or any other limit) overrides it.
"""

from __future__ import annotations

import os
import re

from ..errors import PzgraphError

MAX_REASONER_INDIVIDUALS = 10_000
REASONER_LIMIT_ENV = "PZGRAPH_REASONER_LIMIT"


def reasoner_limit() -> int | None:
    """The most individuals HermiT is run on; None when there is no limit."""
    value = os.environ.get(REASONER_LIMIT_ENV, "").strip()
    if not value:
        return MAX_REASONER_INDIVIDUALS
    # ASCII digits only: str.isdigit() takes "²", which int() refuses
    if not re.fullmatch(r"[0-9]{1,12}", value):  # and no sign: -5 was read as "no limit"
        raise PzgraphError(f"{REASONER_LIMIT_ENV}={value!r} is not a whole number of 0 or "
                           "more; give the most individuals HermiT may reason over (e.g. "
                           "10000), or 0 for no limit")
    limit = int(value)
    return limit if limit > 0 else None
