"""The IMAP and SMTP adapters against real servers: each security mode, good and bad passwords,
untrusted certificates, closed ports and silent servers, and no password anywhere it can leak."""

from __future__ import annotations

import asyncio
import base64
import logging
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage

import aiosmtplib
import pytest

from responder.adapters import smtp
from responder.adapters.sources import imap
from responder.errors import (
    ConfigError,
    LoginFailed,
    PermanentDeliveryError,
    ServerUnreachable,
    TemporaryDeliveryError,
)
from support.configs import imap_config, smtp_config
from support.dovecot import DovecotServer
from support.servers import free_port
from support.smtpd import SmtpServer

SECURITIES = ("none", "starttls", "tls")
WRONG_PASSWORD = "Wr0ng-pw!Zq5"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) but never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.fixture
def imap_without_starttls() -> Iterator[tuple[int, list[bytes]]]:
    """A fake IMAP server that offers no STARTTLS; returns its port and the lines it received."""
    received: list[bytes] = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        thread = threading.Thread(target=_serve_without_starttls, args=(listener, received), daemon=True)
        thread.start()
        yield listener.getsockname()[1], received
    thread.join(timeout=5)


def _serve_without_starttls(listener: socket.socket, received: list[bytes]) -> None:
    try:
        conn, _addr = listener.accept()
    except OSError:
        return
    with conn, conn.makefile("rwb") as stream:
        stream.write(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake server ready\r\n")
        stream.flush()
        for line in stream:
            received.append(line)
            tag, _, command = line.strip().partition(b" ")
            if command.upper() == b"CAPABILITY":
                stream.write(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n")
            elif command.upper() == b"LOGOUT":
                stream.write(b"* BYE bye\r\n" + tag + b" OK done\r\n")
                stream.flush()
                return
            else:
                stream.write(tag + b" BAD not in this test\r\n")
            stream.flush()


def _texts(exc: BaseException) -> str:
    """Everything an exception and its causes could show: messages, reprs, args."""
    parts: list[str] = []
    current: BaseException | None = exc
    while current is not None:
        parts += [str(current), repr(current), *map(repr, current.args)]
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


@pytest.mark.dovecot
class TestImapCheckLogin:
    @pytest.mark.parametrize("security", SECURITIES)
    def test_right_password_logs_in_and_finds_the_folders(self, imap_server: DovecotServer, security: str) -> None:
        cfg = imap_config(imap_server, security=security)
        assert imap.check_login(cfg) == f"logged in as employee at 127.0.0.1:{cfg.port} ({security}); folders: INBOX"

    @pytest.mark.parametrize("security", SECURITIES)
    def test_wrong_password_is_a_login_failure_naming_the_user(self, imap_server: DovecotServer, security: str) -> None:
        cfg = imap_config(imap_server, security=security, password=WRONG_PASSWORD)
        with pytest.raises(LoginFailed) as caught:
            imap.check_login(cfg)
        message = str(caught.value)
        assert message == f"imap: login refused for 'employee' at 127.0.0.1:{cfg.port}: [AUTHENTICATIONFAILED] Authentication failed."
        assert WRONG_PASSWORD not in _texts(caught.value)

    @pytest.mark.parametrize("security", ["starttls", "tls"])
    def test_certificate_from_an_unknown_ca_is_refused(self, imap_server: DovecotServer, security: str) -> None:
        cfg = imap_config(imap_server, security=security, ca_file=None)
        with pytest.raises(ServerUnreachable) as caught:
            imap.check_login(cfg)
        assert caught.value.reason.startswith("TLS certificate not trusted: unable to get local issuer certificate")
        assert "set imap.ca_file" in caught.value.reason
        assert isinstance(caught.value.__cause__, OSError)

    def test_closed_port_is_connection_refused(self, imap_server: DovecotServer) -> None:
        port = free_port()
        with pytest.raises(ServerUnreachable) as caught:
            imap.check_login(imap_config(imap_server, security="none", port=port))
        assert str(caught.value) == f"imap: cannot connect to 127.0.0.1:{port}: connection refused"

    def test_silent_server_times_out(self, imap_server: DovecotServer, silent_port: int) -> None:
        cfg = imap_config(imap_server, security="tls", port=silent_port, timeout=0.3)
        with pytest.raises(ServerUnreachable) as caught:
            imap.check_login(cfg)
        assert caught.value.reason == "timed out after 0.3 s"

    def test_tls_on_the_clear_port_is_a_handshake_failure(self, imap_server: DovecotServer) -> None:
        with pytest.raises(ServerUnreachable) as caught:
            imap.check_login(imap_config(imap_server, security="tls", port=imap_server.port))
        assert caught.value.reason.startswith("TLS handshake failed")

    def test_starttls_is_required_when_asked_for(
        self, imap_server: DovecotServer, imap_without_starttls: tuple[int, list[bytes]]
    ) -> None:
        port, received = imap_without_starttls
        with pytest.raises(ServerUnreachable) as caught:
            imap.check_login(imap_config(imap_server, security="starttls", port=port))
        assert "does not offer STARTTLS" in caught.value.reason
        assert not any(b"LOGIN" in line.upper() for line in received)

    def test_a_missing_folder_is_a_config_error(self, imap_server: DovecotServer) -> None:
        with pytest.raises(ConfigError) as caught:
            imap.check_login(imap_config(imap_server, folders=("INBOX", "Archive")))
        assert str(caught.value) == "imap.folders: folder 'Archive' does not exist on the server"

    def test_a_misspelt_folder_gets_a_suggestion(self, imap_server: DovecotServer) -> None:
        with pytest.raises(ConfigError, match=r"folder 'Snet' does not exist on the server \(did you mean 'Sent'\?\)"):
            imap.check_login(imap_config(imap_server, folders=("inbox", "Snet")))

    def test_other_folders_can_be_watched(self, imap_server: DovecotServer) -> None:
        imap_server.deliver("employee", b"Subject: x\r\n\r\nx\r\n", folder="Clients/ACME")
        cfg = imap_config(imap_server, folders=("INBOX", "Clients/ACME"))
        assert imap.check_login(cfg).endswith("folders: INBOX, Clients/ACME")


class TestSmtpCheckLogin:
    @pytest.mark.parametrize("security", SECURITIES)
    def test_right_password_logs_in(self, smtp_server: SmtpServer, security: str) -> None:
        cfg = smtp_config(smtp_server, security=security)
        assert smtp.check_login(cfg) == f"logged in as employee at 127.0.0.1:{cfg.port} ({security})"
        assert smtp_server.auth_attempts == [("employee", True)]

    @pytest.mark.parametrize("security", SECURITIES)
    def test_wrong_password_is_a_login_failure(self, smtp_server: SmtpServer, security: str) -> None:
        cfg = smtp_config(smtp_server, security=security, password=WRONG_PASSWORD)
        with pytest.raises(LoginFailed) as caught:
            smtp.check_login(cfg)
        assert str(caught.value).startswith(f"smtp: login refused for 'employee' at 127.0.0.1:{cfg.port}: 535 ")
        assert isinstance(caught.value.__cause__, aiosmtplib.SMTPAuthenticationError)
        assert WRONG_PASSWORD not in _texts(caught.value)

    def test_without_username_no_login_is_attempted(self, smtp_server: SmtpServer) -> None:
        cfg = smtp_config(smtp_server, login=False)
        assert smtp.check_login(cfg) == f"connected to 127.0.0.1:{cfg.port} (starttls; no authentication configured)"
        assert smtp_server.auth_attempts == []

    @pytest.mark.parametrize("security", ["starttls", "tls"])
    def test_certificate_from_an_unknown_ca_is_refused(self, smtp_server: SmtpServer, security: str) -> None:
        cfg = smtp_config(smtp_server, security=security, ca_file=None)
        with pytest.raises(ServerUnreachable) as caught:
            smtp.check_login(cfg)
        assert caught.value.reason.startswith("TLS certificate not trusted: unable to get local issuer certificate")
        assert smtp_server.auth_attempts == []

    def test_closed_port_is_connection_refused(self, smtp_server: SmtpServer) -> None:
        port = free_port()
        with pytest.raises(ServerUnreachable) as caught:
            smtp.check_login(smtp_config(smtp_server, security="none", port=port))
        assert str(caught.value) == f"smtp: cannot connect to 127.0.0.1:{port}: connection refused"

    def test_silent_server_times_out(self, smtp_server: SmtpServer, silent_port: int) -> None:
        with pytest.raises(ServerUnreachable) as caught:
            smtp.check_login(smtp_config(smtp_server, security="none", port=silent_port, timeout=0.3))
        assert caught.value.reason == "timed out after 0.3 s"

    def test_starttls_is_required_when_asked_for(self, smtp_server: SmtpServer) -> None:
        cfg = smtp_config(smtp_server, security="starttls", port=smtp_server.port)
        with pytest.raises(ServerUnreachable) as caught:
            smtp.check_login(cfg)
        assert "does not offer STARTTLS" in caught.value.reason
        assert smtp_server.auth_attempts == []


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "claire@example.com", "jo@acme.example", "Absent"
    message.set_content("Back on Monday.")
    return message


async def _send(smtp_server: SmtpServer) -> None:
    client = await smtp.open_connection(smtp_config(smtp_server))
    try:
        await client.send_message(_message(), sender="", recipients=["jo@acme.example"])
    finally:
        client.close()


class TestClassify:
    async def _attempt(self, smtp_server: SmtpServer) -> TemporaryDeliveryError | PermanentDeliveryError | None:
        try:
            await _send(smtp_server)
        except aiosmtplib.SMTPException as exc:
            return smtp.classify(exc)
        return None

    def test_4xx_is_temporary_and_the_retry_goes_through(self, smtp_server: SmtpServer) -> None:
        smtp_server.fail_next(1, code=451)
        error = asyncio.run(self._attempt(smtp_server))
        assert isinstance(error, TemporaryDeliveryError) and error.code == 451
        assert asyncio.run(self._attempt(smtp_server)) is None
        assert smtp_server.received[0].mail_from == "" and smtp_server.received[0].login == "employee"

    @pytest.mark.parametrize("stage", ["mail", "rcpt", "data"])
    def test_5xx_is_permanent(self, smtp_server: SmtpServer, stage: str) -> None:
        smtp_server.fail_next(1, code=550, stage=stage)
        error = asyncio.run(self._attempt(smtp_server))
        assert isinstance(error, PermanentDeliveryError) and error.code == 550
        assert "550 5.7.1" in str(error)

    def test_lost_connections_are_temporary(self) -> None:
        for exc in (aiosmtplib.SMTPServerDisconnected("gone"), aiosmtplib.SMTPReadTimeoutError("slow"), ConnectionResetError()):
            assert isinstance(smtp.classify(exc), TemporaryDeliveryError)

    def test_recipients_refused_is_permanent_only_when_every_refusal_is(self) -> None:
        permanent = aiosmtplib.SMTPRecipientRefused(550, "no such user", "a@x.example")
        temporary = aiosmtplib.SMTPRecipientRefused(450, "mailbox busy", "b@x.example")
        assert isinstance(smtp.classify(aiosmtplib.SMTPRecipientsRefused([permanent])), PermanentDeliveryError)
        mixed = smtp.classify(aiosmtplib.SMTPRecipientsRefused([permanent, temporary]))
        assert isinstance(mixed, TemporaryDeliveryError) and mixed.code == 450

    def test_refused_credentials_are_permanent_unless_the_server_says_temporary(self) -> None:
        refused = LoginFailed("smtp", "employee", "127.0.0.1", 587, "535 no")
        refused.__cause__ = aiosmtplib.SMTPAuthenticationError(535, "no")
        assert isinstance(smtp.classify(refused), PermanentDeliveryError)
        busy = LoginFailed("smtp", "employee", "127.0.0.1", 587, "454 try later")
        busy.__cause__ = aiosmtplib.SMTPAuthenticationError(454, "try later")
        assert isinstance(smtp.classify(busy), TemporaryDeliveryError)


@pytest.mark.dovecot
def test_passwords_never_reach_logs_or_errors(
    caplog: pytest.LogCaptureFixture, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    for security in SECURITIES:
        shown.append(imap.check_login(imap_config(imap_server, security=security)))
        shown.append(smtp.check_login(smtp_config(smtp_server, security=security)))
        with pytest.raises(LoginFailed) as imap_failure:
            imap.check_login(imap_config(imap_server, security=security, password=WRONG_PASSWORD))
        with pytest.raises(LoginFailed) as smtp_failure:
            smtp.check_login(smtp_config(smtp_server, security=security, password=WRONG_PASSWORD))
        shown += [_texts(imap_failure.value), _texts(smtp_failure.value)]
    everything = caplog.text + "\n".join(shown)
    for password in (imap_server.password("employee"), smtp_server.password, WRONG_PASSWORD):
        assert password not in everything
        # AUTH PLAIN and AUTH LOGIN carry it base64-encoded.
        for encoded in (f"\0employee\0{password}", password):
            assert base64.b64encode(encoded.encode()).decode() not in everything
    # The check is meaningful: imapclient's debug log did record the LOGIN command, redacted.
    assert "LOGIN **REDACTED**" in caplog.text
