"""Mail server fixtures: a private Dovecot and an aiosmtpd recorder, on loopback, with real TLS.

* ``pki`` (session): a throwaway CA and a certificate for 127.0.0.1 and localhost.
* ``dovecot`` (session): the running :class:`~support.dovecot.DovecotServer`; tests that stop
  it must start it again. ``imap_server`` (function) is the same server with fresh mailboxes.
* ``smtp_session_server`` (session): the :class:`~support.smtpd.SmtpServer` listeners;
  ``smtp_server`` (function) is the same server with its records and injected failures cleared.

Ports are picked free on 127.0.0.1 and then handed to the servers, which keep them for the
session, so a restarted Dovecot comes back where clients expect it.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.dovecot import DovecotServer
from support.pki import Pki, make_pki
from support.smtpd import SmtpServer


def free_port() -> int:
    """A port nobody listens on right now (the kernel's pick for an ephemeral bind)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
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
