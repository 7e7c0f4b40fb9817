"""One message at a time through the pipeline, on SQLite and PostgreSQL: threads, decisions, records."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from responder import config
from responder.adapters.store import models, queries
from responder.adapters.store.db import Store, open_store
from responder.cli.main import cli
from responder.judge.sorter import Assignment, MessageFacts, Sorter
from responder.service.pipeline import Catalog, Incoming, Outcome, Pipeline
from support.configs import write_config
from support.mailfactory import make

BRIEFS = Path(__file__).resolve().parents[1] / "data" / "briefs"
NOW = dt.datetime(2026, 7, 8, 10, 0, tzinfo=dt.UTC)
PROJECTS = [
    {"id": "atlas", "name": "Atlas ERP migration", "brief": str(BRIEFS / "atlas.md"),
     "clients": ["@acme.example"], "keywords": ["ERP", "Atlas", "cutover"]},
    {"id": "boreal", "name": "Refonte du site Boréal", "brief": str(BRIEFS / "boreal.md"),
     "clients": ["@boreal.example"], "keywords": ["Boréal", "réservation"]},
]
SERVERS = {"host": "127.0.0.1", "port": 10143, "security": "none", "username": "claire", "password_env": "UNUSED_PW"}
SMTP = {"host": "127.0.0.1", "port": 10025, "security": "none"}


@pytest.fixture
def cfg(tmp_path: Path) -> config.Config:
    path = write_config(tmp_path, imap=SERVERS, smtp=SMTP, projects=PROJECTS,
                        employee={"address": "claire@example.com", "aliases": ["c.martin@example.com"]})
    return config.load(path)


@pytest.fixture
def pipeline(cfg: config.Config, store: Store) -> Pipeline:
    return Pipeline(cfg, store, now=lambda: NOW)


def select_folder(store: Store, uidvalidity: int = 1) -> None:
    """What the poller does on SELECT before handing messages over: record the folder's UIDVALIDITY."""
    with store.session() as session:
        queries.reset_uidvalidity(queries.get_sync_state(session, "test", "INBOX"), uidvalidity)


def run(pipeline: Pipeline, raw: bytes, uid: int | None = None) -> Outcome:
    return pipeline.process(Incoming(raw=raw, source="test", folder="INBOX", uidvalidity=1 if uid else None, uid=uid))


def test_client_question_is_sorted_answered_with_an_excerpt_and_recorded(pipeline: Pipeline, store: Store) -> None:
    outcome = run(pipeline, make())
    assert (outcome.project, outcome.reply, outcome.excerpt, outcome.section) == ("atlas", True, True, "Schedule")
    assert outcome.language == "en"
    assert "acme.example is a client of atlas" in outcome.project_reason
    with store.session() as session:
        message = session.scalars(select(models.Message)).one()
        assert message.raw == make() and message.reply is True and message.thread is not None
        assert message.thread.project_id == "atlas"
        assert message.assignment is not None and message.assignment.section_heading == "Schedule"


def test_follow_up_joins_the_thread_and_is_rate_limited(pipeline: Pipeline) -> None:
    first = run(pipeline, make())
    follow = run(pipeline, make(subject="Re: Cutover weekend", body="Any news?", message_id="<q2@acme.example>",
                                in_reply_to="<q1@acme.example>", references="<q1@acme.example>"))
    assert follow.thread == first.thread
    assert (follow.reply, follow.reply_reason) == (False, "rate-limited")
    assert follow.project == "atlas" and follow.project_reason == f"thread {first.thread} already belongs to atlas"


def test_lost_references_fall_back_to_subject_and_correspondent(pipeline: Pipeline) -> None:
    first = run(pipeline, make())
    again = run(pipeline, make(subject="RE : Cutover weekend", body="Any news?", message_id="<q3@acme.example>"))
    other_sender = run(pipeline, make(sender="mia@acme.example", subject="Re: Cutover weekend", message_id="<q4@acme.example>"))
    assert again.thread == first.thread and again.reply_reason == "rate-limited"
    assert other_sender.thread != first.thread and other_sender.reply is True


def test_new_question_from_the_same_client_is_a_new_thread_and_answered(pipeline: Pipeline) -> None:
    first = run(pipeline, make())
    second = run(pipeline, make(subject="Invoice for phase 2", body="Which PO number should the invoice quote?",
                                message_id="<q5@acme.example>"))
    assert second.thread != first.thread
    assert (second.reply, second.section) == (True, "Invoices and payments")


def test_stranger_asking_about_a_project_gets_no_excerpt(pipeline: Pipeline) -> None:
    outcome = run(pipeline, make(sender="someone@gmail.example", subject="Atlas ERP cutover",
                                 auth="mx.example.com; dmarc=pass header.from=gmail.example"))
    assert outcome.project == "atlas" and outcome.reply is True
    assert outcome.excerpt is False and outcome.excerpt_reason == "sender is not a listed client of atlas"


def test_client_whose_mail_failed_dmarc_gets_no_excerpt(pipeline: Pipeline) -> None:
    outcome = run(pipeline, make(auth="mx.example.com; spf=pass smtp.mailfrom=relay.example; dmarc=fail header.from=acme.example"))
    assert outcome.reply is True and outcome.excerpt is False
    assert outcome.excerpt_reason is not None and "dmarc=fail" in outcome.excerpt_reason


def test_delegate_mail_takes_the_thread_project_and_is_never_answered(pipeline: Pipeline) -> None:
    first = run(pipeline, make())
    reply = run(pipeline, make(sender="Paul Durand <paul@example.com>", to="jo@acme.example", cc="claire@example.com",
                               subject="Re: Cutover weekend", body="Sorry, I have no information.",
                               message_id="<d1@example.com>", in_reply_to="<q1@acme.example>",
                               auth="mx.example.com; dmarc=pass header.from=example.com"))
    assert (reply.thread, reply.project, reply.reply_reason) == (first.thread, "atlas", "delegate")


def test_newsletter_from_a_client_domain_is_not_sorted(pipeline: Pipeline) -> None:
    outcome = run(pipeline, make(sender="news@acme.example", subject="Atlas ERP news", headers={"List-Unsubscribe": "<mailto:x@acme.example>"}))
    assert (outcome.project, outcome.reply_reason) == (None, "bulk")


def test_same_uid_twice_is_not_processed_again(pipeline: Pipeline, store: Store) -> None:
    select_folder(store)
    run(pipeline, make(), uid=7)
    again = run(pipeline, make(), uid=7)
    assert again.duplicate
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Message)) == 1
        state = session.scalars(select(models.SyncState)).one()
        assert state.last_uid == 7


class ExplodingSorter(Sorter):
    """Fails on one subject, to prove one bad message does not stop the others."""

    def sort(self, facts: MessageFacts, thread: tuple[str, str] | None = None) -> Assignment:
        if "explode" in facts.subject:
            raise RuntimeError("sorter blew up")
        return super().sort(facts, thread)


def test_a_failing_message_is_recorded_and_the_batch_goes_on(cfg: config.Config, store: Store) -> None:
    catalog = Catalog.from_config(cfg)
    catalog.sorter = ExplodingSorter(list(catalog.projects.values()))
    pipeline = Pipeline(cfg, store, now=lambda: NOW, catalog=catalog)
    select_folder(store)
    batch = [Incoming(raw=make(subject=s, message_id=f"<{n}@acme.example>"), source="test", folder="INBOX", uidvalidity=1, uid=n)
             for n, s in enumerate(["first", "please explode", "third"], start=1)]
    outcomes = pipeline.process_batch(batch)
    assert [o.error is None for o in outcomes] == [True, False, True]
    assert outcomes[1].error == "RuntimeError: sorter blew up"
    with store.session() as session:
        rows = session.scalars(select(models.Message).order_by(models.Message.uid)).all()
        assert [(r.uid, r.status) for r in rows] == [(1, "processed"), (2, "failed"), (3, "processed")]
        assert rows[1].error == "RuntimeError: sorter blew up" and rows[1].assignment is None
        assert session.scalars(select(models.SyncState)).one().last_uid == 3
        # The failed message's partial work (its thread) was rolled back with its savepoint.
        assert session.scalar(select(func.count()).select_from(models.Thread)) == 2


def test_a_message_failing_after_it_was_recorded_leaves_no_trace_but_its_failure(cfg: config.Config, store: Store) -> None:
    """Its thread and message rows are rolled back, and their ids given out again to the next ones."""
    pipeline = Pipeline(cfg, store, now=lambda: NOW)
    queue = pipeline.replies.queue

    def exploding_queue(session: Any, **kwargs: Any) -> Any:
        if "explode" in kwargs["parsed"].subject:
            raise RuntimeError("outbox blew up")
        return queue(session, **kwargs)

    pipeline.replies.queue = exploding_queue  # type: ignore[method-assign]
    select_folder(store)
    batch = [Incoming(raw=make(subject=s, message_id=f"<{n}@acme.example>"), source="test", folder="INBOX", uidvalidity=1, uid=n)
             for n, s in enumerate(["first", "please explode", "third"], start=1)]
    outcomes = pipeline.process_batch(batch)
    assert [o.error for o in outcomes] == [None, "RuntimeError: outbox blew up", None]
    assert outcomes[2].reply
    with store.session() as session:
        rows = session.scalars(select(models.Message).order_by(models.Message.uid)).all()
        assert [(r.uid, r.status) for r in rows] == [(1, "processed"), (2, "failed"), (3, "processed")]
        assert [f"t{r.thread_id}" for r in rows] == [outcomes[0].thread, "tNone", outcomes[2].thread]
        assert rows[2].assignment is not None and rows[1].assignment is None
        assert session.scalar(select(func.count()).select_from(models.Thread)) == 2
        assert session.scalar(select(func.count()).select_from(models.OutboxItem).where(
            models.OutboxItem.kind == models.OutboxKind.reply)) == 2


def test_a_new_pipeline_remembers_threads_and_replies_from_the_database(cfg: config.Config, store: Store) -> None:
    first = Pipeline(cfg, store, now=lambda: NOW)
    run(first, make())
    restarted = Pipeline(cfg, store, now=lambda: NOW)
    follow = run(restarted, make(subject="Re: Cutover weekend", message_id="<q9@acme.example>", in_reply_to="<q1@acme.example>"))
    assert follow.reply_reason == "rate-limited"


def test_inspect_prints_one_json_object_per_message_in_order(cfg: config.Config, tmp_path: Path) -> None:
    files = []
    for n, raw in enumerate([make(), make(subject="Re: Cutover weekend", message_id="<q2@acme.example>", in_reply_to="<q1@acme.example>")]):
        path = tmp_path / f"{n:04d}.eml"
        path.write_bytes(raw)
        files.append(str(path))
    result = CliRunner().invoke(cli, ["inspect", "--config", str(cfg.path), "--json", *files])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in rows] == ["0000.eml", "0001.eml"]
    assert set(rows[0]) == {"file", "message_id", "thread", "language", "project", "project_score", "project_reason",
                            "reply", "reply_reason", "excerpt", "section", "reply_text", "delegate_no_info", "evidence",
                            "evidence_text", "flags", "defects"}
    assert rows[0]["message_id"] == "q1@acme.example" and rows[1]["thread"] == rows[0]["thread"]
    assert (rows[1]["reply"], rows[1]["reply_reason"]) == (False, "rate-limited")


def test_inspect_names_the_flags_a_client_raises(cfg: config.Config, tmp_path: Path) -> None:
    calm, leaving = tmp_path / "calm.eml", tmp_path / "leaving.eml"
    calm.write_bytes(make())
    leaving.write_bytes(make(message_id="<q5@acme.example>", subject="Cutover weekend, again",
                             body="Hello,\n\nWe have decided to terminate our agreement with your firm.\n\nJo"))
    result = CliRunner().invoke(cli, ["inspect", "--config", str(cfg.path), "--json", str(calm), str(leaving)])
    assert [json.loads(line)["flags"] for line in result.stdout.splitlines()] == [[], ["at_risk"]]
    table = CliRunner().invoke(cli, ["inspect", "--config", str(cfg.path), str(leaving)]).stdout
    assert table.splitlines()[-1].split() == ["flags:", "at_risk"]


def test_inspect_table_is_readable(cfg: config.Config, tmp_path: Path) -> None:
    path = tmp_path / "q.eml"
    path.write_bytes(make())
    result = CliRunner().invoke(cli, ["inspect", "--config", str(cfg.path), str(path)])
    assert result.exit_code == 0
    header, row, why = result.stdout.splitlines()
    assert header.split()[:4] == ["file", "thread", "lang", "project"]
    assert row.split()[:4] == ["q.eml", "t1", "en", "atlas"] and row.rstrip().endswith("Schedule")
    assert why.strip().startswith("why: sender domain acme.example is a client of atlas (+2)")
    assert "best in 'Schedule'" in why and "ahead of boreal" in why


def test_inspect_says_why_it_abstained_and_why_no_excerpt(cfg: config.Config, tmp_path: Path) -> None:
    path = tmp_path / "q.eml"
    path.write_bytes(make(sender="someone@elsewhere.example", subject="Hello", body="Are you there?",
                          auth="mx.example.com; dmarc=pass header.from=elsewhere.example"))
    lines = CliRunner().invoke(cli, ["inspect", "--config", str(cfg.path), str(path)]).stdout.splitlines()
    assert lines[2].strip().startswith("why: no client address, keyword or brief content points to a project")
    assert lines[3].strip() == "no excerpt: no project"


def test_a_sender_we_cannot_address_gets_no_reply_and_says_why(pipeline: Pipeline) -> None:
    outcome = run(pipeline, make(sender="Jo <jo@localhost>", auth=None))
    assert (outcome.reply, outcome.reply_reason, outcome.reply_text) == (False, "noreply", None)


def test_a_reply_already_in_the_outbox_is_never_queued_twice(cfg: config.Config, store: Store) -> None:
    """Even if the in-process memory were lost, the outbox's unique key refuses a second reply."""
    run(Pipeline(cfg, store, now=lambda: NOW), make())
    with store.session() as session:
        session.execute(models.Message.__table__.update().values(reply=False))  # forget the decision, keep the outbox
    again = run(Pipeline(cfg, store, now=lambda: NOW),
                make(subject="Re: Cutover weekend", message_id="<q7@acme.example>", in_reply_to="<q1@acme.example>"))
    assert (again.reply, again.reply_reason) == (False, "rate-limited")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(models.OutboxItem).where(models.OutboxItem.kind == "reply")) == 1


def test_a_failed_message_is_retried_from_its_stored_bytes_then_quarantined(cfg: config.Config, store: Store) -> None:
    catalog = Catalog.from_config(cfg)
    catalog.sorter = ExplodingSorter(list(catalog.projects.values()))
    failing = Pipeline(cfg, store, now=lambda: NOW, catalog=catalog)
    select_folder(store)
    raw = make(subject="please explode", message_id="<boom@acme.example>")
    failing.process(Incoming(raw=raw, source="test", folder="INBOX", uidvalidity=1, uid=5))
    assert [o.error for o in failing.retry_failed(max_attempts=3)] == ["RuntimeError: sorter blew up"]
    assert failing.retry_failed(max_attempts=3)[0].error is not None
    assert failing.retry_failed(max_attempts=3) == []  # quarantined after the third attempt: never tried again
    with store.session() as session:
        row = session.scalars(select(models.Message)).one()
        assert (row.status, row.attempts, row.raw) == ("quarantined", 3, raw)


def test_a_failed_message_that_now_succeeds_replaces_its_failure(cfg: config.Config, store: Store) -> None:
    catalog = Catalog.from_config(cfg)
    catalog.sorter = ExplodingSorter(list(catalog.projects.values()))
    select_folder(store)
    Pipeline(cfg, store, now=lambda: NOW, catalog=catalog).process(
        Incoming(raw=make(subject="please explode"), source="test", folder="INBOX", uidvalidity=1, uid=5))
    fixed = Pipeline(cfg, store, now=lambda: NOW)  # the bug is fixed and the service restarted
    outcome = fixed.retry_failed()[0]
    assert outcome.error is None and outcome.reply is True and outcome.project == "atlas"
    with store.session() as session:
        row = session.scalars(select(models.Message)).one()
        assert (row.status, row.uid, row.message_id) == ("processed", 5, "q1@acme.example")


def test_the_same_message_in_another_folder_is_kept_but_decided_once(pipeline: Pipeline, store: Store) -> None:
    first = run(pipeline, make())
    copy = pipeline.process(Incoming(raw=make(), source="imap://paul@host", folder="Sent"))
    assert copy.duplicate and copy.thread == first.thread and copy.reply is None
    with store.session() as session:
        rows = session.scalars(select(models.Message).order_by(models.Message.id)).all()
        assert [(r.folder, r.reply_reason) for r in rows] == [("INBOX", None), ("Sent", "copy")]
        assert session.scalar(select(func.count()).select_from(models.OutboxItem).where(models.OutboxItem.kind == "reply")) == 1


def test_processing_logs_one_line_per_message_at_info_level(pipeline: Pipeline, caplog: pytest.LogCaptureFixture) -> None:
    """The service logs at info: a context key that LogRecord refuses would fail every message."""
    caplog.set_level(logging.INFO, logger="responder")
    outcome = run(pipeline, make())
    assert outcome.error is None and outcome.reply
    lines = [r for r in caplog.records if r.name == "responder.pipeline"]
    assert len(lines) == 1 and lines[0].getMessage().endswith("atlas, reply")
    assert getattr(lines[0], "thread_label") == outcome.thread


def test_inspect_with_a_database_shows_the_reply_but_queues_nothing(cfg: config.Config, tmp_path: Path) -> None:
    """inspect promises to send nothing: not even a queued reply a running service would send later."""
    path = tmp_path / "q.eml"
    path.write_bytes(make())
    state = tmp_path / "state.db"
    result = CliRunner().invoke(cli, ["inspect", "--config", str(cfg.path), "--json", "--db", f"sqlite:///{state}", str(path)])
    assert result.exit_code == 0, result.output
    assert "Paul Durand" in json.loads(result.stdout)["reply_text"]
    store = open_store(f"sqlite:///{state}")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(models.OutboxItem)) == 0
        assert session.scalar(select(func.count()).select_from(models.Message)) == 1
    store.dispose()


def test_a_client_forwarding_an_older_exchange_starts_a_new_thread_and_is_answered(pipeline: Pipeline) -> None:
    first = run(pipeline, make())
    forward = run(pipeline, make(subject="Fwd: Cutover weekend", message_id="<fw1@acme.example>",
                                 references="<q1@acme.example>",
                                 body="Claire, see below: can you confirm the read-only time?\n\n"
                                      "---------- Forwarded message ---------\nFrom: Jo\nSubject: Cutover weekend\n\n"
                                      "Will the old ERP be read-only during the cutover weekend?"))
    assert forward.thread != first.thread and forward.reply is True and forward.project == "atlas"


@pytest.mark.parametrize("prefix", ["RE: Automatic reply:", "Re: Réponse automatique :", "AW: Automatische Antwort:",
                                    "AW: Abwesenheitsnotiz:", "Antw: Automatisch antwoord:", "RE: Respuesta automática:",
                                    "R: Risposta automatica:", "Re: Out of Office:"])
def test_an_answer_to_her_servers_out_of_office_joins_the_thread_and_gets_no_second_reply(
    pipeline: Pipeline, prefix: str
) -> None:
    first = run(pipeline, make())
    answer = run(pipeline, make(subject=f"{prefix} Cutover weekend", message_id="<a1@acme.example>",
                                in_reply_to="<ooo-by-the-server@example.com>",
                                body="Thanks, I will call Paul then.\n\nJo"))
    assert (answer.thread, answer.reply, answer.reply_reason) == (first.thread, False, "rate-limited")


@pytest.mark.parametrize(("headers", "sorted_"), [
    ({"List-Id": "<users.erp.example>", "List-Post": "<mailto:users@erp.example>"}, True),
    ({"Auto-Submitted": "auto-generated"}, True),
    ({"Auto-Submitted": "auto-replied"}, False),
    ({"Precedence": "bulk", "List-Unsubscribe": "<https://x.example/u>"}, False),
    ({"X-Spam-Flag": "YES"}, False),
])
def test_a_list_post_or_a_machine_notice_about_a_project_is_sorted_but_never_answered(
    pipeline: Pipeline, headers: dict[str, str], sorted_: bool
) -> None:
    outcome = run(pipeline, make(sender="robot@erp-vendor.example", subject="Atlas ERP cutover: data freeze on Friday",
                                 body="The Atlas ERP cutover data freeze starts Friday 18:00; the old ERP is read-only "
                                      "from Saturday.", headers=headers))
    assert outcome.reply is False and (outcome.project == "atlas") is sorted_


def test_a_new_correspondent_answering_our_auto_reply_from_another_domain_is_answered(pipeline: Pipeline) -> None:
    first = run(pipeline, make(sender="Jo Lambert <jo.lambert@gmail.example>", subject="Cutover weekend"))
    office = run(pipeline, make(sender="Jo Lambert <jo@acme.example>", subject="Re: Auto: Cutover weekend",
                                message_id="<o1@acme.example>", body="Writing from the office now: any news?\n\nJo"))
    robot = run(pipeline, make(sender="Jo's robot <tickets@acme.example>", subject="Re: Auto: Cutover weekend",
                               message_id="<o2@acme.example>", body="Your message was received."))
    assert first.reply and office.reply is True
    assert (robot.reply, robot.reply_reason) == (False, "rate-limited")
