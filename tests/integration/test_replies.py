"""From a client's message to the reply on the wire: pipeline, outbox, real aiosmtpd and Dovecot."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from responder import config
from responder.adapters.store import models
from responder.adapters.store.db import Store
from responder.cli.main import cli
from responder.service import outbox
from responder.service.pipeline import Incoming, Outcome, Pipeline
from support.configs import imap_settings, smtp_settings, write_config
from support.dovecot import DovecotServer
from support.mailfactory import make
from support.smtpd import SmtpServer

BRIEFS = Path(__file__).resolve().parents[1] / "data" / "briefs"
NOW = dt.datetime(2026, 7, 8, 10, 0, tzinfo=dt.UTC)
PROJECTS = [{"id": "atlas", "name": "Atlas ERP migration", "brief": str(BRIEFS / "atlas.md"),
             "clients": ["@acme.example"], "keywords": ["ERP", "Atlas", "cutover"]}]
INTERNAL_LINE = "Day rate sold at 950 EUR; our margin on phase 2 is thin (about 8 %)."


def load_config(tmp_path: Path, imap: DovecotServer, smtp: SmtpServer, **overrides: object) -> config.Config:
    path = write_config(tmp_path, imap=imap_settings(imap, security="starttls"), smtp=smtp_settings(smtp),
                        projects=PROJECTS, **overrides)
    return config.load(path)


def deliver(cfg: config.Config, store: Store) -> outbox.DeliveryReport:
    return asyncio.run(outbox.from_config(cfg, store).deliver_due(NOW + dt.timedelta(minutes=1)))


def process(pipeline: Pipeline, raw: bytes) -> Outcome:
    return pipeline.process(Incoming(raw=raw, source="test", folder="INBOX"))


@pytest.mark.dovecot
def test_client_question_gets_one_rfc3834_reply_and_the_delegate_a_handover(
    tmp_path: Path, store: Store, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    cfg = load_config(tmp_path, imap_server, smtp_server)
    pipeline = Pipeline(cfg, store, now=lambda: NOW)
    outcome = process(pipeline, make())
    assert outcome.reply and outcome.excerpt and outcome.reply_text is not None
    assert "+33 1 23 45 67 89" in outcome.reply_text and "Schedule" in outcome.reply_text
    assert INTERNAL_LINE not in outcome.reply_text

    report = deliver(cfg, store)
    assert len(report.sent) == 2  # the reply and the handover
    by_rcpt = {r.rcpt_tos: r for r in smtp_server.received}
    reply = by_rcpt[("jo@acme.example", "paul@example.com")]
    assert reply.mail_from == ""  # MAIL FROM:<> (RFC 3834 §3.3)
    headers = reply.message
    assert headers["Subject"] == "Auto: Cutover weekend"
    assert headers["Auto-Submitted"] == "auto-replied"
    assert headers["X-Auto-Response-Suppress"] == "All"
    assert headers["In-Reply-To"] == "<q1@acme.example>" and "<q1@acme.example>" in headers["References"]
    assert headers["From"].addresses[0].addr_spec == "claire@example.com"
    assert headers["Message-ID"].endswith("@example.com>")
    handover = by_rcpt[("paul@example.com",)]
    handover_text = handover.message.get_body(preferencelist=("plain",)).get_content()
    assert "jo@acme.example" in handover_text and "Data freeze: Friday 10 July 2026" in handover_text

    # A follow-up in the thread: recorded, rate-limited, nothing more on the wire.
    smtp_server.clear()
    follow = process(pipeline, make(subject="Re: Cutover weekend", message_id="<q2@acme.example>",
                                    in_reply_to="<q1@acme.example>"))
    assert follow.reply_reason == "rate-limited"
    assert deliver(cfg, store).sent == () and smtp_server.received == []


@pytest.mark.dovecot
def test_reply_is_saved_to_sent_marked_read(tmp_path: Path, store: Store, imap_server: DovecotServer,
                                            smtp_server: SmtpServer) -> None:
    cfg = load_config(tmp_path, imap_server, smtp_server, reply={"handover": False})
    process(Pipeline(cfg, store, now=lambda: NOW), make())
    deliver(cfg, store)
    with imap_server.client("employee") as client:
        client.select_folder("Sent", readonly=True)
        uids = client.search("ALL")
        assert len(uids) == 1
        assert b"\\Seen" in client.get_flags(uids)[uids[0]]


def test_account_envelope_sender_and_no_cc(tmp_path: Path, store: Store, imap_server: DovecotServer,
                                           smtp_server: SmtpServer) -> None:
    cfg = load_config(tmp_path, imap_server, smtp_server,
                      reply={"envelope_sender": "account", "cc_delegate": False, "handover": False, "save_to_sent": False})
    outcome = process(Pipeline(cfg, store, now=lambda: NOW), make())
    assert outcome.envelope == ("claire@example.com", ("jo@acme.example",))
    deliver(cfg, store)
    assert [(r.mail_from, r.rcpt_tos) for r in smtp_server.received] == [("claire@example.com", ("jo@acme.example",))]


def test_no_excerpt_means_no_brief_text_in_the_reply(tmp_path: Path, store: Store, imap_server: DovecotServer,
                                                     smtp_server: SmtpServer) -> None:
    cfg = load_config(tmp_path, imap_server, smtp_server)
    outcome = process(Pipeline(cfg, store, now=lambda: NOW),
                      make(sender="someone@gmail.example", subject="Atlas ERP cutover",
                           auth="mx; dmarc=pass header.from=gmail.example"))
    assert outcome.reply and not outcome.excerpt and outcome.reply_text is not None
    assert "Data freeze" not in outcome.reply_text and "Schedule" not in outcome.reply_text
    with store.session() as session:
        kinds = session.scalars(select(models.OutboxItem.kind)).all()
        assert sorted(kinds) == ["handover", "reply"]


def test_preview_shows_the_exact_reply_or_why_none(tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer) -> None:
    cfg = load_config(tmp_path, imap_server, smtp_server)
    question = tmp_path / "q.eml"
    question.write_bytes(make())
    result = CliRunner().invoke(cli, ["preview", "--config", str(cfg.path), str(question)])
    assert result.exit_code == 0, result.output
    assert "Subject: Auto: Cutover weekend" in result.stdout
    assert "(envelope: MAIL FROM:<> RCPT TO:<jo@acme.example>, <paul@example.com>)" in result.stdout
    assert "excerpt: Schedule" in result.stdout
    newsletter = tmp_path / "n.eml"
    newsletter.write_bytes(make(headers={"Precedence": "bulk"}))
    none = CliRunner().invoke(cli, ["preview", "--config", str(cfg.path), str(newsletter)])
    assert none.stdout.startswith("no reply: bulk")


def test_templates_check_reports_file_and_line_and_exits_2(tmp_path: Path, imap_server: DovecotServer,
                                                           smtp_server: SmtpServer) -> None:
    cfg = load_config(tmp_path, imap_server, smtp_server)
    ok = CliRunner().invoke(cli, ["templates", "check", "--config", str(cfg.path)])
    assert ok.exit_code == 0 and ok.stdout.startswith("templates: ok")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "reply.en.txt.j2").write_text("Hello {{ client_name }}\n{{ delegat.name }}\n")
    (tmp_path / "templates" / "reply.fr.txt.j2").write_text("Bonjour\n{{ ''.__class__.__mro__ }}\n")
    bad = CliRunner().invoke(cli, ["templates", "check", "--config", str(cfg.path)])
    assert bad.exit_code == 2
    lines = bad.stdout.splitlines()
    assert any(line.startswith("reply.en.txt.j2:2: ") and "delegat" in line for line in lines), lines
    assert any(line.startswith("reply.fr.txt.j2:2: ") for line in lines), lines


def test_a_broken_user_template_falls_back_to_the_shipped_one(tmp_path: Path, store: Store, imap_server: DovecotServer,
                                                               smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "reply.en.txt.j2").write_text("{% if %}broken\n")
    cfg = load_config(tmp_path, imap_server, smtp_server)
    outcome = process(Pipeline(cfg, store, now=lambda: NOW), make())
    assert outcome.reply and outcome.reply_text is not None and "Paul Durand" in outcome.reply_text
    assert any(r.levelname == "ERROR" and "reply.en.txt.j2" in r.getMessage() for r in caplog.records)
