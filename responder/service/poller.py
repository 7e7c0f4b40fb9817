"""Polling the employee's folders: new mail through the pipeline, then the outbox once.

One poll of one folder (:func:`poll_folder`):

1. EXAMINE the folder (read-only; bodies are fetched with ``BODY.PEEK[]``, so ``\\Seen`` never moves),
   or only NOOP when the connection has it open from the previous poll (the service keeps one
   connection per folder: no login, and no EXAMINE, whose cost can grow with the folder's size);
2. if the server's UIDVALIDITY is not the stored one, re-pair the stored messages by Message-ID
   (no reprocessing, no second reply) and adopt the new UIDVALIDITY with the watermark at 0;
3. list the candidates: with a watermark, ``UID SEARCH UID w+1:*`` minus the UIDs ≤ w; without
   one (first poll, or just after a resync), ``SEARCH SINCE`` the day before the absence starts
   (SINCE compares the server's calendar day, which may not be the absence's time zone: the
   guard decides on the exact INTERNALDATE anyway);
4. fetch them in batches, skip the UIDs already stored, hand the rest to the pipeline (which
   records each message and moves the watermark in one transaction), then move the watermark
   to the end of the batch and, once the folder is done, to UIDNEXT - 1.

A network failure half-way raises :class:`ServerUnreachable`; every finished batch is committed,
so the next poll goes on from the watermark.

Dry run: the whole poll runs against a :class:`RollbackStore`, one outer transaction on one
connection that is rolled back at the end. Decisions are made exactly as for real, replies are
composed, but nothing stays in the database (no message, no watermark, no queued reply, no poll
run) and the outbox is not run, so a later real poll answers the same mail. On SQLite the
database is write-locked for the duration of the dry run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from responder.adapters.sources import maildir
from responder.adapters.sources.imap import FETCH_BATCH, Fetched, ImapSource
from responder.adapters.store import models, queries
from responder.adapters.store.db import Store
from responder.config import Config, SortingConfig
from responder.service import outbox
from responder.service.outbox import DeliveryReport
from responder.service.pipeline import Incoming, Outcome, Pipeline, source_name

log = logging.getLogger("responder.poller")

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class FolderReport:
    """What one poll of one folder did."""

    folder: str
    new: int = 0  # messages fetched that were not stored yet
    processed: int = 0
    failed: int = 0
    repaired: int = 0  # re-paired by Message-ID after a UIDVALIDITY change
    replies_queued: int = 0
    replies_sent: int = 0
    outcomes: tuple[Outcome, ...] = ()


@dataclass(frozen=True)
class PollReport:
    folders: tuple[FolderReport, ...]
    delivery: DeliveryReport | None = None  # None on a dry run
    dry_run: bool = False


class RollbackStore(Store):
    """A store whose sessions all run inside one outer transaction, rolled back by :meth:`discard`."""

    def __init__(self, store: Store) -> None:
        super().__init__(store.engine)
        self._connection = store.engine.connect()
        self._outer = self._connection.begin()
        self._sessions = sessionmaker(bind=self._connection, expire_on_commit=False,
                                      join_transaction_mode="create_savepoint")

    def discard(self) -> None:
        try:
            self._outer.rollback()
        finally:
            self._connection.close()


@dataclass
class _Tally:
    new: int = 0
    processed: int = 0
    failed: int = 0
    repaired: int = 0
    replies: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcomes: Sequence[Outcome]) -> None:
        # Kept for the dry run's listing; without the reply bytes, so a large backlog stays small.
        self.outcomes.extend(replace(o, reply_message=None, reply_text=None) for o in outcomes)
        for outcome in outcomes:
            if outcome.duplicate:
                continue
            if outcome.error:
                self.failed += 1
            else:
                self.processed += 1
                self.replies += outcome.reply_message is not None



def poll_folder(source: ImapSource, folder: str, store: Store, pipeline: Pipeline, *, name: str, now: Clock,
                since: dt.date, batch_size: int = FETCH_BATCH, sorting: SortingConfig | None = None) -> FolderReport:
    """Poll one folder (see the module docstring); raises ServerUnreachable after committing what was done.

    A poll that finds nothing new costs two short transactions (read the watermark; record the
    poll) besides the IMAP commands; the poll run is recorded as running before the first
    batch only when there is something to fetch.
    """
    started, tally, run_id = now(), _Tally(), None
    try:
        status = source.select(folder)
        candidates, watermark = _sync_uidvalidity(source, folder, store, name, status.uidvalidity, since, tally)
        if candidates is None:
            candidates = source.uids_since(since) if watermark == 0 else source.uids_above(watermark)
        if candidates:
            with store.session() as session:
                run_id = queries.start_poll_run(session, name, folder, started).id
        total, done = len(candidates), 0
        for chunk, fetched in _batches(source, store, name, folder, status.uidvalidity, candidates, batch_size):
            batch = [Incoming(raw=m.raw, source=name, folder=folder, uidvalidity=status.uidvalidity, uid=m.uid,
                              delivered_at=m.internaldate, label=f"{folder}/{m.uid}") for m in fetched]
            tally.new += len(batch)
            outcomes = pipeline.process_batch(batch) if batch else []
            tally.add(outcomes)
            if sorting is not None:
                projects = {m.uid: o.project for m, o in zip(fetched, outcomes, strict=True) if o.project}
                source.sort_into_projects(folder, projects, sorting.mode, sorting.folder_prefix)
            with store.session() as session:
                queries.advance_sync_state(queries.get_sync_state(session, name, folder), max(chunk))
            done += len(chunk)
            if total > batch_size:
                log.info("%s: %d/%d messages", folder, done, total, extra={"folder": folder})
        with store.session() as session:
            state = queries.get_sync_state(session, name, folder)
            if status.uidnext is not None:  # everything below UIDNEXT existed at EXAMINE and was searched
                queries.advance_sync_state(state, status.uidnext - 1)
            queries.record_poll_result(state, now(), uidnext=status.uidnext)
            _finish(session, run_id, name, folder, started, now(), tally)
    except Exception as exc:
        _record_failure(store, name, folder, run_id, started, now(), tally, exc)
        raise
    return FolderReport(folder, tally.new, tally.processed, tally.failed, tally.repaired, tally.replies,
                        outcomes=tuple(tally.outcomes))


def poll_maildir(path: Path, store: Store, pipeline: Pipeline, *, now: Clock, batch_size: int = FETCH_BATCH) -> FolderReport:
    """Every message of a local Maildir not seen before, through the pipeline; nothing in it is touched."""
    name, folder = f"maildir://{path}", "Maildir"
    with store.session() as session:
        state = queries.get_sync_state(session, name, folder)
        if state.uidvalidity is None:
            queries.reset_uidvalidity(state, maildir.MAILDIR_UIDVALIDITY)
        run_id = queries.start_poll_run(session, name, folder, now()).id
    tally = _Tally()
    messages = list(maildir.scan(path))
    with store.session() as session:
        known = queries.known_uids(session, name, folder, maildir.MAILDIR_UIDVALIDITY, [m.uid for m in messages])
    new = [m for m in messages if m.uid not in known]
    for start in range(0, len(new), batch_size):
        batch = [Incoming(raw=m.raw, source=name, folder=folder, uidvalidity=maildir.MAILDIR_UIDVALIDITY, uid=m.uid,
                          delivered_at=m.delivered_at, label=f"{folder}/{m.key}") for m in new[start:start + batch_size]]
        tally.new += len(batch)
        tally.add(pipeline.process_batch(batch))
    with store.session() as session:
        queries.record_poll_result(queries.get_sync_state(session, name, folder), now())
        _finish(session, run_id, name, folder, now(), now(), tally)
    return FolderReport(folder, tally.new, tally.processed, tally.failed, tally.repaired, tally.replies,
                        outcomes=tuple(tally.outcomes))


def _sync_uidvalidity(source: ImapSource, folder: str, store: Store, name: str, uidvalidity: int, since: dt.date,
                      tally: _Tally) -> tuple[list[int] | None, int]:
    """Adopt the server's UIDVALIDITY: (None, the watermark) when it is the stored one or on a first poll;
    after a change, re-pair by Message-ID and return (the candidates, 0)."""
    with store.session() as session:
        state = queries.get_sync_state(session, name, folder)
        if state.uidvalidity == uidvalidity:
            return None, state.last_uid
        if state.uidvalidity is None and not queries.folder_has_messages(session, name, folder):
            queries.reset_uidvalidity(state, uidvalidity)  # first poll of this folder
            return None, state.last_uid
        old = state.uidvalidity
    log.warning("%s: UIDVALIDITY changed from %s to %s; re-pairing stored messages by Message-ID", folder, old,
                uidvalidity, extra={"folder": folder})
    candidates = source.uids_since(since)
    ids = source.message_ids(candidates)
    with store.session() as session:
        queries.reset_uidvalidity(queries.get_sync_state(session, name, folder), uidvalidity)
        for uid in candidates:
            message_id = ids.get(uid)
            row = queries.find_message_to_repair(session, name, folder, message_id, uidvalidity) if message_id else None
            if row is not None:
                queries.repair_message(row, uidvalidity, uid)
                tally.repaired += 1
    log.info("%s: %d messages re-paired", folder, tally.repaired, extra={"folder": folder})
    return candidates, 0


def _batches(source: ImapSource, store: Store, name: str, folder: str, uidvalidity: int, uids: Sequence[int],
             size: int) -> Iterator[tuple[list[int], list[Fetched]]]:
    """(UIDs of the batch, the ones not stored yet, fetched); known UIDs are never fetched again."""
    for start in range(0, len(uids), size):
        chunk = list(uids[start:start + size])
        with store.session() as session:
            known = queries.known_uids(session, name, folder, uidvalidity, chunk)
        yield chunk, source.fetch([uid for uid in chunk if uid not in known])


def _finish(session: Session, run_id: int | None, name: str, folder: str, started: dt.datetime, now: dt.datetime,
            tally: _Tally, error: str | None = None) -> None:
    """Close the poll run, first recording it if the poll had nothing to fetch (or failed before)."""
    run = queries.poll_run(session, run_id) if run_id is not None else queries.start_poll_run(session, name, folder, started)
    if run is not None:
        queries.finish_poll_run(run, now, fetched=tally.new, processed=tally.processed, failed=tally.failed, error=error)


def _record_failure(store: Store, name: str, folder: str, run_id: int | None, started: dt.datetime, now: dt.datetime,
                    tally: _Tally, exc: Exception) -> None:
    error = str(exc) or type(exc).__name__
    try:
        with store.session() as session:
            queries.record_poll_result(queries.get_sync_state(session, name, folder), now, error=error)
            _finish(session, run_id, name, folder, started, now, tally, error)
    except Exception:  # noqa: BLE001 - the original error matters more
        log.error("%s: could not record the failed poll", folder, extra={"folder": folder},
                  exc_info=log.isEnabledFor(logging.DEBUG))


def poll_once(cfg: Config, store: Store, pipeline: Pipeline, *, now: Clock, dry_run: bool = False,
              since: dt.date | None = None, batch_size: int = FETCH_BATCH) -> PollReport:
    """Poll every configured folder once, then (unless ``dry_run``) deliver the outbox once.

    ``since`` replaces the absence's first day as the start of the first poll's search.
    """
    day = (since or cfg.absence.start) - dt.timedelta(days=1)  # SINCE is the server's calendar day
    name = source_name(cfg.imap)
    reports: list[FolderReport] = []
    with _work_store(cfg, store, pipeline, dry_run) as (work_store, work_pipeline):
        sorting = cfg.sorting if cfg.sorting.mode != "off" and not dry_run else None
        with ImapSource.open(cfg.imap) as source:
            for folder in cfg.imap.folders:
                reports.append(poll_folder(source, folder, work_store, work_pipeline, name=name, now=now, since=day,
                                           batch_size=batch_size, sorting=sorting))
        if cfg.delegate_imap is not None:  # his Sent folder: his own words, even when he did not copy her
            with ImapSource.open(cfg.delegate_imap) as source:
                for folder in cfg.delegate_imap.folders:
                    reports.append(poll_folder(source, folder, work_store, work_pipeline,
                                               name=source_name(cfg.delegate_imap), now=now, since=day,
                                               batch_size=batch_size))
        if cfg.maildir is not None:
            reports.append(poll_maildir(cfg.maildir.path, work_store, work_pipeline, now=now, batch_size=batch_size))
        work_pipeline.retry_failed()
    if dry_run:
        return PollReport(tuple(reports), None, dry_run=True)
    delivery = asyncio.run(outbox.from_config(cfg, store).deliver_all(now))  # a cron poll leaves no reply behind
    with store.session() as session:
        origins = queries.outbox_origins(session, delivery.sent)
    sent = [folder for kind, src, folder in origins if kind == models.OutboxKind.reply and src == name]
    reports = [replace(r, replies_sent=sent.count(r.folder)) for r in reports]
    return PollReport(tuple(reports), delivery)


@contextmanager
def _work_store(cfg: Config, store: Store, pipeline: Pipeline, dry_run: bool) -> Iterator[tuple[Store, Pipeline]]:
    if not dry_run:
        yield store, pipeline
        return
    scratch = RollbackStore(store)
    try:
        yield scratch, Pipeline(cfg, scratch, now=pipeline.now, catalog=pipeline.catalog)
    finally:
        scratch.discard()

