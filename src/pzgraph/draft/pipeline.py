"""From a plan's text to a Draft: the steps named in the package docstring, in order."""

from __future__ import annotations

import re

from .activities import figures_in, is_funding, lead_roles_in, status_in, years_in
from .coverage import DOMAIN, concepts_in, heading_line
from .cues import CueModel, stems
from .entities import (
    JOINED_KINDS,
    JOINED_TYPES,
    Found,
    ListItem,
    NewNames,
    from_shapes,
    member_lists,
    partner_phrases,
    prose_lists,
    resolve,
    slug,
)
from .gazetteer import Gazetteer
from .matching import Matcher, Mention, in_address
from .model import (
    ActivityProposal,
    CoverageProposal,
    Draft,
    MembershipProposal,
    Quote,
    ResultProposal,
)
from .names import name_spans
from .quotes import QuoteMaker, has_letters
from .relations import memberships_in
from .shapes import find_shapes
from .text import Sentence, sentences

MAX_QUOTES_PER_ENTITY = 2
_PLACES = ("gemeente", "provincie")


def draft_text(text: str, source: str, network: str, gazetteer: Gazetteer,
               matcher: Matcher | None = None, cues: CueModel | None = None) -> Draft:
    matcher = matcher or Matcher(gazetteer)
    draft = Draft(source, network)
    units = sentences(text)
    quotes = QuoteMaker(text, name_spans(text))
    mentions = matcher.find(text)
    names = NewNames(gazetteer)

    known = _bracketed_wins([f for f in (resolve(m, gazetteer) for m in mentions) if f], text)
    shaped = [f for f in from_shapes(find_shapes(text), names)
              if not any(k.start < f.end and f.start < k.end for k in known
                         if not k.id.startswith(_PLACES))]
    # a place inside a new organisation's name ("Hospice IJsselstein") is not a mention
    known = [k for k in known if not (k.id.startswith(_PLACES) and any(
        f.start <= k.start and k.end <= f.end for f in shaped))]
    listed = member_lists(text, known + shaped, names) + prose_lists(text, known + shaped, names)
    partnered = partner_phrases(text, known + shaped, names)
    found = _dedupe(known + shaped + [item.found for item in listed + partnered])
    found = _places_in_context(found, units)

    draft.title = _title(units, quotes)
    _add_entities(draft, found, units, quotes)
    co_networks = _co_networks(units, found, network)
    _add_list_memberships(draft, listed, text, quotes, network, co_networks)
    _add_partner_memberships(draft, partnered, units, quotes, network, gazetteer)
    _add_sentence_memberships(draft, units, found, quotes, network, co_networks)
    _add_area(draft, units, found, quotes)
    _add_activities(draft, units, text, mentions, found, gazetteer, quotes, cues)
    return draft


_PLACE_WORDS = re.compile(r"\bgemeente|\bwerkgebied|\bwijk\b|\bkern(en)?\b", re.I)


def _places_in_context(found: list[Found], units: list[Sentence]) -> list[Found]:
    """A municipality is proposed where the text speaks of places (a list of them, or the
    word gemeente); "Utrecht" in "de regio Utrecht" is a region, not the municipality."""
    kept = []
    for item in found:
        if item.id.startswith(("gemeente/", "gemeentedeel/")):
            unit = _sentence_of(units, item.start)
            places = [f for f in found if unit and unit.start <= f.start < unit.end
                      and f.id.startswith(("gemeente/", "gemeentedeel/"))]
            if unit is None or (not _PLACE_WORDS.search(unit.text) and (
                    len(places) < 2 or re.search(r"regio", unit.text, re.I))):
                continue  # one place in passing, or regions ("zorgkantoorregio's: Zwolle, ...")
        kept.append(item)
    return kept


def _bracketed_wins(found: list[Found], text: str) -> list[Found]:
    """"Nationaal Programma Palliatieve Zorg (NPPZ II)": the name in brackets says which of
    two programmes (or organisations) of one kind the words before it mean."""
    out = []
    for item in found:
        opening = re.match(r"\s*\(", text[item.end:item.end + 4])
        after = opening and next((f for f in found if f.start == item.end + opening.end()), None)
        if after and after.id != item.id and after.id.split("/")[0] == item.id.split("/")[0]:
            continue
        out.append(item)
    return out


def _title(units: list[Sentence], quotes: QuoteMaker) -> Quote | None:
    """The first line with words (and no name): what the plan calls itself."""
    for unit in units[:20]:
        quote = quotes.for_span(unit)
        if quote and has_letters(quote) and not in_address(quote, 0) and len(quote) <= 200:
            return Quote(quote, 0.5)
    return None


def _dedupe(found: list[Found]) -> list[Found]:
    out: dict[tuple[int, int], Found] = {}
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if any(s <= item.start and item.end <= e for s, e in out):
            continue
        out[(item.start, item.end)] = item
    return sorted(out.values(), key=lambda f: f.start)


def _sentence_of(units: list[Sentence], start: int) -> Sentence | None:
    for unit in units:
        if unit.start <= start < unit.end:
            return unit
    return None


def _add_entities(draft: Draft, found: list[Found], units: list[Sentence],
                  quotes: QuoteMaker) -> None:
    for item in found:
        unit = _sentence_of(units, item.start)
        if unit is None:
            continue
        quote = quotes.for_span(unit, item.start, item.end)
        if quote is None:
            continue
        proposal = draft.entity(item.id)
        if item.new_label:
            proposal.new = True
            proposal.label = proposal.label or item.new_label
            proposal.types = proposal.types or [item.new_type or "Organisation"]
            proposal.similar_to = proposal.similar_to or item.similar_to
        if len(proposal.quotes) < MAX_QUOTES_PER_ENTITY and \
                all(q.text != quote for q in proposal.quotes):
            proposal.quotes.append(Quote(quote, item.confidence))


def _co_networks(units: list[Sentence], found: list[Found], network: str) -> list[str]:
    """Networks the plan speaks for together with the given one ("de netwerken A en B")."""
    others: list[str] = []
    for unit in units:
        if "netwerken" not in unit.text.lower():
            continue
        inside = {f.id for f in found if unit.start <= f.start < unit.end
                  and f.id.startswith("netwerk/")}
        if network in inside and len(inside) == 2:
            others += sorted(inside - {network})
    return sorted(set(others))


def _add_list_memberships(draft: Draft, listed: list[ListItem], text: str, quotes: QuoteMaker,
                          network: str, co_networks: list[str]) -> None:
    for item in listed:
        if not item.role_hint or item.found.id not in draft.entities or \
                item.found.id.startswith("netwerk/"):
            continue
        unit = Sentence(item.found.start, max(item.found.end, item.found.start + 1),
                        text[item.found.start:item.found.end], -1)
        quote = quotes.for_span(unit)
        if quote is None:
            continue
        for target in [network, *co_networks]:
            draft.memberships.append(MembershipProposal(
                item.found.id, target, item.role_hint, Quote(quote, 0.7)))


def _add_partner_memberships(draft: Draft, partnered: list[ListItem], units: list[Sentence],
                             quotes: QuoteMaker, network: str, gazetteer: Gazetteer) -> None:
    """A partner works with the network; a consortium or regional cooperation is joined by it."""
    seen = {(m.member, m.organization) for m in draft.memberships}
    for item in partnered:
        identifier = item.found.id
        if identifier not in draft.entities:
            continue
        entry = gazetteer.entries.get(identifier)
        types = set(entry.types if entry else draft.entities[identifier].types)
        joined = identifier.startswith(JOINED_KINDS) or bool(types & JOINED_TYPES)
        member, organisation = (network, identifier) if joined else (identifier, network)
        role = "rol/deelnemer" if joined else "rol/partner"
        unit = _sentence_of(units, item.found.start)
        quote = quotes.for_span(unit, item.found.start, item.found.end) if unit else None
        if quote is None or (member, organisation) in seen:
            continue
        seen.add((member, organisation))
        draft.memberships.append(MembershipProposal(member, organisation, role, Quote(quote, 0.5)))


def _add_sentence_memberships(draft: Draft, units: list[Sentence], found: list[Found],
                              quotes: QuoteMaker, network: str, co_networks: list[str]) -> None:
    seen = {(m.member, m.organization, m.role) for m in draft.memberships}
    for unit in units:
        inside = [f for f in found if unit.start <= f.start < unit.end and f.id in draft.entities]
        if not inside:
            continue
        for member, organisation, role, anchor, confidence in memberships_in(
                unit.text and _raw(unit, quotes), unit.start, inside, network, co_networks):
            if member == organisation or (member, organisation, role) in seen:
                continue
            quote = quotes.for_span(unit, anchor.start, anchor.end)
            if quote is None:
                continue
            seen.add((member, organisation, role))
            draft.memberships.append(MembershipProposal(member, organisation, role,
                                                        Quote(quote, confidence)))


_AREA = re.compile(r"\bwerkgebied|\bverzorgingsgebied|\bregio omvat|\bbestaat uit de gemeenten",
                   re.I)


def _add_area(draft: Draft, units: list[Sentence], found: list[Found],
              quotes: QuoteMaker) -> None:
    """The municipalities a sentence about the network's area lists ("Het werkgebied omvat
    de volgende gemeenten: ...", continued on the next lines)."""
    for index, unit in enumerate(units):
        if not _AREA.search(unit.text):
            continue
        following = [unit, *units[index + 1:index + 3]]
        for part in following:
            places = [f for f in found if part.start <= f.start < part.end
                      and f.id.startswith(("gemeente/", "gemeentedeel/"))]
            if not places:
                break
            quote = quotes.for_span(part)
            if quote is None:
                continue
            draft.area += [p.id for p in places if p.id not in draft.area]
            if all(q.text != quote for q in draft.area_quotes):
                draft.area_quotes.append(Quote(quote, 0.6))


def _raw(unit: Sentence, quotes: QuoteMaker) -> str:
    return quotes.text[unit.start:unit.end]


def _add_activities(draft: Draft, units: list[Sentence], text: str, mentions: list[Mention],
                    found: list[Found],
                    gazetteer: Gazetteer, quotes: QuoteMaker, cues: CueModel | None) -> None:
    blocks: dict[int, list[Sentence]] = {}
    for unit in units:
        blocks.setdefault(unit.block, []).append(unit)
    # a plan that numbers Kwaliteitskader domains reads shared names as domains
    prefer = "kwaliteitskader" if DOMAIN.search(text) else "kernthema"
    network_slug = draft.network.split("/", 1)[-1]
    used_ids: set[str] = set()
    for block_units in blocks.values():
        links: list[CoverageProposal] = []
        for unit in block_units:
            for concept, start, end, confidence in concepts_in(unit, text, mentions, gazetteer,
                                                               prefer):
                line = heading_line(text, start, end) if concept.startswith(
                    "kwaliteitskader/") else None
                where = Sentence(line[0], line[1], "", unit.block) if line else unit
                quote = quotes.for_span(where, start, end)
                if quote and all((c.concept, c.quote.text) != (concept, quote) for c in links):
                    links.append(CoverageProposal(concept, Quote(quote, confidence)))
        links = _enumerations_lowered(links)
        block_text = " ".join(u.text for u in block_units)
        if cues:
            links += _cue_links(cues, block_text, block_units, links, quotes)
        years = years_in(block_text)
        status = status_in(block_text)
        lead_roles = lead_roles_in(block_text)
        if not links and not (years and (status or lead_roles)):
            continue
        title = next((u for u in block_units if quotes.for_span(u)
                      and not in_address(u.text, 0) and has_letters(u.text)), None)
        if title is None:
            continue
        title_quote = quotes.for_span(title)
        label = _label(title_quote)
        identifier = f"activiteit/{network_slug}-{slug(label)[:50].strip('-')}"
        while identifier in used_ids:
            identifier += "-2"
        used_ids.add(identifier)
        activity = ActivityProposal(
            identifier, label, Quote(title_quote, 0.5), years=years, status=status,
            lead_roles=lead_roles,
            addresses=[c for c in links if not c.concept.startswith("interventie/")],
            interventions=[c for c in links if c.concept.startswith("interventie/")])
        inside = [f for f in found if block_units[0].start <= f.start < block_units[-1].end
                  and f.id in draft.entities and f.id.startswith("organisatie/")]
        for unit in block_units:
            unit_found = [f for f in inside if unit.start <= f.start < unit.end]
            if unit_found and is_funding(unit.text):
                activity.funded_by += [f.id for f in unit_found if f.id not in activity.funded_by]
            elif unit_found:
                activity.partners += [f.id for f in unit_found if f.id not in activity.partners]
            for value, unit_name, year in figures_in(unit.text):
                quote = quotes.for_span(unit)
                if quote:
                    activity.results.append(ResultProposal(value, unit_name, year,
                                                           Quote(quote, 0.5)))
            if (activity.partners or activity.funded_by) and unit_found:
                quote = quotes.for_span(unit, unit_found[0].start, unit_found[0].end)
                if quote and all(q.text != quote for q in activity.evidence):
                    activity.evidence.append(Quote(quote, 0.5))
        draft.activities.append(activity)


def _label(quote: str) -> str:
    label = re.sub(r"^[\d.)\s•-]+", "", quote)
    label = re.sub(r"\S*(?:https?:|www\.)\S*", "", label)  # no web address in a name
    label = " ".join(label.split())
    if len(label) > 80:
        label = label[:80].rsplit(" ", 1)[0] + " …"
    return label or quote


def _enumerations_lowered(links: list[CoverageProposal]) -> list[CoverageProposal]:
    """A paragraph of three or more lines that are each just the label of a concept of one
    scheme lists the scheme (an appendix of all PN-raad recommendations) rather than saying
    what work covers."""
    def bare(link: CoverageProposal) -> bool:
        return len(link.quote.text) <= 60 and not re.search(r"\d", link.quote.text)

    by_scheme: dict[str, set[str]] = {}
    for link in links:
        if bare(link):
            by_scheme.setdefault(link.concept.split("/", 1)[0], set()).add(link.concept)
    return [CoverageProposal(link.concept, Quote(link.quote.text, min(link.quote.confidence, 0.4)))
            if bare(link) and len(by_scheme.get(link.concept.split("/", 1)[0], ())) >= 3
            else link for link in links]


def _cue_links(cues: CueModel, block_text: str, block_units: list[Sentence],
               named: list[CoverageProposal], quotes: QuoteMaker) -> list[CoverageProposal]:
    """Low-confidence links a curator would likely read into the paragraph (cues.py)."""
    out = []
    already = {link.concept for link in named}
    for concept, words in cues.concepts(block_text).items():
        if concept in already:
            continue
        best = max(block_units, key=lambda u: len(stems(u.text) & words))
        quote = quotes.for_span(best)
        if quote and stems(best.text) & words:
            confidence = min(0.6, 0.3 + 0.05 * len(words))
            out.append(CoverageProposal(concept, Quote(quote, round(confidence, 2))))
    return out
