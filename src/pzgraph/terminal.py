"""Text from outside made safe to show on a terminal.

An endpoint's answer, an error page or a planning document may hold control characters:
ESC starts sequences that set the window title, clear the screen or, in some terminals, do
worse, a carriage return overwrites what was printed, and a direction override makes the
rest of a line read backwards. pzgraph's own data cannot hold them (the loader refuses
them); text that came from elsewhere is shown with each such character written out as
\\xNN or \\uNNNN, so the reader sees that it was there and nothing acts on it.
"""

from __future__ import annotations

import re
import unicodedata

# Kinds of character that act on a terminal or on how a line reads rather than show: the
# controls (ESC, CR, U+009B: a one-character CSI in some terminals), format characters
# (direction overrides and isolates: a line reads other than it holds, Trojan Source; zero
# widths; a soft hyphen), line and paragraph separators, lone surrogates. The same kinds the
# loader refuses in data (ingest/keys.BAD_CHARACTERS). Tab and line feed stay.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs"}
_CANDIDATE = re.compile(r"[^\t\n\x20-\x7e]")  # only these can be of a hidden kind


def _hidden(character: str) -> bool:
    return unicodedata.category(character) in _HIDDEN


def _written_out(found: re.Match[str]) -> str:
    character = found.group()
    if not _hidden(character):
        return character
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF \
        else f"\\U{code:08x}"


def printable(text: str) -> str:
    """The text with every character of a hidden kind but tab and newline written out, as
    \\xNN (controls) or \\uNNNN (e.g. U+202E, the right-to-left override)."""
    return _CANDIDATE.sub(_written_out, text)


def has_controls(text: str) -> bool:
    """Whether printable() would change the text."""
    return any(_hidden(character) for character in _CANDIDATE.findall(text))
