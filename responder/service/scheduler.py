"""The long-running service (``responder run``): polls, IDLE watchers and the outbox on one scheduler.

* One poll job per folder every ``schedule.poll_interval`` seconds (first run at start). The
  blocking IMAP work runs in a worker thread; polls run one at a time (they share the
  pipeline). Each folder keeps its own connection, logged in and with the folder open, from
  one poll to the next: a poll is then a NOOP and a UID SEARCH, whatever the folder's size,
  with no login. A connection that fails is dropped and the next poll opens a new one; one
  older than 10 minutes is replaced too (a server may go on serving an old session a stale
  view of a folder whose index it rebuilt). An unreachable server is retried with backoff,
  never fatal.
* The delegate's Sent folders (``[delegate_imap]``) and a local Maildir (``[maildir]``) are
  polled at the same interval; failed messages are retried every 5 minutes (housekeeping).
* One delivery job every 30 s, also started right after a poll that queued replies; it sends
  everything due, batch after batch, on one SMTP connection, then files the Sent copies.
* With ``schedule.idle`` and a server that offers IDLE, one watcher thread per folder, each with
  its own connection: it IDLEs, renews IDLE every 9 minutes, and on new mail asks for a poll of
  its folder now (through the event loop, thread-safely). A dropped connection is reopened with
  backoff; after each (re)connection the folder is polled, since mail may have come meanwhile.
  Polling at the interval stays on as the fallback.
* SIGTERM/SIGINT: no new work, the current batch (of messages, or of replies) finishes,
  connections close, :func:`run` returns.

APScheduler 3.11 with a memory job store: ``coalesce``, ``max_instances=1``, a generous
``misfire_grace_time``; job errors and misfires are logged, never fatal.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import signal
import threading
import time
from collections.abc import Awaitable, Callable, Sequence

import imapclient
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent  # type: ignore[import-untyped]
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]

from responder.adapters.sources import imap
from responder.adapters.sources.imap import Fetched, ImapSource
from responder.adapters.store.db import Store
from responder.config import Config, ImapConfig
from responder.errors import ServerUnreachable, UserError
from responder.returnday import unanswered
from responder.service import digest_job
from responder.service import outbox as outbox_module
from responder.service.pipeline import Pipeline, source_name
from responder.service.poller import FolderReport, poll_folder, poll_maildir
from responder.service.retry import RetryPolicy

log = logging.getLogger("responder.scheduler")
imap_log = logging.getLogger("responder.imap")

DELIVERY_INTERVAL = 30  # seconds
HOUSEKEEPING_INTERVAL = 300  # seconds between two retries of failed messages
IDLE_RENEW = 9 * 60  # seconds; RFC 2177 wants a renewal before 29 minutes, imapclient advises 10
KEEP_CONNECTION = 10 * 60  # seconds a poll connection is kept before a new one replaces it
STOP_GRACE = 60.0  # seconds the running jobs get to finish their batch after a signal
RECONNECT = RetryPolicy(base=dt.timedelta(seconds=1), factor=2, cap=dt.timedelta(minutes=5), jitter=0.3,
                        max_attempts=1_000_000)
"""IMAP reconnects: 1, 2, 4 … seconds, at most 5 minutes, never giving up (polls cap it at the interval)."""

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Stopping(Exception):
    """Raised inside a poll between two batches once the service is asked to stop."""


class _StoppableSource(ImapSource):
    """An ImapSource that refuses to fetch the next batch once the service is stopping."""

    def __init__(self, client: imapclient.IMAPClient, service: Service, cfg: ImapConfig) -> None:
        super().__init__(client, cfg)
        self._service = service

    def fetch(self, uids: Sequence[int]) -> list[Fetched]:
        if self._service.halt.is_set():
            raise Stopping
        return super().fetch(uids)


class Service:
    """The scheduler, its jobs and the IDLE watchers of one mailbox; :meth:`run` until signalled."""

    def __init__(self, cfg: Config, store: Store, *, clock: Callable[[], dt.datetime] = utcnow,
                 policy: RetryPolicy = RECONNECT, keep_connection: float = KEEP_CONNECTION) -> None:
        self.cfg, self.store, self.clock, self.policy = cfg, store, clock, policy
        self.keep_connection = keep_connection
        self.pipeline = Pipeline(cfg, store, now=clock)
        self.outbox = outbox_module.from_config(cfg, store)
        self.halt = threading.Event()  # set once: stop everything
        self._poll_lock = threading.Lock()  # one poll at a time: the pipeline is shared
        self._since = cfg.absence.start - dt.timedelta(days=1)  # SINCE is the server's calendar day
        self._failures: dict[str, int] = {}
        self._running: set[str] = set()
        self._again: set[str] = set()
        self._rng = random.Random()
        self._scheduler = AsyncIOScheduler(job_defaults=JOB_DEFAULTS, timezone=dt.UTC)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sources: dict[tuple[bool, str], _StoppableSource] = {}  # (delegate?, folder): kept between polls

    async def run(self) -> None:
        """Start everything, wait for SIGTERM or SIGINT, then stop gracefully."""
        self._loop = loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        scheduler, now = self._scheduler, self.clock()
        scheduler.add_listener(self._on_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        for folder in self.cfg.imap.folders:
            scheduler.add_job(self._repeat, "interval", args=(f"poll:{folder}", self._poll_job(folder)),
                              id=f"poll:{folder}", seconds=self.cfg.schedule.poll_interval, next_run_time=now)
        for folder in self.cfg.delegate_imap.folders if self.cfg.delegate_imap else ():
            scheduler.add_job(self._repeat, "interval", args=(f"poll:delegate:{folder}", self._poll_job(folder, True)),
                              id=f"poll:delegate:{folder}", seconds=self.cfg.schedule.poll_interval, next_run_time=now)
        if self.cfg.maildir is not None:
            scheduler.add_job(self._maildir, "interval", id="poll:maildir", seconds=self.cfg.schedule.poll_interval,
                              next_run_time=now)
        scheduler.add_job(self._repeat, "interval", args=("deliver", self._deliver), id="deliver",
                          seconds=DELIVERY_INTERVAL, next_run_time=now)
        scheduler.add_job(self._housekeeping, "interval", id="housekeeping", seconds=HOUSEKEEPING_INTERVAL)
        scheduler.add_job(digest_job.service_job, "interval", args=(self.cfg, self.store, self.clock, self.kick), id="digest",
                          seconds=digest_job.CHECK_INTERVAL, next_run_time=now)
        scheduler.start()
        watchers = [threading.Thread(target=self._watch, args=(folder,), name=f"idle:{folder}", daemon=True)
                    for folder in self.cfg.imap.folders] if self.cfg.schedule.idle else []
        for thread in watchers:
            thread.start()
        log.info("service started: %d folders, polling every %d s, IDLE %s", len(self.cfg.imap.folders),
                 self.cfg.schedule.poll_interval, "wanted" if self.cfg.schedule.idle else "off")
        await stop.wait()
        log.info("stopping: finishing the current batch")
        self.halt.set()
        scheduler.pause()
        deadline = loop.time() + STOP_GRACE
        while self._running and loop.time() < deadline:
            await asyncio.sleep(0.05)
        scheduler.shutdown(wait=False)
        for thread in watchers:
            await asyncio.to_thread(thread.join, 5)
        await asyncio.to_thread(self._close_sources)
        log.info("stopped")

    # ---- jobs (on the event loop) ---------------------------------------------------------

    async def _repeat(self, job_id: str, body: Callable[[], Awaitable[bool]]) -> None:
        """Run ``body`` again while it says there is more, or while a kick came during the run."""
        self._running.add(job_id)
        try:
            while not self.halt.is_set():
                self._again.discard(job_id)
                more = await body()
                if not (more or job_id in self._again):
                    break
        finally:
            self._running.discard(job_id)

    def kick(self, job_id: str) -> None:
        """Run a job now (on the event loop); if it is running, make it go once more."""
        if self.halt.is_set():
            return
        if job_id in self._running:
            self._again.add(job_id)
            return
        job = self._scheduler.get_job(job_id)
        if job is not None:
            job.modify(next_run_time=self.clock())

    def _poll_job(self, folder: str, delegate: bool = False) -> Callable[[], Awaitable[bool]]:
        async def body() -> bool:
            await self._poll(folder, delegate)
            return False
        return body

    async def _maildir(self) -> None:
        def blocking() -> None:
            assert self.cfg.maildir is not None
            with self._poll_lock:
                if not self.halt.is_set():
                    report = poll_maildir(self.cfg.maildir.path, self.store, self.pipeline, now=self.clock)
                    if report.replies_queued:
                        self._call(self.kick, "deliver")
        await asyncio.to_thread(blocking)

    async def _housekeeping(self) -> None:
        """Failed messages are tried again from their stored bytes, and quarantined after a few tries;
        threads whose client waits too long for a human answer are flagged ``unanswered``."""
        def blocking() -> None:
            with self._poll_lock:
                if not self.halt.is_set():
                    self.pipeline.retry_failed()
                    with self.store.session() as session:
                        unanswered.refresh(self.cfg, session, self.clock())
        await asyncio.to_thread(blocking)

    async def _poll(self, folder: str, delegate: bool = False) -> None:
        job_id, extra = f"poll:{'delegate:' if delegate else ''}{folder}", {"folder": folder}
        try:
            report = await asyncio.to_thread(self._poll_blocking, folder, delegate)
        except Stopping:
            log.info("%s: poll stopped after the current batch", folder, extra=extra)
            return
        except ServerUnreachable as exc:
            attempt = self._failures[folder] = self._failures.get(folder, 0) + 1
            wait = min(self.policy.delay(attempt, self._rng), dt.timedelta(seconds=self.cfg.schedule.poll_interval))
            log.warning("%s: poll failed (attempt %d), next try in %.0f s: %s", folder, attempt,
                        wait.total_seconds(), exc, extra=extra)
            job = self._scheduler.get_job(job_id)
            if job is not None and not self.halt.is_set():
                job.modify(next_run_time=self.clock() + wait)
            return
        except UserError as exc:  # refused login, missing folder: a human must act; polling goes on
            log.error("%s: poll failed: %s", folder, exc, extra=extra)
            return
        if self._failures.pop(folder, 0):
            log.info("%s: server reachable again", folder, extra=extra)
        if report.new or report.failed or report.repaired:
            log.info("%s: %d new, %d processed, %d failed, %d re-paired; %d replies queued", folder, report.new,
                     report.processed, report.failed, report.repaired, report.replies_queued, extra=extra)
        if report.replies_queued:
            self.kick("deliver")

    def _poll_blocking(self, folder: str, delegate: bool = False) -> FolderReport:
        """One poll of one folder in a worker thread, on the folder's own connection (opened if needed)."""
        account = self.cfg.delegate_imap if delegate and self.cfg.delegate_imap else self.cfg.imap
        sorting = self.cfg.sorting if self.cfg.sorting.mode != "off" and not delegate else None
        with self._poll_lock:
            if self.halt.is_set():
                raise Stopping
            key = (delegate, folder)

            def poll(source: ImapSource) -> FolderReport:
                return poll_folder(source, folder, self.store, self.pipeline, name=source_name(account),
                                   now=self.clock, since=self._since, sorting=sorting)

            kept = self._sources.pop(key, None)
            if kept is not None and time.monotonic() - kept.opened_at > self.keep_connection:
                imap.close(kept.client)  # renewed now and then: a server may serve an old session a stale view
                kept = None
            if kept is not None:
                try:
                    return self._poll_on(key, kept, poll)
                except ServerUnreachable as exc:  # the server may drop a connection that waited (autologout)
                    imap_log.info("%s: kept connection lost (%s), polling on a new one", folder, exc,
                                  extra={"folder": folder})
            return self._poll_on(key, self._open_source(account), poll)

    def _poll_on(self, key: tuple[bool, str], source: _StoppableSource,
                 poll: Callable[[ImapSource], FolderReport]) -> FolderReport:
        """Poll on ``source`` and keep it for the next poll; a connection that failed is closed."""
        try:
            report = poll(source)
        except Stopping:
            self._sources[key] = source  # stopped between two batches: the connection is sound
            raise
        except BaseException:
            imap.close(source.client)  # it may have broken half-way through a command
            raise
        self._sources[key] = source
        return report

    def _open_source(self, account: ImapConfig) -> _StoppableSource:
        client = imap.connect(account)
        try:
            imap.login(client, account)
        except BaseException:
            imap.close(client)
            raise
        return _StoppableSource(client, self, account)

    def _close_sources(self) -> None:
        """Log the kept poll connections out; one still polling past the grace period is left to exit."""
        if not self._poll_lock.acquire(timeout=5):
            return
        try:
            sources, self._sources = list(self._sources.values()), {}
        finally:
            self._poll_lock.release()
        for source in sources:
            imap.close(source.client)

    async def _deliver(self) -> bool:
        """Deliver everything due, batch after batch (the current batch finishes once stopping)."""
        await self.outbox.deliver_all(self.clock, stop=self.halt.is_set)
        return False

    def _on_event(self, event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning("job %s missed its run at %s", event.job_id, event.scheduled_run_time)
        else:
            log.error("job %s failed: %r", event.job_id, event.exception, exc_info=event.exception)

    # ---- IDLE watchers (one thread and one connection each) ----------------------------------

    def _watch(self, folder: str) -> None:
        """IDLE on ``folder`` until the service stops, reconnecting with backoff after a drop."""
        extra, attempt = {"folder": folder}, 0
        while not self.halt.is_set():
            try:
                client = imap.connect(self.cfg.imap)
            except ServerUnreachable as exc:
                attempt = self._wait_before_reconnect(folder, attempt, exc)
                continue
            try:
                imap.login(client, self.cfg.imap)
                if not imap.supports_idle(client):
                    imap_log.info("%s: the server does not offer IDLE; polling every %d s", folder,
                                  self.cfg.schedule.poll_interval, extra=extra)
                    return
                client.select_folder(folder, readonly=True)
                imap_log.info("%s: watching with IDLE%s", folder, " again" if attempt else "", extra=extra)
                if attempt:
                    self._call(self.kick, f"poll:{folder}")  # mail may have come while we were away
                attempt = 0
                while not self.halt.is_set():
                    if imap.idle_for_new_mail(client, self.cfg.imap, renew_after=IDLE_RENEW, stop=self.halt.is_set):
                        imap_log.debug("%s: new mail announced", folder, extra=extra)
                        self._call(self.kick, f"poll:{folder}")
            except ServerUnreachable as exc:
                attempt = self._wait_before_reconnect(folder, attempt, exc)
            except UserError as exc:
                imap_log.error("%s: IDLE watcher stopped, polling goes on: %s", folder, exc, extra=extra)
                return
            except Exception as exc:  # noqa: BLE001 - a protocol oddity: start over on a new connection
                attempt = self._wait_before_reconnect(folder, attempt, exc)
            finally:
                imap.close(client)

    def _wait_before_reconnect(self, folder: str, attempt: int, exc: Exception) -> int:
        attempt += 1
        wait = self.policy.delay(attempt, self._rng).total_seconds()
        imap_log.warning("%s: IDLE connection lost (attempt %d), reconnecting in %.1f s: %s", folder, attempt, wait,
                         exc, extra={"folder": folder})
        self.halt.wait(wait)
        return attempt

    def _call(self, func: Callable[[str], None], arg: str) -> None:
        """Run ``func(arg)`` on the event loop, from a watcher thread."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(func, arg)


def run(cfg: Config, store: Store) -> None:
    """Run the service until SIGTERM or SIGINT."""
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    asyncio.run(Service(cfg, store).run())
