"""The release before this one (`pzgraph export --previous`), read from its void.ttl.

A published version is a promise: its download addresses hold the bytes its catalogue record
gives the SHA-256 of. So a new export may reuse a version only for the same files (the same
release written again); with another version it is linked to the earlier one
(dcat:previousVersion, DCAT 3 §11). See docs/publishing.md, "Versions".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import ExportError
from ..vocab import DCAT, RDF, SPDX
from ..vocab import DCTERMS as DCT

FILE = "void.ttl"
DISTRIBUTION = "/distributie/"


@dataclass(frozen=True)
class EarlierRelease:
    description: Path  # its void.ttl
    version: str
    dataset: str  # the IRI of its dataset
    files: dict[str, str]  # file name -> SHA-256, of every file distribution
    previous: str | None  # its own dcat:previousVersion
    first_issued: str | None  # its catalogue's dct:issued: when the catalogue first appeared


def read(path: Path) -> EarlierRelease:
    """The release in folder `path` (or described by the void.ttl `path`)."""
    description = path / FILE if path.is_dir() else path
    fix = "give the folder of the earlier release, as pzgraph export wrote it, or its void.ttl"
    if not description.is_file():
        raise ExportError(f"--previous {path}: there is no {FILE} there; {fix}")
    store = ox.Store()
    try:
        store.load(path=str(description), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as error:
        raise ExportError(f"--previous {description} cannot be read as Turtle: {error}; "
                          f"{fix}") from None
    rows = list(store.query(f"""SELECT ?dataset ?version ?previous ?issued WHERE {{
        ?catalogue a <{DCAT}Catalog> ; <{DCAT}dataset> ?dataset .
        ?dataset <{DCAT}version> ?version .
        OPTIONAL {{ ?dataset <{DCAT}previousVersion> ?previous }}
        OPTIONAL {{ ?catalogue <{DCT}issued> ?issued }} }}"""))
    if len(rows) != 1:
        raise ExportError(f"--previous {description}: expected one catalogued dataset with a "
                          f"dcat:version, found {len(rows)}; {fix}")
    dataset, version, previous, issued = (term.value if term is not None else None
                                          for term in rows[0])
    files = {}
    for row in store.query(f"""SELECT ?distribution ?sum WHERE {{
            <{dataset}> <{DCAT}distribution> ?distribution .
            ?distribution <{RDF}type> <{DCAT}Distribution> ;
                <{SPDX}checksum>/<{SPDX}checksumValue> ?sum }}"""):
        name = row["distribution"].value.partition(DISTRIBUTION)[2]
        files[name] = row["sum"].value
    return EarlierRelease(description, version, dataset, files, previous, issued)


def previous_version(earlier: EarlierRelease, version: str,
                     files: dict[str, tuple[int, str]]) -> str | None:
    """The dataset IRI this release names as its dcat:previousVersion, when `earlier` is the
    release before it. With the same `version`, the files (name -> size, SHA-256) must be
    the earlier release's: then it is that release written again, with the same link."""
    if earlier.version != version:
        # a release from before versioned dataset IRIs named the version-less dataset, which
        # is this one's dct:isVersionOf, not its previous version
        return earlier.dataset if earlier.dataset.endswith(f"/{earlier.version}") else None
    sums = {name: digest for name, (_, digest) in files.items()}
    differ = sorted(name for name in earlier.files.keys() | sums.keys()
                    if earlier.files.get(name) != sums.get(name))
    if differ:
        shown = ", ".join(differ[:3]) + (f" and {len(differ) - 3} more" if len(differ) > 3
                                         else "")
        raise ExportError(
            f"version {version!r} (publisher.yaml) is already the version of the release "
            f"described in {earlier.description}, and this release's files differ from it "
            f"({shown}): publishing it would change the files behind addresses and "
            "checksums that release's catalogue record gives. Raise `version:` in "
            "publisher.yaml (and the version in --download-url) and export again; nothing "
            "was written")
    return earlier.previous
