"""Filing copies of sent mail in the employee's Sent folder, never twice."""

from __future__ import annotations

import imaplib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import imapclient
from imapclient.imapclient import SENT  # not re-exported by the package, despite its docs (4.1.0)

from responder.adapters.sources.imap_connection import close, connect, folder_key, login, selectable_folders
from responder.config import ImapConfig

log = logging.getLogger("responder.imap")


def find_sent_folder(client: imapclient.IMAPClient, configured: str | None = None) -> str | None:
    """The folder that keeps the employee's sent mail, or None when the mailbox has none.

    A configured name wins but must exist: we never create folders in someone's mailbox.
    Otherwise the folder flagged ``\\Sent`` (RFC 6154 SPECIAL-USE), falling back to imapclient's
    usual names ("Sent", "Sent Items", …) for servers without SPECIAL-USE.
    """
    if configured is not None:
        existing = selectable_folders(client.list_folders())
        return configured if folder_key(configured) in existing else None
    found = client.find_special_folder(SENT)
    return None if found is None else str(found)


@dataclass(frozen=True)
class SentCopy:
    """One copy to file in the Sent folder.

    ``check``: search the folder for the Message-ID before appending. Needed whenever an earlier
    APPEND of this copy may have reached the server without being recorded (a crash, a dropped
    connection, another process); not needed for a copy this process has just sent and never
    tried to append, which saves a folder search per copy.
    """

    id: int
    raw: bytes
    message_id: str
    check: bool = True


class SentFolder:
    """The employee's Sent folder, where the outbox files copies of what it sent in their name.

    ``folder`` is a configured name, else the folder flagged ``\\Sent``. Each :meth:`save` uses
    one connection and looks the folder up once.
    """

    def __init__(self, cfg: ImapConfig, folder: str | None = None) -> None:
        self._cfg = cfg
        self._folder = folder

    @property
    def wanted(self) -> str:
        """The folder looked for, as a person would describe it."""
        return repr(self._folder) if self._folder else "flagged \\Sent"

    def save(self, batches: Iterable[Sequence[SentCopy]], saved: Callable[[Sequence[int]], None]) -> list[int] | None:
        """APPEND each copy not already there, batch by batch, calling ``saved(ids)`` once per batch.

        Returns the ids saved, or None when the mailbox has no such folder. A batch goes in one
        MULTIAPPEND (RFC 3502) when the server offers it; if the server refuses it, or does not
        offer it, the copies go one APPEND at a time, and a copy that fails is logged and
        skipped: the others still go, and the caller tries it again later. ``batches`` is read
        lazily, so the caller can stop producing them (it sees ``saved`` calls) and memory holds
        one batch at a time.
        """
        client = connect(self._cfg)
        try:
            login(client, self._cfg)
            target = find_sent_folder(client, self._folder)
            if target is None:
                return None
            done: list[int] = []
            for batch in batches:
                ids = _save_batch(client, target, batch)
                if ids:
                    saved(ids)
                    done += ids
                    message_ids = {c.id: c.message_id for c in batch}
                    for item_id in ids:
                        log.info("copy saved in the Sent folder",
                                 extra={"outbox_id": item_id, "message_id": message_ids[item_id], "folder": target})
            return done
        finally:
            close(client)


def _save_batch(client: imapclient.IMAPClient, target: str, batch: Sequence[SentCopy]) -> list[int]:
    """The ids of ``batch`` now in ``target``: those found there already, then those appended."""
    checked = [c for c in batch if c.check]
    present = _present_message_ids(client, target, [c.message_id for c in checked]) if checked else set()
    for copy in checked:
        if _bare_id(copy.message_id) in present:
            log.debug("%s already holds %s; not appended again", target, copy.message_id)
    missing = [c for c in batch if not (c.check and _bare_id(c.message_id) in present)]
    appended: list[int] = []
    if len(missing) > 1 and client.has_capability("MULTIAPPEND"):
        try:
            client.multiappend(target, [{"msg": c.raw, "flags": (imapclient.SEEN,)} for c in missing])
            appended, missing = [c.id for c in missing], []
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error as exc:  # refused as a whole: one copy may be at fault, try each
            log.warning("MULTIAPPEND refused, appending one at a time: %s", exc, extra={"folder": target})
    for copy in missing:
        context = {"outbox_id": copy.id, "message_id": copy.message_id, "folder": target}
        try:
            client.append(target, copy.raw, flags=(imapclient.SEEN,))
        except imaplib.IMAP4.abort:
            raise  # the connection is gone: the next run tries again, searching first
        except Exception as exc:  # noqa: BLE001 - one copy that fails must not stop the others
            log.warning("copy not saved, the next run tries again: %s", exc, extra=context)
            continue
        appended.append(copy.id)
    return [c.id for c in batch if c.check and _bare_id(c.message_id) in present] + appended


def _bare_id(message_id: str) -> str:
    return message_id.strip().strip("<>")


def _present_message_ids(client: imapclient.IMAPClient, folder: str, message_ids: Sequence[str]) -> set[str]:
    """Which of ``message_ids`` (bare) ``folder`` holds: one EXAMINE, one SEARCH per id, one CLOSE.

    HEADER search is a substring match, so the brackets are included to keep one id from
    matching a longer one. EXAMINE, not SELECT: read-only.
    """
    client.select_folder(folder, readonly=True)
    try:
        return {_bare_id(mid) for mid in message_ids
                if client.search(["HEADER", "Message-ID", f"<{_bare_id(mid)}>"])}
    finally:
        client.close_folder()  # CLOSE after EXAMINE expunges nothing (RFC 3501 6.4.2)
