"""IRIs of the release before this one that this one no longer has (`export --previous`).

Cool URIs don't change, but a thing can go: a result the curator removed, a membership that
was a mistake. A dropped IRI must not silently turn into a 404 when the redirect rules move on
to the new release. So the release records what it dropped (docs/iri-policy.md):

- gone.ttl: each dropped IRI `owl:deprecated true` (OWL 2: "the IRI is deprecated"), and
  `dct:isReplacedBy` its successor where moved.yaml (in the project) names one;
- w3id/.htaccess: a dropped IRI with a successor answers 301 to it; one without answers
  410 Gone, its /doc/ pages too, before the rules that would send it to a page no longer there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import yaml

from ..errors import ExportError, PzgraphError
from ..ingest.keys import REF_PATTERN
from ..ingest.yaml_reader import load_bounded
from ..plain_input import read_plain_text
from ..project import Project
from ..vocab import DCTERMS, OWL, XSD
from .external_sort import ExternalSort

FILE = "gone.ttl"
MOVED = "moved.yaml"  # in the project: old id -> new id, for IRIs the curator moved
MOVED_LIMIT = 16 * 1024 * 1024  # ~200,000 moved ids
DATASET = "pzgraph.nq"
# the release's own resources (void.ttl): versioned and described there, not tombstoned here
OWN_KINDS = ("catalogus/", "dataset/", "contactpunt/", "dienst/")


@dataclass(frozen=True)
class Dropped:
    """What the earlier release published and the successors the curator named, read before
    the build (every check that can fail comes first); `write` records what is gone. The
    IRIs are compared as their paths under the base (id/…, graph/…), sorted on disk: a
    release at 100x national scale has more of them than fit in memory."""

    previous: Path | None  # its pzgraph.nq; None: --previous named a void.ttl without one
    gone: set[str]  # what the earlier release had already recorded as gone (gone.ttl)
    successors: dict[str, str]

    @classmethod
    def read(cls, project: Project, previous: Path, base: str,
             previous_base: str | None = None) -> Dropped:
        """`previous` as `export --previous` takes it: the earlier release's folder, or its
        void.ttl (whose folder may hold its pzgraph.nq; a folder must). `previous_base`: the
        base that release was exported under (its void.ttl's dataset IRI), which must be
        this one's: a tombstone belongs to the redirect rules of its own base."""
        check_same_base(previous, previous_base, base)
        folder = previous if previous.is_dir() else previous.parent
        if not previous.is_dir() and not (folder / DATASET).is_file():
            return cls(None, set(), {})
        # what the earlier release had already dropped stays dropped: its rules are replaced
        gone, replaced = earlier_tombstones(folder)
        # only IRIs this project could publish under this base: another host's IRI (or one
        # of another base) cut at the base's length could read as a live path (a 410 for a
        # thing that is there), and a rule holds ASCII only (w3id/.htaccess)
        successors = {old: new for old, new in replaced.items()
                      if ours(old, base) and ours(new, base)}
        return cls(check_dataset(folder), {iri for iri in gone if ours(iri, base)},
                   {**successors, **moved(project, base)})

    def dropped(self, quads: Iterable[ox.Quad], base: str, work: Path) -> set[str]:
        """The IRIs the earlier release published (or had recorded as gone) that `quads`
        no longer have."""
        if self.previous is None:
            return set()
        before, now = ExternalSort(work), ExternalSort(work)
        for path in published_paths(_read_nq(self.previous), base):
            before.add(path)
        for iri in self.gone:  # only ours (read)
            before.add(iri[len(base) + 1:])
        for path in published_paths(quads, base):
            now.add(path)
        return {f"{base}/{path}" for path in sorted_difference(iter(before), iter(now))}

    def write(self, quads: Callable[[], Iterable[ox.Quad]], base: str, folder: Path,
              work: Path) -> None:
        """gone.ttl into the release `folder`, and the rules for the dropped IRIs into its
        w3id/.htaccess when the release has one. `quads` streams the release's quads (twice:
        what is gone, then which successors are here); `work` holds the sorted runs."""
        dropped = self.dropped(quads(), base, work)
        if not dropped:  # nothing to record: the same release written again stays the same
            return
        wanted = {self.successors[iri] for iri in dropped if iri in self.successors}
        present = {iri for iri in (f"{base}/{path}" for path in published_paths(quads(), base))
                   if iri in wanted}
        (folder / FILE).write_bytes(tombstones(dropped, self.successors, present))
        rules = folder / "w3id" / ".htaccess"
        if rules.is_file():
            rules.write_bytes(with_gone_rules(rules.read_bytes(), gone_rules(
                dropped, self.successors, present, base)))


def check_same_base(previous: Path, previous_base: str | None, base: str) -> None:
    if previous_base is not None and previous_base != base:
        raise ExportError(
            f"--previous {previous} was exported under the base {previous_base}, this release "
            f"under {base}: its IRIs are not this release's, so which of them are gone cannot "
            "be told, and their tombstones would belong to the redirect rules of the other "
            f"base. Export with --base {previous_base} to follow that release, or leave out "
            "--previous for a first release under the new base")


def base_of_dataset(dataset: str) -> str | None:
    """The base a release was exported under, from its dataset IRI (void.dataset_iris)."""
    head, marker, _ = dataset.partition("/id/dataset/")
    return head if marker else None


def previous_has_no_dataset(dropped: Dropped | None) -> bool:
    return dropped is not None and dropped.previous is None


def published_paths(quads: Iterable[ox.Quad], base: str) -> Iterator[str]:
    """The paths under `base` of the things (id/…) and named graphs (graph/…) a release
    publishes, with repeats; only IRIs it could write (`ours`)."""
    things, graphs = f"{base}/id/", f"{base}/graph/"
    start = len(base) + 1
    for quad in quads:
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith((things, graphs)) \
                    and not term.value[len(things):].startswith(OWN_KINDS) \
                    and ours(term.value, base):
                yield term.value[start:]


def published_iris(quads: Iterable[ox.Quad], base: str) -> set[str]:
    """The IRIs of things (/id/…) and named graphs (/graph/…) a release publishes under `base`."""
    return {f"{base}/{path}" for path in published_paths(quads, base)}


def sorted_difference(left: Iterator[str], right: Iterator[str]) -> Iterator[str]:
    """What the sorted, repeat-free `left` has and the sorted `right` has not."""
    other = next(right, None)
    for item in left:
        while other is not None and other < item:
            other = next(right, None)
        if other != item:
            yield item


def _read_nq(dataset: Path) -> Iterator[ox.Quad]:
    return iter(ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS))


def check_dataset(folder: Path) -> Path:
    """The pzgraph.nq of the release in `folder`, read through once: it must be N-Quads."""
    dataset = folder / DATASET
    if not dataset.is_file():
        raise ExportError(f"--previous {folder}: there is no {DATASET} there, so the IRIs that "
                          "release published cannot be compared with this one's; give the "
                          "folder of the earlier release as pzgraph export wrote it")
    try:
        for _ in _read_nq(dataset):
            pass
    except (SyntaxError, ValueError, OSError) as error:
        raise ExportError(f"--previous {dataset} cannot be read as N-Quads: {error}") from None
    return dataset


def earlier_tombstones(folder: Path) -> tuple[set[str], dict[str, str]]:
    """The IRIs the earlier release in `folder` recorded as gone (its gone.ttl), with their
    successors: a tombstone is kept from release to release, as long as the IRI stays gone."""
    path = folder / FILE
    if not path.is_file():
        return set(), {}
    store = ox.Store()
    try:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as error:
        raise ExportError(f"--previous {path} cannot be read as Turtle: {error}") from None
    gone = {q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode(OWL + "deprecated"), None) if isinstance(q.subject, ox.NamedNode)}
    replaced = {q.subject.value: q.object.value for q in store.quads_for_pattern(
        None, ox.NamedNode(DCTERMS + "isReplacedBy"), None)
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)}
    return gone, replaced


def moved(project: Project, base: str) -> dict[str, str]:
    """moved.yaml of the project: `old id: new id` (ids as data files write them, or full
    IRIs under the base), for IRIs a curator moved on purpose; {} without the file."""
    path = project.root / MOVED
    if not os.path.lexists(path):
        return {}
    fix = ("write one line 'old/id: new/id' per moved IRI, ids as in data/ "
           "(e.g. 'activiteit/x/resultaat/deelnemers_2024: activiteit/x/resultaat/bezoekers_2024')")
    try:
        # a plain file of a bounded size: a pipe there hung the export, /dev/zero took memory
        document = load_bounded(read_plain_text(path, MOVED_LIMIT, MOVED)) or {}
    except (yaml.YAMLError, ValueError, PzgraphError) as error:
        raise ExportError(f"{path} cannot be read: {error}; {fix}") from None
    if not isinstance(document, dict):
        raise ExportError(f"{path}: expected a mapping of old ids to new ids; {fix}")
    out = {}
    for old, new in document.items():
        iris = [_iri(value, base) for value in (old, new)]
        if None in iris:
            raise ExportError(f"{path}, {old!r}: {old!r} -> {new!r} is not a pair of ids; {fix}")
        out[str(iris[0])] = str(iris[1])
    return out


# a path of the release under its base: ids (ingest/keys.py) and graph names, in ASCII
_PATH = re.compile(r"(?:id|graph)/[A-Za-z0-9][A-Za-z0-9._~#-]*(?:/[A-Za-z0-9][A-Za-z0-9._~#-]*)*\Z")


def ours(iri: str, base: str) -> bool:
    """Whether `iri` is a thing's or a graph's IRI under `base`, as a release writes them."""
    return iri.startswith(f"{base}/") and bool(_PATH.match(iri, len(base) + 1))


def _iri(value: object, base: str) -> str | None:
    if isinstance(value, str) and value.startswith(f"{base}/"):
        return value if ours(value, base) else None
    if isinstance(value, str) and REF_PATTERN.match(value) and "/" in value:
        return f"{base}/id/{value}"
    return None


def tombstones(dropped: set[str], successors: dict[str, str], current: set[str]) -> bytes:
    """gone.ttl: every dropped IRI deprecated, with its successor where one is known and the
    successor is in this release (a successor that is gone too would lead nowhere)."""
    lines = ["# IRIs of the previous release that this release no longer has "
             "(docs/iri-policy.md, Tombstones)",
             f"@prefix owl: <{OWL}> .", f"@prefix dct: <{DCTERMS}> .", ""]
    for iri in sorted(dropped):
        lines.append(f"<{iri}> owl:deprecated \"true\"^^<{XSD}boolean> .")
        successor = successors.get(iri)
        if successor in current:
            lines.append(f"<{iri}> dct:isReplacedBy <{successor}> .")
    return ("\n".join(lines) + "\n").encode("utf-8")


def gone_rules(dropped: set[str], successors: dict[str, str], current: set[str],
               base: str) -> list[str]:
    """Redirect rules for the dropped IRIs, to stand before every other rule: 301 to a
    successor, else 410 Gone, for the IRI and for its pages under /doc/."""
    rules = ["# IRIs of the previous release this one no longer has (gone.ttl): "
             "moved (301) or gone (410)"]
    for iri in sorted(dropped):
        path = iri[len(base) + 1:]
        pattern = re.escape(path)
        pages = re.escape("doc/" + (path[len("id/"):] if path.startswith("id/") else path))
        successor = successors.get(iri)
        if successor in current:
            rules.append(f"RewriteRule ^{pattern}$ {successor} [R=301,L]")
            if pages:
                doc = (successor.replace(f"{base}/id/", f"{base}/doc/", 1)
                       if successor.startswith(f"{base}/id/") else
                       successor.replace(f"{base}/", f"{base}/doc/", 1))
                rules.append(f"RewriteRule ^{pages}(\\.[a-z]+)?$ {doc} [R=301,L]")
        else:
            rules.append(f"RewriteRule ^{pattern}$ - [G,L]")
            if pages:
                rules.append(f"RewriteRule ^{pages}(\\.[a-z]+)?$ - [G,L]")
    return rules + [""]


def with_gone_rules(htaccess: bytes, rules: list[str]) -> bytes:
    """The redirect rules with `rules` first, right after `RewriteEngine on`."""
    text = htaccess.decode("ascii")
    head, marker, tail = text.partition("RewriteEngine on\n")
    if not marker:
        raise ExportError("the redirect rules have no 'RewriteEngine on' line to put the "
                          "rules for dropped IRIs after")
    return (head + marker + "\n".join(rules) + "\n" + tail).encode("ascii")
