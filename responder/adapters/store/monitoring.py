"""Named queries behind ``responder status``: folders, counts, and what needs a human."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from responder.adapters.store.models import Assignment, Flag, OutboxItem, OutboxState, SyncState


def sync_states(session: Session) -> Sequence[SyncState]:
    """Every folder's watermark and last poll, by source and folder."""
    return session.scalars(select(SyncState).order_by(SyncState.source, SyncState.folder)).all()


def outbox_counts(session: Session) -> dict[OutboxState, int]:
    """How many outbox items are in each state; states with none are left out."""
    rows = session.execute(select(OutboxItem.state, func.count()).group_by(OutboxItem.state)).all()
    return {OutboxState(state): int(count) for state, count in rows}


def open_flag_counts(session: Session) -> dict[str, int]:
    """How many unresolved flags there are of each kind."""
    rows = session.execute(select(Flag.kind, func.count()).where(Flag.resolved_at.is_(None)).group_by(Flag.kind)).all()
    return {str(kind): int(count) for kind, count in rows}


def failed_outbox(session: Session) -> Sequence[OutboxItem]:
    """Mail that could not be delivered and will not be retried."""
    return session.scalars(select(OutboxItem).where(OutboxItem.state == OutboxState.failed).order_by(OutboxItem.id)).all()


def recent_excerpt_reasons(session: Session, limit: int = 50) -> Sequence[tuple[bool, str | None]]:
    """(excerpt allowed, why) of the latest ``limit`` sorted messages: whether excerpts can go out at all."""
    rows = session.execute(select(Assignment.excerpt_allowed, Assignment.excerpt_reason)
                           .order_by(Assignment.id.desc()).limit(limit))
    return [(bool(allowed), reason) for allowed, reason in rows]
