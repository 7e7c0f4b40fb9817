"""The bytes of a message, as the stdlib's ``EmailMessage`` writes them with :data:`POLICY`, only faster.

Pure: header values and body texts in, bytes with CRLF line ends out (for SMTP and IMAP APPEND
alike). The composer sends two fixed shapes, text/plain or multipart/alternative of text and
HTML, both quoted-printable (it passes every relay), so they are written directly rather than
built as a tree of ``EmailMessage`` objects and flattened: header values that need no RFC 2047
encoding and fit on one line are written as they are, every other header is folded by the
stdlib's own header classes, and bodies are encoded by the stdlib's quoted-printable encoder.
``tests/unit/test_composer_properties.py`` holds both to the bytes ``EmailMessage`` writes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from email import _header_value_parser as header_parser
from email import policy, quoprimime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import Address as HeaderAddress
from email.headerregistry import BaseHeader, HeaderRegistry
from email.utils import format_datetime, make_msgid
from functools import lru_cache
from typing import Any, cast


class _MessageIdList(BaseHeader):
    """References / In-Reply-To as msg-id tokens: folded between ids, never RFC 2047-encoded.

    The stdlib treats both as unstructured text and encodes any id longer than a line (Outlook's
    often are), which breaks threading in every client.
    """

    max_count = 1

    @classmethod
    def parse(cls, value: str, kwds: dict[str, Any]) -> None:
        tree = header_parser.TokenList()
        rest = value
        try:
            while rest.strip():
                token, rest = header_parser.get_msg_id(rest)
                tree.append(token)
        except HeaderParseError:
            tree.append(header_parser.get_unstructured(rest))
        kwds["parse_tree"] = tree
        kwds["decoded"] = str(tree)


class _CachingHeaderRegistry(HeaderRegistry):
    """The stdlib registry builds a new header class with type() at every lookup (a third of a
    reply's composing time); the class for a name never changes, so build it once."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}

    def map_to_type(self, name: str, cls: type) -> None:
        self._classes.clear()
        super().map_to_type(name, cls)

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]


_HEADERS = _CachingHeaderRegistry()
_HEADERS.map_to_type("references", _MessageIdList)
_HEADERS.map_to_type("in-reply-to", _MessageIdList)
# CRLF line ends, for SMTP and IMAP APPEND alike. Lines of 76: the stdlib wraps quoted-printable
# bodies at the policy's line length, and RFC 2045 §6.7 allows them 76 characters, not SMTP's 78.
POLICY = policy.SMTP.clone(header_factory=_HEADERS, max_line_length=76)
MAX_LINE = POLICY.max_line_length or sys.maxsize
PLAIN_ADDRESS = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
# Values the stdlib's header classes write unchanged when the line fits: no RFC 2047 encoding,
# no quoting, nothing a parser could read as an encoded word ("=?").
_PLAIN_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+/^_`{|}~ -]*\Z")  # atext and spaces, without "=" and "?"
_ATOMS = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/^_`{|}~-]+)*"  # dot-atom-text without "=" and "?"
_PLAIN_IDS = re.compile(rf"<{_ATOMS}@{_ATOMS}>(?: <{_ATOMS}@{_ATOMS}>)*\Z")  # msg-ids, one space apart


MAX_DISPLAY_NAME = 200


def one_line(value: str) -> str:
    """Decoded (should RFC 2047 words remain) and on one line: no header injection, no folding debris."""
    if "=?" in value:
        try:
            value = str(make_header(decode_header(value)))
        except (HeaderParseError, LookupError, UnicodeDecodeError):
            pass
    return " ".join(value.split())


def date_line(now: dt.datetime) -> str:
    """The Date header for an aware ``now``."""
    date = format_datetime(now)
    offset = now.utcoffset()
    # The stdlib writes the date it reads back from the value: the same text for whole minutes.
    return text_line("Date", date) if offset is not None and not offset % dt.timedelta(minutes=1) else _fold("Date", date)


def message_id_line(domain: str) -> tuple[str, str]:
    """A new Message-ID header, and the id without its angle brackets."""
    message_id = make_msgid(domain=domain)
    if _PLAIN_IDS.match(message_id) and len(message_id) + len("Message-ID: ") <= MAX_LINE:
        return f"Message-ID: {message_id}\r\n", message_id[1:-1]
    header = POLICY.header_store_parse("Message-ID", message_id)[1]
    return header.fold(policy=POLICY), str(header).strip().strip("<>")


def text_line(name: str, value: str) -> str:
    """An unstructured header (one line of single-spaced text, as :func:`one_line` makes it)."""
    if _fits(name, value) and value == " ".join(value.split()):
        return f"{name}: {value}\r\n"
    return _fold(name, value)


def ids_line(name: str, value: str) -> str:
    """In-Reply-To or References: folded between ids, never encoded (see :class:`_MessageIdList`)."""
    if _fits(name, value) and _PLAIN_IDS.match(value) is not None:
        return f"{name}: {value}\r\n"
    return _fold(name, value)


@lru_cache(maxsize=4096)
def address_line(name: str, display_name: str, address: str) -> str:
    """To, From or Cc with one mailbox; remembered, as the same people appear in message after message."""
    # A display name is cut to MAX_DISPLAY_NAME: a 3,000-character word cannot be folded under 998 octets.
    mailbox = HeaderAddress(display_name=one_line(display_name)[:MAX_DISPLAY_NAME], addr_spec=address)
    shown = mailbox.display_name
    value = f"{shown} <{address}>" if shown else address
    if _PLAIN_NAME.match(shown) and PLAIN_ADDRESS.match(address) and str(mailbox) == value and _fits(name, value):
        return f"{name}: {value}\r\n"
    folded = _fold(name, mailbox)
    if shown and not _reads_back(name, folded, address):
        # The stdlib drops the quotes when it must split a long quoted name ("Jo [Acme] ..."): the
        # line would name another address. The mailbox alone is always right.
        return _fold(name, HeaderAddress(addr_spec=address))
    return folded


def _reads_back(name: str, folded: str, address: str) -> bool:
    """Whether a folded address header parses back to ``address`` alone, without defects."""
    header = POLICY.header_factory(name, folded.split(":", 1)[1].replace("\r\n", ""))
    found = [a for group in header.groups for a in group.addresses]
    return not header.defects and len(found) == 1 and found[0].addr_spec == address


def message_bytes(headers: list[str], text: str, html: str | None) -> bytes:
    """The whole message: text/plain, plus text/html as multipart/alternative.

    Laid out as ``EmailMessage.set_content`` and ``add_alternative`` lay it out, down to the
    MIME-Version line they also give the HTML part.
    """
    plain = _text_part("plain", text)
    if html is None:
        return "".join((*headers, plain[0], "MIME-Version: 1.0\r\n\r\n", plain[1])).encode("ascii", "surrogateescape")
    rich = _text_part("html", html)
    boundary = _boundary(plain[1], rich[1])
    return "".join((
        *headers,
        f'MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary="{boundary}"\r\n\r\n',
        f"--{boundary}\r\n", plain[0], "\r\n", plain[1],
        f"\r\n--{boundary}\r\n", rich[0], "MIME-Version: 1.0\r\n\r\n", rich[1],
        f"\r\n--{boundary}--\r\n",
    )).encode("ascii", "surrogateescape")


def _fold(name: str, value: str | HeaderAddress) -> str:
    """The header line(s) as ``EmailMessage`` writes them with :data:`POLICY`: encoded and folded."""
    return cast(str, POLICY.header_store_parse(name, value)[1].fold(policy=POLICY))


def _fits(name: str, value: str) -> bool:
    """Whether ``name: value`` is one line of printable ASCII: the stdlib leaves such a line as it is."""
    return len(name) + 2 + len(value) <= MAX_LINE and value.isascii() and value.isprintable() and "=?" not in value


def _text_part(subtype: str, content: str) -> tuple[str, str]:
    """The Content-Type and Content-Transfer-Encoding lines, and the quoted-printable body (CRLF).

    Encoded by the stdlib's own encoder, as ``set_content`` does: ``binascii.b2a_qp`` is faster
    but wraps lines and places soft breaks differently.
    """
    data = b"\n".join(content.encode("utf-8").splitlines()) + b"\n"
    body = quoprimime.body_encode(data.decode("latin-1"), MAX_LINE, eol="\r\n")
    return f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n', body


def _boundary(*bodies: str) -> str:
    """A random boundary in the stdlib's form that no body line starts with."""
    while True:
        boundary = "=" * 15 + f"{random.randrange(sys.maxsize):019d}" + "=="
        if not any(f"--{boundary}" in body for body in bodies):
            return boundary
