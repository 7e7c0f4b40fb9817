"""An in-process SMTP server (aiosmtpd) that records every message it accepts.

Three listeners share one :class:`RecordingHandler`, one per ``security`` setting of the
service: ``port`` speaks clear text only (no STARTTLS offered), ``starttls_port`` requires
STARTTLS before anything else, ``tls_port`` is implicit TLS. All accept AUTH PLAIN and LOGIN
for one known user; authenticating is optional, as on a relay that trusts its network.

aiosmtpd quirks met here: a Controller cannot take ``port=0``; ``auth_require_tls`` (default on)
only counts STARTTLS as TLS, so the implicit-TLS listener must turn it off or AUTH is refused
with 538; and each Controller runs its own thread and event loop, so the handler is locked.
"""

from __future__ import annotations

import email
import email.policy
import smtplib
import threading
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from support.pki import Pki

HOST = "127.0.0.1"
USERNAME = "employee"
PASSWORD = "Smtp-pw!5Kd1"
STAGES = ("mail", "rcpt", "data")


@dataclass(frozen=True)
class Received:
    """One accepted transaction; ``mail_from`` is empty for the null sender ``<>``."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    login: str | None
    port: int
    tls: bool

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass(frozen=True)
class Failure:
    stage: str
    reply: str


class RecordingHandler:
    """aiosmtpd handler and authenticator that keeps envelopes and can refuse on demand."""

    def __init__(self, username: str, password: str) -> None:
        self._credentials = (username.encode(), password.encode())
        self._lock = threading.Lock()
        self._failures: deque[Failure] = deque()
        self.received: list[Received] = []
        self.auth_attempts: list[tuple[str, bool]] = []

    def fail_next(self, count: int = 1, code: int = 451, text: str | None = None, stage: str = "data") -> None:
        """Refuse the next ``count`` transactions at ``stage`` (mail, rcpt or data) with ``code``."""
        if stage not in STAGES:
            raise ValueError(f"stage must be one of {STAGES}, got {stage!r}")
        default = "4.3.0 Temporary failure (injected by the test)" if code < 500 else "5.7.1 Rejected (injected by the test)"
        with self._lock:
            self._failures.extend(Failure(stage, f"{code} {text or default}") for _ in range(count))

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()
            self.received.clear()
            self.auth_attempts.clear()

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any) -> AuthResult:
        """The authenticator: one known user; only the login name is remembered, never the password."""
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = (auth_data.login, auth_data.password) == self._credentials
        login = auth_data.login.decode("utf-8", "replace")
        with self._lock:
            self.auth_attempts.append((login, ok))
        return AuthResult(success=ok, handled=False, auth_data=login if ok else None)

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, mail_options: list[str]
    ) -> str:
        if (refusal := self._injected("mail")) is not None:
            return refusal
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if (refusal := self._injected("rcpt")) is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if (refusal := self._injected("data")) is not None:
            return refusal
        transport = server.transport
        assert transport is not None
        record = Received(
            mail_from="" if envelope.mail_from in (None, "<>") else envelope.mail_from,
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=bytes(envelope.original_content or b""),
            login=session.auth_data if session.authenticated else None,
            port=transport.get_extra_info("sockname")[1],
            tls=transport.get_extra_info("ssl_object") is not None,
        )
        with self._lock:
            self.received.append(record)
        return "250 OK: queued"

    def _injected(self, stage: str) -> str | None:
        with self._lock:
            if self._failures and self._failures[0].stage == stage:
                return self._failures.popleft().reply
        return None


class SmtpServer:
    """Three aiosmtpd listeners (clear, STARTTLS-required, implicit TLS) on one recorder."""

    host = HOST

    def __init__(
        self, pki: Pki, *, port: int, starttls_port: int, tls_port: int, username: str = USERNAME, password: str = PASSWORD
    ) -> None:
        self.pki = pki
        self.port, self.starttls_port, self.tls_port = port, starttls_port, tls_port
        self.username, self.password = username, password
        self.handler = RecordingHandler(username, password)
        common: dict[str, Any] = {"hostname": HOST, "server_hostname": "localhost", "authenticator": self.handler}
        self._running: list[Controller] = []
        self._controllers = [
            Controller(self.handler, port=port, auth_require_tls=False, **common),
            Controller(
                self.handler, port=starttls_port, tls_context=pki.server_context(), require_starttls=True, **common
            ),
            Controller(self.handler, port=tls_port, ssl_context=pki.server_context(), auth_require_tls=False, **common),
        ]

    @property
    def ca_file(self) -> Path:
        return self.pki.ca_file

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def auth_attempts(self) -> list[tuple[str, bool]]:
        return self.handler.auth_attempts

    def fail_next(self, count: int = 1, code: int = 451, text: str | None = None, stage: str = "data") -> None:
        self.handler.fail_next(count, code, text, stage)

    def clear(self) -> None:
        self.handler.clear()

    def start(self) -> None:
        """Start every listener and check that each answers EHLO."""
        for controller in self._controllers:
            controller.start()
            self._running.append(controller)
        for port in (self.port, self.starttls_port, self.tls_port):
            self._await_ehlo(port)

    def stop(self) -> None:
        while self._running:
            self._running.pop().stop()

    def _await_ehlo(self, port: int) -> None:
        context = self.pki.client_context()
        client: smtplib.SMTP = (
            smtplib.SMTP_SSL(HOST, port, timeout=5, context=context) if port == self.tls_port else smtplib.SMTP(HOST, port, timeout=5)
        )
        with client:
            code, _reply = client.ehlo("readiness-check")
        if code != 250:
            raise RuntimeError(f"SMTP listener on port {port} answered EHLO with {code}")

