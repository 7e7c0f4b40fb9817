"""The service's digest job: when a digest is due, queue it once in the outbox.

The digest itself is built in ``responder.returnday.digest``; this module decides when, under
which outbox key (so a restart never sends it twice), and hands it to the delivery run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from responder.adapters.store import models, queries
from responder.returnday.digest import Digest, collect, compose, digest_templates
from responder.service import outbox

if TYPE_CHECKING:
    from email.message import EmailMessage

    from sqlalchemy.orm import Session

    from responder.adapters.store.db import Store
    from responder.compose.templates import TemplateSet
    from responder.config import Config

log = logging.getLogger("responder.digest")


@dataclass(frozen=True)
class Due:
    """A digest whose time has come: who gets it, and the outbox key that makes it go once."""

    key: str
    recipient: str
    summary: bool


def parse_send_at(value: str) -> dt.time:
    """"08:00" → 08:00; ValueError otherwise (the configuration reports it with its key)."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
    if not match:
        raise ValueError(f"not a time of day: {value!r} (expected HH:MM)")
    return dt.time(int(match.group(1)), int(match.group(2)))


def due(cfg: Config, now: dt.datetime) -> list[Due]:
    """The digests to queue at ``now``: the return-day one for the employee, this Monday's for the manager.

    The return-day digest is due from ``digest.send_at`` on her first day back (her zone) for a
    week, in case the service was down that morning; its key names the return date, so it is
    queued once however often the service restarts. The manager's summary is due from
    ``send_at`` on each Monday of the absence, keyed by that Monday.
    """
    zone, settings = cfg.absence.zone, cfg.digest
    at = parse_send_at(settings.send_at)
    back = cfg.absence.end + dt.timedelta(days=1)
    found: list[Due] = []
    start = dt.datetime.combine(back, at, zone)
    if start <= now < start + dt.timedelta(days=7):
        found.append(Due(f"digest:{back.isoformat()}:{cfg.employee.address.lower()}", cfg.employee.address, False))
    if settings.weekly_to_manager and settings.manager_address:
        today = now.astimezone(zone).date()
        monday = today - dt.timedelta(days=today.weekday())
        if cfg.absence.start <= monday <= cfg.absence.end and now >= dt.datetime.combine(monday, at, zone):
            found.append(Due(f"digest:manager:{monday.isoformat()}:{settings.manager_address.lower()}",
                             settings.manager_address, True))
    return found


def queue(session: Session, cfg: Config, digest: Digest, templates: TemplateSet, *, key: str, recipient: str, now: dt.datetime,
          summary: bool = False) -> models.OutboxItem | None:
    """Put the digest in the outbox under ``key``; None when that key was already queued."""

    message = compose(digest, templates, sender=cfg.employee.address, recipient=recipient, now=now, summary=summary)
    item = models.OutboxItem(
        kind=models.OutboxKind.digest, dedup_key=key, recipient=recipient,
        envelope_sender=outbox.envelope_sender(cfg.reply, cfg.employee.address), raw=message.as_bytes(),
        rfc822_message_id=message["Message-ID"].strip("<>"), state=models.OutboxState.queued, attempts=0,
        next_attempt_at=now, created_at=now, subject=str(message["Subject"]), text=_plain_text(message),
    )
    return queries.enqueue_outbox(session, item)


def queue_due(cfg: Config, store: Store, now: dt.datetime) -> list[str]:
    """Queue every digest due at ``now`` that is not queued yet; return their keys. Safe to call often."""

    queued: list[str] = []
    for item in due(cfg, now):
        with store.session() as session:
            if queries.reply_exists(session, item.key):
                continue
        digest = collect(cfg, store, now=now)
        with store.session() as session:
            if queue(session, cfg, digest, digest_templates(cfg), key=item.key, recipient=item.recipient, now=now,
                     summary=item.summary) is not None:
                queued.append(item.key)
    return queued




CHECK_INTERVAL = 300  # seconds between two looks at whether a digest is due


async def service_job(cfg: Config, store: Store, clock: Callable[[], dt.datetime], kick: Callable[[str], None]) -> None:
    """The service's digest job: queue what is due (in a worker thread), then ask for a delivery run."""

    keys = await asyncio.to_thread(queue_due, cfg, store, clock())
    for key in keys:
        log.info("digest queued: %s", key)
    if keys:
        kick("deliver")


def _plain_text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    return str(body.get_content()) if body is not None else ""
