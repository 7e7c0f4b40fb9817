"""The line scanner: cut one level of a body into new-text segments and quoted blocks.

Two shapes of quote exist in plain text. A ">"-prefixed run ends where the prefixes stop, so text
after it is the sender's again (inline or bottom posting). An Outlook or forward header block, or
an attribution not followed by ">" lines, quotes everything to the end, since those clients do
not mark the quoted lines at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from responder.mail.quoting.markers import Attribution, attribution_at, banner_at
from responder.mail.quoting.model import QuotedBlock

MAX_DEPTH = 24  # nested quotes deeper than this stay inside their parent's text
MAX_BLOCKS = 100  # a hostile body cannot make the flattened history grow quadratically


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a body: the sender's own segments, and the quotes found at this level."""

    segments: tuple[str, ...]
    blocks: tuple[QuotedBlock, ...]


def _is_prefixed(line: str) -> bool:
    """A ">"-quoted line; up to three spaces of indentation are tolerated."""
    return line[:4].lstrip(" ").startswith(">")


def _unprefix(line: str) -> str:
    """Remove one quote level ("> " or ">") and keep deeper levels for the next pass."""
    stripped = line.lstrip(" ")
    if not stripped.startswith(">"):
        return line
    return stripped[2:] if stripped.startswith("> ") else stripped[1:]


def _trim(text: str) -> str:
    """Drop blank and bare ">" lines at both ends of a block (HTML quotes leave some)."""
    lines = text.split("\n")
    while lines and not lines[-1].strip("> "):
        lines.pop()
    while lines and not lines[0].strip("> "):
        lines.pop(0)
    return "\n".join(lines)


def _run_end(lines: list[str], i: int) -> int:
    """End (exclusive) of the ">" run starting at line i; blank lines inside the run belong to it."""
    end = i
    j = i
    while j < len(lines):
        if _is_prefixed(lines[j]):
            end = j = j + 1
        elif not lines[j].strip():
            j += 1
        else:
            break
    return end


def _next_filled(lines: list[str], i: int) -> int:
    """First non-blank line at or after i (len(lines) when none)."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _colon_ends(lines: list[str]) -> set[int]:
    """The lines that end with a colon: every attribution ends on one, within its first three lines."""
    return {n for n, line in enumerate(lines) if line.rstrip().endswith(":")}


def _may_open(stripped: str, j: int, colon_ends: set[int]) -> bool:
    """Whether line j can start a banner or an attribution at all; most lines of prose cannot.

    A banner starts with "-" or "_" (forward and "Original Message" banners, rules), or has a
    colon in a header key's reach or at its end; an attribution ends with a colon on line j,
    j + 1 or j + 2. Lines failing all of these are skipped without trying the recognisers.
    """
    return (stripped[0] in "-_" or ":" in stripped[:40] or j in colon_ends or j + 1 in colon_ends
            or j + 2 in colon_ends)


def _find(lines: list[str], i: int, from_html: bool, colon_ends: set[int]) -> tuple[int, Attribution | None] | None:
    """The next quote opening at or after line i: (line of the first quoted line or marker, attribution)."""
    for j in range(i, len(lines)):
        line = lines[j]
        stripped = line.strip()
        if not stripped:
            continue
        if _is_prefixed(line):
            return j, None
        if not _may_open(stripped, j, colon_ends):
            continue
        found = banner_at(lines, j, rule_is_marker=from_html) or attribution_at(lines, j)
        if found and found.needs_prefixed_quote:
            after = _next_filled(lines, found.end)
            found = found if after < len(lines) and _is_prefixed(lines[after]) else None
        if found:
            return j, found
    return None


def _inner_attribution(quoted: str) -> tuple[Attribution | None, str]:
    """Apple Mail's HTML puts the "On … wrote:" line inside the blockquote: lift it out."""
    lines = quoted.split("\n")
    first = _next_filled(lines, 0)
    if first >= len(lines) or _is_prefixed(lines[first]):
        return None, quoted
    found = banner_at(lines, first, rule_is_marker=False) or attribution_at(lines, first)
    if found is None or found.needs_prefixed_quote:
        return None, quoted
    return found, "\n".join(lines[found.end:]).strip("\n")


def _block(text: str, found: Attribution | None, default_style: str) -> QuotedBlock:
    """Build the QuotedBlock for `text`, attributed by `found` when there is one."""
    if found is None:
        return QuotedBlock(text, None, None, None, None, default_style)
    return QuotedBlock(text, found.text, found.name, found.address, found.date, found.style)


def scan(text: str, from_html: bool = False) -> Level:
    """Split one level of `text` (already newline- and NBSP-normalised) into segments and blocks."""
    lines = text.split("\n")
    default_style = "html" if from_html else "prefix"
    segments: list[str] = []
    blocks: list[QuotedBlock] = []
    colon_ends = _colon_ends(lines)
    i = 0
    while i < len(lines):
        hit = _find(lines, i, from_html, colon_ends)
        if hit is None:
            segments.append("\n".join(lines[i:]))
            break
        start, found = hit
        segments.append("\n".join(lines[i:start]))
        body = _next_filled(lines, found.end) if found else start
        if body < len(lines) and _is_prefixed(lines[body]):
            end = _run_end(lines, body)
            quoted = _trim("\n".join(_unprefix(line) for line in lines[body:end]))
            if found is None:
                found, quoted = _inner_attribution(quoted)
        else:
            end = len(lines)
            quoted = "\n".join(lines[body:end]).strip("\n")
        blocks.append(_block(quoted, found, default_style))
        i = end
    kept = tuple(segment.strip("\n") for segment in segments if segment.strip())
    return Level(kept, tuple(blocks))


def flatten(blocks: tuple[QuotedBlock, ...], from_html: bool, depth: int = 0) -> list[QuotedBlock]:
    """Each block followed by the blocks nested in it, outermost first (at most MAX_BLOCKS)."""
    result: list[QuotedBlock] = []
    for block in blocks:
        if len(result) >= MAX_BLOCKS:
            break
        result.append(block)
        if depth < MAX_DEPTH and block.text:
            result.extend(flatten(scan(block.text, from_html).blocks, from_html, depth + 1))
    return result[:MAX_BLOCKS]
