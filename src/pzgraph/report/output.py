"""Write a folder of files atomically: build it beside the target, then swap it in.

A reader (a browser with the report open, a sync job) sees the old report or the new
one, never a mix; a failure leaves the old report untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

Writer = Callable[[Path], None]


def write_folder(target: Path, fill: Writer) -> None:
    """`fill` writes the content into an empty folder; that folder then replaces `target`."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    try:
        fill(staging)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a report is for reading
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
            os.replace(target, old / "report")
            try:
                os.replace(staging, target)
            except BaseException:
                os.replace(old / "report", target)  # put the old report back
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
