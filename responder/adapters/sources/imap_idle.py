"""IMAP IDLE (RFC 2177), the service's watchers: wait for the server to announce new mail."""

from __future__ import annotations

import time
from collections.abc import Callable

import imapclient

from responder.adapters.sources.imap_connection import network_errors, upper_bytes
from responder.config import ImapConfig
from responder.errors import ServerUnreachable

_NEW_MAIL = frozenset({b"EXISTS", b"RECENT"})
_EARLY_EMPTY_LIMIT = 3  # empty answers well before the timeout, in a row, that mean the socket hit EOF


def supports_idle(client: imapclient.IMAPClient) -> bool:
    """Whether the server advertises IDLE (RFC 2177)."""
    return b"IDLE" in upper_bytes(client.capabilities())


def idle_for_new_mail(client: imapclient.IMAPClient, cfg: ImapConfig, *, renew_after: float,
                      stop: Callable[[], bool], check: float = 1.0) -> bool:
    """IDLE on the selected folder; True as soon as new mail is announced (EXISTS or RECENT).

    Returns False once ``renew_after`` seconds pass or ``stop()`` says so, after leaving IDLE
    cleanly, so the caller can renew it (RFC 2177: before 29 minutes). A dropped connection
    raises :class:`ServerUnreachable`: a BYE, a socket error, or ``idle_check`` coming back
    empty long before its timeout several times in a row, which is how imapclient reports EOF
    (it would otherwise spin in a busy loop).
    """
    early = 0
    with network_errors(cfg):
        client.idle()
        deadline = time.monotonic() + renew_after
        while not stop() and time.monotonic() < deadline:
            started = time.monotonic()
            responses = client.idle_check(timeout=check)
            if any(r and r[0] == b"BYE" for r in responses):
                raise ServerUnreachable("imap", cfg.host, cfg.port, "the server closed the connection (BYE)")
            if any(len(r) > 1 and r[1] in _NEW_MAIL for r in responses):
                client.idle_done()
                return True
            early = early + 1 if not responses and time.monotonic() - started < check / 2 else 0
            if early >= _EARLY_EMPTY_LIMIT:
                raise ServerUnreachable("imap", cfg.host, cfg.port, "the server closed the connection")
        client.idle_done()
    return False
