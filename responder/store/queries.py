"""The named queries the service needs; no SQL lives anywhere else.

Plain functions taking a :class:`~sqlalchemy.orm.Session`: the caller owns the transaction
(``with store.session() as session:``), so several of these compose into one atomic step; for
example :func:`record_message` records a message and advances the folder's watermark together.
Time is always passed in (``now``), never read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, make_transient_to_detached

from responder.store.models import (
    Assignment,
    Base,
    Flag,
    Message,
    MessageStatus,
    OutboxItem,
    OutboxKind,
    OutboxState,
    PollRun,
    PollStatus,
    SyncState,
    Thread,
)

RowT = TypeVar("RowT", bound=Base)

# ---- sync state ---------------------------------------------------------------------------


def get_sync_state(session: Session, source: str, folder: str) -> SyncState:
    """The watermark of one folder, created empty on first use."""
    state = session.scalar(select(SyncState).where(SyncState.source == source, SyncState.folder == folder))
    if state is None:
        state = SyncState(source=source, folder=folder, last_uid=0)
        session.add(state)
        session.flush()
    return state


def reset_uidvalidity(state: SyncState, uidvalidity: int) -> None:
    """The server renumbered the folder: adopt the new UIDVALIDITY and start the watermark at 0.

    Known messages are re-paired by Message-ID (:func:`repair_message`), not reprocessed.
    """
    state.uidvalidity = uidvalidity
    state.last_uid = 0


def advance_sync_state(state: SyncState, uid: int) -> None:
    """Move the watermark up to ``uid``; never down (a late, lower UID must not rewind it)."""
    state.last_uid = max(state.last_uid, uid)


def record_poll_result(
    state: SyncState, now: dt.datetime, *, uidnext: int | None = None, error: str | None = None
) -> None:
    """Remember when the folder was last polled, and whether that poll worked."""
    state.last_poll_at = now
    if uidnext is not None:
        state.uidnext = uidnext
    state.last_error = error
    if error is None:
        state.last_success_at = now


# ---- messages -----------------------------------------------------------------------------


def record_message(session: Session, message: Message, state: SyncState | None = None) -> Message:
    """Store a new message and, given the folder's ``state``, advance its watermark in the same transaction.

    The message must come from ``state``'s folder and UIDVALIDITY; anything else is a bug in the
    caller and raises ValueError before anything is written.
    """
    if state is not None:
        _check_same_folder(message, state)
    session.add(message)
    session.flush()
    if state is not None and message.uid is not None:
        advance_sync_state(state, message.uid)
    return message


def _check_same_folder(message: Message, state: SyncState) -> None:
    if (message.source, message.folder) != (state.source, state.folder):
        raise ValueError(
            f"message from {message.source}/{message.folder} recorded against {state.source}/{state.folder}"
        )
    if message.uid is not None and message.uidvalidity != state.uidvalidity:
        raise ValueError(f"message UIDVALIDITY {message.uidvalidity} is not the folder's {state.uidvalidity}")


def find_message_by_uid(session: Session, source: str, folder: str, uidvalidity: int, uid: int) -> Message | None:
    return session.scalar(
        select(Message).where(
            Message.source == source,
            Message.folder == folder,
            Message.uidvalidity == uidvalidity,
            Message.uid == uid,
        )
    )


def find_message_by_message_id(session: Session, message_id: str, *, source: str | None = None) -> Message | None:
    """The first stored message with this (normalised) Message-ID, optionally within one source."""
    query = select(Message).where(Message.message_id == message_id)
    if source is not None:
        query = query.where(Message.source == source)
    return session.scalars(query.order_by(Message.id).limit(1)).first()


def repair_message(message: Message, uidvalidity: int, uid: int) -> None:
    """Re-pair a known message with its new UID after a UIDVALIDITY change, as mbsync does."""
    message.uidvalidity = uidvalidity
    message.uid = uid


def mark_message_failed(message: Message, error: str, *, max_attempts: int) -> MessageStatus:
    """Count one more failed attempt; after ``max_attempts`` the message is quarantined for good."""
    message.attempts += 1
    message.error = error
    message.status = MessageStatus.quarantined if message.attempts >= max_attempts else MessageStatus.failed
    return message.status


def messages_to_retry(session: Session, limit: int = 50) -> Sequence[Message]:
    """Failed (not quarantined) messages, oldest first; their raw bytes are stored, no refetch needed."""
    query = select(Message).where(Message.status == MessageStatus.failed).order_by(Message.id).limit(limit)
    return session.scalars(query).all()


def quarantined_messages(session: Session) -> Sequence[Message]:
    query = select(Message).where(Message.status == MessageStatus.quarantined).order_by(Message.id)
    return session.scalars(query).all()


def message_counts(session: Session) -> dict[MessageStatus, int]:
    """How many messages are processed, failed and quarantined (every status present, maybe 0)."""
    rows = session.execute(select(Message.status, func.count()).group_by(Message.status)).all()
    counts = {status: 0 for status in MessageStatus}
    counts.update({MessageStatus(status): count for status, count in rows})
    return counts


def record_assignment(session: Session, assignment: Assignment) -> Assignment:
    session.add(assignment)
    session.flush()
    return assignment


# ---- threads ------------------------------------------------------------------------------


def find_thread_by_key(session: Session, key: str) -> Thread | None:
    return session.scalar(select(Thread).where(Thread.key == key))


def create_thread(
    session: Session,
    key: str,
    when: dt.datetime,
    *,
    subject: str = "",
    client_address: str | None = None,
    project_id: str | None = None,
) -> Thread:
    thread = Thread(
        key=key,
        subject=subject,
        client_address=client_address,
        project_id=project_id,
        first_activity_at=when,
        last_activity_at=when,
    )
    session.add(thread)
    session.flush()
    return thread


def touch_thread(thread: Thread, when: dt.datetime) -> None:
    """Widen the thread's activity window to include ``when`` (mail arrives out of order)."""
    thread.first_activity_at = min(thread.first_activity_at, when)
    thread.last_activity_at = max(thread.last_activity_at, when)


def thread_of_message_id(session: Session, message_id: str) -> Thread | None:
    """The thread of a stored message, for following In-Reply-To and References."""
    query = select(Thread).join(Message, Message.thread_id == Thread.id).where(Message.message_id == message_id)
    return session.scalars(query.order_by(Message.id).limit(1)).first()


# ---- outbox -------------------------------------------------------------------------------


def enqueue_outbox(session: Session, item: OutboxItem) -> OutboxItem | None:
    """Queue a composed message; None (not an error) when its ``dedup_key`` is already stored.

    This is what makes "one reply per sender per thread per absence" hold even across crashes
    and concurrent pollers: the UNIQUE constraint decides, in one ``INSERT … ON CONFLICT DO
    NOTHING`` (both SQLite and PostgreSQL have it): no SELECT first, no savepoint. Pass a new
    item, not yet added to the session; it comes back attached to it.
    """
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):  # another backend: the portable way
        return _insert_unless_exists(session, item, OutboxItem.dedup_key == item.dedup_key)
    values = _column_values(item)
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    statement = insert(OutboxItem).values(values).on_conflict_do_nothing(index_elements=["dedup_key"])
    new_id = session.execute(statement.returning(OutboxItem.id)).scalar_one_or_none()
    if new_id is None:
        return None
    for key, value in values.items():
        setattr(item, key, value)
    item.id = new_id
    make_transient_to_detached(item)
    session.add(item)  # persistent now, without reading back what was just written
    return item


def _column_values(row: OutboxItem) -> dict[str, object]:
    """The row's column values for a Core INSERT, the models' scalar defaults filled in."""
    values: dict[str, object] = {}
    for column in OutboxItem.__table__.columns:
        if column.primary_key:
            continue
        value = getattr(row, column.key)
        if value is None and column.default is not None and getattr(column.default, "is_scalar", False):
            value = column.default.arg
        values[column.key] = value
    return values


def due_outbox(session: Session, now: dt.datetime, limit: int = 20) -> Sequence[OutboxItem]:
    """Queued items whose time has come, the longest waiting first."""
    query = (
        select(OutboxItem)
        .where(OutboxItem.state == OutboxState.queued, OutboxItem.next_attempt_at <= now)
        .order_by(OutboxItem.next_attempt_at, OutboxItem.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def interrupted_outbox(session: Session) -> Sequence[OutboxItem]:
    """Items left in ``sending`` by a crash; the outbox sends them again when it starts.

    Whether the server accepted one before the crash is unknown: sending again risks a duplicate
    only in that narrow window, while not sending would lose the reply for sure.
    """
    query = select(OutboxItem).where(OutboxItem.state == OutboxState.sending).order_by(OutboxItem.id)
    return session.scalars(query).all()


def outbox_for_update(session: Session, item_id: int) -> OutboxItem | None:
    """One outbox item, row-locked on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises).

    The sender reads the state under this lock before claiming the item, so two runs that
    raced for the same item cannot both see it ``queued`` and both send it.
    """
    return session.get(OutboxItem, item_id, with_for_update=True, populate_existing=True)


def unsaved_sent_copies(session: Session, kinds: Sequence[OutboxKind], limit: int = 50) -> Sequence[OutboxItem]:
    """Sent items of ``kinds`` not yet appended to the Sent folder, oldest first."""
    query = (
        select(OutboxItem)
        .where(
            OutboxItem.state == OutboxState.sent,
            OutboxItem.appended_to_sent.is_(False),
            OutboxItem.kind.in_(list(kinds)),
        )
        .order_by(OutboxItem.id)
        .limit(limit)
    )
    return session.scalars(query).all()


def mark_sending(item: OutboxItem) -> None:
    """Claim the item before talking to the server (commit this before sending)."""
    item.state = OutboxState.sending


def mark_sent(
    item: OutboxItem, now: dt.datetime, *, smtp_code: int | None = None, smtp_response: str | None = None
) -> None:
    item.state = OutboxState.sent
    item.attempts += 1
    item.sent_at = now
    item.last_error = None
    item.smtp_code = smtp_code
    item.smtp_response = smtp_response


def mark_failed(
    item: OutboxItem, error: str, *, smtp_code: int | None = None, smtp_response: str | None = None
) -> None:
    """A permanent failure (5xx, or retries exhausted): kept with the server's answer, never retried."""
    item.state = OutboxState.failed
    item.attempts += 1
    item.last_error = error
    item.smtp_code = smtp_code
    item.smtp_response = smtp_response


def schedule_retry(
    item: OutboxItem,
    at: dt.datetime,
    error: str,
    *,
    smtp_code: int | None = None,
    smtp_response: str | None = None,
) -> None:
    """A temporary failure: back to the queue, due again at ``at`` (the caller's backoff)."""
    item.state = OutboxState.queued
    item.attempts += 1
    item.next_attempt_at = at
    item.last_error = error
    item.smtp_code = smtp_code
    item.smtp_response = smtp_response


def mark_appended_to_sent(item: OutboxItem) -> None:
    item.appended_to_sent = True


def reply_exists(session: Session, dedup_key: str) -> bool:
    """Whether a reply with this key was ever queued (for previews that must not enqueue)."""
    return session.scalar(select(OutboxItem.id).where(OutboxItem.dedup_key == dedup_key)) is not None


# ---- flags --------------------------------------------------------------------------------


def raise_flag(session: Session, flag: Flag) -> Flag | None:
    """Store a flag; None when the same (thread, kind, message) flag already exists."""
    duplicate = (Flag.thread_id == flag.thread_id) & (Flag.kind == flag.kind) & (Flag.message_id == flag.message_id)
    return _insert_unless_exists(session, flag, duplicate)


def open_flags(session: Session, thread_id: int | None = None) -> Sequence[Flag]:
    """Unresolved flags, most severe first, optionally for one thread."""
    query = select(Flag).where(Flag.resolved_at.is_(None))
    if thread_id is not None:
        query = query.where(Flag.thread_id == thread_id)
    return session.scalars(query.order_by(Flag.severity.desc(), Flag.created_at, Flag.id)).all()


def resolve_flag(flag: Flag, now: dt.datetime) -> None:
    flag.resolved_at = now


# ---- poll runs ----------------------------------------------------------------------------


def start_poll_run(session: Session, source: str, folder: str, now: dt.datetime) -> PollRun:
    run = PollRun(source=source, folder=folder, started_at=now, status=PollStatus.running)
    session.add(run)
    session.flush()
    return run


def finish_poll_run(
    run: PollRun, now: dt.datetime, *, fetched: int, processed: int, failed: int, error: str | None = None
) -> None:
    """Close a run: ``failed`` status when the poll itself broke (single failed messages do not)."""
    run.finished_at = now
    run.fetched, run.processed, run.failed = fetched, processed, failed
    run.error = error
    run.status = PollStatus.failed if error is not None else PollStatus.ok


def latest_poll_runs(session: Session, limit: int = 10) -> Sequence[PollRun]:
    query = select(PollRun).order_by(PollRun.started_at.desc(), PollRun.id.desc()).limit(limit)
    return session.scalars(query).all()


# ---- helpers ------------------------------------------------------------------------------


def _insert_unless_exists(session: Session, row: RowT, duplicate: ColumnElement[bool]) -> RowT | None:
    """Insert ``row`` unless a row matching ``duplicate`` exists; race-safe through a savepoint.

    The SELECT settles the usual case without an exception; the savepoint catches the rare race
    where another transaction inserted the same key in between. Any other integrity error
    (a missing foreign key, say) is re-raised.
    """
    model = type(row)
    session.flush()  # the caller's pending rows must not share the savepoint's fate
    if session.scalar(select(model.id).where(duplicate)) is not None:  # type: ignore[attr-defined]
        return None
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if session.scalar(select(model.id).where(duplicate)) is not None:  # type: ignore[attr-defined]
            return None
        raise
    return row


# ---- polling (additive) -------------------------------------------------------------------


def known_uids(session: Session, source: str, folder: str, uidvalidity: int, uids: Sequence[int]) -> set[int]:
    """Which of ``uids`` are already stored for this folder and UIDVALIDITY (processed or not)."""
    if not uids:
        return set()
    query = select(Message.uid).where(
        Message.source == source, Message.folder == folder, Message.uidvalidity == uidvalidity,
        Message.uid.in_(list(uids)),
    )
    return {int(uid) for uid in session.scalars(query) if uid is not None}


def folder_has_messages(session: Session, source: str, folder: str) -> bool:
    """Whether anything was ever stored from this folder (under any UIDVALIDITY)."""
    query = select(Message.id).where(Message.source == source, Message.folder == folder).limit(1)
    return session.scalar(query) is not None


def find_message_to_repair(session: Session, source: str, folder: str, message_id: str, uidvalidity: int) -> Message | None:
    """The oldest stored message of this folder with this Message-ID not yet under ``uidvalidity``."""
    query = select(Message).where(
        Message.source == source, Message.folder == folder, Message.message_id == message_id,
        (Message.uidvalidity.is_(None)) | (Message.uidvalidity != uidvalidity),
    )
    return session.scalars(query.order_by(Message.id).limit(1)).first()


def outbox_origins(session: Session, ids: Sequence[int]) -> list[tuple[OutboxKind, str | None, str | None]]:
    """(kind, source, folder) of the message each outbox item answers, for per-folder counts."""
    if not ids:
        return []
    query = (
        select(OutboxItem.kind, Message.source, Message.folder)
        .outerjoin(Message, OutboxItem.message_id == Message.id)
        .where(OutboxItem.id.in_(list(ids)))
    )
    return [(OutboxKind(kind), source, folder) for kind, source, folder in session.execute(query)]
