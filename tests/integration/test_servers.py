"""The test servers themselves: if these fail, every integration test after them is suspect."""

from __future__ import annotations

import smtplib
import socket
from datetime import datetime, timezone
from pathlib import Path

import pytest

from responder import config
from support.configs import imap_settings, smtp_settings, write_config
from support.dovecot import SPECIAL_USE, DovecotServer
from support.smtpd import SmtpServer

RAW = b"From: Jo <jo@acme.example>\r\nTo: claire@example.com\r\nSubject: Atlas\r\nMessage-ID: <m1@acme.example>\r\n\r\nHello\r\n"


def _greeting(port: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        return sock.makefile("rb").readline()


@pytest.mark.dovecot
class TestDovecot:
    def test_greets_in_clear_with_starttls_and_idle_offered(self, imap_server: DovecotServer) -> None:
        greeting = _greeting(imap_server.port)
        assert greeting.startswith(b"* OK")
        assert b"STARTTLS" in greeting and b"IDLE" in greeting

    def test_greets_over_tls_with_the_test_ca(self, imap_server: DovecotServer) -> None:
        context = imap_server.pki.client_context()
        with socket.create_connection(("127.0.0.1", imap_server.tls_port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as sock:
                assert sock.makefile("rb").readline().startswith(b"* OK")

    def test_deliver_then_fetch_with_peek_leaves_the_message_unseen(self, imap_server: DovecotServer) -> None:
        uid = imap_server.deliver("employee", RAW)
        with imap_server.client("employee") as imap:
            imap.select_folder("INBOX")
            fetched = imap.fetch([uid], ["BODY.PEEK[]", "FLAGS"])[uid]
            assert fetched[b"BODY[]"] == RAW
            assert b"\\Seen" not in imap.get_flags([uid])[uid]

    def test_deliver_sets_folder_flags_and_internaldate(self, imap_server: DovecotServer) -> None:
        when = datetime(2026, 7, 7, 9, 30, tzinfo=timezone.utc)
        uid = imap_server.deliver("employee", RAW, folder="Projects/Atlas", flags=["\\Seen"], internaldate=when)
        with imap_server.client("employee") as imap:
            imap.normalise_times = False
            imap.select_folder("Projects/Atlas", readonly=True)
            data = imap.fetch([uid], ["FLAGS", "INTERNALDATE"])[uid]
        assert b"\\Seen" in data[b"FLAGS"]
        assert data[b"INTERNALDATE"] == when

    def test_special_use_folders_exist_and_are_subscribed(self, imap_server: DovecotServer) -> None:
        with imap_server.client("employee") as imap:
            listed = {name: flags for flags, _sep, name in imap.list_folders()}
            subscribed = {name for _flags, _sep, name in imap.list_sub_folders()}
        for name, flag in SPECIAL_USE.items():
            assert flag.encode() in listed[name]
            assert name in subscribed

    def test_users_have_separate_mailboxes(self, imap_server: DovecotServer) -> None:
        imap_server.deliver("delegate", RAW)
        with imap_server.client("employee") as imap:
            assert imap.select_folder("INBOX")[b"EXISTS"] == 0
        with imap_server.client("delegate") as imap:
            assert imap.select_folder("INBOX")[b"EXISTS"] == 1

    def test_reset_empties_every_folder_and_restarts_uids(self, imap_server: DovecotServer) -> None:
        imap_server.deliver("employee", RAW)
        imap_server.deliver("employee", RAW, folder="Sent")
        imap_server.deliver("employee", RAW, folder="Old")
        imap_server.reset("employee")
        with imap_server.client("employee") as imap:
            assert imap.select_folder("INBOX")[b"EXISTS"] == 0
            assert imap.select_folder("Sent")[b"EXISTS"] == 0
            assert not imap.folder_exists("Old")
        assert imap_server.deliver("employee", RAW) == 1

    def test_recreate_folder_changes_uidvalidity_and_keeps_messages(self, imap_server: DovecotServer) -> None:
        imap_server.deliver("employee", RAW)
        imap_server.deliver("employee", RAW.replace(b"<m1@", b"<m2@"), flags=["\\Flagged"])
        with imap_server.client("employee") as imap:
            before = imap.folder_status("INBOX", ["UIDVALIDITY"])[b"UIDVALIDITY"]
        imap_server.recreate_folder("employee", "INBOX")
        with imap_server.client("employee") as imap:
            after = imap.select_folder("INBOX")[b"UIDVALIDITY"]
            data = imap.fetch(imap.search(), ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]", "FLAGS"])
        assert after != before
        ids = sorted(d[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].strip() for d in data.values())
        assert ids == [b"Message-ID: <m1@acme.example>", b"Message-ID: <m2@acme.example>"]
        assert any(b"\\Flagged" in d[b"FLAGS"] for d in data.values())

    def test_stop_then_start_on_the_same_ports(self, imap_server: DovecotServer) -> None:
        imap_server.deliver("employee", RAW)
        imap_server.stop()
        with pytest.raises(ConnectionRefusedError):
            _greeting(imap_server.port)
        imap_server.start()
        assert _greeting(imap_server.port).startswith(b"* OK")
        with imap_server.client("employee") as imap:
            assert imap.select_folder("INBOX")[b"EXISTS"] == 1


class TestSmtp:
    def test_records_the_envelope_and_login_over_starttls(self, smtp_server: SmtpServer) -> None:
        with smtplib.SMTP(smtp_server.host, smtp_server.starttls_port, timeout=5) as client:
            client.starttls(context=smtp_server.pki.client_context())
            client.login(smtp_server.username, smtp_server.password)
            client.sendmail("", ["jo@acme.example", "al@acme.example"], RAW)
        [received] = smtp_server.received
        assert received.mail_from == ""
        assert received.rcpt_tos == ("jo@acme.example", "al@acme.example")
        assert received.data == RAW
        assert received.login == smtp_server.username
        assert received.tls and received.port == smtp_server.starttls_port
        assert received.message["Subject"] == "Atlas"

    def test_starttls_port_refuses_mail_before_tls(self, smtp_server: SmtpServer) -> None:
        with smtplib.SMTP(smtp_server.host, smtp_server.starttls_port, timeout=5) as client:
            client.ehlo()
            code, _text = client.mail("claire@example.com")
        assert code == 530

    def test_clear_port_offers_no_starttls_and_accepts_anonymous_mail(self, smtp_server: SmtpServer) -> None:
        with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
            client.ehlo()
            assert not client.has_extn("starttls")
            client.sendmail("claire@example.com", ["jo@acme.example"], RAW)
        [received] = smtp_server.received
        assert received.login is None and not received.tls

    def test_implicit_tls_port_accepts_auth(self, smtp_server: SmtpServer) -> None:
        context = smtp_server.pki.client_context()
        with smtplib.SMTP_SSL(smtp_server.host, smtp_server.tls_port, timeout=5, context=context) as client:
            client.login(smtp_server.username, smtp_server.password)
            client.sendmail("claire@example.com", ["jo@acme.example"], RAW)
        assert smtp_server.received[0].login == smtp_server.username
        assert smtp_server.auth_attempts == [(smtp_server.username, True)]

    def test_wrong_password_is_refused_and_recorded_without_the_password(self, smtp_server: SmtpServer) -> None:
        with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
            with pytest.raises(smtplib.SMTPAuthenticationError) as caught:
                client.login(smtp_server.username, "wrong")
        assert caught.value.smtp_code == 535
        # smtplib tries each mechanism the server offers before giving up.
        assert smtp_server.auth_attempts and set(smtp_server.auth_attempts) == {(smtp_server.username, False)}

    def test_fail_next_gives_a_temporary_failure_then_accepts(self, smtp_server: SmtpServer) -> None:
        smtp_server.fail_next(1, code=451)
        with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
            with pytest.raises(smtplib.SMTPDataError) as caught:
                client.sendmail("claire@example.com", ["jo@acme.example"], RAW)
            assert caught.value.smtp_code == 451
            client.sendmail("claire@example.com", ["jo@acme.example"], RAW)
        assert len(smtp_server.received) == 1

    def test_fail_next_at_rcpt_gives_a_permanent_refusal(self, smtp_server: SmtpServer) -> None:
        smtp_server.fail_next(2, code=550, text="5.1.1 No such user", stage="rcpt")
        with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
            with pytest.raises(smtplib.SMTPRecipientsRefused) as caught:
                client.sendmail("claire@example.com", ["a@acme.example", "b@acme.example"], RAW)
        assert {code for code, _text in caught.value.recipients.values()} == {550}
        assert smtp_server.received == []

    def test_records_are_cleared_between_tests(self, smtp_server: SmtpServer) -> None:
        assert smtp_server.received == [] and smtp_server.auth_attempts == []


@pytest.mark.dovecot
def test_written_config_validates_and_points_at_the_servers(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    path = write_config(tmp_path, imap=imap_settings(imap_server), smtp=smtp_settings(smtp_server))
    loaded = config.load(path)
    assert loaded.imap.port == imap_server.tls_port and loaded.imap.ca_file == imap_server.ca_file
    assert loaded.smtp.port == smtp_server.starttls_port
    assert loaded.projects[0].brief.is_file()
    assert path.stat().st_mode & 0o777 == 0o600
