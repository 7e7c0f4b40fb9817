"""The IMAP adapter: a thin layer over imapclient that speaks the service's errors.

Everything that can go wrong on the wire becomes a :class:`ServerUnreachable` (the server could
not be talked to) or a :class:`LoginFailed` (it answered but refused the credentials), with the
library's exception chained as the cause. The password is revealed only as the argument of the
LOGIN command; imapclient's own debug logger already redacts that command.

One :class:`imapclient.IMAPClient` belongs to one job and one thread: imapclient is not thread-safe.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import imaplib
import logging
import ssl
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from email.parser import BytesHeaderParser
from typing import Any

import imapclient
from imapclient.exceptions import LoginError
from imapclient.imapclient import SENT  # not re-exported by the package, despite its docs (4.1.0)

from responder.adapters import net
from responder.config import ImapConfig
from responder.errors import ConfigError, LoginFailed, ServerUnreachable

log = logging.getLogger("responder.imap")

# Folder flags that mean "listed, but holds no messages".
_NOT_SELECTABLE = frozenset({b"\\NOSELECT", b"\\NONEXISTENT"})


def connect(cfg: ImapConfig) -> imapclient.IMAPClient:
    """Connect with the configured security; with ``starttls`` a server without STARTTLS is refused."""
    log.debug("connecting to %s:%s (%s)", cfg.host, cfg.port, cfg.security)
    context = net.tls_context(cfg.ca_file, "imap") if cfg.security != "none" else None
    with _network_errors(cfg, greeting=True):
        client = imapclient.IMAPClient(
            cfg.host, cfg.port, ssl=cfg.security == "tls", ssl_context=context, timeout=cfg.timeout
        )
    if cfg.security == "starttls":
        assert context is not None
        try:
            _starttls(client, cfg, context)
        except BaseException:
            _shutdown(client)
            raise
    return client


def login(client: imapclient.IMAPClient, cfg: ImapConfig) -> None:
    """Log in with the configured password, which is read now and revealed for this call only."""
    secret = cfg.password_source().resolve()  # a token is fetched anew at every login: they expire
    if secret is None:
        raise ConfigError("imap", "no password configured: add password_env, password_command or password_file")
    with _network_errors(cfg):
        try:
            if cfg.password_source().xoauth2:
                client.oauth2_login(cfg.username, secret.reveal())
            else:
                client.login(cfg.username, secret.reveal())
        except LoginError as exc:
            raise LoginFailed("imap", cfg.username, cfg.host, cfg.port, _server_text(exc)) from exc
    log.debug("logged in as %s at %s:%s", cfg.username, cfg.host, cfg.port)


def check_login(cfg: ImapConfig) -> str:
    """Connect, log in and check that every configured folder exists; describe what worked."""
    client = connect(cfg)
    try:
        login(client, cfg)
        with _network_errors(cfg):
            listed = client.list_folders()
        check_folders(cfg.folders, listed)
    finally:
        close(client)
    folders = ", ".join(cfg.folders)
    return f"logged in as {cfg.username} at {cfg.host}:{cfg.port} ({cfg.security}); folders: {folders}"


def check_folders(wanted: Sequence[str], listed: Sequence[tuple[Any, Any, Any]]) -> None:
    """Raise a ConfigError naming the first wanted folder missing from a LIST answer."""
    existing = {_folder_key(name) for flags, _sep, name in listed if not _NOT_SELECTABLE & _upper(flags)}
    for folder in wanted:
        if _folder_key(folder) not in existing:
            names = sorted(str(name) for _flags, _sep, name in listed)
            close_names = difflib.get_close_matches(folder, names, n=1)
            hint = f" (did you mean {close_names[0]!r}?)" if close_names else ""
            raise ConfigError("imap.folders", f"folder {folder!r} does not exist on the server{hint}")


def find_sent_folder(client: imapclient.IMAPClient, configured: str | None = None) -> str | None:
    """The folder that keeps the employee's sent mail, or None when the mailbox has none.

    A configured name wins but must exist: we never create folders in someone's mailbox.
    Otherwise the folder flagged ``\\Sent`` (RFC 6154 SPECIAL-USE), falling back to imapclient's
    usual names ("Sent", "Sent Items", …) for servers without SPECIAL-USE.
    """
    if configured is not None:
        listed = client.list_folders()
        existing = {_folder_key(name) for flags, _sep, name in listed if not _NOT_SELECTABLE & _upper(flags)}
        return configured if _folder_key(configured) in existing else None
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


def close(client: imapclient.IMAPClient) -> None:
    """Log out politely; a connection that is already gone is simply dropped."""
    try:
        client.logout()
    except (OSError, imaplib.IMAP4.error) as exc:
        log.debug("logout failed, closing the socket: %s", exc)
        _shutdown(client)


def _starttls(client: imapclient.IMAPClient, cfg: ImapConfig, context: ssl.SSLContext) -> None:
    """Upgrade to TLS, refusing to go on in clear: a missing STARTTLS may be a downgrade attack."""
    with _network_errors(cfg, greeting=True):
        if b"STARTTLS" not in _upper(client.capabilities()):
            raise ServerUnreachable(
                "imap", cfg.host, cfg.port, 'the server does not offer STARTTLS (use security = "tls", usually on port 993)'
            )
        client.starttls(context)


def _shutdown(client: imapclient.IMAPClient) -> None:
    try:
        client.shutdown()
    except OSError:
        pass


@contextmanager
def _network_errors(cfg: ImapConfig, greeting: bool = False) -> Iterator[None]:
    """Turn socket, TLS and dropped-connection errors into ServerUnreachable.

    Before login (``greeting``) any IMAP protocol error also means the server cannot be used.
    """
    caught: tuple[type[BaseException], ...] = (OSError, imaplib.IMAP4.error if greeting else imaplib.IMAP4.abort)
    try:
        yield
    except ServerUnreachable:
        raise
    except caught as exc:
        raise ServerUnreachable("imap", cfg.host, cfg.port, _reason(exc, cfg.timeout)) from exc


def _reason(exc: BaseException, timeout: float) -> str:
    """A short cause a person can act on, from the exception that ended the conversation."""
    known = net.network_reason(exc, timeout, "imap")
    if known is not None:
        return known
    if isinstance(exc, imaplib.IMAP4.abort) and "EOF" in str(exc):
        return "the server closed the connection"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _server_text(exc: Exception) -> str:
    """The server's own words from a LoginError (imaplib hands them over as a bytes repr)."""
    text = str(exc).strip()
    if len(text) > 2 and text[0] == "b" and text[1] in "'\"" and text[-1] == text[1]:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace").strip()
    return text or "authentication failed"


def _folder_key(name: object) -> str:
    """INBOX is case-insensitive in IMAP; every other name is compared as is."""
    text = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
    return "INBOX" if text.upper() == "INBOX" else text


def _upper(items: Sequence[Any]) -> frozenset[bytes]:
    return frozenset(i.upper() if isinstance(i, bytes) else str(i).upper().encode() for i in items)


# ---- reading a folder (the poller's side) -------------------------------------------------

FETCH_BATCH = 50  # messages per FETCH of full bodies
_ID_BATCH = 500  # messages per FETCH of Message-ID headers only
_BODY, _INTERNALDATE = b"BODY[]", b"INTERNALDATE"  # PEEK keys come back without .PEEK
_ID_FIELDS = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"


@dataclass(frozen=True)
class FolderState:
    """What SELECT (EXAMINE) said about a folder."""

    uidvalidity: int
    uidnext: int | None
    exists: int


@dataclass(frozen=True)
class Fetched:
    """One message as the server holds it: its UID, raw bytes and INTERNALDATE (aware, UTC)."""

    uid: int
    raw: bytes
    internaldate: dt.datetime | None


class ImapSource:
    """Read-only access to the folders of one mailbox: nothing is marked read, moved or flagged.

    Folders are opened with EXAMINE and bodies fetched with ``BODY.PEEK[]``, so ``\\Seen`` never
    changes. Every network failure becomes :class:`ServerUnreachable`.
    """

    def __init__(self, client: imapclient.IMAPClient, cfg: ImapConfig) -> None:
        self.client = client
        self.cfg = cfg
        client.normalise_times = False  # aware INTERNALDATEs, not local naive times
        self.opened_at = time.monotonic()
        self._open: tuple[str, FolderState] | None = None  # the folder this connection has EXAMINEd

    @classmethod
    @contextmanager
    def open(cls, cfg: ImapConfig) -> Iterator[ImapSource]:
        """Connect and log in; log out when the block ends."""
        client = connect(cfg)
        try:
            login(client, cfg)
            yield cls(client, cfg)
        finally:
            close(client)

    def select(self, folder: str) -> FolderState:
        """EXAMINE ``folder``, or only NOOP if this connection has it open already.

        Opening a folder can cost the server time in proportion to its size (measured on Dovecot
        2.3, a session opening a folder again after another one: 21 ms at 10,000 messages, 2 ms
        at 100), while NOOP on an open folder costs the same at any size (0.2 ms) and brings
        what changed since (RFC 3501 6.1.2); a connection kept for one folder between polls
        therefore polls a big folder as fast as a small one, without a login. After a NOOP,
        ``uidnext`` is None: the server does not say it, and the watermark does without it.
        A server that rebuilt its index under an open session may go on serving it the old view
        (measured on Dovecot 2.3: the old UIDVALIDITY, no new mail, and a second EXAMINE on that
        session fails): whoever keeps a connection renews it now and then (``opened_at``).
        A folder the server refuses is a configuration problem.
        """
        if self._open is not None and self._open[0] == folder:
            with _network_errors(self.cfg):
                _text, responses = self.client.noop()
            # imaplib also files every untagged answer (EXISTS, FETCH FLAGS…) until the next SELECT,
            # which a kept connection never sends: drop them, they are in ``responses``.
            self.client._imap.untagged_responses.clear()
            exists = [r[0] for r in responses if len(r) > 1 and r[1] == b"EXISTS" and isinstance(r[0], int)]
            state = replace(self._open[1], uidnext=None, exists=exists[-1] if exists else self._open[1].exists)
            self._open = (folder, state)
            return state
        self._open = None
        with _network_errors(self.cfg):
            try:
                info = self.client.select_folder(folder, readonly=True)
            except imaplib.IMAP4.abort:
                raise
            except imaplib.IMAP4.error as exc:
                raise ConfigError("imap.folders", f"cannot open folder {folder!r}: {exc}") from exc
        uidnext = info.get(b"UIDNEXT")
        state = FolderState(int(info[b"UIDVALIDITY"]), int(uidnext) if uidnext is not None else None,
                            int(info.get(b"EXISTS", 0)))
        self._open = (folder, state)
        return state

    def uids_above(self, watermark: int) -> list[int]:
        """UIDs greater than ``watermark``, ascending.

        ``UID SEARCH UID w+1:*`` always includes the highest UID, even when it is ≤ w
        (RFC 3501 ``n:*``), so the results at or below the watermark are dropped.
        """
        with _network_errors(self.cfg):
            found = self.client.search(["UID", f"{watermark + 1}:*"])
        return sorted(int(uid) for uid in found if int(uid) > watermark)

    def uids_since(self, day: dt.date) -> list[int]:
        """UIDs whose INTERNALDATE falls on ``day`` or later, as the server dates it (IMAP SINCE)."""
        with _network_errors(self.cfg):
            found = self.client.search(["SINCE", day])
        return sorted(int(uid) for uid in found)

    def fetch(self, uids: Sequence[int]) -> list[Fetched]:
        """Full raw messages with their INTERNALDATE, ascending by UID; expunged ones are missing."""
        if not uids:
            return []
        with _network_errors(self.cfg):
            data = self.client.fetch([int(u) for u in uids], [b"BODY.PEEK[]", b"INTERNALDATE"])
        fetched = []
        for uid in sorted(data):
            item = data[uid]
            raw = item.get(_BODY)
            if raw is None:
                continue
            fetched.append(Fetched(int(uid), bytes(raw), _aware(item.get(_INTERNALDATE))))
        return fetched

    def fetch_batches(self, uids: Sequence[int], size: int = FETCH_BATCH) -> Iterator[tuple[list[int], list[Fetched]]]:
        """(the UIDs asked for, what came back), ``size`` UIDs at a time."""
        for start in range(0, len(uids), size):
            chunk = list(uids[start:start + size])
            yield chunk, self.fetch(chunk)

    def sort_into_projects(self, folder: str, projects: dict[int, str], mode: str, prefix: str) -> None:
        """Mark sorted mail in the mailbox itself: a keyword per project, or a copy into a project folder.

        Off by default. Never moves, deletes or changes ``\\Seen``: STORE adds only the keyword,
        and COPY leaves the original where it was. Needs the folder read-write, briefly.
        """
        if not projects or mode == "off":
            return
        self._open = None  # opened read-write below, then EXAMINEd again: re-read on the next select
        with _network_errors(self.cfg):
            self.client.select_folder(folder, readonly=mode != "keyword")
            for project in sorted(set(projects.values())):
                uids = sorted(uid for uid, p in projects.items() if p == project)
                if mode == "keyword":
                    self.client.add_flags(uids, [f"responder-{project}".encode()], silent=True)
                else:
                    target = f"{prefix}{project}"
                    if not self.client.folder_exists(target):
                        self.client.create_folder(target)
                    self.client.copy(uids, target)
            self.client.select_folder(folder, readonly=True)

    def message_ids(self, uids: Sequence[int]) -> dict[int, str | None]:
        """UID → normalised Message-ID (None when the header is missing), headers only."""
        from responder.mail.mime import normalise_message_id

        found: dict[int, str | None] = {}
        for start in range(0, len(uids), _ID_BATCH):
            chunk = [int(u) for u in uids[start:start + _ID_BATCH]]
            with _network_errors(self.cfg):
                data = self.client.fetch(chunk, [b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
            for uid, item in data.items():
                header = BytesHeaderParser().parsebytes(bytes(item.get(_ID_FIELDS) or b""))
                value = header.get("Message-ID")
                found[int(uid)] = normalise_message_id(str(value)) if value is not None else None
        return found


def _aware(value: object) -> dt.datetime | None:
    if not isinstance(value, dt.datetime):
        return None
    if value.tzinfo is None:  # normalise_times was switched back on: local time
        value = value.astimezone()
    return value.astimezone(dt.UTC)


# ---- IMAP IDLE (the service's watchers) ---------------------------------------------------

_NEW_MAIL = frozenset({b"EXISTS", b"RECENT"})
_EARLY_EMPTY_LIMIT = 3  # empty answers well before the timeout, in a row, that mean the socket hit EOF


def supports_idle(client: imapclient.IMAPClient) -> bool:
    """Whether the server advertises IDLE (RFC 2177)."""
    return b"IDLE" in _upper(client.capabilities())


def idle_for_new_mail(client: imapclient.IMAPClient, cfg: ImapConfig, *, renew_after: float,
                      stop: Callable[[], bool], check: float = 1.0) -> bool:
    """IDLE on the selected folder; True as soon as new mail is announced (EXISTS or RECENT).

    Returns False once ``renew_after`` seconds pass or ``stop()`` says so, after leaving IDLE
    cleanly, so the caller can renew it (RFC 2177: before 29 minutes). A dropped connection
    raises :class:`ServerUnreachable`: a BYE, a socket error, or ``idle_check`` coming back
    empty long before its timeout several times in a row, which is how imapclient reports EOF
    (it would otherwise spin in a busy loop).
    """
    early = 0
    with _network_errors(cfg):
        client.idle()
        deadline = time.monotonic() + renew_after
        while not stop() and time.monotonic() < deadline:
            started = time.monotonic()
            responses = client.idle_check(timeout=check)
            if any(r and r[0] == b"BYE" for r in responses):
                raise ServerUnreachable("imap", cfg.host, cfg.port, "the server closed the connection (BYE)")
            if any(len(r) > 1 and r[1] in _NEW_MAIL for r in responses):
                client.idle_done()
                return True
            early = early + 1 if not responses and time.monotonic() - started < check / 2 else 0
            if early >= _EARLY_EMPTY_LIMIT:
                raise ServerUnreachable("imap", cfg.host, cfg.port, "the server closed the connection")
        client.idle_done()
    return False
