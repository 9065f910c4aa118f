"""One build at a time in a build folder.

Two commands that both find the cache out of date (a `pzgraph query` during a `pzgraph build
--force`, two terminals after an edit) would otherwise both build, each writing the cache
file and the on-disk store the other is writing. The second one waits for the first instead
(an advisory lock on the file build/build.lock, which the system releases however the holder
ends), then finds the cache current. The file is the owner's alone (0600, never through a
link): an advisory lock needs only an open descriptor, so a lock on the folder itself could
be taken by any user of the machine and hold every build for as long as they liked
(hostile review s8 #6).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ..errors import OutputError
from ..project import Progress, make_folder, remove_folders

ATTEMPTS = 5
LOCK_NAME = "build.lock"


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
        lock_file = build_dir / LOCK_NAME
        try:
            held = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                           0o600)
        except FileNotFoundError:
            continue  # the folder was taken away between the two steps: made again
        except OSError as error:
            remove_folders(created)
            raise OutputError(f"cannot open the build lock {lock_file}: "
                              f"{error.strerror or error}; it must be a plain file of yours "
                              "(remove it if it is a link or another user's)") from None
        if not stat.S_ISREG(os.fstat(held).st_mode):  # a FIFO or a device put there
            os.close(held)
            remove_folders(created)
            raise OutputError(f"the build lock {lock_file} is not a plain file; remove it "
                              "and run the command again")
        try:
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                progress(f"waiting for another pzgraph command writing {build_dir}"
                         + _holder(held))
                fcntl.flock(held, fcntl.LOCK_EX)
            if not _still_there(held, lock_file):
                # the command before took the folder away (its first build failed): the
                # lock is on a file nobody will look at; take the new one
                continue
            try:
                yield
            except BaseException:
                _forget(lock_file, created)
                raise
            return
        finally:
            os.close(held)  # releases the lock
    raise OutputError(f"the build folder {build_dir} keeps being removed while pzgraph waits "
                      "for it; nothing was written. Is another program clearing it?")


def _forget(lock_file: Path, created: list[Path]) -> None:
    """A failed first build leaves no folder behind: the lock file goes with it."""
    if created:
        with contextlib.suppress(OSError):
            lock_file.unlink()
        remove_folders(created)


def _holder(held: int) -> str:
    """" (process N)" for the process holding the lock, from /proc/locks where there is one."""
    inode = os.fstat(held).st_ino
    with contextlib.suppress(OSError):
        for line in Path("/proc/locks").read_text(encoding="ascii", errors="replace").splitlines():
            fields = line.split()
            if len(fields) > 5 and fields[1] == "FLOCK" and fields[5].endswith(f":{inode}"):
                return f" (process {fields[4]})"
    return ""


def _still_there(held_file: int, lock_file: Path) -> bool:
    """True when the lock file held open is the one at the path now."""
    held = os.fstat(held_file)
    try:
        now = os.stat(lock_file, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)
