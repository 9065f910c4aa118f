"""The pages of `pzgraph serve` (release/pages.py), bounded for the server's sake.

Pages are rendered in the guard process, whose one interpreter lock also hands every query
to its store process: thirty clients asking for /def (0.2 s of rendering each) held a plain
ASK at 2-4 s (hostile review s9 #7). So at most RENDERS pages are rendered at once (a request
waits its turn for a bounded time, then gets 503), and the pages last rendered are kept:
the store is read-only, so a page once rendered stays true.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from .negotiation import FORMATS, Page, negotiate
from .pages import Site

RENDERS = 2  # pages rendered at once
KEEP_BYTES = 32 * 1024 * 1024  # rendered pages kept, together
BUSY = Page(503, b"the server is rendering other pages; retry in a moment", "text/plain")


class ServedPages:
    def __init__(self, site: Site, wait: float) -> None:
        self.site, self.wait = site, wait
        self.slots = threading.BoundedSemaphore(RENDERS)
        self.kept: OrderedDict[tuple[str, str], Page | None] = OrderedDict()
        self.kept_bytes = 0
        self.lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:  # store, index, exists: the site's own
        return getattr(self.site, name)

    def answer(self, path: str, accept: str) -> Page | None:
        """The site's answer (None: nothing there), BUSY when no render slot came free."""
        suffix = next((f.suffix for f in FORMATS if path.endswith("." + f.suffix)), None)
        chosen = negotiate(accept) if suffix is None else None
        key = (path, suffix or (chosen.suffix if chosen else "-"))
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
        if not self.slots.acquire(timeout=self.wait):
            return BUSY
        try:
            page = self.site.answer(path, accept)
        finally:
            self.slots.release()
        self._keep(key, page)
        return page

    def _keep(self, key: tuple[str, str], page: Page | None) -> None:
        size = len(page.body) if page is not None else 0
        if size > KEEP_BYTES // 4:
            return
        with self.lock:
            if key in self.kept:
                return
            self.kept[key] = page
            self.kept_bytes += size + 100
            while self.kept_bytes > KEEP_BYTES:
                _, old = self.kept.popitem(last=False)
                self.kept_bytes -= (len(old.body) if old is not None else 0) + 100
