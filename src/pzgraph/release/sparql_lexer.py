"""A SPARQL query's text as the query engine reads it: its tokens, by the terminals of the
SPARQL 1.1 grammar (§19.8) as Oxigraph implements them, and nothing else.

The guard (release/guard.py) decides on these tokens, so they must be the engine's: a
comment ends at LF *or* CR (EOL), a prefixed name may hold `\\#` (PN_LOCAL_ESC), a string
or IRI may hold `\\u0022` (UCHAR, read by Oxigraph inside strings and IRIs only). A
character that no terminal accounts for is `unreadable`: the guard refuses the query
rather than guess how the engine reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
         "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
         "\U00010000-\U000EFFFF")
_U = _BASE + "_"  # PN_CHARS_U
_CHARS = _U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"  # PN_CHARS
UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ESCAPE = rf"\\[tbnrf\\\"']|{UCHAR}"  # ECHAR, and UCHAR as Oxigraph reads it in a string
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL_CHAR = rf"[{_CHARS}:]|{_PLX}"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"

TOKEN = re.compile(rf'''
    (?P<blank>[ \t\r\n]+|\#[^\r\n]*)
  | (?P<string>"""(?:"{{0,2}}(?:[^"\\]|{_ESCAPE}))*"""|\'\'\'(?:'{{0,2}}(?:[^'\\]|{_ESCAPE}))*\'\'\'
              |"(?:[^"\\\n\r]|{_ESCAPE})*"|'(?:[^'\\\n\r]|{_ESCAPE})*')
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{UCHAR})*>)
  | (?P<var>[?$][{_U}0-9][{_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)
  | (?P<name>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?
            |(?:{_PREFIX})?:(?:(?:[{_U}:0-9]|{_PLX})(?:(?:{_LOCAL_CHAR}|\.)*(?:{_LOCAL_CHAR}))?)?)
  | (?P<keyword>[A-Za-z][A-Za-z0-9_]*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<language>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
  | (?P<open><<|[{{(\[])
  | (?P<close>>>|[}})\]])
  | (?P<punctuation>\^\^|&&|\|\||!=|<=|>=|[.,;*+\-/!=<>|^?~])
  | (?P<unreadable>.)''', re.VERBOSE | re.DOTALL)


def tokens(text: str) -> Iterator[re.Match[str]]:
    """Every token of `text`, blanks and comments included, in order."""
    return TOKEN.finditer(text)


def inside_iri(token: re.Match[str]) -> Iterator[re.Match[str]]:
    """The tokens of an IRI token's inner text. After an operand, `?o<((?p))&&?s>1` is a
    comparison to the engine, not an IRI (it decides by the grammar's context, which a
    lexer does not see), so there the brackets and tokens it might be are counted too."""
    return TOKEN.finditer(token.group()[1:-1])
