"""The values the quote splitter returns.

They live apart from the splitter so that `responder.mime` can re-export them without importing
the splitter's internals, and so the splitter's own modules can build them without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

STYLES = ("gmail", "gmail-fr", "outlook", "apple", "thunderbird", "prefix", "html", "forward")


@dataclass(frozen=True, slots=True)
class QuotedBlock:
    """One piece of quoted history and who wrote it, as far as the attribution tells."""

    text: str  # unprefixed; may hold deeper quotes, so split() can be applied to it again
    attribution: str | None  # attribution line(s) or header block, as written
    author_name: str | None
    author_address: str | None  # lower-cased
    date: str | None  # the date text of the attribution, as written
    style: str  # one of STYLES


@dataclass(frozen=True, slots=True)
class Split:
    """A body cut into what the sender wrote now, the history they quoted, and their signature."""

    new_text: str
    quoted: tuple[QuotedBlock, ...]  # outermost first, nested blocks flattened after their parent
    signature: str | None
