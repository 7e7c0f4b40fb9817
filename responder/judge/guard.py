"""Whether to answer a message at all: ordered, named rules, the first hit wins.

An auto-responder that answers the wrong mail makes loops (two auto-replies talking to each
other), spams lists, or answers forgeries. RFC 3834 §2 and §3.1.8 say what never to answer;
Dovecot Pigeonhole's vacation and Exchange add the list, bulk and no-reply checks. Each rule's
name is the reason stored, shown by ``inspect`` and logged, in the order the reasons are
reported when several apply.

Each rule is a :class:`Rule` value (as GNU Mailman 3's rules are): a name, what it recognises,
and a category saying what kind of party or mail that is. The reason sets other modules need
("robots and crowds", "not a client") are derived from the categories, so a new rule joins them
by saying what it is rather than by being added to lists kept by hand elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from responder.absence import Absence
from responder.mail.mime import ParsedMessage
from responder.mail.mime.headers import without_comments

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
# Local parts of addresses nobody reads, in the languages senders use; any "-x", ".x", "_x" or
# "+tag" after the word still means it (noreply+7f3@, donotreply-billing@, ne_pas_repondre.rh@).
_NOREPLY_LOCAL = re.compile(
    r"^(?:(?:(?:do[-_.]?)?not?[-_.]?reply|noreply\w*|ne[-_.]?pas[-_.]?r[ée]pondre|nepasr[ée]pondre|"
    r"nicht[-_.]?antworten|keine[-_.]?antwort|niet[-_.]?(?:be)?antwoorden|geen[-_.]?antwoord|"
    r"no[-_.]?responder|non[-_.]?rispondere|notifications?[-_.]?noreply)(?:[-_.+].*)?|"
    r"bounces?[-+].*|owner-.*|.*-request|.*-bounces?|mailer-daemon|postmaster)$",
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
    reason: str | None  # the rule name when reply is False: the first rule that fired
    fired: tuple[str, ...] = ()  # every rule that fired, in rule order, so a review sees all of them


def _sender(msg: ParsedMessage) -> str:
    return msg.from_.key if msg.from_ else ""


def _local_part(address: str) -> str:
    return address.rsplit("@", 1)[0]


def _value(msg: ParsedMessage, name: str) -> str:
    """A header's first value as rules compare it: RFC 5322 comments (nested too) and all whitespace
    runs removed, lower-cased; "" when absent. "Precedence: Junk (from the list)" reads "junk"."""
    return " ".join(without_comments(msg.header(name) or "").split()).lower()


def is_self(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Her own mail, from any alias: answering it would talk to herself."""
    return _sender(msg) in ctx.employee_addresses


def is_delegate(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """The delegate's mail is read (for the flags), never answered."""
    return _sender(msg) == ctx.delegate_address.lower()


def is_bounce(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Delivery reports: a null Return-Path, a mailer daemon, or a multipart/report (RFC 3464)."""
    return_path = msg.header("return-path")
    if return_path is not None and _value(msg, "return-path").replace(" ", "") in ("<>", ""):
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
    value = _value(msg, "auto-submitted") or "no"
    if value.startswith("auto-replied"):
        return True
    if value != "no" and not _NOREPLY_LOCAL.match(_local_part(_sender(msg))):
        return True
    if msg.header("x-autoreply") or msg.header("x-autorespond") or msg.header("x-autoresponder"):
        return True
    if _value(msg, "precedence") in ("auto_reply", "auto-reply"):
        return True
    suppress = _value(msg, "x-auto-response-suppress")
    if re.search(r"\b(all|oof)\b", suppress):
        return True
    return bool(_AUTO_SUBJECT.match(msg.subject or ""))


def is_list(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Mailing-list traffic (RFC 2369/2919 headers): an answer would go to every subscriber.

    A newsletter carries a List-Id too (Mailchimp, Sendinblue), but says it is bulk (Precedence:
    bulk, RFC 8058 one-click unsubscribe) and names no address to post to: that is the bulk rule's.
    """
    if msg.header("list-post"):
        return True
    if not any(msg.header(name) for name in _LIST_HEADERS):
        return False
    return not (_value(msg, "precedence") == "bulk" or msg.header("list-unsubscribe-post"))


def is_bulk(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Precedence: bulk/list/junk, an unsubscribe link, and the marks of mass-mailing software."""
    if _value(msg, "precedence") in ("bulk", "list", "junk"):
        return True
    if msg.header("list-unsubscribe"):
        return True
    return any(msg.header(name) for name in ("x-campaign", "x-campaignid", "x-mailchimp-id", "x-mc-user",
                                            "x-sg-eid", "x-mailgun-tag", "feedback-id", "x-newsletter"))


def is_spam(msg: ParsedMessage, ctx: GuardContext) -> bool:
    """Flagged by the receiving server's filter."""
    if _value(msg, "x-spam-flag") == "yes":
        return True
    return _value(msg, "x-spam-status").startswith("yes")


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


class Category(StrEnum):
    """What kind of party or mail a rule recognises."""

    OWN_SIDE = "own side"  # the employee or her delegate: the firm talking to itself
    ROBOT = "robot"  # a machine writing on its own: delivery reports, other auto-replies
    CROWD = "crowd"  # written for many readers: lists, newsletters, spam
    UNREAD = "unread sender"  # an address nobody reads (no-reply@): a notice, maybe about one contract
    NOT_FOR_US = "not for this absence"  # not addressed to her, or delivered outside the days away
    REPEAT = "repeat"  # this sender already got the one reply the thread allows


Check = Callable[[ParsedMessage, GuardContext], bool]


@dataclass(frozen=True)
class Rule:
    """One reason not to answer: its name is the reason stored and shown."""

    name: str
    description: str
    category: Category
    check: Check


RULES: tuple[Rule, ...] = (
    Rule("self", "her own mail, from any alias", Category.OWN_SIDE, is_self),
    Rule("delegate", "the delegate's mail: read for the flags, never answered", Category.OWN_SIDE, is_delegate),
    Rule("bounce", "a delivery report: null Return-Path, mailer daemon, multipart/report", Category.ROBOT, is_bounce),
    Rule("auto-submitted", "another robot's reply, or a sender asking for none (RFC 3834)", Category.ROBOT,
         is_auto_submitted),
    Rule("list", "mailing-list traffic (RFC 2369/2919 headers)", Category.CROWD, is_list),
    Rule("bulk", "Precedence bulk/list/junk, an unsubscribe link, mass-mailing software", Category.CROWD, is_bulk),
    Rule("spam", "flagged by the receiving server's spam filter", Category.CROWD, is_spam),
    Rule("noreply", "a sender that reads nothing (no-reply@, -request, owner-), or none at all", Category.UNREAD,
         is_noreply),
    Rule("not-addressed", "Bcc or group mail that does not name her in To or Cc (RFC 3834 §2)", Category.NOT_FOR_US,
         is_not_addressed),
    Rule("outside-absence", "delivered before or after her days away, in her time zone", Category.NOT_FOR_US,
         is_outside_absence),
    Rule("rate-limited", "one auto-reply per sender per thread per absence", Category.REPEAT, is_rate_limited),
)


def reasons(*categories: Category) -> tuple[str, ...]:
    """The names of the rules of these categories, in rule order."""
    return tuple(rule.name for rule in RULES if rule.category in categories)


# Mail written by machines for many readers or about delivery itself: never project correspondence.
MASS_OR_ROBOT = reasons(Category.ROBOT, Category.CROWD)
# Not a person writing to her: a robot, a crowd, or an address nobody reads.
ROBOT_REASONS = frozenset(reasons(Category.ROBOT, Category.CROWD, Category.UNREAD))
# Not a client writing to her: the above, or her own side.
NOT_A_CLIENT_REASONS = frozenset(reasons(Category.OWN_SIDE, Category.ROBOT, Category.CROWD, Category.UNREAD))
_BY_NAME = {rule.name: rule for rule in RULES}


def about_one_matter(msg: ParsedMessage, robot: str) -> bool:
    """Whether mass or machine mail may still be about one project, so worth sorting (never answering):
    a discussion list's post, or a machine's notice (Auto-Submitted: auto-generated, RFC 3834 §5) such
    as an order confirmation or a signature request. Out-of-office replies, delivery reports,
    newsletters and spam are about no project of ours, whatever words they repeat."""
    if robot == "list":
        return True
    return robot == "auto-submitted" and _value(msg, "auto-submitted").startswith(("auto-generated", "auto-notified"))


def mass_or_robot(msg: ParsedMessage, ctx: GuardContext) -> str | None:
    """The first of bounce, auto-submitted, list, bulk or spam that applies, whatever else does."""
    return next((name for name in MASS_OR_ROBOT if _BY_NAME[name].check(msg, ctx)), None)


def decide(msg: ParsedMessage, ctx: GuardContext) -> Decision:
    """Reply, or the first rule that forbids it, with every rule that fired."""
    fired = tuple(rule.name for rule in RULES if rule.check(msg, ctx))
    return Decision(not fired, fired[0] if fired else None, fired)
