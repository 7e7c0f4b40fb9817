"""Fixture wiring; the fixtures themselves live in tests/support/."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterator

import pytest

pytest_plugins = [
    "support.servers",
    "support.databases",
]

_CONFIGURED_LOGGERS = ("", "responder", "imapclient", "alembic")


@contextlib.contextmanager
def preserved_logging() -> Iterator[None]:
    """Commands configure logging for the whole process; put back the state found on entry."""
    saved = {name: (logging.getLogger(name).level, list(logging.getLogger(name).handlers)) for name in _CONFIGURED_LOGGERS}
    try:
        yield
    finally:
        for name, (level, handlers) in saved.items():
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.handlers[:] = handlers


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Give every test the logging state it started with."""
    with preserved_logging():
        yield


@pytest.fixture(params=["UTC", "America/Los_Angeles", "Asia/Tokyo"])
def machine_tz(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run under several machine time zones: the result must not depend on the server's zone."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()
