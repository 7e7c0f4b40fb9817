"""An in-process index of what threading and rate limiting look up for every message.

Each message needs: which thread its references belong to, which thread its subject and
correspondent fall back to, whether its sender was already answered in that thread, whether it
answers one of our own replies, and how many replies its sender and the whole mailbox were
given lately (the caps that make a flood or a loop impossible). Asked of the database, that is
several queries per message, the largest share of a backlog's time.
One process owns a mailbox (the scheduler runs one job per source), so the index is loaded once
and kept in step with what this process commits; the database stays the truth (the outbox's
unique key still forbids a second reply should two processes ever share a mailbox).

Updates are staged per message and per batch: they become visible to later messages of the
same batch once the message's savepoint succeeded, and permanent only once the batch commits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from responder.adapters.store import queries
from responder.mail.mime.headers import normalise_message_id


@dataclass
class _Entries:
    by_message: dict[str, int] = field(default_factory=dict)
    by_subject: dict[str, int] = field(default_factory=dict)
    replied: set[tuple[int, str]] = field(default_factory=set)
    ours: set[str] = field(default_factory=set)  # Message-IDs of what we sent
    sender_replies: dict[str, list[dt.datetime]] = field(default_factory=dict)  # sender -> delivery times answered
    minute_replies: Counter[int] = field(default_factory=Counter)  # minute since the epoch -> replies

    def merge(self, other: _Entries) -> None:
        self.by_message.update(other.by_message)
        self.by_subject.update(other.by_subject)
        self.replied |= other.replied
        self.ours |= other.ours
        for sender, times in other.sender_replies.items():
            self.sender_replies.setdefault(sender, []).extend(times)
        self.minute_replies.update(other.minute_replies)

    def count_reply(self, sender: str, when: dt.datetime) -> None:
        self.sender_replies.setdefault(sender.lower(), []).append(when)
        self.minute_replies[_minute(when)] += 1


def _minute(when: dt.datetime) -> int:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp() // 60)


class ThreadIndex:
    """Message-ID → thread, subject key → thread, and (thread, sender) already answered."""

    def __init__(self, replies_since: dt.datetime) -> None:
        self.replies_since = replies_since
        self._committed = _Entries()
        self._batch = _Entries()
        self._message = _Entries()
        self._loaded = False

    def load(self, session: Session) -> None:
        """Read the index from the database, once."""
        if self._loaded:
            return
        for message_id, thread_id in queries.thread_links(session):
            self._committed.by_message[message_id] = thread_id
        for key, thread_id in queries.subject_links(session):
            self._committed.by_subject[key] = thread_id
        # The caps look a day back, so the day before the absence counts for them, not for the threads.
        for answered_thread, sender, when in queries.answered(session, self.replies_since - dt.timedelta(days=1)):
            self._committed.count_reply(sender, when)
            if answered_thread is not None and when >= self.replies_since:
                self._committed.replied.add((answered_thread, sender))
        self._committed.ours.update(queries.sent_message_ids(session))
        self._loaded = True

    # ---- lookups -----------------------------------------------------------------------------

    def thread_of_message(self, message_id: str) -> int | None:
        for entries in (self._message, self._batch, self._committed):
            if message_id in entries.by_message:
                return entries.by_message[message_id]
        return None

    def thread_of_subject(self, subject_key: str) -> int | None:
        for entries in (self._message, self._batch, self._committed):
            if subject_key in entries.by_subject:
                return entries.by_subject[subject_key]
        return None

    def already_replied(self, thread_id: int, sender: str) -> bool:
        key = (thread_id, sender.lower())
        return any(key in entries.replied for entries in (self._message, self._batch, self._committed))

    def answers_ours(self, references: Iterable[str]) -> bool:
        """Whether any of ``references`` is a message we sent (an auto-reply, a handover)."""
        return any(ref in entries.ours for ref in references for entries in (self._message, self._batch, self._committed))

    def replies_to(self, sender: str, since: dt.datetime) -> int:
        """Replies given to ``sender`` for mail delivered after ``since`` (across all his threads)."""
        sender = sender.lower()
        return sum(1 for entries in (self._message, self._batch, self._committed)
                   for when in entries.sender_replies.get(sender, ()) if when > since)

    def replied_to_domain(self, domain: str, since: dt.datetime) -> bool:
        """Whether anyone at ``domain`` was given a reply for mail delivered after ``since``."""
        suffix = "@" + domain.lower()
        return any(when > since for entries in (self._message, self._batch, self._committed)
                   for sender, times in entries.sender_replies.items() if sender.endswith(suffix) for when in times)

    def replies_in_hour_before(self, when: dt.datetime) -> int:
        """Replies given for mail delivered in the hour up to ``when``."""
        end = _minute(when)
        return sum(entries.minute_replies.get(minute, 0) for entries in (self._message, self._batch, self._committed)
                   for minute in range(end - 59, end + 1))

    # ---- staged updates ----------------------------------------------------------------------

    def add_message(self, message_id: str, thread_id: int, subject_key: str | None, sender: str, replied: bool,
                    when: dt.datetime | None = None) -> None:
        self._message.by_message[message_id] = thread_id
        if subject_key is not None:
            self._message.by_subject[subject_key] = thread_id
        if replied:
            self._message.replied.add((thread_id, sender.lower()))
            if when is not None:
                self._message.count_reply(sender, when)

    def add_ours(self, message_id: str) -> None:
        """A message we just queued: an answer to it is never answered."""
        normalised = normalise_message_id(f"<{message_id.strip('<>')}>")
        if normalised:
            self._message.ours.add(normalised)

    def message_done(self, kept: bool) -> None:
        """The message's savepoint ended: keep its entries for the batch, or drop them."""
        if kept:
            self._batch.merge(self._message)
        self._message = _Entries()

    def batch_done(self, committed: bool) -> None:
        """The batch's transaction ended: make its entries permanent, or forget them."""
        if committed:
            self._committed.merge(self._batch)
        self._batch = _Entries()
        self._message = _Entries()
