"""Reading the digest's rows from the store; ``now`` is always passed in, never read here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from responder.adapters.store import models

if TYPE_CHECKING:

    from sqlalchemy.orm import Session

    from responder.adapters.store.db import Store
    from responder.config import Config

from responder.returnday.digest.model import Context, Digest
from responder.returnday.digest.views import build

# ---- store and schedule (thin) ------------------------------------------------------------------


def context(cfg: Config, *, since: dt.date | None = None, until: dt.date) -> Context:
    """The builder's context from the configuration: names, addresses, the briefs, the period."""
    from responder.judge import briefs
    from responder.returnday import unanswered

    absence = cfg.absence
    return Context(
        employee_name=cfg.employee.name, employee_addresses=frozenset(cfg.employee.addresses),
        delegate_name=cfg.delegate.name, delegate_address=cfg.delegate.address.lower(),
        language=cfg.employee.language, zone=absence.zone, since=since or absence.start, until=until,
        return_date=absence.end + dt.timedelta(days=1),
        project_names={p.id: p.name for p in cfg.projects},
        briefs={p.id: briefs.load(p.brief, f"projects[{n}].brief") for n, p in enumerate(cfg.projects)},
        unanswered_checked=unanswered.checked(cfg),
    )


def load(session: Session, ctx: Context, *, with_raw: bool = False) -> tuple[list[models.Thread], dict[int, models.OutboxItem]]:
    """Threads active in the period, and the auto-reply queued for each client message."""
    from responder.adapters.store import returnday

    start = dt.datetime.combine(ctx.since, dt.time(), ctx.zone)
    threads = returnday.threads_active_since(session, start, with_raw=with_raw)
    return threads, returnday.replies_by_message(session, [t.id for t in threads])


def collect(cfg: Config, store: Store, *, now: dt.datetime, since: dt.date | None = None) -> Digest:
    """Build the digest from the database as it is at ``now``, the time-based flags brought up to date first."""
    from responder.returnday import unanswered

    ctx = context(cfg, since=since, until=now.astimezone(cfg.absence.zone).date())
    with store.session() as session:
        unanswered.refresh(cfg, session, now)
        threads, replies = load(session, ctx)
        return build(threads, replies, ctx)
