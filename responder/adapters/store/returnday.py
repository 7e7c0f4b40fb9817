"""Named queries of the return side: the threads of a period with what the digest and report show.

Threads come with their messages, each message's facts and assignment, and the flags, in a few
``SELECT … IN`` statements rather than one per message. The digest leaves the raw bytes unread;
the report, which writes the original messages beside itself, asks for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload

from responder.adapters.store.models import Message, OutboxItem, OutboxKind, Thread


def _thread_options(*, with_raw: bool) -> tuple[object, ...]:
    messages = selectinload(Thread.messages)
    loads = [messages.selectinload(Message.facts), messages.selectinload(Message.assignment), selectinload(Thread.flags)]
    if not with_raw:
        loads.append(messages.options(defer(Message.raw)))
    return tuple(loads)


def threads_active_since(session: Session, start: dt.datetime, *, with_raw: bool = False) -> list[Thread]:
    """Threads with activity at or after ``start``, oldest first, loaded for the digest (or the report)."""
    query = (select(Thread).where(Thread.last_activity_at >= start).order_by(Thread.id)
             .options(*_thread_options(with_raw=with_raw)))  # type: ignore[arg-type]
    return list(session.scalars(query))


def thread_by_id(session: Session, thread_id: int, *, with_raw: bool = False) -> Thread | None:
    query = select(Thread).where(Thread.id == thread_id).options(*_thread_options(with_raw=with_raw))  # type: ignore[arg-type]
    return session.scalar(query)


def replies_by_message(session: Session, thread_ids: Sequence[int]) -> dict[int, OutboxItem]:
    """The auto-reply queued for each client message of these threads, by the message's row id."""
    if not thread_ids:
        return {}
    query = (select(OutboxItem).where(OutboxItem.kind == OutboxKind.reply, OutboxItem.thread_id.in_(thread_ids))
             .options(defer(OutboxItem.raw)))
    return {item.message_id: item for item in session.scalars(query) if item.message_id is not None}


def sent_by_thread(session: Session, thread_ids: Sequence[int]) -> dict[int, list[OutboxItem]]:
    """The auto-replies and handovers queued in these threads, in order, raw bytes included."""
    sent: dict[int, list[OutboxItem]] = {}
    if not thread_ids:
        return sent
    query = (select(OutboxItem).where(OutboxItem.thread_id.in_(thread_ids),
                                      OutboxItem.kind.in_([OutboxKind.reply, OutboxKind.handover]))
             .order_by(OutboxItem.id))
    for item in session.scalars(query):
        if item.thread_id is not None:
            sent.setdefault(item.thread_id, []).append(item)
    return sent
