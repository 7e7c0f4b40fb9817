"""One plain function per command: they take values, return data, and never print.

The command line (:mod:`responder.cli`) parses arguments, calls these and prints the result;
tests and the scheduler call them directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from responder import config as config_module
from responder.config import Config
from responder.errors import UserError

if TYPE_CHECKING:
    from responder.adapters.store.db import Store
    from responder.service.pipeline import Outcome
    from responder.service.poller import PollReport
    from responder.service.reprocess import Summary as ReprocessSummary
    from responder.service.status import Status as StatusReport


@dataclass(frozen=True)
class CheckLine:
    """The outcome of checking one part of the set-up."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class CheckReport:
    lines: tuple[CheckLine, ...]

    @property
    def ok(self) -> bool:
        return all(line.ok for line in self.lines)


def load_config(path: str | Path) -> Config:
    """Load and validate the configuration; a problem raises one ConfigError line."""
    return config_module.load(path)


def describe_config(cfg: Config) -> str:
    absence = cfg.absence
    projects = ", ".join(p.id for p in cfg.projects) or "none"
    return (
        f"{cfg.path}: absence {absence.start} to {absence.end} ({absence.timezone}), "
        f"delegate {cfg.delegate.address}, projects: {projects}"
    )


def check(cfg: Config) -> CheckReport:
    """Check each server the service needs, one line each, without stopping at the first failure."""
    from responder.adapters import smtp
    from responder.adapters.sources import imap
    from responder.adapters.store import db

    probes: list[tuple[str, Callable[[], str]]] = [
        ("imap", lambda: imap.check_login(cfg.imap)),
        ("smtp", lambda: smtp.check_login(cfg.smtp)),
        ("storage", lambda: db.check(storage_url(cfg))),
    ]
    lines = [CheckLine("config", True, describe_config(cfg))]
    for name, probe in probes:
        try:
            lines.append(CheckLine(name, True, probe()))
        except UserError as exc:
            lines.append(CheckLine(name, False, _without_prefix(str(exc), name)))
    lines.append(briefs_line(cfg))
    if lines[1].ok:
        try:
            seen = imap.latest_headers(cfg.imap, b"AUTHENTICATION-RESULTS")
            lines.append(CheckLine("authentication", True, authentication_seen(seen, cfg.trusted_authserv_ids)))
        except UserError as exc:
            lines.append(CheckLine("authentication", False, _without_prefix(str(exc), "imap")))
    return CheckReport(tuple(lines))


def briefs_line(cfg: Config) -> CheckLine:
    """Every brief read and parsed: the first problem with its file and line, or what they hold."""
    from responder.judge import briefs

    public = hidden = 0
    for n, project in enumerate(cfg.projects):
        key = f"projects[{n}].brief"
        try:
            text = briefs.read(project.brief, key)
        except UserError as exc:
            return CheckLine("briefs", False, str(exc))
        found = briefs.problems(text)
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            return CheckLine("briefs", False, f"{key}: {project.brief.name}: {found[0]}{more}")
        sections = briefs.parse(text).sections
        hidden += sum(s.internal for s in sections)
        public += sum(not s.internal for s in sections)
    return CheckLine("briefs", True, f"{len(cfg.projects)} briefs: {public} sections for clients, {hidden} internal")


def authentication_seen(messages: Sequence[Sequence[str]], trusted: Sequence[str]) -> str:
    """Which servers wrote the Authentication-Results of the latest messages, and whether excerpts can go out."""
    from collections import Counter

    from responder.mail import authresults

    believed = ", ".join(trusted)
    if not messages:
        return f"trusting {believed}; no message in the folder yet to see which servers write Authentication-Results"
    ids = Counter(authresults.authserv_id(h) or "(no id)" for headers in messages for h in headers)
    with_trusted = sum(authresults.trusted_header(headers, trusted) is not None for headers in messages)
    seen = ", ".join(f"{name} ({count})" for name, count in ids.most_common()) or "none"
    line = f"trusting {believed}; on the latest {len(messages)} messages: {seen}"
    if with_trusted == 0:
        return (f"{line}. No excerpt will be sent: none carries Authentication-Results from a trusted server "
                "(set [authentication] trusted_authserv_ids to your receiving server's name)")
    return f"{line}; {with_trusted} from a trusted server"


def db_upgrade(cfg: Config) -> tuple[str, list[str]]:
    """Bring the database schema to the latest revision; return the URL shown and revisions applied."""
    from responder.adapters.store import db

    url = storage_url(cfg)
    return db.display_url(url), db.upgrade(url)


def reprocess(cfg: Config, now: dt.datetime, *, missing_only: bool = False,
              started: Callable[[int], Callable[[int], None]] | None = None) -> ReprocessSummary:
    """Derive the stored facts again from the raw bytes (see ``service.reprocess``); sends nothing.

    ``started`` is told how many messages there are and returns the progress callback.
    """
    from responder.adapters.store import db
    from responder.service import reprocess as reprocess_module

    store = db.open_store(storage_url(cfg))
    try:
        total = reprocess_module.count(store, missing_only=missing_only)
        progress = started(total) if started is not None else (lambda done: None)
        return reprocess_module.run(cfg, store, now=now, missing_only=missing_only, progress=progress)
    finally:
        store.dispose()


def inspect(cfg: Config, files: list[Path], db_url: str | None = None, *, replies: str = "text") -> Iterator[Outcome]:
    """Process message files in order as if they had just arrived; send nothing.

    State lives in a throwaway in-memory database unless ``db_url`` is given, so earlier files
    thread and rate-limit later ones exactly as the service would.
    """
    from responder.adapters.store import db
    from responder.service.pipeline import Incoming, Pipeline

    store = db.open_store(db.resolve_url(db_url, Path.cwd()) if db_url else "sqlite://")
    try:
        pipeline = Pipeline(cfg, store, now=lambda: dt.datetime.now(dt.UTC), replies=replies)
        for start in range(0, len(files), INSPECT_BATCH):
            batch = [Incoming(raw=_read(path), source="file", folder=str(path.parent), label=path.name)
                     for path in files[start:start + INSPECT_BATCH]]
            yield from pipeline.process_batch(batch)
    finally:
        store.dispose()


INSPECT_BATCH = 50
TEMPLATE_LANGUAGES = ("en", "fr")


def preview(cfg: Config, path: Path, db_url: str | None = None) -> Outcome:
    """What would be sent in answer to one message file: the outcome carries the exact reply."""
    return list(inspect(cfg, [path], db_url, replies="show"))[0]


def templates_check(cfg: Config) -> list[str]:
    """Render every template for every project and language with sample data; ``file:line: message`` per problem."""
    from responder.compose.templates import TemplateSet

    user_dir = cfg.templates.dir if cfg.templates.dir.is_dir() else None
    languages = tuple(dict.fromkeys((*TEMPLATE_LANGUAGES, cfg.templates.default_language, cfg.employee.language)))
    return TemplateSet(user_dir, cfg.templates.default_language).check([p.id for p in cfg.projects], languages)


def poll_once(cfg: Config, *, dry_run: bool = False, since: dt.date | None = None,
              now: Callable[[], dt.datetime] | None = None) -> PollReport:
    """Poll every configured folder once and deliver the outbox once (nothing kept nor sent on a dry run)."""
    from responder.service import poller
    from responder.service.pipeline import Pipeline

    clock = now or (lambda: dt.datetime.now(dt.UTC))
    store = open_judged_store(cfg)
    try:
        return poller.poll_once(cfg, store, Pipeline(cfg, store, now=clock), now=clock, dry_run=dry_run, since=since)
    finally:
        store.dispose()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None


def status(cfg: Config, now: dt.datetime) -> StatusReport:
    """The service's health and what needs a human, from the database alone."""
    from responder.adapters.store import db
    from responder.service import status as status_module

    store = db.open_store(storage_url(cfg))
    try:
        return status_module.collect(store, now=now, poll_interval=dt.timedelta(seconds=cfg.schedule.poll_interval),
                                     folders=list(cfg.imap.folders))
    finally:
        store.dispose()


def open_judged_store(cfg: Config) -> Store:
    """The database, migrated, with facts derived for any message an earlier release stored without them."""
    import datetime as dt

    from responder.adapters.store import db
    from responder.service import reprocess as reprocess_module

    store = db.open_store(storage_url(cfg))
    try:
        reprocess_module.derive_missing(cfg, store, now=dt.datetime.now(dt.UTC))
    except BaseException:
        store.dispose()
        raise
    return store


def storage_url(cfg: Config) -> str:
    from responder.adapters.store import db

    return db.resolve_url(cfg.storage.url, cfg.folder)


def _without_prefix(message: str, name: str) -> str:
    """``imap: cannot connect …`` reads better as ``imap: failed: cannot connect …``."""
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def run(cfg: Config) -> None:
    """Run the service (scheduler, IDLE watchers, outbox) until SIGTERM or SIGINT."""
    from responder.service import scheduler as service

    store = open_judged_store(cfg)
    try:
        service.run(cfg, store)
    finally:
        store.dispose()


@dataclass(frozen=True)
class FlagLine:
    """One open flag: its kind, the sentence that shows it, and the message it was read in."""

    kind: str
    severity: int
    evidence: str | None
    sentence: str
    message_from: str
    message_date: dt.datetime | None


@dataclass(frozen=True)
class FlaggedThread:
    """A thread with open flags, as ``responder flags`` lists it."""

    thread: str  # "t12", as inspect prints it
    project: str | None
    client: str | None
    subject: str
    flags: tuple[FlagLine, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.kind for line in self.flags))

    def as_json(self) -> dict[str, object]:
        return {"thread": self.thread, "project": self.project, "client": self.client, "subject": self.subject,
                "kinds": list(self.kinds), "severity": max(line.severity for line in self.flags),
                "flags": [{"kind": line.kind, "severity": line.severity, "evidence": line.evidence,
                           "sentence": line.sentence, "from": line.message_from,
                           "date": line.message_date.isoformat() if line.message_date else None}
                          for line in self.flags]}


def flags(cfg: Config, now: dt.datetime, project: str | None = None) -> list[FlaggedThread]:
    """Threads with open flags, most severe first, after bringing the ``unanswered`` flags up to date."""
    from responder.adapters.store import queries
    from responder.returnday import unanswered

    if project is not None and project not in {p.id for p in cfg.projects}:
        known = ", ".join(p.id for p in cfg.projects) or "none configured"
        raise UserError(f"--project: unknown project {project!r} (projects: {known})")
    store = open_judged_store(cfg)
    try:
        with store.session() as session:
            unanswered.refresh(cfg, session, now)
            grouped: dict[int, list[FlagLine]] = {}
            threads: dict[int, FlaggedThread] = {}
            for flag in queries.open_flags_with_threads(session, project):
                message = flag.message
                when = message.delivered_at or message.date_header or message.received_at
                grouped.setdefault(flag.thread_id, []).append(FlagLine(
                    str(flag.kind), flag.severity, str(flag.evidence) if flag.evidence else None,
                    flag.evidence_text or "", message.from_address, when))
                thread = flag.thread
                threads.setdefault(flag.thread_id, FlaggedThread(
                    f"t{thread.id}", thread.project_id, thread.client_address, thread.subject, ()))
        return [FlaggedThread(t.thread, t.project, t.client, t.subject, tuple(grouped[key])) for key, t in threads.items()]
    finally:
        store.dispose()


def resolve_flags(cfg: Config, thread: str, now: dt.datetime) -> int:
    """Mark a thread's open flags handled; how many were open. ``thread`` is "t12" or "12"."""
    from responder.adapters.store import db, queries
    from responder.returnday import unanswered

    label = thread.strip()
    number = label[1:] if label[:1].lower() == "t" else label
    if not number.isdigit():
        raise UserError(f"{thread!r} is not a thread: give it as responder flags prints it, e.g. t12")
    store = open_judged_store(cfg)
    try:
        with store.session() as session:
            unanswered.refresh(cfg, session, now)  # resolve what `responder flags` shows now
            resolved = queries.resolve_thread_flags(session, int(number), now)
        if resolved is None:
            raise UserError(f"no thread t{int(number)} in {db.display_url(storage_url(cfg))}")
        return resolved
    finally:
        store.dispose()


# ---- digest --------------------------------------------------------------------------------


def digest(cfg: Config, *, now: dt.datetime, since: dt.date | None, fmt: str, output: Path | None,
           send: bool) -> list[str]:
    """``responder digest``: render (to a file or for printing), and with ``send`` queue and deliver it.

    Returns the lines to print. Delivery goes through the outbox like every other message, so a
    failure is retried by the service and shown by ``status``.
    """
    import asyncio

    from responder.adapters.smtp import SmtpTransport
    from responder.returnday.digest import collect, digest_templates, render
    from responder.service import outbox
    from responder.service.digest_job import queue

    store = open_judged_store(cfg)
    try:
        built = collect(cfg, store, now=now, since=since)
        templates = digest_templates(cfg)
        text = render(built, fmt, templates)
        lines: list[str] = []
        if output is None:
            lines.append(text.rstrip("\n"))
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UserError(f"--output: cannot write {output}: {exc.strerror}") from None
            lines.append(f"digest: {len(built.call_first)} threads to look at first, written to {output}")
        if send:
            key = f"digest:on-demand:{now.isoformat()}"
            with store.session() as session:
                queue(session, cfg, built, templates, key=key, recipient=cfg.employee.address, now=now)
            report = asyncio.run(outbox.Outbox(store, SmtpTransport(cfg.smtp)).deliver_due(now))
            state = "sent" if report.sent else "queued (delivery will be retried by the service)"
            lines.append(f"digest: {state} to {cfg.employee.address}")
        return lines
    finally:
        store.dispose()
