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
    doc/ def* index.html           a page per resource in HTML, Turtle, JSON-LD, N-Triples, RDF/XML
    w3id/.htaccess                 the redirect rules for w3id.org/pzgraph (see pages.py)
    gone.ttl                       with --previous: the IRIs of that release this one no
                                   longer has, deprecated or replaced (see tombstones.py)

The bundle is written beside its target and swapped in only when complete, so a failed
export leaves the previous release as it was. Every file is written as a stream from the
release's sorted views (views.py, writers.py): memory does not grow with the graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.parse
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
from . import dl, earlier, publisher, skos, tombstones, void
from .external_sort import ExternalSort
from .formats import FORMATS, Release, normalise_base, turtle
from .publisher import Publisher
from .static_site import is_page_file, write_static_site
from .tombstones import previous_has_no_dataset
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
           sparql_endpoint: str | None = None, previous: Path | None = None,
           progress: Progress = quiet) -> list[Path]:
    """Write the release bundle (or with `fmt` one file) into `out`; return what was written
    (of the bundle: its data files, not the pages). `previous`: the release before this one
    (its folder or void.ttl), to link to and to check the version against."""
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
        add_to_marker(out, target, "export")  # a later whole export may replace what this one wrote
        return [target]
    # every check that can fail comes before the build, which takes a while
    _check_target(out, project)
    issued = void.issued_date(project, issued, progress) or ""
    agents = publisher.read(project, normalise_base(base))
    _check_versioned(download_url, agents.version)
    before = earlier.read(Path(previous)) if previous is not None else None
    # the IRIs the earlier release published, and moved.yaml: read before the build
    gone = (tombstones.Dropped.read(project, Path(previous), normalise_base(base),
                                    tombstones.base_of_dataset(before.dataset))
            if previous is not None and before is not None else None)
    with Release.open(project, base, progress) as release:
        write_folder(out, lambda folder: _fill(folder, release, agents, issued, download_url,
                                               sparql_endpoint, before, progress, gone),
                     project, kind="export")
    return [out / name for name in all_files(out) if not is_page_file(name)]


def _check_versioned(download_url: str | None, version: str) -> None:
    """Each release is published in a folder of its own, named by its version: a new release
    must never replace the files an earlier catalogue record points to."""
    if download_url is None:
        return
    if version not in urllib.parse.urlsplit(download_url).path.split("/"):
        raise ExportError(f"--download-url {download_url!r} has no folder named by the "
                          f"release's version {version!r} (publisher.yaml): each release "
                          "needs download addresses of its own, or publishing it replaces "
                          "the files an earlier release's catalogue record points to. Give "
                          f"e.g. https://HOST/pzgraph/release/{version}/")


def _fill(folder: Path, release: Release, agents: Publisher, issued: str,
          download_url: str | None, sparql_endpoint: str | None,
          before: earlier.EarlierRelease | None, progress: Progress,
          gone: tombstones.Dropped | None = None) -> None:
    write_data_files(release, folder, progress)
    progress("describing the release (void.ttl)")
    _put(folder, skos.publish(release, agents, issued))
    with (folder / dl.FILE).open("wb") as stream:
        dl.write_profile(release, stream)
    described = {name: file_digest(folder / name) for name in all_files(folder)}
    link = (earlier.previous_version(before, agents.version, described)
            if before is not None else None)
    _put(folder, {"void.ttl": void.describe(release, described, issued=issued,
                                             publisher=agents, download_url=download_url,
                                             sparql_endpoint=sparql_endpoint, previous=link,
                                             first_issued=before.first_issued if before else None)})
    progress("writing a page per resource (doc/, def/)"
             + (" and the redirect rules (w3id/.htaccess)" if download_url else ""))
    write_static_site(release, folder, download_url, version=agents.version)
    if previous_has_no_dataset(gone):
        progress(f"note: --previous names a void.ttl without its {tombstones.DATASET}: the IRIs "
                 f"that release had and this one has not are not recorded ({tombstones.FILE})")
    elif gone is not None:  # IRIs of the earlier release this one no longer has
        progress(f"recording what the earlier release had and this one has not ({tombstones.FILE})")
        gone.write(release.quads, release.base, folder, release.folder)
    write_checksums(folder, release.folder)


def _check_target(out: Path, project: Project) -> None:
    """Refuse, before the build, to replace a folder that is not an earlier output."""
    try:
        check_replaceable(out, project, "export")
    except OutputError as error:
        raise ExportError(str(error)) from None


def _put(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
