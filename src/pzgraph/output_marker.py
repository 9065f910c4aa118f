"""The mark pzgraph leaves in a folder it wrote, and the list of what it wrote there.

A folder is replaced whole (project.write_folder) only when it holds nothing but what pzgraph
wrote: a file a person added since (a CNAME, a README, an .htaccess beside a published
release) or a file they edited is never deleted. The marker lists every entry with its size
and modification time, as make and rsync tell a changed file; hashing would cost seconds on a
national release. A marker of an older pzgraph holds no list and is trusted as before.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import OutputError

OUTPUT_MARKER = ".pzgraph-output"
_HEADER = ("This folder was written by pzgraph, which may replace it whole while it holds only "
           "the entries listed here (size, modification time in ns, path).\n")
_LISTED = "listed:\n"


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


def write_marker(folder: Path, listed: bool = True) -> None:
    """Mark `folder` as pzgraph's, listing what it holds now (or not: a store whose files
    the database itself rewrites)."""
    text = _HEADER
    if listed:
        text += _LISTED + "".join(f"{what}\t{path}\n" for path, what in
                                  sorted(entries(folder).items()))
    (folder / OUTPUT_MARKER).write_text(text, encoding="utf-8")


def add_to_marker(folder: Path, written: Path) -> None:
    """Record one file this command wrote into `folder` (export --format): a folder it made,
    or one that held nothing else, is marked; a marked folder lists the file beside the rest.
    A folder of someone else's stays unmarked: pzgraph only added a file to it."""
    marker = folder / OUTPUT_MARKER
    relative = os.path.relpath(written, folder)
    if marker.is_file() and not marker.is_symlink():
        listed = _listed(marker)
        if listed is None:
            return  # an older marker: no list to keep
        status = os.stat(written)
        listed[relative] = f"{status.st_size} {status.st_mtime_ns}"
        text = _HEADER + _LISTED + "".join(f"{w}\t{p}\n" for p, w in sorted(listed.items()))
        marker.write_text(text, encoding="utf-8")
    elif not marker.exists() and set(entries(folder)) == {relative}:
        write_marker(folder)


def check_own(folder: Path) -> None:
    """Raise OutputError unless `folder` holds only what pzgraph listed when it wrote it."""
    marker = folder / OUTPUT_MARKER
    if marker.is_symlink() or not marker.is_file():
        raise OutputError(f"{folder} holds files pzgraph did not write (no {OUTPUT_MARKER}); "
                          "nothing was changed. Give a new or empty folder.")
    listed = _listed(marker)
    if listed is None:
        return
    for path, what in sorted(entries(folder).items()):
        if path not in listed:
            raise OutputError(
                f"{folder / path} was not written by pzgraph (it is not in {OUTPUT_MARKER}); "
                f"replacing {folder} would delete it, so nothing was changed. Move it out of "
                "the folder, or give another output folder.")
        if listed[path] != what:
            raise OutputError(
                f"{folder / path} has changed since pzgraph wrote it; replacing {folder} "
                "would lose that change, so nothing was changed. Keep a copy elsewhere and "
                "remove the folder, or give another output folder.")


def _listed(marker: Path) -> dict[str, str] | None:
    """The marker's list (path → size and time), or None for an older marker without one."""
    text = marker.read_text(encoding="utf-8", errors="replace")
    if _LISTED not in text:
        return None
    listed = {}
    for line in text.split(_LISTED, 1)[1].splitlines():
        what, _, path = line.partition("\t")
        if path:
            listed[path] = what
    return listed
