"""`responder run` sends the return-day digest by itself, once, even when it is restarted."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from support import waiting
from support.configs import imap_settings, smtp_settings, write_config
from support.dovecot import DovecotServer
from support.mailfactory import make
from support.smtpd import SmtpServer
from support.waiting import wait_until

pytestmark = pytest.mark.dovecot

ZONE = "Europe/Paris"


def digests(smtp: SmtpServer) -> list[str]:
    return [str(r.message["Subject"]) for r in smtp.received
            if r.message["Auto-Submitted"] == "auto-generated" and "claire@example.com" in r.rcpt_tos]


def run_until(config: Path, log: Path, condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    """Run the service until ``condition()`` holds and its outbox is empty, then stop it with SIGTERM."""
    with log.open("ab") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "responder", "run", "--config", str(config)],
                                   stdout=subprocess.DEVNULL, stderr=stderr, cwd=config.parent)
    try:
        def exited() -> str | None:
            return None if process.poll() is None else f"the service exited ({process.returncode})"

        def done() -> bool:  # a second digest, had one been queued, is in the outbox until it is sent
            return condition() and waiting.outbox_settled(config.parent / "responder.db")

        wait_until(done, timeout, what, abort=exited, details=lambda: log.read_text(errors="replace"))
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0, log.read_text(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def polls_reported(log: Path) -> int:
    """Poll reports in the service log, one per finished poll of a folder that found something."""
    return log.read_text(errors="replace").count(" re-paired; ") if log.exists() else 0


def test_return_day_digest_is_sent_once_across_restarts(tmp_path: Path, imap_server: DovecotServer,
                                                        smtp_server: SmtpServer) -> None:
    today = dt.datetime.now(ZoneInfo(ZONE)).date()
    config = write_config(tmp_path, imap=imap_settings(imap_server, security="starttls"), smtp=smtp_settings(smtp_server),
                          absence={"start": today - dt.timedelta(days=10), "end": today - dt.timedelta(days=1),
                                   "timezone": ZONE},
                          digest={"send_at": "00:00"}, reply={"save_to_sent": False},
                          schedule={"poll_interval": 10, "idle": False}, logging={"level": "info"})
    log = tmp_path / "service.log"
    run_until(config, log, lambda: bool(digests(smtp_server)), "digest")
    assert len(digests(smtp_server)) == 1, log.read_text(errors="replace")
    # A restart on the same morning, with a new message to poll: the digest job starts with that poll
    # and needs one query, the poll a login; once the poll has reported, the job has run.
    before = polls_reported(log)
    now = dt.datetime.now(dt.UTC)
    imap_server.deliver("employee", make(when=now, message_id="<after-return@acme.example>"), internaldate=now)
    run_until(config, log, lambda: polls_reported(log) > before, "first poll after the restart")
    assert waiting.outbox_states(tmp_path / "responder.db")[("digest", "sent")] == 1
    assert digests(smtp_server) == ["Your return: 0 threads to look at first"]
    assert "digest queued" in log.read_text(errors="replace")
