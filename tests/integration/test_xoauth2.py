"""XOAUTH2 login with a token printed by a command (as msmtp and mbsync do for Gmail and Microsoft 365).

OAuth providers cannot run here: the SMTP side is a real aiosmtpd server taught the XOAUTH2
mechanism, the IMAP side a stand-in client that records the login call.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from responder.adapters import smtp
from responder.adapters.sources import imap
from responder.config import ImapConfig, SmtpConfig
from responder.errors import LoginFailed
from support.servers import free_port

TOKEN = "ya29.test-access-token"


class XOAuth2Handler:
    """Accepts SASL XOAUTH2 ("user=U^Aauth=Bearer T^A^A") for one user and token."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def auth_XOAUTH2(self, server: Any, args: list[str]) -> AuthResult:
        decoded = base64.b64decode(args[1]).decode()
        self.seen.append(decoded)
        fields = dict(part.split("=", 1) for part in decoded.split("\x01") if part)
        ok = fields.get("user") == "claire@example.com" and fields.get("auth") == f"Bearer {TOKEN}"
        return AuthResult(success=ok, handled=False)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


@pytest.fixture
def oauth_smtp() -> Iterator[tuple[int, XOAuth2Handler]]:
    handler = XOAuth2Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, auth_require_tls=False)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


def smtp_config(port: int, command: str) -> SmtpConfig:
    return SmtpConfig(host="127.0.0.1", port=port, security="none", username="claire@example.com",
                      oauth_token_command=command, timeout=5.0)


def test_smtp_logs_in_with_the_token_the_command_prints(oauth_smtp: tuple[int, XOAuth2Handler]) -> None:
    port, handler = oauth_smtp
    assert smtp.check_login(smtp_config(port, f"echo {TOKEN}")).startswith("logged in as claire@example.com")
    assert handler.seen == [f"user=claire@example.com\x01auth=Bearer {TOKEN}\x01\x01"]


def test_smtp_refused_token_is_a_login_failure_without_the_token(oauth_smtp: tuple[int, XOAuth2Handler]) -> None:
    port, _handler = oauth_smtp
    with pytest.raises(LoginFailed) as failure:
        smtp.check_login(smtp_config(port, "echo expired-token"))
    assert "expired-token" not in str(failure.value)


class RecordingImapClient:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []

    def oauth2_login(self, user: str, access_token: str) -> None:
        self.calls.append(("oauth2_login", user, access_token))

    def login(self, user: str, password: str) -> None:
        self.calls.append(("login", user, password))


def test_imap_uses_oauth2_login_with_a_fresh_token() -> None:
    cfg = ImapConfig(host="127.0.0.1", username="claire@example.com", port=993, security="tls",
                     oauth_token_command=f"echo {TOKEN}")
    client = RecordingImapClient()
    imap.login(client, cfg)  # type: ignore[arg-type]
    assert client.calls == [("oauth2_login", "claire@example.com", TOKEN)]
