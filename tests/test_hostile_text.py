"""Invisible format characters in text (hostile review after issue 14): a right-to-left
override, a zero-width space or a soft hyphen makes a name read or sort other than it is
written; each is refused with the key and the value escaped, like a control character."""

from __future__ import annotations

import pytest

from pzgraph.ingest.rules import KeyRule
from pzgraph.ingest.values import value_problem


@pytest.mark.parametrize("text", ["Hospice \u202eexe.txt", "Zorg\u200bnetwerk", "Hos\u00adpice",
                                  "A\u2066B\u2069", "regel\u2028twee", "x\ufeffy", "a\x85b"])
def test_invisible_format_characters_are_refused(text):
    problem = value_problem("label", text, KeyRule(kind="text"))
    assert problem is not None and "invisible control character or format character" in problem[0]
    assert "\\u" in problem[0] or "\\x" in problem[0]  # the value is shown escaped


@pytest.mark.parametrize("text", ["Zorgnetwerk Midden-Holland", "Ĳsselland – ‘thuis’ ∙ €5",
                                  "Hospice “De Vier Vogels”", "naïef café"])
def test_ordinary_text_passes(text):
    assert value_problem("label", text, KeyRule(kind="text")) is None


@pytest.mark.parametrize("text", ["Evil | pipe\r=1+2*cmd|' /C calc'!B0", "twee\nregels",
                                  "a\r\nb"])
def test_a_line_break_in_a_name_is_refused(text):
    """Hostile review (session 6): a lone carriage return in a label passed the loader and
    started a new CSV row beginning with a formula."""
    for key in ("label", "altLabel", "labelEn"):
        problem = value_problem(key, text, KeyRule(kind="text"))
        assert problem is not None and "line break" in problem[0], key
    assert value_problem("description", "twee\nregels", KeyRule(kind="text")) is None


def test_a_carriage_return_in_an_answer_cannot_start_a_csv_row_or_split_a_markdown_row():
    """Names from an endpoint are not checked by our loader: the output quotes them."""
    import csv
    import io

    from pzgraph.query.output import render

    rows = [["Evil | pipe\r=1+2*cmd", "x"], ["gewoon", "y"]]
    text = render(["naam", "b"], rows, "csv")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["naam", "b"], *rows]
    assert text.splitlines()[0] == "naam,b"  # rows without one stay unquoted
    markdown = render(["naam", "b"], rows, "markdown")
    assert len(markdown.splitlines()) == 4 and "\r" not in markdown
