"""Memberships a sentence states in a recognisable form: a role word (penvoerder, stuurgroep,
werkgever, kassier, voorzitter, adviseur, partner) with the organisation that holds it, or a
network taking part in a consortium or association ("lid van", "aangesloten bij",
"deelname aan").
"""

from __future__ import annotations

import re

from .entities import Found

ROLE_WORDS = [
    (re.compile(r"\bpenvoerder", re.I), "rol/penvoerder"),
    (re.compile(r"\bkassier", re.I), "rol/kassier"),
    (re.compile(r"\bwerkgever|\bin dienst bij", re.I), "rol/werkgever"),
    (re.compile(r"\bstuurgroep", re.I), "rol/stuurgroeplid"),
    (re.compile(r"\bvoorzitter", re.I), "rol/voorzitter"),
    (re.compile(r"\badviseur|\badviseert|\badvisering", re.I), "rol/adviseur"),
    (re.compile(r"\bpartners?\b|\bsamenwerkingspartner", re.I), "rol/partner"),
]
_JOINS = re.compile(r"\b(lid van|lid bij|aangesloten bij|deelname aan|neemt deel aan|"
                    r"nemen deel aan|onderdeel van|participeert in|deel van)\b", re.I)
_COLLECTIVE = ("netwerk/", "consortium/")


def memberships_in(sentence_text: str, start: int, found: list[Found], network: str,
                   co_networks: list[str]) -> list[tuple[str, str, str, Found, float]]:
    """(member, organisation, role, anchor, confidence) stated by one sentence."""
    out: list[tuple[str, str, str, Found, float]] = []
    collectives = [f for f in found if f.id.startswith(_COLLECTIVE)]
    organisations = [f for f in found if f.id.startswith("organisatie/")]
    own = [f for f in collectives if f.id in [network, *co_networks]]
    join = _JOINS.search(sentence_text)
    if join:
        joined = [f for f in found if f.start - start > join.start() and f.id != network
                  and f.id not in co_networks
                  and f.id.startswith(("consortium/", "organisatie/"))]
        if joined and (own or not collectives or "netwerk" in sentence_text.lower()):
            target = min(joined, key=lambda f: f.start)
            members = [f.id for f in own] or [network]
            for member in dict.fromkeys(members):
                out.append((member, target.id, "rol/lid", target, 0.6))
    for pattern, role in ROLE_WORDS:
        keyword = pattern.search(sentence_text)
        if not keyword or not organisations:
            continue
        position = start + keyword.start()
        holder = min(organisations, key=lambda f: abs(f.start - position))
        before = sentence_text[:holder.start - start].rstrip().lower()
        if abs(holder.start - position) > 60 or before.endswith((" bij", " van", " door")):
            continue  # too far off, or the object of a preposition (subsidie bij VWS)
        targets = [f.id for f in collectives if f.id != holder.id] or [network]
        for target in dict.fromkeys(targets):
            out.append((holder.id, target, role, holder, 0.55))
    return out
