"""Text from outside made safe to show on a terminal.

An endpoint's answer, an error page or a planning document may hold control characters:
ESC starts sequences that set the window title, clear the screen or, in some terminals, do
worse, and a carriage return overwrites what was printed. pzgraph's own data cannot hold
them (the loader refuses them); text that came from elsewhere is shown with each such
character written out as \\xNN, so the reader sees that it was there and nothing acts on it.
"""

from __future__ import annotations

import re

# C0 controls except tab and line feed, DEL, and the C1 controls (U+0080-U+009F: U+009B is
# a one-character CSI in some terminals)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """The text with every control character but tab and newline shown as \\xNN."""
    return _CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None
