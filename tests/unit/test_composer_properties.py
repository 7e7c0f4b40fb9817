"""The composer writes its messages' bytes by hand, for speed; these are held to what the stdlib's
``EmailMessage`` writes for the same content, over generated names, subjects, languages and bodies.

Each example builds the reply or the handover, and beside it an ``EmailMessage`` given the same
headers and texts (with the composer's policy and quoted-printable, as documented). Read back,
both show the same headers and the same text and HTML; written out, the same bytes (but for the
random multipart boundary); and every line of the composer's bytes is CRLF-ended and at most 998
octets (RFC 5322 §2.1.1).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
from email import policy
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from responder.compose.composer import (
    HANDOVER_LABEL,
    NO_SUBJECT,
    POLICY,
    Composed,
    Delegate,
    InternalText,
    Person,
    ProjectInfo,
    ReplySettings,
    auto_subject,
    choose_recipient,
    compose_handover,
    compose_reply,
)
from responder.compose.mimewriter import one_line
from responder.compose.templates import Rendered, TemplateSet, Variables
from responder.mail import mime
from responder.mail.mime.model import ParsedMessage

# Fixed seed and a bounded number of examples: the same cases on every run, a few seconds in all.
PROPERTIES = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow])
PROJECT = ProjectInfo("atlas", "Atlas ERP migration")
LONG_ID = "AM0PR07MB4418C1A8E9F6B5D0A5F7C2B8C9A40AM0PR07MB4418C1A8E9F6B5D0A5F7C2B8C9A40@AM0PR07MB4418.eurprd07.prod.outlook.com"
NO_GUARD = InternalText([])

# Characters that make header writers work: specials that force quoting, "=?" that looks like an
# encoded word, accents and CJK that force RFC 2047, tabs and line breaks that must not survive.
_SPECIALS = st.sampled_from(list(" ,.;:\"'()<>@[]\\=?-_!#%&*/|~\t"))
_LETTERS = st.one_of(
    st.characters(min_codepoint=0x30, max_codepoint=0x7A), st.characters(min_codepoint=0xC0, max_codepoint=0x17F),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), st.sampled_from(["😀", "ß", "€"]),
)
HEADER_TEXT = st.text(st.one_of(_LETTERS, _SPECIALS), max_size=90)
NAMES = st.one_of(
    st.sampled_from(["", "Jo Lambert", "José Lambert-Ñúñez", "山田 太郎", 'Jo "JL" Lambert', "Lambert, Jo",
                     "Jean-Baptiste " * 12, "=?utf-8?q?Jos=C3=A9?=", "O'Brien (Acme)", "a" * 200]),
    HEADER_TEXT,
    st.text(_LETTERS, min_size=50, max_size=80),
)
SUBJECTS = st.one_of(
    st.sampled_from(["", "Re: Devis", "Re: RE: Réunion de lancement", "Auto: Re: hello", "会議の日程について",
                     "=?utf-8?q?R=C3=A9union?=", "Question " * 30]),
    HEADER_TEXT,
    st.builds(lambda text: "Re: " + text, HEADER_TEXT),
    st.text(st.one_of(_LETTERS, st.just(" ")), min_size=70, max_size=120),
)
LANGUAGES = st.sampled_from(["en", "fr", "de", "ja"])  # de and ja have no template: English is used

_BODY_CHARS = st.one_of(_LETTERS, _SPECIALS, st.sampled_from(["=", " ", "\t", ".", "-"]))
_LINES = st.one_of(
    st.text(_BODY_CHARS, max_size=90),
    st.text(_BODY_CHARS, min_size=70, max_size=1200),  # past any line limit, encoded or not
    st.builds(lambda text: "From " + text, st.text(_BODY_CHARS, max_size=80)),
    st.builds(lambda text: "." + text, st.text(_BODY_CHARS, max_size=80)),
    st.builds(lambda text, end: text + end, st.text(_BODY_CHARS, max_size=100), st.sampled_from([" ", "  ", "\t", " \t"])),
    st.sampled_from([".", "", "From ", "=", " ", "=20", "--"]),
)
BODIES = st.builds(
    lambda lines, last: "".join(line + end for line, end in lines) + last,
    st.lists(st.tuples(_LINES, st.sampled_from(["\n", "\r\n", "\r"])), max_size=12),
    st.one_of(st.just(""), _LINES),
)
ZONES = st.sampled_from([ZoneInfo("Europe/Paris"), ZoneInfo("Asia/Kolkata"), dt.timezone.utc,
                         dt.timezone(dt.timedelta(hours=-3, minutes=-30)), dt.timezone(dt.timedelta(seconds=20))])
ADDRESSES = st.sampled_from(["jo@acme.example", "jo.lambert+atlas@mail.acme.example", "j@x.example"])


class GivenBodies(TemplateSet):
    """The shipped templates' choice of template and language, with the texts an example gives."""

    text = ""
    html: str | None = None

    def render(self, kind: str, language: str, project_id: str | None, variables: Variables, *,
               shipped_only: bool = False) -> Rendered:
        chosen = super().render(kind, language, project_id, variables, shipped_only=shipped_only)
        return dataclasses.replace(chosen, text=self.text, html=self.html)


TEMPLATES = GivenBodies(None, "en")


@dataclasses.dataclass(frozen=True)
class Case:
    employee: str
    delegate: str
    client: str
    client_address: str
    subject: str
    language: str
    text: str
    html: str | None
    references: int
    long_ids: bool
    cc_delegate: bool
    zone: dt.tzinfo

    @property
    def settings(self) -> ReplySettings:
        return ReplySettings(Person(self.employee, "alex.durand@corp.example"),
                             Delegate(self.delegate, "sam.martin@corp.example", "+33 1 23 45 67 89"),
                             dt.date(2026, 7, 24), self.cc_delegate)

    @property
    def now(self) -> dt.datetime:
        return dt.datetime(2026, 7, 20, 9, 30, 15, tzinfo=self.zone)

    @property
    def language_used(self) -> str:
        return self.language if self.language in ("en", "fr") else "en"

    def ids(self) -> tuple[str, list[str]]:
        """The client's Message-ID and References, short or longer than a line."""
        tail = LONG_ID if self.long_ids else "acme.example"
        return f"q1.{tail}", [f"r{n}.{tail}" for n in range(self.references)]

    def original(self) -> ParsedMessage:
        """The client's message as it arrives, written by the stdlib and parsed by responder."""
        own, references = self.ids()
        message = EmailMessage(policy=policy.SMTPUTF8)  # 8-bit headers: quicker to write than RFC 2047
        message["From"] = HeaderAddress(display_name=one_line(self.client), addr_spec=self.client_address)
        message["To"] = "Alex Durand <alex.durand@corp.example>"
        message["Subject"] = self.subject
        message["Message-ID"] = f"<{own}>"
        if references:
            message["References"] = " ".join(f"<{i}>" for i in references)
        message.set_content("When is the go-live?\n")
        return mime.parse(message.as_bytes())


CASES = st.builds(
    Case, employee=NAMES, delegate=NAMES, client=NAMES, client_address=ADDRESSES, subject=SUBJECTS,
    language=LANGUAGES, text=BODIES, html=st.one_of(st.none(), BODIES), references=st.integers(0, 19),
    long_ids=st.booleans(), cc_delegate=st.booleans(), zone=ZONES,
)


def reference(case: Case, headers: list[tuple[str, Any]]) -> EmailMessage:
    """What the stdlib writes for the composer's headers and texts."""
    employee = case.settings.employee
    message = EmailMessage(policy=POLICY)
    message["From"] = HeaderAddress(display_name=one_line(employee.name), addr_spec=employee.address)
    for name, value in headers:
        message[name] = value
    message.set_content(case.text, cte="quoted-printable")
    if case.html is not None:
        message.add_alternative(case.html, subtype="html", cte="quoted-printable")
    return message


def common_headers(composed: Composed, case: Case, subject: str) -> list[tuple[str, Any]]:
    return [("Subject", subject), ("Date", format_datetime(case.now)), ("Message-ID", f"<{composed.message_id}>")]


def assert_same_message(composed: Composed, expected: EmailMessage, case: Case) -> None:
    mine = reparsed(composed.raw)
    written = expected.as_bytes()
    theirs = reparsed(written)
    assert header_values(mine) == header_values(theirs)
    assert texts(mine) == texts(theirs) == [lines(case.text), *([] if case.html is None else [lines(case.html)])]
    boundary = expected.get_boundary()
    if boundary is not None:
        written = written.replace(boundary.encode(), mine.get_boundary("").encode())
    assert composed.raw == written
    assert composed.raw.endswith(b"\r\n")
    for line in composed.raw.split(b"\r\n"):
        assert len(line) <= 998 and b"\r" not in line and b"\n" not in line, line


def reparsed(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def header_values(message: EmailMessage) -> list[tuple[str, str]]:
    """Names and decoded values; the multipart boundary is random on both sides."""
    return [(name, str(value) if name != "Content-Type" else value.content_type) for name, value in message.items()]


def texts(message: EmailMessage) -> list[str]:
    return [part.get_content().replace("\r\n", "\n") for part in message.walk() if part.get_content_maintype() == "text"]


def lines(text: str) -> str:
    """The text as a MIME body carries it: one newline after each line, whatever ended them."""
    return "".join(line.decode() + "\n" for line in text.encode().splitlines()) or "\n"


@PROPERTIES
@given(CASES)
def test_reply_is_what_the_stdlib_writes(case: Case) -> None:
    TEMPLATES.text, TEMPLATES.html = case.text, case.html
    original = case.original()
    composed = compose_reply(original, settings=case.settings, templates=TEMPLATES, language=case.language,
                             now=case.now, internal=NO_GUARD, project=PROJECT)
    recipient = choose_recipient(original)
    assert recipient is not None
    own, references = case.ids()
    delegate = case.settings.delegate
    headers = [
        *common_headers(composed, case, auto_subject(original.subject, case.language_used)),
        ("To", HeaderAddress(display_name=one_line(recipient.name), addr_spec=recipient.address)),
        *([("Cc", HeaderAddress(display_name=one_line(delegate.name), addr_spec=delegate.address))] if case.cc_delegate else []),
        ("In-Reply-To", f"<{own}>"), ("References", " ".join(f"<{i}>" for i in [*references, own])),
        ("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All"), ("Precedence", "auto_reply"),
    ]
    assert_same_message(composed, reference(case, headers), case)


@PROPERTIES
@given(CASES)
def test_handover_is_what_the_stdlib_writes(case: Case) -> None:
    TEMPLATES.text, TEMPLATES.html = case.text, case.html
    original = case.original()
    composed = compose_handover(original, settings=case.settings, templates=TEMPLATES, language=case.language,
                                now=case.now, thread="t1", project=PROJECT)
    subject = one_line(original.subject) or NO_SUBJECT[case.language_used]
    delegate = case.settings.delegate
    headers = [
        *common_headers(composed, case, f"[responder] {HANDOVER_LABEL[case.language_used]} {subject}"),
        ("To", HeaderAddress(display_name=one_line(delegate.name), addr_spec=delegate.address)),
        ("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All"),
    ]
    assert_same_message(composed, reference(case, headers), case)


# Hostile senders: names, subjects and ids far past a header line, as raw bytes no library tidied.
_WORD = st.text(st.characters(min_codepoint=0x41, max_codepoint=0x7A), min_size=900, max_size=3000)
HOSTILE_NAMES = st.one_of(NAMES, _WORD, st.builds(lambda w: f'"{w}"', _WORD), st.builds(lambda w: "Jo " + w, _WORD))
HOSTILE_SUBJECTS = st.one_of(SUBJECTS, _WORD, st.builds(lambda w: "Re: " + w + " ✓", _WORD))
HOSTILE_IDS = st.one_of(st.just("q1@acme.example"), st.builds(lambda w: f"{w}@acme.example", _WORD))


@settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=HOSTILE_NAMES, subject=HOSTILE_SUBJECTS, own=HOSTILE_IDS, parent=HOSTILE_IDS)
def test_every_message_sent_is_valid_whatever_the_sender_wrote(name: str, subject: str, own: str, parent: str) -> None:
    raw = (f"From: {name} <jo@acme.example>\r\nTo: Alex Durand <alex.durand@corp.example>\r\n"
           f"Subject: {subject}\r\nMessage-ID: <{own}>\r\nIn-Reply-To: <{parent}>\r\nReferences: <{parent}>\r\n"
           "Date: Mon, 20 Jul 2026 09:30:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWhen?\r\n").encode()
    original = mime.parse(raw)
    settings_ = ReplySettings(Person("Alex Durand", "alex.durand@corp.example"),
                              Delegate(name[:300], "sam.martin@corp.example", "+33 1 23 45 67 89"), dt.date(2026, 7, 24), True)
    now = dt.datetime(2026, 7, 20, 9, 30, tzinfo=dt.UTC)
    for composed in (
        compose_reply(original, settings=settings_, templates=TEMPLATES, language="en", now=now, internal=NO_GUARD),
        compose_handover(original, settings=settings_, templates=TEMPLATES, language="en", now=now, thread="t1"),
    ):
        assert all(len(line) <= 998 for line in composed.raw.split(b"\r\n"))
        strict = email.message_from_bytes(composed.raw, policy=policy.default)
        assert not strict.defects
        for header, value in strict.items():
            assert not getattr(value, "defects", ()), (header, value.defects)
