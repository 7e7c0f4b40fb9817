"""Build raw test messages in code: realistic headers, one line per variation in the tests."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime

ABSENCE_DAY = dt.datetime(2026, 7, 8, 9, 30, tzinfo=dt.UTC)
# The receiving server of the test mailboxes, under the employee's domain: trusted by default.
AUTHSERV_ID = "mx.example.com"
PASSED = "pass"  # make(auth=PASSED): DMARC passed for the sender's own domain


def make(
    *,
    sender: str = "Jo Lambert <jo@acme.example>",
    to: str = "Claire Martin <claire@example.com>",
    cc: str | None = None,
    subject: str = "Cutover weekend",
    body: str = "Hello,\n\nWill the old ERP be read-only during the cutover weekend?\n\nThanks,\nJo",
    when: dt.datetime = ABSENCE_DAY,
    message_id: str = "<q1@acme.example>",
    in_reply_to: str | None = None,
    references: str | None = None,
    auth: str | None = PASSED,
    headers: dict[str, str] | None = None,
    html: str | None = None,
) -> bytes:
    """A message as the employee's server would hold it after delivery."""
    msg = EmailMessage()
    domain = sender.rsplit("@", 1)[-1].rstrip(">")
    msg["Return-Path"] = f"<{sender.rsplit('<', 1)[-1].rstrip('>')}>"
    msg["Received"] = f"from mail.{domain} by mx.example.com; {format_datetime(when)}"
    if auth == PASSED:
        msg["Authentication-Results"] = f"{AUTHSERV_ID}; dmarc=pass header.from={domain}"
    elif auth:
        msg["Authentication-Results"] = auth
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    return bytes(msg)
