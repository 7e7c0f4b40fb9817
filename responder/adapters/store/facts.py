"""Storing what was judged at ingest, and finding messages whose facts must be derived again.

``responder reprocess`` walks the stored messages in id order, in batches, each committed on its
own: interrupted, it resumes where it stopped; run twice, the second run finds nothing to change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from responder.adapters.store.models import Evidence, Message, MessageFacts, MessageStatus, OutboxItem
from responder.adapters.store.rows import insert_values, table_of
from responder.judge.facts import RULES_VERSION, Facts

FACTS_TABLE = table_of(MessageFacts)


def facts_values(facts: Facts, now: dt.datetime) -> dict[str, object]:
    """The stored form of what was judged about a message (see ``judge.facts``): every column but the ids."""
    finding = facts.stonewall
    return {
        "rules_version": RULES_VERSION, "sender_role": facts.sender.role, "sender_projects": " ".join(facts.sender.projects),
        "parties": [p.as_json() for p in facts.parties.all], "robot_rule": facts.parties.robot_rule,
        "guard_rules": " ".join(facts.fired), "new_text": facts.new_text, "contact_company": facts.company[:200],
        "contact_phone": facts.phone[:64], "request": facts.request,
        "stonewall_evidence": Evidence(finding.evidence) if finding else None,
        "stonewall_sentence": finding.sentence if finding else None,
        "stonewall_rules": "; ".join(finding.rules) if finding else "", "derived_at": now,
    }


def facts_row(facts: Facts, now: dt.datetime) -> MessageFacts:
    """The same as an ORM row, for code that keeps it in the session (``reprocess``, tests)."""
    return MessageFacts(**facts_values(facts, now))


def record_facts(session: Session, message_id: int, values: dict[str, object]) -> None:
    """Store a new message's facts (from :func:`facts_values`) in the ingest's transaction."""
    insert_values(session, FACTS_TABLE, {"message_id": message_id, **values})


# The columns that say what was judged; derived_at and rules_version only say when and by which rules.
JUDGED = ("sender_role", "sender_projects", "parties", "robot_rule", "guard_rules", "new_text", "contact_company",
          "contact_phone", "request", "stonewall_evidence", "stonewall_sentence", "stonewall_rules")


def judged_values(row: MessageFacts) -> dict[str, object]:
    return {name: getattr(row, name) for name in JUDGED}


def messages_to_judge(session: Session, after_id: int, limit: int, *, missing_only: bool = False) -> Sequence[Message]:
    """Processed messages (not copies) with an id above ``after_id``, in id order, facts loaded."""
    query = (select(Message).where(Message.id > after_id, Message.status == MessageStatus.processed,
                                   Message.reply_reason.is_distinct_from("copy"))
             .order_by(Message.id).limit(limit).options(selectinload(Message.facts)))
    if missing_only:
        query = query.where(~Message.facts.has())
    return session.scalars(query).all()


def count_messages_to_judge(session: Session, *, missing_only: bool = False) -> int:
    query = select(func.count(Message.id)).where(Message.status == MessageStatus.processed,
                                                 Message.reply_reason.is_distinct_from("copy"))
    if missing_only:
        query = query.where(~Message.facts.has())
    return int(session.scalar(query) or 0)


def store_facts(session: Session, message: Message, row: MessageFacts) -> str:
    """Write ``row`` as the message's facts: "added", "changed" or "same" (then nothing is written)."""
    current = message.facts
    if current is None:
        row.message_id = message.id
        session.add(row)
        message.facts = row
        session.flush()
        return "added"
    if judged_values(current) == judged_values(row) and current.rules_version == row.rules_version:
        return "same"
    for name in (*JUDGED, "rules_version", "derived_at"):
        setattr(current, name, getattr(row, name))
    session.flush()
    return "changed"


def outbox_without_text(session: Session, limit: int) -> Sequence[OutboxItem]:
    """Queued or sent mail written before its subject and text were stored with it."""
    query = select(OutboxItem).where(OutboxItem.subject == "", OutboxItem.text == "").order_by(OutboxItem.id).limit(limit)
    return session.scalars(query).all()
