"""The release bundle (`pzgraph export`): every format, the ontology, void.ttl, SHA256SUMS.

    pzgraph.ttl .nt .jsonld .rdf   the union of all named graphs (Turtle, N-Triples,
                                   JSON-LD under ontology/context.jsonld, RDF/XML for Protégé)
    pzgraph.trig .nq               the dataset: every named graph, with graph/herkomst
    pzgraph-dl.ttl                 the same graph as OWL 2 DL, for reasoners (see dl.py)
    ontology/                      the ontology, the SHACL shapes, each concept scheme whole
                                   with its metadata (see skos.py), the context
    void.ttl                       DCAT-AP-NL + VoID description (see void.py), naming the
                                   agents of publisher.yaml (see publisher.py)
    SHA256SUMS                     `sha256sum -c SHA256SUMS` checks the files

The bundle is written beside its target and swapped in only when complete, so a failed
export leaves the previous release as it was.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import ExportError, OutputError
from ..project import Progress, Project, check_replaceable, quiet, write_atomic, write_folder
from . import dl, publisher, skos, void
from .formats import FORMATS, IRI, Release, normalise_base, render, turtle

CHECKSUMS = "SHA256SUMS"


def bundle_files(release: Release, progress: Progress) -> dict[str, bytes]:
    """Every file of the bundle but void.ttl and SHA256SUMS, by path in the bundle."""
    files: dict[str, bytes] = {}
    for key, fmt in FORMATS.items():
        progress(f"writing {fmt.file}")
        files[fmt.file] = render(release, key)
    ontology = release.graph("ontologie")
    files["ontology/pzgraph.ttl"] = turtle(ontology, release.prefixes(ontology))
    shapes = release.shapes()
    if shapes is not None:
        files["ontology/shapes.ttl"] = turtle(shapes, release.prefixes(shapes))
    for path in release.project.vocabulary_files():
        vocabulary = release.graph(f"vocabulaire/{path.stem}")
        files[f"ontology/vocabularies/{path.stem}.ttl"] = turtle(vocabulary,
                                                                 release.prefixes(vocabulary))
    context = json.dumps(release.context, ensure_ascii=False, indent=2) + "\n"
    files["ontology/context.jsonld"] = context.encode("utf-8")
    return files


def checksums(files: dict[str, bytes]) -> bytes:
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n"
             for name, data in sorted(files.items())]
    return "".join(lines).encode("ascii")


def export(project: Project, out: Path, *, fmt: str | None = None, base: str | None = None,
           issued: str | None = None, download_url: str | None = None,
           sparql_endpoint: str | None = None, progress: Progress = quiet) -> list[Path]:
    """Write the release bundle (or with `fmt` one file) into `out`; return what was written."""
    out = Path(out)
    for option, value in (("--download-url", download_url), ("--sparql-endpoint", sparql_endpoint)):
        if value is not None and not IRI.match(value):
            raise ExportError(f"{option} {value!r} is not an http(s) address")
    if fmt is None:  # every check that can fail comes before the build, which takes a while
        _check_target(out)
        issued = void.issued_date(project, issued, progress)
        agents = publisher.read(project, normalise_base(base))
    release = Release.of(project, base, progress)
    if fmt is not None:
        target = out / FORMATS[fmt].file
        progress(f"writing {target}")
        write_atomic(target, render(release, fmt))
        return [target]
    files = bundle_files(release, progress)
    progress("describing the release (void.ttl)")
    files.update(skos.publish(release, agents, issued or ""))
    files[dl.FILE] = dl.profile(release)
    files["void.ttl"] = void.describe(release, files, issued=issued or "", publisher=agents,
                                      download_url=download_url, sparql_endpoint=sparql_endpoint)
    files[CHECKSUMS] = checksums(files)
    write_folder(out, lambda folder: _fill(folder, files))
    return [out / name for name in sorted(files)]


def _check_target(out: Path) -> None:
    """Refuse, before the build, to replace a folder that is not an earlier output."""
    try:
        check_replaceable(out)
    except OutputError as error:
        raise ExportError(str(error)) from None


def _fill(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
