"""`pzgraph validate` on the curated data, and each QC query on data made to trip it."""

from __future__ import annotations

import shutil
import time

from pzgraph.checks.validate import validate
from pzgraph.project import Project

SOURCE = "000_0f9769a56a83d19c.txt"
JUDGED = [{"judgement": "fixture"}]


def test_the_curated_data_validates(project: Project, graph) -> None:  # noqa: ANN001
    """No errors; fast, because the build (the `graph` fixture) already ran HermiT."""
    started = time.perf_counter()
    report = validate(project)
    seconds = time.perf_counter() - started
    assert report.ok, "\n".join(map(str, report.errors))
    assert "consistent" in report.stages["OWL consistency"]
    assert not [f for f in report.findings if f.file.startswith("checks/")], "a QC query failed"
    assert seconds < 20, f"validate took {seconds:.1f} s"


def test_each_warning_check_fires(make_project) -> None:  # noqa: ANN001
    project = make_project({"qc.yaml": {"source": SOURCE, "records": [
        {"id": "bron/000_0f9769a56a83d19c", "type": "SourceDocument", "label": "Bron",
         "evidence": JUDGED},
        {"id": "organisatie/zonder-soort", "type": "Organisation", "label": "Zonder soort",
         "evidence": JUDGED},
        {"id": "organisatie/dubbel-a", "type": "Hospital", "label": "Ziekenhuis Dubbel",
         "evidence": JUDGED},
        {"id": "organisatie/dubbel-b", "type": "Hospital", "label": "ziekenhuis  dubbel",
         "evidence": JUDGED},
        {"id": "organisatie/los-hospice", "type": "Hospice", "label": "Los hospice",
         "evidence": JUDGED},
        {"id": "organisatie/id-als-naam", "type": "Hospital", "label": "Ziekenhuis",
         "altLabel": ["organisatie/id-als-naam"], "evidence": JUDGED},
        {"id": "netwerk/zonder-consortium", "type": "Network", "label": "Netwerk Los",
         "evidence": JUDGED,
         "memberships": [{"organization": "netwerk/zonder-consortium", "role": "rol/lid",
                          "evidence": JUDGED}]},
        {"id": "orgaan/algemeen", "type": "GoverningBody", "label": "Overleg",
         "unitOf": "netwerk/zonder-consortium", "evidence": JUDGED},
        {"id": "activiteit/los", "type": "Activity", "label": "Losse activiteit",
         "evidence": [{"quote": " ".join(["zorg"] * 120), "judgement": "too long on purpose"}]},
    ]}})
    shutil.copytree(Project.default().checks_dir, project.root / "checks", dirs_exist_ok=True)
    report = validate(project, reasoning=False)
    fired = {f.check.removeprefix("qc:") for f in report.findings}
    expected = {"organisation-without-kind", "duplicate-organisation-name",
                "hospice-without-affiliation", "label-looks-like-iri",
                "network-without-consortium", "typed-only-as-superclass",
                "work-without-coverage", "work-without-time", "quote-too-long",
                "membership-of-itself"}
    assert expected <= fired, expected - fired
    duplicate = next(f for f in report.findings if f.check == "qc:duplicate-organisation-name")
    assert duplicate.file == "qc.yaml" and "organisatie/dubbel" in duplicate.entity
    assert "organisatie/dubbel" in duplicate.problem
