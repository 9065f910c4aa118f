"""The build's on-disk store: the cached N-Quads once more, as an Oxigraph (RocksDB) store that
one-shot commands open read-only instead of parsing the whole dataset again.

Opening it costs milliseconds at any scale, where parsing the N-Quads costs 0.4 s at national
scale and 5 s at 10x (benchmarks/results/scale.md). It belongs to exactly one cache file: the
folder holds a stamp with the checksum of the N-Quads it was loaded from, and it is trusted
only when that stamp equals the checksum the verified manifest records. It is written into a
folder beside build/store and swapped in whole (project.write_folder), so a reader never
opens a half-written store.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..project import write_folder

STORE_DIR = "store"
DATABASE = "oxigraph"
STAMP = "cache.sha256"


def write_store(build_dir: Path, cache: Path, cache_sha256: str) -> None:
    """Load the cache file into a new on-disk store and put it in place of the old one."""

    def fill(folder: Path) -> None:
        store = ox.Store(str(folder / DATABASE))
        # The build wrote this file from a store: its IRIs need no second validation.
        store.bulk_load(path=str(cache), format=ox.RdfFormat.N_QUADS, lenient=True)
        store.flush()
        store.optimize()  # one compacted level: fewer files to look into per lookup
        del store  # closes the database before the folder moves
        # The stamp goes last: a folder without it is never opened.
        (folder / STAMP).write_text(cache_sha256 + "\n", encoding="ascii")

    # not listed: RocksDB rewrites its files
    write_folder(build_dir / STORE_DIR, fill, listed=False, kind="store")


def is_current(build_dir: Path, cache_sha256: str) -> bool:
    """True when build/store was loaded from the cache file with this checksum."""
    try:
        stamp = (build_dir / STORE_DIR / STAMP).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return bool(cache_sha256) and stamp == cache_sha256


def open_store(build_dir: Path) -> ox.Store:
    """The on-disk store, read-only: any number of commands may read it at once."""
    return ox.Store.read_only(str(build_dir / STORE_DIR / DATABASE))
