"""Compose the auto-reply and the delegate's handover, and queue them in the outbox.

Queued in the same transaction that records the client's message: the decision and the reply
are committed together or not at all, and the outbox's unique key turns a second reply to the
same sender in the same thread during the same absence into a no-op.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from responder.adapters.store import models, queries
from responder.compose import composer
from responder.compose.composer import Composed, CompositionError, InternalText, ProjectInfo, ReplySettings
from responder.compose.templates import TemplateSet
from responder.config import Config
from responder.judge.briefs import Brief, Section
from responder.mail import mime
from responder.service import outbox

log = logging.getLogger("responder.pipeline")


@dataclass(frozen=True)
class Queued:
    """What was queued for one message: the reply (if any) and whether a handover went with it."""

    text: str | None  # the reply's text; None when there is no reply
    handover: bool
    refused: str | None = None  # when no reply was queued: the guard reason that stands for why
    raw: bytes | None = None  # the reply as queued, byte for byte (not built in "text" mode)
    recipients: tuple[str, ...] = ()  # its envelope recipients
    message_ids: tuple[str, ...] = ()  # the Message-IDs of what was queued (the reply, the handover)


class ReplyQueue:
    """Turns a decision to reply into queued outbox items; one per service, built at start."""

    def __init__(self, cfg: Config, briefs: Sequence[Brief], *, mode: str = "queue") -> None:
        """``mode`` is "queue" (the service), "show" (preview: the full message, never queued) or
        "text" (inspect: only the reply's text). A tool that promises to send nothing must not
        leave mail for the service to send."""
        if mode not in ("queue", "show", "text"):
            raise ValueError(f"unknown reply mode {mode!r}")
        self.mode = mode
        self._shown_handovers: set[int] = set()
        user_dir = cfg.templates.dir if cfg.templates.dir.is_dir() else None
        self.templates = TemplateSet(user_dir, cfg.templates.default_language)
        self.settings = ReplySettings.from_config(cfg)
        self.internal = InternalText.from_briefs(briefs)
        self.handover_enabled = cfg.reply.handover
        self.envelope_sender = outbox.envelope_sender(cfg.reply, cfg.employee.address)
        self.absence_start = cfg.absence.start
        self.handover_language = cfg.employee.language

    def queue(self, session: Session, *, message: models.Message, parsed: mime.ParsedMessage, thread: models.Thread,
              language: str | None, project: ProjectInfo | None, excerpt: Section | None,
              handover_sections: Sequence[Section], now: dt.datetime) -> Queued:
        """Compose and queue the reply to ``message``, and the delegate's handover for a new thread."""
        language = language or self.templates.default_language
        if self.mode == "text":
            try:
                text = composer.reply_text(parsed, settings=self.settings, templates=self.templates, language=language,
                                           internal=self.internal, project=project, excerpt=excerpt)
            except CompositionError:
                return Queued(None, False, "noreply")
            return Queued(text, self._would_hand_over(thread))
        try:
            reply = composer.compose_reply(parsed, settings=self.settings, templates=self.templates,
                                           language=language, now=now,
                                           internal=self.internal, project=project, excerpt=excerpt)
        except CompositionError as exc:
            log.warning("no reply composed: %s", exc, extra={"message_id": message.message_id})
            return Queued(None, False, "noreply")  # no address we can answer: as good as a no-reply sender
        if self.mode == "show":
            return Queued(reply.text, self._would_hand_over(thread), raw=reply.raw,
                          recipients=reply.recipients)
        key = models.reply_dedup_key(self.absence_start, thread.id, message.from_address)
        item = self._enqueue(session, models.OutboxKind.reply, key, reply, message, thread, now)
        if item is None:  # the outbox already holds this sender's reply in this thread
            return Queued(None, False, "rate-limited")
        handover = self._queue_handover(session, message, parsed, thread, project, excerpt, handover_sections,
                                        now) if self.handover_enabled else None
        sent = (reply.message_id, *((handover,) if handover else ()))
        return Queued(reply.text, handover is not None, raw=item.raw, recipients=reply.recipients, message_ids=sent)

    def _would_hand_over(self, thread: models.Thread) -> bool:
        """What would be queued: the handover goes with a thread's first reply."""
        handover = self.handover_enabled and thread.id not in self._shown_handovers
        self._shown_handovers.add(thread.id)
        return handover

    def _queue_handover(self, session: Session, message: models.Message, parsed: mime.ParsedMessage,
                        thread: models.Thread, project: ProjectInfo | None, excerpt: Section | None,
                        sections: Sequence[Section], now: dt.datetime) -> str | None:
        """One internal message per new client thread: the delegate gets what the client asked and the notes.

        Returns its Message-ID, or None when the thread already had its handover."""
        composed = composer.compose_handover(parsed, settings=self.settings, templates=self.templates,
                                             language=self.handover_language, now=now, thread=f"t{thread.id}",
                                             project=project, sections=sections, excerpt=excerpt)
        key = f"handover:{self.absence_start.isoformat()}:{thread.id}"
        item = self._enqueue(session, models.OutboxKind.handover, key, composed, message, thread, now)
        return composed.message_id if item is not None else None

    def _enqueue(self, session: Session, kind: models.OutboxKind, key: str, composed: Composed,
                 message: models.Message, thread: models.Thread, now: dt.datetime) -> models.OutboxItem | None:
        item = models.OutboxItem(
            kind=kind, dedup_key=key, message_id=message.id, thread_id=thread.id,
            recipient=outbox.join_recipients(composed.recipients), envelope_sender=self.envelope_sender,
            raw=composed.raw, rfc822_message_id=composed.message_id, subject=composed.subject, text=composed.text,
            state=models.OutboxState.queued, attempts=0, next_attempt_at=now, created_at=now,
        )
        return queries.enqueue_outbox(session, item)
