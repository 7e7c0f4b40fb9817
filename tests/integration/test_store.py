"""The storage contract: every test runs on SQLite and on PostgreSQL (see tests/support/databases.py)."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from responder.adapters.store import queries as q
from responder.adapters.store.db import Store, open_store, resolve_url
from responder.adapters.store.models import (
    Assignment,
    Evidence,
    Flag,
    FlagKind,
    Message,
    MessageStatus,
    OutboxItem,
    OutboxKind,
    OutboxState,
    PollStatus,
    SyncState,
    Thread,
    reply_dedup_key,
)
from responder.errors import StorageError

NOW = dt.datetime(2026, 7, 6, 9, 12, 3, 123456, tzinfo=dt.UTC)
ABSENCE_START = dt.date(2026, 7, 6)


def make_message(
    uid: int | None = 1, *, uidvalidity: int | None = 7, message_id: str = "a@client.example", **fields: object
) -> Message:
    values: dict[str, object] = {
        "source": "imap",
        "folder": "INBOX",
        "uidvalidity": uidvalidity if uid is not None else None,
        "uid": uid,
        "message_id": message_id,
        "from_address": "jo@client.example",
        "subject": "Planning",
        "received_at": NOW,
        "raw": b"Subject: Planning\r\n\r\nHello\r\n",
    }
    values.update(fields)
    return Message(**values)


def make_outbox(dedup_key: str, *, due: dt.datetime = NOW, **fields: object) -> OutboxItem:
    values: dict[str, object] = {
        "kind": OutboxKind.reply,
        "dedup_key": dedup_key,
        "recipient": "jo@client.example",
        "raw": b"Auto-Submitted: auto-replied\r\n\r\nAway\r\n",
        "rfc822_message_id": f"{dedup_key}@responder.example",
        "next_attempt_at": due,
        "created_at": NOW,
    }
    values.update(fields)
    return OutboxItem(**values)


def add_thread(store: Store, key: str = "t1@client.example") -> int:
    with store.session() as session:
        return q.create_thread(session, key, NOW, subject="planning", client_address="jo@client.example").id


# ---- sync state ---------------------------------------------------------------------------


def test_sync_state_round_trips(store: Store) -> None:
    with store.session() as session:
        state = q.get_sync_state(session, "imap", "INBOX")
        state.uidvalidity = 4_000_000_000  # UIDVALIDITY is unsigned 32-bit: beyond a signed INTEGER
        q.advance_sync_state(state, 4_000_000_001)
        q.record_poll_result(state, NOW, uidnext=4_000_000_002)
    with store.session() as session:
        state = q.get_sync_state(session, "imap", "INBOX")
        assert (state.uidvalidity, state.last_uid, state.uidnext) == (4_000_000_000, 4_000_000_001, 4_000_000_002)
        assert (state.last_poll_at, state.last_success_at, state.last_error) == (NOW, NOW, None)
        assert session.scalar(select(func.count()).select_from(SyncState)) == 1


def test_watermark_never_moves_down(store: Store) -> None:
    with store.session() as session:
        state = q.get_sync_state(session, "imap", "INBOX")
        q.advance_sync_state(state, 10)
        q.advance_sync_state(state, 4)
    with store.session() as session:
        assert q.get_sync_state(session, "imap", "INBOX").last_uid == 10


def test_failed_poll_keeps_last_success(store: Store) -> None:
    later = NOW + dt.timedelta(minutes=5)
    with store.session() as session:
        state = q.get_sync_state(session, "imap", "INBOX")
        q.record_poll_result(state, NOW)
        q.record_poll_result(state, later, error="connection reset")
    with store.session() as session:
        state = q.get_sync_state(session, "imap", "INBOX")
        assert (state.last_poll_at, state.last_success_at, state.last_error) == (later, NOW, "connection reset")


def test_watermark_advances_only_with_the_recorded_message(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        state = q.get_sync_state(session, "imap", "INBOX")
        state.uidvalidity = 7
        q.record_message(session, make_message(uid=5), state)
        assert state.last_uid == 5
        raise RuntimeError("crash before commit")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(SyncState)) == 0
        assert session.scalar(select(func.count()).select_from(Message)) == 0
        state = q.get_sync_state(session, "imap", "INBOX")
        state.uidvalidity = 7
        q.record_message(session, make_message(uid=5), state)
    with store.session() as session:
        assert q.get_sync_state(session, "imap", "INBOX").last_uid == 5
        assert q.find_message_by_uid(session, "imap", "INBOX", 7, 5) is not None


def test_record_message_refuses_a_message_from_another_uidvalidity(store: Store) -> None:
    with store.session() as session:
        state = q.get_sync_state(session, "imap", "INBOX")
        state.uidvalidity = 8
        with pytest.raises(ValueError, match="UIDVALIDITY 7"):
            q.record_message(session, make_message(uid=5, uidvalidity=7), state)
        assert state.last_uid == 0


# ---- messages -----------------------------------------------------------------------------


def test_raw_bytes_round_trip_exactly(store: Store) -> None:
    raw = bytes(range(256)) * 4 + b"\r\n.\r\n\x00\xff\xfe" + "é".encode("latin-1")
    with store.session() as session:
        message_id = q.record_message(session, make_message(raw=raw, size=len(raw))).id
    with store.session() as session:
        stored = session.get(Message, message_id)
        assert stored is not None
        assert type(stored.raw) is bytes
        assert stored.raw == raw


def test_imap_key_is_unique(store: Store) -> None:
    with store.session() as session:
        q.record_message(session, make_message(uid=3))
    with pytest.raises(IntegrityError), store.session() as session:
        q.record_message(session, make_message(uid=3, message_id="other@client.example"))


def test_messages_without_uid_never_collide(store: Store) -> None:
    with store.session() as session:
        q.record_message(session, make_message(uid=None, message_id="f1@x.example"))
        q.record_message(session, make_message(uid=None, message_id="f2@x.example"))
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 2


def test_find_message_by_message_id_returns_the_first_copy(store: Store) -> None:
    with store.session() as session:
        first = q.record_message(session, make_message(uid=1, message_id="m@x.example")).id
        q.record_message(session, make_message(uid=2, message_id="m@x.example"))
    with store.session() as session:
        found = q.find_message_by_message_id(session, "m@x.example")
        assert found is not None and found.id == first
        assert q.find_message_by_message_id(session, "m@x.example", source="files") is None
        assert q.find_message_by_message_id(session, "missing@x.example") is None


def test_repaired_message_is_found_under_its_new_uid(store: Store) -> None:
    with store.session() as session:
        q.record_message(session, make_message(uid=40, uidvalidity=7, message_id="m@x.example"))
    with store.session() as session:
        found = q.find_message_by_message_id(session, "m@x.example")
        assert found is not None
        q.repair_message(found, uidvalidity=8, uid=2)
    with store.session() as session:
        assert q.find_message_by_uid(session, "imap", "INBOX", 7, 40) is None
        assert q.find_message_by_uid(session, "imap", "INBOX", 8, 2) is not None


def test_failed_message_is_retried_then_quarantined(store: Store) -> None:
    with store.session() as session:
        message = q.record_message(session, make_message(uid=9))
        assert q.mark_message_failed(message, "parse error", max_attempts=2) is MessageStatus.failed
    with store.session() as session:
        retry = q.messages_to_retry(session)
        assert [m.uid for m in retry] == [9]
        assert q.mark_message_failed(retry[0], "parse error again", max_attempts=2) is MessageStatus.quarantined
    with store.session() as session:
        assert q.messages_to_retry(session) == []
        quarantined = q.quarantined_messages(session)
        assert [(m.uid, m.attempts, m.error) for m in quarantined] == [(9, 2, "parse error again")]
        assert q.message_counts(session) == {
            MessageStatus.processed: 0,
            MessageStatus.failed: 0,
            MessageStatus.quarantined: 1,
        }


def test_status_is_a_plain_string_checked_by_the_database(store: Store) -> None:
    with store.session() as session:
        q.record_message(session, make_message(uid=1))
    with store.session() as session:
        assert session.scalar(text("SELECT status FROM messages")) == "processed"
    with pytest.raises(IntegrityError), store.session() as session:
        session.execute(text("UPDATE messages SET status = 'lost'"))


def _assign_to_missing_message(store: Store) -> None:
    with store.session() as session:
        q.record_assignment(session, Assignment(message_id=424242, project_id="atlas", score=0.9, reason="keyword"))


def test_foreign_keys_are_enforced_after_migrating(store: Store) -> None:
    """The migration switches SQLite's foreign keys off on its connection; they must be back on."""
    with pytest.raises(IntegrityError):
        _assign_to_missing_message(store)


def test_foreign_keys_are_enforced_on_fresh_connections(store: Store, db_url: str) -> None:
    fresh = open_store(db_url, migrate=False)
    try:
        with pytest.raises(IntegrityError):
            _assign_to_missing_message(fresh)
    finally:
        fresh.dispose()


def test_assignment_round_trips_with_its_message(store: Store) -> None:
    with store.session() as session:
        message = q.record_message(session, make_message(uid=1))
        q.record_assignment(
            session,
            Assignment(
                message_id=message.id,
                project_id="atlas",
                score=0.75,
                reason="thread t12 already belongs to atlas",
                section_heading="Delivery dates",
                excerpt_allowed=True,
                excerpt_reason="client of the project",
            ),
        )
        message_pk = message.id
    with store.session() as session:
        stored = session.get(Message, message_pk)
        assert stored is not None and stored.assignment is not None
        assert (stored.assignment.project_id, stored.assignment.score) == ("atlas", 0.75)
        assert stored.assignment.excerpt_allowed is True


# ---- datetimes ----------------------------------------------------------------------------


def test_datetimes_come_back_aware_in_utc(store: Store) -> None:
    paris = dt.datetime(2026, 7, 6, 11, 12, 3, 5, tzinfo=ZoneInfo("Europe/Paris"))
    with store.session() as session:
        message_pk = q.record_message(session, make_message(date_header=paris, delivered_at=paris)).id
    with store.session() as session:
        stored = session.get(Message, message_pk)
        assert stored is not None
        for value in (stored.date_header, stored.delivered_at, stored.received_at):
            assert value is not None
            assert value.utcoffset() == dt.timedelta(0)
        assert stored.date_header == paris
        assert stored.date_header.hour == 9
        assert stored.received_at == NOW


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(StatementError, match="naive datetime"), store.session() as session:
        q.record_message(session, make_message(received_at=dt.datetime(2026, 7, 6, 9, 0)))


# ---- threads ------------------------------------------------------------------------------


def test_thread_lookup_by_key_and_by_message_id(store: Store) -> None:
    thread_pk = add_thread(store, "k1")
    with store.session() as session:
        q.record_message(session, make_message(uid=1, message_id="first@client.example", thread_id=thread_pk))
    with store.session() as session:
        found = q.find_thread_by_key(session, "k1")
        assert found is not None and found.id == thread_pk
        assert q.find_thread_by_key(session, "k2") is None
        by_message = q.thread_of_message_id(session, "first@client.example")
        assert by_message is not None and by_message.id == thread_pk
        assert q.thread_of_message_id(session, "unknown@client.example") is None


def test_thread_key_is_unique(store: Store) -> None:
    add_thread(store, "k1")
    with pytest.raises(IntegrityError):
        add_thread(store, "k1")


def test_touch_thread_widens_its_activity_window(store: Store) -> None:
    thread_pk = add_thread(store)
    earlier, later = NOW - dt.timedelta(days=1), NOW + dt.timedelta(hours=2)
    with store.session() as session:
        thread = session.get_one(Thread, thread_pk)
        q.touch_thread(thread, later)
        q.touch_thread(thread, earlier)
        q.touch_thread(thread, NOW)
    with store.session() as session:
        thread = session.get_one(Thread, thread_pk)
        assert (thread.first_activity_at, thread.last_activity_at) == (earlier, later)


# ---- outbox -------------------------------------------------------------------------------


def test_second_reply_with_the_same_dedup_key_is_not_stored(store: Store) -> None:
    thread_pk = add_thread(store)
    key = reply_dedup_key(ABSENCE_START, thread_pk, "Jo@Client.example")
    with store.session() as session:
        first = q.enqueue_outbox(session, make_outbox(key, thread_id=thread_pk))
        assert first is not None and first.id is not None
    with store.session() as session:
        message = q.record_message(session, make_message(uid=2))
        again = reply_dedup_key(ABSENCE_START, thread_pk, "jo@client.example ")
        assert q.enqueue_outbox(session, make_outbox(again, thread_id=thread_pk)) is None
        message_pk = message.id
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxItem)) == 1
        assert session.get(Message, message_pk) is not None  # the transaction went on unharmed


def test_duplicate_reply_in_the_same_transaction_is_not_stored(store: Store) -> None:
    with store.session() as session:
        assert q.enqueue_outbox(session, make_outbox("reply:x")) is not None
        assert q.enqueue_outbox(session, make_outbox("reply:x")) is None
        assert q.reply_exists(session, "reply:x")
        assert not q.reply_exists(session, "reply:y")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxItem)) == 1


def test_enqueue_still_raises_other_integrity_errors(store: Store) -> None:
    with pytest.raises(IntegrityError), store.session() as session:
        q.enqueue_outbox(session, make_outbox("reply:orphan", message_id=424242))


def test_due_outbox_is_ordered_by_due_time_and_skips_the_rest(store: Store) -> None:
    with store.session() as session:
        q.enqueue_outbox(session, make_outbox("late", due=NOW - dt.timedelta(minutes=1)))
        q.enqueue_outbox(session, make_outbox("early", due=NOW - dt.timedelta(hours=1)))
        q.enqueue_outbox(session, make_outbox("now", due=NOW))
        q.enqueue_outbox(session, make_outbox("future", due=NOW + dt.timedelta(seconds=1)))
        sent = q.enqueue_outbox(session, make_outbox("sent", due=NOW - dt.timedelta(days=1)))
        assert sent is not None
        assert q.record_outbox_sent(session, sent.id, NOW, smtp_code=250, smtp_response="2.0.0 Ok")
    with store.session() as session:
        assert [item.dedup_key for item in q.due_outbox(session, NOW)] == ["early", "late", "now"]
        assert [item.dedup_key for item in q.due_outbox(session, NOW, limit=1)] == ["early"]


def test_retry_is_scheduled_and_counted(store: Store) -> None:
    retry_at = NOW + dt.timedelta(minutes=5)
    with store.session() as session:
        item = q.enqueue_outbox(session, make_outbox("reply:r"))
        assert item is not None
        assert q.claim_outbox(session, item.id, OutboxState.queued, NOW) is not None
    with store.session() as session:
        assert q.due_outbox(session, NOW) == []
        interrupted = q.interrupted_outbox(session)
        assert [i.dedup_key for i in interrupted] == ["reply:r"]
        q.schedule_retry(interrupted[0], retry_at, "451 try later", smtp_code=451, smtp_response="4.3.0 try later")
    with store.session() as session:
        assert q.due_outbox(session, retry_at - dt.timedelta(seconds=1)) == []
        (due,) = q.due_outbox(session, retry_at)
        assert (due.state, due.attempts, due.smtp_code, due.last_error) == (OutboxState.queued, 1, 451, "451 try later")
        q.mark_failed(due, "550 no such user", smtp_code=550, smtp_response="5.1.1 no such user")
    with store.session() as session:
        assert q.due_outbox(session, retry_at + dt.timedelta(days=1)) == []
        stored = session.scalars(select(OutboxItem)).one()
        assert (stored.state, stored.attempts, stored.smtp_code) == (OutboxState.failed, 2, 550)


def test_sent_item_records_its_answer_and_sent_copy(store: Store) -> None:
    with store.session() as session:
        item = q.enqueue_outbox(session, make_outbox("reply:s", envelope_sender=""))
        assert item is not None
        assert q.record_outbox_sent(session, item.id, NOW, smtp_code=250, smtp_response="2.0.0 queued as 42")
        q.mark_outbox_appended(session, [item.id])
    with store.session() as session:
        stored = session.scalars(select(OutboxItem)).one()
        assert (stored.state, stored.sent_at, stored.smtp_response) == (OutboxState.sent, NOW, "2.0.0 queued as 42")
        assert (stored.envelope_sender, stored.appended_to_sent, stored.attempts) == ("", True, 1)


# ---- flags --------------------------------------------------------------------------------


def test_flags_are_unique_per_thread_kind_and_message(store: Store) -> None:
    thread_pk = add_thread(store)
    with store.session() as session:
        message_pk = q.record_message(session, make_message(uid=1, thread_id=thread_pk)).id

    def flag(kind: FlagKind, severity: int = 1) -> Flag:
        return Flag(
            thread_id=thread_pk,
            kind=kind,
            severity=severity,
            evidence=Evidence.authored if kind is FlagKind.no_information else None,
            evidence_text="we have no information yet",
            message_id=message_pk,
            created_at=NOW,
        )

    with store.session() as session:
        assert q.raise_flag(session, flag(FlagKind.no_information, 2)) is not None
        assert q.raise_flag(session, flag(FlagKind.no_information, 2)) is None
        assert q.raise_flag(session, flag(FlagKind.angry, 3)) is not None
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(flag(FlagKind.no_information))
    with store.session() as session:
        assert [f.kind for f in q.open_flags(session)] == [FlagKind.angry, FlagKind.no_information]
        q.resolve_flag(q.open_flags(session, thread_pk)[0], NOW)
    with store.session() as session:
        (remaining,) = q.open_flags(session)
        assert (remaining.kind, remaining.evidence) == (FlagKind.no_information, Evidence.authored)


# ---- poll runs ----------------------------------------------------------------------------


def test_poll_runs_are_recorded_and_listed_newest_first(store: Store) -> None:
    later = NOW + dt.timedelta(minutes=5)
    with store.session() as session:
        ok = q.start_poll_run(session, "imap", "INBOX", NOW)
        q.finish_poll_run(ok, NOW + dt.timedelta(seconds=2), fetched=3, processed=2, failed=1)
        broken = q.start_poll_run(session, "imap", "INBOX", later)
        q.finish_poll_run(broken, later, fetched=0, processed=0, failed=0, error="BYE")
        q.start_poll_run(session, "imap", "Archive", later + dt.timedelta(seconds=1))
    with store.session() as session:
        runs = q.latest_poll_runs(session)
        assert [(r.folder, r.status) for r in runs] == [
            ("Archive", PollStatus.running),
            ("INBOX", PollStatus.failed),
            ("INBOX", PollStatus.ok),
        ]
        assert (runs[2].fetched, runs[2].processed, runs[2].failed) == (3, 2, 1)
        assert runs[1].error == "BYE"


# ---- opening ------------------------------------------------------------------------------


def test_connections_are_set_up_for_the_service(store: Store) -> None:
    """SQLite: foreign keys, WAL and a busy timeout; PostgreSQL: a dropped connection is replaced."""
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            pragmas = ("foreign_keys", "journal_mode", "busy_timeout")
            assert [connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in pragmas] == [1, "wal", 10_000]
        return
    first, second = store.engine.connect(), store.engine.connect()
    pid = first.scalar(text("SELECT pg_backend_pid()"))
    first.close()
    second.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    second.close()
    # Both pooled connections are checked out again: one of them is the dead one.
    with store.engine.connect() as a, store.engine.connect() as b:
        assert {a.scalar(text("SELECT 1")), b.scalar(text("SELECT 1"))} == {1}


def test_postgresql_url_without_driver_means_psycopg_3(db_url: str) -> None:
    from responder.adapters.store.db import create_engine_for

    bare = db_url.replace("postgresql+psycopg://", "postgresql://")
    engine = create_engine_for(bare)
    try:
        assert engine.dialect.driver == ("pysqlite" if bare.startswith("sqlite") else "psycopg")
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def unreachable_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'no-such-folder' / 'responder.db'}"
    return "postgresql+psycopg://responder:s3cret-pw@127.0.0.1:1/responder"


def test_unreachable_database_is_one_storage_error_line_without_password(unreachable_url: str) -> None:
    with pytest.raises(StorageError) as caught:
        open_store(unreachable_url)
    message = str(caught.value)
    assert message.startswith("storage: cannot open ")
    assert "\n" not in message
    assert "s3cret-pw" not in message
    if "postgresql" in unreachable_url:
        assert "responder:***@127.0.0.1:1/responder" in message


def test_open_without_migrate_refuses_an_old_schema(db_url: str) -> None:
    with pytest.raises(StorageError, match="run responder db upgrade"):
        open_store(db_url, migrate=False)
    open_store(db_url).dispose()
    open_store(db_url, migrate=False).dispose()


# ---- URL resolution (pure: no database involved) -----------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///responder.db", "sqlite:////etc/responder/responder.db"),
        ("sqlite:///data/r.db", "sqlite:////etc/responder/data/r.db"),
        ("sqlite:////var/lib/r.db", "sqlite:////var/lib/r.db"),
        ("sqlite://", "sqlite://"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
        ("postgresql+psycopg://u:pw@db/responder", "postgresql+psycopg://u:pw@db/responder"),
    ],
)
def test_resolve_url_makes_sqlite_files_relative_to_the_config_folder(url: str, expected: str) -> None:
    assert resolve_url(url, Path("/etc/responder")) == expected


def test_resolve_url_refuses_garbage_without_echoing_it() -> None:
    with pytest.raises(StorageError) as caught:
        resolve_url("not a url with secret", Path("/etc"))
    assert "secret" not in str(caught.value)


# ---- writing without the unit of work ------------------------------------------------------


def test_message_and_its_assignment_are_written_together(store: Store) -> None:
    with store.session() as session:
        message = make_message(uid=3)
        message.assignment = Assignment(project_id="atlas", score=0.5, reason="keyword", excerpt_allowed=False)
        recorded = q.record_message(session, message)
        assert recorded.id is not None and recorded.assignment is not None and recorded.assignment.id is not None
        assert recorded.references == "" and recorded.attempts == 0  # the models' defaults, as written
        assert not session.new and not session.dirty  # nothing left for a flush to write again
        message_pk = recorded.id
    with store.session() as session:
        stored = session.get(Message, message_pk)
        assert stored is not None and stored.assignment is not None
        assert (stored.assignment.project_id, stored.assignment.reason, stored.references) == ("atlas", "keyword", "")
        assert session.scalar(select(func.count()).select_from(Assignment)) == 1


def test_a_rolled_back_message_does_not_block_the_next_one(store: Store) -> None:
    """SQLite gives a rolled-back row's id out again: the stale row must not stop the next message."""
    thread_pk = add_thread(store)
    with store.session() as session:
        failed: list[Message] = []  # still referenced, as a traceback keeps the failed message's locals
        with pytest.raises(RuntimeError), session.begin_nested():
            failed.append(q.record_message(session, make_message(uid=1, thread_id=thread_pk)))
            raise RuntimeError("the pipeline failed after recording")
        second = q.record_message(session, make_message(uid=2, message_id="b@client.example", thread_id=thread_pk))
        thread = q.add_thread(session, Thread(key="t2@client.example", first_activity_at=NOW, last_activity_at=NOW))
        assert second in session and thread in session
        message_pk, thread2_pk = second.id, thread.id
    with store.session() as session:
        assert [m.uid for m in session.scalars(select(Message))] == [2]
        stored = session.get(Message, message_pk)
        assert stored is not None and stored.message_id == "b@client.example"
        assert session.get(Thread, thread2_pk) is not None


def test_a_thread_is_read_once_per_session(store: Store) -> None:
    thread_pk = add_thread(store)
    with store.session() as session:
        first = q.get_thread(session, thread_pk)
        assert first is not None
        first_id = id(first)
        del first
        gc.collect()  # the identity map alone would forget it now
        again = q.get_thread(session, thread_pk)
        assert again is not None and id(again) == first_id and again.subject == "planning"
        assert q.get_thread(session, thread_pk + 1000) is None


def test_a_flag_on_rows_not_yet_flushed_is_stored(store: Store) -> None:
    with store.session() as session:
        session.add(Thread(id=500, key="pending@client.example", first_activity_at=NOW, last_activity_at=NOW))
        session.add(make_message(uid=9, thread_id=500, id=600))
        flag = Flag(thread_id=500, kind=FlagKind.angry, severity=2, message_id=600, created_at=NOW)
        assert q.raise_flag(session, flag) is flag and flag.id is not None
        assert q.raise_flag(session, Flag(thread_id=500, kind=FlagKind.angry, severity=2, message_id=600,
                                          created_at=NOW)) is None
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Flag)) == 1


def test_a_refused_value_and_a_broken_constraint_are_sqlalchemy_errors(store: Store) -> None:
    with pytest.raises(StatementError, match="naive datetime"), store.session() as session:
        q.add_thread(session, Thread(key="k", first_activity_at=dt.datetime(2026, 7, 6), last_activity_at=NOW))
    with pytest.raises(IntegrityError), store.session() as session:
        q.record_message(session, make_message(uid=4, thread_id=424242))
