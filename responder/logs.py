"""Logging an admin can read: one line per event, text or JSON, secrets masked.

Subsystems log through ``responder.<subsystem>`` loggers (``responder.imap``,
``responder.pipeline``, ``responder.outbox``, ``responder.scheduler``) and pass their
correlation keys (folder, uid, message_id, outbox_id) in ``extra``; both formats show them.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import IO

# Keys callers attach through ``extra=`` that both formatters print.
# Not "thread": LogRecord already has that attribute (the OS thread id) and refuses it in extra.
CONTEXT_KEYS = ("source", "folder", "uid", "message_id", "thread_label", "project", "outbox_id", "attempt")

# IMAP LOGIN / AUTHENTICATE and SMTP AUTH payloads, should a library log them at debug level.
_SECRET_PATTERNS = (
    re.compile(r"(\bLOGIN\s+\S+\s+)(\S+)", re.IGNORECASE),
    re.compile(r"(\bAUTH(?:ENTICATE)?\s+(?:PLAIN|LOGIN|XOAUTH2)\s+)(\S+)", re.IGNORECASE),
    re.compile(r"(password[\"']?\s*[:=]\s*[\"']?)([^\"'\s,]+)", re.IGNORECASE),
)


def mask_secrets(text: str) -> str:
    """Replace anything that looks like a credential in ``text`` with ``***``."""
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(r"\1***", text)
    return text


class SecretMaskingFilter(logging.Filter):
    """Masks credentials in every record, whatever library emitted it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def _context(record: logging.LogRecord) -> dict[str, object]:
    return {key: getattr(record, key) for key in CONTEXT_KEYS if getattr(record, key, None) is not None}


class TextFormatter(logging.Formatter):
    """``2026-07-06 09:12:03 INFO responder.pipeline: replied folder=INBOX uid=42``."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        context = " ".join(f"{k}={v}" for k, v in _context(record).items())
        line = f"{when} {record.levelname} {record.name}: {record.getMessage()}"
        if context:
            line += f" [{context}]"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line with the same fields as the text format."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_context(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup(level: str = "info", fmt: str = "text", stream: IO[str] | None = None) -> None:
    """Configure the ``responder`` logger tree (and the libraries' warnings) once per process."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(SecretMaskingFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_responder", False)]:
        root.removeHandler(old)
    handler._responder = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("responder").setLevel(level.upper())
    # imapclient logs every command at DEBUG, including LOGIN; keep it quiet unless asked for.
    for library in ("imapclient",):
        logging.getLogger(library).setLevel(logging.DEBUG if level == "debug" else logging.WARNING)
