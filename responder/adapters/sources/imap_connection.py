"""Talking to an IMAP server at all: connect, log in, check the folders, log out.

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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import imapclient
from imapclient.exceptions import LoginError

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
    with network_errors(cfg, greeting=True):
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
    with network_errors(cfg):
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
        with network_errors(cfg):
            listed = client.list_folders()
        check_folders(cfg.folders, listed)
    finally:
        close(client)
    folders = ", ".join(cfg.folders)
    return f"logged in as {cfg.username} at {cfg.host}:{cfg.port} ({cfg.security}); folders: {folders}"


def latest_headers(cfg: ImapConfig, name: bytes, limit: int = 20) -> list[list[str]]:
    """The values of header ``name`` on the latest ``limit`` messages of the first folder, read-only
    (EXAMINE and BODY.PEEK: nothing is marked read); one list per message, in the header's order."""
    from email.parser import BytesHeaderParser

    client = connect(cfg)
    try:
        login(client, cfg)
        with network_errors(cfg):
            client.select_folder(cfg.folders[0], readonly=True)
            uids = sorted(client.search("ALL"))[-limit:]
            fetched = client.fetch(uids, [b"BODY.PEEK[HEADER.FIELDS (" + name + b")]"]) if uids else {}
    finally:
        close(client)
    parser = BytesHeaderParser()
    values: list[list[str]] = []
    for uid in uids:
        data = fetched.get(uid, {})
        raw = next((v for k, v in data.items() if k.startswith(b"BODY[HEADER.FIELDS")), b"")
        values.append([str(v) for v in parser.parsebytes(raw or b"").get_all(name.decode(), [])])
    return values


def check_folders(wanted: Sequence[str], listed: Sequence[tuple[Any, Any, Any]]) -> None:
    """Raise a ConfigError naming the first wanted folder missing from a LIST answer."""
    existing = selectable_folders(listed)
    for folder in wanted:
        if folder_key(folder) not in existing:
            names = sorted(str(name) for _flags, _sep, name in listed)
            close_names = difflib.get_close_matches(folder, names, n=1)
            hint = f" (did you mean {close_names[0]!r}?)" if close_names else ""
            raise ConfigError("imap.folders", f"folder {folder!r} does not exist on the server{hint}")


def selectable_folders(listed: Sequence[tuple[Any, Any, Any]]) -> set[str]:
    """The names, compared as IMAP compares them, of the folders in a LIST answer that can hold mail."""
    return {folder_key(name) for flags, _sep, name in listed if not _NOT_SELECTABLE & upper_bytes(flags)}


def close(client: imapclient.IMAPClient) -> None:
    """Log out politely; a connection that is already gone is simply dropped."""
    try:
        client.logout()
    except (OSError, imaplib.IMAP4.error) as exc:
        log.debug("logout failed, closing the socket: %s", exc)
        _shutdown(client)


def _starttls(client: imapclient.IMAPClient, cfg: ImapConfig, context: ssl.SSLContext) -> None:
    """Upgrade to TLS, refusing to go on in clear: a missing STARTTLS may be a downgrade attack."""
    with network_errors(cfg, greeting=True):
        if b"STARTTLS" not in upper_bytes(client.capabilities()):
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
def network_errors(cfg: ImapConfig, greeting: bool = False) -> Iterator[None]:
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


def folder_key(name: object) -> str:
    """INBOX is case-insensitive in IMAP; every other name is compared as is."""
    text = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
    return "INBOX" if text.upper() == "INBOX" else text


def upper_bytes(items: Sequence[Any]) -> frozenset[bytes]:
    """Flags and capabilities, upper-cased bytes: servers spell them in either case."""
    return frozenset(i.upper() if isinstance(i, bytes) else str(i).upper().encode() for i in items)
