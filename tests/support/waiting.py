"""Waiting for an event instead of sleeping a fixed time.

A fixed sleep is both too long (every run pays it) and too short (a loaded CI machine overruns
it). These helpers poll the condition the test is really waiting for, every few milliseconds,
and fail with a readable message when a deadline passes.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from responder.adapters.store import models
from responder.adapters.store.db import create_engine_for

POLL_EVERY = 0.02  # seconds between two looks at a condition: cheap to check, small next to what tests wait for


def wait_until(condition: Callable[[], bool], timeout: float, what: str, *, every: float = POLL_EVERY,
               abort: Callable[[], str | None] = lambda: None, details: Callable[[], str] = lambda: "") -> float:
    """Poll ``condition`` until true; return the seconds it took.

    Fails the test with ``what`` and ``details()`` after ``timeout`` seconds, or as soon as
    ``abort()`` gives a reason (a process that died will not make the condition true later).
    """
    started = time.monotonic()
    while not condition():
        reason = abort()
        if reason is not None:
            pytest.fail(f"{reason} waiting for {what}\n{details()}")
        if time.monotonic() - started > timeout:
            pytest.fail(f"no {what} after {timeout} s\n{details()}")
        time.sleep(every)
    return time.monotonic() - started


def outbox_states(database: Path) -> collections.Counter[tuple[str, str]]:
    """Outbox rows of a running service's SQLite file, counted by (kind, state).

    Read through a separate engine, so a test sees what the service committed, not a session cache.
    """
    engine = create_engine_for(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(models.OutboxItem.kind, models.OutboxItem.state, func.count())
                                      .group_by(models.OutboxItem.kind, models.OutboxItem.state)).all()
    finally:
        engine.dispose()
    return collections.Counter({(str(kind), str(state)): count for kind, state, count in rows})


def outbox_settled(database: Path) -> bool:
    """True when nothing is queued or being sent: every message the service decided to send went out."""
    states = outbox_states(database)
    return not any(state in ("queued", "sending") for _, state in states)
