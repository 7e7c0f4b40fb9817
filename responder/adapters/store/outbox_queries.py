"""Named queries of the outbox: queue, claim, record, retry, and the Sent copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Row,
    bindparam,
    select,
    update,
)
from sqlalchemy.orm import Session

from responder.adapters.store.models import (
    OutboxItem,
    OutboxKind,
    OutboxState,
)

if TYPE_CHECKING:

    pass

from responder.adapters.store.rows import insert_unless_exists, table_of

# ---- outbox -------------------------------------------------------------------------------


def enqueue_outbox(session: Session, item: OutboxItem) -> OutboxItem | None:
    """Queue a composed message; None (not an error) when its ``dedup_key`` is already stored.

    This is what makes "one reply per sender per thread per absence" hold even across crashes
    and concurrent pollers: the UNIQUE constraint decides, in one ``INSERT … ON CONFLICT DO
    NOTHING`` (both SQLite and PostgreSQL have it): no SELECT first, no savepoint. Pass a new
    item, not yet added to the session; it comes back attached to it.
    """
    return insert_unless_exists(session, item, OutboxItem.dedup_key == item.dedup_key)


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


_OUTBOX = table_of(OutboxItem)
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
