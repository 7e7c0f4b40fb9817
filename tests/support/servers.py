"""Mail server fixtures: a private Dovecot and an aiosmtpd recorder, on loopback, with real TLS.

* ``pki`` (session): a throwaway CA and a certificate for 127.0.0.1 and localhost.
* ``dovecot`` (session): the running :class:`~support.dovecot.DovecotServer`; tests that stop
  it must start it again. ``imap_server`` (function) is the same server with fresh mailboxes.
* ``smtp_session_server`` (session): the :class:`~support.smtpd.SmtpServer` listeners;
  ``smtp_server`` (function) is the same server with its records and injected failures cleared.

Ports are picked free on 127.0.0.1 and then handed to the servers, which keep them for the
session, so a restarted Dovecot comes back where clients expect it. Under pytest-xdist every
worker is a session of its own: its own servers, ports and temporary folders.
"""

from __future__ import annotations

import random
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.dovecot import DovecotServer
from support.pki import Pki, make_pki
from support.smtpd import SmtpServer

LOWEST_PORT = 10_000


def _ephemeral_floor() -> int:
    """Where the kernel's range for outgoing connections starts (Linux default 32768)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port() -> int:
    """A port nobody listens on right now, drawn at random below the kernel's ephemeral range.

    Below that range no outgoing connection is handed the port while a test has its server
    stopped, and xdist workers (each with its own servers) drawing from twenty thousand ports
    at random do not pick the same one.
    """
    floor = _ephemeral_floor()
    draw = random.SystemRandom()
    for _ in range(200 if floor > LOWEST_PORT else 0):
        port = draw.randrange(LOWEST_PORT, floor)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:  # an unusual range: the kernel's pick
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def dovecot(pki: Pki) -> Iterator[DovecotServer]:
    # Not tmp_path_factory: its folders are mode 0700 under a 0700 parent, and Dovecot's
    # unprivileged processes must reach their files when the tests run as root.
    root = Path(tempfile.mkdtemp(prefix="responder-dovecot-"))
    server: DovecotServer | None = None
    try:
        server = DovecotServer(root, pki, port=free_port(), tls_port=free_port())
        server.start()
        yield server
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap_server(dovecot: DovecotServer) -> DovecotServer:
    """The session's Dovecot, running, with every user's mailbox empty."""
    if not dovecot.running:
        dovecot.start()
    dovecot.reset()
    return dovecot


@pytest.fixture(scope="session")
def smtp_session_server(pki: Pki) -> Iterator[SmtpServer]:
    server = SmtpServer(pki, port=free_port(), starttls_port=free_port(), tls_port=free_port())
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_server(smtp_session_server: SmtpServer) -> SmtpServer:
    """The session's SMTP recorder with nothing recorded and no failure pending."""
    smtp_session_server.clear()
    return smtp_session_server
