"""Delivery exactly once, against the real aiosmtpd recorder and the real Dovecot, on SQLite and PostgreSQL.

What the SMTP server saw on the wire is read from aiosmtpd's own ``mail.log`` lines (``peer >> b'MAIL
FROM:<>'``), so the envelope assertions do not trust our code nor the recorder's normalisation.

"Crashes" are a :class:`Crash`, a BaseException like the KeyboardInterrupt or SystemExit that end a
process: the outbox's ``except Exception`` does not catch it, so nothing runs after it, as when the
process is killed. They are raised from a transport wrapped around the real one, or from SQLAlchemy's
``before_commit`` hook when a given state is about to be committed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Callable, Iterator, Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from responder import config as config_module
from responder.adapters.smtp import Accepted, SmtpTransport
from responder.adapters.sources.imap import SentFolder
from responder.adapters.store import queries
from responder.adapters.store.db import Store
from responder.adapters.store.models import OutboxItem, OutboxKind, OutboxState
from responder.config import ReplyConfig
from responder.service.outbox import (
    DeliveryReport,
    Outbox,
    Transport,
    envelope_recipients,
    envelope_sender,
    from_config,
    join_recipients,
)
from responder.service.retry import RetryPolicy
from support.configs import imap_config, imap_settings, smtp_config, smtp_settings, write_config
from support.dovecot import DovecotServer
from support.servers import free_port
from support.smtpd import SmtpServer

NOW = dt.datetime(2026, 7, 8, 9, 30, tzinfo=dt.UTC)
EMPLOYEE = "claire@example.com"
CLIENT, DELEGATE = "jo@acme.example", "paul@example.com"
POLICY = RetryPolicy(base=dt.timedelta(minutes=1), factor=2.0, cap=dt.timedelta(hours=1), jitter=0.0, max_attempts=3)


class Crash(BaseException):
    """The process dies here."""


class Arm(Protocol):
    def __call__(self, predicate: Callable[[OutboxItem], bool], error: BaseException | None = None) -> None: ...


# ---- helpers ------------------------------------------------------------------------------


def reply_raw(n: int = 1, body: str = "I am away until 24 July; Paul Durand (in Cc) follows Atlas.") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Claire Martin <{EMPLOYEE}>"
    msg["To"] = f"Jo Lambert <{CLIENT}>"
    msg["Cc"] = f"Paul Durand <{DELEGATE}>"
    msg["Subject"] = f"Re: Cutover weekend #{n}"
    msg["Message-ID"] = f"<reply-{n}@responder.example>"
    msg["In-Reply-To"] = f"<q{n}@acme.example>"
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(body)
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


def queue(store: Store, n: int = 1, *, recipients: Sequence[str] = (CLIENT, DELEGATE), sender: str = "",
          kind: OutboxKind = OutboxKind.reply, raw: bytes | None = None) -> int:
    item = OutboxItem(
        kind=kind, dedup_key=f"{kind.value}:{n}", recipient=join_recipients(recipients), envelope_sender=sender,
        raw=raw or reply_raw(n), rfc822_message_id=f"reply-{n}@responder.example", next_attempt_at=NOW, created_at=NOW,
    )
    with store.session() as session:
        stored = queries.enqueue_outbox(session, item)
        assert stored is not None
        return stored.id


def row(store: Store, item_id: int) -> OutboxItem:
    with store.session() as session:
        item = session.get(OutboxItem, item_id)
        assert item is not None
        return item


def run(outbox: Outbox, now: dt.datetime = NOW) -> DeliveryReport:
    return asyncio.run(outbox.deliver_due(now))


def make_outbox(store: Store, smtp: SmtpServer, *, transport: Transport | None = None,
                sent_folder: SentFolder | None = None, **settings: object) -> Outbox:
    transport = transport or SmtpTransport(smtp_config(smtp, **settings))
    return Outbox(store, transport, sent_folder=sent_folder, policy=POLICY, rng=random.Random(0))


def wire(caplog: pytest.LogCaptureFixture, verb: bytes) -> list[bytes]:
    """The command lines aiosmtpd read from the socket, for one verb (MAIL, RCPT…)."""
    lines = [r.args[1] for r in caplog.records if r.name == "mail.log" and r.msg == "%r >> %r" and isinstance(r.args, tuple)]
    return [line for line in lines if isinstance(line, bytes) and line.upper().startswith(verb)]


def connections(caplog: pytest.LogCaptureFixture) -> int:
    return sum(1 for r in caplog.records if r.name == "mail.log" and r.msg == "Peer: %r")


def outbox_records(caplog: pytest.LogCaptureFixture, level: int) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "responder.outbox" and r.levelno == level]


def sent_folder_messages(imap_server: DovecotServer, folder: str = "Sent") -> list[tuple[bytes, tuple[bytes, ...]]]:
    with imap_server.client("employee") as client:
        client.select_folder(folder, readonly=True)
        fetched = client.fetch(client.search(["ALL"]), ["BODY.PEEK[]", "FLAGS"])
    return [(data[b"BODY[]"], tuple(data[b"FLAGS"])) for _uid, data in sorted(fetched.items())]


@pytest.fixture
def wire_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="mail.log")
    caplog.set_level(logging.INFO, logger="responder.outbox")
    return caplog


@pytest.fixture
def crash_on_commit() -> Iterator[Arm]:
    """``crash_on_commit(pred)``: the next commit that makes an outbox item match ``pred`` raises instead.

    The default is a :class:`Crash`; ``error=`` gives an ordinary exception, as a database outage would.
    The rows are compared as the transaction saw them at its start and just before its commit, so
    changes made by ORM objects and by plain UPDATE statements are both seen.
    """
    listeners: list[tuple[str, Callable[..., None]]] = []

    def arm(predicate: Callable[[OutboxItem], bool], error: BaseException | None = None) -> None:
        before: dict[Session, set[int]] = {}

        def matching(connection: Connection) -> set[int]:
            rows = connection.execute(select(OutboxItem.__table__)).mappings()
            return {row["id"] for row in rows if predicate(OutboxItem(**row))}

        def after_begin(session: Session, _transaction: object, connection: Connection) -> None:
            before[session] = matching(connection)

        def before_commit(session: Session) -> None:
            session.flush()
            if matching(session.connection()) - before.pop(session, set()):
                for name, listener in listeners:
                    event.remove(Session, name, listener)
                listeners.clear()
                raise error or Crash("killed before commit")

        for name, listener in (("after_begin", after_begin), ("before_commit", before_commit)):
            event.listen(Session, name, listener)
            listeners.append((name, listener))

    yield arm
    for name, listener in listeners:
        event.remove(Session, name, listener)


class CrashingTransport:
    """The real SMTP transport, dying just before or just after handing one message over."""

    def __init__(self, real: Transport, when: str) -> None:
        self.real, self.when = real, when

    async def open(self) -> None:
        await self.real.open()

    async def send(self, sender: str, recipients: Sequence[str], raw: bytes) -> Accepted:
        if self.when == "before":
            raise Crash("killed before sending")
        accepted = await self.real.send(sender, recipients, raw)
        raise Crash(f"killed after the server answered {accepted.code}")

    async def close(self) -> None:
        await self.real.close()


# ---- envelope -----------------------------------------------------------------------------


def test_recipients_round_trip_through_the_column() -> None:
    stored = join_recipients([CLIENT, " paul@example.com ", ""])
    assert stored == "jo@acme.example, paul@example.com"
    assert envelope_recipients(stored) == [CLIENT, DELEGATE]
    assert envelope_recipients(CLIENT) == [CLIENT]


def test_envelope_sender_follows_the_reply_setting() -> None:
    assert envelope_sender(ReplyConfig(), EMPLOYEE) == ""
    assert envelope_sender(ReplyConfig(envelope_sender="account"), EMPLOYEE) == EMPLOYEE


def test_null_envelope_sender_by_default(store: Store, smtp_server: SmtpServer, wire_log: pytest.LogCaptureFixture) -> None:
    item_id = queue(store, sender=envelope_sender(ReplyConfig(), EMPLOYEE))
    report = run(make_outbox(store, smtp_server))
    assert report.sent == (item_id,)
    assert [line.split()[1] for line in wire(wire_log, b"MAIL")] == [b"FROM:<>"]
    assert smtp_server.received[0].mail_from == ""
    item = row(store, item_id)
    assert (item.state, item.attempts, item.sent_at, item.smtp_code) == (OutboxState.sent, 1, NOW, 250)
    assert item.smtp_response is not None and "OK: queued" in item.smtp_response


def test_account_envelope_sender_when_configured(store: Store, smtp_server: SmtpServer, wire_log: pytest.LogCaptureFixture) -> None:
    queue(store, sender=envelope_sender(ReplyConfig(envelope_sender="account"), EMPLOYEE))
    run(make_outbox(store, smtp_server))
    assert [line.split()[1] for line in wire(wire_log, b"MAIL")] == [f"FROM:<{EMPLOYEE}>".encode()]
    assert smtp_server.received[0].mail_from == EMPLOYEE


def test_recipients_and_headers_arrive_unchanged(store: Store, smtp_server: SmtpServer, wire_log: pytest.LogCaptureFixture) -> None:
    queue(store)
    run(make_outbox(store, smtp_server))
    [received] = smtp_server.received
    assert received.rcpt_tos == (CLIENT, DELEGATE)
    assert wire(wire_log, b"RCPT") == [f"RCPT TO:<{CLIENT}>".encode(), f"RCPT TO:<{DELEGATE}>".encode()]
    assert received.data == reply_raw(1)
    assert received.message["Auto-Submitted"] == "auto-replied" and received.message["Cc"] == f"Paul Durand <{DELEGATE}>"


def test_8bit_body_declared_and_delivered_intact(store: Store, smtp_server: SmtpServer, wire_log: pytest.LogCaptureFixture) -> None:
    msg = EmailMessage()
    msg["Subject"], msg["Message-ID"] = "Absente", "<reply-1@responder.example>"
    msg.set_content("Je suis absente jusqu'au 24 juillet ; Paul répondra.", cte="8bit")
    raw = msg.as_bytes(policy=msg.policy.clone(linesep="\r\n", cte_type="8bit"))
    assert not raw.isascii()
    queue(store, raw=raw)
    run(make_outbox(store, smtp_server))
    assert b"BODY=8BITMIME" in wire(wire_log, b"MAIL")[0]
    assert smtp_server.received[0].data == raw


def test_one_connection_per_run_and_a_refusal_does_not_stop_the_others(
    store: Store, smtp_server: SmtpServer, wire_log: pytest.LogCaptureFixture
) -> None:
    ids = [queue(store, n, recipients=[CLIENT]) for n in (1, 2, 3)]
    smtp_server.fail_next(1, 554, "5.7.1 Message rejected as spam", stage="data")
    report = run(make_outbox(store, smtp_server))
    assert (report.sent, report.failed) == (tuple(ids[1:]), (ids[0],))
    assert [r.message["Subject"] for r in smtp_server.received] == ["Re: Cutover weekend #2", "Re: Cutover weekend #3"]
    assert connections(wire_log) == 1


def test_partly_refused_recipients_are_recorded(store: Store, smtp_server: SmtpServer) -> None:
    item_id = queue(store)
    smtp_server.fail_next(1, 550, "5.1.1 No such user", stage="rcpt")
    run(make_outbox(store, smtp_server))
    assert smtp_server.received[0].rcpt_tos == (DELEGATE,)
    item = row(store, item_id)
    assert item.state == OutboxState.sent
    assert item.smtp_response is not None and f"refused {CLIENT}: 550 5.1.1 No such user" in item.smtp_response


# ---- failures and retries -----------------------------------------------------------------


def test_temporary_failure_then_delivered_exactly_once(
    store: Store, smtp_server: SmtpServer, wire_log: pytest.LogCaptureFixture
) -> None:
    item_id = queue(store)
    outbox = make_outbox(store, smtp_server)
    smtp_server.fail_next(1, 451, "4.3.0 Try again later", stage="data")
    assert run(outbox).retrying == (item_id,)
    item = row(store, item_id)
    assert (item.state, item.attempts, item.next_attempt_at) == (OutboxState.queued, 1, NOW + dt.timedelta(minutes=1))
    assert (item.smtp_code, item.last_error) == (451, "451 4.3.0 Try again later")
    [warning] = outbox_records(wire_log, logging.WARNING)
    assert (getattr(warning, "outbox_id", None), getattr(warning, "attempt", None)) == (item_id, 1)
    assert "attempt 1 of 3" in warning.getMessage()

    assert run(outbox, NOW + dt.timedelta(seconds=59)) == DeliveryReport()
    assert run(outbox, NOW + dt.timedelta(minutes=1)).sent == (item_id,)
    assert run(outbox, NOW + dt.timedelta(hours=2)) == DeliveryReport()
    assert len(smtp_server.received) == 1
    item = row(store, item_id)
    assert (item.state, item.attempts, item.sent_at, item.last_error) == (OutboxState.sent, 2, NOW + dt.timedelta(minutes=1), None)


def test_permanent_failure_recorded_and_never_retried(
    store: Store, smtp_server: SmtpServer, wire_log: pytest.LogCaptureFixture
) -> None:
    item_id = queue(store)
    outbox = make_outbox(store, smtp_server)
    smtp_server.fail_next(1, 550, "5.7.1 Null sender refused", stage="mail")
    assert run(outbox).failed == (item_id,)
    assert run(outbox, NOW + dt.timedelta(days=1)) == DeliveryReport()
    assert run(make_outbox(store, smtp_server), NOW + dt.timedelta(days=2)) == DeliveryReport()
    assert smtp_server.received == []
    item = row(store, item_id)
    assert (item.state, item.attempts, item.smtp_code) == (OutboxState.failed, 1, 550)
    assert item.smtp_response == item.last_error == "550 5.7.1 Null sender refused"
    assert [getattr(r, "outbox_id", None) for r in outbox_records(wire_log, logging.ERROR)] == [item_id]


def test_gives_up_after_max_attempts(store: Store, smtp_server: SmtpServer) -> None:
    item_id = queue(store)
    outbox = make_outbox(store, smtp_server)
    smtp_server.fail_next(5, 452, "4.3.1 Insufficient storage", stage="data")
    when, states = NOW, []
    for _ in range(POLICY.max_attempts):
        run(outbox, when)
        item = row(store, item_id)
        states.append((item.state, item.attempts))
        when = item.next_attempt_at
    assert states == [(OutboxState.queued, 1), (OutboxState.queued, 2), (OutboxState.failed, 3)]
    assert item.last_error == "gave up after 3 attempts: 452 4.3.1 Insufficient storage"
    assert run(outbox, NOW + dt.timedelta(days=1)) == DeliveryReport() and smtp_server.received == []


def test_unreachable_server_defers_every_due_item(store: Store, smtp_server: SmtpServer) -> None:
    ids = [queue(store, n) for n in (1, 2)]
    report = run(make_outbox(store, smtp_server, security="none", login=False, port=free_port()))
    assert report.retrying == tuple(ids)
    for item_id in ids:
        item = row(store, item_id)
        assert (item.state, item.attempts, item.smtp_code) == (OutboxState.queued, 1, None)
        assert item.last_error is not None and "cannot connect" in item.last_error


def test_refused_login_leaves_the_queue_untouched(store: Store, smtp_server: SmtpServer, wire_log: pytest.LogCaptureFixture) -> None:
    item_id = queue(store)
    assert run(make_outbox(store, smtp_server, password="Wr0ng-pw!Zq5")) == DeliveryReport()
    item = row(store, item_id)
    assert (item.state, item.attempts) == (OutboxState.queued, 0)
    assert [getattr(r, "outbox_id", None) for r in outbox_records(wire_log, logging.ERROR)] == [str(item_id)]
    assert run(make_outbox(store, smtp_server)).sent == (item_id,)


# ---- crashes ------------------------------------------------------------------------------


def test_crash_before_the_claim_is_committed_sends_once(
    store: Store, smtp_server: SmtpServer, crash_on_commit: Arm
) -> None:
    item_id = queue(store)
    crash_on_commit(lambda item: item.state == OutboxState.sending)
    with pytest.raises(Crash):
        run(make_outbox(store, smtp_server))
    assert (row(store, item_id).state, smtp_server.received) == (OutboxState.queued, [])
    assert run(make_outbox(store, smtp_server)).sent == (item_id,)
    assert len(smtp_server.received) == 1


def test_crash_after_the_claim_before_sending_sends_once(store: Store, smtp_server: SmtpServer) -> None:
    ids = [queue(store, n) for n in (1, 2)]
    with pytest.raises(Crash):
        run(make_outbox(store, smtp_server, transport=CrashingTransport(SmtpTransport(smtp_config(smtp_server)), "before")))
    assert [row(store, i).state for i in ids] == [OutboxState.sending, OutboxState.queued]
    assert smtp_server.received == []
    report = run(make_outbox(store, smtp_server))
    assert (report.recovered, report.sent) == ((ids[0],), tuple(ids))
    assert run(make_outbox(store, smtp_server), NOW + dt.timedelta(hours=1)) == DeliveryReport()
    assert sorted(r.message["Message-ID"] for r in smtp_server.received) == ["<reply-1@responder.example>", "<reply-2@responder.example>"]


@pytest.mark.parametrize("where", ["transport", "commit"])
def test_crash_after_the_server_accepted_is_the_tolerated_duplicate(
    where: str, store: Store, smtp_server: SmtpServer, crash_on_commit: Arm
) -> None:
    """The one window where a reply goes out twice: accepted by the server, not yet recorded as sent."""
    item_id = queue(store)
    transport: Transport | None = None
    if where == "transport":
        transport = CrashingTransport(SmtpTransport(smtp_config(smtp_server)), "after")
    else:
        crash_on_commit(lambda item: item.state == OutboxState.sent)
    with pytest.raises(Crash):
        run(make_outbox(store, smtp_server, transport=transport))
    assert (row(store, item_id).state, len(smtp_server.received)) == (OutboxState.sending, 1)
    assert run(make_outbox(store, smtp_server)).recovered == (item_id,)
    assert [r.message["Message-ID"] for r in smtp_server.received] == ["<reply-1@responder.example>"] * 2
    item = row(store, item_id)
    assert (item.state, item.attempts) == (OutboxState.sent, 1)


def test_a_running_outbox_leaves_other_runs_sending_items_alone(store: Store, smtp_server: SmtpServer) -> None:
    """Only the first run of an Outbox takes up 'sending' items: later ones may be another run's in-flight work."""
    outbox = make_outbox(store, smtp_server)
    run(outbox)
    item_id = queue(store)
    with store.session() as session:
        assert queries.claim_outbox(session, item_id, OutboxState.queued, NOW + dt.timedelta(minutes=5)) is not None
    assert run(outbox, NOW + dt.timedelta(minutes=5)) == DeliveryReport()
    assert smtp_server.received == [] and row(store, item_id).state == OutboxState.sending


def test_database_error_after_sending_is_retried_by_the_next_run(
    store: Store, smtp_server: SmtpServer, crash_on_commit: Arm, wire_log: pytest.LogCaptureFixture
) -> None:
    """Not a crash: the process lives on, logs the error, and takes the item up again itself."""
    item_id = queue(store)
    outbox = make_outbox(store, smtp_server)
    crash_on_commit(lambda item: item.state == OutboxState.sent, OSError("database went away"))
    assert run(outbox) == DeliveryReport()
    assert (row(store, item_id).state, len(smtp_server.received)) == (OutboxState.sending, 1)
    [error] = outbox_records(wire_log, logging.ERROR)
    assert getattr(error, "outbox_id", None) == item_id and error.exc_info is not None
    report = run(outbox, NOW + dt.timedelta(minutes=1))
    assert (report.recovered, report.sent) == ((item_id,), (item_id,))
    assert len(smtp_server.received) == 2  # the same tolerated window: accepted, then not recorded


# ---- Sent folder --------------------------------------------------------------------------


@pytest.mark.dovecot
def test_reply_saved_in_sent_marked_seen_exactly_once(store: Store, smtp_server: SmtpServer, imap_server: DovecotServer) -> None:
    reply_id = queue(store, 1)
    handover_id = queue(store, 2, recipients=[DELEGATE], kind=OutboxKind.handover)
    outbox = make_outbox(store, smtp_server, sent_folder=SentFolder(imap_config(imap_server)))
    first = run(outbox)
    second = run(outbox, NOW + dt.timedelta(minutes=5))
    assert (first.sent, first.saved_to_sent, second.saved_to_sent) == ((reply_id, handover_id), (reply_id,), ())
    [(body, flags)] = sent_folder_messages(imap_server)
    assert body == reply_raw(1) and b"\\Seen" in flags
    assert (row(store, reply_id).appended_to_sent, row(store, handover_id).appended_to_sent) == (True, False)


@pytest.mark.dovecot
def test_configured_sent_folder_is_used(store: Store, smtp_server: SmtpServer, imap_server: DovecotServer) -> None:
    with imap_server.client("employee") as client:
        client.create_folder("Auto replies")
    queue(store)
    run(make_outbox(store, smtp_server, sent_folder=SentFolder(imap_config(imap_server), "Auto replies")))
    assert [body for body, _flags in sent_folder_messages(imap_server, "Auto replies")] == [reply_raw(1)]
    assert sent_folder_messages(imap_server) == []


@pytest.mark.dovecot
def test_missing_sent_folder_warns_once_and_sending_goes_on(
    store: Store, smtp_server: SmtpServer, imap_server: DovecotServer, wire_log: pytest.LogCaptureFixture
) -> None:
    outbox = make_outbox(store, smtp_server, sent_folder=SentFolder(imap_config(imap_server), "Sent Items"))
    first = queue(store, 1)
    run(outbox)
    second = queue(store, 2)
    assert run(outbox, NOW + dt.timedelta(minutes=5)).sent == (second,)
    assert len(smtp_server.received) == 2
    warnings = [r for r in outbox_records(wire_log, logging.WARNING) if "no Sent folder" in r.getMessage()]
    assert [getattr(r, "outbox_id", None) for r in warnings] == [str(first)]
    assert not row(store, first).appended_to_sent and not row(store, second).appended_to_sent


@pytest.mark.dovecot
def test_failed_append_is_retried_next_run_and_never_blocks_sending(
    store: Store, smtp_server: SmtpServer, imap_server: DovecotServer, wire_log: pytest.LogCaptureFixture
) -> None:
    item_id = queue(store)
    unreachable = SentFolder(imap_config(imap_server, security="none", port=free_port()))
    report = run(make_outbox(store, smtp_server, sent_folder=unreachable))
    assert (report.sent, report.saved_to_sent) == ((item_id,), ())
    assert any("could not save copies" in r.getMessage() for r in outbox_records(wire_log, logging.WARNING))
    assert run(make_outbox(store, smtp_server, sent_folder=SentFolder(imap_config(imap_server)))).saved_to_sent == (item_id,)
    assert len(sent_folder_messages(imap_server)) == 1 and len(smtp_server.received) == 1


@pytest.mark.dovecot
def test_crash_between_append_and_its_record_leaves_one_copy(
    store: Store, smtp_server: SmtpServer, imap_server: DovecotServer,
    crash_on_commit: Arm,
) -> None:
    item_id = queue(store)
    crash_on_commit(lambda item: item.appended_to_sent)
    with pytest.raises(Crash):
        run(make_outbox(store, smtp_server, sent_folder=SentFolder(imap_config(imap_server))))
    assert len(sent_folder_messages(imap_server)) == 1 and not row(store, item_id).appended_to_sent
    assert run(make_outbox(store, smtp_server, sent_folder=SentFolder(imap_config(imap_server)))).saved_to_sent == (item_id,)
    assert len(sent_folder_messages(imap_server)) == 1 and len(smtp_server.received) == 1


@pytest.mark.dovecot
@pytest.mark.parametrize("save_to_sent", [True, False])
def test_from_config_sends_and_saves_as_configured(
    save_to_sent: bool, tmp_path: Path, store: Store, smtp_server: SmtpServer, imap_server: DovecotServer
) -> None:
    path = write_config(tmp_path, imap=imap_settings(imap_server), smtp=smtp_settings(smtp_server),
                        reply={"save_to_sent": save_to_sent, "envelope_sender": "account"})
    cfg = config_module.load(path)
    item_id = queue(store, sender=envelope_sender(cfg.reply, cfg.employee.address))
    report = asyncio.run(from_config(cfg, store).deliver_due(NOW))
    assert report.sent == (item_id,) and smtp_server.received[0].mail_from == EMPLOYEE
    assert len(sent_folder_messages(imap_server)) == (1 if save_to_sent else 0)


def imap_commands(caplog: pytest.LogCaptureFixture, verb: bytes) -> int:
    """How many commands of ``verb`` (APPEND, SEARCH…) imapclient sent, from its debug log of the wire."""
    sent = [r.getMessage().encode() for r in caplog.records if r.name.startswith("imapclient") and r.getMessage().startswith("> ")]
    return sum(1 for line in sent if f" {verb.decode()} ".encode() in line.upper() or line.upper().endswith(b" " + verb))


@pytest.mark.dovecot
def test_deliver_all_sends_every_batch_on_one_connection_and_files_each_copy_once(
    store: Store, smtp_server: SmtpServer, imap_server: DovecotServer, wire_log: pytest.LogCaptureFixture
) -> None:
    """A backlog: one SMTP connection for all batches; the copies of a batch in one APPEND, no search needed."""
    wire_log.set_level(logging.DEBUG, logger="imapclient")
    ids = [queue(store, n) for n in range(1, 46)]  # three batches of at most 20
    outbox = make_outbox(store, smtp_server, sent_folder=SentFolder(imap_config(imap_server)))
    report = asyncio.run(outbox.deliver_all(lambda: NOW))
    assert report.sent == tuple(ids) and sorted(report.saved_to_sent) == ids
    assert connections(wire_log) == 1 and len(smtp_server.received) == 45
    # Just sent by this Outbox, never appended: nothing to search for; one MULTIAPPEND for the 45.
    assert (imap_commands(wire_log, b"SEARCH"), imap_commands(wire_log, b"APPEND")) == (0, 1)
    saved = sent_folder_messages(imap_server)
    assert sorted(body for body, _flags in saved) == sorted(reply_raw(n) for n in range(1, 46))
    assert all(b"\\Seen" in flags for _body, flags in saved)
    assert asyncio.run(outbox.deliver_all(lambda: NOW + dt.timedelta(minutes=5))) == DeliveryReport()


@pytest.mark.dovecot
def test_copies_left_by_another_run_are_searched_for_before_appending(
    store: Store, smtp_server: SmtpServer, imap_server: DovecotServer, wire_log: pytest.LogCaptureFixture
) -> None:
    """Sent earlier (here: by another Outbox whose Sent folder was unreachable), so maybe appended already."""
    ids = [queue(store, n) for n in (1, 2)]
    unreachable = SentFolder(imap_config(imap_server, security="none", port=free_port()))
    assert run(make_outbox(store, smtp_server, sent_folder=unreachable)).sent == tuple(ids)
    with imap_server.client("employee") as client:  # as if an APPEND had gone through before a crash
        client.append("Sent", reply_raw(1), flags=["\\Seen"])
    wire_log.set_level(logging.DEBUG, logger="imapclient")
    report = run(make_outbox(store, smtp_server, sent_folder=SentFolder(imap_config(imap_server))))
    assert sorted(report.saved_to_sent) == ids
    assert imap_commands(wire_log, b"SEARCH") == 2  # one per copy, before the only APPEND
    assert sorted(body for body, _flags in sent_folder_messages(imap_server)) == [reply_raw(1), reply_raw(2)]
