"""Whether to answer a message at all: ordered, named rules, the first hit wins.

An auto-responder that answers the wrong mail makes loops (two auto-replies talking to each
other), spams lists, or answers forgeries. RFC 3834 §2 and §3.1.8 say what never to answer;
Dovecot Pigeonhole's vacation and Exchange add the list, bulk and no-reply checks. Each rule's
name is the reason stored, shown by ``inspect`` and logged, in the order the reasons are
reported when several apply.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from responder.absence import Absence
from responder.mail.mime import ParsedMessage

# Subjects of other people's out-of-office and automatic replies, in the languages clients use.
# Anchored at the start: "Absence : …" is an auto-reply, "absence de réponse" in a sentence is not.
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:"
    r"out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|autoreply|auto:|away from (?:the )?office|"
    r"on vacation|vacation reply|"
    r"r[ée]ponse automatique|absence\s*:|absent(?:e)?\s*:|absent(?:e)? du bureau|message d'absence|"
    r"abwesenheitsnotiz|automatische antwort|abwesend|"
    r"afwezig|automatisch antwoord|niet aanwezig|"
    r"respuesta autom[áa]tica|fuera de la oficina|ausente|"
    r"risposta automatica|fuori ufficio"
    r")",
    re.IGNORECASE,
)
_NOREPLY_LOCAL = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre|nepasrepondre|noreply\w*|"
    r"bounces?[-+].*|owner-.*|.*-request|.*-bounces?|mailer-daemon|postmaster|notifications?[-_.]?noreply)$",
    re.IGNORECASE,
)
_BOUNCE_LOCAL = re.compile(r"^(?:mailer-daemon|postmaster)$", re.IGNORECASE)
# A mailing list names itself (RFC 2919 List-Id) or says where to post (RFC 2369). List-Unsubscribe
# alone is what every newsletter carries (RFC 8058 one-click unsubscribe): that is bulk mail.
_LIST_HEADERS = ("list-id", "list-post", "list-help", "list-subscribe", "list-owner", "list-archive")


@dataclass(frozen=True)
class GuardContext:
    """Everything the rules need besides the message; the service builds it, tests too."""

    employee_addresses: frozenset[str]
    delegate_address: str
    absence: Absence
    delivered_at: dt.datetime | None  # IMAP INTERNALDATE, or the topmost Received date for a file
    already_replied: bool  # this sender already got an auto-reply in this thread during this absence


@dataclass(frozen=True)
class Decision:
    reply: bool
    reason: str | None  # the rule name when reply is False


def _sender(msg: ParsedMessage) -> str:
    return msg.from_.key if msg.from_ else ""


def _local_part(address: str) -> str:
    return address.rsplit("@", 1)[0]


def is_self(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Her own mail, from any alias: answering it would talk to herself."""
    return _sender(msg) in ctx.employee_addresses


def is_delegate(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """The delegate's mail is read (for the flags), never answered."""
    return _sender(msg) == ctx.delegate_address.lower()


def is_bounce(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Delivery reports: a null Return-Path, a mailer daemon, or a multipart/report (RFC 3464)."""
    return_path = msg.header("return-path")
    if return_path is not None and return_path.strip() in ("<>", ""):
        return True
    if _BOUNCE_LOCAL.match(_local_part(_sender(msg))):
        return True
    return msg.content_type.lower() == "multipart/report"


def is_auto_submitted(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Other robots' replies (RFC 3834 §3.1.8 and the de-facto headers), and senders asking for none.

    ``X-Auto-Response-Suppress: All`` or ``OOF`` is Exchange's way of asking not to be
    auto-answered; we honour it. An ``auto-generated`` notification from a no-reply sender is
    reported as ``noreply``, the more telling reason.
    """
    value = (msg.header("auto-submitted") or "no").strip().lower()
    if value.startswith("auto-replied"):
        return True
    if value != "no" and not _NOREPLY_LOCAL.match(_local_part(_sender(msg))):
        return True
    if msg.header("x-autoreply") or msg.header("x-autorespond") or msg.header("x-autoresponder"):
        return True
    if (msg.header("precedence") or "").strip().lower() in ("auto_reply", "auto-reply"):
        return True
    suppress = (msg.header("x-auto-response-suppress") or "").lower()
    if re.search(r"\b(all|oof)\b", suppress):
        return True
    return bool(_AUTO_SUBJECT.match(msg.subject or ""))


def is_list(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Mailing-list traffic (RFC 2369/2919 headers): an answer would go to every subscriber."""
    return any(msg.header(name) for name in _LIST_HEADERS)


def is_bulk(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Precedence: bulk/list/junk, an unsubscribe link, and the marks of mass-mailing software."""
    if (msg.header("precedence") or "").strip().lower() in ("bulk", "list", "junk"):
        return True
    if msg.header("list-unsubscribe"):
        return True
    return any(msg.header(name) for name in ("x-campaign", "x-campaignid", "x-mailchimp-id", "x-mc-user",
                                            "x-sg-eid", "x-mailgun-tag", "feedback-id", "x-newsletter"))


def is_spam(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Flagged by the receiving server's filter."""
    if (msg.header("x-spam-flag") or "").strip().lower() == "yes":
        return True
    return (msg.header("x-spam-status") or "").strip().lower().startswith("yes")


def is_noreply(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Senders that say they read nothing (no-reply@, ne-pas-repondre@, bounce-, owner-, -request)."""
    return bool(_NOREPLY_LOCAL.match(_local_part(_sender(msg)))) or not _sender(msg)


def is_not_addressed(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Bcc or group mail: RFC 3834 §2 answers only mail that names the recipient in To or Cc."""
    return not any(a.key in ctx.employee_addresses for a in (*msg.to, *msg.cc))


def is_outside_absence(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Delivered before the first or after the last day away, in her time zone."""
    when = ctx.delivered_at or msg.received_date or msg.date
    return when is None or not ctx.absence.contains(when)


def is_rate_limited(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """One auto-reply per sender per thread per absence."""
    return ctx.already_replied


RULES: tuple[tuple[str, Callable[[ParsedMessage, GuardContext], bool]], ...] = (
    ("self", is_self),
    ("delegate", is_delegate),
    ("bounce", is_bounce),
    ("auto-submitted", is_auto_submitted),
    ("list", is_list),
    ("bulk", is_bulk),
    ("spam", is_spam),
    ("noreply", is_noreply),
    ("not-addressed", is_not_addressed),
    ("outside-absence", is_outside_absence),
    ("rate-limited", is_rate_limited),
)


# Mail written by machines for many readers or about delivery itself: never project correspondence.
MASS_OR_ROBOT = ("bounce", "auto-submitted", "list", "bulk", "spam")


def mass_or_robot(msg: ParsedMessage, ctx: GuardContext) -> str | None:
    """The first of bounce, auto-submitted, list, bulk or spam that applies, whatever else does."""
    rules = dict(RULES)
    return next((name for name in MASS_OR_ROBOT if rules[name](msg, ctx)), None)


def decide(msg: ParsedMessage, ctx: GuardContext) -> Decision:
    """Reply, or the first rule that forbids it."""
    for name, rule in RULES:
        if rule(msg, ctx):
            return Decision(False, name)
    return Decision(True, None)
