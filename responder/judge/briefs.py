"""Handover briefs: Markdown split into sections by heading.

The employee writes one brief per project before leaving. A section whose heading carries the
"(internal)" marker is for colleagues only: it is kept (the delegate may see it) but marked, and
nothing that offers text to a client may pick it.

Headings are the ones CommonMark sees (markdown-it-py), so a heading indented by a few spaces, a
setext heading, a closing ``##`` sequence or a ``#`` line inside a fenced code block are read the
way any Markdown viewer shows them to the employee. A heading inside a block quote or a list item
does not open a section: it stays in the text of the section around it.

The marker, matched after Unicode compatibility folding (full-width brackets and letters) and
without regard to case or emphasis, is the word internal, interne (French) or intern (German,
Dutch) in round, square or curly brackets anywhere in the heading, e.g. "(internal):",
"[Internal]", "Budget *(interne)*"; or that word alone at the heading's end or before a colon or
dash at its start ("Budget - internal", "INTERNAL: budget"). A topic that merely uses the word ("Internal audit
schedule", "Contrôle interne") or a longer word ("(international)") is not a marker.

When in doubt a section is internal: besides its own heading, a section is internal when its
heading uses the word without being a marker ("Internal contacts": hidden, and ``responder check``
asks the employee to mark or reword it), when it sits under an internal heading, when any line of
its text carries the bracketed marker (a bold line used as a heading, a heading in a block quote, a
list, raw HTML or a code block), or when a heading inside a quote or list carries the marker.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from responder.errors import ConfigError

_PARSER = MarkdownIt("commonmark")
_NEWLINES = re.compile(r"\r\n?")
_WORD = r"(?:internal|interne|intern)"
_BRACKETED = re.compile(rf"[(\[{{]\s*{_WORD}\b[^)\]}}]*[)\]}}]")
_TRAILING = re.compile(rf"(?:^|[-–—:|/,])[\s*_]*{_WORD}[\s.:!*_]*$")
_LEADING = re.compile(rf"^[\s*_]*{_WORD}[\s*_]*[:\-–—|]")
_MENTION = re.compile(rf"\b{_WORD}\b")
_PLAIN_TEXT = frozenset({"text", "text_special", "code_inline"})
_BREAKS = frozenset({"softbreak", "hardbreak"})


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


@dataclass(frozen=True)
class _Heading:
    """A heading CommonMark sees, with the source lines it spans ([start, end))."""

    text: str
    level: int
    start: int
    end: int
    marked: bool
    ambiguous: bool = False  # uses the word internal without being a marker: hidden, and check asks to fix it


def _fold(text: str) -> str:
    """Full-width and styled characters folded to plain ones, invisible ones dropped, case folded."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if unicodedata.category(c) != "Cf").casefold()


def is_internal(heading: str) -> bool:
    """True for a heading such as "Margins and pricing (internal)" or "[Interne] Marges"."""
    folded = _fold(heading).strip()
    return bool(_BRACKETED.search(folded) or _TRAILING.search(folded) or _LEADING.search(folded))


def _carries_marker(line: str) -> bool:
    """True for a line of text holding the bracketed marker anywhere: a heading in disguise."""
    return bool(_BRACKETED.search(_fold(line)))


def _plain(inline: Token) -> str:
    """The heading's text as a reader sees it: emphasis, links and escapes resolved."""
    parts = [child.content if child.type in _PLAIN_TEXT else " " if child.type in _BREAKS else ""
             for child in inline.children or ()]
    return " ".join("".join(parts).split())


def _headings(tokens: Sequence[Token], lines: Sequence[str]) -> tuple[list[_Heading], set[int]]:
    """The headings that open sections, and the lines of headings nested in quotes or lists that carry the marker."""
    opening: list[_Heading] = []
    nested_marked: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None:
            continue
        inline = tokens[index + 1]
        start, end = token.map
        text = _plain(inline)
        source = "\n".join(lines[start:end])
        marked = is_internal(text) or is_internal(inline.content) or _carries_marker(source)
        ambiguous = not marked and bool(_MENTION.search(_fold(text)))
        if token.level > 0:
            if marked or ambiguous:
                nested_marked.add(start)
        elif text:
            opening.append(_Heading(text, int(token.tag[1]), start, end, marked, ambiguous))
    return opening, nested_marked


def parse(markdown: str) -> Brief:
    """Split Markdown into sections at every heading below the title.

    The text before the first H2 (the brief's introduction) becomes a section named after the
    title, so a question answered there can still be matched. A section nested under an internal
    heading is internal too: a sub-heading must not unlock what its parent hides. Each section's
    body is its original Markdown source, so excerpts read as the employee wrote them.
    """
    source = _NEWLINES.sub("\n", markdown)
    lines = source.split("\n")
    headings, nested_marked = _headings(_PARSER.parse(source), lines)
    title = next((h.text for h in headings if h.level == 1), "")
    sections: list[Section] = []
    internal_level: int | None = None
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        stop = following.start if following else len(lines)
        body_lines = lines[heading.end:stop]
        if internal_level is not None and heading.level <= internal_level:
            internal_level = None
        hidden = (heading.marked or heading.ambiguous or internal_level is not None
                  or any(heading.end <= n < stop for n in nested_marked)
                  or any(_carries_marker(line) for line in body_lines))
        if hidden and internal_level is None:
            internal_level = heading.level
        body = "\n".join(body_lines).strip()
        if body or heading.level > 1:
            sections.append(Section(heading.text, heading.level, body, hidden))
    return Brief(title=title, sections=tuple(sections))


def problems(markdown: str) -> list[str]:
    """What ``responder check`` refuses in a brief, one line each with its line number: a heading
    that uses the word internal without the marker (hidden meanwhile, but the employee meant
    something), and text before the first heading (shown nowhere, and likely meant somewhere)."""
    source = _NEWLINES.sub("\n", markdown.removeprefix("\ufeff"))
    tokens = _PARSER.parse(source)
    found: list[str] = []
    first = next((t for t in tokens if t.type == "heading_open"), None)
    before = next((t for t in tokens if t.map is not None and t.level == 0 and t is not first
                   and (first is None or first.map is None or t.map[0] < first.map[0])), None)
    if before is not None and before.map is not None:
        found.append(f"line {before.map[0] + 1}: text before the first heading: start the brief with its '# Title'")
    headings, _nested = _headings(tokens, source.split("\n"))
    for heading in headings:
        if heading.ambiguous:
            found.append(f"line {heading.start + 1}: heading {heading.text!r} uses the word internal without the "
                         f"marker; it is kept from clients until you write '{heading.text} (internal)' or reword it")
    return found


def read(path: Path, key: str = "brief") -> str:
    """A brief file's text (UTF-8, a byte order mark allowed); one ConfigError line naming ``key`` otherwise."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(key, f"{path.name}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(key, f"cannot read {path}: {exc.strerror}") from None


def load(path: Path, key: str = "brief") -> Brief:
    """Read and parse a brief file (see :func:`read`)."""
    return parse(read(path, key))
