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
