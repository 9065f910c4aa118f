"""The sha256 of each input file, remembered by what `stat` says of it, as git's index does.

Every command checks the cache key, which covers every input and pzgraph's own code: hashing
them all again costs ~1 s at 10x national scale. A file whose size, modification and change
times and inode are what they were when it was last hashed has the same content, so its
remembered checksum is used; any other file is read again.

Racy timestamps (git's "racy clean" problem): a file written in the same tick of the clock
as the memo was, and written again within that tick, keeps its recorded time. So a record is
trusted only when the file's time lies clearly before the memo's own, by more than the
coarsest timestamp granularity of common file systems (2 s, FAT); a younger file is hashed
again, and the memo rewritten, until it is old enough. The change time (ctime) cannot be set
back by a program, so restoring a file's mtime after an edit does not hide the edit either.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from stat import S_ISREG

from ..project import write_atomic

MEMO_FILE = "file-hashes.json"
RACY_NS = 2_000_000_000  # 2 s: FAT's granularity, the coarsest of common file systems


# above this the file is named by its stat alone (s8 #18: a 20 GB file was hashed whole)
MAX_HASHED = 2**30


def _stamp(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


class FileHashes:
    """sha256 per path; `remember` writes what was hashed for the next command."""

    def __init__(self, memo: Path | None) -> None:
        self.memo = memo
        self.known: dict[str, list] = {}
        self.written_ns = 0
        self.changed = False
        self.used: set[str] = set()
        if memo is None:
            return
        try:
            self.written_ns = memo.stat().st_mtime_ns
            known = json.loads(memo.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return  # no memo, or an unreadable one: everything is hashed again
        if isinstance(known, dict):
            self.known = known

    def sha256(self, path: Path) -> bytes | None:
        """The file's sha256; None when it is missing or not a regular file."""
        key = os.path.abspath(path)
        try:
            stat = os.stat(key)
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not S_ISREG(stat.st_mode):
            return None
        stamp = _stamp(stat)
        if stat.st_size > MAX_HASHED:
            # larger than any input the build reads (data files: 256 MiB): the reader refuses
            # it by its size, which must not wait for minutes of hashing first
            return hashlib.sha256(f"too large to read|{stamp}".encode()).digest()
        entry = self.known.get(key)
        self.used.add(key)
        if (isinstance(entry, list) and len(entry) == 2 and entry[0] == stamp
                and isinstance(entry[1], str) and len(entry[1]) == 64
                and stat.st_mtime_ns + RACY_NS < self.written_ns
                and stat.st_ctime_ns + RACY_NS < self.written_ns):
            try:
                return bytes.fromhex(entry[1])
            except ValueError:
                pass  # a damaged record: hash the file
        with open(key, "rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").digest()
        self.known[key] = [stamp, digest.hex()]
        self.changed = True
        return digest

    def remember(self) -> None:
        """Write the memo when something was hashed; a build folder that cannot be written
        only costs the next command the hashing."""
        if self.memo is None or not self.changed:
            return
        try:
            kept = {key: self.known[key] for key in sorted(self.used)}  # gone files drop out
            write_atomic(self.memo, json.dumps(kept))
        except OSError:
            pass
