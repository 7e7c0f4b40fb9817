"""Delivery of queued mail, exactly once: claim, send, record, each step committed on its own.

The pipeline queues a reply in the transaction that records the client's message; this module
delivers it. The order of the steps is what makes "exactly once" hold:

1. claim: the item goes from ``queued`` to ``sending``, committed;
2. send it over SMTP (one connection per run);
3. record the outcome, committed: ``sent`` with the server's answer; back to ``queued`` with a
   backoff for a temporary failure (4xx, lost connection, timeout); ``failed`` for a permanent
   one (5xx) or once the retries are used up.

A crash before step 1 leaves the item queued: the next run sends it. A crash between 1 and 2
leaves it in ``sending`` with nothing sent: the next process's Outbox sends it once. A crash
between 2 and 3 (the server accepted, the commit did not happen) also leaves it in ``sending``;
the next process cannot tell the two cases apart and sends again. That window, one SMTP reply
and one commit wide, is the only duplicate tolerated: the copy has the same Message-ID, so mail
clients can merge it. Treating ``sending`` as done instead would silently lose replies.

Afterwards each sent reply is appended to the employee's Sent folder, marked ``\\Seen``, so the
employee sees on return what was said in their name. That phase comes after sending, retries
its failures on the next run, and never holds sending back. A crash between an APPEND and its
record must not leave two copies, so the folder is searched for the Message-ID before
appending any copy that an earlier run (or process) may have appended already; a reply this
Outbox has just sent and never tried to append cannot be there, and goes without a search.
Copies go in batches, in one MULTIAPPEND each when the server offers it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Row

from responder.adapters import smtp
from responder.adapters.smtp import Accepted, SmtpTransport
from responder.adapters.sources.imap import SentCopy, SentFolder
from responder.adapters.store import queries
from responder.adapters.store.db import Store
from responder.adapters.store.models import OutboxItem, OutboxKind, OutboxState
from responder.config import Config, ReplyConfig
from responder.errors import DeliveryError, PermanentDeliveryError, ServerUnreachable, TemporaryDeliveryError, UserError
from responder.service import retry

log = logging.getLogger("responder.outbox")

# Only auto-replies speak in the employee's name to clients; internal messages stay out of Sent.
SAVED_KINDS = (OutboxKind.reply,)
SENT_BATCH = 50  # copies read from the database and appended together


def envelope_recipients(recipient: str) -> list[str]:
    """The RCPT TO addresses stored in ``OutboxItem.recipient``: one address or a comma-separated list."""
    return [address for _name, address in email.utils.getaddresses([recipient]) if address]


def join_recipients(addresses: Iterable[str]) -> str:
    """The inverse of :func:`envelope_recipients`, for whoever queues a reply with a Cc."""
    return ", ".join(address.strip() for address in addresses if address.strip())


def envelope_sender(reply: ReplyConfig, account: str) -> str:
    """What to store in ``OutboxItem.envelope_sender``: '' (``MAIL FROM:<>``, RFC 3834) or the account."""
    return "" if reply.envelope_sender == "null" else account


class Transport(Protocol):
    """How messages leave: one connection per run. Tests pass fakes that fail or "crash"."""

    async def open(self) -> None: ...

    async def send(self, sender: str, recipients: Sequence[str], raw: bytes) -> Accepted: ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class DeliveryReport:
    """What one run did, by outbox id."""

    sent: tuple[int, ...] = ()
    retrying: tuple[int, ...] = ()
    failed: tuple[int, ...] = ()
    saved_to_sent: tuple[int, ...] = ()
    recovered: tuple[int, ...] = ()


@dataclass
class _Tally:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    saved_to_sent: list[int] = field(default_factory=list)
    recovered: list[int] = field(default_factory=list)

    def report(self) -> DeliveryReport:
        return DeliveryReport(*(tuple(ids) for ids in vars(self).values()))


@dataclass(frozen=True)
class _Job:
    """What the send step needs, copied out of the claiming transaction."""

    id: int
    sender: str
    recipients: list[str]
    raw: bytes
    message_id: str
    kind: OutboxKind

    @classmethod
    def of(cls, item: OutboxItem | Row[Any]) -> _Job:
        return cls(item.id, item.envelope_sender, envelope_recipients(item.recipient), item.raw, item.rfc822_message_id,
                   item.kind)


def _context(item_id: int | str, message_id: str | None = None, **more: Any) -> dict[str, Any]:
    return {"outbox_id": item_id, "message_id": message_id, **more}


class Outbox:
    """Sends what is due, records every outcome, and files copies of replies in the Sent folder.

    One Outbox per process, and one run at a time (the scheduler's ``max_instances=1``): items a
    previous process left in ``sending`` are taken up again by this instance's first run only.
    Database steps are short and run on the event loop; the Sent-folder phase runs in a worker
    thread, which alone owns its IMAP connection, because imapclient blocks.
    """

    def __init__(
        self,
        store: Store,
        transport: Transport,
        *,
        sent_folder: SentFolder | None = None,
        policy: retry.RetryPolicy = retry.DEFAULT,
        rng: random.Random | None = None,
        batch: int = 20,
    ) -> None:
        self._store = store
        self._transport = transport
        self._sent_folder = sent_folder
        self._policy = policy
        self._rng = rng or random.Random()
        self._batch = batch
        self._first_run = True
        self._stranded: set[int] = set()  # left in 'sending' by an unexpected error in this process
        self._warned_no_sent = False
        self._unappended: set[int] = set()  # sent by this Outbox, no APPEND tried yet: cannot be in Sent

    async def deliver_due(self, now: dt.datetime) -> DeliveryReport:
        """Send one batch of the items due at ``now`` (and any a crash interrupted), then save copies to Sent."""
        tally = _Tally()
        picked = self._pick(now, tally)
        if picked:
            await self._send_all(picked, now, tally)
        await self._save_to_sent(tally)
        return tally.report()

    async def deliver_all(self, clock: Callable[[], dt.datetime], *, stop: Callable[[], bool] = lambda: False) -> DeliveryReport:
        """Send batch after batch until one sends nothing (or ``stop()``), then save the copies once.

        One SMTP connection and one login for all the batches, and one IMAP connection for the
        Sent copies: a backlog of replies costs no connection per batch. Each item is still
        claimed, sent and recorded on its own, as in :meth:`deliver_due`.
        """
        tally = _Tally()
        try:
            while not stop():
                picked = self._pick(clock(), tally)
                sent_before = len(tally.sent)
                if picked:
                    await self._send_all(picked, clock(), tally, keep_open=True)
                if len(tally.sent) == sent_before:
                    break
        finally:
            await self._transport.close()
        await self._save_to_sent(tally)
        return tally.report()

    def _pick(self, now: dt.datetime, tally: _Tally) -> list[tuple[int, OutboxState]]:
        """The items to send, each with the state it must still be in when claimed."""
        with self._store.session() as session:
            interrupted = [item for item in queries.interrupted_outbox(session) if self._first_run or item.id in self._stranded]
            due = [item.id for item in queries.due_outbox(session, now, self._batch)]
        self._first_run, self._stranded = False, set()
        for item in interrupted:
            log.warning(
                "found in 'sending' after an interruption; sending again (a duplicate if the server had accepted it)",
                extra=_context(item.id, item.rfc822_message_id),
            )
            tally.recovered.append(item.id)
        return [(item.id, OutboxState.sending) for item in interrupted] + [(item_id, OutboxState.queued) for item_id in due]

    async def _send_all(self, picked: list[tuple[int, OutboxState]], now: dt.datetime, tally: _Tally, *,
                        keep_open: bool = False) -> None:
        """One connection for the whole run; if the server is unreachable, every item waits its backoff.

        ``keep_open``: leave the connection open for the next batch (the caller closes it).
        """
        ids = [item_id for item_id, _state in picked]
        try:
            await self._transport.open()
        except ServerUnreachable as exc:
            self._defer(ids, TemporaryDeliveryError(str(exc)), now, tally)
            return
        except Exception as exc:  # noqa: BLE001 - refused login, no password: a human must act, the mail waits
            log.error("cannot send, the outbox waits: %s", exc, extra=_context(",".join(map(str, ids))))
            self._stranded.update(ids)
            return
        try:
            for n, (item_id, state) in enumerate(picked):
                if (down := await self._deliver_one(item_id, state, now, tally)) is not None:
                    self._defer(ids[n + 1 :], down, now, tally)
                    return
        finally:
            if not keep_open:
                await self._transport.close()

    async def _deliver_one(self, item_id: int, state: OutboxState, now: dt.datetime, tally: _Tally) -> DeliveryError | None:
        """Claim, send, record one item; return the error when the server is unreachable for the rest."""
        try:
            job = self._claim(item_id, state, now)
            if job is None:
                return None
            try:
                accepted = await self._transport.send(job.sender, job.recipients, job.raw)
            except Exception as exc:  # noqa: BLE001 - not BaseException: a real crash must leave it 'sending'
                error = _classify(exc)
                self._record_failure(item_id, error, now, tally)
                return error if isinstance(exc, UserError) else None
            self._record_sent(job, accepted, now, tally)
        except Exception:
            log.error("delivery step failed; the item is retried by the next run", extra=_context(item_id),
                      exc_info=log.isEnabledFor(logging.DEBUG))
            self._stranded.add(item_id)
        return None

    def _claim(self, item_id: int, state: OutboxState, now: dt.datetime) -> _Job | None:
        """Mark the item ``sending`` and commit, unless it left ``state`` (another run got to it first)."""
        with self._store.session() as session:
            claimed = queries.claim_outbox(session, item_id, state, now)
        return None if claimed is None else _Job.of(claimed)

    def _record_sent(self, job: _Job, accepted: Accepted, now: dt.datetime, tally: _Tally) -> None:
        response = accepted.response + "".join(f"; refused {rcpt}: {why}" for rcpt, why in accepted.refused.items())
        with self._store.session() as session:
            recorded = queries.record_outbox_sent(session, job.id, now, smtp_code=accepted.code, smtp_response=response)
            assert recorded, f"outbox item {job.id} vanished while being sent"
        if self._sent_folder is not None and job.kind in SAVED_KINDS:
            self._unappended.add(job.id)
        log.info("sent to %s: %s %s", ", ".join(job.recipients), accepted.code, response, extra=_context(job.id, job.message_id))
        for rcpt, why in accepted.refused.items():
            log.warning("recipient %s refused, not retried: %s", rcpt, why, extra=_context(job.id, job.message_id))
        tally.sent.append(job.id)

    def _record_failure(self, item_id: int, error: DeliveryError, now: dt.datetime, tally: _Tally) -> None:
        """Back to the queue with a backoff, or failed for good; the server's answer is kept either way."""
        text = str(error)
        code, answer = error.code, (text if error.code is not None else None)  # no answer if never connected
        with self._store.session() as session:
            item = queries.outbox_for_update(session, item_id)
            if item is None or item.state not in (OutboxState.queued, OutboxState.sending):
                return
            attempt, extra = item.attempts + 1, _context(item_id, item.rfc822_message_id, attempt=item.attempts + 1)
            if isinstance(error, PermanentDeliveryError) or self._policy.gives_up(attempt):
                final = text if isinstance(error, PermanentDeliveryError) else f"gave up after {attempt} attempts: {text}"
                queries.mark_failed(item, final, smtp_code=code, smtp_response=answer)
                log.error("not delivered, never retried: %s", final, extra=extra)
                tally.failed.append(item_id)
                return
            at = now + self._policy.delay(attempt, self._rng)
            queries.schedule_retry(item, at, text, smtp_code=code, smtp_response=answer)
        log.warning("temporary failure, attempt %d of %d, next at %s: %s", attempt, self._policy.max_attempts,
                    at.isoformat(timespec="seconds"), text, extra=extra)
        tally.retrying.append(item_id)

    def _defer(self, ids: Sequence[int], error: DeliveryError, now: dt.datetime, tally: _Tally) -> None:
        """The server cannot be reached: the remaining items fail this attempt like the first did."""
        for item_id in ids:
            try:
                self._record_failure(item_id, error, now, tally)
            except Exception:
                log.error("could not reschedule", extra=_context(item_id), exc_info=log.isEnabledFor(logging.DEBUG))
                self._stranded.add(item_id)

    async def _save_to_sent(self, tally: _Tally) -> None:
        if self._sent_folder is not None:
            tally.saved_to_sent += await asyncio.to_thread(self._save_copies, self._sent_folder)

    def _save_copies(self, folder: SentFolder) -> list[int]:
        """Append sent replies to the Sent folder (runs in a worker thread: imapclient blocks)."""
        attempted: list[int] = []
        progress = {"saved": 0, "asked": 0}

        def batches() -> Iterator[list[SentCopy]]:
            """Batches of pending copies; stops after a batch that was not wholly saved (it would come back first)."""
            while progress["saved"] == progress["asked"]:
                with self._store.session() as session:
                    pending = queries.unsaved_sent_copies(session, SAVED_KINDS, SENT_BATCH)
                    batch = [SentCopy(item.id, item.raw, item.rfc822_message_id, check=item.id not in self._unappended)
                             for item in pending]
                if not batch:
                    return
                self._unappended.difference_update(c.id for c in batch)  # tried now: search first next time
                attempted.extend(c.id for c in batch)
                progress["asked"] += len(batch)
                yield batch
                if len(batch) < SENT_BATCH:
                    return

        def saved(ids: Sequence[int]) -> None:
            self._mark_saved(ids)
            progress["saved"] += len(ids)

        try:
            done = folder.save(batches(), saved)
        except Exception as exc:  # noqa: BLE001 - saving a copy must never stop the service
            ids = ",".join(map(str, attempted)) or "-"
            log.warning("could not save copies in the Sent folder, next run tries again: %s", exc, extra=_context(ids))
            return []
        if done is None:
            self._unappended.clear()  # should the folder appear later, search first: the safe way
        if done is None and not self._warned_no_sent:
            with self._store.session() as session:
                ids = ",".join(str(item.id) for item in queries.unsaved_sent_copies(session, SAVED_KINDS, SENT_BATCH))
            self._warned_no_sent = True  # once per process: it needs a human, not a line per run
            log.warning("no Sent folder (%s) in the mailbox: copies of replies are not saved", folder.wanted, extra=_context(ids))
        return done or []

    def _mark_saved(self, item_ids: Sequence[int]) -> None:
        """Record a batch of APPENDs in one transaction."""
        with self._store.session() as session:
            queries.mark_outbox_appended(session, item_ids)


def _classify(exc: Exception) -> DeliveryError:
    """Like :func:`smtp.classify`, but failing to (re)connect or log in mid-run is never the message's fault."""
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, UserError):  # ServerUnreachable, LoginFailed, ConfigError while reconnecting
        return TemporaryDeliveryError(str(exc))
    return smtp.classify(exc)


def from_config(cfg: Config, store: Store, **options: Any) -> Outbox:
    """The Outbox the service runs: real SMTP, and the Sent folder when ``reply.save_to_sent`` is on."""
    sent = SentFolder(cfg.imap, cfg.reply.sent_folder) if cfg.reply.save_to_sent else None
    return Outbox(store, SmtpTransport(cfg.smtp), sent_folder=sent, **options)
