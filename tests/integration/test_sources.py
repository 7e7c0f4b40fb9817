"""More mail sources and mailbox sorting: a local Maildir, the delegate's Sent folder, project keywords and folders."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from responder import config
from responder.adapters.store import models
from responder.adapters.store.db import Store, open_store
from responder.service import poller
from responder.service.pipeline import Pipeline
from support.configs import imap_settings, smtp_settings, write_config
from support.dovecot import DovecotServer
from support.mailfactory import make
from support.smtpd import SmtpServer

pytestmark = pytest.mark.dovecot

NOW = dt.datetime(2026, 7, 9, 8, 0, tzinfo=dt.UTC)
IN_ABSENCE = dt.datetime(2026, 7, 8, 9, 30, tzinfo=dt.UTC)


def setup(tmp_path: Path, imap: DovecotServer, smtp: SmtpServer, **overrides: object) -> tuple[config.Config, Store]:
    path = write_config(tmp_path, imap=imap_settings(imap, security="starttls"), smtp=smtp_settings(smtp),
                        reply={"handover": False}, **overrides)
    cfg = config.load(path)
    return cfg, open_store(f"sqlite:///{tmp_path / 'state.db'}")


def poll(cfg: config.Config, store: Store) -> poller.PollReport:
    return poller.poll_once(cfg, store, Pipeline(cfg, store, now=lambda: NOW), now=lambda: NOW)


def test_a_local_maildir_is_read_once_and_left_untouched(tmp_path: Path, imap_server: DovecotServer,
                                                         smtp_server: SmtpServer) -> None:
    box = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    mail = box / "new" / "1783500000.1.host"
    mail.write_bytes(make(subject="Atlas migration question"))
    os.utime(mail, (IN_ABSENCE.timestamp(), IN_ABSENCE.timestamp()))
    cfg, store = setup(tmp_path, imap_server, smtp_server, maildir={"path": str(box)})
    first = poll(cfg, store)
    assert [(f.folder, f.new) for f in first.folders] == [("INBOX", 0), ("Maildir", 1)]
    assert [r.rcpt_tos[0] for r in smtp_server.received] == ["jo@acme.example"]
    again = poll(cfg, store)
    assert [(f.folder, f.new) for f in again.folders] == [("INBOX", 0), ("Maildir", 0)]
    assert len(smtp_server.received) == 1
    assert [p.name for p in (box / "new").iterdir()] == ["1783500000.1.host"] and not list((box / "cur").iterdir())
    store.dispose()


def test_the_delegates_sent_folder_is_read_through_his_own_account(tmp_path: Path, imap_server: DovecotServer,
                                                                   smtp_server: SmtpServer) -> None:
    question = make(message_id="<q1@acme.example>")
    imap_server.deliver("employee", question, internaldate=IN_ABSENCE)
    answer = make(sender="Paul Durand <paul@example.com>", to="jo@acme.example", subject="Re: Cutover weekend",
                  body="Sorry, I have no information about that.", message_id="<p1@example.com>",
                  in_reply_to="<q1@acme.example>", auth=None)
    imap_server.deliver("delegate", answer, folder="Sent", internaldate=IN_ABSENCE)
    cfg, store = setup(tmp_path, imap_server, smtp_server,
                       delegate_imap=imap_settings(imap_server, security="starttls", user="delegate", folders=["Sent"]))
    report = poll(cfg, store)
    assert [(f.folder, f.new) for f in report.folders] == [("INBOX", 1), ("Sent", 1)]
    with store.session() as session:
        rows = session.scalars(select(models.Message).order_by(models.Message.id)).all()
        assert [(r.from_address, r.reply_reason) for r in rows] == [("jo@acme.example", None), ("paul@example.com", "delegate")]
        assert rows[0].thread_id == rows[1].thread_id  # his answer joins the client's thread
    store.dispose()


@pytest.mark.parametrize("mode", ["keyword", "folder"])
def test_sorting_in_the_mailbox_marks_or_copies_and_never_moves(tmp_path: Path, imap_server: DovecotServer,
                                                                 smtp_server: SmtpServer, mode: str) -> None:
    uid = imap_server.deliver("employee", make(subject="Atlas migration question"), internaldate=IN_ABSENCE)
    cfg, store = setup(tmp_path, imap_server, smtp_server, sorting={"mode": mode, "folder_prefix": "Projects/"})
    poll(cfg, store)
    with imap_server.client("employee") as client:
        client.select_folder("INBOX", readonly=True)
        flags = client.get_flags([uid])[uid]
        assert client.search("ALL") == [uid] and b"\\Seen" not in flags  # still there, still unread
        if mode == "keyword":
            assert b"responder-atlas" in flags
        else:
            client.select_folder("Projects/atlas", readonly=True)
            assert len(client.search("ALL")) == 1
    store.dispose()
