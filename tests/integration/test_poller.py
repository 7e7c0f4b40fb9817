"""Polling a real Dovecot mailbox and answering over a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from responder import config
from responder.adapters.sources.imap import ImapSource
from responder.adapters.store import models
from responder.adapters.store.db import Store, open_store
from responder.cli.main import cli
from responder.errors import ServerUnreachable
from responder.service import poller
from responder.service.pipeline import Pipeline, source_name
from support.configs import imap_settings, smtp_settings, write_config
from support.dovecot import DovecotServer
from support.mailfactory import make
from support.servers import free_port
from support.smtpd import SmtpServer

pytestmark = pytest.mark.dovecot

NOW = dt.datetime(2026, 7, 9, 8, 0, tzinfo=dt.UTC)
IN_ABSENCE = dt.datetime(2026, 7, 8, 9, 30, tzinfo=dt.UTC)
CLIENTS = ("jo", "ann", "bob")


def client_mail(name: str) -> bytes:
    return make(sender=f"{name.title()} <{name}@acme.example>", subject=f"Atlas migration question from {name}",
                message_id=f"<{name}-1@acme.example>")


def deliver_clients(imap: DovecotServer, names: tuple[str, ...] = CLIENTS, flags: tuple[str, ...] = ()) -> list[int]:
    return [imap.deliver("employee", client_mail(n), flags=flags, internaldate=IN_ABSENCE) for n in names]


def setup(tmp_path: Path, imap: DovecotServer, smtp: SmtpServer, **imap_extra: object) -> config.Config:
    path = write_config(tmp_path, imap=imap_settings(imap, security="starttls", **imap_extra), smtp=smtp_settings(smtp),
                        reply={"handover": False, "max_per_hour": 10_000})
    return config.load(path)


def replies_to(smtp: SmtpServer) -> list[str]:
    """The client each auto-reply went to (the delegate is copied)."""
    return sorted(r for rec in smtp.received if rec.message["Auto-Submitted"] == "auto-replied"
                  for r in rec.rcpt_tos if r != "paul@example.com")


def poll(cfg: config.Config, store: Store, **options: object) -> poller.PollReport:
    return poller.poll_once(cfg, store, Pipeline(cfg, store, now=lambda: NOW), now=lambda: NOW, **options)  # type: ignore[arg-type]


def invoke(cfg: config.Config, *args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(cli, ["poll", "--config", str(cfg.path), *args])
    return result.exit_code, result.stdout.splitlines(), result.stderr


def count(store: Store, model: type[models.Base]) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_each_client_is_answered_once_and_a_second_poll_does_nothing(
    tmp_path: Path, store: Store, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    cfg = setup(tmp_path, imap_server, smtp_server)
    deliver_clients(imap_server)
    first = poll(cfg, store)
    assert [(f.folder, f.new, f.processed, f.failed, f.replies_sent) for f in first.folders] == [("INBOX", 3, 3, 0, 3)]
    assert replies_to(smtp_server) == ["ann@acme.example", "bob@acme.example", "jo@acme.example"]

    smtp_server.clear()
    second = poll(cfg, store)
    assert [(f.new, f.processed, f.replies_sent) for f in second.folders] == [(0, 0, 0)]
    assert smtp_server.received == []
    assert count(store, models.Message) == 3 and count(store, models.OutboxItem) == 3
    with store.session() as session:
        runs = session.scalars(select(models.PollRun).order_by(models.PollRun.id)).all()
        assert [(r.status, r.fetched, r.processed) for r in runs] == [("ok", 3, 3), ("ok", 0, 0)]
        state = session.scalars(select(models.SyncState)).one()
        assert state.last_uid == 3 and state.last_error is None and state.last_success_at is not None


def test_cli_poll_once_prints_one_line_per_folder(tmp_path: Path, imap_server: DovecotServer,
                                                  smtp_server: SmtpServer) -> None:
    cfg = setup(tmp_path, imap_server, smtp_server)
    deliver_clients(imap_server)
    code, lines, _ = invoke(cfg, "--once")
    assert (code, lines) == (0, ["INBOX: 3 new, 3 processed, 0 failed; 3 replies sent"])
    assert len(replies_to(smtp_server)) == 3
    code, lines, _ = invoke(cfg, "--once")
    assert (code, lines) == (0, ["INBOX: 0 new, 0 processed, 0 failed; 0 replies sent"])
    assert len(replies_to(smtp_server)) == 3


def test_seen_flags_are_left_as_they_were(tmp_path: Path, store: Store, imap_server: DovecotServer,
                                          smtp_server: SmtpServer) -> None:
    cfg = setup(tmp_path, imap_server, smtp_server)
    [read] = deliver_clients(imap_server, ("jo",), flags=("\\Seen",))
    [unread] = deliver_clients(imap_server, ("ann",))
    assert poll(cfg, store).folders[0].processed == 2
    with imap_server.client("employee") as client:
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags([read, unread])
    assert b"\\Seen" in flags[read]
    assert b"\\Seen" not in flags[unread]


def test_a_poll_with_nothing_new_does_not_fetch_the_last_message_again(
    tmp_path: Path, store: Store, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    cfg = setup(tmp_path, imap_server, smtp_server)
    [uid] = deliver_clients(imap_server, ("jo",))
    poll(cfg, store)
    # The trap itself: UID SEARCH UID 2:* answers the highest UID, 1.
    with ImapSource.open(cfg.imap) as source:
        source.select("INBOX")
        assert source.client.search(["UID", f"{uid + 1}:*"]) == [uid]
        assert source.uids_above(uid) == []
    again = poll(cfg, store)
    assert again.folders[0].new == 0 and again.folders[0].processed == 0
    assert count(store, models.Message) == 1 and len(replies_to(smtp_server)) == 1


def test_a_new_uidvalidity_repairs_known_messages_without_answering_twice(
    tmp_path: Path, store: Store, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    cfg = setup(tmp_path, imap_server, smtp_server)
    deliver_clients(imap_server, ("jo", "ann"))
    poll(cfg, store)
    with store.session() as session:
        old = session.scalars(select(models.SyncState)).one().uidvalidity
    imap_server.recreate_folder("employee", "INBOX")
    deliver_clients(imap_server, ("bob",))
    smtp_server.clear()

    report = poll(cfg, store).folders[0]
    assert (report.repaired, report.new, report.processed) == (2, 1, 1)
    assert replies_to(smtp_server) == ["bob@acme.example"]
    with imap_server.client("employee") as client:
        server_validity = client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"]
    assert server_validity != old
    with store.session() as session:
        state = session.scalars(select(models.SyncState)).one()
        assert state.uidvalidity == server_validity
        rows = session.execute(select(models.Message.message_id, models.Message.uidvalidity, models.Message.uid)).all()
    assert sorted(rows) == [("ann-1@acme.example", server_validity, 2), ("bob-1@acme.example", server_validity, 3),
                            ("jo-1@acme.example", server_validity, 1)]
    smtp_server.clear()
    assert poll(cfg, store).folders[0].new == 0 and smtp_server.received == []


def test_dry_run_sends_and_keeps_nothing_and_a_real_poll_still_answers(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    cfg = setup(tmp_path, imap_server, smtp_server)
    deliver_clients(imap_server, ("jo",))
    code, lines, _ = invoke(cfg, "--once", "--dry-run")
    assert code == 0
    assert lines == ["  INBOX/1: reply; project atlas", "INBOX: 1 new, 1 processed, 0 failed; 1 replies would be sent (dry run)"]
    assert smtp_server.received == []
    store = open_store(f"sqlite:///{tmp_path / 'responder.db'}")
    try:
        assert [count(store, m) for m in (models.Message, models.OutboxItem, models.SyncState, models.PollRun)] == [0] * 4
    finally:
        store.dispose()
    code, lines, _ = invoke(cfg, "--once")
    assert (code, lines) == (0, ["INBOX: 1 new, 1 processed, 0 failed; 1 replies sent"])
    assert replies_to(smtp_server) == ["jo@acme.example"]


def test_an_unreachable_imap_server_is_one_line_and_exit_2(tmp_path: Path, imap_server: DovecotServer,
                                                           smtp_server: SmtpServer) -> None:
    port = free_port()
    cfg = setup(tmp_path, imap_server, smtp_server, port=port)
    code, lines, err = invoke(cfg, "--once")
    assert (code, lines) == (2, [])
    assert err.splitlines() == [f"error: imap: cannot connect to 127.0.0.1:{port}: connection refused"] or (
        len(err.splitlines()) == 1 and err.startswith(f"error: imap: cannot connect to 127.0.0.1:{port}")), err


def test_poll_without_once_points_to_run(tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer) -> None:
    cfg = setup(tmp_path, imap_server, smtp_server)
    code, lines, err = invoke(cfg)
    assert code == 2 and lines == [] and len(err.splitlines()) == 1 and "responder run" in err


def test_a_connection_lost_half_way_keeps_the_finished_batches(
    tmp_path: Path, store: Store, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    cfg = setup(tmp_path, imap_server, smtp_server)
    deliver_clients(imap_server)

    class StopsTheServer(Pipeline):
        def process_batch(self, batch):  # type: ignore[no-untyped-def]
            outcomes = super().process_batch(batch)
            imap_server.stop()  # the next FETCH finds the connection gone
            return outcomes

    with pytest.raises(ServerUnreachable):
        poller.poll_once(cfg, store, StopsTheServer(cfg, store, now=lambda: NOW), now=lambda: NOW, batch_size=1)
    with store.session() as session:
        state = session.scalars(select(models.SyncState)).one()
        assert state.last_uid == 1 and state.last_error is not None
        assert session.scalars(select(models.PollRun.status)).all() == ["failed"]
    assert count(store, models.Message) == 1
    imap_server.start()
    report = poll(cfg, store).folders[0]
    assert (report.new, report.processed) == (2, 2)
    assert replies_to(smtp_server) == ["ann@acme.example", "bob@acme.example", "jo@acme.example"]


def test_one_poll_delivers_every_queued_reply_not_just_one_batch(tmp_path: Path, imap_server: DovecotServer,
                                                                   smtp_server: SmtpServer, store: Store) -> None:
    names = tuple(f"client{n}" for n in range(25))  # more than one outbox run (20 items) holds
    deliver_clients(imap_server, names)
    cfg = setup(tmp_path, imap_server, smtp_server)
    report = poll(cfg, store)
    assert report.delivery is not None and len(report.delivery.sent) == 25
    assert replies_to(smtp_server) == sorted(f"{n}@acme.example" for n in names)


def test_a_kept_connection_sees_new_mail_without_opening_the_folder_again(
    tmp_path: Path, store: Store, imap_server: DovecotServer, smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    """As the service polls: the folder stays open between polls, NOOP brings the news (EXAMINE is O(folder size))."""
    cfg = setup(tmp_path, imap_server, smtp_server)
    deliver_clients(imap_server, ("jo",))
    pipeline, name = Pipeline(cfg, store, now=lambda: NOW), source_name(cfg.imap)
    since = IN_ABSENCE.date() - dt.timedelta(days=1)
    with ImapSource.open(cfg.imap) as source:
        first = poller.poll_folder(source, "INBOX", store, pipeline, name=name, now=lambda: NOW, since=since)
        deliver_clients(imap_server, ("ann", "bob"))
        caplog.set_level(logging.DEBUG, logger="imapclient")
        second = poller.poll_folder(source, "INBOX", store, pipeline, name=name, now=lambda: NOW, since=since)
        sent = [r.getMessage().upper() for r in caplog.records if r.name.startswith("imapclient") and r.getMessage().startswith("> ")]
        third = poller.poll_folder(source, "INBOX", store, pipeline, name=name, now=lambda: NOW, since=since)
    assert [(r.new, r.processed) for r in (first, second, third)] == [(1, 1), (2, 2), (0, 0)]
    assert not any("EXAMINE" in line or "SELECT" in line for line in sent) and any("NOOP" in line for line in sent)
    with store.session() as session:
        assert session.scalars(select(models.SyncState)).one().last_uid == 3
        assert [(r.status, r.fetched) for r in session.scalars(select(models.PollRun).order_by(models.PollRun.id))] == [
            ("ok", 1), ("ok", 2), ("ok", 0)]

