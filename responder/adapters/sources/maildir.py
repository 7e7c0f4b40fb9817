"""A local Maildir as a mail source: for servers with local delivery, and for the demo.

Nothing is moved, renamed or flagged: the employee's own client owns the Maildir. A message is
known by its Maildir unique name (the file name before ":2,"), which survives the client moving
it from new/ to cur/ and changing its flags. That name is turned into a stable 62-bit number so
the same store key (source, folder, uidvalidity, uid) that IMAP uses also dedupes Maildir mail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAILDIR_UIDVALIDITY = 1


@dataclass(frozen=True)
class MaildirMessage:
    key: str  # the Maildir unique name
    uid: int  # stable number derived from the key
    raw: bytes
    delivered_at: dt.datetime  # the file's modification time: when it was delivered


def key_of(filename: str) -> str:
    """The unique part of a Maildir file name (flags after ":2," or "!2," stripped)."""
    for separator in (":2,", "!2,"):
        if separator in filename:
            return filename.split(separator, 1)[0]
    return filename


def uid_of(key: str) -> int:
    """A stable positive 62-bit number for a unique name (fits the store's BIGINT UID column)."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()[:8], "big") >> 2


def is_maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def scan(path: Path) -> Iterator[MaildirMessage]:
    """Every message in new/ and cur/, oldest delivery first; files that vanish meanwhile are skipped."""
    entries: list[tuple[float, str, Path]] = []
    for sub in ("new", "cur"):
        folder = path / sub
        if not folder.is_dir():
            continue
        for file in folder.iterdir():
            if file.name.startswith("."):
                continue
            try:
                entries.append((file.stat().st_mtime, file.name, file))
            except FileNotFoundError:  # moved by the mail client between listing and stat
                continue
    for mtime, name, file in sorted(entries):
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            continue
        key = key_of(name)
        yield MaildirMessage(key, uid_of(key), raw, dt.datetime.fromtimestamp(mtime, dt.UTC))
