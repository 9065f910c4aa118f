"""Projects and activities: one proposal per paragraph that names a coverage concept, a
year with a status, or a lead; with its years, status, lead role, partners, funders and
reported figures (value, unit, year).
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"\b(20[12]\d)\b")
STATUS_WORDS = [
    (re.compile(r"\bachter op schema\b", re.I), "status/achter-op-schema"),
    (re.compile(r"\bop schema\b", re.I), "status/op-schema"),
    (re.compile(r"\b(gerealiseerd|behaald|bereikt)\b", re.I), "status/behaald"),
    (re.compile(r"\b(afgerond|afgesloten)\b", re.I), "status/afgerond"),
    (re.compile(r"\bin uitvoering\b", re.I), "status/in-uitvoering"),
    (re.compile(r"\b(doorlopend|continueren|continu|lopende)\b", re.I), "status/doorlopend"),
    (re.compile(r"\b(gepland|planning)\b", re.I), "status/gepland"),
]
LEAD_ROLES = [
    (re.compile(r"netwerkco[oö]rdinator", re.I), "rol/netwerkcoordinator"),
    (re.compile(r"projectleider", re.I), "rol/projectleider"),
    (re.compile(r"netwerkondersteun", re.I), "rol/netwerkondersteuner"),
    (re.compile(r"kaderarts", re.I), "rol/kaderarts"),
]
_LEAD_CONTEXT = re.compile(r"\b(trekker|trekkers|eigenaar|verantwoordelijk|lead|uitvoering door)",
                           re.I)
_FUNDING = re.compile(r"\b(subsidie|gefinancierd|financiering|bekostigd|bijdrage van|fonds)", re.I)
_FIGURE = re.compile(
    r"\b(\d{1,6}(?:[.,]\d+)?)\s*(%|procent|[\w-]*?(?:deelnemers|bijeenkomsten|scholingen|"
    r"trainingen|cliënten|patiënten|consulten|consultaties|vrijwilligers|organisaties|"
    r"gemeenten|huisartsen|zorgverleners|professionals|bezoekers|aanmeldingen|sessies|"
    r"casussen|netwerkleden)|uur)\b", re.I)


def years_in(text: str) -> list[int]:
    return sorted({int(y) for y in _YEAR.findall(text) if 2015 <= int(y) <= 2035})


def status_in(text: str) -> str | None:
    for pattern, status in STATUS_WORDS:
        if pattern.search(text):
            return status
    return None


def lead_roles_in(text: str) -> list[str]:
    if not _LEAD_CONTEXT.search(text):
        return []
    return [role for pattern, role in LEAD_ROLES if pattern.search(text)]


def is_funding(text: str) -> bool:
    return bool(_FUNDING.search(text))


def figures_in(text: str) -> list[tuple[float, str, int | None]]:
    """(value, unit, year) of each reported figure in a sentence."""
    out = []
    years = years_in(text)
    for match in _FIGURE.finditer(text):
        raw = match.group(1)
        if re.fullmatch(r"20[12]\d", raw):
            continue
        value = float(raw.replace(".", "").replace(",", ".")) if "," in raw else float(raw)
        unit = "%" if match.group(2).lower() in ("%", "procent") else match.group(2).lower()
        out.append((value, unit, years[0] if len(years) == 1 else None))
    return out
