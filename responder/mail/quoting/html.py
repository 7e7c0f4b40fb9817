"""HTML bodies as readable text that still shows their quote structure.

selectolax's own `text()` glues or splits every node, so a small block-aware walker renders the
DOM the way a mail client's "plain text" view would: blocks and <br> break lines, table rows
become one line with " | " between cells, list items become "- item", <blockquote> lines get a
"> " prefix, and Outlook's reply separators (divRplyFwdMsg, the border-top header div …) become
a line of underscores, so the text splitter sees the same markers in HTML and plain mail.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from responder.mail.quoting.markers import RULE

_SKIP = frozenset({"head", "style", "script", "title", "noscript", "template", "meta", "link", "object", "svg",
                   "math", "iframe", "img", "-comment", "button", "input", "select", "textarea", "map"})
_BLOCK = frozenset({"address", "article", "aside", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
                    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                    "header", "hgroup", "main", "menu", "nav", "section", "summary", "table", "tbody", "thead",
                    "tfoot", "caption", "body", "html", "legend"})
_SPACED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "table"})
_MARKER_IDS = ("divrplyfwdmsg", "appendonsend", "appendonmsg", "mail-editor-reference-message-container",
               "olk_src_body_section")
_OUTLOOK_BORDERS = ("#e1e1e1", "#b5c4df")
_QUOTE_HINTS = ("<blockquote", "gmail_quote", "divrplyfwdmsg", "appendonsend", "appendonmsg", "moz-cite-prefix",
                "mail-editor-reference-message-container", "olk_src_body_section", "border-top:solid")
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u202f\u2007\u2009]")
_MAX_DEPTH = 150  # deeper DOM levels are flattened to text (Python recursion stays far below its limit)


def has_quote_markup(html: str) -> bool:
    """Whether the HTML carries a structural quote marker worth preferring over text heuristics."""
    lowered = html.lower()
    return any(hint in lowered for hint in _QUOTE_HINTS)


def _is_marker(node: Any) -> bool:
    """Outlook's reply/forward header containers, found by id or by their border-top style."""
    attrs = node.attributes
    ident = (attrs.get("id") or "").lower()
    if any(ident.endswith(marker) for marker in _MARKER_IDS):
        return True
    style = (attrs.get("style") or "").lower().replace(" ", "")
    return "border-top:solid" in style and any(color in style for color in _OUTLOOK_BORDERS)


def _paragraph_spacing(node: Any) -> tuple[bool, bool]:
    """(blank line before, blank line after). Word's MsoNormal paragraphs have no margins, so they
    are one line each and Outlook's blank lines are empty paragraphs; a margin-bottom (the reply
    header block) still separates."""
    attrs = node.attributes
    style = (attrs.get("style") or "").replace(" ", "")
    tight = "mso" in (attrs.get("class") or "").lower() or "margin:0" in style
    return not tight, not tight or "margin-bottom" in style


class _Writer:
    """Accumulates lines, with the current quote depth, list nesting and table row state."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.depth = 0
        self.lists: list[list[int]] = []  # one [counter] per open list; counter < 0 for <ul>
        self.cell_sep = False
        self.row_filled = False
        self.pre = 0

    def _prefix(self) -> str:
        return "> " * self.depth

    def newline(self) -> None:
        """End the current line, even if empty (for <br>)."""
        line = "".join(self.cur) if self.cur else self._prefix().rstrip()
        self.lines.append(line)
        self.cur = []

    def ensure_line(self) -> None:
        """Start a fresh line unless already at the start of one."""
        if self.cur:
            self.newline()

    def blank(self) -> None:
        """Leave one blank line (paragraph spacing)."""
        self.ensure_line()
        if self.lines and self.lines[-1].strip("> "):
            self.lines.append(self._prefix().rstrip())

    def rule(self) -> None:
        """The Outlook separator, once."""
        self.ensure_line()
        filled = [line for line in self.lines if line.strip()]
        if not filled or filled[-1].lstrip("> ") != RULE:
            self.lines.append(self._prefix() + RULE)

    def text(self, value: str) -> None:
        """Inline text; whitespace collapses except inside <pre>."""
        if self.pre:
            for n, piece in enumerate(value.split("\n")):
                if n:
                    self.newline()
                self._put(piece)
            return
        value = _WHITESPACE.sub(" ", value)
        if not self.cur or self.cur[-1].endswith(" "):
            value = value.lstrip(" ")
        if value == " " and self.cell_sep:
            return  # the blank between two cells is not cell content
        if value:
            self._put(value)

    def bullet(self, value: str) -> None:
        """A list marker, keeping its indentation."""
        self._put(value)

    def _put(self, value: str) -> None:
        if not self.cur:
            self.cur.append(self._prefix())
        if self.cell_sep and self.row_filled:
            self.cur.append(" | ")
            value = value.lstrip(" ")
        self.cell_sep = False
        self.row_filled = True
        self.cur.append(value)

    def result(self) -> str:
        self.ensure_line()
        text = "\n".join(line.rstrip() for line in self.lines)
        text = text if text.isascii() else _INVISIBLE.sub("", _SPACES.sub(" ", text))
        text = re.sub(r"(?<=\S) {2,}", " ", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _walk(node: Any, out: _Writer, level: int) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.text(child.text_content or "")
        elif tag in _SKIP:
            continue
        elif level >= _MAX_DEPTH:
            out.text(child.text(deep=True, separator=" ") or "")
        else:
            _element(child, tag, out, level)


def _element(node: Any, tag: str, out: _Writer, level: int) -> None:
    if tag == "br":
        out.newline()
    elif tag == "hr":
        out.blank()
    elif tag == "p":
        _paragraph(node, out, level)
    elif tag == "blockquote":
        out.ensure_line()
        out.depth += 1
        _walk(node, out, level + 1)
        out.ensure_line()
        out.depth -= 1
        out.blank()
    elif tag in ("ul", "ol"):
        _list(node, tag, out, level)
    elif tag == "li":
        _item(node, out, level)
    elif tag == "tr":
        _row(node, out, level)
    elif tag in ("td", "th"):
        out.cell_sep = True
        _walk(node, out, level + 1)
    elif tag == "pre":
        out.blank()
        out.pre += 1
        _walk(node, out, level + 1)
        out.pre -= 1
        out.blank()
    elif tag in _BLOCK:
        _block(node, tag, out, level)
    else:
        _walk(node, out, level + 1)


def _block(node: Any, tag: str, out: _Writer, level: int) -> None:
    if tag == "div" and _is_marker(node):
        out.rule()
    elif tag in _SPACED:
        out.blank()
    else:
        out.ensure_line()
    _walk(node, out, level + 1)
    if tag in _SPACED:
        out.blank()
    else:
        out.ensure_line()


def _paragraph(node: Any, out: _Writer, level: int) -> None:
    before, after = _paragraph_spacing(node)
    out.blank() if before else out.ensure_line()
    _walk(node, out, level + 1)
    out.blank() if after else out.ensure_line()


def _list(node: Any, tag: str, out: _Writer, level: int) -> None:
    out.ensure_line()
    out.lists.append([0 if tag == "ol" else -1])
    _walk(node, out, level + 1)
    out.lists.pop()
    out.ensure_line()


def _item(node: Any, out: _Writer, level: int) -> None:
    out.ensure_line()
    counter = out.lists[-1] if out.lists else [-1]
    indent = "  " * max(0, len(out.lists) - 1)
    if counter[0] >= 0:
        counter[0] += 1
        out.bullet(f"{indent}{counter[0]}. ")
    else:
        out.bullet(f"{indent}- ")
    _walk(node, out, level + 1)
    out.ensure_line()


def _row(node: Any, out: _Writer, level: int) -> None:
    out.ensure_line()
    saved = out.row_filled, out.cell_sep
    out.row_filled, out.cell_sep = False, False
    _walk(node, out, level + 1)
    out.row_filled, out.cell_sep = saved
    out.ensure_line()


@lru_cache(maxsize=8)
def html_to_text(html: str) -> str:
    """Readable text of an HTML body (accents kept, NBSP as space, quotes as "> " lines)."""
    try:
        tree = LexborHTMLParser(html)
        root = tree.body or tree.root
    except Exception:  # noqa: BLE001 - lexbor rejects nothing we know of; a body must never stop the parse
        return _WHITESPACE.sub(" ", re.sub(r"<[^>]+>", " ", html)).strip()
    if root is None:
        return ""
    out = _Writer()
    _walk(root, out, 0)
    return out.result()
