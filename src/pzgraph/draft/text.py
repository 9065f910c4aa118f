"""Reading a plan: plain text as it is, PDF through pypdf; and cutting it into sentences.

A sentence here is what a curator would quote: a sentence of prose, or one line of a list
or table (a heading, a member, a cell). Offsets are kept so that every quote is a verbatim
slice of the text the draft was made from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DraftError

MAX_QUOTE = 300  # characters, as data/README.md asks of a quote


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # the verbatim slice, whitespace collapsed (the quote checker folds it too)
    block: int  # the paragraph (text between blank lines) it stands in


# A plan of a network is a few hundred pages at most; more is not a plan (and would be read
# into memory whole).
MAX_PLAN_BYTES = 100 * 2**20


def read_plan(path: Path) -> str:
    """The text of a plan: .pdf through pypdf, anything else read as UTF-8 text."""
    if not path.exists():
        raise DraftError(f"{path}: no such file", "give the path of the plan (a .txt or .pdf)")
    if path.is_dir():
        raise DraftError(f"{path}: is a folder, not a plan", "give the path of one file")
    if not path.is_file():  # a fifo or a device (/dev/zero) would be read forever
        raise DraftError(f"{path}: is not a regular file", "give the path of a .txt or .pdf file")
    if path.stat().st_size > MAX_PLAN_BYTES:
        raise DraftError(f"{path}: larger than {MAX_PLAN_BYTES // 2**20} MiB",
                         "give the plan itself, or split it into its chapters")
    data = path.read_bytes()
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-"):
        text = _pdf_text(path, data)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise DraftError(f"{path}: not UTF-8 text (byte {error.start})",
                             "save the plan as UTF-8 text, or give the PDF itself") from None
    if not text.strip():
        raise DraftError(f"{path}: the plan has no text",
                         "give a plan with text (a scanned PDF needs OCR first)")
    return text


def _pdf_text(path: Path, data: bytes) -> str:
    if not data.startswith(b"%PDF-"):
        raise DraftError(f"{path}: named .pdf but not a PDF (it does not start with %PDF-)",
                         "give the real PDF, or the text under a .txt name")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError  # every error of pypdf: unreadable, limits reached

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise DraftError(f"{path}: the PDF cannot be read ({error})",
                         "export the plan to PDF again, or give its text as .txt") from None
    return "\n\n".join(pages)


_SENTENCE_END = re.compile(r"(?<!\bSt\.)(?<!\bo\.a\.)(?<!\bnr\.)(?<!\bca\.)(?<!\bi\.o\.)"
                           r"(?<!\bdhr\.)(?<!\bmw\.)(?<=[.!?;])\s+(?=[A-Z0-9•\-(‘'\"“])")
_BLANK = re.compile(r"\n[ \t\u00a0]*\n")
_DOUBLE_BLANK = re.compile(r"\n[ \t\u00a0]*\n[ \t\u00a0]*\n")
_BULLET = re.compile(r"^\s*(?:[•\-–▪●o]\s+|\d{1,2}[.)]\s+)")


def sentences(text: str) -> list[Sentence]:
    """Sentences and list lines of the text, each with its offsets and paragraph."""
    out: list[Sentence] = []
    position = 0
    # Text extracted with a blank line after every line: only two blank lines end a paragraph.
    lines = text.splitlines()
    spaced = lines and sum(1 for line in lines if not line.strip()) / len(lines) > 0.35
    for block, part in enumerate((_DOUBLE_BLANK if spaced else _BLANK).split(text)):
        start = text.index(part, position) if part else position
        position = start + len(part)
        for piece_start, piece_end in _pieces(part):
            raw = part[piece_start:piece_end]
            clean = " ".join(raw.split())
            if len(clean) >= 3:
                out.append(Sentence(start + piece_start, start + piece_end, clean, block))
    return out


def _pieces(paragraph: str) -> list[tuple[int, int]]:
    """Split a paragraph at sentence ends and at lines that read as list items or headings."""
    lines: list[tuple[int, int]] = []
    offset = 0
    current: tuple[int, int] | None = None
    for line in paragraph.splitlines(keepends=True):
        stripped = line.strip()
        begin, end = offset, offset + len(line.rstrip("\r\n"))
        offset += len(line)
        if not stripped:
            continue
        starts_new = current is None or _BULLET.match(line) or (
            _ends_unit(paragraph, current) and not _continues(paragraph, current, stripped))
        if starts_new:
            if current:
                lines.append(current)
            current = (begin, end)
        else:
            current = (current[0], end)
    if current:
        lines.append(current)
    pieces: list[tuple[int, int]] = []
    for begin, end in lines:
        chunk = paragraph[begin:end]
        cut = begin
        for match in _SENTENCE_END.finditer(chunk):
            pieces.append((cut, begin + match.start()))
            cut = begin + match.end()
        pieces.append((cut, end))
    return [(b, e) for b, e in pieces if e > b]


_CONNECTOR = re.compile(r"(?:[&,\-–/]|\b(?:en|of|van|de|het|met|voor|op|in|aan|bij|naar|"
                        r"tot|om|te|door|als|dat|die))\s*\Z")


def _continues(paragraph: str, current: tuple[int, int], next_line: str) -> bool:
    """The next line goes on with the unit: the unit stops mid-phrase ("Afspraken bestuurlijk",
    "& operationeel"), or the line starts in lower case after a line without a full stop."""
    last = paragraph[current[0]:current[1]].rstrip()
    if last.endswith((".", ":", "!", "?", ";")):
        return False
    return bool(_CONNECTOR.search(last)) or next_line[:1] in "&" or next_line[:1].islower()


def _ends_unit(paragraph: str, current: tuple[int, int]) -> bool:
    """A line ends a unit when it ends a sentence or is short like a heading or list item."""
    last = paragraph[current[0]:current[1]].rstrip()
    line_start = paragraph.rfind("\n", 0, current[1]) + 1
    last_line = paragraph[max(line_start, current[0]):current[1]].strip()
    return last.endswith((".", ":", "!", "?")) or len(last_line) < 40


def quote_span(text: str, start: int, end: int) -> str:
    """The verbatim slice, whitespace collapsed, at most MAX_QUOTE characters."""
    clean = " ".join(text[start:end].split())
    return clean[:MAX_QUOTE].rsplit(" ", 1)[0] if len(clean) > MAX_QUOTE else clean
