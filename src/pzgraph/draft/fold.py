"""Accent- and case-insensitive text, with a map back to the original offsets.

"Coördinatie", "coordinatie" and "COÖRDINATIE" fold alike; hyphens, slashes and runs of
whitespace fold to one space, so "Gooi-en Vechtstreek" and "Gooi- en Vechtstreek" match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ROMAN_TWO = re.compile(r" ll(?![a-z0-9])")
_SEPARATORS = set("-–—/_\u00a0\t\r\n ")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _SEPARATORS:
        return " "
    if char in ".()":  # "St. Antonius" = "St Antonius"; "(RHO)" = "RHO"
        return ""
    base = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in base if not unicodedata.combining(c)).lower()
    if char in "’‘`´":
        return "'"
    return base[:1] if base else ""


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the offset in `text`."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if not folded:
            continue
        if folded == " " and (not chars or chars[-1] == " "):
            continue
        chars.append(folded)
        offsets.append(index)
    # "NPPZ ll", "Zorg ll": two l's standing alone are the Roman II typed with l's
    return _ROMAN_TWO.sub(" ii", "".join(chars)), offsets


def fold(text: str) -> str:
    return fold_with_offsets(text)[0].strip()
