"""The release bundle (`pzgraph export`): every format, the ontology, void.ttl, SHA256SUMS.

    pzgraph.ttl .nt .rdf           the union of all named graphs (Turtle, N-Triples,
                                   RDF/XML for Protégé)
    pzgraph.trig .nq .jsonld       the dataset: every named graph, with graph/herkomst
                                   (JSON-LD under ontology/context.jsonld)
    pzgraph-dl.ttl                 the same graph as OWL 2 DL, for reasoners (see dl.py)
    ontology/                      the ontology, the SHACL shapes, each concept scheme whole
                                   with its metadata (see skos.py), the context
    void.ttl                       DCAT-AP-NL + VoID description (see void.py), naming the
                                   agents of publisher.yaml (see publisher.py)
    SHA256SUMS                     `sha256sum -c SHA256SUMS` checks the files
    doc/ def* index.html           a page per resource in HTML, Turtle, JSON-LD, N-Triples
    w3id/.htaccess                 the redirect rules for w3id.org/pzgraph (see pages.py)

The bundle is written beside its target and swapped in only when complete, so a failed
export leaves the previous release as it was. Every file is written as a stream from the
release's sorted views (views.py, writers.py): memory does not grow with the graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from ..errors import ExportError, OutputError
from ..ingest.web_address import ENDPOINT, FOLDER, address_problem
from ..output_marker import add_to_marker
from ..project import (
    Progress,
    Project,
    check_not_input,
    check_replaceable,
    quiet,
    write_atomic_stream,
    write_folder,
)
from . import dl, publisher, skos, void
from .external_sort import ExternalSort
from .formats import FORMATS, Release, normalise_base, turtle
from .publisher import Publisher
from .static_site import is_page_file, write_static_site
from .writers import NEEDS, write_file, write_format

CHECKSUMS = "SHA256SUMS"

# what mod_rewrite reads as more than text in a redirect target (and what it escapes again)
REWRITE_SPECIAL = re.compile(r"[%$\\\x00-\x20\x7f-\U0010ffff]")
# w3id.org is a redirection service: nothing can be published there, only sent on
REDIRECT_ONLY = re.compile(r"https?://w3id\.org(/|$)", re.IGNORECASE)


def write_data_files(release: Release, folder: Path, progress: Progress) -> None:
    """Every data file of the bundle and the ontology folder, but the vocabularies (skos.py)."""
    for key, fmt in FORMATS.items():
        progress(f"writing {fmt.file}")
        write_file(release, key, folder / fmt.file)
    files = {}
    ontology = release.graph("ontologie")
    files["ontology/pzgraph.ttl"] = turtle(ontology, release.prefixes(ontology))
    shapes = release.shapes()
    if shapes is not None:
        files["ontology/shapes.ttl"] = turtle(shapes, release.prefixes(shapes))
    context = json.dumps(release.context, ensure_ascii=False, indent=2) + "\n"
    files["ontology/context.jsonld"] = context.encode("utf-8")
    _put(folder, files)


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return path.stat().st_size, digest.hexdigest()


def all_files(folder: Path) -> list[str]:
    """The files of the bundle but its pages (doc/, def/: millions at 100x national scale)."""
    found = []
    for root, folders, names in os.walk(folder):
        if Path(root) == folder:
            folders[:] = [f for f in folders if not is_page_file(f + "/")]
        found += [str(Path(root, name).relative_to(folder)).replace(os.sep, "/")
                  for name in names]
    return sorted(name for name in found if not is_page_file(name)
                  and name != ".pzgraph-output")


def write_checksums(folder: Path, work: Path) -> None:
    """SHA256SUMS of every file in `folder`, by name: sorted on disk (16 million pages at
    100x national scale)."""
    lines = ExternalSort(work, unique=True)
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            relative = str(path.relative_to(folder)).replace(os.sep, "/")
            lines.add(f"{relative}\0{file_digest(path)[1]}")
    with (folder / CHECKSUMS).open("w", encoding="ascii", newline="\n") as out:
        for line in lines:
            name, digest = line.split("\0")
            out.write(f"{digest}  {name}\n")


def export(project: Project, out: Path, *, fmt: str | None = None, base: str | None = None,
           issued: str | None = None, download_url: str | None = None,
           sparql_endpoint: str | None = None, progress: Progress = quiet) -> list[Path]:
    """Write the release bundle (or with `fmt` one file) into `out`; return what was written
    (of the bundle: its data files, not the pages)."""
    out = Path(out)
    for option, value, use in (("--download-url", download_url, FOLDER),
                               ("--sparql-endpoint", sparql_endpoint, ENDPOINT)):
        if value is not None and (problem := address_problem(value, use)):
            raise ExportError(f"{option} {value!r}: {problem}; give the address where it "
                              "will be published, e.g. https://data.example.org/pzgraph/")
    for option, value in (("--download-url", download_url), ("--base", base)):
        if value is not None and REWRITE_SPECIAL.search(value):
            # it goes into the redirect rules (static_site.htaccess), where $N and %N are
            # back-references and mod_rewrite escapes the target once more
            raise ExportError(f"{option} {value!r} holds %, $, a backslash or a character "
                              "outside ASCII; the redirect rules cannot pass those on: give "
                              "an address without them")
    if download_url is not None and REDIRECT_ONLY.match(download_url):
        raise ExportError(f"--download-url {download_url!r} is on w3id.org, which only "
                          "redirects and hosts no files: give the address of the folder where "
                          "the release's files will really be published (w3id/.htaccess then "
                          "sends the IRIs there)")
    if fmt is not None:
        target = out / FORMATS[fmt].file
        check_not_input(target, project)
        if (out / CHECKSUMS).is_file() or (out / "void.ttl").is_file():
            # one file written alone would no longer match the checksums and void.ttl
            raise ExportError(f"{out} holds a whole release (SHA256SUMS, void.ttl): "
                              f"{target.name} written alone would no longer match its "
                              "checksums and description. Export the whole release again "
                              "(without --format), or give another folder")
        with Release.open(project, base, progress, views=NEEDS[fmt]) as release:
            progress(f"writing {target}")
            write_atomic_stream(target, lambda stream: write_format(release, fmt, stream))
        add_to_marker(out, target)  # a later whole export may replace what this one wrote
        return [target]
    # every check that can fail comes before the build, which takes a while
    _check_target(out, project)
    issued = void.issued_date(project, issued, progress) or ""
    agents = publisher.read(project, normalise_base(base))
    with Release.open(project, base, progress) as release:
        write_folder(out, lambda folder: _fill(folder, release, agents, issued, download_url,
                                               sparql_endpoint, progress), project)
    return [out / name for name in all_files(out) if not is_page_file(name)]


def _fill(folder: Path, release: Release, agents: Publisher, issued: str,
          download_url: str | None, sparql_endpoint: str | None, progress: Progress) -> None:
    write_data_files(release, folder, progress)
    progress("describing the release (void.ttl)")
    _put(folder, skos.publish(release, agents, issued))
    with (folder / dl.FILE).open("wb") as stream:
        dl.write_profile(release, stream)
    described = {name: file_digest(folder / name) for name in all_files(folder)}
    _put(folder, {"void.ttl": void.describe(release, described, issued=issued,
                                             publisher=agents, download_url=download_url,
                                             sparql_endpoint=sparql_endpoint)})
    progress("writing a page per resource (doc/, def/)"
             + (" and the redirect rules (w3id/.htaccess)" if download_url else ""))
    write_static_site(release, folder, download_url)
    write_checksums(folder, release.folder)


def _check_target(out: Path, project: Project) -> None:
    """Refuse, before the build, to replace a folder that is not an earlier output."""
    try:
        check_replaceable(out, project)
    except OutputError as error:
        raise ExportError(str(error)) from None


def _put(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
