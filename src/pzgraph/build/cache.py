"""The build's cache: sorted N-Quads under build/, keyed by a hash of every input.

Later commands load the cached dataset in a fraction of a second instead of compiling again;
the same inputs give the same bytes. The key covers everything that changes the result: the
model, the data, the checks, the source documents the quotes are verified against, the
settings, and pzgraph's own code. The manifest, written last, records the cache file's size,
time and checksum, so a cache emptied, cut short or swapped behind the build's back is
rebuilt rather than trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from ..errors import Finding, InputError, OutputError
from ..project import Project, check_not_input
from .blank_labels import stable_blank_nodes
from .file_hashes import MEMO_FILE, FileHashes
from .reasoner_limit import reasoner_limit

CACHE_FILE = "pzgraph.nq"
MANIFEST_FILE = "manifest.json"


def input_files(project: Project) -> list[Path]:
    """Every file whose content determines the build."""
    onto = project.ontology_dir
    return sorted([onto / "pzgraph.ttl", onto / "context.jsonld", onto / "shapes.ttl",
                   *project.vocabulary_files(),
                   *sorted((onto / "rules").glob("*.rq")), *project.data_files(),
                   *sorted(project.checks_dir.glob("*-violation.rq"))])


def source_files(project: Project) -> list[Path]:
    """The source documents the quotes are checked against (none while the folder is missing)."""
    folder = project.sources_dir
    return sorted(p for p in folder.glob("*.txt") if p.is_file()) if folder.is_dir() else []


# The code that makes the dataset: what the build imports (a test holds it to what
# `pzgraph.build.pipeline` loads). The commands that read the dataset (query/, maps/,
# report/, release/, cli/) are left out, so a change to them does not rebuild the graph.
BUILD_CODE = ("build", "checks", "ingest", "__init__.py", "errors.py", "output_marker.py",
              "plain_input.py", "project.py", "temporary.py", "vocab.py")


def _code_files() -> list[Path]:
    package = Path(__file__).resolve().parents[1]
    return sorted(path for part in BUILD_CODE for path in (
        [package / part] if part.endswith(".py") else (package / part).rglob("*.py")))


def input_hash(project: Project, reasoning: bool, hashes: FileHashes | None = None) -> str:
    """The cache key. Each file counts by its sha256, remembered between commands by what
    `stat` says of the file (file_hashes.py): give `hashes` (file_hashes_of) and call its
    `remember()` once the build succeeded; without, every file is read (`validate`)."""
    hashes = hashes or FileHashes(None)
    # the reasoner's limit too: a build that skipped HermiT is not the build a plain one makes
    limit = reasoner_limit() if reasoning else None
    digest = hashlib.sha256(f"{__version__}|{reasoning}|{limit}|sha256-per-file".encode())
    root = str(project.root) + os.sep
    inputs = input_files(project)
    check_plain_files(inputs, root)
    for path in inputs:
        name = str(path)
        digest.update((name[len(root):] if name.startswith(root) else path.name).encode())
        digest.update(hashes.sha256(path) or b"<missing>")
    digest.update(f"sources:{project.sources_dir.is_dir()}".encode())
    for path in [*source_files(project), *_code_files()]:
        digest.update(path.name.encode())
        digest.update(hashes.sha256(path) or b"<missing>")
    return digest.hexdigest()


def check_plain_files(paths: list[Path], root: str) -> None:
    """Refuse an input that is there but is no plain file: the readers (Oxigraph's among
    them) would wait on a pipe for ever, deaf to Ctrl-C and SIGTERM, or read a link to
    /dev/zero until the memory is gone (hostile review s9 #6)."""
    findings = []
    for path in paths:
        try:
            plain = stat.S_ISREG(os.stat(path).st_mode)
        except OSError:
            continue  # missing (or a dangling link): the reader says what is missing
        if not plain:
            name = str(path)
            findings.append(Finding(name[len(root):] if name.startswith(root) else name, "",
                                    "is not a plain file (a pipe, a device, a folder, or a "
                                    "link to one)", "put the file itself there", "input"))
    if findings:
        raise InputError(findings)


def file_hashes_of(project: Project) -> FileHashes:
    """The checksums remembered in the build folder (written only by a build that succeeds
    or finds its cache current: a failed one leaves build/ as it was)."""
    return FileHashes(project.build_dir / MEMO_FILE)


def check_build_folder(project: Project) -> None:
    """The cache never lands among the inputs (PZGRAPH_BUILD=data, ...)."""
    try:
        check_not_input(project.build_dir / CACHE_FILE, project)
    except OutputError as error:
        raise OutputError(f"the build folder {project.build_dir} (PZGRAPH_BUILD) is not "
                          f"usable: {error}") from None
    _check_own_build(project.build_dir)


def _check_own_build(folder: Path) -> None:
    """The build replaces pzgraph.nq and manifest.json in its folder: only its own (a
    manifest with its input key). A build/ that is a link (a cloned project can carry one)
    to a folder of someone else's files would have them replaced (hostile review s9 #8)."""
    manifest = folder / MANIFEST_FILE
    fix = ("nothing was written. Give the build a folder of its own (PZGRAPH_BUILD=FOLDER), "
           "or move those files away")
    if os.path.lexists(manifest):
        try:  # a damaged manifest of ours (cut short) is redone, one of another program not
            theirs = "input_hash" not in json.loads(manifest.read_bytes())
        except (OSError, ValueError, TypeError):
            theirs = folder.is_symlink()
        if theirs:
            raise OutputError(f"{manifest} was not written by pzgraph, and a build replaces it "
                              f"(and {CACHE_FILE} beside it); {fix}")
    elif folder.is_symlink() and folder.is_dir() and any(folder.iterdir()):
        raise OutputError(f"{folder} is a link to {os.path.realpath(folder)}, which holds no "
                          f"pzgraph build but other files; {fix}")


def verified_manifest(project: Project, digest: str) -> dict | None:
    """The last build's manifest when it was built from exactly these inputs (`digest`) and
    the cache file is the one it describes; None when the build must run."""
    manifest = read_manifest(project.build_dir / MANIFEST_FILE)
    if manifest.get("input_hash") == digest and is_the_cache_written(
            project.build_dir / CACHE_FILE, manifest.get("cache")):
        return manifest
    return None


def read_manifest(path: Path) -> dict:
    """The manifest of the last build; an unreadable one is no manifest (the build redoes it)."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def file_fingerprint(path: Path) -> dict[str, int | str]:
    """What the manifest records of the cache file, to know it is the one the build wrote."""
    stat = path.stat()
    return {"bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": _sha256(path)}


def is_the_cache_written(path: Path, recorded: dict | None) -> bool:
    """True when the cache file is the one the manifest describes. Size and time are checked
    first (cheap, on every command); the checksum only when they differ, e.g. after a copy."""
    if not recorded or not path.is_file():
        return False
    stat = path.stat()
    if stat.st_size != recorded.get("bytes"):
        return False
    if stat.st_mtime_ns == recorded.get("mtime_ns"):
        return True
    return _sha256(path) == recorded.get("sha256")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sorted_nquads(store: ox.Store) -> Iterator[str]:
    """The dataset as N-Quads, graph by graph in IRI order, each graph's lines sorted: the
    same inputs give the same bytes, and only one graph's lines are in memory at a time
    (sorting the whole dataset at once needs ~5x its size: 25 GB at 100x national scale)."""
    graphs = [ox.DefaultGraph(), *sorted(store.named_graphs(), key=str)]
    for graph in graphs:
        lines, blank = set(), []
        for quad in store.quads_for_pattern(None, None, None, graph):
            if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
                blank.append(quad)
            else:
                lines.add(str(quad) + " .")
        lines.update(str(quad) + " ." for quad in stable_blank_nodes(blank))
        if lines:
            yield "\n".join(sorted(lines)) + "\n"
