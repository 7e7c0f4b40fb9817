"""One plain function per command: they take values, return data, and never print.

The command line (:mod:`responder.cli`) parses arguments, calls these and prints the result;
tests and the scheduler call them directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from responder import config as config_module
from responder.config import Config
from responder.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from responder.pipeline import Outcome
    from responder.poller import PollReport
    from responder.status import Status as StatusReport


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
    from responder import smtp
    from responder.sources import imap
    from responder.store import db

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
    return CheckReport(tuple(lines))


def db_upgrade(cfg: Config) -> tuple[str, list[str]]:
    """Bring the database schema to the latest revision; return the URL shown and revisions applied."""
    from responder.store import db

    url = storage_url(cfg)
    return db.display_url(url), db.upgrade(url)


def inspect(cfg: Config, files: list[Path], db_url: str | None = None, *, replies: str = "text") -> Iterator[Outcome]:
    """Process message files in order as if they had just arrived; send nothing.

    State lives in a throwaway in-memory database unless ``db_url`` is given, so earlier files
    thread and rate-limit later ones exactly as the service would.
    """
    from responder.pipeline import Incoming, Pipeline
    from responder.store import db

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
    from responder.templates import TemplateSet

    user_dir = cfg.templates.dir if cfg.templates.dir.is_dir() else None
    languages = tuple(dict.fromkeys((*TEMPLATE_LANGUAGES, cfg.templates.default_language, cfg.employee.language)))
    return TemplateSet(user_dir, cfg.templates.default_language).check([p.id for p in cfg.projects], languages)


def poll_once(cfg: Config, *, dry_run: bool = False, since: dt.date | None = None,
              now: Callable[[], dt.datetime] | None = None) -> PollReport:
    """Poll every configured folder once and deliver the outbox once (nothing kept nor sent on a dry run)."""
    from responder import poller
    from responder.pipeline import Pipeline
    from responder.store import db

    clock = now or (lambda: dt.datetime.now(dt.UTC))
    store = db.open_store(storage_url(cfg))
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
    from responder import status as status_module
    from responder.store import db

    store = db.open_store(storage_url(cfg))
    try:
        return status_module.collect(store, now=now, poll_interval=dt.timedelta(seconds=cfg.schedule.poll_interval),
                                     folders=list(cfg.imap.folders))
    finally:
        store.dispose()


def storage_url(cfg: Config) -> str:
    from responder.store import db

    return db.resolve_url(cfg.storage.url, cfg.folder)


def _without_prefix(message: str, name: str) -> str:
    """``imap: cannot connect …`` reads better as ``imap: failed: cannot connect …``."""
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def run(cfg: Config) -> None:
    """Run the service (scheduler, IDLE watchers, outbox) until SIGTERM or SIGINT."""
    from responder import service
    from responder.store import db

    store = db.open_store(storage_url(cfg))
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
    from responder.store import db, queries

    if project is not None and project not in {p.id for p in cfg.projects}:
        known = ", ".join(p.id for p in cfg.projects) or "none configured"
        raise UserError(f"--project: unknown project {project!r} (projects: {known})")
    store = db.open_store(storage_url(cfg))
    try:
        with store.session() as session:
            refresh_unanswered(cfg, session, now)
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


def refresh_unanswered(cfg: Config, session: Session, now: dt.datetime) -> tuple[int, int]:
    """Raise or resolve the ``unanswered`` flags as of ``now`` (for ``flags``, the service's housekeeping, the digest).

    Nothing is raised when the delegate's answers cannot all be seen (see ``flags.unanswered``).
    """
    from responder.store import queries

    if not unanswered_checked(cfg):
        return 0, 0
    return queries.refresh_unanswered_flags(
        session, now, after_hours=cfg.flags.unanswered_after_hours, zone=cfg.absence.zone,
        own_addresses=(*cfg.employee.addresses, cfg.delegate.address.lower()))


def unanswered_checked(cfg: Config) -> bool:
    """Whether this configuration can tell an unanswered thread from one answered out of sight."""
    mode = cfg.flags.unanswered
    return mode == "on" or (mode == "auto" and cfg.delegate_imap is not None)


def resolve_flags(cfg: Config, thread: str, now: dt.datetime) -> int:
    """Mark a thread's open flags handled; how many were open. ``thread`` is "t12" or "12"."""
    from responder.store import db, queries

    label = thread.strip()
    number = label[1:] if label[:1].lower() == "t" else label
    if not number.isdigit():
        raise UserError(f"{thread!r} is not a thread: give it as responder flags prints it, e.g. t12")
    store = db.open_store(storage_url(cfg))
    try:
        with store.session() as session:
            refresh_unanswered(cfg, session, now)  # resolve what `responder flags` shows now
            resolved = queries.resolve_thread_flags(session, int(number), now)
        if resolved is None:
            raise UserError(f"no thread t{int(number)} in {db.display_url(storage_url(cfg))}")
        return resolved
    finally:
        store.dispose()
