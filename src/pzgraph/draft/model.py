"""What a draft proposes: entities, memberships, activities with their links and figures.

Every proposal carries a verbatim quote and a confidence (0-1); none is a fact until a
curator accepts it (review.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    text: str
    confidence: float


@dataclass
class EntityProposal:
    id: str
    quotes: list[Quote] = field(default_factory=list)
    new: bool = False  # a new id: type and label are proposed too
    types: list[str] = field(default_factory=list)
    label: str | None = None
    similar_to: str | None = None  # a known id of a similar name (never merged)


@dataclass
class MembershipProposal:
    member: str
    organization: str
    role: str
    quote: Quote


@dataclass(frozen=True)
class CoverageProposal:
    concept: str
    quote: Quote


@dataclass
class ResultProposal:
    value: float
    unit: str
    year: int | None
    quote: Quote


@dataclass
class ActivityProposal:
    id: str
    label: str
    quote: Quote
    years: list[int] = field(default_factory=list)
    status: str | None = None
    lead_roles: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    funded_by: list[str] = field(default_factory=list)
    evidence: list[Quote] = field(default_factory=list)
    addresses: list[CoverageProposal] = field(default_factory=list)
    interventions: list[CoverageProposal] = field(default_factory=list)
    results: list[ResultProposal] = field(default_factory=list)


@dataclass
class Draft:
    source: str  # the file name of the plan's text
    network: str
    title: Quote | None = None  # the plan's first line: the label of its SourceDocument
    area: list[str] = field(default_factory=list)  # municipalities the network serves
    area_quotes: list[Quote] = field(default_factory=list)
    entities: dict[str, EntityProposal] = field(default_factory=dict)
    memberships: list[MembershipProposal] = field(default_factory=list)
    activities: list[ActivityProposal] = field(default_factory=list)

    def entity(self, identifier: str) -> EntityProposal:
        return self.entities.setdefault(identifier, EntityProposal(identifier))

    def coverage(self) -> list[CoverageProposal]:
        return [link for activity in self.activities for link in activity.addresses]
