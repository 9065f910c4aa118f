"""The value of one key: is it of the kind the key takes, within the shapes' range and form?

The kind comes from the JSON-LD context and the range, patterns and allowed values from the
SHACL shapes (rules.py); this module only says, in a curator's words, what is wrong.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from .keys import BAD_CHARACTERS, LANGUAGE_PATTERN, REF_PATTERN
from .rules import KeyRule
from .web_address import PAGE, address_problem, stated

NAME_KEYS = {"label", "labelEn", "altLabel"}  # the names a map, a table or a report shows
Problem = tuple[str, str] | None  # (problem, fix), or None when the value is fine


def name_problem(text: str) -> str | None:
    """What makes `text` no plain one-line name (a label, a publisher's name), if anything:
    markup, a line break or an invisible control or format character."""
    if BAD_CHARACTERS.search(text):
        return "an invisible control character or format character (e.g. a direction override)"
    if "\n" in text or "\r" in text:
        return "a line break"
    if "\t" in text:
        return "a tab (it breaks a table's columns)"
    if "<" in text or ">" in text:
        return "'<' or '>' (a name is text, never markup)"
    return None


def value_problem(key: str, value: Any, rule: KeyRule) -> Problem:
    """What is wrong with one value of `key`, if anything."""
    if value is None or value == "":
        return f"'{key}' is empty", f"give '{key}' a value or leave the key out"
    if isinstance(value, str) and BAD_CHARACTERS.search(value) and rule.kind != "reference":
        return (f"'{key}' contains an invisible control character or format character "
                f"(e.g. a direction override): {value[:60]!r}",
                "retype the text; copy it from the source again without special characters")
    if key in NAME_KEYS and isinstance(value, str) and ("\n" in value or "\r" in value):
        # a name is one line: a line break in it starts a new row of a CSV answer (where a
        # formula could follow) and splits a Markdown table row
        return (f"'{key}' contains a line break: {value[:60]!r}",
                "write the name on one line")
    if key in NAME_KEYS and isinstance(value, str) and "\t" in value:
        # a tab moves the columns of a TSV answer and of the terminal's table
        return f"'{key}' contains a tab: {value[:60]!r}", "write a space instead of the tab"
    if key == "quoteLanguage":  # also tags the quote (ingest/jsonld.py)
        ok = isinstance(value, str) and LANGUAGE_PATTERN.match(value)
        return None if ok else (f"'quoteLanguage: {value}' is not a language tag",
                                "write the quote's language as a BCP 47 tag: en, de, zxx for "
                                "code (Dutch needs no key)")
    problem = KIND_CHECKS[rule.kind](key, value, rule)
    if problem or isinstance(value, dict | list | bool) and rule.kind != "boolean":
        return problem
    lexical = value.isoformat() if isinstance(value, dt.date) else str(value)
    broken = next((c for c in rule.constraints if c.broken_by(lexical)), None)
    return None if broken is None else (f"'{key}: {value}': {broken.message}", broken.fix)


def _reference(key: str, value: Any, rule: KeyRule) -> Problem:
    if isinstance(value, str) and REF_PATTERN.match(value):
        return None
    return (f"'{key}: {value}' is not an id of the form type/reference",
            "refer to another record by its id, e.g. netwerk/noordwest-utrecht")


def _address(key: str, value: Any, rule: KeyRule) -> Problem:
    if not isinstance(value, str):
        return f"'{key}: {value}' is not a web address", rule.fix or "write the full address"
    # its form: the shape's pattern (http(s)://); what follows, the one check of addresses
    # (a `%zz` or a `[` host passed the pattern, and JSON-LD dropped the IRI without a word)
    if value.startswith(("http://", "https://")) and (problem := address_problem(value, PAGE)):
        return (f"'{key}: {value!r}' {stated(problem)}",
                "write the address as the browser shows it, e.g. https://www.example.nl/")
    return None


def _text(key: str, value: Any, rule: KeyRule) -> Problem:
    if not isinstance(value, str):
        return f"'{key}' must be text, not {_kind(value)}", "put the text between quotes"
    if not value.strip():
        return f"'{key}' is blank", f"give '{key}' a value or leave the key out"
    return None


def _plain(key: str, value: Any, rule: KeyRule) -> Problem:
    if isinstance(value, dict | list):
        return f"'{key}' must be one value, not {_kind(value)}", f"give '{key}' one value"
    if not isinstance(value, str | int | float | bool):  # a date, !!binary, !!set, ...
        return (f"'{key}: {value}' reads as {_kind(value)}, which '{key}' does not take",
                "put the value between quotes")
    return None


def _number(key: str, value: Any, rule: KeyRule, whole: bool) -> Problem:
    ok = (isinstance(value, int) if whole else isinstance(value, int | float)) \
        and not isinstance(value, bool) and math.isfinite(value) \
        and (rule.minimum is None or value >= rule.minimum) \
        and (rule.maximum is None or value <= rule.maximum)
    if ok:
        return None
    what = "a whole number" if whole else "a number"
    return (f"'{key}: {value}' is not {what}{_range(rule)}",
            rule.fix or f"write '{key}' as a number without quotes")


def _range(rule: KeyRule) -> str:
    low, high = (f"{b:g}" if b is not None else None for b in (rule.minimum, rule.maximum))
    if low is not None and high is not None:
        return f" between {low} and {high}"
    return f" ≥ {low}" if low is not None else (f" ≤ {high}" if high is not None else "")


def _boolean(key: str, value: Any, rule: KeyRule) -> Problem:
    return None if isinstance(value, bool) else (
        f"'{key}: {value}' is not true or false", f"write {key}: true or {key}: false")


def _year(key: str, value: Any, rule: KeyRule) -> Problem:
    if not isinstance(value, bool) and re.fullmatch(r"[0-9]{4}", str(value)):
        return None
    return f"'{value}' is not a possible year", rule.fix or f"write '{key}' as four digits"


def _date(key: str, value: Any, rule: KeyRule) -> Problem:
    if isinstance(value, dt.datetime):
        return (f"'{key}: {value}' has a time of day",
                f"write '{key}' as a date only, e.g. 2025-09-01")
    if isinstance(value, dt.date) or re.fullmatch(r"[0-9]{4}", str(value)):
        return None
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return (f"'{key}: {value}' is neither a date nor a year",
                f"write '{key}' as 2025-09-01 or as 2025")
    return None


KIND_CHECKS: dict[str, Callable[[str, Any, KeyRule], Problem]] = {
    "reference": _reference, "address": _address, "text": _text,
    "integer": lambda key, value, rule: _number(key, value, rule, whole=True),
    "decimal": lambda key, value, rule: _number(key, value, rule, whole=False),
    "boolean": _boolean, "year": _year, "date": _date, "plain": _plain,
}


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
