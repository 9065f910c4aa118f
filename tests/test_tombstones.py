"""IRIs a release no longer has are recorded, not left to 404 (docs/iri-policy.md, Tombstones;
linked-data review S7 #5): gone.ttl deprecates them, the redirect rules answer 410 Gone, or 301
to a successor named in moved.yaml."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pzgraph.errors import ExportError
from pzgraph.release import tombstones

BASE = "https://w3id.org/pzgraph"
OLD = f"{BASE}/id/activiteit/a/resultaat/deelnemers_2024"
NEW = f"{BASE}/id/activiteit/a/resultaat/bezoekers_2024"
GONE = f"{BASE}/id/activiteit/b/resultaat/bezoekers_2024"
GRAPH = f"{BASE}/graph/005_oud"


def test_published_iris_are_things_and_graphs_not_the_catalogue() -> None:
    quads = [ox.Quad(ox.NamedNode(OLD), ox.NamedNode(f"{BASE}/def#unit"), ox.Literal("x"),
                     ox.NamedNode(GRAPH)),
             ox.Quad(ox.NamedNode(f"{BASE}/id/dataset/pzgraph"), ox.NamedNode(f"{BASE}/def#a"),
                     ox.NamedNode(NEW), ox.DefaultGraph())]
    assert tombstones.published_iris(quads, BASE) == {OLD, NEW, GRAPH}


def test_gone_ttl_deprecates_and_links_a_successor_that_exists() -> None:
    dropped = {OLD, GONE, GRAPH}
    text = tombstones.tombstones(dropped, {OLD: NEW, GONE: f"{BASE}/id/x/y"}, current={NEW})
    graph = ox.Store()
    graph.load(text, format=ox.RdfFormat.TURTLE)
    deprecated = {q.subject.value for q in graph.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/2002/07/owl#deprecated"), None)}
    replaced = {(q.subject.value, q.object.value) for q in graph.quads_for_pattern(
        None, ox.NamedNode("http://purl.org/dc/terms/isReplacedBy"), None)}
    assert deprecated == dropped
    assert replaced == {(OLD, NEW)}  # a successor not in this release would lead nowhere


def test_gone_rules_stand_first_410_or_301() -> None:
    htaccess = (b"# header\nOptions +FollowSymLinks\nRewriteEngine on\n\n"
                b"RewriteRule ^id/(.+)$ https://w3id.org/pzgraph/doc/$1 [R=303,L]\n")
    rules = tombstones.gone_rules({OLD, GONE, GRAPH}, {OLD: NEW}, {NEW}, BASE)
    text = tombstones.with_gone_rules(htaccess, rules).decode("ascii")
    lines = text.splitlines()
    first_rule = next(i for i, line in enumerate(lines) if line.startswith("RewriteRule"))
    assert lines[first_rule - 2] == "RewriteEngine on"
    assert r"RewriteRule ^id/activiteit/b/resultaat/bezoekers_2024$ - [G,L]" in lines
    assert r"RewriteRule ^doc/activiteit/b/resultaat/bezoekers_2024(\.[a-z]+)?$ - [G,L]" in lines
    assert r"RewriteRule ^graph/005_oud$ - [G,L]" in lines
    assert f"RewriteRule ^id/activiteit/a/resultaat/deelnemers_2024$ {NEW} [R=301,L]" in lines
    assert text.index("[G,L]") < text.index("[R=303,L]")


@pytest.mark.parametrize("content, said", [
    ("- a\n", "expected a mapping"),
    ("activiteit/a: 3\n", "is not a pair of ids"),
    ("'a b': activiteit/b\n", "is not a pair of ids"),
    ("[unclosed\n", "cannot be read"),
])
def test_a_bad_moved_file_is_refused_plainly(make_project, content, said) -> None:
    project = make_project()
    (project.root / tombstones.MOVED).write_text(content, encoding="utf-8")
    with pytest.raises(ExportError, match=said) as caught:
        tombstones.moved(project, BASE)
    assert "moved.yaml" in str(caught.value)


def test_moved_ids_become_iris(make_project) -> None:
    project = make_project()
    (project.root / tombstones.MOVED).write_text(
        "activiteit/a/resultaat/deelnemers_2024: activiteit/a/resultaat/bezoekers_2024\n",
        encoding="utf-8")
    assert tombstones.moved(project, BASE) == {OLD: NEW}
