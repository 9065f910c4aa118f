"""The release's pages as plain files, and the w3id.org redirect rules that lead to them.

`pzgraph export` writes doc/TYPE/NAME.html, .ttl, .jsonld and .nt for every resource, def.*
and def/NAME.* for the ontology and vocabularies, index.html, and w3id/.htaccess: the rules
for the pzgraph folder of https://github.com/perma-id/w3id.org. The pages are rendered by
pages.py, the module `pzgraph serve` uses, so both say the same.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import __version__
from .negotiation import FORMATS
from .pages import Site

# The /id/ resources that void.ttl mints (catalogue, dataset, its distributions and partitions,
# contact point, SPARQL service): void.ttl is their document
CATALOGUE_KINDS = ("catalogus", "dataset", "contactpunt", "dienst")


def htaccess(pages_url: str, base: str) -> bytes:
    """Redirect rules for the folder of the release base (w3id.org/pzgraph:
    https://github.com/perma-id/w3id.org), which hosts no files: every rule ends at the
    release folder published at `pages_url`. /id/… answers 303 to /doc/… under the same base
    (the catalogue's own resources to void.ttl), and /doc/…, /def… go to the release's static
    pages in the format the Accept header asks for (HTML when it names none of the others);
    a named graph /graph/… to the dataset that holds it by name, the ontology's version IRI
    /def/VERSION to this release's ontology file."""
    target = pages_url.rstrip("/")
    kinds = "|".join(CATALOGUE_KINDS)
    lines = [f"# {base}: written by `pzgraph export`; see docs/security.md",
             "Options +FollowSymLinks", "RewriteEngine on", "",
             "# the catalogue, dataset, distributions, contact point, service: void.ttl",
             f"RewriteRule ^id/({kinds})/.+$ {target}/void.ttl [R=303,L]",
             "# the thing -> the document about it (Dutch URI strategy)",
             f"RewriteRule ^id/(.+)$ {base}/doc/$1 [R=303,L]",
             "# a named graph -> the dataset that holds every graph by name",
             f"RewriteRule ^graph/.+$ {target}/pzgraph.trig [R=303,L]",
             "# the ontology of this version",
             f"RewriteRule ^def/{re.escape(__version__)}$ {target}/ontology/pzgraph.ttl "
             "[R=303,L]", ""]
    for fmt in FORMATS[1:]:
        accept = re.escape(fmt.media_type)
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {accept}",
                  f"RewriteRule ^(doc/.+|def(/.+)?)$ {target}/$1.{fmt.suffix} [R=303,L]"]
    lines += ["RewriteRule ^(doc/.+|def(/.+)?)$ " + target + "/$1.html [R=303,L]",
              "RewriteRule ^$ " + target + "/index.html [R=303,L]", ""]
    return "\n".join(lines).encode("ascii")


# Up to this many quads the pages are answered from an in-memory store (~0.5 KB a quad);
# above it from an on-disk one in the release's work folder, slower per page but bounded.
IN_MEMORY_QUADS = 2_500_000


def static_site(quads: Iterable[ox.Quad], base: str, pages_url: str) -> dict[str, bytes]:
    """The release's pages as files (doc/…, def…, index.html) and the w3id .htaccess that
    points at them where they are published (`pages_url`)."""
    store = ox.Store()
    store.extend(quads)
    site = Site(store, base, static=True)
    files = dict(site.files())
    files["w3id/.htaccess"] = htaccess(pages_url, base)
    return files


def write_static_site(release, folder: Path, pages_url: str | None,
                      on_disk: bool | None = None) -> int:
    """`static_site` of the release written into `folder` page by page, from a store of the
    release's dataset (on disk above IN_MEMORY_QUADS, or when `on_disk`); the file count.
    The redirect rules only when `pages_url` says where the folder will be published."""
    if on_disk is None:
        on_disk = release.counts["dataset"] > IN_MEMORY_QUADS
    store = ox.Store(str(release.folder / "pages-store")) if on_disk else ox.Store()
    store.bulk_extend(release.quads())  # not bulk_load: that names the blank nodes anew
    site = Site(store, release.base, static=True)
    count = 0
    rules = [("w3id/.htaccess", htaccess(pages_url, release.base))] if pages_url else []
    for name, body in itertools.chain(site.files(), rules):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        count += 1
    del site, store
    return count


def is_page_file(name: str) -> bool:
    """A file of the static site in the release (not a distribution of the data)."""
    return name.startswith(("doc/", "def/", "def.", "w3id/")) or name == "index.html"
