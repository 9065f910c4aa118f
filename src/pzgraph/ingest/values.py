"""The value of one key: is it of the kind the key takes (text, number, date, id, ...)?"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from .context import Context
from .keys import (
    BAD_CHARACTERS,
    CBS_PATTERN,
    DATE_KEYS,
    LABEL_KEYS,
    MARKUP,
    MAX_YEAR,
    MIN_YEAR,
    REF_PATTERN,
    TEXT_KEYS,
    URL_PATTERN,
)


def value_problem(key: str, value: Any, context: Context) -> tuple[str, str] | None:
    if value is None or value == "":
        return f"'{key}' is empty", f"give '{key}' a value or leave the key out"
    if key in context.iri_valued:
        if key == "website":
            ok = isinstance(value, str) and URL_PATTERN.match(value)
            return None if ok else (f"'{key}: {value}' is not a web address",
                                    "write the full address starting with https://")
        if not isinstance(value, str) or not REF_PATTERN.match(value):
            return (f"'{key}: {value}' is not an id of the form type/reference",
                    "refer to another record by its id, e.g. netwerk/noordwest-utrecht")
        return None
    if isinstance(value, str) and BAD_CHARACTERS.search(value):
        return (f"'{key}' contains an invisible control character: {value[:60]!r}",
                "retype the text; copy it from the source again without special characters")
    if key in TEXT_KEYS:
        if not isinstance(value, str):
            return f"'{key}' must be text, not {_kind(value)}", "put the text between quotes"
        if key in LABEL_KEYS and MARKUP.search(value):
            return (f"'{key}' contains markup characters (< or >): {value!r}",
                    "a name is plain text: remove the tag or angle brackets")
        if key in LABEL_KEYS and value.strip().lower().startswith(("http:", "https:", "www.")):
            return (f"'{key}' looks like a web address, not a name: {value!r}",
                    "give the name people use; put an address under 'website'")
        if not value.strip():
            return f"'{key}' is blank", f"give '{key}' a value or leave the key out"
        return None
    if key == "year":
        return _year_problem(value)
    if key in DATE_KEYS:
        return _date_problem(key, value)
    if key in {"population", "numberOfPosts"}:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else (f"'{key}: {value}' is not a whole number ≥ 0",
                                f"write '{key}' as a number without quotes")
    if key in {"hoursPerWeek", "value"}:
        ok = (isinstance(value, int | float) and not isinstance(value, bool)
              and math.isfinite(value) and value >= 0)
        return None if ok else (f"'{key}: {value}' is not a number ≥ 0",
                                f"write '{key}' as a number without quotes, e.g. 16 or 2.5")
    if key in ("vacant", "target"):
        return None if isinstance(value, bool) else (
            f"'{key}: {value}' is not true or false", f"write {key}: true or {key}: false")
    if key == "cbsCode":
        ok = isinstance(value, str) and CBS_PATTERN.match(value)
        return None if ok else (f"the CBS code '{value}' is not of the form GMdddd",
                                "write the municipality code as GM followed by four digits, "
                                "e.g. GM0632")
    return None


def _year_problem(value: Any) -> tuple[str, str] | None:
    try:
        plausible = not isinstance(value, bool) and re.fullmatch(r"\d{4}", str(value))
        year = int(value) if plausible else None
    except ValueError:
        year = None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return (f"'{value}' is not a possible year",
                f"write a year between {MIN_YEAR} and {MAX_YEAR}, e.g. 2025")
    return None


def _date_problem(key: str, value: Any) -> tuple[str, str] | None:
    if isinstance(value, dt.datetime):
        return (f"'{key}: {value}' has a time of day",
                f"write '{key}' as a date only, e.g. 2025-09-01")
    if isinstance(value, dt.date):
        return _year_problem(value.year)
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return _year_problem(text)
    try:
        parsed = dt.date.fromisoformat(text)
    except ValueError:
        return (f"'{key}: {value}' is neither a date nor a year",
                f"write '{key}' as 2025-09-01 or as 2025")
    return _year_problem(parsed.year)


def _kind(value: Any) -> str:
    """The kind of a YAML value in a curator's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def suggest(close: list[str]) -> str:
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
