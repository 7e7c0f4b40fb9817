"""The named queries the service needs; no SQL lives anywhere else.

Plain functions taking a :class:`~sqlalchemy.orm.Session`: the caller owns the transaction
(``with store.session() as session:``), so several of these compose into one atomic step; for
example :func:`record_message` records a message and advances the folder's watermark together.
Time is always passed in (``now``), never read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import (
    bindparam,
    func,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from responder.adapters.store.flag_queries import (
    open_flags,
    open_flags_with_threads,
    raise_flag,
    raise_message_flags,
    refresh_unanswered_flags,
    resolve_flag,
    resolve_thread_flags,
)
from responder.adapters.store.index_queries import (
    answered,
    sent_message_ids,
    subject_links,
    thread_links,
)
from responder.adapters.store.models import (
    Assignment,
    Message,
    MessageStatus,
    OutboxItem,
    OutboxKind,
    PollRun,
    PollStatus,
    SyncState,
    Thread,
)
from responder.adapters.store.outbox_queries import (
    claim_outbox,
    due_outbox,
    enqueue_outbox,
    interrupted_outbox,
    mark_failed,
    mark_outbox_appended,
    outbox_for_update,
    record_outbox_sent,
    reply_exists,
    schedule_retry,
    unsaved_sent_copies,
)
from responder.adapters.store.rows import attach_inserted, insert_row

if TYPE_CHECKING:

    pass


# Key in Session.info of the threads read or added in that session (see get_thread).
__all__ = ["add_thread", "advance_sync_state", "answered", "claim_outbox", "create_thread", "delete_message", "due_outbox",
    "enqueue_outbox", "find_message_by_message_id", "find_message_by_uid", "find_message_to_repair",
    "find_thread_by_key", "finish_poll_run", "folder_has_messages", "get_sync_state", "get_thread",
    "interrupted_outbox", "known_uids", "latest_poll_runs", "mark_failed", "mark_message_failed",
    "mark_outbox_appended", "message_counts", "messages_to_retry", "open_flags", "open_flags_with_threads",
    "outbox_for_update", "outbox_origins", "poll_run", "quarantined_messages", "raise_flag", "raise_message_flags",
    "record_assignment", "record_message", "record_outbox_sent", "record_poll_result", "refresh_unanswered_flags",
    "repair_message", "reply_exists", "reset_uidvalidity", "resolve_flag", "resolve_thread_flags",
    "schedule_retry", "sent_message_ids", "session_sync_state", "start_poll_run", "subject_links", "thread_links",
    "thread_of_message_id", "touch_thread", "unsaved_sent_copies"]

_SYNC_STATES = "responder.sync_states"  # Session.info key: the watermarks read in that session
_THREADS_SEEN = "responder.threads_seen"

# ---- sync state ---------------------------------------------------------------------------


def get_sync_state(session: Session, source: str, folder: str) -> SyncState:
    """The watermark of one folder, created empty on first use."""
    state = session.scalar(select(SyncState).where(SyncState.source == source, SyncState.folder == folder))
    if state is None:
        state = SyncState(source=source, folder=folder, last_uid=0)
        session.add(state)
        session.flush()
    return state


def session_sync_state(session: Session, source: str, folder: str) -> SyncState:
    """The folder's watermark, queried once per session rather than once per message.

    A query would return this same object from the session's identity map; only one that left
    the session (added in a savepoint that was rolled back) is looked up again.
    """
    key = (source, folder)
    states: dict[tuple[str, str], SyncState] = session.info.setdefault(_SYNC_STATES, {})
    state = states.get(key)
    if state is None or not sa_inspect(state).persistent:
        state = states[key] = get_sync_state(session, source, folder)
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

    The message, and the :class:`Assignment` set on it if any, are written at once with one
    ``INSERT … RETURNING id`` each, outside the unit of work (whose flush costs several times the
    INSERT itself), and come back attached to the session as if flushed. A thread set through
    ``message.thread`` must be stored (see :func:`add_thread`) or pending, in which case the
    session is flushed first.
    """
    if state is not None:
        _check_same_folder(message, state)
    thread = message.thread
    if thread is not None and message.thread_id is None:
        if thread.id is None:
            session.add(thread)
            session.flush()
        message.thread_id = thread.id
    assignment = message.assignment
    insert_row(session, message)
    if assignment is not None:
        assignment.message_id = message.id
        insert_row(session, assignment)
    attach_inserted(session, message, assignment)
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


_MESSAGE_BY_UID = select(Message).where(
    Message.source == bindparam("source"),
    Message.folder == bindparam("folder"),
    Message.uidvalidity == bindparam("uidvalidity"),
    Message.uid == bindparam("uid"),
)


def find_message_by_uid(session: Session, source: str, folder: str, uidvalidity: int, uid: int) -> Message | None:
    """The stored message at this UID; the statement is built once (it is asked for every message)."""
    return session.scalar(_MESSAGE_BY_UID, {"source": source, "folder": folder, "uidvalidity": uidvalidity, "uid": uid})


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


def add_thread(session: Session, thread: Thread) -> Thread:
    """Store a new thread now (its id is needed at once) with one INSERT, outside the unit of work.

    Pass a new thread, not yet added to the session; it comes back attached to it, with its id.
    """
    insert_row(session, thread)
    attach_inserted(session, thread)
    session.info.setdefault(_THREADS_SEEN, {})[thread.id] = thread
    return thread


def get_thread(session: Session, thread_id: int) -> Thread | None:
    """A thread by id, read from the database at most once per session.

    The session's identity map holds its objects weakly, so a thread nobody references is
    forgotten and read again for the next message of the same thread; keeping the threads seen
    in the session's ``info`` makes a batch read each of its threads once.
    """
    seen: dict[int, Thread] = session.info.setdefault(_THREADS_SEEN, {})
    thread = seen.get(thread_id)
    if thread is None:
        thread = session.get(Thread, thread_id)
        if thread is not None:
            seen[thread_id] = thread
    return thread


def touch_thread(thread: Thread, when: dt.datetime) -> None:
    """Widen the thread's activity window to include ``when`` (mail arrives out of order)."""
    thread.first_activity_at = min(thread.first_activity_at, when)
    thread.last_activity_at = max(thread.last_activity_at, when)


def thread_of_message_id(session: Session, message_id: str) -> Thread | None:
    """The thread of a stored message, for following In-Reply-To and References."""
    query = select(Thread).join(Message, Message.thread_id == Thread.id).where(Message.message_id == message_id)
    return session.scalars(query.order_by(Message.id).limit(1)).first()


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


def poll_run(session: Session, run_id: int) -> PollRun | None:
    return session.get(PollRun, run_id)


def delete_message(session: Session, message: Message) -> None:
    """Forget a stored message (and its facts and assignment), to record it again in the same transaction."""
    session.delete(message)
    session.flush()
