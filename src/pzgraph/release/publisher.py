"""publisher.yaml: who publishes the release (publisher, creator, contact point), read once.

The one file a publisher edits to put the release out under their own name; void.ttl and the
concept schemes' metadata take every agent from here. Only organisations: a contact point is
a vCard of the organisation (a web address, optionally an organisational mailbox).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ExportError, PzgraphError
from ..ingest.values import name_problem
from ..ingest.web_address import PAGE, address_problem, email_problem, stated
from ..ingest.yaml_reader import TooLarge, load_bounded
from ..plain_input import read_plain_text
from ..project import Project

FILE = "publisher.yaml"
ID = re.compile(r"^[a-z][a-z0-9-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)+\Z")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*\Z")
OPTIONAL_URLS = ("landingPage", "documentation", "sparqlEndpoint")
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
# a release version: part of IRIs, of the download folder and of a regular expression in the
# redirect rules, so letters, digits, dot, hyphen and underscore only
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}\Z")


@dataclass(frozen=True)
class Agent:
    iri: str
    name: dict[str, str]  # language -> name
    homepage: str | None


@dataclass(frozen=True)
class ContactPoint:
    key: str  # its IRI is {base}/id/contactpunt/{key}: chosen once, not from its address
    name: dict[str, str]
    url: str
    email: str | None


@dataclass(frozen=True)
class Publisher:
    publisher: Agent
    creator: Agent
    contact: ContactPoint
    version: str  # the data release's version (dcat:version), not the software's
    landing_page: str | None = None
    documentation: str | None = None
    sparql_endpoint: str | None = None


def read(project: Project, base: str) -> Publisher:
    """The publisher file of `project`, with record ids made IRIs under `base`."""
    path = project.root / FILE
    if not path.exists():
        raise ExportError(f"{path} is missing: the release names its publisher, creator and "
                          f"contact point there; copy {FILE} from the pzgraph repository and "
                          "edit it")
    try:
        # a plain file of at most 1 MB, read with the data files' bounded reader
        document = load_bounded(read_plain_text(path, 1024 * 1024, "the publisher file"))
    except PzgraphError as error:
        raise ExportError(str(error)) from None
    except (yaml.YAMLError, TooLarge) as error:
        raise ExportError(f"{path} cannot be read as YAML: {error}") from None
    if not isinstance(document, dict):
        raise ExportError(f"{path}: expected the keys publisher, creator and contactPoint")
    reader = _Reader(path, base)
    publisher = reader.agent(document.get("publisher"), "publisher")
    creator_node = document.get("creator", "publisher")
    creator = publisher if creator_node == "publisher" else reader.agent(creator_node, "creator")
    urls = {key: reader.url(document.get(key), key, required=False) for key in OPTIONAL_URLS}
    return Publisher(publisher, creator, reader.contact(document.get("contactPoint")),
                     reader.version(document.get("version")),
                     urls["landingPage"], urls["documentation"], urls["sparqlEndpoint"])


@dataclass(frozen=True)
class _Reader:
    path: Path
    base: str

    def fail(self, where: str, problem: str, fix: str) -> ExportError:
        return ExportError(f"{self.path}, {where}: {problem}; {fix}")

    def agent(self, node: Any, where: str) -> Agent:
        if not isinstance(node, dict):
            raise self.fail(where, "missing or not a block",
                            "give id, name (nl/en) and homepage, as in the shipped file")
        ident = node.get("id")
        if isinstance(ident, str) and ident.startswith(("http://", "https://")):
            iri = self.url(ident, f"{where}.id", required=True) or ""
        elif isinstance(ident, str) and ID.match(ident):
            iri = f"{self.base}/id/{ident}"
        else:
            raise self.fail(f"{where}.id", f"{ident!r} is neither a record id "
                            "(organisatie/...) nor an https:// IRI", "give one of the two")
        return Agent(iri, self.names(node.get("name"), f"{where}.name"),
                     self.url(node.get("homepage"), f"{where}.homepage", required=False))

    def contact(self, node: Any) -> ContactPoint:
        if not isinstance(node, dict):
            raise self.fail("contactPoint", "missing or not a block",
                            "give name (nl/en) and url of the organisation's contact page")
        email = node.get("email")
        if email is not None and (problem := email_problem(email)):
            raise self.fail("contactPoint.email", f"{email!r} {stated(problem)}",
                            "give an organisational mailbox or leave the key out")
        url = self.url(node.get("url"), "contactPoint.url", required=True) or ""
        key = node.get("id")
        if not isinstance(key, str) or not KEY.match(key):
            # before ids, the IRI was a hash of the contact page's address: offered, so that it
            # stays (and a new contact page no longer moves it)
            earlier = hashlib.sha256(url.encode()).hexdigest()[:12]
            raise self.fail("contactPoint.id", f"{key!r} is not a name for the contact point "
                            "(lower-case words or numbers joined by hyphens)",
                            f"give one, chosen once: its IRI is /id/contactpunt/<id>; "
                            f"'id: {earlier}' keeps the IRI earlier releases gave it")
        return ContactPoint(key, self.names(node.get("name"), "contactPoint.name"), url, email)

    def version(self, value: Any) -> str:
        """The release's version: the publisher's, never the software's, so that a new data
        release gets new download addresses and dataset IRIs (linked-data review S7 #4)."""
        fix = ("write the version of this data release in quotes, e.g. version: \"2026.1\", "
               "and raise it for every release whose data differs")
        if value is None:
            raise self.fail("version", "missing", fix)
        if not isinstance(value, str):
            # YAML reads 1.10 as the number 1.1: a version is text
            raise self.fail("version", f"{value!r} is not text", fix)
        if not VERSION.match(value):
            raise self.fail("version", f"{value!r} holds characters other than letters, "
                            "digits, '.', '-' and '_' (or starts with one of the last three)",
                            fix)
        return value

    def names(self, node: Any, where: str) -> dict[str, str]:
        names = None
        if isinstance(node, str) and node.strip():
            names = {"nl": node.strip()}
        elif (isinstance(node, dict) and node
                and all(isinstance(k, str) and LANGUAGE.match(k) for k in node)
                and all(isinstance(v, str) and v.strip() for v in node.values())):
            names = {k: v.strip() for k, v in sorted(node.items())}
        if names is None:
            raise self.fail(where, "missing or not a name per language",
                            "write e.g. 'nl: Palliatieve Zorg Nederland' and 'en: ...' under it")
        for language, name in names.items():
            # the rules of a label: the catalogue's harvesters show these names as they are
            if problem := name_problem(name):
                raise self.fail(f"{where}.{language}", f"the name holds {problem}: {name[:60]!r}",
                                "write the name as plain text on one line")
        return names

    def url(self, value: Any, where: str, required: bool) -> str | None:
        if value is None and not required:
            return None
        if (problem := address_problem(value, PAGE)) is None:
            return value
        raise self.fail(where, f"{value!r} {stated(problem)}",
                        "write the full address starting with https://")
