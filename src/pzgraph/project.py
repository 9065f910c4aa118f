"""Where a pzgraph project keeps its inputs and outputs, and how outputs are written.

The project folder is $PZGRAPH_ROOT, else the nearest folder at or above the working
directory that has a data/ folder (as git finds .git). Its ontology/, queries/ and checks/
are its own when it has them, else the ones shipped inside the package. Outputs are written
whole or not at all (`write_atomic`, `write_folder`), and the date the data stands at has
one rule (`data_date`), which the report and the release both state.
"""

from __future__ import annotations

# ctypes, shutil, subprocess and tempfile are imported in the functions that use them:
# `pzgraph query` starts without them (benchmarks/query_speed.py)
import datetime as dt
import errno
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError, PzgraphError
from .output_marker import (
    OUTPUT_MARKER,
    check_names,
    check_not_versioned,
    check_own,
    keep_old_if_changed,
    write_marker,
)

ROOT_ENV = "PZGRAPH_ROOT"


SHIPPED = Path(__file__).resolve().parent / "shipped"  # package data: see pyproject.toml


def find_root(start: Path | None = None) -> Path:
    """$PZGRAPH_ROOT; else the nearest folder at or above `start` (the working directory)
    with a data/ folder; else the checkout this package lives in, if it is one; else `start`."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data").is_dir():
            return folder
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "data").is_dir() else here


def _own_or_shipped(folder: Path) -> Path:
    """The project's own folder (ontology/, queries/, checks/), else the one shipped with
    pzgraph: a project needs no more than data/."""
    return folder if folder.is_dir() else SHIPPED / folder.name


@dataclass(frozen=True)
class Project:
    """The folders of a project."""

    root: Path
    sources: Path | None = None  # the source documents; default $PZGRAPH_SOURCES or ../shared/seeds

    @classmethod
    def default(cls) -> Project:
        """The project the environment names (see `find_root`)."""
        return cls(find_root())

    @property
    def ontology_dir(self) -> Path:
        return _own_or_shipped(self.root / "ontology")

    @property
    def data_dir(self) -> Path:
        return Path(os.environ.get("PZGRAPH_DATA") or self.root / "data")

    @property
    def queries_dir(self) -> Path:
        return _own_or_shipped(self.root / "queries")

    @property
    def checks_dir(self) -> Path:
        return _own_or_shipped(self.root / "checks")

    @property
    def build_dir(self) -> Path:
        return Path(os.environ.get("PZGRAPH_BUILD") or self.root / "build")

    @property
    def sources_dir(self) -> Path:
        if self.sources:
            return self.sources
        if os.environ.get("PZGRAPH_SOURCES"):
            return Path(os.environ["PZGRAPH_SOURCES"])
        return self.root.parent / "shared" / "seeds"

    def data_files(self) -> list[Path]:
        return sorted(self.data_dir.glob("*.yaml"))

    def vocabulary_files(self) -> list[Path]:
        return sorted((self.ontology_dir / "vocabularies").glob("*.ttl"))

    def model_files(self) -> list[Path]:
        """The ontology folder's files that the build reads (besides the vocabularies)."""
        onto = self.ontology_dir
        return [onto / "pzgraph.ttl", onto / "context.jsonld", onto / "shapes.ttl",
                *sorted((onto / "rules").glob("*.rq"))]


# --- the date of the data --------------------------------------------------------------------

def data_date(project: Project) -> tuple[str, str]:
    """(YYYY-MM-DD, basis): the date the data and the ontology stand at, never the clock.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) when set; else the newest git
    commit of data/ and ontology/, or the file date of an input edited since that commit;
    outside git the newest file date. The basis is "epoch", "git", "edited" or "files".
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        # ASCII digits only (str.isdigit() takes "²"), and a date a calendar holds
        if not re.fullmatch(r"[0-9]{1,11}", epoch) or int(epoch) > 253402300799:
            raise PzgraphError(f"SOURCE_DATE_EPOCH={epoch!r} is not a time in seconds since "
                               "1970 before the year 10000; give e.g. $(git log -1 --format=%ct)"
                               " or unset it")
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat(), "epoch"
    folders = (project.data_dir, project.ontology_dir)
    inputs = [*project.data_files(), *project.vocabulary_files(), *project.model_files()]
    inputs = [path for path in inputs if path.exists()]
    committed = [d.strip() for folder in folders
                 if (d := _git(folder, "log", "-1", "--format=%cs", "--", "."))]
    if not committed:
        return _newest_file_date(inputs), "files"
    changed = "".join(_git(folder, "status", "--porcelain", "--", ".") or "" for folder in folders)
    names = {line[3:].strip() for line in changed.splitlines()}
    edited = [p for p in inputs if any(name.endswith(p.name) for name in names)]
    dates = [(max(committed), "git")]
    if edited:
        dates.append((_newest_file_date(edited), "edited"))
    return max(dates)


def _newest_file_date(paths: Iterable[Path]) -> str:
    newest = max((p.stat().st_mtime for p in paths), default=0)
    return dt.datetime.fromtimestamp(newest, dt.UTC).date().isoformat()


def _git(folder: Path, *args: str) -> str | None:
    """Output of a read-only git command in `folder`, or None outside a repository."""
    import subprocess
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


# --- writing outputs -------------------------------------------------------------------------

def _shared_mode(mode: int) -> int:
    """`mode` as the umask allows: mkstemp and mkdtemp make private files, outputs are shared."""
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


def write_atomic(path: Path, content: str | bytes | Iterable[str]) -> None:
    """Write next to the target and rename, so no reader ever sees half a file. Text may
    come in pieces, so that a large file need not be held in memory whole."""
    def fill(out: BinaryIO) -> None:
        if isinstance(content, bytes):
            out.write(content)
            return
        for piece in [content] if isinstance(content, str) else content:
            out.write(piece.encode("utf-8"))

    write_atomic_stream(path, fill)


def write_atomic_stream(path: Path, fill: Callable[[BinaryIO], None]) -> None:
    """`write_atomic` for content written as it is made: `fill` writes to a binary file
    beside the target, which takes the target's place only when `fill` has returned."""
    import tempfile
    check_plain_file(path)
    created = make_folder(path.parent)
    _clear_litter(path.parent, f".{path.name}.tmp-")
    try:
        # the pid in the name: what a killed run left is cleared by the next write (above)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.tmp-{os.getpid()}-")
    except BaseException:
        remove_folders(created)
        raise
    try:
        with os.fdopen(handle, "wb") as out:
            fill(out)
        os.chmod(tmp, _shared_mode(0o666))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        remove_folders(created)
        raise


def check_plain_file(path: Path) -> None:
    """An output file takes the place of what is there by a rename: that must be a plain file
    (or nothing). A device, a pipe, a socket or a link would be replaced by a file (as root,
    `--out /dev/null` would replace the machine's /dev/null)."""
    import stat
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror}); nothing was written. "
                          "Give another path.") from None
    if not stat.S_ISREG(mode):
        kind = ("a symbolic link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode)
                else "a device, pipe or socket")
        raise OutputError(f"{path} is {kind}, not a file; nothing was written. Give the path of "
                          "a (new) file" + (", or leave out --out to print the answer"
                                            if not stat.S_ISDIR(mode) else "") + ".")


def make_folder(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; return those created, deepest first, so a
    failed write can take them away again."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def remove_folders(created: list[Path]) -> None:
    for folder in created:  # deepest first; only if still empty
        try:
            folder.rmdir()
        except OSError:
            break


# OUTPUT_MARKER lists what write_folder wrote: only a folder holding nothing else is ever
# replaced, so `--out ~` can never delete someone's work (output_marker.py).
__all__ = ["OUTPUT_MARKER"]


def check_not_input(target: Path, project: Project | None = None) -> None:
    """Raise OutputError if writing `target` would write into the project's inputs: its root
    itself, data/, ontology/, queries/, checks/ (also before they exist: a folder made there
    becomes the project's own), the source documents, the shipped model, or build/ itself.
    Symlinks are followed, so a link into data/ is refused like data/."""
    project = project or Project.default()
    path = Path(os.path.realpath(target))
    root = Path(os.path.realpath(project.root))
    inputs = [root / "data", root / "ontology", root / "queries", root / "checks",
              project.data_dir, project.ontology_dir, project.queries_dir, project.checks_dir,
              project.sources_dir, SHIPPED, root / "publisher.yaml", root / "src", root / ".git"]
    for folder in {Path(os.path.realpath(f)) for f in inputs}:
        if path == folder or path.is_relative_to(folder) or folder.is_relative_to(path):
            raise OutputError(f"{target} is (or holds, or lies in) the project's input folder "
                              f"{folder}; nothing was written. Give an output path outside "
                              "data/, ontology/, queries/, checks/, src/, .git/, "
                              "publisher.yaml and the sources.")
    if path in (root, Path(os.path.realpath(project.build_dir))):
        raise OutputError(f"{target} is the project folder or its build/ folder itself; "
                          "nothing was written. Give a folder of its own, e.g. build/report.")


def check_output_file(target: Path, kinds: tuple[str, ...], project: Project | None = None
                      ) -> None:
    """Raise OutputError if `target` is an input (check_not_input), a file git keeps, or an
    existing file of another kind than the command writes (`kinds`: suffixes)."""
    check_not_input(target, project)
    if target.exists() and target.suffix.lower() not in kinds:
        raise OutputError(f"{target} exists and is no {' or '.join(kinds)} file this command "
                          "writes; nothing was written. Give a new file name, or one ending in "
                          f"{kinds[0]}")
    check_not_versioned(target)


def check_replaceable(target: Path, project: Project | None = None, kind: str = "") -> bool:
    """Raise OutputError unless `target` is new, empty, or a folder `pzgraph KIND` wrote, and
    not one of the project's inputs (check_not_input). True when its older marker cannot
    tell all that (write_folder then compares the names it writes)."""
    check_not_input(target, project)
    target = Path(os.path.realpath(target))
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} is a file, not a folder; give a new or empty folder")
    return target.is_dir() and any(target.iterdir()) and check_own(target, kind)


def write_folder(target: Path, fill: Callable[[Path], None],
                 project: Project | None = None, *, listed: bool = True, kind: str = "") -> None:
    """`fill` writes the content into an empty folder beside `target`, which then takes the
    place of `target` in one atomic exchange (Linux renameat2): a reader, or a kill at any
    moment, sees the old folder whole or the new one whole, never a mix or nothing. Only a
    folder pzgraph wrote is replaced (check_replaceable); what a killed run left beside the
    target is cleared first. A link is followed: the folder it points to is replaced and the
    link stays. `listed=False` marks the folder without listing its files (a database that
    rewrites its own files). `kind`: the command, named in the marker (a report never
    replaces a release). What was added to the folder while `fill` ran is kept
    (output_marker.keep_old_if_changed)."""
    import shutil
    import tempfile
    target = Path(os.path.realpath(target))
    unsure = check_replaceable(target, project, kind)
    created = make_folder(target.parent)
    _clear_litter(target.parent, f".{target.name}.new-", f".{target.name}.old-")
    try:
        # the pid in the name: another command writing the same folder at the same time does
        # not take this one's staging folder for litter
        staging = Path(tempfile.mkdtemp(dir=target.parent,
                                        prefix=f".{target.name}.new-{os.getpid()}-"))
    except BaseException:
        remove_folders(created)
        raise
    try:
        fill(staging)
        if unsure and listed:
            check_names(target, staging)
        write_marker(staging, listed, kind)
        os.chmod(staging, _shared_mode(0o777))
        if not target.exists():
            os.replace(staging, target)
        elif _exchange(staging, target):
            keep_old_if_changed(staging, target, kind, listed)
        else:  # no renameat2: two renames, the old one kept
            old = Path(tempfile.mkdtemp(dir=target.parent,
                                        prefix=f".{target.name}.old-{os.getpid()}-"))
            os.replace(target, old / "previous")
            try:
                os.replace(staging, target)
            except BaseException:
                os.replace(old / "previous", target)  # put the old folder back
                raise
            try:
                keep_old_if_changed(old / "previous", target, kind, listed)
            finally:
                shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():  # the new content that failed, or the old after the exchange
            shutil.rmtree(staging, ignore_errors=True)


def _exchange(new: Path, target: Path) -> bool:
    """Swap two folders atomically; False where the system cannot (not Linux, old kernel)."""
    import ctypes
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(target), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(target))


def _clear_litter(folder: Path, *prefixes: str) -> None:
    """Remove the staging files and folders a killed run of ours left (only our prefixes, and
    not those of a process still running: it may be writing them now)."""
    import shutil
    for path in folder.iterdir():
        if _is_litter(path.name, prefixes):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _is_litter(name: str, prefixes: tuple[str, ...]) -> bool:
    """A name pzgraph gives its staging files and folders (prefix, pid, mkdtemp's eight
    characters) whose process is no longer running: another command may be writing it now,
    and a name of any other form is not ours (`.release.new-backup` is someone's)."""
    for prefix in (p for p in prefixes if name.startswith(p)):
        found = re.fullmatch(r"([0-9]{1,10})-[a-z0-9_]{8}", name[len(prefix):])
        if found is None:
            continue
        pid = int(found.group(1))
        if pid == os.getpid():
            return False  # this process's own: being written
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False  # alive, another user's
        return False
    return False


# --- progress --------------------------------------------------------------------------------

Progress = Callable[[str], None]  # long work says what it is doing (the CLI: on stderr)


def quiet(_: str) -> None:
    """Progress that goes nowhere."""
