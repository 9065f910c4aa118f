"""Reading a small text file a person names (a query file, publisher.yaml): a plain file,
read up to a bound, in UTF-8 — or a clear error. `/dev/zero`, a pipe or a 20 GB file would
otherwise be read whole into memory before any check could look at it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import PzgraphError


def read_plain_text(path: Path, limit: int, what: str) -> str:
    """The text of `path`; PzgraphError when it is not a plain file, larger than `limit`
    bytes, or not UTF-8. `what` names the file's role in the message ("the query file")."""
    try:
        # O_NONBLOCK: opening a pipe nobody writes to must not hang before the check below
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise PzgraphError(f"{path}: {what} cannot be read ({error.strerror})") from None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise PzgraphError(f"{path}: {what} is not a plain file (a device, pipe or "
                               "folder); give a file")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise PzgraphError(f"{path}: {what} is larger than {limit:,} bytes; nothing was read. "
                           "Give a smaller file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PzgraphError(f"{path}: {what} is not UTF-8 text (byte {error.start + 1}); save "
                           "it as UTF-8") from None
