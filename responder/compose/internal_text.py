"""The last check before a reply leaves: does it show text of an "(internal)" brief section?

Apart from the composer because it is a search problem of its own (an index of the internal
runs of words, looked up in each reply), with its own tests and its own costs.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Iterator

from responder.judge.briefs import Brief

MIN_INTERNAL_LENGTH = 30  # shorter internal lines ("Do not discount.") are too common to police
MIN_ALLOWED_LENGTH = 5  # shorter values ("PM") would blank out parts of words and hide real leaks
SAMPLE = 8  # characters of a reply looked up at once when searching it for internal text


class InternalText:
    """Every run of words of 30+ characters from the internal sections, to find them in a reply.

    Runs, not whole lines: a template that copies half a sentence, reflows it or wraps it in
    markup is caught too. Case, spacing and Markdown emphasis are ignored on both sides.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        pieces: set[str] = set()
        for text in texts:
            for line in text.splitlines():
                pieces.update(_runs(_normalise(_unmark(line)).split(" ")))
        self.pieces = tuple(sorted(pieces))
        # Sampling index: a piece found in a text covers, within its first ``_step`` characters, a
        # text position that is a multiple of ``_step``; the SAMPLE characters there are a slice
        # of the piece at an offset below ``_step``. Looking up the text's slices at those positions
        # gives every piece that may occur in it, so only those are searched for.
        shortest = min((len(piece) for piece in self.pieces), default=0)
        self._step = shortest - SAMPLE + 1
        self._pieces_by_slice: dict[str, list[int]] = {}
        for number, piece in enumerate(self.pieces):
            for offset in range(max(self._step, 0)):
                found = self._pieces_by_slice.setdefault(piece[offset:offset + SAMPLE], [])
                if not found or found[-1] != number:
                    found.append(number)

    @classmethod
    def from_briefs(cls, briefs: Iterable[Brief]) -> InternalText:
        return cls(section.text for brief in briefs for section in brief.sections if section.internal)

    def find(self, text: str, html: str | None = None, *, allowed: Iterable[str] = ()) -> str | None:
        """The first internal piece in the text or the HTML's visible text, or None.

        ``allowed`` values (contact details, the client's own subject) are blanked out first:
        an internal line that merely quotes the delegate's address must not block every reply.
        """
        haystack = _normalise(text) + "\n" + (_normalise(_visible(html)) if html else "")
        for value in sorted({_normalise(v) for v in allowed if len(v.strip()) >= MIN_ALLOWED_LENGTH}, key=len, reverse=True):
            haystack = _blank_word_runs(haystack, value)
        if self._step < 1:  # pieces shorter than a sample: search for each
            return next((piece for piece in self.pieces if piece in haystack), None)
        candidates: set[int] = set()
        for position in range(0, len(haystack) - SAMPLE + 1, self._step):
            candidates.update(self._pieces_by_slice.get(haystack[position:position + SAMPLE], ()))
        return next((self.pieces[n] for n in sorted(candidates) if self.pieces[n] in haystack), None)


def _blank_word_runs(text: str, value: str) -> str:
    r"""``text`` with each occurrence of ``value`` not inside a longer word replaced by a newline.

    What ``re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "\n", text)`` does, without compiling a
    pattern for every client's name and subject (a tenth of a reply's cost). ``\w`` in a str
    pattern is ``str.isalnum()`` or the underscore.
    """
    found = text.find(value)
    if found < 0:
        return text
    pieces: list[str] = []
    start = 0
    size = len(value)
    while found >= 0:
        end = found + size
        before = text[found - 1] if found else ""
        after = text[end] if end < len(text) else ""
        if not _is_word_char(before) and not _is_word_char(after):
            pieces.append(text[start:found])
            pieces.append("\n")
            start = end
            found = text.find(value, end)
        else:
            found = text.find(value, found + 1)
    pieces.append(text[start:])
    return "".join(pieces)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _runs(words: list[str]) -> Iterator[str]:
    """From each word, the shortest run of following words that is MIN_INTERNAL_LENGTH long."""
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            run = " ".join(words[start:end])
            if len(run) >= MIN_INTERNAL_LENGTH:
                yield run
                break


def _unmark(line: str) -> str:
    """A brief line without its Markdown list, quote or heading marker."""
    return re.sub(r"^\s*(?:(?:[-*+>]|\d+[.)]|#{1,6})\s+)+", "", line)


def _normalise(text: str) -> str:
    """Case, emphasis marks and spacing ignored, so reformatting does not hide a leak."""
    return " ".join(re.sub(r"[*_`]", "", text).casefold().split())


def _visible(html: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]*>", " ", html))
