"""`pzgraph query NAME` in its plain form, answered without importing click.

Most commands run are `pzgraph query NAME`, maybe with parameters and an output format. The
build's resident store answers such a query in milliseconds, so what is left is starting
Python, and of that importing click and the query command's options was a fifth of the
CPU time (benchmarks/results/startup.md). This module reads exactly that form: NAME of the library,
then any of `-p/--param NAME=VALUE`, `--format FORMAT`, `--lang nl|en`, `--iris` (a value
also as `--format=csv`). Everything else, `--help`, `--out`, `--endpoint`, `--timeout`,
another verb and any mistake, is left to click (main.py), which says what is wrong. The
answer is the click command's (ask.py), and a failure ends with the same message and exit
code (console.py).
"""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass, field

from ..project import Project
from ..query.library import library_query
from ..query.output import FORMATS
from ..query.parameters import parse_params
from .ask import ask
from .console import ENDINGS, end_on_signals, failure, failure_line, say

VERB = "query"
TAKES_VALUE = {"-p": "param", "--param": "param", "--format": "format", "--lang": "lang"}
LANGUAGES = ("nl", "en")  # the query command's --lang choices


@dataclass
class Plain:
    """The parts of a plain `pzgraph query NAME ...`, with the query command's defaults."""

    name: str
    pairs: list[str] = field(default_factory=list)  # the --param values, in their order
    fmt: str = "table"
    lang: str = "nl"
    iris: bool = False


def plain_form(argv: list[str]) -> Plain | None:
    """The query asked for when `argv` (after `pzgraph`) is the plain form, else None."""
    if len(argv) < 2 or argv[0] != VERB or argv[1].startswith("-") or not _utf8(argv):
        return None
    plain, rest = Plain(argv[1]), argv[2:]
    while rest:
        word, rest = rest[0], rest[1:]
        if word == "--iris":
            plain.iris = True
            continue
        option, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if option not in TAKES_VALUE or not (equals or rest):
            return None
        if not equals:
            value, rest = rest[0], rest[1:]
        if value.startswith("-"):  # an option where a value belongs: click says what it makes
            return None
        if TAKES_VALUE[option] == "param":
            plain.pairs.append(value)
        elif TAKES_VALUE[option] == "format":
            plain.fmt = value
        else:
            plain.lang = value
    return plain if plain.fmt in FORMATS and plain.lang in LANGUAGES else None


def answer_plainly(argv: list[str]) -> int | None:
    """The exit code of a plain `pzgraph query NAME ...`, answered here; None for any other
    command line (nothing was done: click then runs it)."""
    plain = plain_form(argv)
    if plain is None or not (_utf8_stream(sys.stdout) and _utf8_stream(sys.stderr)):
        return None
    try:
        # in the order of the click group: the project, the signals, the query by name
        project = Project.default()
        end_on_signals()
        query = library_query(project.queries_dir, plain.name)
        if query is None:
            return None  # no such query: click says so, with the usage
        ask(project, query, parse_params(plain.pairs), plain.fmt, _write, plain.iris,
            plain.lang)
    except ENDINGS as error:
        message, code = failure(error)
        say(failure_line(VERB, message))
        return code
    return 0


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _utf8(argv: list[str]) -> bool:
    """Arguments that are text (main.py refuses the others, named)."""
    try:
        for argument in argv:
            argument.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _utf8_stream(stream: object) -> bool:
    """A stream that writes UTF-8 as it is (click would re-wrap another one)."""
    encoding = getattr(stream, "encoding", None)
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
