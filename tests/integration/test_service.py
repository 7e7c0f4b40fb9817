"""``responder run`` as a real process against the test Dovecot (IDLE) and SMTP recorder."""

from __future__ import annotations

import collections
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from responder import config
from responder.adapters.store.db import open_store
from responder.service import scheduler as service_module
from support import waiting
from support.configs import imap_settings, smtp_settings, write_config
from support.dovecot import DovecotServer
from support.mailfactory import ABSENCE_DAY, make
from support.smtpd import SmtpServer

pytestmark = pytest.mark.dovecot

DELEGATE = "paul@example.com"
LOG_LEVEL = "info"  # as in production: a context key LogRecord refuses once failed every message here


class Service:
    """One ``responder run`` subprocess, its stderr in a file."""

    def __init__(self, config: Path, log: Path) -> None:
        self.log = log
        with log.open("ab") as stderr:
            self.process = subprocess.Popen([sys.executable, "-m", "responder", "run", "--config", str(config)],
                                            stdout=subprocess.DEVNULL, stderr=stderr, cwd=config.parent)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@contextmanager
def running(config: Path, log: Path) -> Iterator[Service]:
    service = Service(config, log)
    try:
        yield service
    finally:
        service.kill()


def wait_until(condition: Callable[[], bool], timeout: float, what: str, service: Service | None = None,
               every: float = waiting.POLL_EVERY) -> float:
    """Poll ``condition`` until true; return the seconds it took, fail with the service log after ``timeout``."""
    def exited() -> str | None:
        if service is not None and service.process.poll() is not None:
            return f"the service exited ({service.process.returncode})"
        return None

    return waiting.wait_until(condition, timeout, what, every=every, abort=exited,
                              details=lambda: f"--- service log ---\n{service.text() if service else ''}")


def await_ready(service: Service, imap: DovecotServer, smtp: SmtpServer) -> None:
    """A first message answered and the IDLE watcher in IDLE: new mail is now announced at once."""
    imap.deliver("employee", client_mail(0), internaldate=ABSENCE_DAY)
    wait_until(lambda: bool(replies(smtp)), 10, "first reply", service)
    wait_until(lambda: "INBOX: watching with IDLE" in service.text(), 10, "IDLE watcher", service)


def setup(tmp_path: Path, imap: DovecotServer, smtp: SmtpServer) -> Path:
    return write_config(tmp_path, imap=imap_settings(imap, security="starttls"), smtp=smtp_settings(smtp),
                        reply={"handover": False, "save_to_sent": False, "max_per_hour": 10_000},
                        schedule={"poll_interval": 10, "idle": True}, logging={"level": LOG_LEVEL})


def client_mail(n: int) -> bytes:
    return make(sender=f"Client {n} <client{n}@acme.example>", subject=f"Atlas migration question {n}",
                message_id=f"<q{n}@acme.example>")


def replies(smtp: SmtpServer) -> collections.Counter[str]:
    """Auto-replies received, counted per client (the delegate's copy aside)."""
    return collections.Counter(r for rec in smtp.received if rec.message["Auto-Submitted"] == "auto-replied"
                               for r in rec.rcpt_tos if r != DELEGATE)


def test_idle_answers_new_mail_within_two_seconds(tmp_path: Path, imap_server: DovecotServer,
                                                   smtp_server: SmtpServer) -> None:
    with running(setup(tmp_path, imap_server, smtp_server), tmp_path / "service.log") as service:
        await_ready(service, imap_server, smtp_server)
        started = time.monotonic()
        imap_server.deliver("employee", client_mail(1), internaldate=ABSENCE_DAY)
        wait_until(lambda: "client1@acme.example" in replies(smtp_server), 2.0, "reply", service, every=0.05)
        print(f"IDLE latency, delivery to reply received: {time.monotonic() - started:.3f} s")
        assert replies(smtp_server) == {"client0@acme.example": 1, "client1@acme.example": 1}


def test_kill_9_in_a_backlog_then_restart_answers_everyone_once(tmp_path: Path, imap_server: DovecotServer,
                                                                   smtp_server: SmtpServer) -> None:
    total = 300
    for n in range(total):
        imap_server.deliver("employee", client_mail(n), internaldate=ABSENCE_DAY)
    config = setup(tmp_path, imap_server, smtp_server)
    with running(config, tmp_path / "first.log") as first:
        wait_until(lambda: sum(replies(smtp_server).values()) >= total // 3, 40, "third of the replies", first,
                   every=0.01)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(10)
    at_kill = sum(replies(smtp_server).values())
    with running(config, tmp_path / "second.log") as second:
        wait_until(lambda: len(replies(smtp_server)) >= total, 40, "reply to every client", second)
        # A duplicate would be an item claimed before the kill and sent again: wait until none is left to send.
        wait_until(lambda: waiting.outbox_settled(config.parent / "responder.db"), 10, "empty outbox", second)
    counts = replies(smtp_server)
    duplicates = sum(c - 1 for c in counts.values())
    print(f"kill -9 after {at_kill} of {total} replies; after restart {len(counts)} clients answered, "
          f"{duplicates} duplicates")
    assert set(counts) == {f"client{n}@acme.example" for n in range(total)}
    assert duplicates <= 1


def test_reconnects_by_itself_after_the_imap_server_comes_back(tmp_path: Path, imap_server: DovecotServer,
                                                                smtp_server: SmtpServer) -> None:
    with running(setup(tmp_path, imap_server, smtp_server), tmp_path / "service.log") as service:
        await_ready(service, imap_server, smtp_server)
        imap_server.stop()
        try:  # down until the watcher has lost its connection and failed to reconnect once
            wait_until(lambda: "IDLE connection lost (attempt 2)" in service.text(), 10, "failed reconnect", service)
        finally:
            imap_server.start()
        imap_server.deliver("employee", client_mail(1), internaldate=ABSENCE_DAY)
        took = wait_until(lambda: "client1@acme.example" in replies(smtp_server), 15, "reply after the restart", service)
        log = service.text()
        warnings = [line for line in log.splitlines() if " WARNING " in line]
        print(f"answered {took:.1f} s after Dovecot came back; {len(warnings)} warning lines")
        assert "Traceback" not in log
        assert any("IDLE connection lost" in line for line in warnings), log
        assert len(warnings) <= 6, log
        assert all("reconnecting" in line or "poll failed" in line for line in warnings), log


def test_sigterm_exits_0_within_a_few_seconds(tmp_path: Path, imap_server: DovecotServer,
                                               smtp_server: SmtpServer) -> None:
    with running(setup(tmp_path, imap_server, smtp_server), tmp_path / "service.log") as service:
        await_ready(service, imap_server, smtp_server)
        started = time.monotonic()
        service.process.send_signal(signal.SIGTERM)
        code = service.process.wait(10)
        took = time.monotonic() - started
        assert (code, "Traceback" in service.text()) == (0, False), service.text()
        assert took < 5, f"stopped in {took:.1f} s"


def test_a_config_error_is_one_line_and_exit_2(tmp_path: Path, imap_server: DovecotServer,
                                                smtp_server: SmtpServer) -> None:
    config = write_config(tmp_path, imap=imap_settings(imap_server), smtp=smtp_settings(smtp_server),
                          schedule={"poll_interval": 1})
    result = subprocess.run([sys.executable, "-m", "responder", "run", "--config", str(config)], capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "schedule.poll_interval" in line and line.startswith("error: ")


def test_the_delegates_sent_folder_and_a_maildir_are_polled_too(tmp_path: Path, imap_server: DovecotServer,
                                                                 smtp_server: SmtpServer) -> None:
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "new" / "1783500000.1.host").write_bytes(client_mail(7))
    os.utime(box / "new" / "1783500000.1.host", (ABSENCE_DAY.timestamp(), ABSENCE_DAY.timestamp()))
    imap_server.deliver("delegate", make(sender=f"Paul Durand <{DELEGATE}>", to="client7@acme.example",
                                         subject="Re: Atlas migration question 7", message_id="<p7@example.com>",
                                         in_reply_to="<q7@acme.example>", auth=None),
                        folder="Sent", internaldate=ABSENCE_DAY)
    config = write_config(tmp_path, imap=imap_settings(imap_server, security="starttls"), smtp=smtp_settings(smtp_server),
                          reply={"handover": False, "save_to_sent": False}, logging={"level": LOG_LEVEL},
                          schedule={"poll_interval": 10, "idle": True}, maildir={"path": str(box)},
                          delegate_imap=imap_settings(imap_server, security="starttls", user="delegate", folders=["Sent"]))
    with running(config, tmp_path / "service.log") as service:
        wait_until(lambda: "client7@acme.example" in replies(smtp_server), 10, "reply to the Maildir message", service)
        wait_until(lambda: "Sent: 1 new" in service.text(), 10, "the delegate's Sent folder polled", service)
        service.process.send_signal(signal.SIGTERM)
        assert service.process.wait(15) == 0


@pytest.mark.parametrize("keep_connection", [600.0, 0.0])
def test_a_folder_keeps_its_poll_connection_and_renews_it_after_a_while(
    keep_connection: float, tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One login for many polls; a renewed connection sees what an old session may not (a rebuilt index)."""
    cfg = config.load(setup(tmp_path, imap_server, smtp_server))
    store = open_store(f"sqlite:///{tmp_path / 'state.db'}")
    for n in (1, 2):
        imap_server.deliver("employee", client_mail(n), internaldate=ABSENCE_DAY)
    caplog.set_level(logging.DEBUG, logger="imapclient")
    polls = service_module.Service(cfg, store, keep_connection=keep_connection)
    try:
        first = polls._poll_blocking("INBOX")
        imap_server.deliver("employee", client_mail(3), internaldate=ABSENCE_DAY)
        second = polls._poll_blocking("INBOX")
        logins = sum(1 for r in caplog.records if r.getMessage().startswith("Logged in as"))
        imap_server.recreate_folder("employee", "INBOX")
        imap_server.deliver("employee", client_mail(4), internaldate=ABSENCE_DAY)
        third = polls._poll_blocking("INBOX")
    finally:
        polls._close_sources()
        store.dispose()
    assert [(r.new, r.processed) for r in (first, second)] == [(2, 2), (1, 1)]
    assert logins == (1 if keep_connection else 2)
    if not keep_connection:  # a kept session would still see the old folder until its renewal
        assert (third.repaired, third.new, third.processed) == (3, 1, 1)
