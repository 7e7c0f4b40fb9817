"""Column types and value sets shared by the models and the migrations' conventions.

Datetimes are stored in UTC and always come back timezone-aware; enumerations are short strings
with a named CHECK constraint, so one migration gives the same schema on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, DateTime, Dialect, Enum, TypeDecorator

from responder.judge.parties import Role

__all__ = ["ADDRESS", "MESSAGE_ID", "NAMING_CONVENTION", "Evidence", "FlagKind", "MessageStatus", "OutboxKind",
           "OutboxState", "PollStatus", "Role", "UTCDateTime", "choice", "check"]


NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Lengths: RFC 5321 caps an address at 254 octets in practice (320 in theory); RFC 5322 caps a
# header line at 998 characters, which bounds a Message-ID.
ADDRESS = 320
MESSAGE_ID = 998


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored in UTC; read back as an aware UTC datetime on every backend.

    SQLite has no time zones, so the value is stored as naive UTC there; PostgreSQL stores
    ``timestamptz``. Naive datetimes are refused: they are ambiguous, and a silent guess is how
    an absence window ends up shifted by two hours.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: pass an aware datetime")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class MessageStatus(enum.StrEnum):
    """Outcome of the pipeline for one message; ``quarantined`` is never retried automatically."""

    processed = "processed"
    failed = "failed"
    quarantined = "quarantined"


class OutboxKind(enum.StrEnum):
    reply = "reply"
    handover = "handover"
    digest = "digest"
    report = "report"


class OutboxState(enum.StrEnum):
    queued = "queued"
    sending = "sending"
    sent = "sent"
    failed = "failed"


class FlagKind(enum.StrEnum):
    no_information = "no_information"
    at_risk = "at_risk"
    unanswered = "unanswered"
    angry = "angry"


class Evidence(enum.StrEnum):
    """How a "no information" statement was seen: written by the delegate, quoted, or reported."""

    authored = "authored"
    quoted = "quoted"
    reported = "reported"


class PollStatus(enum.StrEnum):
    running = "running"
    ok = "ok"
    failed = "failed"


def choice(kind: type[enum.StrEnum]) -> Enum:
    """A string column holding one of ``kind``'s values, read back as the enum member.

    The CHECK constraint is declared separately (see :func:`check`) so that its name does not
    depend on the Enum type's name and the migration can spell it out.
    """
    return Enum(
        kind,
        native_enum=False,
        create_constraint=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def check(column: str, kind: type[enum.StrEnum]) -> CheckConstraint:
    values = ", ".join(f"'{m.value}'" for m in kind)
    return CheckConstraint(f"{column} IN ({values})", name=column)
