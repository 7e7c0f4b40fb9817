"""When a client's thread counts as unanswered: a request, a timeline, and business hours.

Pure: the timeline, the time zone and the public holidays come in as values; the store builds
the timelines and the configuration names the country (``absence.country``). Public holidays
come from the ``holidays`` package, which knows each country's and region's own calendar.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import holidays as public_calendars

from responder.judge.detector import fold_text, split_sentences

__all__ = [
    "AUTO", "CLIENT", "HUMAN", "NO_HOLIDAYS", "Post", "WorkingDay", "answered_since", "business_hours_between",
    "overdue", "public_holidays", "request_sentence",
]

# How much of a message's new text is read for a request, as the other client rules do.
TEXT_READ = 4000
NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def public_holidays(country: str, subdivision: str = "") -> Container[dt.date]:
    """The public holidays of ``country`` (ISO 3166 code) and optionally one of its subdivisions; none without a country.

    The calendar fills in each year as it is asked about, so a thread that spans New Year is counted right.
    """
    if not country:
        return NO_HOLIDAYS
    return public_calendars.country_holidays(country.upper(), subdiv=subdivision or None)

# What makes a message wait for an answer: a question, or a request ("could you send", "merci de
# nous confirmer", "bitte bestätigen Sie"). A thank-you or a notice ("please note our new bank
# details") waits for nothing, and a thread ending on one is not unanswered.
_REQUEST = re.compile(
    r"\b(?:could you|can you|would you|will you|please (?:send|confirm|let|advise|call|check|reply|tell|update|get back|"
    r"share|provide|fix|arrange)|let (?:me|us) know|(?:i|we) (?:still )?need|(?:i|we) (?:am|are) (?:still )?waiting|"
    r"(?:i|we) look forward to (?:your|hearing)|"
    r"pouvez-vous|pourriez-vous|peux-tu|pourrais-tu|pouvez vous|pourriez vous|"
    r"merci de (?:me |nous )?(?:faire|envoyer|confirmer|indiquer|dire|rappeler|transmettre|communiquer|préciser|revenir)|"
    r"(?:j'ai|nous avons) (?:encore |toujours )?besoin|(?:j'attends|nous attendons)|veuillez (?!agreer|agréer|recevoir|croire)|dites-moi|"
    r"tenez-moi|tenez-nous|"
    r"können sie|könnten sie|kannst du|bitte (?:senden|schicken|bestätigen|teilen|rufen|geben|melden)|"
    r"(?:wir|ich) (?:benötigen|benötige|brauchen|brauche|warten)|"
    r"kunt u|kunnen jullie|zou u|kun je|laat (?:me|ons) (?:even )?weten|(?:wij|we|ik) (?:wachten|wacht)|"
    r"puede usted|podría|podrían|necesito|necesitamos)\b")


def request_sentence(text: str, sentences: Sequence[tuple[str, str]] | None = None) -> str | None:
    """The sentence in which a client asks something (a question or a request), or None when they ask nothing.

    ``sentences`` are the text's (sentence, folded) pairs when the caller already has them.
    """
    pairs = sentences if sentences is not None else ((s, fold_text(s)) for s in split_sentences(text[:TEXT_READ]))
    for sentence, folded in pairs:
        if folded.rstrip().endswith("?") or _REQUEST.search(folded):
            return sentence
    return None


CLIENT, HUMAN, AUTO = "client", "human", "auto"


@dataclass(frozen=True)
class Post:
    """One message of a thread's timeline: when, and who wrote it (client, a human of the firm, or a robot)."""

    at: dt.datetime
    by: str  # CLIENT | HUMAN | AUTO
    message_id: int | None = None


@dataclass(frozen=True)
class WorkingDay:
    """The working window of a business day, local time; Monday to Friday, public holidays aside."""

    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(17, 0)


def business_hours_between(start: dt.datetime, end: dt.datetime, zone: ZoneInfo,
                           day: WorkingDay = WorkingDay(), holidays: Container[dt.date] = NO_HOLIDAYS) -> float:
    """Working hours (Monday–Friday, inside ``day``'s window, local to ``zone``) from ``start`` to ``end``.

    A date in ``holidays`` is no working day: a client who writes before a bank holiday has not
    been left waiting on it.
    """
    if end <= start:
        return 0.0
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    total = dt.timedelta()
    current = local_start.date()
    last = local_end.date()
    if (last - current).days > 3660:  # ten years of mail is beyond any flag's horizon
        current = last - dt.timedelta(days=3660)
    while current <= last:
        if current.weekday() < 5 and current not in holidays:
            opens = dt.datetime.combine(current, day.start, tzinfo=zone)
            closes = dt.datetime.combine(current, day.end, tzinfo=zone)
            lo, hi = max(opens, local_start), min(closes, local_end)
            if hi > lo:
                total += hi - lo
        current += dt.timedelta(days=1)
    return total.total_seconds() / 3600


def answered_since(timeline: Sequence[Post], at: dt.datetime) -> bool:
    """Whether a human of the firm wrote in the thread at or after ``at`` (an auto-reply does not count)."""
    return any(p.by == HUMAN and p.at >= at for p in timeline)


def overdue(timeline: Sequence[Post], now: dt.datetime, *, after_hours: float, zone: ZoneInfo,
            day: WorkingDay = WorkingDay(), holidays: Container[dt.date] = NO_HOLIDAYS) -> Post | None:
    """The client's last message when no human answered it for more than ``after_hours`` business hours.

    A human answer is any later message by the delegate or the employee (seen in the mailbox or
    the delegate's Sent folder); an auto-reply is not one. None when the thread is answered,
    when its last word is not the client's, or when the client wrote too recently. ``holidays``
    (see :func:`public_holidays`) are days nobody is expected to answer.
    """
    last_client = max((p for p in timeline if p.by == CLIENT), key=lambda p: p.at, default=None)
    if last_client is None or answered_since(timeline, last_client.at):
        return None
    if business_hours_between(last_client.at, now, zone, day, holidays) <= after_hours:
        return None
    return last_client
