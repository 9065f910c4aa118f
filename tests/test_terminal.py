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


@pytest.mark.parametrize(("raw", "shown"), [
    ("abc\u202edcb", "abc\\u202edcb"),  # right-to-left override (Trojan Source)
    ("a\u2066b\u2069c", "a\\u2066b\\u2069c"),  # isolates
    ("a\u200bb\u200fc\ufeffd\xade", "a\\u200bb\\u200fc\\ufeffd\\xade"),  # zero widths, soft hyphen
    ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),  # line and paragraph separators
    ("x\U000e0041y", "x\\U000e0041y"),  # a tag character
])
def test_printable_writes_out_format_characters_by_kind(raw, shown):
    """Hostile review s8 #20: the controls alone were written out, and a direction override
    from an endpoint turned the rest of a table line round."""
    assert printable(raw) == shown


def test_an_endpoint_answer_with_direction_overrides_reaches_the_terminal_written_out(project):
    from test_endpoint_client import hostile, ok

    body = (b'{"head":{"vars":["x","i"]},"results":{"bindings":[{'
            b'"x":{"type":"literal","value":"abc\\u202edcb\\u2066x"},'
            b'"i":{"type":"uri","value":"http://a.example/x\\u202ey"}}]}}')
    with hostile(ok(body)) as url:
        result = subprocess.run([pzgraph(), "query", "--sparql", "SELECT ?x ?i {?x ?y ?i}",
                                 "--endpoint", url, "--format", "csv"],
                                env=environment(project), capture_output=True, text=True,
                                timeout=120)
    assert result.returncode == 0, result.stderr
    assert "\u202e" not in result.stdout and "\u2066" not in result.stdout
    assert "abc\\u202edcb\\u2066x" in result.stdout and "x%E2%80%AEy" in result.stdout


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
