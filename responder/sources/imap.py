"""The IMAP adapter: a thin layer over imapclient that speaks the service's errors.

Everything that can go wrong on the wire becomes a :class:`ServerUnreachable` (the server could
not be talked to) or a :class:`LoginFailed` (it answered but refused the credentials), with the
library's exception chained as the cause. The password is revealed only as the argument of the
LOGIN command; imapclient's own debug logger already redacts that command.

One :class:`imapclient.IMAPClient` belongs to one job and one thread: imapclient is not thread-safe.
"""

from __future__ import annotations

import ast
import difflib
import imaplib
import logging
import ssl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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
    secret = cfg.password_source().resolve()
    if secret is None:
        raise ConfigError("imap", "no password configured: add password_env, password_command or password_file")
    with _network_errors(cfg):
        try:
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
