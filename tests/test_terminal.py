"""Hostile review s7, finding 4: text from outside never acts on the terminal it is shown on.

A data file someone contributed, or a plan `draft` copied quotes from, may hold escape
sequences (set the window title, clear the screen). `validate` and `build` quote the bad key,
id or source in their findings, and `draft --review` shows the quotes: each control character
is written out as \\xNN instead (pzgraph/terminal.py). Endpoints: tests/test_endpoint_client.py.
"""

from __future__ import annotations

import subprocess

import pytest
import yaml
from test_endpoint_hostile import environment, pzgraph  # noqa: I001 - a test helper module

from pzgraph.terminal import printable

TITLE = "\x1b]0;PWNED\x07\x1b[2J"
SHOWN = "\\x1b]0;PWNED\\x07\\x1b[2J"
RAW = ("\x1b", "\x07")


def test_printable_keeps_text_and_writes_out_controls():
    assert printable("Zorg\tin\nEemland — café") == "Zorg\tin\nEemland — café"
    assert (printable("a\x1b[2Jb\x07c\x7fd\x9be\x00f\rg")
            == "a\\x1b[2Jb\\x07c\\x7fd\\x9be\\x00f\\x0dg")


@pytest.mark.parametrize("verb", ["validate", "build"])
def test_findings_quote_a_hostile_data_file_written_out(make_project, verb):
    hospice = {"id": "organisatie/h", "type": "Hospice", "label": "H", TITLE: "waarde",
               "evidence": [{"judgement": "x", "source": f"{TITLE}.txt"}]}
    project = make_project({"hostile.yaml": {"records": [hospice]}})
    result = subprocess.run([pzgraph(), verb, "--no-reason"], env=environment(project),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    shown = result.stdout + result.stderr
    assert not any(raw in shown for raw in RAW), shown
    assert f"unknown key '{SHOWN}'" in shown
    assert f"the evidence source '{SHOWN}.txt'" in shown


def test_draft_review_shows_the_quotes_of_a_hostile_plan_written_out(tmp_path, project):
    draft = tmp_path / "draft.yaml"
    quote = f"Het netwerk werkt samen met {TITLE} in de regio."
    record = {"id": "organisatie/zorgrijk", "type": "HomeCareOrganisation", "label": "Zorgrijk",
              "evidence": [{"quote": quote, "proposal": True, "confidence": 0.5}]}
    draft.write_text(yaml.safe_dump({"records": [record]}, allow_unicode=True),
                     encoding="utf-8")
    result = subprocess.run([pzgraph(), "draft", "--review", str(draft)], input="q\n",
                            env=environment(project), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert not any(raw in result.stdout + result.stderr for raw in RAW)
    assert f"werkt samen met {SHOWN} in de regio." in result.stdout
