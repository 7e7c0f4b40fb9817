"""What the IMAP and SMTP adapters share: the TLS context and readable network failure reasons."""

from __future__ import annotations

import socket
import ssl
from pathlib import Path

from responder.errors import ConfigError

# OpenSSL verify codes meaning "signed by a CA you do not know": the usual private-CA case.
_UNKNOWN_ISSUER_CODES = frozenset({18, 19, 20, 21})


def tls_context(ca_file: Path | None, section: str) -> ssl.SSLContext:
    """The system's trusted CAs, plus a private one when configured; hostnames are always checked.

    ``ssl.create_default_context(cafile=…)`` would load only that file and drop the system CAs,
    so the private CA is added to the default context instead.
    """
    context = ssl.create_default_context()
    if ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"{section}.ca_file", f"cannot load {ca_file}: {exc.strerror or exc}") from exc
    return context


def causes(exc: BaseException) -> list[BaseException]:
    """The exception and its chain of causes, outermost first (libraries wrap socket errors)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def network_reason(exc: BaseException, timeout: float, section: str) -> str | None:
    """A short cause a person can act on for a TLS, DNS, refused or timed-out connection, else None."""
    chain = causes(exc)
    for cause in chain:
        if isinstance(cause, ssl.SSLCertVerificationError):
            hint = f" (set {section}.ca_file if the server uses a private certificate authority)"
            return f"TLS certificate not trusted: {cause.verify_message}" + (hint if cause.verify_code in _UNKNOWN_ISSUER_CODES else "")
        if isinstance(cause, ssl.SSLError):
            return f"TLS handshake failed: {(cause.reason or str(cause)).replace('_', ' ').lower()}"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return f"cannot resolve the host name ({cause.strerror})"
    if any(isinstance(c, TimeoutError) for c in chain):
        return f"timed out after {timeout:g} s"
    return None
