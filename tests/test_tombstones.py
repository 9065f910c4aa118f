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


def test_an_earlier_release_names_only_its_own_iris_as_gone(make_project, tmp_path) -> None:
    """Hostile review s9 #3: an earlier gone.ttl (or pzgraph.nq) that names another host's IRI
    whose tail, cut at the base's length, reads as a live thing's path made that thing answer
    410 Gone; a non-ASCII IRI ended the export in a traceback after all its work."""
    lookalike = "http://e.example/" + "x" * (len(BASE) + 1 - len("http://e.example/"))
    assert (lookalike + "id/organisatie/a")[len(BASE) + 1:] == "id/organisatie/a"
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / tombstones.FILE).write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix dct: <http://purl.org/dc/terms/> .\n"
        f"<{lookalike}id/organisatie/a> owl:deprecated true .\n"
        f"<{BASE}/id/organisatie/caf\u00e9> owl:deprecated true .\n"
        f"<{BASE}/other/x> owl:deprecated true .\n"
        f"<{GONE}> owl:deprecated true ; dct:isReplacedBy <http://e.example/x> .\n",
        encoding="utf-8")
    (earlier / tombstones.DATASET).write_text(
        f"<{OLD}> <{BASE}/def#p> <{BASE}/id/organisatie/b\u00e8> <{GRAPH}> .\n",
        encoding="utf-8")
    dropped = tombstones.Dropped.read(make_project(), earlier, BASE)
    work = tmp_path / "work"
    work.mkdir()
    gone = dropped.dropped([], BASE, work)  # all the earlier release had, and only its own
    assert gone == {GONE, OLD, GRAPH}
    assert dropped.successors == {}
    rules = tombstones.gone_rules(gone, {}, set(), BASE)
    assert "RewriteRule ^id/organisatie/a$ - [G,L]" not in rules
    tombstones.with_gone_rules(b"RewriteEngine on\n", rules).decode("ascii")


@pytest.mark.parametrize("plant", ["pipe", "device", "twice"])
def test_a_moved_file_that_is_no_plain_yaml_is_refused(make_project, plant) -> None:
    """Hostile review s9 #5: a pipe named moved.yaml hung the export, a link to /dev/zero took
    every byte of memory, and a key given twice silently kept the last."""
    import os

    project = make_project()
    path = project.root / tombstones.MOVED
    if plant == "pipe":
        os.mkfifo(path)
    elif plant == "device":
        path.symlink_to("/dev/zero")
    else:
        path.write_text("activiteit/a: activiteit/b\nactiviteit/a: activiteit/c\n",
                        encoding="utf-8")
    with pytest.raises(ExportError, match="moved.yaml cannot be read"):
        tombstones.moved(project, BASE)


def test_a_moved_iri_that_no_release_could_have_is_refused(make_project) -> None:
    project = make_project()
    (project.root / tombstones.MOVED).write_text(
        f"'{BASE}/id/organisatie/caf\u00e9': activiteit/a\n", encoding="utf-8")
    with pytest.raises(ExportError, match="is not a pair of ids"):
        tombstones.moved(project, BASE)


# --- end to end: two releases, the second given the first (export --previous) ----------------

HOST = "https://downloads.example.org/pzgraph/release"


def _organisation(reference: str) -> dict:
    return {"id": f"organisatie/{reference}", "type": "Hospice", "label": reference.upper(),
            "evidence": [{"judgement": "een test"}]}


def _export(project, out, version: str, *more: str):
    import yaml
    from click.testing import CliRunner

    from pzgraph.cli.main import main

    path = project.root / "publisher.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**document, "version": version}), encoding="utf-8")
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["export", "--out", str(out), "--issued", "2026-12-01",
                                       "--download-url", f"{HOST}/{version}/", *more], env=env)
    assert result.exit_code == 0, result.output
    return out


def test_a_release_records_the_iris_it_dropped_and_apache_answers_410_or_301(make_project,
                                                                           tmp_path):
    import yaml
    from apache_stand_in import apache, follow

    source = "000_0f9769a56a83d19c.txt"
    project = make_project({"a.yaml": {"source": source,
                                       "records": [_organisation(r) for r in "xyz"]}})
    first = _export(project, tmp_path / "r1", "2026.1")
    # y is removed; z is renamed z2, and moved.yaml says so; the file's graph is renamed too
    (project.data_dir / "a.yaml").write_text(yaml.safe_dump(
        {"graph": "a2", "source": source, "records": [_organisation("x"), _organisation("z2")]}),
        encoding="utf-8")
    (project.root / tombstones.MOVED).write_text("organisatie/z: organisatie/z2\n",
                                                 encoding="utf-8")
    second = _export(project, tmp_path / "r2", "2026.2", "--previous", str(first))

    gone = ox.Store()
    gone.load(path=str(second / tombstones.FILE), format=ox.RdfFormat.TURTLE)
    deprecated = {q.subject.value for q in gone.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/2002/07/owl#deprecated"), None)}
    y, z, z2 = (f"{BASE}/id/organisatie/{r}" for r in ("y", "z", "z2"))
    evidence = {iri for iri in deprecated if "/bewijs/" in iri}  # under the dropped records
    assert deprecated - evidence == {y, z, f"{BASE}/graph/a"}
    assert evidence and all(iri.startswith((f"{y}/", f"{z}/")) for iri in evidence)
    assert [(q.subject.value, q.object.value) for q in gone.quads_for_pattern(
        None, ox.NamedNode("http://purl.org/dc/terms/isReplacedBy"), None)] == [(z, z2)]
    assert tombstones.FILE in (second / "SHA256SUMS").read_text(encoding="ascii")

    with apache(second, BASE, f"{HOST}/2026.2/") as (_, hosts):
        chain, _, _ = follow(y, "text/turtle", hosts)
        assert chain == [(410, y)], chain
        chain, _, _ = follow(f"{BASE}/doc/organisatie/y.ttl", "text/turtle", hosts)
        assert chain[-1][0] == 410, chain
        chain, _, _ = follow(f"{BASE}/graph/a", "text/turtle", hosts)
        assert chain[-1][0] == 410, chain
        chain, content_type, body = follow(z, "text/turtle", hosts)
        assert chain[0] == (301, z) and chain[1][1] == z2 and chain[-1][0] == 200, chain
        assert content_type.startswith("text/turtle") and z2.encode() in body
        chain, _, _ = follow(f"{BASE}/id/organisatie/x", "text/turtle", hosts)
        assert chain[-1][0] == 200, chain  # what stayed still resolves

    # the next release, given this one: y stays gone (its rules replace these), z stays moved
    third = _export(project, tmp_path / "r3", "2026.3", "--previous", str(second))
    assert (third / tombstones.FILE).read_bytes() == (second / tombstones.FILE).read_bytes()
    # (the same release written again records nothing: test_release_versions holds it to the
    # same bytes)


def test_the_sorted_difference_is_what_only_the_left_has() -> None:
    left, right = ["a", "b", "d", "f"], ["b", "c", "f", "g"]
    assert list(tombstones.sorted_difference(iter(left), iter(right))) == ["a", "d"]
    assert list(tombstones.sorted_difference(iter(left), iter([]))) == left


def test_releases_under_one_other_base_compare_by_path_and_another_base_is_refused(
        make_project, tmp_path):
    """Two releases exported under the same --base (not the default) compare their IRIs by
    the path under it: only what went is gone. A release given a --previous exported under
    another base is refused plainly (linked-data review S9: every IRI looked dropped)."""
    import yaml
    from click.testing import CliRunner

    from pzgraph.cli.main import main

    other = "https://data.example.org/pz"
    source = "000_0f9769a56a83d19c.txt"
    project = make_project({"a.yaml": {"source": source,
                                       "records": [_organisation(r) for r in "xy"]}})
    first = _export(project, tmp_path / "r1", "2026.1", "--base", other)
    (project.data_dir / "a.yaml").write_text(yaml.safe_dump(
        {"graph": "a", "source": source, "records": [_organisation("x")]}), encoding="utf-8")
    second = _export(project, tmp_path / "r2", "2026.2", "--base", other,
                     "--previous", str(first))
    gone = ox.Store()
    gone.load(path=str(second / tombstones.FILE), format=ox.RdfFormat.TURTLE)
    deprecated = {q.subject.value for q in gone.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/2002/07/owl#deprecated"), None)}
    assert f"{other}/id/organisatie/y" in deprecated
    assert all(iri.startswith(f"{other}/id/organisatie/y") for iri in deprecated), deprecated

    path = project.root / "publisher.yaml"
    path.write_text(yaml.safe_dump({**yaml.safe_load(path.read_text(encoding="utf-8")),
                                    "version": "2026.3"}), encoding="utf-8")
    env = {"PZGRAPH_ROOT": str(project.root), "PZGRAPH_SOURCES": str(project.sources_dir)}
    result = CliRunner().invoke(main, ["export", "--out", str(tmp_path / "r3"),
                                       "--issued", "2026-12-01", "--download-url",
                                       f"{HOST}/2026.3/", "--previous", str(second)], env=env)
    assert result.exit_code != 0 and not (tmp_path / "r3").exists()
    assert f"exported under the base {other}" in result.output
    assert "--base" in result.output and "Traceback" not in result.output
