"""The release's pages as plain files, and the w3id.org redirect rules that lead to them.

`pzgraph export` writes doc/TYPE/NAME.html, .ttl, .jsonld, .nt and .rdf for every resource, def.*
and def/NAME.* for the ontology and vocabularies, index.html, and w3id/.htaccess: the rules
for the pzgraph folder of https://github.com/perma-id/w3id.org. The pages are rendered by
pages.py, the module `pzgraph serve` uses, so both say the same.
"""

from __future__ import annotations

import itertools
import re
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from ..vocab import OWL
from .negotiation import ALIASES, FORMATS
from .pages import Site

# The release's own resources (void.ttl): the catalogue, the dataset, its distributions and
# partitions, the contact point, the SPARQL service. They have pages like every /id/ resource
# (linked-data review S9); the kinds are those of their IRIs.
CATALOGUE_KINDS = ("catalogus", "dataset", "contactpunt", "dienst")
DESCRIPTION = "void.ttl"


def htaccess(pages_url: str, base: str, version: str | None = None,
             ontology_versions: Iterable[str] = ()) -> bytes:
    """Redirect rules for the folder of the release base (w3id.org/pzgraph:
    https://github.com/perma-id/w3id.org), which hosts no files: every rule ends at the
    release folder published at `pages_url`. /id/… answers 303 to /doc/… under the same base
    (the release's own resources too: their pages come from void.ttl; a dataset of another
    release than `version` to that release's void.ttl, its folder being `pages_url` with
    the version changed), and
    /doc/…, /def… go to the release's static pages in the format the Accept header asks for
    (`_negotiation`); a named graph /graph/… to its document /doc/graph/…, each of the
    ontology's version IRIs /def/VERSION (`ontology_versions`) to this release's ontology
    file."""
    target = pages_url.rstrip("/")
    kinds = "|".join(CATALOGUE_KINDS)
    lines = [f"# {base}: written by `pzgraph export`; see docs/security.md",
             "Options +FollowSymLinks", "RewriteEngine on", "",
             "# every answer here depends on Accept: a cache must not give a browser the",
             "# redirect a Turtle client was sent (mod_rewrite adds no Vary to a redirect)",
             "<IfModule mod_headers.c>", "  Header always merge Vary Accept", "</IfModule>", ""]
    releases = _release_folders(pages_url, version)
    if releases is not None:
        lines += ["# the dataset of another release (and its distributions): its void.ttl",
                  f"RewriteCond $1 !^{re.escape(version or '')}$",
                  f"RewriteRule ^id/dataset/pzgraph/({VERSION_PATTERN})(/.*)?$ "
                  f"{releases}/{DESCRIPTION} [R=303,L]"]
    lines += ["# the thing -> the document about it (Dutch URI strategy); the catalogue's",
              f"# own resources ({kinds}) too: their pages are written from {DESCRIPTION}",
              f"RewriteRule ^id/(.+)$ {base}/doc/$1 [R=303,L]",
              "# a named graph -> the document about it (graph/herkomst's statements)",
              f"RewriteRule ^graph/(.+)$ {base}/doc/graph/$1 [R=303,L]",
              "# the ontology's version IRI: the ontology of this release"]
    for iri in sorted(ontology_versions):
        if iri.startswith(f"{base}/def/"):
            lines.append(f"RewriteRule ^{re.escape(iri[len(base) + 1:])}$ "
                         f"{target}/ontology/pzgraph.ttl [R=303,L]")
    lines += ["", *_negotiation(target),
              "RewriteRule ^$ " + target + "/index.html [R=303,L]", ""]
    return "\n".join(lines).encode("ascii")


# a release version as publisher.py allows it
VERSION_PATTERN = "[0-9A-Za-z][0-9A-Za-z._-]*"
PAGE = "^(doc/.+|def(/.+)?)$"
# the media types that name a format (negotiation.ALIASES: the same as `pzgraph serve`)
_NAMES = {fmt.media_type: [fmt.media_type] + sorted(a for a, m in ALIASES.items()
                                                    if m == fmt.media_type)
          for fmt in FORMATS}


def _negotiation(target: str) -> list[str]:
    """The page rules: the format the Accept header asks for, as near to `pzgraph serve`'s
    negotiation (q-values) as mod_rewrite's regular expressions get. A type asked for with
    q=1 (or no q) wins over one with a lower q; among equals the RDF formats come first, in
    the order of FORMATS; a type with q=0 is never chosen; HTML is the default (a browser,
    */*, no Accept). What they cannot do: rank two types that both have a q below 1."""
    rules = []
    ordered = FORMATS[1:] + FORMATS[:1]  # HTML last: the default and the fallback
    for fmt in ordered:
        names = "|".join(re.escape(name) for name in _NAMES[fmt.media_type])
        full = (rf"(^|,)\s*({names})\s*(;\s*(?!q\s*=)[^;,]*)*"
                rf"(;\s*q\s*=\s*1(\.0{{0,3}})?\s*(;[^,]*)?)?\s*(,|$)")
        rules += [f"# {fmt.media_type} with q=1",
                  f"RewriteCond %{{HTTP_ACCEPT}} {full} [NC]",
                  f"RewriteRule {PAGE} {target}/$1.{fmt.suffix} [R=303,L]"]
    for fmt in FORMATS[1:]:
        names = "|".join(re.escape(name) for name in _NAMES[fmt.media_type])
        rules += [f"# {fmt.media_type} with a q below 1, but not 0",
                  rf"RewriteCond %{{HTTP_ACCEPT}} (^|,)\s*({names})\s*(;|,|$) [NC]",
                  rf"RewriteCond %{{HTTP_ACCEPT}} !(^|,)\s*({names})\s*(;[^,]*)?;\s*q\s*=\s*"
                  rf"0(\.0{{0,3}})?\s*(;|,|$) [NC]",
                  f"RewriteRule {PAGE} {target}/$1.{fmt.suffix} [R=303,L]"]
    return rules + ["# anything else: the HTML page",
                    f"RewriteRule {PAGE} {target}/$1.html [R=303,L]"]


def _release_folders(pages_url: str, version: str | None) -> str | None:
    """`pages_url` (without its last slash) with its last path segment that is `version`
    made $1: where every release of the same publisher is, if each is published as this one
    is (bundle.py requires the version in --download-url). None without a version."""
    if version is None:
        return None
    parts = urllib.parse.urlsplit(pages_url.rstrip("/"))
    segments = parts.path.split("/")
    if version not in segments:
        return None
    at = len(segments) - 1 - segments[::-1].index(version)
    segments[at] = "$1"
    return urllib.parse.urlunsplit(parts._replace(path="/".join(segments)))


# Up to this many quads the pages are answered from an in-memory store (~0.5 KB a quad);
# above it from an on-disk one in the release's work folder, slower per page but bounded.
IN_MEMORY_QUADS = 2_500_000


def static_site(quads: Iterable[ox.Quad], base: str, pages_url: str,
                version: str | None = None,
                shapes: list[ox.Triple] | None = None) -> dict[str, bytes]:
    """The release's pages as files (doc/…, def…, index.html; def/shapes with `shapes`) and
    the w3id .htaccess that points at them where they are published (`pages_url`)."""
    store = ox.Store()
    store.extend(quads)
    site = Site(store, base, static=True, shapes=shapes)
    files = dict(site.files())
    files["w3id/.htaccess"] = htaccess(pages_url, base, version, ontology_versions(store, base))
    return files


def add_description(store: ox.Store, description: Path) -> None:
    """The release's description (void.ttl) into the pages' store (its default graph; the
    dataset's graphs are all named): the catalogue, dataset, distributions, contact point
    and agents get pages too."""
    if description.is_file():
        store.load(path=str(description), format=ox.RdfFormat.TURTLE)


def ontology_versions(store: ox.Store, base: str) -> list[str]:
    """The ontology's own version IRIs (owl:versionIRI in ontology/pzgraph.ttl): the
    ontology's version, not the release's."""
    return sorted({q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(f"{base}/def"), ox.NamedNode(OWL + "versionIRI"), None)
        if isinstance(q.object, ox.NamedNode)})


def write_static_site(release, folder: Path, pages_url: str | None,
                      on_disk: bool | None = None, version: str | None = None) -> int:
    """`static_site` of the release written into `folder` page by page, from a store of the
    release's dataset (on disk above IN_MEMORY_QUADS, or when `on_disk`) and of its
    void.ttl when `folder` holds one (the release's own resources); the file count.
    The redirect rules only when `pages_url` says where the folder will be published."""
    if on_disk is None:
        on_disk = release.counts["dataset"] > IN_MEMORY_QUADS
    store = ox.Store(str(release.folder / "pages-store")) if on_disk else ox.Store()
    store.bulk_extend(release.quads())  # not bulk_load: that names the blank nodes anew
    add_description(store, folder / DESCRIPTION)
    site = Site(store, release.base, static=True, shapes=release.shapes())
    count = 0
    rules = [("w3id/.htaccess", htaccess(pages_url, release.base, version,
                                         ontology_versions(store, release.base)))
             ] if pages_url else []
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
