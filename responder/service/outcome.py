"""What goes into the pipeline and what it says it decided: the rows ``inspect`` and ``poll`` print."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from responder.adapters.store import models
from responder.mail import mime


@dataclass(frozen=True)
class Incoming:
    """A raw message and where it came from."""

    raw: bytes
    source: str
    folder: str
    uidvalidity: int | None = None
    uid: int | None = None
    delivered_at: dt.datetime | None = None  # IMAP INTERNALDATE; files use their Received header
    label: str = ""  # how to name it in output (file name, or folder/uid)


@dataclass(frozen=True)
class Outcome:
    """What was decided about one message: the fields ``inspect`` prints."""

    label: str
    message_id: str | None
    thread: str | None
    language: str | None
    project: str | None
    project_score: float
    project_reason: str
    reply: bool | None
    reply_reason: str | None
    excerpt: bool
    excerpt_reason: str | None
    section: str | None
    reply_text: str | None = None
    delegate_no_info: bool | None = None
    evidence: str | None = None
    evidence_text: str | None = None
    defects: tuple[str, ...] = ()
    error: str | None = None
    duplicate: bool = False
    reply_message: bytes | None = None  # the exact reply queued, for `preview`
    envelope: tuple[str, tuple[str, ...]] | None = None  # (MAIL FROM, RCPT TO) of that reply
    handover: bool = False
    flags: tuple[str, ...] = ()  # the flags this message raises (at_risk, no_information, angry), most severe first

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.label, "message_id": self.message_id, "thread": self.thread, "language": self.language,
            "project": self.project, "project_score": self.project_score, "project_reason": self.project_reason,
            "reply": self.reply, "reply_reason": self.reply_reason, "excerpt": self.excerpt, "section": self.section,
            "reply_text": self.reply_text, "delegate_no_info": self.delegate_no_info, "evidence": self.evidence,
            "evidence_text": self.evidence_text, "flags": list(self.flags), "defects": list(self.defects),
            **({"error": self.error} if self.error else {}),
        }


def fallback_message_id(parsed: mime.ParsedMessage | None, raw: bytes) -> str:
    """A stable stand-in for a missing Message-ID: a hash of Date, From, Subject and size."""
    if parsed is None:
        basis = raw
    else:
        sender = parsed.from_.key if parsed.from_ else ""
        basis = f"{parsed.date}|{sender}|{parsed.subject}|{len(raw)}".encode()
    return f"sha256-{hashlib.sha256(basis).hexdigest()[:32]}@responder.invalid"


def failed_outcome(incoming: Incoming, exc: Exception) -> Outcome:
    return Outcome(label=incoming.label, message_id=None, thread=None, language=None, project=None, project_score=0.0,
                   project_reason="", reply=None, reply_reason=None, excerpt=False, excerpt_reason=None, section=None,
                   error=f"{type(exc).__name__}: {exc}")


def duplicate_outcome(incoming: Incoming, known: models.Message) -> Outcome:
    return Outcome(label=incoming.label, message_id=known.message_id, thread=f"t{known.thread_id}", language=known.language,
                   project=None, project_score=0.0, project_reason="already processed", reply=None, reply_reason=None,
                   excerpt=False, excerpt_reason=None, section=None, duplicate=True)
