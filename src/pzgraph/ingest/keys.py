"""The keys of a data file and where they may stand, and the forms of ids and sources.

The kind, range and form of every other value come from the context and the shapes
(rules.py), so that they are stated once."""

from __future__ import annotations

import re

# Keys under which a list of nested objects stands: their class and id segment.
NESTED = {
    "evidence": ("Evidence", "bewijs"),
    "memberships": ("Membership", "lidmaatschap"),
    "members": ("Membership", "lidmaatschap"),
    "addresses": ("CoverageLink", "dekking"),
    "mappings": ("ConceptMapping", "koppeling"),
    "results": ("Result", "resultaat"),
    "statedValues": ("StatedValue", "bronwaarde"),
    "links": ("ExternalLink", "verwijzing"),
}
NESTED_KEYS = {
    "evidence": {"source", "quote", "locator", "judgement", "basis", "verification", "proposal",
                 "confidence", "quoteLanguage", "covers"},
    "memberships": {"organization", "role", "from", "until", "description", "evidence"},
    "members": {"member", "role", "from", "until", "description", "evidence"},
    "addresses": {"concept", "description", "evidence"},
    "mappings": {"concept", "description", "evidence"},
    "results": {"key", "value", "unit", "year", "target", "label", "description", "evidence"},
    "statedValues": {"property", "key", "stated", "description", "evidence"},
    "links": {"exactMatch", "description", "evidence"},
}
# What identifies a nested object, and so mints its id (docs/iri-policy.md). Evidence has no
# entry: it is identified by its content. Two objects of one record with the same identity are
# one object, and the loader says so.
IDENTITY_KEYS = {
    # a membership stands under its member, wherever it is declared
    "memberships": ("organization", "role", "from"),
    "members": ("organization", "role", "from"),
    "addresses": ("concept",),
    "mappings": ("concept",),
    # a figure: the curator's key for what it measures, its year, and whether it is a target
    "results": ("key", "year", "target"),
    # a value one source gives, when sources disagree: the property and the curator's key
    "statedValues": ("property", "key"),
    # a link outward: the IRI it points to
    "links": ("exactMatch",),
}
# Nested objects named by a curator's `key`, not by their wording (docs/iri-policy.md): what
# their ids were minted from before keys, which the loader offers as the key that keeps an IRI.
KEYED_NESTED = {"results": ("label", "unit"), "statedValues": ("stated",)}
# A key: lower-case words and numbers joined by hyphens (deelnemers-scholing, 2023).
KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
REQUIRED_NESTED = {
    "memberships": ("organization", "role"),
    "members": ("member", "role"),
    "addresses": ("concept",),
    "mappings": ("concept",),
    "results": ("value", "unit"),
    "statedValues": ("property", "stated"),
    "links": ("exactMatch",),
}
# Keys that only make sense inside a nested object.
NESTED_ONLY = {"quote", "locator", "judgement", "basis", "verification", "proposal", "confidence",
               "covers",
               "member",
               "organization", "concept", "source", "value", "unit", "target", "property",
               "stated", "exactMatch", "quoteLanguage", "key"}
# The language of a quote that is not Dutch, a BCP 47 tag (en, de, zxx for code).
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")
# \Z, not $: "$" also matches before a final line break, which would let "a/b\n" through.
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)+\Z")
# Each segment of an id is a folder or file name of the release (doc/TYPE/NAME.html, .ttl,
# ...), unpacked on any system: bounded, not a Windows device name, no trailing dot, and not
# ending in a suffix the pages use (NAME.ttl would be read as NAME's Turtle).
MAX_SEGMENT = 120
DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))}
PAGE_SUFFIXES = (".html", ".htm", ".ttl", ".jsonld", ".json", ".nt", ".nq", ".rdf", ".xml",
                 ".trig", ".n3")


def id_file_problem(identifier: str) -> str | None:
    """Why an id cannot name the release's files, or None."""
    for segment in identifier.split("/")[1:]:
        if len(segment) > MAX_SEGMENT:
            return f"a part of it is {len(segment)} characters long (at most {MAX_SEGMENT})"
        if segment.endswith("."):
            return f"the part '{segment}' ends in a dot"
        if segment.split(".", 1)[0].lower() in DEVICE_NAMES:
            return f"the part '{segment}' is a device name on Windows"
        if segment.lower().endswith(PAGE_SUFFIXES):
            suffix = segment.rsplit(".", 1)[1]
            return f"the part '{segment}' ends like a page of the release (.{suffix})"
    return None


# A reference may also name a concept scheme, whose id is one word (inScheme: interventie).
REF_PATTERN = re.compile(r"^[a-z][a-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*\Z")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"{}|\\^`]+\Z")  # characters an IRI may hold
SOURCE_FILE = re.compile(r"^[\w.-]+\.txt\Z")
# Control characters and lone surrogates (from YAML escapes) cannot be written as RDF text;
# invisible format characters (C1 controls, soft hyphen, zero-width characters, direction
# marks, overrides and isolates, line separators, a BOM inside text) make a name read or sort
# other than it is written (a right-to-left override turns "exe.txt" round) and break search.
BAD_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b-\u200f"
                            r"\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")
