"""The parsed form of one raw message that every later stage reads (sorter, guard, detector)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from responder.mail.quoting.model import QuotedBlock

__all__ = ["Address", "Attachment", "ParsedMessage", "QuotedBlock"]


@dataclass(frozen=True, slots=True)
class Address:
    """A mailbox as written in a header; compare with `.key`, since case varies between mailers."""

    name: str
    address: str

    @property
    def key(self) -> str:
        return self.address.lower()

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2].lower() if "@" in self.address else ""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A part that is not body text; noted, never read (size is the decoded size, estimated)."""

    filename: str | None
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """Everything the pipeline needs from one message, decoded; `defects` says what was repaired."""

    message_id: str | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    from_: Address | None
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    date: datetime | None
    received_date: datetime | None
    headers: dict[str, tuple[str, ...]]
    content_type: str
    body_text: str
    body_html: str | None
    new_text: str
    quoted: tuple[QuotedBlock, ...]
    signature: str | None
    attachments: tuple[Attachment, ...]
    defects: tuple[str, ...]
    size: int

    def header(self, name: str) -> str | None:
        """First value of a header, case-insensitive, or None."""
        values = self.headers.get(name.lower())
        return values[0] if values else None
