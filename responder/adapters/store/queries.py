"""The named queries the service needs; no SQL lives anywhere else.

Plain functions taking a :class:`~sqlalchemy.orm.Session`: the caller owns the transaction
(``with store.session() as session:``), so several of these compose into one atomic step; for
example :func:`record_message` records a message and advances the folder's watermark together.
Time is always passed in (``now``), never read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Dialect,
    Insert,
    Row,
    Table,
    UniqueConstraint,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.sql.visitors import iterate

from responder.adapters.store.models import (
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

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from responder.judge.flags import Post, Signal

RowT = TypeVar("RowT", bound=Base)

# Key in Session.info of the threads read or added in that session (see get_thread).
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
    _insert_row(session, message)
    if assignment is not None:
        assignment.message_id = message.id
        _insert_row(session, assignment)
    _attach_inserted(session, message, assignment)
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
    _insert_row(session, thread)
    _attach_inserted(session, thread)
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


# ---- outbox -------------------------------------------------------------------------------


def enqueue_outbox(session: Session, item: OutboxItem) -> OutboxItem | None:
    """Queue a composed message; None (not an error) when its ``dedup_key`` is already stored.

    This is what makes "one reply per sender per thread per absence" hold even across crashes
    and concurrent pollers: the UNIQUE constraint decides, in one ``INSERT … ON CONFLICT DO
    NOTHING`` (both SQLite and PostgreSQL have it): no SELECT first, no savepoint. Pass a new
    item, not yet added to the session; it comes back attached to it.
    """
    return _insert_unless_exists(session, item, OutboxItem.dedup_key == item.dedup_key)


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


def _table(model: type[Base]) -> Table:
    """The model's Table: declarative types ``__table__`` as any FromClause, and UPDATE wants a table."""
    table = model.__table__
    assert isinstance(table, Table), f"{model.__name__} is not mapped to a plain table"
    return table


_OUTBOX = _table(OutboxItem)
# What the sender needs of a claimed item, read by the claiming UPDATE itself.
_CLAIMED = (_OUTBOX.c.id, _OUTBOX.c.kind, _OUTBOX.c.envelope_sender, _OUTBOX.c.recipient, _OUTBOX.c.raw,
            _OUTBOX.c.rfc822_message_id)
_CLAIM_QUEUED = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"), _OUTBOX.c.state == OutboxState.queued,
           _OUTBOX.c.next_attempt_at <= bindparam("now"))
    .values(state=OutboxState.sending)
    .returning(*_CLAIMED)
)
_CLAIM_SENDING = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"), _OUTBOX.c.state == OutboxState.sending)
    .values(state=OutboxState.sending)
    .returning(*_CLAIMED)
)
_RECORD_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"))
    .values(state=OutboxState.sent, attempts=_OUTBOX.c.attempts + 1, sent_at=bindparam("now"), last_error=None,
            smtp_code=bindparam("code"), smtp_response=bindparam("response"))
)


def claim_outbox(session: Session, item_id: int, state: OutboxState, now: dt.datetime) -> Row[Any] | None:
    """Claim one item for sending (state ``sending``; commit this before sending), in one UPDATE.

    Only if it is still in ``state`` and, when ``queued``, due at ``now``; otherwise another run
    got to it first and None comes back. The UPDATE's row lock and its WHERE clause do what a
    SELECT … FOR UPDATE followed by a check would, and the row is not loaded into the session.
    Returns the columns the sender needs (id, kind, envelope_sender, recipient, raw, rfc822_message_id).
    """
    if state == OutboxState.queued:
        return session.execute(_CLAIM_QUEUED, {"item_id": item_id, "now": now}).first()
    if state == OutboxState.sending:
        return session.execute(_CLAIM_SENDING, {"item_id": item_id}).first()
    return None


def record_outbox_sent(session: Session, item_id: int, now: dt.datetime, *, smtp_code: int | None = None,
                       smtp_response: str | None = None) -> bool:
    """Record the server's acceptance (state ``sent``, one more attempt), in one UPDATE; False if the item is gone."""
    result = session.execute(_RECORD_SENT, {"item_id": item_id, "now": now, "code": smtp_code, "response": smtp_response})
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def mark_outbox_appended(session: Session, item_ids: Sequence[int]) -> None:
    """Record that these items' copies are in the Sent folder, in one UPDATE; unknown ids are skipped."""
    if item_ids:
        session.execute(update(_OUTBOX).where(_OUTBOX.c.id.in_(list(item_ids))).values(appended_to_sent=True))


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
                             own_addresses: Sequence[str]) -> tuple[int, int]:
    """Raise ``unanswered`` for threads whose client's last message is now overdue; resolve those answered since.

    ``own_addresses`` are the employee's and the delegate's: their messages are the human answers
    (an auto-reply, told apart by its Auto-Submitted header, is not). Returns (raised, resolved).
    A flag resolved by hand stays resolved for its message; a later client message can raise a new one.
    """
    from responder.adapters.store.models import FlagKind
    from responder.judge import flags as rules

    timelines = _timelines(session, frozenset(a.lower() for a in own_addresses))
    open_unanswered = session.scalars(
        select(Flag).where(Flag.kind == FlagKind.unanswered, Flag.resolved_at.is_(None))).all()
    due = {thread_id: rules.overdue(posts, now, after_hours=after_hours, zone=zone)
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


# Enough of a message's head to read its Auto-Submitted header without loading a 20 MB attachment.
_HEAD_BYTES = 8000


def _timelines(session: Session, own: frozenset[str]) -> dict[int, list[Post]]:
    """Per thread, who wrote when: the client, a human of the firm, or a robot (auto-replies, lists)."""
    from email.parser import BytesHeaderParser

    from responder.judge import flags as rules

    rows = session.execute(
        select(Message.id, Message.thread_id, Message.from_address, Message.delivered_at, Message.date_header,
               Message.received_at, Message.reply_reason)
        .where(Message.status == MessageStatus.processed, Message.thread_id.is_not(None))
        .order_by(Message.id)).all()
    own_domains = {a.rpartition("@")[2] for a in own}
    own_ids = [row.id for row in rows if row.from_address.lower() in own]
    automatic: set[int] = set()
    for start in range(0, len(own_ids), 500):
        chunk = own_ids[start:start + 500]
        for message_id, head in session.execute(
                select(Message.id, func.substr(Message.raw, 1, _HEAD_BYTES)).where(Message.id.in_(chunk))):
            headers = BytesHeaderParser().parsebytes(bytes(head))
            if ((headers.get("Auto-Submitted") or "no").strip().lower() != "no" or headers.get("X-Autoreply")
                    or headers.get("X-Autorespond")):
                automatic.add(message_id)
    timelines: dict[int, list[Post]] = {}
    for row in rows:
        if row.reply_reason == "copy":  # the same mail seen in a second folder
            continue
        sender = row.from_address.lower()
        if sender in own:
            by = rules.AUTO if row.id in automatic else rules.HUMAN
        elif sender.rpartition("@")[2] in own_domains:
            continue  # another colleague: neither the client nor the one who must answer
        else:
            by = rules.AUTO if (row.reply_reason in rules.NOT_A_CLIENT_REASONS or not sender) else rules.CLIENT
        at = row.delivered_at or row.date_header or row.received_at
        timelines.setdefault(row.thread_id, []).append(rules.Post(at, by, row.id))
    return timelines


def _request_of(session: Session, message_id: int) -> str | None:
    """The sentence in which the client asks something, or None when the message asks nothing."""
    from responder.judge import flags as rules
    from responder.mail import mime

    raw = session.scalar(select(Message.raw).where(Message.id == message_id)) or b""
    asked = rules.request_sentence(mime.parse(bytes(raw)).new_text)
    return None if asked is None else " ".join(asked.split())[:500]


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


def _column_values(row: Base) -> dict[str, object]:
    """The row's column values for a Core INSERT, the models' scalar defaults filled in."""
    values: dict[str, object] = {}
    for column in type(row).__table__.columns:
        if column.primary_key:
            continue
        value = getattr(row, column.key)
        if value is None and column.default is not None and getattr(column.default, "is_scalar", False):
            value = column.default.arg
        values[column.key] = value
    return values


@cache
def _insert_returning_id(table: Table) -> Insert:
    """One prepared ``INSERT … RETURNING id`` per table: built and compiled once, not per row."""
    return insert(table).returning(table.c.id)


def _insert_row(session: Session, row: Base) -> None:
    """INSERT a new row's values with Core on the session's connection and give the row its id."""
    values = _column_values(row)
    table = type(row).__table__
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        new_id = _run_on_driver(connection, _driver_insert(connection.dialect, table, None), values)
    else:
        new_id = connection.execute(_insert_returning_id(table), values).scalar_one()
    _take_values(row, values)
    row.id = new_id  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _DriverInsert:
    """An ``INSERT … RETURNING id`` compiled once for one SQLite dialect: SQL, parameter order, converters."""

    sql: str
    names: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]


@lru_cache(maxsize=64)
def _driver_insert(dialect: Dialect, table: Table, unique: tuple[str, ...] | None) -> _DriverInsert:
    """The INSERT of every column but the id (``ON CONFLICT (unique) DO NOTHING`` when given), compiled once."""
    columns = [column for column in table.columns if not column.primary_key]
    statement = sqlite_insert(table).values({c.key: bindparam(c.key, type_=c.type) for c in columns})
    if unique is not None:
        statement = statement.on_conflict_do_nothing(index_elements=list(unique))
    compiled = statement.returning(table.c.id).compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    converters = tuple(table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names)
    return _DriverInsert(compiled.string, names, converters)


def _run_on_driver(connection: Connection, prepared: _DriverInsert, values: dict[str, object]) -> int | None:
    """Run a prepared SQLite INSERT on the driver's cursor; the new id, or None when nothing was inserted.

    SQLAlchemy's execution costs ten times the INSERT itself (cache key, parameter processing,
    result object); the statement is compiled once and the column types convert the values as
    SQLAlchemy would. It runs in the connection's transaction, and errors come back as
    SQLAlchemy's (StatementError for a value refused, IntegrityError and the like from SQLite).
    """
    try:
        parameters = tuple(value if convert is None else convert(value)
                           for convert, value in zip(prepared.converters, (values[name] for name in prepared.names),
                                                     strict=True))
    except Exception as exc:
        raise StatementError(f"({type(exc).__module__}.{type(exc).__name__}) {exc}", prepared.sql, values, exc) from exc
    driver = connection.dialect.loaded_dbapi
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(prepared.sql, parameters)
        found = cursor.fetchone()
    except driver.Error as exc:
        raise DBAPIError.instance(prepared.sql, parameters, exc, driver.Error) from exc
    finally:
        cursor.close()
    return None if found is None else int(found[0])


def _take_values(row: Base, values: dict[str, object]) -> None:
    """Give the row the values written for it: only the defaults filled in differ from its own."""
    current = row.__dict__
    for key, value in values.items():
        if current.get(key) is not value:
            setattr(row, key, value)


def _attach_inserted(session: Session, *rows: Base | None) -> None:
    """Make rows just INSERTed persistent in the session, without reading back what was written.

    A row of the same identity can still be in the session when a rolled-back savepoint's id is
    given out again (SQLite reuses the highest rowid): that stale row is dropped first.
    """
    inserted = [row for row in rows if row is not None]
    for row in inserted:
        stale = session.identity_map.get(session.identity_key(type(row), row.id))  # type: ignore[attr-defined]
        if stale is not None and stale is not row:
            session.expunge(stale)
        make_transient_to_detached(row)
    for row in inserted:
        if row not in session:
            session.add(row)


def _insert_unless_exists(session: Session, row: RowT, duplicate: ColumnElement[bool]) -> RowT | None:
    """Insert ``row`` unless a row matching ``duplicate`` exists; None then, else the row, attached.

    When ``duplicate`` compares exactly the columns of one of the table's UNIQUE constraints, on
    SQLite and PostgreSQL the constraint decides in one ``INSERT … ON CONFLICT DO NOTHING``: no
    flush, no SELECT, no savepoint, and race-safe. Elsewhere the SELECT settles the usual case
    and a savepoint catches the rare race where another transaction inserted the same key in
    between. Any other integrity error (a missing foreign key, say) is re-raised.
    """
    model = type(row)
    dialect = session.get_bind().dialect.name
    table = _table(model)
    unique = _unique_columns(table, duplicate)
    if unique is not None and dialect in ("sqlite", "postgresql"):
        _flush_pending_parents(session, table)
        values = _column_values(row)
        connection = session.connection()
        if dialect == "sqlite":
            new_id = _run_on_driver(connection, _driver_insert(connection.dialect, table, unique), values)
        else:
            new_id = connection.execute(_insert_or_nothing(dialect, table, unique), values).scalar_one_or_none()
        if new_id is None:
            return None
        _take_values(row, values)
        row.id = new_id  # type: ignore[attr-defined]
        _attach_inserted(session, row)
        return row
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


def _unique_columns(table: Table, duplicate: ColumnElement[bool]) -> tuple[str, ...] | None:
    """The columns of the table's UNIQUE constraint that ``duplicate`` compares, if it compares one exactly."""
    compared = {node.name for node in iterate(duplicate) if isinstance(node, Column) and node.table is table}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and {c.name for c in constraint.columns} == compared:
            return tuple(c.name for c in constraint.columns)
    return None


@cache
def _insert_or_nothing(dialect: str, table: Table, unique: tuple[str, ...]) -> Insert:
    """``INSERT … ON CONFLICT (unique) DO NOTHING RETURNING id``, built once per table."""
    insert_for_dialect = sqlite_insert if dialect == "sqlite" else postgresql_insert
    return insert_for_dialect(table).on_conflict_do_nothing(index_elements=list(unique)).returning(table.c.id)


def _flush_pending_parents(session: Session, table: Table) -> None:
    """Flush first if a row this table refers to is still pending (a Core INSERT does not autoflush)."""
    parents = {key.column.table for key in table.foreign_keys}
    if any(getattr(type(pending), "__table__", None) in parents for pending in session.new):
        session.flush()


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
