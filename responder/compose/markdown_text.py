"""Untrusted text inside Markdown: shown as the words it is, never as markup or structure.

The digest's Markdown form and the manager's report.md put clients' subjects, names and words
into a Markdown document that a wiki, a ticket system or a viewer renders. Written raw, a subject
with a line break adds a fake "## ..." section, a ``|`` breaks the summary table, and
``<script>``, ``onerror=`` or ``[here](javascript:…)`` become live. Every value those templates
print goes through :func:`escape` (the template environment's ``finalize``), so it holds whatever
the template does: line breaks become spaces, HTML and Markdown punctuation is backslash-escaped
(CommonMark §2.4), "&" becomes "&amp;", and a line start that would open a list, a quote or a
heading is escaped too. Text the product itself trusts (the employee's own brief) is passed as
``markupsafe.Markup`` and left as written.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# Punctuation that CommonMark or HTML reads as markup; "_" only where it could open or close emphasis.
_SPECIAL = re.compile(r"[\\`*\[\]<>#|!~{}()]|(?<!\w)_|_(?!\w)")
# A value printed at a line's start: these would open a list, a heading underline or a numbered item.
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def escape(value: Any) -> Any:
    """``value`` as literal Markdown text on one line (non-text values and Markup unchanged)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    text = " ".join(value.split()).replace("&", "&amp;")
    text = _SPECIAL.sub(lambda found: "\\" + found.group(0), text)
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text)


def is_markdown(template_name: str) -> bool:
    """Templates whose output is Markdown: the digest's ``*.md.j2`` and the report (``report.*.txt.j2``)."""
    name = template_name.rpartition(":")[2].rpartition("/")[2]
    return name.endswith(".md.j2") or name.startswith("report.")
