"""What the service must remember between two polls, as SQLAlchemy 2.0 typed models.

The database is the service's memory and its safety net: the watermark per folder (so nothing is
read twice or skipped), every message with its raw bytes (so the digest can show the original and
a failed message can be retried without refetching), and the outbox whose unique ``dedup_key``
makes "one reply per sender per thread per absence" a rule the database enforces, not a hope.

Conventions, chosen so that one Alembic migration produces the same schema on SQLite and
PostgreSQL:

* every constraint and index is named by :data:`NAMING_CONVENTION`;
* enumerations are short strings with a named CHECK constraint (no native ENUM types);
* datetimes are stored in UTC and always come back timezone-aware (:class:`UTCDateTime`);
* IMAP UIDs and UIDVALIDITY values are unsigned 32-bit, hence ``BigInteger``;
* raw mail is ``LargeBinary`` (BYTEA / BLOB), never decoded text.

Timestamps have no defaults on purpose: callers pass ``now`` (time is injected, never read here).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from responder.adapters.store.columns import (
    ADDRESS,
    MESSAGE_ID,
    NAMING_CONVENTION,
    Evidence,
    FlagKind,
    MessageStatus,
    OutboxKind,
    OutboxState,
    PollStatus,
    Role,
    UTCDateTime,
    check,
    choice,
)

__all__ = ["ADDRESS", "MESSAGE_ID", "NAMING_CONVENTION", "Assignment", "Base", "Evidence", "Flag", "FlagKind", "Message",
           "MessageFacts", "MessageStatus", "OutboxItem", "OutboxKind", "OutboxState", "PollRun", "PollStatus", "Role",
           "SyncState", "Thread", "UTCDateTime", "reply_dedup_key"]

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime(), bytes: LargeBinary()}


class SyncState(Base):
    """The watermark per (source, folder): the highest UID fully processed, under one UIDVALIDITY.

    It exists so that a restart neither reprocesses nor skips mail: the pipeline advances
    ``last_uid`` in the same transaction that records the message. A UIDVALIDITY change is
    detected by comparing ``uidvalidity`` with the server's.
    """

    __tablename__ = "sync_state"
    __table_args__ = (UniqueConstraint("source", "folder"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    folder: Mapped[str] = mapped_column(String(500))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    uidnext: Mapped[int | None] = mapped_column(BigInteger)
    last_poll_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class Thread(Base):
    """A conversation: replies are limited per thread, projects stick to threads, flags hang on them."""

    __tablename__ = "threads"
    __table_args__ = (UniqueConstraint("key"), Index(None, "subject_key"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(MESSAGE_ID))
    subject: Mapped[str] = mapped_column(Text, default="")
    project_id: Mapped[str | None] = mapped_column(String(100))
    client_address: Mapped[str | None] = mapped_column(String(ADDRESS))
    # Normalised subject + correspondent: links replies whose mailer dropped the references.
    subject_key: Mapped[str | None] = mapped_column(String(MESSAGE_ID))
    language: Mapped[str | None] = mapped_column(String(16))
    first_activity_at: Mapped[dt.datetime]
    last_activity_at: Mapped[dt.datetime]

    messages: Mapped[list[Message]] = relationship(back_populates="thread", order_by="Message.id")
    flags: Mapped[list[Flag]] = relationship(back_populates="thread", order_by="Flag.id")


class Message(Base):
    """Every ingested message, whatever became of it, with its raw bytes.

    Failed and quarantined messages live here too, through ``status``, ``attempts`` and
    ``error``, rather than in a separate table: the raw bytes needed to retry are already here,
    the IMAP key stays unique in one place, a retry is an UPDATE of one row instead of a move
    between tables, and ``status`` lists problems with one query.

    ``uid`` and ``uidvalidity`` are NULL for messages read from files; the unique key
    (source, folder, uidvalidity, uid) treats NULLs as distinct on both backends, so such
    messages never collide. ``message_id`` is normalised (no angle brackets, lower-cased
    domain) or, when the header is missing, a hash fallback computed by the caller.
    """

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("source", "folder", "uidvalidity", "uid"),
        Index(None, "message_id"),
        Index(None, "thread_id"),
        Index(None, "status"),
        check("status", MessageStatus),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    folder: Mapped[str] = mapped_column(String(500))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    uid: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[str] = mapped_column(String(MESSAGE_ID))
    in_reply_to: Mapped[str | None] = mapped_column(String(MESSAGE_ID))
    references: Mapped[str] = mapped_column(Text, default="")
    from_address: Mapped[str] = mapped_column(String(ADDRESS), default="")
    from_name: Mapped[str] = mapped_column(String(200), default="")
    to_addresses: Mapped[str] = mapped_column(Text, default="")
    cc_addresses: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    date_header: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime]
    language: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer, default=0)
    raw: Mapped[bytes]
    status: Mapped[MessageStatus] = mapped_column(choice(MessageStatus), default=MessageStatus.processed)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    # The guard's decision: reply or not, and the rule that said no. It is also the memory behind
    # "one reply per sender per thread per absence", whether or not anything was sent.
    reply: Mapped[bool | None] = mapped_column(Boolean)
    reply_reason: Mapped[str | None] = mapped_column(String(32))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))

    thread: Mapped[Thread | None] = relationship(back_populates="messages")
    assignment: Mapped[Assignment | None] = relationship(back_populates="message", cascade="all, delete-orphan")
    facts: Mapped[MessageFacts | None] = relationship(back_populates="message", cascade="all, delete-orphan")


class Assignment(Base):
    """Which project a message was sorted into, how sure, why, and whether an excerpt may go out.

    Kept so that ``inspect`` and the digest can show the reason, and so that the sorter's
    decision is not recomputed differently after a brief changes.
    """

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    project_id: Mapped[str | None] = mapped_column(String(100))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    # How far the chosen project led the next one, in the sorter's points: a thin lead is a guess.
    margin: Mapped[float] = mapped_column(Float, default=0.0)
    reason: Mapped[str] = mapped_column(Text, default="")
    section_heading: Mapped[str | None] = mapped_column(Text)
    excerpt_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    excerpt_reason: Mapped[str | None] = mapped_column(Text)

    message: Mapped[Message] = relationship(back_populates="assignment")


class MessageFacts(Base):
    """What the pipeline decided about a message's content and parties, once, at ingest.

    Everything after ingest (flags, the unanswered rule, the digest, the report, status) reads
    these columns instead of parsing the raw bytes again, so each judgement is made in one place
    and the return side costs a query, not a parse per message. ``responder reprocess`` derives
    them again from ``messages.raw`` when the rules change; ``rules_version`` says which rules wrote them.
    """

    __tablename__ = "message_facts"
    __table_args__ = (
        UniqueConstraint("message_id"),
        check("sender_role", Role),
        check("stonewall_evidence", Evidence),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    rules_version: Mapped[int] = mapped_column(Integer, default=1)
    sender_role: Mapped[Role] = mapped_column(choice(Role))
    # Projects whose client list names the sender (address or domain), space-separated.
    sender_projects: Mapped[str] = mapped_column(Text, default="")
    # Every party with its role: [{"field": "from|to|cc", "address", "name", "role", "projects": [...]}].
    parties: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    # The first robot rule (bounce, auto-submitted, list, bulk, spam, noreply) that fired, if any.
    robot_rule: Mapped[str | None] = mapped_column(String(32))
    # Every reply rule that fired, in the guard's order, space-separated; the first is messages.reply_reason.
    guard_rules: Mapped[str] = mapped_column(Text, default="")
    new_text: Mapped[str] = mapped_column(Text, default="")
    contact_company: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(64), default="")
    # The sentence in which an outside sender asks something; NULL when the message asks nothing.
    request: Mapped[str | None] = mapped_column(Text)
    stonewall_evidence: Mapped[Evidence | None] = mapped_column(choice(Evidence))
    stonewall_sentence: Mapped[str | None] = mapped_column(Text)
    stonewall_rules: Mapped[str] = mapped_column(Text, default="")  # the cue families that recognised it, "; "-separated
    derived_at: Mapped[dt.datetime]

    message: Mapped[Message] = relationship(back_populates="facts")


class OutboxItem(Base):
    """A composed message waiting to be sent, being sent, sent, or failed for good.

    Replies are written here in the same transaction that records the client's message, and a
    separate job delivers them; so a crash never loses a reply nor sends one twice. ``dedup_key``
    is UNIQUE: a second reply to the same sender in the same thread during the same absence
    cannot even be stored (see :func:`reply_dedup_key`). An empty ``envelope_sender`` means the
    null sender ``MAIL FROM:<>``, as RFC 3834 recommends for auto-replies.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("dedup_key"),
        Index(None, "state", "next_attempt_at"),
        check("kind", OutboxKind),
        check("state", OutboxState),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[OutboxKind] = mapped_column(choice(OutboxKind))
    dedup_key: Mapped[str] = mapped_column(String(500))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    # Envelope recipients, comma-separated (the client, and the delegate when he is copied).
    recipient: Mapped[str] = mapped_column(Text)
    envelope_sender: Mapped[str] = mapped_column(String(ADDRESS), default="")
    raw: Mapped[bytes]
    rfc822_message_id: Mapped[str] = mapped_column(String(MESSAGE_ID))
    # What the report shows of it, written when it is queued so nothing parses the bytes again.
    subject: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[OutboxState] = mapped_column(choice(OutboxState), default=OutboxState.queued)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    smtp_code: Mapped[int | None] = mapped_column(Integer)
    smtp_response: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    appended_to_sent: Mapped[bool] = mapped_column(Boolean, default=False)

    message: Mapped[Message | None] = relationship()
    thread: Mapped[Thread | None] = relationship()


class Flag(Base):
    """Something the employee must look at on return: a client stonewalled, at risk, unanswered, angry.

    Unique per (thread, kind, message) so that re-running the detector over the same message
    never duplicates a flag. ``evidence`` says whether the delegate wrote the statement, quoted
    it, or the client reported it; NULL for kinds that are not statements.
    """

    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("thread_id", "kind", "message_id"),
        check("kind", FlagKind),
        check("evidence", Evidence),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    kind: Mapped[FlagKind] = mapped_column(choice(FlagKind))
    severity: Mapped[int] = mapped_column(Integer, default=1)
    evidence: Mapped[Evidence | None] = mapped_column(choice(Evidence))
    evidence_text: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime]
    resolved_at: Mapped[dt.datetime | None]

    thread: Mapped[Thread] = relationship(back_populates="flags")
    message: Mapped[Message] = relationship()


class PollRun(Base):
    """One poll of one folder: when, how it ended, how much it did.

    ``status`` reads the latest runs to say whether the service is alive and healthy, and an
    admin can see when polling started failing.
    """

    __tablename__ = "poll_runs"
    __table_args__ = (
        Index(None, "source", "folder", "started_at"),
        check("status", PollStatus),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(200))
    folder: Mapped[str] = mapped_column(String(500))
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    status: Mapped[PollStatus] = mapped_column(choice(PollStatus), default=PollStatus.running)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


def reply_dedup_key(absence_start: dt.date, thread_id: int, sender: str) -> str:
    """The outbox key that allows one auto-reply per sender per thread per absence."""
    return f"reply:{absence_start.isoformat()}:{thread_id}:{sender.strip().lower()}"
