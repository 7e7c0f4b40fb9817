"""``responder demo``: the whole job on a bundled sample mailbox, with SQLite and no server.

The sample (``responder/sample``: a configuration, two project briefs and seventeen messages)
tells a short story: a web agency's project manager is away for three weeks; her colleague
answers some clients well and stonewalls others; one client is about to leave. The demo writes
the messages into a Maildir (file times set to their delivery dates, as a mail server would),
runs the service's own pipeline over it with the clock set to the return-day morning, delivers
the outbox into a folder of .eml files instead of SMTP, and writes the digest.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import email.utils
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from responder.adapters.smtp import Accepted

if TYPE_CHECKING:
    from responder.adapters.store.db import Store
    from responder.config import Config
    from responder.service.pipeline import Outcome

SAMPLE = Path(__file__).resolve().parent.parent / "sample"
DEFAULT_OUTPUT = Path("demo-output")


@dataclass(frozen=True)
class TriageRow:
    """One line of the triage table."""

    message: str
    sender: str
    thread: str
    language: str
    project: str
    decision: str
    flags: str


@dataclass(frozen=True)
class DemoResult:
    folder: Path
    config: Path
    maildir: Path
    database: Path
    outbox: Path
    digest_html: Path
    digest_text: Path
    digest_markdown: Path
    rows: tuple[TriageRow, ...]
    written: tuple[Path, ...]  # the .eml files the outbox would have sent
    flagged: int


class FolderTransport:
    """An outbox transport that writes each message into a folder instead of talking SMTP."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: list[Path] = []

    async def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    async def send(self, sender: str, recipients: Sequence[str], raw: bytes) -> Accepted:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        kind = "reply" if str(message.get("Auto-Submitted", "")).startswith("auto-replied") else (
            "digest" if "digest" in str(message.get("Message-ID", "")) else "handover")
        to = re.sub(r"[^\w.@-]", "_", recipients[0] if recipients else "nobody")
        path = self.folder / f"{len(self.written) + 1:02d}-{kind}-{to}.eml"
        path.write_bytes(raw)
        self.written.append(path)
        return Accepted(250, f"written to {path.name}")

    async def close(self) -> None:
        return None


def prepare(folder: Path) -> tuple[Path, Path]:
    """Write the configuration, the briefs and the Maildir into ``folder``, from scratch."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("Maildir", "outbox", "briefs"):
        shutil.rmtree(folder / name, ignore_errors=True)
    for name in ("responder.db", "digest.html", "digest.txt", "digest.md"):
        (folder / name).unlink(missing_ok=True)
    shutil.copytree(SAMPLE / "briefs", folder / "briefs")
    config = folder / "responder.toml"
    shutil.copyfile(SAMPLE / "responder.toml", config)
    maildir = folder / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for n, source in enumerate(sorted((SAMPLE / "mail").glob("*.eml")), start=1):
        raw = source.read_bytes()
        target = maildir / "new" / f"{1786000000 + n}.M{n}P1.demo"
        target.write_bytes(raw)
        delivered = _date_of(raw)
        os.utime(target, (delivered.timestamp(), delivered.timestamp()))
    return config, maildir


def _date_of(raw: bytes) -> dt.datetime:
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    return email.utils.parsedate_to_datetime(str(message["Date"]))


def return_morning(cfg: Config) -> dt.datetime:
    """The demo's "now": five minutes after the digest's send time on the employee's first day back."""
    from responder.service import digest_job

    absence = cfg.absence
    at = digest_job.parse_send_at(cfg.digest.send_at)
    return dt.datetime.combine(absence.end + dt.timedelta(days=1), at, absence.zone) + dt.timedelta(minutes=5)


def run(folder: Path = DEFAULT_OUTPUT) -> DemoResult:
    """Run the sample through the pipeline, deliver into the outbox folder, write the digest."""
    from responder import config as config_module
    from responder.adapters.store import db
    from responder.returnday import digest
    from responder.service import digest_job, outbox

    folder = folder.absolute()
    config_path, maildir = prepare(folder)
    cfg = config_module.load(config_path)
    now = return_morning(cfg)
    store = db.open_store(db.resolve_url(cfg.storage.url, cfg.folder))
    transport = FolderTransport(folder / "outbox")
    try:
        outcomes = deliver_in_time(cfg, store, maildir, transport)
        digest_job.queue_due(cfg, store, now)
        asyncio.run(outbox.Outbox(store, transport).deliver_due(now))
        built = digest.collect(cfg, store, now=now)
        templates = digest.digest_templates(cfg)
        paths = {fmt: folder / f"digest.{ext}" for fmt, ext in (("html", "html"), ("text", "txt"), ("markdown", "md"))}
        for fmt, path in paths.items():
            path.write_text(digest.render(built, fmt, templates), encoding="utf-8")
        rows = triage(store, outcomes)
    finally:
        store.dispose()
    return DemoResult(folder, config_path, maildir, folder / "responder.db", folder / "outbox", paths["html"],
                      paths["text"], paths["markdown"], rows, tuple(transport.written), len(built.call_first))


def deliver_in_time(cfg: Config, store: Store, maildir: Path, transport: FolderTransport) -> list[Outcome]:
    """Each message as the service would have met it: processed a minute after delivery, the outbox
    delivered right after, so replies carry the times they would really have had."""
    from responder.adapters.sources import maildir as maildir_source
    from responder.adapters.store import queries
    from responder.service import outbox
    from responder.service.pipeline import Incoming, Pipeline

    moment = [dt.datetime.combine(cfg.absence.start, dt.time(), cfg.absence.zone)]
    pipeline = Pipeline(cfg, store, now=lambda: moment[0])
    sender = outbox.Outbox(store, transport)
    outcomes: list[Outcome] = []
    name = f"maildir://{maildir}"
    with store.session() as session:  # what poll_maildir does first: the Maildir's fixed UIDVALIDITY
        queries.reset_uidvalidity(queries.get_sync_state(session, name, "Maildir"), maildir_source.MAILDIR_UIDVALIDITY)
    for message in maildir_source.scan(maildir):
        moment[0] = message.delivered_at + dt.timedelta(minutes=1)
        outcomes += pipeline.process_batch([Incoming(
            raw=message.raw, source=name, folder="Maildir", uidvalidity=maildir_source.MAILDIR_UIDVALIDITY,
            uid=message.uid, delivered_at=message.delivered_at, label=f"Maildir/{message.key}")])
        asyncio.run(sender.deliver_due(moment[0]))
    return outcomes


def triage(store: Store, outcomes: Sequence[Outcome]) -> tuple[TriageRow, ...]:
    """One row per message processed: who, which thread and project, what was decided, which flags."""
    from responder.adapters.store import queries

    rows: list[TriageRow] = []
    with store.session() as session:
        for outcome in outcomes:
            if outcome.duplicate or outcome.message_id is None:
                continue
            message = queries.find_message_by_message_id(session, outcome.message_id)
            if message is None:
                continue
            kinds = sorted({f.kind.value for f in message.thread.flags if f.message_id == message.id}) if message.thread else []
            decision = "reply" if outcome.reply else f"no reply ({outcome.reply_reason})"
            if outcome.reply and outcome.excerpt:
                decision += f" + excerpt «{outcome.section}»"
            rows.append(TriageRow(message.subject[:44], message.from_address, outcome.thread or "-",
                                  outcome.language or "-", outcome.project or "-", decision, ", ".join(kinds) or "-"))
    return tuple(rows)


def table(rows: Sequence[TriageRow]) -> list[str]:
    """The triage table as aligned text lines."""
    header = TriageRow("subject", "from", "thread", "lang", "project", "decision", "flags")
    widths = [max(len(getattr(r, f)) for r in (header, *rows)) for f in TriageRow.__dataclass_fields__]
    widths = [min(w, 46) for w in widths]
    lines = []
    for row in (header, *rows):
        cells = [getattr(row, f)[:w].ljust(w) for f, w in zip(TriageRow.__dataclass_fields__, widths)]
        lines.append("  ".join(cells).rstrip())
    return lines
