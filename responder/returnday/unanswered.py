"""When a thread counts as unanswered, as of now: the one place the configuration is read for it.

``flags``, the digest and the service's housekeeping all bring the ``unanswered`` flags up to date
through :func:`refresh` before they read them, so the three always agree.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from responder.adapters.store import queries
from responder.judge.unanswered import public_holidays

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from responder.config import Config


def checked(cfg: Config) -> bool:
    """Whether this configuration can tell an unanswered thread from one answered out of sight."""
    mode = cfg.flags.unanswered
    return mode == "on" or (mode == "auto" and cfg.delegate_imap is not None)


def refresh(cfg: Config, session: Session, now: dt.datetime) -> tuple[int, int]:
    """Raise or resolve the ``unanswered`` flags as of ``now``; (raised, resolved).

    Nothing is raised when the delegate's answers cannot all be seen (see ``flags.unanswered``).
    The public holidays of ``absence.country`` do not count as business hours.
    """
    if not checked(cfg):
        return 0, 0
    return queries.refresh_unanswered_flags(
        session, now, after_hours=cfg.flags.unanswered_after_hours, zone=cfg.absence.zone,
        holidays=public_holidays(cfg.absence.country, cfg.absence.subdivision))
