"""Handover briefs: Markdown split into sections by heading.

The employee writes one brief per project before leaving. A section whose heading ends in
"(internal)" is for colleagues only: it is kept (the delegate may see it) but marked, and nothing
that offers text to a client may pick it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^(```|~~~)")
_INTERNAL = re.compile(r"\(\s*internal\s*\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Section:
    """One section of a brief: its heading (without the #s), level and body text."""

    heading: str
    level: int
    body: str
    internal: bool

    @property
    def text(self) -> str:
        """Heading and body, as an excerpt shows them."""
        return f"{self.heading}\n\n{self.body}".strip()


@dataclass(frozen=True)
class Brief:
    """A parsed brief: its title (the H1) and its sections in order."""

    title: str
    sections: tuple[Section, ...]

    @property
    def public_sections(self) -> tuple[Section, ...]:
        """The sections that may ever reach a client."""
        return tuple(s for s in self.sections if not s.internal)


def is_internal(heading: str) -> bool:
    """True for a heading such as "Margins and pricing (internal)"."""
    return bool(_INTERNAL.search(heading.strip()))


def parse(markdown: str) -> Brief:
    """Split Markdown into sections at every heading below the title.

    The text before the first H2 (the brief's introduction) becomes a section named after the
    title, so a question answered there can still be matched. A section nested under an internal
    heading is internal too: a sub-heading must not unlock what its parent hides.
    """
    title = ""
    sections: list[Section] = []
    heading, level = "", 1
    lines: list[str] = []
    internal_level: int | None = None
    in_fence = False

    def close() -> None:
        body = "\n".join(lines).strip()
        if heading and (body or level > 1):
            hidden = is_internal(heading) or (internal_level is not None and level > internal_level)
            sections.append(Section(heading, level, body, hidden))

    for line in markdown.splitlines():
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if not match:
            lines.append(line)
            continue
        close()
        level, heading, lines = len(match.group(1)), match.group(2).strip(), []
        if level == 1 and not title:
            title = heading
        if internal_level is not None and level <= internal_level:
            internal_level = None
        if is_internal(heading) and internal_level is None:
            internal_level = level
    close()
    return Brief(title=title, sections=tuple(sections))


def load(path: Path) -> Brief:
    """Read and parse a brief file (UTF-8)."""
    return parse(path.read_text(encoding="utf-8"))
