"""Verify that every quote in the data occurs in its source document.

Sources are text extracted from PDFs: line breaks fall anywhere and words are split by
a hyphen at a line end. Both the source and the quote are normalised the same way
(whitespace collapsed, end-of-line hyphenation joined, typographic quotes folded), so a
curator may copy a quote as it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from ..errors import Finding
from ..project import Project
from .keys import NESTED, URL_PATTERN
from .records import DataFile, record_name

_SPACE = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"(\w)- (\w)")
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-"})


def normalise(text: str) -> str:
    """The form in which quotes are compared with sources."""
    text = _SPACE.sub(" ", text.translate(_FOLD)).strip()
    return _HYPHEN_BREAK.sub(r"\1\2", text)


@lru_cache(maxsize=32)
def _normalised_source(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


def quote_in_source(quote: str, source_file: Path) -> bool:
    """True when the quote occurs in the source, after normalisation."""
    return normalise(quote) in _normalised_source(source_file)


def check_quotes(files: list[DataFile], project: Project) -> tuple[list[Finding], int, int]:
    """Every quote found in its source file. Returns findings, quotes checked, quotes found."""
    findings: list[Finding] = []
    checked = found = 0
    if not project.sources_dir.is_dir():
        return ([Finding("", "", f"the sources folder {project.sources_dir} is missing: "
                         "quotes cannot be verified",
                         "put the source documents there or set PZGRAPH_SOURCES", "evidence",
                         severity="warning")], 0, 0)
    for data in files:
        for index, record in enumerate(data.records):
            for item in _evidence_items(record):
                source = item.get("source", data.source)
                if not isinstance(source, str) or URL_PATTERN.match(source):
                    continue
                path = project.sources_dir / source
                if not path.is_file():
                    continue  # reported as an unknown source already
                for key, quote in _passages(item):
                    checked += 1
                    if quote_in_source(quote, path):
                        found += 1
                    else:
                        findings.append(Finding(
                            data.name, record_name(record, index),
                            f"the {key} is not in {source}: {quote[:120]!r}",
                            "copy it verbatim from the source (line breaks and end-of-line "
                            "hyphens may differ, nothing else)", "evidence"))
    return findings, checked, found


def _passages(item: dict) -> Iterator[tuple[str, str]]:
    """The verbatim text of an evidence item: its quote, and the basis a judgement rests on
    (one passage or a list)."""
    for key in ("quote", "basis"):
        value = item.get(key)
        for passage in value if isinstance(value, list) else [value]:
            if isinstance(passage, str):
                yield key, passage


def _evidence_items(node: dict) -> Iterator[dict]:
    for key, value in node.items():
        if key in NESTED and isinstance(value, list):
            for item in value:
                if not isinstance(item, dict):
                    continue
                if key == "evidence":
                    yield item
                else:
                    yield from _evidence_items(item)
