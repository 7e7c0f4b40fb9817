"""`responder status`: health from the database alone, and what needs a human."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from responder import config
from responder.adapters.store import db, models, queries
from responder.cli import commands
from responder.cli.main import cli
from support.configs import write_config

SERVERS = {"host": "127.0.0.1", "port": 10143, "security": "none", "username": "claire", "password_env": "UNUSED_PW"}
SMTP = {"host": "127.0.0.1", "port": 10025, "security": "none"}


def setup(tmp_path: Path) -> config.Config:
    return config.load(write_config(tmp_path, imap={**SERVERS, "folders": ["INBOX", "Clients"]}, smtp=SMTP))


def test_never_polled_folders_are_stale_and_exit_3(tmp_path: Path) -> None:
    cfg = setup(tmp_path)
    result = CliRunner().invoke(cli, ["status", "--config", str(cfg.path)])
    assert result.exit_code == 3
    assert "folder INBOX: STALE, last successful poll never" in result.stdout
    assert "folder Clients: STALE" in result.stdout


def test_recent_polls_are_healthy_and_problems_are_listed(tmp_path: Path) -> None:
    cfg = setup(tmp_path)
    now = dt.datetime.now(dt.UTC)
    store = db.open_store(commands.storage_url(cfg))
    with store.session() as session:
        for folder in ("INBOX", "Clients"):
            state = queries.get_sync_state(session, "imap", folder)
            queries.reset_uidvalidity(state, 1)
            queries.record_poll_result(state, now - dt.timedelta(seconds=cfg.schedule.poll_interval))
        session.add(models.Message(source="imap", folder="INBOX", uidvalidity=1, uid=9, message_id="x@y", received_at=now,
                                   raw=b"x", status=models.MessageStatus.quarantined, attempts=3, error="ValueError: bad"))
        session.add(models.OutboxItem(kind=models.OutboxKind.reply, dedup_key="k", recipient="jo@acme.example", raw=b"x",
                                      rfc822_message_id="m@x", state=models.OutboxState.failed, next_attempt_at=now,
                                      created_at=now, smtp_code=550, last_error="mailbox unavailable"))
    store.dispose()
    result = CliRunner().invoke(cli, ["status", "--config", str(cfg.path)])
    assert result.exit_code == 0, result.output
    assert "folder INBOX: ok" in result.stdout
    assert "needs attention: quarantined message: INBOX uid 9: ValueError: bad" in result.stdout
    assert "needs attention: undelivered reply: #1 to jo@acme.example: 550 mailbox unavailable" in result.stdout
    as_json = json.loads(CliRunner().invoke(cli, ["status", "--config", str(cfg.path), "--json"]).stdout)
    assert as_json["healthy"] is True and as_json["messages"]["quarantined"] == 1 and as_json["outbox"]["failed"] == 1


def test_a_poll_older_than_three_intervals_is_stale(tmp_path: Path) -> None:
    cfg = setup(tmp_path)
    now = dt.datetime.now(dt.UTC)
    store = db.open_store(commands.storage_url(cfg))
    with store.session() as session:
        for folder, age in (("INBOX", 1), ("Clients", 4)):
            state = queries.get_sync_state(session, "imap", folder)
            queries.record_poll_result(state, now - age * dt.timedelta(seconds=cfg.schedule.poll_interval))
    store.dispose()
    result = CliRunner().invoke(cli, ["status", "--config", str(cfg.path)])
    assert result.exit_code == 3
    assert "folder INBOX: ok" in result.stdout and "folder Clients: STALE" in result.stdout


def test_status_says_when_no_client_mail_is_vouched_for_and_so_no_excerpt_goes_out(tmp_path: Path) -> None:
    from responder.service.pipeline import Incoming, Pipeline
    from support.mailfactory import make

    cfg = setup(tmp_path)
    now = dt.datetime(2026, 7, 8, 10, 0, tzinfo=dt.UTC)
    store = db.open_store(commands.storage_url(cfg))
    pipeline = Pipeline(cfg, store, now=lambda: now)
    pipeline.process(Incoming(raw=make(auth=None), source="file", folder="INBOX", label="a.eml"))
    result = CliRunner().invoke(cli, ["status", "--config", str(cfg.path)])
    assert "needs attention: no excerpts: the latest 1 client messages carry no Authentication-Results" in result.stdout
    question = make(message_id="<q2@acme.example>", subject="Atlas migration status",
                    body="Hello,\n\nIs the migration on schedule, and when is the next delivery?\n\nJo")
    outcome = pipeline.process(Incoming(raw=question, source="file", folder="INBOX", label="b.eml"))
    assert outcome.excerpt, outcome.excerpt_reason  # written by mx.example.com, under the employee's domain
    store.dispose()
    result = CliRunner().invoke(cli, ["status", "--config", str(cfg.path)])
    assert "no excerpts" not in result.stdout
