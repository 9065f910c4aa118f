"""Choosing the quote for a proposal: the sentence that states it, verbatim, without names.

A sentence that holds a personal name is cut at the name; the piece that holds the
proposal's words is the quote. Each quote is checked with the project's own quote checker
(evidence.normalise), so what passes here passes `pzgraph validate`.
"""

from __future__ import annotations

import re

from ..ingest.quotes import normalise
from .text import MAX_QUOTE, Sentence

_EDGE = " \t\r\n,;:–-•·▪●()"


class QuoteMaker:
    def __init__(self, text: str, names: list[tuple[int, int]]):
        self.text = text
        self.names = names
        self.normalised = normalise(text)

    def for_span(self, sentence: Sentence, start: int | None = None,
                 end: int | None = None) -> str | None:
        """The quote from `sentence` around [start, end) (the words that name the thing)."""
        start = sentence.start if start is None else start
        end = sentence.end if end is None else end
        lo, hi = sentence.start, sentence.end
        for n_start, n_end in self.names:
            if n_start < end and start < n_end:
                return None  # the proposal's own words are a name
            if n_end <= start and n_end > lo:
                lo = n_end
            if n_start >= end and n_start < hi:
                hi = n_start
        piece = self.text[lo:hi]
        offset = lo
        # Strip list marks, brackets left open by the cut, and spaces at both ends.
        left = len(piece) - len(piece.lstrip(_EDGE))
        piece, offset = piece[left:], offset + left
        glyph = re.match(r"\d{1,2}[.)]\s*(?=[^\w\s‘'\"“€(])", piece)  # "7.\t" before a glyph
        if glyph:
            piece, offset = piece[glyph.end():], offset + glyph.end()
        while piece and not (piece[0].isalnum() or piece[0] in "‘'\"“€"):
            piece, offset = piece[1:], offset + 1  # a bullet glyph the PDF left behind
        piece = piece.rstrip(_EDGE)
        quote = " ".join(piece.split())
        if len(quote) > MAX_QUOTE:
            quote = self._window(start - offset, end - offset, piece)
        if len(quote) < 3 or normalise(quote) not in self.normalised:
            return None
        return quote

    def _window(self, start: int, end: int, piece: str) -> str:
        """At most MAX_QUOTE characters of the piece around [start, end), on word ends."""
        middle = (start + end) // 2
        lo = max(0, middle - MAX_QUOTE // 2)
        hi = min(len(piece), lo + MAX_QUOTE)
        lo = max(0, hi - MAX_QUOTE)
        window = piece[lo:hi]
        if lo > 0:
            window = window.split(" ", 1)[-1]
        if hi < len(piece):
            window = window.rsplit(" ", 1)[0]
        return " ".join(window.split()).strip(_EDGE)


def has_letters(text: str) -> bool:
    return bool(re.search(r"[A-Za-zÀ-ÿ]{3}", text))
