"""One query of `pzgraph query` answered and its text handed to `emit`: by the build's
resident store when it can, else in this process or at an endpoint. Without click, so that
the click command (query.py) and the quick form of `pzgraph query NAME` (quick.py) share it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..build.disk_store import STORE_DIR, is_current
from ..project import Project
from ..query import resident
from ..query.library import Query
from ..query.store import verified_build
from ..release.guard import QueryTimeout, check_query
from .console import progress


def ask(project: Project, query: Query, params: dict[str, str], fmt: str,
        emit: Callable[[str], None], iris: bool = False, lang: str = "nl",
        endpoint: str | None = None, timeout: float = 60.0) -> None:
    try:
        _answer(project, query, params, fmt, emit, None if iris else lang, endpoint, timeout)
    except QueryTimeout as stopped:
        if query.compute != "betweenness" or endpoint:
            raise
        raise QueryTimeout(f"{stopped}. Exact betweenness of a large landscape takes minutes: "
                           "`pzgraph build` computes it once, without a time limit, and keeps "
                           "it with the build; this query then reads it.") from None


def _answer(project: Project, query: Query, params: dict[str, str], fmt: str,
            emit: Callable[[str], None], language: str | None, endpoint: str | None,
            timeout: float) -> None:
    if not endpoint and not query.compare:
        # the same checks as `pzgraph serve`; then the build's resident store answers, which
        # holds the dataset parsed between commands (query/resident.py)
        check_query(query.sparql)
        dataset, manifest = verified_build(project, progress=progress)
        checksum = str(manifest.get("cache", {}).get("sha256", ""))
        keep = project.build_dir / STORE_DIR if is_current(project.build_dir, checksum) else None
        text = resident.answer_text(query, params, fmt, language, timeout, dataset,
                                    project.build_dir, checksum, keep)
        if text is not None:
            emit(text)
            return
    # at an endpoint, a comparison of two versions, or without a resident: in this process
    from ..query.local import run_here

    if not endpoint:
        check_query(query.sparql)
    run_here(project, query, params, fmt, language, endpoint, timeout, progress, emit)
