"""One build at a time in a build folder.

Two commands that both find the cache out of date (a `pzgraph query` during a `pzgraph build
--force`, two terminals after an edit) would otherwise both build, each writing the cache
file and the on-disk store the other is writing. The second one waits for the first instead
(an advisory lock on the build folder, which the system releases however the holder ends),
then finds the cache current.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError
from ..project import Progress, make_folder, remove_folders

ATTEMPTS = 5


@contextlib.contextmanager
def build_lock(build_dir: Path, progress: Progress) -> Iterator[None]:
    """Hold the build folder (made if missing, and taken away again if the build fails and
    left it empty) for as long as the block runs."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    for _ in range(ATTEMPTS):
        created = make_folder(build_dir)
        try:
            folder = os.open(build_dir, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            continue  # taken away between the two steps: made again
        except BaseException:
            remove_folders(created)
            raise
        try:
            try:
                fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                progress(f"waiting for another pzgraph command writing {build_dir}")
                fcntl.flock(folder, fcntl.LOCK_EX)
            if not _still_there(folder, build_dir):
                # the command before took the folder away (its first build failed): the
                # lock is on a folder nobody will write; take the new one
                continue
            try:
                yield
            except BaseException:
                remove_folders(created)
                raise
            return
        finally:
            os.close(folder)  # releases the lock
    raise OutputError(f"the build folder {build_dir} keeps being removed while pzgraph waits "
                      "for it; nothing was written. Is another program clearing it?")


def _still_there(folder: int, build_dir: Path) -> bool:
    """True when the folder held open is the one at the path now."""
    held = os.fstat(folder)
    try:
        now = os.stat(build_dir)
    except FileNotFoundError:
        return False
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)
