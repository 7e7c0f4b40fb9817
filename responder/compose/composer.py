"""The messages responder sends: the client's automatic reply and the delegate's handover.

Pure: values in, the message's bytes out (CRLF line ends, for SMTP and IMAP APPEND alike); the
caller passes ``now`` and sends. This module decides what the messages say and to whom;
:mod:`responder.compose.mimewriter` writes their bytes, and :mod:`responder.compose.internal_text`
finds internal brief text in them.

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

import datetime as dt
import email
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from responder.absence import Absence, format_date
from responder.compose.internal_text import InternalText
from responder.compose.mimewriter import (
    PLAIN_ADDRESS,
    POLICY,
    address_line,
    date_line,
    ids_line,
    message_bytes,
    message_id_line,
    one_line,
    text_line,
)
from responder.compose.templates import Rendered, TemplateSet
from responder.errors import ResponderError
from responder.judge.briefs import Section
from responder.mail.mime.model import Address, ParsedMessage

if TYPE_CHECKING:
    from responder.config import Config

__all__ = [
    "POLICY", "Composed", "CompositionError", "Delegate", "InternalText", "InternalTextLeak", "Person", "ProjectInfo",
    "ReplySettings", "auto_subject", "choose_recipient", "compose_handover", "compose_reply", "reply_text",
    "usable_address",
]

log = logging.getLogger("responder.composer")

MAX_REFERENCES = 20  # the first id and the latest ones, as mail clients trim long threads
NO_SUBJECT = {"en": "Out of office", "fr": "Absence"}
HANDOVER_LABEL = {"en": "Client question:", "fr": "Question d'un client :"}
_AUTO_PREFIX = re.compile(r"^(?:\s*auto\s*:)+\s*", re.IGNORECASE)


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
    subject: str = ""  # as written in the Subject header, decoded: what the report shows of it

    @property
    def message(self) -> EmailMessage:
        """``raw`` read back, for callers that look at headers or parts rather than send."""
        return email.message_from_bytes(self.raw, policy=POLICY)


def choose_recipient(parsed: ParsedMessage) -> Address | None:
    """The author (From), or his Reply-To on the same domain; None without a usable address.

    The Reply-To keeps its own display name, or none: the author's name is never put on another
    address, where it would make a stranger's mailbox look like the client's to the delegate in Cc.
    """
    author = parsed.from_
    if author is None or not usable_address(author.address):
        return None
    for other in parsed.reply_to:
        domain = other.domain
        if usable_address(other.address) and (domain == author.domain or domain.endswith("." + author.domain)):
            return other
    return author


@lru_cache(maxsize=4096)
def usable_address(address: str) -> bool:
    """A plain ASCII addr-spec we can put in To and RCPT TO (no SMTPUTF8, no header tricks).

    Remembered per address: the stdlib's header parser costs more than the rest of the check,
    and the same clients write again and again.
    """
    if len(address) > 254 or not PLAIN_ADDRESS.match(address):
        return False
    try:
        HeaderAddress(addr_spec=address)
    except (HeaderParseError, ValueError, IndexError):
        return False
    return True


def auto_subject(subject: str, language: str = "en") -> str:
    """"Auto: " + the original subject (RFC 3834 §3.1.5), decoded, on one line, never "Auto: Auto:"."""
    clean = _AUTO_PREFIX.sub("", one_line(subject))
    return f"Auto: {clean or NO_SUBJECT.get(language, NO_SUBJECT['en'])}"


def compose_reply(original: ParsedMessage, *, settings: ReplySettings, templates: TemplateSet, language: str,
                  now: dt.datetime, internal: InternalText, project: ProjectInfo | None = None,
                  excerpt: Section | None = None) -> Composed:
    """The one automatic reply to a client (RFC 3834); ``excerpt`` only when it may go out."""
    recipient = choose_recipient(original)
    if recipient is None:
        raise CompositionError("no usable address to reply to")
    rendered, excerpt_sent = _render_reply(original, settings, templates, language, internal, project, excerpt)
    subject = auto_subject(original.subject, rendered.language)
    headers, message_id = _new_message(settings, now, subject)
    headers.append(address_line("To", recipient.name, recipient.address))
    recipients = [recipient.address]
    if settings.cc_delegate and settings.delegate.address.lower() != recipient.key:
        headers.append(address_line("Cc", settings.delegate.name, settings.delegate.address))
        recipients.append(settings.delegate.address)
    headers += _thread_headers(original)
    headers.append(
        "Auto-Submitted: auto-replied\r\n"  # RFC 3834 §5: never answered by a compliant responder
        "X-Auto-Response-Suppress: All\r\n"  # Exchange and Outlook: no out-of-office back
        "Precedence: auto_reply\r\n"  # read by ticketing systems; see the module docstring
    )
    raw = message_bytes(headers, rendered.text, rendered.html)
    return Composed(raw, tuple(recipients), rendered.text, message_id, rendered.template, excerpt_sent, subject)


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
    subject = one_line(original.subject) or NO_SUBJECT.get(rendered.language, NO_SUBJECT["en"])
    subject = f"[responder] {label} {subject}"
    headers, message_id = _new_message(settings, now, subject)
    headers.append(address_line("To", settings.delegate.name, settings.delegate.address))
    headers.append("Auto-Submitted: auto-generated\r\nX-Auto-Response-Suppress: All\r\n")
    raw = message_bytes(headers, rendered.text, rendered.html)
    return Composed(raw, (settings.delegate.address,), rendered.text, message_id, rendered.template,
                    excerpt is not None, subject)


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
    name = one_line(author.name) if author else ""
    delegate, employee = settings.delegate, settings.employee
    return {
        "client_name": "" if "@" in name else name,
        "project": {"id": project.id, "name": project.name} if project else None,
        "delegate": {"name": delegate.name, "address": delegate.address, "phone": delegate.phone, "role": delegate.role},
        "employee": {"name": employee.name, "address": employee.address},
        "return_date": format_date(settings.return_date, language),
        "return_date_iso": settings.return_date.isoformat(),
        "excerpt": {"heading": excerpt.heading, "text": excerpt.body} if excerpt else None,
        "subject": one_line(original.subject),
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
    message_id_header, message_id = message_id_line(settings.employee.address.rpartition("@")[2].lower())
    headers = [
        address_line("From", settings.employee.name, settings.employee.address),
        text_line("Subject", subject),
        date_line(now),
        message_id_header,
    ]
    return headers, message_id


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
    return [ids_line("In-Reply-To", f"<{own[0]}>"), ids_line("References", " ".join(f"<{i}>" for i in ids))]


MAX_MESSAGE_ID = 900  # with "In-Reply-To: <" and ">", still inside a 998-octet line


def _written_ids(original: ParsedMessage, header: str, parsed: tuple[str, ...]) -> tuple[str, ...]:
    """Message ids as the sender wrote them: mail programs compare ids byte for byte when threading,
    while ``ParsedMessage`` lower-cases their domains for our own matching."""
    written = re.findall(r"<([^<>\s]+@[^<>\s]+)>", " ".join(original.headers.get(header, ())))
    # An id with 8-bit bytes (broken mail) cannot go into an ASCII header, and one longer than a header
    # line may be (998 octets, RFC 5322 §2.1.1; an id cannot be folded) would get the reply refused: such
    # ids are left out, the reply still goes.
    return tuple(i for i in dict.fromkeys(written or parsed)
                 if i.isascii() and i.isprintable() and len(i) <= MAX_MESSAGE_ID)
