"""What a command says on the console, without click: progress on stderr, and the one
message a failure ends in. Shared by the click group (main.py) and the quick form of
`pzgraph query NAME` (quick.py), which answers without importing click.
"""

from __future__ import annotations

import signal
import sys

from ..errors import PzgraphError
from ..terminal import printable


def progress(message: str) -> None:
    """Progress of long work goes to stderr, so stdout stays clean for data."""
    say(f"… {printable(message)}")


def say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


# What a command ends on with one message; anything else is a bug and shows its traceback
ENDINGS = (PzgraphError, OSError, MemoryError, KeyboardInterrupt)


def failure(error: BaseException) -> tuple[str, int]:
    """The message and exit code a command ends with when one of ENDINGS reaches the top."""
    if isinstance(error, PzgraphError):
        return error.report(), error.exit_code
    if isinstance(error, OSError):  # a full disk, a path that cannot be written, ...
        where = f"{error.filename}: " if error.filename else ""
        return (f"{where}{error.strerror or error}. Check the path, its permissions and the "
                "free disk space; outputs are written whole or not at all, so nothing "
                "half-written was left.", 1)
    if isinstance(error, MemoryError):
        return ("not enough memory for this command; close other programs, or ask a running "
                "endpoint instead (pzgraph serve, then --endpoint)", 1)
    return "interrupted; nothing half-written was left", 130  # KeyboardInterrupt


def failure_line(verb: str | None, message: str) -> str:
    # a message may quote what a server, a file or a document said: shown, never acted on
    return f"pzgraph{f' {verb}' if verb else ''}: {printable(message)}"


def end_on_signals() -> None:
    """SIGTERM and SIGHUP end a command the way Ctrl-C does: clean-up code runs (temporary
    files go, a child such as HermiT's Java is killed by subprocess) instead of none."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt
