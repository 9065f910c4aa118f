"""The mark pzgraph leaves in a folder it wrote, and the list of what it wrote there.

A folder is replaced whole (project.write_folder) only when it holds nothing but what pzgraph
wrote: a file a person added since (a CNAME, a README, an .htaccess beside a published
release) or a file they edited is never deleted. The marker lists every entry with its size
and modification time, as make and rsync tell a changed file; hashing would cost seconds on a
national release. It also names the command that wrote the folder: a report never replaces a
release, nor a release the build's store. A marker of an older pzgraph, without a list or
without a command, vouches only for the names the command writes at the folder's top
(write_folder compares them with the new content's).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .errors import OutputError

OUTPUT_MARKER = ".pzgraph-output"
_HEADER = ("This folder was written by pzgraph, which may replace it whole while it holds only "
           "the entries listed here (size, modification time in ns, path).\n")
_LISTED = "listed:\n"
_KIND = "written by: pzgraph "


def entries(folder: Path) -> dict[str, str]:
    """Every entry below `folder` (the marker left out): path → what it is. A folder is
    "dir", a link "link → target", a file "size mtime_ns"."""
    found: dict[str, str] = {}
    for top, folders, files in os.walk(folder):
        for name in folders + files:
            path = os.path.join(top, name)
            relative = os.path.relpath(path, folder)
            if relative == OUTPUT_MARKER:
                continue
            status = os.lstat(path)
            if os.path.islink(path):
                found[relative] = f"link {os.readlink(path)}"
            elif name in folders:
                found[relative] = "dir"
            else:
                found[relative] = f"{status.st_size} {status.st_mtime_ns}"
    return found


def write_marker(folder: Path, listed: bool = True, kind: str = "") -> None:
    """Mark `folder` as the output of `pzgraph KIND`, listing what it holds now (or not: a
    store whose files the database itself rewrites)."""
    text = _HEADER + (f"{_KIND}{kind}\n" if kind else "")
    if listed:
        text += _LISTED + "".join(f"{what}\t{path}\n" for path, what in
                                  sorted(entries(folder).items()))
    _write(folder / OUTPUT_MARKER, text)


def _write(marker: Path, text: str) -> None:
    """Written in place, never through a link someone put at the marker's name."""
    handle = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)


def add_to_marker(folder: Path, written: Path, kind: str = "") -> None:
    """Record one file this command wrote into `folder` (export --format): a folder it made,
    or one that held nothing else, is marked; a marked folder lists the file beside the rest.
    A folder of someone else's stays unmarked: pzgraph only added a file to it."""
    marker = folder / OUTPUT_MARKER
    relative = os.path.relpath(written, folder)
    if marker.is_symlink():
        return  # not ours to write through
    if marker.is_file():
        text = marker.read_text(encoding="utf-8", errors="replace")
        listed = _listed(text)
        if listed is None:
            return  # an older marker: no list to keep
        status = os.stat(written)
        listed[relative] = f"{status.st_size} {status.st_mtime_ns}"
        theirs = _kind(text)
        _write(marker, _HEADER + (f"{_KIND}{theirs}\n" if theirs else "") + _LISTED
               + "".join(f"{w}\t{p}\n" for p, w in sorted(listed.items())))
    elif not marker.exists() and set(entries(folder)) == {relative}:
        write_marker(folder, kind=kind)


def check_own(folder: Path, kind: str = "") -> bool:
    """Raise OutputError unless `folder` holds only what `pzgraph KIND` listed when it wrote
    it. True when the marker cannot tell (no list, or no command named): the caller then
    compares the folder's top-level names with what it writes (check_names)."""
    problem, unsure = _problem(folder, kind)
    if problem:
        raise OutputError(f"{problem}; replacing {folder} would lose it, so nothing was "
                          "changed. Move it out of the folder, or give another output folder.")
    return unsure


def check_names(folder: Path, new: Path) -> None:
    """For a folder whose older marker lists nothing: refuse any top-level name that the
    new content does not have (a CNAME or notes added to an earlier release or report)."""
    extra = _extra_names(folder, new)
    if extra:
        raise OutputError(f"{folder} holds {extra}, which this command does not write (the "
                          "folder's marker is of an older pzgraph and does not list what it "
                          "wrote, or not which command); replacing it would delete them, so "
                          "nothing was changed. Move them out, or give another output folder.")


def changed_meanwhile(old: Path, new: Path, kind: str, listed: bool) -> str | None:
    """What was added to or changed in the folder while the command wrote its new content
    (the old folder, after the exchange, is at `old`), or None."""
    problem, unsure = _problem(old, kind)
    if problem is None and unsure and listed:
        extra = _extra_names(old, new)
        problem = f"{extra} was added" if extra else None
    return problem


def keep_old_if_changed(old: Path, target: Path, kind: str, listed: bool) -> None:
    """The folder was checked before the work, which takes minutes on a large release: what
    a person or a program added to it (or changed) meanwhile must not be deleted with the
    old content. Then the old folder is kept beside the new one, and the command says so."""
    problem = changed_meanwhile(old, target, kind, listed)
    if problem is None:
        return
    kept = target.parent / f"{target.name}.kept-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    os.replace(old, kept)
    raise OutputError(f"{target} is written, but while pzgraph wrote it {problem}. The folder "
                      f"as it was is kept at {kept}: move what you need back from it, then "
                      "remove it.")


def check_not_versioned(target: Path) -> None:
    """A single-file output never replaces a file that git keeps (README.md, docs/*.md, a
    notes file in someone's repository): that is a source, not an earlier output."""
    import subprocess
    if not target.is_file():
        return
    try:
        tracked = subprocess.run(["git", "-C", str(target.parent), "ls-files",
                                  "--error-unmatch", "--", target.name],
                                 capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):  # no git: nothing to tell
        return
    if tracked:
        raise OutputError(f"{target} is a file under version control (git), not an output; "
                          "nothing was written. Give a new file name")


def _problem(folder: Path, kind: str) -> tuple[str | None, bool]:
    marker = folder / OUTPUT_MARKER
    if marker.is_symlink() or not marker.is_file():
        return (f"{folder} holds files pzgraph did not write (no {OUTPUT_MARKER})", False)
    text = marker.read_text(encoding="utf-8", errors="replace")
    theirs = _kind(text)
    if kind and theirs and theirs != kind:
        return (f"{folder} holds what `pzgraph {theirs}` wrote, not `pzgraph {kind}`", False)
    listed = _listed(text)
    if listed is not None:
        for path, what in sorted(entries(folder).items()):
            if path not in listed:
                return (f"{folder / path} was not written by pzgraph (it is not in "
                        f"{OUTPUT_MARKER})", False)
            if listed[path] != what:
                return f"{folder / path} has changed since pzgraph wrote it", False
    return None, listed is None or bool(kind and theirs is None)


def _extra_names(folder: Path, new: Path) -> str:
    extra = sorted(set(os.listdir(folder)) - set(os.listdir(new)) - {OUTPUT_MARKER})
    return ", ".join(extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")


def _kind(text: str) -> str | None:
    for line in text.splitlines()[:3]:
        if line.startswith(_KIND):
            return line[len(_KIND):].strip()
    return None


def _listed(text: str) -> dict[str, str] | None:
    """The marker's list (path → size and time), or None for an older marker without one."""
    if _LISTED not in text:
        return None
    listed = {}
    for line in text.split(_LISTED, 1)[1].splitlines():
        what, _, path = line.partition("\t")
        if path:
            listed[path] = what
    return listed
