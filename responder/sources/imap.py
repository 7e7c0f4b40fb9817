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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from typing import Any

import imapclient
from imapclient.exceptions import LoginError
from imapclient.imapclient import SENT  # not re-exported by the package, despite its docs (4.1.0)

from responder import net
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


def append_to_sent(
    client: imapclient.IMAPClient, raw: bytes, folder: str | None = None, *, message_id: str | None = None
) -> str | None:
    """APPEND ``raw`` to the Sent folder marked ``\\Seen``; return the folder used, None if there is none.

    With ``message_id`` (angle brackets optional) the folder is searched first and a message
    already there is not appended again: the outbox records the APPEND in a later transaction,
    and a crash in between must not leave two copies in the employee's Sent folder.
    """
    target = folder if folder is not None else find_sent_folder(client)
    if target is None:
        return None
    if message_id is not None and _holds_message_id(client, target, message_id):
        log.debug("%s already holds %s; not appended again", target, message_id)
        return target
    client.append(target, raw, flags=(imapclient.SEEN,))
    return target


def _holds_message_id(client: imapclient.IMAPClient, folder: str, message_id: str) -> bool:
    """Whether ``folder`` holds a message with this Message-ID (read-only: EXAMINE, not SELECT).

    HEADER search is a substring match, so the brackets are included to keep one id from
    matching a longer one.
    """
    client.select_folder(folder, readonly=True)
    try:
        return bool(client.search(["HEADER", "Message-ID", f"<{message_id.strip().strip('<>')}>"]))
    finally:
        client.close_folder()  # CLOSE after EXAMINE expunges nothing (RFC 3501 6.4.2)


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

    def save(self, copies: Sequence[tuple[int, bytes, str]], saved: Callable[[int], None]) -> list[int] | None:
        """APPEND each (outbox id, raw, Message-ID) not already there, calling ``saved(id)`` after each.

        Returns the ids saved, or None when the mailbox has no such folder. A copy that fails is
        logged and skipped: the others still go, and the caller tries it again later.
        """
        client = connect(self._cfg)
        try:
            login(client, self._cfg)
            target = find_sent_folder(client, self._folder)
            if target is None:
                return None
            return [item_id for item_id, raw, mid in copies if _save_copy(client, target, item_id, raw, mid, saved)]
        finally:
            close(client)


def _save_copy(client: imapclient.IMAPClient, target: str, item_id: int, raw: bytes, mid: str, saved: Callable[[int], None]) -> bool:
    context = {"outbox_id": item_id, "message_id": mid, "folder": target}
    try:
        append_to_sent(client, raw, target, message_id=mid)
        saved(item_id)
    except Exception as exc:  # noqa: BLE001 - one copy that fails must not stop the others
        log.warning("copy not saved, the next run tries again: %s", exc, extra=context)
        return False
    log.info("copy saved in the Sent folder", extra=context)
    return True


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
        """EXAMINE ``folder``; a folder the server refuses is a configuration problem."""
        with _network_errors(self.cfg):
            try:
                info = self.client.select_folder(folder, readonly=True)
            except imaplib.IMAP4.abort:
                raise
            except imaplib.IMAP4.error as exc:
                raise ConfigError("imap.folders", f"cannot open folder {folder!r}: {exc}") from exc
        uidnext = info.get(b"UIDNEXT")
        return FolderState(int(info[b"UIDVALIDITY"]), int(uidnext) if uidnext is not None else None,
                           int(info.get(b"EXISTS", 0)))

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
        from responder.mime import normalise_message_id

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
