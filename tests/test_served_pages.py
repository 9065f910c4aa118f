"""Pages of `pzgraph serve` are rendered at most two at once and kept once rendered (hostile
review s9 #7): thirty clients asking for /def held every query's hand-off in the guard
process, a plain ASK took 2-4 s instead of milliseconds."""

from __future__ import annotations

import threading

from pzgraph.release.negotiation import Page
from pzgraph.release.served_pages import BUSY, RENDERS, ServedPages


class SlowSite:
    """A site whose renders wait until released, counting them."""

    def __init__(self) -> None:
        self.go, self.calls, self.lock = threading.Event(), 0, threading.Lock()
        self.store = "the store"

    def answer(self, path: str, accept: str) -> Page | None:
        with self.lock:
            self.calls += 1
        self.go.wait(30)
        return Page(200, path.encode(), "text/html") if path != "/doc/none" else None


def test_at_most_two_renders_at_once_and_the_rest_wait_then_hear_busy():
    site = SlowSite()
    pages = ServedPages(site, wait=0.2)
    answers: list = []
    threads = [threading.Thread(target=lambda n=n: answers.append(
        pages.answer(f"/doc/x/{n}", "text/html"))) for n in range(RENDERS)]
    for thread in threads:
        thread.start()
    while site.calls < RENDERS:
        threading.Event().wait(0.01)
    assert pages.answer("/doc/x/late", "text/html") is BUSY  # no slot came free in time
    site.go.set()
    for thread in threads:
        thread.join()
    assert sorted(a.body for a in answers) == [b"/doc/x/0", b"/doc/x/1"]
    assert site.calls == RENDERS


def test_a_page_once_rendered_is_kept_per_format():
    site = SlowSite()
    site.go.set()
    pages = ServedPages(site, wait=5)
    first = pages.answer("/def", "text/html")
    assert pages.answer("/def", "text/html") is first
    assert pages.answer("/doc/none", "text/html") is None
    assert pages.answer("/doc/none", "text/html") is None
    assert site.calls == 2
    pages.answer("/def", "text/turtle")  # another format: rendered
    assert site.calls == 3
    assert pages.store == "the store"
