"""Named queries of the flags: raise once, resolve, list; and the unanswered threads, read from the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session

from responder.adapters.store.models import (
    Flag,
    Message,
    MessageFacts,
    MessageStatus,
    Thread,
)
from responder.judge.parties import OUTSIDE_HUMANS, Role

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from responder.judge.flags import Post, Signal

from responder.adapters.store.rows import insert_unless_exists

# ---- flags --------------------------------------------------------------------------------

def raise_flag(session: Session, flag: Flag) -> Flag | None:
    """Store a flag; None when the same (thread, kind, message) flag already exists."""
    duplicate = (Flag.thread_id == flag.thread_id) & (Flag.kind == flag.kind) & (Flag.message_id == flag.message_id)
    return insert_unless_exists(session, flag, duplicate)


def open_flags(session: Session, thread_id: int | None = None) -> Sequence[Flag]:
    """Unresolved flags, most severe first, optionally for one thread."""
    query = select(Flag).where(Flag.resolved_at.is_(None))
    if thread_id is not None:
        query = query.where(Flag.thread_id == thread_id)
    return session.scalars(query.order_by(Flag.severity.desc(), Flag.created_at, Flag.id)).all()


def resolve_flag(flag: Flag, now: dt.datetime) -> None:
    flag.resolved_at = now


def raise_message_flags(session: Session, message: Message, signals: Sequence[Signal], now: dt.datetime) -> list[Flag]:
    """Store the flags one recorded message raises; one already stored (even resolved by hand) is kept as it is."""
    from responder.adapters.store.models import Evidence, FlagKind

    raised: list[Flag] = []
    for signal in signals:
        flag = Flag(thread_id=message.thread_id, kind=FlagKind(signal.kind), severity=signal.severity,
                    evidence=Evidence(signal.evidence) if signal.evidence else None, evidence_text=signal.sentence,
                    message_id=message.id, created_at=now)
        if raise_flag(session, flag) is not None:
            raised.append(flag)
    return raised


def refresh_unanswered_flags(session: Session, now: dt.datetime, *, after_hours: float, zone: ZoneInfo,
                             holidays: Container[dt.date] = frozenset()) -> tuple[int, int]:
    """Raise ``unanswered`` for threads whose client's last message is now overdue; resolve those answered since.

    The human answers are the employee's and the delegate's messages as judged at ingest (an
    auto-reply, told apart by the guard, is not). Returns (raised, resolved).
    A flag resolved by hand stays resolved for its message; a later client message can raise a new one.
    ``holidays`` are the dates that are no working days, besides weekends.
    """
    from responder.adapters.store.models import FlagKind
    from responder.judge import flags as rules

    timelines = _timelines(session)
    open_unanswered = session.scalars(
        select(Flag).where(Flag.kind == FlagKind.unanswered, Flag.resolved_at.is_(None))).all()
    due = {thread_id: rules.overdue(posts, now, after_hours=after_hours, zone=zone, holidays=holidays)
           for thread_id, posts in timelines.items()}
    resolved = 0
    for flag in open_unanswered:
        posts = timelines.get(flag.thread_id, [])
        flagged = next((p for p in posts if p.message_id == flag.message_id), None)
        current = due.get(flag.thread_id)
        superseded = current is not None and current.message_id != flag.message_id  # a later client message is due
        if flagged is None or rules.answered_since(posts, flagged.at) or superseded:
            resolve_flag(flag, now)
            resolved += 1
    known = {(thread_id, message_id) for thread_id, message_id in
             session.execute(select(Flag.thread_id, Flag.message_id).where(Flag.kind == FlagKind.unanswered))}
    # A client is someone writing about one of the projects: a friend's or a supplier's unsorted
    # question is the employee's to read, not a client to call back.
    project_threads = set(session.scalars(select(Thread.id).where(Thread.project_id.is_not(None))))
    raised = 0
    for thread_id, post in due.items():
        if post is None or post.message_id is None or (thread_id, post.message_id) in known:
            continue  # nothing due, or already flagged (open, or resolved by hand: it stays resolved)
        if thread_id not in project_threads:
            continue
        asked = _request_of(session, post.message_id)
        if asked is None:
            continue  # a thank-you or a notice waits for no answer
        flag = Flag(thread_id=thread_id, kind=FlagKind.unanswered, severity=rules.SEVERITY[rules.UNANSWERED],
                    evidence=None, evidence_text=asked, message_id=post.message_id, created_at=now)
        if raise_flag(session, flag) is not None:
            raised += 1
    return raised, resolved


def _timelines(session: Session) -> dict[int, list[Post]]:
    """Per thread, who wrote when: an outside human, a human of the firm, or a machine.

    Read from the roles judged at ingest: the employee's and the delegate's mail is a human
    answer unless a guard rule called it automatic (an auto-reply); a colleague's mail is neither
    the client's nor the answer owed; a message not judged yet is left out.
    """
    from responder.judge import flags as rules

    rows = session.execute(
        select(Message.id, Message.thread_id, Message.delivered_at, Message.date_header, Message.received_at,
               MessageFacts.sender_role, MessageFacts.robot_rule)
        .join(MessageFacts, MessageFacts.message_id == Message.id)
        .where(Message.status == MessageStatus.processed, Message.thread_id.is_not(None),
               Message.reply_reason.is_distinct_from("copy"))
        .order_by(Message.id)).all()
    timelines: dict[int, list[Post]] = {}
    for row in rows:
        role = Role(row.sender_role)
        if role in (Role.employee, Role.delegate):
            by = rules.AUTO if row.robot_rule else rules.HUMAN
        elif role in OUTSIDE_HUMANS:
            by = rules.CLIENT
        elif role is Role.robot:
            by = rules.AUTO
        else:
            continue  # another colleague: neither the client nor the one who must answer
        at = row.delivered_at or row.date_header or row.received_at
        timelines.setdefault(row.thread_id, []).append(rules.Post(at, by, row.id))
    return timelines


def _request_of(session: Session, message_id: int) -> str | None:
    """The sentence in which the client asks something, or None when the message asks nothing."""
    return session.scalar(select(MessageFacts.request).where(MessageFacts.message_id == message_id))


def open_flags_with_threads(session: Session, project: str | None = None) -> Sequence[Flag]:
    """Unresolved flags with their thread and message loaded, most severe first, optionally for one project."""
    from sqlalchemy.orm import joinedload

    query = (select(Flag).join(Thread, Flag.thread_id == Thread.id).where(Flag.resolved_at.is_(None))
             .options(joinedload(Flag.thread), joinedload(Flag.message)))
    if project is not None:
        query = query.where(Thread.project_id == project)
    return session.scalars(query.order_by(Flag.severity.desc(), Flag.created_at, Flag.id)).all()


def resolve_thread_flags(session: Session, thread_id: int, now: dt.datetime) -> int | None:
    """Mark every open flag of a thread handled; the number resolved, or None when there is no such thread."""
    if session.get(Thread, thread_id) is None:
        return None
    flags = open_flags(session, thread_id)
    for flag in flags:
        resolve_flag(flag, now)
    return len(flags)
