"""The digest from a real store (SQLite and PostgreSQL), its command, and the return-day sending once."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from responder import config
from responder.adapters.smtp import SmtpTransport
from responder.adapters.store import models
from responder.adapters.store.db import Store
from responder.cli.main import cli
from responder.returnday import digest
from responder.service import digest_job
from responder.service.outbox import Outbox
from responder.service.pipeline import Incoming, Pipeline
from support.configs import smtp_settings, write_config
from support.mailfactory import make
from support.smtpd import SmtpServer

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 7, 8, 10, 0, tzinfo=dt.UTC)
RETURN_MORNING = dt.datetime(2026, 7, 25, 8, 5, tzinfo=PARIS)  # absence 6–24 July, send_at 08:00
IMAP = {"host": "127.0.0.1", "port": 10143, "security": "none", "username": "claire", "password_env": "UNUSED_PW"}
SMTP = {"host": "127.0.0.1", "port": 10025, "security": "none"}
STONEWALL = "Sorry, I have no information about the cutover, you will have to wait until Claire is back."


def write(tmp_path: Path, smtp: dict[str, object] = SMTP, **overrides: object) -> Path:
    return write_config(tmp_path, imap=IMAP, smtp=smtp, **overrides)


def fixture_mailbox(cfg: config.Config, store: Store) -> None:
    """A stonewalled client, a client the delegate helped, and a newsletter; flags raised as the service does."""
    pipeline = Pipeline(cfg, store, now=lambda: NOW)
    messages = [
        make(),
        make(sender="Paul Durand <paul@example.com>", to="Jo Lambert <jo@acme.example>", cc="claire@example.com",
             subject="Re: Cutover weekend", body=f"Hello Jo,\n\n{STONEWALL}\n\nPaul", message_id="<d1@example.com>",
             in_reply_to="<q1@acme.example>", when=NOW + dt.timedelta(hours=2)),
        make(sender="Ann Bell <ann@acme.example>", subject="Training dates", message_id="<q2@acme.example>",
             body="Hello,\n\nWhich dates are planned for the training?\n\nAnn Bell\nAcme Industries SA\n"),
        make(sender="Paul Durand <paul@example.com>", to="Ann Bell <ann@acme.example>", cc="claire@example.com",
             subject="Re: Training dates", body="Hello Ann,\n\nThe training is on 14 and 15 July.\n\nPaul",
             message_id="<d2@example.com>", in_reply_to="<q2@acme.example>", when=NOW + dt.timedelta(hours=3)),
        make(sender="Shop <news@shop.example>", subject="Summer sale", message_id="<n1@shop.example>",
             headers={"Precedence": "bulk", "List-Unsubscribe": "<mailto:leave@shop.example>"},
             body="No information is needed: our sale starts today."),
    ]
    for n, raw in enumerate(messages):
        pipeline.process(Incoming(raw=raw, source="file", folder="fixtures", label=f"{n}.eml"))


def test_digest_lists_the_stonewalled_thread_first_and_the_helped_one_compactly(tmp_path: Path, store: Store) -> None:
    cfg = config.load(write(tmp_path))
    fixture_mailbox(cfg, store)
    built = digest.collect(cfg, store, now=RETURN_MORNING)
    [flagged] = built.call_first
    assert flagged.client.address == "jo@acme.example" and flagged.kind == "no_information"
    assert flagged.evidence == (STONEWALL,)
    assert flagged.rules.startswith(("no_information:", "lemma:"))  # the cue families that recognised it
    assert [s.kind for s in flagged.timeline] == ["asked", "auto_reply", "delegate"]
    assert [t.client.address for p in built.projects for t in p.threads] == ["ann@acme.example"]
    assert (built.glance.received, built.glance.clients, built.glance.auto_replies) == (2, 2, 2)


def test_digest_command_writes_html_and_refuses_an_unwritable_output(tmp_path: Path, store: Store) -> None:
    path = write(tmp_path, storage={"url": store.engine.url.render_as_string(hide_password=False)})
    fixture_mailbox(config.load(path), store)
    out = tmp_path / "digest.html"
    result = CliRunner().invoke(cli, ["digest", "--config", str(path), "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 threads to look at first" in result.output and str(out) in result.output
    assert "jo@acme.example" in out.read_text(encoding="utf-8")
    text = CliRunner().invoke(cli, ["digest", "--config", str(path), "--since", "2026-07-09"])
    assert text.exit_code == 0 and "jo@acme.example" not in text.output  # nothing since the 9th
    bad = CliRunner().invoke(cli, ["digest", "--config", str(path), "--output", str(tmp_path / "no" / "such" / "x.html")])
    assert bad.exit_code == 2 and bad.output.startswith("error: --output: cannot write")


def test_return_day_digest_is_queued_once_whatever_the_restarts_and_lands_at_the_smtp_server(
        tmp_path: Path, store: Store, smtp_server: SmtpServer) -> None:
    cfg = config.load(write(tmp_path, smtp=smtp_settings(smtp_server, security="none", login=False)))
    fixture_mailbox(cfg, store)
    assert digest_job.queue_due(cfg, store, RETURN_MORNING - dt.timedelta(minutes=10)) == []  # before 08:00
    first = digest_job.queue_due(cfg, store, RETURN_MORNING)
    kicked: list[str] = []
    for minutes in (5, 10, 60 * 24):  # later runs, as after restarts of the service
        asyncio.run(digest_job.service_job(cfg, store, lambda m=minutes: RETURN_MORNING + dt.timedelta(minutes=m), kicked.append))
    assert len(first) == 1 and kicked == []
    asyncio.run(Outbox(store, SmtpTransport(cfg.smtp)).deliver_due(RETURN_MORNING))
    asyncio.run(Outbox(store, SmtpTransport(cfg.smtp)).deliver_due(RETURN_MORNING + dt.timedelta(hours=1)))
    digests = [r for r in smtp_server.received if "claire@example.com" in r.rcpt_tos and r.message["Auto-Submitted"]]
    assert len(digests) == 1
    message = digests[0].message
    assert message["Subject"] == "Your return: 1 threads to look at first"
    assert message.get_body(preferencelist=("html",)) is not None
    assert STONEWALL in message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    with store.session() as session:
        kinds = session.scalars(select(models.OutboxItem.kind).where(models.OutboxItem.kind == models.OutboxKind.digest)).all()
    assert kinds == [models.OutboxKind.digest]


def test_service_job_asks_for_delivery_when_it_queued_the_digest(tmp_path: Path, store: Store) -> None:
    cfg = config.load(write(tmp_path))
    kicked: list[str] = []
    asyncio.run(digest_job.service_job(cfg, store, lambda: RETURN_MORNING, kicked.append))
    asyncio.run(digest_job.service_job(cfg, store, lambda: RETURN_MORNING, kicked.append))
    assert kicked == ["deliver"]


@pytest.mark.parametrize("language", ["fr"])
def test_digest_is_written_in_the_employees_language(tmp_path: Path, store: Store, language: str) -> None:
    cfg = config.load(write(tmp_path, employee={"language": language}))
    fixture_mailbox(cfg, store)
    text = digest.render(digest.collect(cfg, store, now=RETURN_MORNING), "text", digest.digest_templates(cfg))
    assert text.startswith("Pendant votre absence") and "À appeler en premier" in text
    assert "(reconnu par no_information:" in text or "(reconnu par lemma:" in text


@pytest.mark.parametrize("form", ["text", "html", "markdown"])
def test_every_digest_form_names_the_rules_behind_a_stonewall(tmp_path: Path, store: Store, form: str) -> None:
    cfg = config.load(write(tmp_path))
    fixture_mailbox(cfg, store)
    built = digest.collect(cfg, store, now=RETURN_MORNING)
    rendered = digest.render(built, form, digest.digest_templates(cfg))
    assert f"recognised by {built.call_first[0].rules}" in rendered


def test_monday_summary_goes_to_the_manager_once_without_message_texts(tmp_path: Path, store: Store) -> None:
    cfg = config.load(write(tmp_path, digest={"manager_address": "boss@example.com", "weekly_to_manager": True}))
    fixture_mailbox(cfg, store)
    monday = dt.datetime(2026, 7, 13, 9, 0, tzinfo=PARIS)
    queued = digest_job.queue_due(cfg, store, monday) + digest_job.queue_due(cfg, store, monday + dt.timedelta(hours=3))
    assert len(queued) == 1 and "manager" in queued[0]
    with store.session() as session:
        [item] = session.scalars(select(models.OutboxItem).where(models.OutboxItem.kind == models.OutboxKind.digest)).all()
        raw = item.raw
    assert item.recipient == "boss@example.com"
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "jo@acme.example" in text and STONEWALL in text
    assert "Which dates are planned" not in text and "Timeline" not in text
