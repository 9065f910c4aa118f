"""Verify that every quote in the data occurs in its source document.

Sources are text extracted from PDFs: line breaks fall anywhere and words are split by
a hyphen at a line end. Both the source and the quote are normalised the same way
(whitespace collapsed, end-of-line hyphenation joined, typographic quotes folded), so a
curator may copy a quote as it reads.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

_SPACE = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"(\w)- (\w)")
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-"})

SOURCES_ENV = "PZGRAPH_SOURCES"


def normalise(text: str) -> str:
    """The form in which quotes are compared with sources."""
    text = _SPACE.sub(" ", text.translate(_FOLD)).strip()
    return _HYPHEN_BREAK.sub(r"\1\2", text)


def sources_dir(project_root: Path | None = None) -> Path:
    """The folder with the source documents: $PZGRAPH_SOURCES or ../shared/seeds."""
    if os.environ.get(SOURCES_ENV):
        return Path(os.environ[SOURCES_ENV])
    root = project_root or Path(__file__).resolve().parents[2]
    return root.parent / "shared" / "seeds"


@lru_cache(maxsize=32)
def _normalised_source(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


def quote_in_source(quote: str, source_file: Path) -> bool:
    """True when the quote occurs in the source, after normalisation."""
    return normalise(quote) in _normalised_source(source_file)
