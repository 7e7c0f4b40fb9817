"""Derive the stored facts again from the raw bytes, when the rules change or after an upgrade.

Ingest judges each message once (``judge.facts``) and stores the result; the return side only
reads it. When the rules improve, or on a database written before facts were stored, this runs
the same judgement over the stored bytes and writes what differs. It sends nothing and decides no
new reply: a message's reply decision, thread and project stay as they were when it arrived.

Messages are taken in id order, a batch per transaction, so an interrupted run keeps the batches
it finished and a second run finds nothing left to change. Flags the new rules raise are added
(a flag already there is kept, resolved or not); flags they no longer raise stay, since someone
may already have acted on them: the summary counts them for a human to look at.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from responder.absence import Absence
from responder.adapters.store import facts as store_facts
from responder.adapters.store import models, queries
from responder.adapters.store.db import Store
from responder.config import Config
from responder.judge import guard
from responder.judge.facts import Judge
from responder.judge.flags import Signal
from responder.mail import mime
from responder.service.pipeline import judge_for

log = logging.getLogger("responder.reprocess")

BATCH = 200


@dataclass
class Summary:
    """What a run changed, for the one line the command prints and the log."""

    examined: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    flags_raised: int = 0
    outbox_texts: int = 0
    changes: list[str] = field(default_factory=list)  # "message 12: sender_role, request"

    def line(self) -> str:
        return (f"{self.examined} messages: facts added for {self.added}, changed for {self.changed}, "
                f"unchanged for {self.unchanged}; {self.flags_raised} flags raised; "
                f"{self.outbox_texts} sent messages given their subject and text")


def rejudge(message: models.Message, judge: Judge, absence: Absence,
            now: dt.datetime) -> tuple[models.MessageFacts, list[Signal]]:
    """The facts row and flag signals the current rules give ``message``'s stored bytes.

    The guard's one rule that depends on history, "already answered in this thread", is taken
    from what was decided at ingest rather than from today's outbox.
    """
    parsed = mime.parse(bytes(message.raw))
    directory = judge.directory
    context = guard.GuardContext(directory.employee_addresses, directory.delegate_address, absence,
                                 message.delivered_at or parsed.received_date or parsed.date,
                                 message.reply_reason == "rate-limited")
    facts = judge.facts(parsed, context, source=message.source)
    return store_facts.facts_row(facts, now), list(facts.signals)


def run(cfg: Config, store: Store, *, now: dt.datetime, missing_only: bool = False,
        progress: Callable[[int], None] = lambda done: None) -> Summary:
    """Re-derive every processed message's facts (or only the missing ones); see the module docstring."""
    judge, absence = judge_for(cfg)
    summary = Summary()
    after = 0
    while True:
        with store.session() as session:
            batch = store_facts.messages_to_judge(session, after, BATCH, missing_only=missing_only)
            for message in batch:
                _one(session, message, judge, absence, now, summary)
            if batch:
                after = batch[-1].id
        progress(len(batch))
        if len(batch) < BATCH:
            break
    summary.outbox_texts = _fill_outbox_texts(store)
    log.info("reprocess: %s", summary.line())
    return summary


def derive_missing(cfg: Config, store: Store, *, now: dt.datetime) -> int:
    """Judge the messages stored without facts (by a release that did not keep them); how many.

    Run when a command opens the database, so an upgraded installation needs no manual step; on
    a current database it costs one count.
    """
    missing = count(store, missing_only=True)
    if missing:
        log.info("deriving the facts of %d messages stored by an earlier release (once)", missing)
        run(cfg, store, now=now, missing_only=True)
    return missing


def count(store: Store, *, missing_only: bool = False) -> int:
    with store.session() as session:
        return store_facts.count_messages_to_judge(session, missing_only=missing_only)


def _one(session: Session, message: models.Message, judge: Judge, absence: Absence, now: dt.datetime,
         summary: Summary) -> None:
    before = store_facts.judged_values(message.facts) if message.facts is not None else None
    row, signals = rejudge(message, judge, absence, now)
    outcome = store_facts.store_facts(session, message, row)
    summary.examined += 1
    if outcome == "added":
        summary.added += 1
    elif outcome == "changed":
        summary.changed += 1
        after = store_facts.judged_values(row)
        fields = [name for name in store_facts.JUDGED if before is not None and before[name] != after[name]]
        summary.changes.append(f"message {message.id} ({message.message_id}): {', '.join(fields) or 'rules version'}")
    else:
        summary.unchanged += 1
    if message.thread_id is not None and signals:
        summary.flags_raised += len(queries.raise_message_flags(session, message, signals, now))


def _fill_outbox_texts(store: Store) -> int:
    """Give mail queued by an older release the subject and text the report shows."""
    filled = 0
    while True:
        with store.session() as session:
            items = store_facts.outbox_without_text(session, BATCH)
            for item in items:
                parsed = mime.parse(bytes(item.raw))
                item.subject, item.text = parsed.subject, parsed.body_text.strip() or " "
            filled += len(items)
        if len(items) < BATCH:
            return filled
