"""What the service's in-process thread index loads at start: threads by Message-ID and by subject,
who was answered where and when, and the Message-IDs of everything we sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from responder.adapters.store.models import Message, OutboxItem, Thread
from responder.mail.mime.headers import normalise_message_id


def thread_links(session: Session) -> Sequence[tuple[str, int]]:
    """(Message-ID, thread id) of every threaded message, oldest first: what threading looks up."""
    rows = session.execute(select(Message.message_id, Message.thread_id).where(Message.thread_id.is_not(None))
                           .order_by(Message.id))
    return [(message_id, thread_id) for message_id, thread_id in rows if thread_id is not None]


def subject_links(session: Session) -> Sequence[tuple[str, int]]:
    """(subject key, thread id) of every thread that has one: the fallback for mail without references."""
    rows = session.execute(select(Thread.subject_key, Thread.id).where(Thread.subject_key.is_not(None)).order_by(Thread.id))
    return [(key, thread_id) for key, thread_id in rows if key is not None]


def sent_message_ids(session: Session) -> Sequence[str]:
    """The Message-IDs of everything we queued or sent (normalised): an answer to one is never answered."""
    ids = (normalise_message_id(m) for m in session.scalars(select(OutboxItem.rfc822_message_id)))
    return [m for m in ids if m]


def answered(session: Session, since: dt.datetime) -> Sequence[tuple[int | None, str, dt.datetime]]:
    """(thread id, sender, delivery time) of every message answered, delivered since ``since``: what
    "one reply per sender per thread" and the reply caps count."""
    rows = session.execute(select(Message.thread_id, Message.from_address, Message.delivered_at).where(
        Message.reply.is_(True), Message.delivered_at >= since))
    return [(thread_id, sender, when) for thread_id, sender, when in rows if when is not None]
