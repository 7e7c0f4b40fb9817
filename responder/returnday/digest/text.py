"""Short forms of mail and briefs for the digest: a message's gist, a brief's unwrapped lines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from responder.judge.detector import split_sentences

if TYPE_CHECKING:


    pass

from responder.returnday.digest.model import GIST_LENGTH

# ---- text helpers (pure) --------------------------------------------------------------------

_GREETING = re.compile(r"^(?:hello|hi|hey|dear|good (?:morning|afternoon|evening)|bonjour|bonsoir|salut|cher|chère|"
                       r"madame|monsieur)\b[^.?!\n]{0,40}[,!:]?\s*$", re.IGNORECASE)


def gist(text: str, highlight: str = "", *, question: bool = False) -> str:
    """The message in a line: the question asked, else the evidence sentence, else the first sentences."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not _GREETING.match(line.strip())]
    body = " ".join(lines)
    sentences = split_sentences(body)
    if question:
        asked = [s for s in sentences if s.endswith("?")]
        if asked:
            return clip(" ".join(asked[:2]), GIST_LENGTH)
    if highlight and one_line(highlight, 10_000) in body:
        return clip(one_line(highlight, 10_000), max(GIST_LENGTH, len(highlight) + 1))
    return clip(" ".join(sentences[:2]), GIST_LENGTH)


def unwrap(markdown: str) -> str:
    """Join a brief's hard-wrapped lines, keeping list items and paragraphs apart."""
    lines: list[str] = []
    for line in markdown.splitlines():
        stripped = line.strip()
        starts_item = bool(re.match(r"^(?:[-*+]|\d+[.)])\s", stripped))
        continues = line[:1].isspace() or not lines[-1:] or not lines[-1].endswith((".", ":", "!", "?"))
        if lines and stripped and lines[-1] and not starts_item and not stripped.startswith("#") and continues:
            lines[-1] = f"{lines[-1]} {stripped}"
        else:
            lines.append(stripped)
    return "\n".join(lines).strip()


def one_line(text: str, limit: int) -> str:
    return clip(" ".join(text.split()), limit)


def clip(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"
