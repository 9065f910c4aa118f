"""Temporary folders named by the process that made them, and the clearing of those left by a
process that was killed outright (SIGKILL skips every clean-up).

The system's temporary folder is shared by every user of the machine: a folder there is
looked at only when it is a real folder (no link) of the current user whose name carries a
pid of ASCII digits, and nothing inside it is read. Another user's folder, a FIFO, a huge
file or a name with '²' is passed over without a word (hostile review s8 #4, #5).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path


def make(prefix: str) -> Path:
    """A new private folder `<tmp>/<prefix><pid>-<random>`."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


def clear_stale(prefix: str) -> None:
    """Remove this user's folders of `prefix` whose process is gone."""
    name = re.compile(re.escape(prefix) + r"([0-9]{1,10})-[A-Za-z0-9_]{1,32}")
    with os.scandir(tempfile.gettempdir()) as entries:
        for entry in entries:
            found = name.fullmatch(entry.name)
            if found is None or _alive(int(found.group(1))):
                continue
            try:
                status = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid():
                shutil.rmtree(Path(entry.path), ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's, or no pid at all
        return True
    return True
