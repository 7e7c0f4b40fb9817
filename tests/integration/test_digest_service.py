"""`responder run` sends the return-day digest by itself, once, even when it is restarted."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from support.configs import imap_settings, smtp_settings, write_config
from support.dovecot import DovecotServer
from support.smtpd import SmtpServer

pytestmark = pytest.mark.dovecot

ZONE = "Europe/Paris"


def digests(smtp: SmtpServer) -> list[str]:
    return [str(r.message["Subject"]) for r in smtp.received
            if r.message["Auto-Submitted"] == "auto-generated" and "claire@example.com" in r.rcpt_tos]


def run_until(config: Path, log: Path, condition: Callable[[], bool], timeout: float) -> None:
    """Run the service until ``condition()`` holds (or ``timeout``), then stop it with SIGTERM."""
    with log.open("ab") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "responder", "run", "--config", str(config)],
                                   stdout=subprocess.DEVNULL, stderr=stderr, cwd=config.parent)
    try:
        deadline = time.monotonic() + timeout
        while not condition() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        time.sleep(0.5)  # a second digest, if one were queued, would go out within this time
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0, log.read_text(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_return_day_digest_is_sent_once_across_restarts(tmp_path: Path, imap_server: DovecotServer,
                                                        smtp_server: SmtpServer) -> None:
    today = dt.datetime.now(ZoneInfo(ZONE)).date()
    config = write_config(tmp_path, imap=imap_settings(imap_server, security="starttls"), smtp=smtp_settings(smtp_server),
                          absence={"start": today - dt.timedelta(days=10), "end": today - dt.timedelta(days=1),
                                   "timezone": ZONE},
                          digest={"send_at": "00:00"}, reply={"save_to_sent": False},
                          schedule={"poll_interval": 10, "idle": False}, logging={"level": "info"})
    log = tmp_path / "service.log"
    run_until(config, log, lambda: bool(digests(smtp_server)), 30)
    assert len(digests(smtp_server)) == 1, log.read_text(errors="replace")
    run_until(config, log, lambda: False, 4)  # a restart on the same morning
    assert digests(smtp_server) == ["Your return: 0 threads to look at first"]
    assert "digest queued" in log.read_text(errors="replace")
