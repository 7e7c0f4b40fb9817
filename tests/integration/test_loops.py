"""Loops and floods against the real test servers: whatever a robot or a second responder does,
at most one reply each way, and one sender opening many threads gets at most the cap."""

from __future__ import annotations

import datetime as dt
import logging
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from responder import config
from responder.adapters.store import db
from responder.adapters.store.db import open_store
from responder.service import poller
from responder.service.pipeline import Pipeline
from support.configs import imap_settings, smtp_settings, write_config
from support.dovecot import DovecotServer
from support.mailfactory import make
from support.smtpd import SmtpServer

pytestmark = pytest.mark.dovecot

NOW = dt.datetime(2026, 7, 9, 8, 0, tzinfo=dt.UTC)
IN_ABSENCE = dt.datetime(2026, 7, 8, 9, 30, tzinfo=dt.UTC)
ROUNDS = 20


def load(tmp_path: Path, imap: DovecotServer, smtp: SmtpServer, user: str = "employee", **sections: object) -> config.Config:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return config.load(write_config(tmp_path, imap=imap_settings(imap, security="starttls", user=user),
                                    smtp=smtp_settings(smtp), **sections))  # type: ignore[arg-type]


def poll(cfg: config.Config, when: dt.datetime = NOW) -> poller.PollReport:
    store = open_store(db.resolve_url(cfg.storage.url, cfg.folder))
    try:
        return poller.poll_once(cfg, store, Pipeline(cfg, store, now=lambda: when), now=lambda: when)
    finally:
        store.engine.dispose()


def received_by(smtp: SmtpServer, address: str) -> list[EmailMessage]:
    return [r.message for r in smtp.received if address in r.rcpt_tos]


def robot_answer(reply: EmailMessage, n: int, *, threaded: bool) -> bytes:
    """What a ticket robot that sets no Auto-Submitted sends back: a new address each time, maybe no references."""
    answer = EmailMessage()
    answer["From"] = f"Helpdesk <ticket-{n}@helpdesk.example>"
    answer["To"] = str(reply["From"])
    answer["Subject"] = f"Re: {reply['Subject']}"
    answer["Date"] = format_datetime(IN_ABSENCE + dt.timedelta(minutes=n))
    answer["Message-ID"] = f"<t{n}@helpdesk.example>"
    if threaded:
        answer["In-Reply-To"] = str(reply["Message-ID"])
    answer.set_content(f"Thank you, your request is ticket #{n}. We will get back to you.")
    return bytes(answer)


@pytest.mark.parametrize("threaded", [False, True])
def test_a_header_less_robot_gets_one_reply_in_twenty_rounds(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer, threaded: bool
) -> None:
    cfg = load(tmp_path, imap_server, smtp_server, reply={"handover": False})
    imap_server.deliver("employee", make(sender="Helpdesk <ticket-0@helpdesk.example>", subject="Your Atlas request",
                                         message_id="<t0@helpdesk.example>"), internaldate=IN_ABSENCE)
    poll(cfg)
    for n in range(1, ROUNDS + 1):
        [first_reply, *more] = received_by(smtp_server, "ticket-0@helpdesk.example")
        assert not more
        imap_server.deliver("employee", robot_answer(first_reply, n, threaded=threaded), internaldate=IN_ABSENCE)
        poll(cfg)
    to_robot = [r for r in smtp_server.received if any(t.endswith("@helpdesk.example") for t in r.rcpt_tos)]
    assert len(to_robot) == 1


def test_two_responders_answer_each_other_at_most_once(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    claire = load(tmp_path / "claire", imap_server, smtp_server, reply={"handover": False})
    sam = load(tmp_path / "sam", imap_server, smtp_server, user="delegate", reply={"handover": False},
               employee={"name": "Sam Stone", "address": "sam@other.example", "aliases": []},
               delegate={"name": "Lee Park", "address": "lee@other.example"},
               projects=[{"id": "atlas", "name": "Atlas", "brief": str(tmp_path / "claire" / "briefs" / "atlas.md"),
                          "clients": ["@example.com"]}])
    mailbox = {"claire@example.com": "employee", "sam@other.example": "delegate"}
    imap_server.deliver("employee", make(sender="Sam Stone <sam@other.example>", subject="Atlas question"),
                        internaldate=IN_ABSENCE)
    delivered = 0
    for _round in range(ROUNDS):
        poll(claire)
        poll(sam)
        for record in smtp_server.received[delivered:]:
            for rcpt in record.rcpt_tos:
                if rcpt in mailbox:
                    imap_server.deliver(mailbox[rcpt], record.data, internaldate=IN_ABSENCE)
        delivered = len(smtp_server.received)
    assert len(received_by(smtp_server, "sam@other.example")) == 1
    assert len(received_by(smtp_server, "claire@example.com")) <= 1


def test_fifty_threads_from_one_sender_in_an_hour_get_the_cap_and_the_rest_is_logged(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = load(tmp_path, imap_server, smtp_server, reply={"handover": False})
    for n in range(50):
        imap_server.deliver("employee", make(subject=f"Atlas question {n}", message_id=f"<f{n}@acme.example>",
                                             when=IN_ABSENCE + dt.timedelta(minutes=n)), internaldate=IN_ABSENCE)
    with caplog.at_level(logging.WARNING, logger="responder.pipeline"):
        report = poll(cfg)
    assert report.folders[0].processed == 50
    assert len(received_by(smtp_server, "jo@acme.example")) == 2
    held = [r for r in caplog.records if "reply.max_per_sender_per_day" in r.getMessage()]
    assert len(held) == 48 and "jo@acme.example" in held[0].getMessage()


def test_the_mailbox_hourly_cap_holds_a_flood_of_different_senders(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    cfg = load(tmp_path, imap_server, smtp_server, reply={"handover": False, "max_per_hour": 5})
    for n in range(12):
        imap_server.deliver("employee", make(sender=f"Client {n} <c{n}@acme.example>", subject=f"Atlas question {n}",
                                             message_id=f"<h{n}@acme.example>"), internaldate=IN_ABSENCE)
    poll(cfg)
    assert len([r for r in smtp_server.received if r.message["Auto-Submitted"] == "auto-replied"]) == 5
