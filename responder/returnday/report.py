"""The manager's report: a factual account of each flagged thread, with the original messages.

For each thread: what was handed over before the absence (the brief sections that answer the
client), what the client asked, what the delegate answered (his own words, quoted exactly), what
the client wrote next, and what was done (auto-replies, the handover to the delegate, flags),
each with its time. Words about people are left out on purpose: the account gives facts and
times, and the original messages go alongside as .eml files so anyone can check them.

:func:`build` is pure (rows in, a :class:`Report` out); :func:`write` puts it on disk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from responder.adapters.store import models
from responder.returnday import digest as digest_module
from responder.returnday.digest import Context, ThreadView

if TYPE_CHECKING:
    from responder.adapters.store.db import Store
    from responder.compose.templates import TemplateSet
    from responder.config import Config


@dataclass(frozen=True)
class Entry:
    """One message of the thread, or one message sent by responder, with its exact words."""

    when: dt.datetime
    role: str  # client | delegate | employee | colleague | auto_reply | handover
    author: str
    recipients: str
    subject: str
    text: str
    file: str  # the .eml file beside the report, relative to the report's folder


@dataclass(frozen=True)
class FlagFact:
    kind: str
    when: dt.datetime
    evidence: str  # authored | quoted | reported | ""
    sentence: str
    rules: str = ""  # the cue families that recognised a stonewall, as stored at ingest


@dataclass(frozen=True)
class ThreadReport:
    view: ThreadView
    sections: tuple[digest_module.Section, ...]
    entries: tuple[Entry, ...]
    flags: tuple[FlagFact, ...]
    folder: str
    raws: tuple[tuple[str, bytes], ...]  # (file, raw bytes) to write beside the report


@dataclass(frozen=True)
class Report:
    employee: str
    delegate: str
    language: str
    generated_at: dt.datetime
    zone: dt.tzinfo
    threads: tuple[ThreadReport, ...]


def build(threads: Sequence[models.Thread], sent: Mapping[int, Sequence[models.OutboxItem]], ctx: Context,
          *, now: dt.datetime, only: int | None = None, flagged_only: bool = True) -> Report:
    """Store rows to a Report; ``sent`` maps a thread id to the items responder queued for it."""
    replies = {item.message_id: item for items in sent.values() for item in items
               if item.kind == models.OutboxKind.reply and item.message_id is not None}
    reports: list[ThreadReport] = []
    for thread in threads:
        if only is not None and thread.id != only:
            continue
        view = digest_module.build([thread], replies, ctx).threads
        if not view or (flagged_only and only is None and not view[0].flagged):
            continue
        reports.append(_thread_report(thread, view[0], sent.get(thread.id, ()), ctx))
    reports.sort(key=lambda r: digest_module.severity_key(r.view))
    return Report(ctx.employee_name, ctx.delegate_name, ctx.language, now, ctx.zone, tuple(reports))


def _thread_report(thread: models.Thread, view: ThreadView, items: Sequence[models.OutboxItem],
                   ctx: Context) -> ThreadReport:
    entries: list[tuple[dt.datetime, Entry, bytes]] = []
    messages = [m for m in thread.messages if m.reply_reason != "copy" and m.status == models.MessageStatus.processed]
    for message in messages:
        when = message.delivered_at or message.date_header or message.received_at
        entries.append((when, Entry(when, _role(message), message.from_name or message.from_address,
                                    ", ".join(a for a in (message.to_addresses, message.cc_addresses) if a),
                                    message.subject, message.facts.new_text if message.facts else "", ""), message.raw))
    for item in items:
        when = item.sent_at or item.created_at
        role = "auto_reply" if item.kind == models.OutboxKind.reply else "handover"
        entries.append((when, Entry(when, role, "responder", item.recipient, item.subject, item.text.strip(), ""),
                        item.raw))
    entries.sort(key=lambda e: e[0])
    named: list[Entry] = []
    raws: list[tuple[str, bytes]] = []
    for n, (when, entry, raw) in enumerate(entries, start=1):
        local = when.astimezone(ctx.zone)
        file = f"{n:02d}-{local:%Y%m%d-%H%M}-{entry.role}.eml"
        named.append(Entry(entry.when, entry.role, entry.author, entry.recipients, entry.subject, entry.text, file))
        raws.append((file, raw))
    rules = {m.id: m.facts.stonewall_rules for m in messages if m.facts is not None}
    flags = tuple(FlagFact(f.kind.value, f.created_at, f.evidence.value if f.evidence else "", f.evidence_text or "",
                           rules.get(f.message_id, "") if f.kind.value == "no_information" else "")
                  for f in thread.flags if f.resolved_at is None)
    sections = _sections(messages, thread.project_id, ctx)
    return ThreadReport(view, sections, tuple(named), flags, view.label, tuple(raws))


def _role(message: models.Message) -> str:
    """The writer's role as judged at ingest: a robot is never called a client, nor a stranger."""
    role = digest_module.role_of(message)
    return "unknown" if role is None else role.value


def _sections(messages: Sequence[models.Message], project_id: str | None, ctx: Context) -> tuple[digest_module.Section, ...]:
    """Every public brief section a client message of the thread was matched with, in order, once each."""
    brief = ctx.briefs.get(project_id) if project_id else None
    if brief is None:
        return ()
    headings = dict.fromkeys(m.assignment.section_heading for m in messages
                             if m.assignment is not None and m.assignment.section_heading)
    by_heading = {s.heading: s for s in brief.sections if not s.internal}
    return tuple(digest_module.Section(h, by_heading[h].body, False) for h in headings if h in by_heading)


# ---- labels and rendering ---------------------------------------------------------------------

LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Report on flagged threads", "generated": "Written on {date}, from the mailbox of {employee}.",
        "summary": "Summary", "thread": "Thread", "client": "Client", "project": "Project", "flags": "Flags",
        "messages": "Messages", "none": "No thread is flagged.",
        "handed_over": "Handed over before the absence (brief)", "no_section": "No brief section matched the question.",
        "account": "Messages, in order", "done": "Flags raised",
        "roles": {"client": "Client", "delegate": "Delegate", "employee": "Mailbox owner", "auto_reply": "Auto-reply sent",
                  "handover": "Handover sent to the delegate", "colleague": "Colleague",
                  "stranger": "Correspondent (not a listed client)", "robot": "Automated sender", "unknown": "Sender"},
        "to": "to", "file": "original", "kinds": {"at_risk": "at_risk", "no_information": "no_information",
                                                    "unanswered": "unanswered", "angry": "angry"},
        "evidence": {"authored": "written by the delegate", "quoted": "quoted in a client's message",
                     "reported": "reported by the client", "": ""},
        "rules": "recognised by",
    },
    "fr": {
        "title": "Rapport sur les fils signalés", "generated": "Rédigé le {date}, à partir de la boîte de {employee}.",
        "summary": "Résumé", "thread": "Fil", "client": "Client", "project": "Projet", "flags": "Signalements",
        "messages": "Messages", "none": "Aucun fil n'est signalé.",
        "handed_over": "Transmis avant l'absence (brief)", "no_section": "Aucune section du brief ne correspond à la question.",
        "account": "Messages, dans l'ordre", "done": "Signalements relevés",
        "roles": {"client": "Client", "delegate": "Remplaçant", "employee": "Titulaire de la boîte", "auto_reply": "Réponse automatique envoyée",
                  "handover": "Passation envoyée au remplaçant", "colleague": "Collègue",
                  "stranger": "Correspondant (hors liste des clients)", "robot": "Envoi automatique", "unknown": "Expéditeur"},
        "to": "à", "file": "original", "kinds": {"at_risk": "at_risk", "no_information": "no_information",
                                                   "unanswered": "unanswered", "angry": "angry"},
        "evidence": {"authored": "écrit par le remplaçant", "quoted": "cité dans un message du client",
                     "reported": "rapporté par le client", "": ""},
        "rules": "reconnu par",
    },
}


def variables(report: Report) -> dict[str, Any]:
    """What the report templates receive (documented at the top of report.en.txt.j2)."""
    from responder.absence import format_date

    def when(moment: dt.datetime) -> str:
        local = moment.astimezone(report.zone)
        return f"{local:%Y-%m-%d %H:%M}"

    return {"report": report, "t": LABELS.get(report.language, LABELS["en"]), "when": when,
            "date": lambda day: format_date(day, report.language)}


def write(report: Report, folder: Path, templates: TemplateSet) -> list[Path]:
    """The summary (report.md, report.html) and, per thread, a folder of the original .eml files."""
    folder.mkdir(parents=True, exist_ok=True)
    rendered = templates.render("report", report.language, None, variables(report))
    written = [folder / "report.md", folder / "report.html"]
    written[0].write_text(rendered.text, encoding="utf-8")
    written[1].write_text(rendered.html or "", encoding="utf-8")
    for thread in report.threads:
        target = folder / _safe(thread.folder)
        target.mkdir(exist_ok=True)
        for file, raw in thread.raws:
            (target / file).write_bytes(raw)
            written.append(target / file)
    return written


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name)


def collect(cfg: Config, store: Store, *, now: dt.datetime, thread: int | None = None) -> Report:
    """Build the report from the database: every flagged thread, or the one asked for."""
    from responder.adapters.store import returnday

    ctx = digest_module.context(cfg, until=now.astimezone(cfg.absence.zone).date())
    with store.session() as session:
        threads, _replies = digest_module.load(session, ctx, with_raw=True)
        if thread is not None and all(t.id != thread for t in threads):
            found = returnday.thread_by_id(session, thread, with_raw=True)
            threads = [found] if found is not None else []
        sent = returnday.sent_by_thread(session, [t.id for t in threads])
        return build(threads, sent, ctx, now=now, only=thread)
