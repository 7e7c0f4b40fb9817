"""What `responder status` reports: is the service alive, and what needs a human.

Read from the database alone, so it works whether or not the service is running, from cron or a
monitoring probe. A folder whose last successful poll is older than three poll intervals (or
that was never polled) makes the report unhealthy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from responder.adapters.store import monitoring, queries
from responder.adapters.store.db import Store
from responder.adapters.store.models import MessageStatus, OutboxState

STALE_AFTER_INTERVALS = 3


@dataclass(frozen=True)
class FolderStatus:
    source: str
    folder: str
    last_success_at: dt.datetime | None
    last_error: str | None
    last_uid: int
    stale: bool


@dataclass(frozen=True)
class Problem:
    """A message or an outgoing mail that needs a human."""

    what: str
    detail: str


@dataclass(frozen=True)
class Status:
    folders: tuple[FolderStatus, ...]
    messages: dict[str, int]
    outbox: dict[str, int]
    flags: dict[str, int]
    problems: tuple[Problem, ...]

    @property
    def healthy(self) -> bool:
        return bool(self.folders) and not any(f.stale for f in self.folders)


# What the excerpt decision says when no trusted server vouched for the sender (mail.authresults).
_UNVOUCHED = ("no Authentication-Results header", "no Authentication-Results from a trusted server")


def _authentication(recent: Sequence[tuple[bool, str | None]]) -> list[Problem]:
    """A problem when the latest messages that would have earned an excerpt all lacked trusted
    authentication: the server adds none, or [authentication] trusted_authserv_ids names another."""
    unvouched = [reason for allowed, reason in recent if not allowed and reason and any(u in reason for u in _UNVOUCHED)]
    if not unvouched or any(allowed for allowed, _ in recent):
        return []
    return [Problem("no excerpts", f"the latest {len(unvouched)} client messages carry no Authentication-Results "
                                   f"from a trusted server ({unvouched[0].rsplit(': ', 1)[-1]}), so no brief excerpt "
                                   "is sent; see [authentication] trusted_authserv_ids and `responder check`")]


def collect(store: Store, *, now: dt.datetime, poll_interval: dt.timedelta, folders: Sequence[str]) -> Status:
    """Gather the report; ``folders`` are the configured ones, reported even if never polled."""
    with store.session() as session:
        states = monitoring.sync_states(session)
        seen = {state.folder for state in states}
        limit = now - STALE_AFTER_INTERVALS * poll_interval
        folder_rows = [FolderStatus(s.source, s.folder, s.last_success_at, s.last_error, s.last_uid,
                                    s.last_success_at is None or s.last_success_at < limit) for s in states]
        folder_rows += [FolderStatus("", name, None, "never polled", 0, True) for name in folders if name not in seen]
        messages = {status.value: count for status, count in queries.message_counts(session).items()}
        outbox = {state.value: 0 for state in OutboxState}
        outbox.update({state.value: count for state, count in monitoring.outbox_counts(session).items()})
        flags = monitoring.open_flag_counts(session)
        problems = [Problem("quarantined message", f"{m.folder} uid {m.uid}: {m.error}")
                    for m in queries.quarantined_messages(session)]
        problems += [Problem("failed message (will be retried)", f"{m.folder} uid {m.uid}: {m.error}")
                     for m in queries.messages_to_retry(session) if m.status == MessageStatus.failed]
        failed = monitoring.failed_outbox(session)
        problems += [Problem("undelivered reply", f"#{item.id} to {item.recipient}: {item.smtp_code or ''} {item.last_error or ''}".strip())
                     for item in failed]
        problems += _authentication(monitoring.recent_excerpt_reasons(session))
    return Status(tuple(folder_rows), messages, outbox, flags, tuple(problems))
