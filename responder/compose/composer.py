"""The messages responder sends: the client's automatic reply and the delegate's handover.

Pure: values in, the message's bytes out (CRLF line ends, for SMTP and IMAP APPEND alike); the
caller passes ``now`` and sends. The bytes are those the stdlib's ``EmailMessage`` writes with
:data:`POLICY`, built directly for the two fixed shapes (text/plain, or multipart/alternative of
text and HTML): header values that need no RFC 2047 encoding and fit on one line are written as
they are, every other header is folded by the stdlib's header classes.

Decisions, with their reasons:

* **Recipient** (RFC 3834 §4 says absence notices SHOULD go to the Return-Path and MAY go to
  From or Reply-To when more appropriate). We answer the author in From: the Return-Path is
  used only when it *is* that address, so VERP and bounce-handler envelopes
  (``bounces+x@esp.example``) never get a personal reply. A Reply-To is followed only on the
  From domain or one of its subdomains: phishing sets a look-alike Reply-To
  (``acme-example.com``), and the reply carries the delegate's phone number.
* **Precedence: auto_reply** goes out on replies. RFC 3834 says not to rely on Precedence, and
  we do not: ``Auto-Submitted: auto-replied`` is the standard stamp. But many ticketing and
  forum systems recognise ``auto_reply`` and so do not open a ticket or answer back, while
  ``bulk``/``junk`` would push a personal notice towards spam folders.
* **Internal text never leaves.** Besides the excerpt rules upstream, every reply is checked
  against every run of words of 30 characters or more of every internal section. A hit
  drops the excerpt and renders again (the client still gets the delegate's details); if the
  template itself prints internal text, the shipped template is used; if even that leaks,
  :class:`InternalTextLeak` is raised and nothing is sent.
* **The handover has no Reply-To to the client**: it shows internal sections, and a hurried
  "reply" from the delegate must not carry them to the client.
"""

from __future__ import annotations

import binascii
import datetime as dt
import email
import html as html_lib
import logging
import random
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from email import _header_value_parser as header_parser
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import Address as HeaderAddress
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from responder.absence import Absence, format_date
from responder.compose.templates import Rendered, TemplateSet
from responder.errors import ResponderError
from responder.judge.briefs import Brief, Section
from responder.mail.mime.model import Address, ParsedMessage

if TYPE_CHECKING:
    from responder.config import Config

log = logging.getLogger("responder.composer")


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
POLICY = policy.SMTP.clone(header_factory=_HEADERS)  # CRLF line ends, for SMTP and IMAP APPEND alike
MIN_INTERNAL_LENGTH = 30  # shorter internal lines ("Do not discount.") are too common to police
MIN_ALLOWED_LENGTH = 5  # shorter values ("PM") would blank out parts of words and hide real leaks
SAMPLE = 8  # characters of a reply looked up at once when searching it for internal text
MAX_REFERENCES = 20  # the first id and the latest ones, as mail clients trim long threads
NO_SUBJECT = {"en": "Out of office", "fr": "Absence"}
HANDOVER_LABEL = {"en": "Client question:", "fr": "Question d'un client :"}
_AUTO_PREFIX = re.compile(r"^(?:\s*auto\s*:)+\s*", re.IGNORECASE)
_PLAIN_ADDRESS = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
# Values the stdlib's header classes write unchanged when the line fits: no RFC 2047 encoding,
# no quoting, nothing a parser could read as an encoded word ("=?").
_PLAIN_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+/^_`{|}~ -]*\Z")  # atext and spaces, without "=" and "?"
_ATOMS = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/^_`{|}~-]+)*"  # dot-atom-text without "=" and "?"
_PLAIN_IDS = re.compile(rf"<{_ATOMS}@{_ATOMS}>(?: <{_ATOMS}@{_ATOMS}>)*\Z")  # msg-ids, one space apart
MAX_LINE = POLICY.max_line_length or sys.maxsize


class CompositionError(ResponderError):
    """The message cannot be built (no address to write to)."""


class InternalTextLeak(CompositionError):
    """Even the shipped template, without excerpt, would show internal brief text: nothing is sent."""


@dataclass(frozen=True)
class Person:
    name: str
    address: str


@dataclass(frozen=True)
class Delegate(Person):
    phone: str = ""
    role: str = ""


@dataclass(frozen=True)
class ProjectInfo:
    id: str
    name: str


@dataclass(frozen=True)
class ReplySettings:
    """What every message needs from the configuration, as plain values."""

    employee: Person
    delegate: Delegate
    return_date: dt.date  # the first day back
    cc_delegate: bool = True

    @classmethod
    def from_config(cls, config: Config) -> ReplySettings:
        absence = Absence(config.absence.start, config.absence.end, config.absence.zone)
        d = config.delegate
        return cls(Person(config.employee.name, config.employee.address), Delegate(d.name, d.address, d.phone, d.role),
                   absence.return_date, config.reply.cc_delegate)


@dataclass(frozen=True)
class Composed:
    """A message ready to send; ``message_id`` is bare (no <>), like ``ParsedMessage.message_id``."""

    raw: bytes  # what goes on the wire and into the Sent folder, CRLF line ends
    recipients: tuple[str, ...]  # envelope RCPT TO: To, then Cc
    text: str
    message_id: str
    template: str = ""
    excerpt_sent: bool = False

    @property
    def message(self) -> EmailMessage:
        """``raw`` read back, for callers that look at headers or parts rather than send."""
        return email.message_from_bytes(self.raw, policy=POLICY)


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


def choose_recipient(parsed: ParsedMessage) -> Address | None:
    """The author (From), or his Reply-To on the same domain; None without a usable address."""
    author = parsed.from_
    if author is None or not usable_address(author.address):
        return None
    for other in parsed.reply_to:
        domain = other.domain
        if usable_address(other.address) and (domain == author.domain or domain.endswith("." + author.domain)):
            return Address(other.name or author.name, other.address)
    return author


@lru_cache(maxsize=4096)
def usable_address(address: str) -> bool:
    """A plain ASCII addr-spec we can put in To and RCPT TO (no SMTPUTF8, no header tricks).

    Remembered per address: the stdlib's header parser costs more than the rest of the check,
    and the same clients write again and again.
    """
    if len(address) > 254 or not _PLAIN_ADDRESS.match(address):
        return False
    try:
        HeaderAddress(addr_spec=address)
    except (HeaderParseError, ValueError, IndexError):
        return False
    return True


def auto_subject(subject: str, language: str = "en") -> str:
    """"Auto: " + the original subject (RFC 3834 §3.1.5), decoded, on one line, never "Auto: Auto:"."""
    clean = _AUTO_PREFIX.sub("", _one_line(subject))
    return f"Auto: {clean or NO_SUBJECT.get(language, NO_SUBJECT['en'])}"


def compose_reply(original: ParsedMessage, *, settings: ReplySettings, templates: TemplateSet, language: str,
                  now: dt.datetime, internal: InternalText, project: ProjectInfo | None = None,
                  excerpt: Section | None = None) -> Composed:
    """The one automatic reply to a client (RFC 3834); ``excerpt`` only when it may go out."""
    recipient = choose_recipient(original)
    if recipient is None:
        raise CompositionError("no usable address to reply to")
    rendered, excerpt_sent = _render_reply(original, settings, templates, language, internal, project, excerpt)
    headers, message_id = _new_message(settings, now, auto_subject(original.subject, rendered.language))
    headers.append(_address_line("To", recipient.name, recipient.address))
    recipients = [recipient.address]
    if settings.cc_delegate and settings.delegate.address.lower() != recipient.key:
        headers.append(_address_line("Cc", settings.delegate.name, settings.delegate.address))
        recipients.append(settings.delegate.address)
    headers += _thread_headers(original)
    headers.append(
        "Auto-Submitted: auto-replied\r\n"  # RFC 3834 §5: never answered by a compliant responder
        "X-Auto-Response-Suppress: All\r\n"  # Exchange and Outlook: no out-of-office back
        "Precedence: auto_reply\r\n"  # read by ticketing systems; see the module docstring
    )
    raw = _with_body(headers, rendered.text, rendered.html)
    return Composed(raw, tuple(recipients), rendered.text, message_id, rendered.template, excerpt_sent)


def reply_text(original: ParsedMessage, *, settings: ReplySettings, templates: TemplateSet, language: str,
               internal: InternalText, project: ProjectInfo | None = None, excerpt: Section | None = None) -> str:
    """The text of the reply :func:`compose_reply` would build, with the same checks, without the message.

    For tools that show a reply and send nothing (``inspect``): the MIME message is most of the cost.
    """
    if choose_recipient(original) is None:
        raise CompositionError("no usable address to reply to")
    rendered, _excerpt_sent = _render_reply(original, settings, templates, language, internal, project, excerpt)
    return rendered.text


def compose_handover(original: ParsedMessage, *, settings: ReplySettings, templates: TemplateSet, language: str,
                     now: dt.datetime, thread: str, project: ProjectInfo | None = None, sections: Sequence[Section] = (),
                     excerpt: Section | None = None) -> Composed:
    """One internal message to the delegate: the question, the brief sections (internal too), the client."""
    client = choose_recipient(original) or original.from_ or Address("", "")

    def variables(lang: str) -> dict[str, Any]:
        values = _variables(original, settings, lang, project, excerpt)
        values.update(
            question=(original.new_text or original.body_text).strip(),
            client_address=client.address,
            sections=[{"heading": s.heading, "text": s.body, "internal": s.internal} for s in sections],
            thread=thread,
        )
        return values

    rendered = templates.render("handover", language, project.id if project else None, variables)
    label = HANDOVER_LABEL.get(rendered.language, HANDOVER_LABEL["en"])
    subject = _one_line(original.subject) or NO_SUBJECT.get(rendered.language, NO_SUBJECT["en"])
    headers, message_id = _new_message(settings, now, f"[responder] {label} {subject}")
    headers.append(_address_line("To", settings.delegate.name, settings.delegate.address))
    headers.append("Auto-Submitted: auto-generated\r\nX-Auto-Response-Suppress: All\r\n")
    raw = _with_body(headers, rendered.text, rendered.html)
    return Composed(raw, (settings.delegate.address,), rendered.text, message_id, rendered.template,
                    excerpt is not None)


def _render_reply(original: ParsedMessage, settings: ReplySettings, templates: TemplateSet, language: str,
                  internal: InternalText, project: ProjectInfo | None, excerpt: Section | None) -> tuple[Rendered, bool]:
    """Render, then make sure no internal text shows: drop the excerpt, then the user's template."""

    def render(shown: Section | None, shipped_only: bool = False) -> Rendered:
        return templates.render("reply", language, project.id if project else None,
                                lambda lang: _variables(original, settings, lang, project, shown), shipped_only=shipped_only)

    def leak(rendered: Rendered) -> str | None:
        return internal.find(rendered.text, rendered.html, allowed=_shown_anyway(original, settings, project))

    rendered = render(excerpt)
    found = leak(rendered)
    if found is None:
        return rendered, excerpt is not None
    if excerpt is not None:
        log.error("reply from %s would show internal brief text (%.30s...); sending it without the excerpt",
                  rendered.template, found)
        rendered = render(None)
        found = leak(rendered)
        if found is None:
            return rendered, False
    log.error("template %s prints internal brief text (%.30s...); using the shipped template", rendered.template, found)
    rendered = render(None, shipped_only=True)
    if leak(rendered) is not None:
        raise InternalTextLeak(f"the shipped template {rendered.template} would show internal brief text; reply not sent")
    return rendered, False


def _variables(
    original: ParsedMessage, settings: ReplySettings, language: str, project: ProjectInfo | None, excerpt: Section | None
) -> dict[str, Any]:
    """The documented template variables (templates.VARIABLES["reply"])."""
    author = original.from_
    name = _one_line(author.name) if author else ""
    delegate, employee = settings.delegate, settings.employee
    return {
        "client_name": "" if "@" in name else name,
        "project": {"id": project.id, "name": project.name} if project else None,
        "delegate": {"name": delegate.name, "address": delegate.address, "phone": delegate.phone, "role": delegate.role},
        "employee": {"name": employee.name, "address": employee.address},
        "return_date": format_date(settings.return_date, language),
        "return_date_iso": settings.return_date.isoformat(),
        "excerpt": {"heading": excerpt.heading, "text": excerpt.body} if excerpt else None,
        "subject": _one_line(original.subject),
    }


def _shown_anyway(original: ParsedMessage, settings: ReplySettings, project: ProjectInfo | None) -> list[str]:
    """What a reply shows whatever the briefs say: contact details, names, the client's own subject."""
    d, e = settings.delegate, settings.employee
    author = original.from_.name if original.from_ else ""
    return [d.name, d.address, d.phone, d.role, e.name, e.address, author, original.subject, project.name if project else ""]


def _new_message(settings: ReplySettings, now: dt.datetime, subject: str) -> tuple[list[str], str]:
    """The first header lines (From, Subject, Date, Message-ID) and the bare Message-ID."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    message_id = make_msgid(domain=settings.employee.address.rpartition("@")[2].lower())
    date = format_datetime(now)
    offset = now.utcoffset()
    headers = [
        _address_line("From", settings.employee.name, settings.employee.address),
        _text_line("Subject", subject),
        # The stdlib writes the date it reads back from the value: the same text for whole minutes.
        _text_line("Date", date) if offset is not None and not offset % dt.timedelta(minutes=1) else _fold("Date", date),
    ]
    if _PLAIN_IDS.match(message_id) and len(message_id) + len("Message-ID: ") <= MAX_LINE:
        headers.append(f"Message-ID: {message_id}\r\n")
        return headers, message_id[1:-1]
    header = POLICY.header_store_parse("Message-ID", message_id)[1]
    headers.append(header.fold(policy=POLICY))
    return headers, str(header).strip().strip("<>")


def _thread_headers(original: ParsedMessage) -> list[str]:
    """In-Reply-To and References (RFC 5322 §3.6.4, RFC 3834 §3.1.6), so the reply joins the thread."""
    own = _written_ids(original, "message-id", (original.message_id,) if original.message_id else ())[:1]
    if not own:
        return []
    parents = _written_ids(original, "references", original.references)
    if not parents and len(original.in_reply_to) == 1:
        parents = _written_ids(original, "in-reply-to", original.in_reply_to)
    ids = list(dict.fromkeys((*parents, *own)))
    if len(ids) > MAX_REFERENCES:
        ids = ids[:1] + ids[-(MAX_REFERENCES - 1):]
    return [_ids_line("In-Reply-To", f"<{own[0]}>"), _ids_line("References", " ".join(f"<{i}>" for i in ids))]


def _written_ids(original: ParsedMessage, header: str, parsed: tuple[str, ...]) -> tuple[str, ...]:
    """Message ids as the sender wrote them: mail programs compare ids byte for byte when threading,
    while ``ParsedMessage`` lower-cases their domains for our own matching."""
    written = re.findall(r"<([^<>\s]+@[^<>\s]+)>", " ".join(original.headers.get(header, ())))
    # An id with 8-bit bytes (broken mail) cannot go into an ASCII header: it is left out, the reply still goes.
    return tuple(i for i in dict.fromkeys(written or parsed) if i.isascii() and i.isprintable())


def _fold(name: str, value: str | HeaderAddress) -> str:
    """The header line(s) as ``EmailMessage`` writes them with :data:`POLICY`: encoded and folded."""
    return cast(str, POLICY.header_store_parse(name, value)[1].fold(policy=POLICY))


def _fits(name: str, value: str) -> bool:
    """Whether ``name: value`` is one line of printable ASCII: the stdlib leaves such a line as it is."""
    return len(name) + 2 + len(value) <= MAX_LINE and value.isascii() and value.isprintable() and "=?" not in value


def _text_line(name: str, value: str) -> str:
    """An unstructured header (one line of single-spaced text, as :func:`_one_line` makes it)."""
    if _fits(name, value) and value == " ".join(value.split()):
        return f"{name}: {value}\r\n"
    return _fold(name, value)


def _ids_line(name: str, value: str) -> str:
    """In-Reply-To or References: folded between ids, never encoded (see :class:`_MessageIdList`)."""
    if _fits(name, value) and _PLAIN_IDS.match(value) is not None:
        return f"{name}: {value}\r\n"
    return _fold(name, value)


@lru_cache(maxsize=4096)
def _address_line(name: str, display_name: str, address: str) -> str:
    """To, From or Cc with one mailbox; remembered, as the same people appear in message after message."""
    mailbox = HeaderAddress(display_name=_one_line(display_name), addr_spec=address)
    shown = mailbox.display_name
    value = f"{shown} <{address}>" if shown else address
    if _PLAIN_NAME.match(shown) and _PLAIN_ADDRESS.match(address) and str(mailbox) == value and _fits(name, value):
        return f"{name}: {value}\r\n"
    return _fold(name, mailbox)


def _with_body(headers: list[str], text: str, html: str | None) -> bytes:
    """The whole message: text/plain, plus text/html as multipart/alternative; quoted-printable passes every relay.

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


def _text_part(subtype: str, content: str) -> tuple[str, str]:
    """The Content-Type and Content-Transfer-Encoding lines, and the quoted-printable body (CRLF)."""
    data = b"\n".join(content.encode("utf-8").splitlines()) + b"\n"
    body = binascii.b2a_qp(data, istext=True).decode("ascii").replace("\n", "\r\n")  # lines of 76 at most
    return f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n', body


def _boundary(*bodies: str) -> str:
    """A random boundary in the stdlib's form that no body line starts with."""
    while True:
        boundary = "=" * 15 + f"{random.randrange(sys.maxsize):019d}" + "=="
        if not any(f"--{boundary}" in body for body in bodies):
            return boundary


def _one_line(value: str) -> str:
    """Decoded (should RFC 2047 words remain) and on one line: no header injection, no folding debris."""
    if "=?" in value:
        try:
            value = str(make_header(decode_header(value)))
        except (HeaderParseError, LookupError, UnicodeDecodeError):
            pass
    return " ".join(value.split())


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
