"""The SMTP adapter: a thin layer over aiosmtplib that speaks the service's errors.

Connecting maps network and TLS failures to :class:`ServerUnreachable` and refused credentials
to :class:`LoginFailed`. :func:`classify` sorts a failed delivery into temporary (retry later)
and permanent (record and stop), from the server's reply code. STARTTLS is never opportunistic:
``security = "starttls"`` fails when the server does not offer it, as a downgrade would go unseen.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import aiosmtplib

from responder.adapters import net
from responder.config import SmtpConfig
from responder.errors import (
    ConfigError,
    LoginFailed,
    PermanentDeliveryError,
    ServerUnreachable,
    TemporaryDeliveryError,
)

log = logging.getLogger("responder.smtp")

async def open_connection(cfg: SmtpConfig) -> aiosmtplib.SMTP:
    """Connect with the configured security and log in when a username is configured."""
    log.debug("connecting to %s:%s (%s)", cfg.host, cfg.port, cfg.security)
    client = aiosmtplib.SMTP(
        hostname=cfg.host,
        port=cfg.port,
        timeout=cfg.timeout,
        use_tls=cfg.security == "tls",
        start_tls=cfg.security == "starttls",  # False, not aiosmtplib's default None (opportunistic)
        tls_context=net.tls_context(cfg.ca_file, "smtp") if cfg.security != "none" else None,
    )
    try:
        await client.connect()
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise ServerUnreachable("smtp", cfg.host, cfg.port, _reason(exc, cfg.timeout)) from exc
    if cfg.username is not None:
        try:
            await _login(client, cfg, cfg.username)
        except BaseException:
            client.close()
            raise
    return client


def check_login(cfg: SmtpConfig) -> str:
    """Connect (and log in when configured), then say politely goodbye; describe what worked."""
    return asyncio.run(_check_login(cfg))


def classify(exc: Exception) -> TemporaryDeliveryError | PermanentDeliveryError:
    """Sort a failed delivery: 4xx replies and lost connections are worth retrying, 5xx are not.

    Returns the error for the caller to raise (``raise classify(exc) from exc``). Anything that
    is neither a reply code nor a network problem is permanent: retrying a bug does not fix it.
    """
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        return _classify_recipients(exc)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return _by_code(exc.code, f"{exc.code} {exc.message}")
    if isinstance(exc, LoginFailed):  # 454 is a temporary AUTH failure, 535 a permanent one
        code = getattr(exc.__cause__, "code", None)
        return _by_code(code, str(exc)) if isinstance(code, int) else PermanentDeliveryError(str(exc))
    if isinstance(exc, OSError):  # also lost connections and timeouts, aiosmtplib's included
        return TemporaryDeliveryError(str(exc) or type(exc).__name__)
    return PermanentDeliveryError(str(exc) or type(exc).__name__)


async def _check_login(cfg: SmtpConfig) -> str:
    client = await open_connection(cfg)
    await _quit(client)
    where = f"{cfg.host}:{cfg.port}"
    if cfg.username is None:
        return f"connected to {where} ({cfg.security}; no authentication configured)"
    return f"logged in as {cfg.username} at {where} ({cfg.security})"


async def _login(client: aiosmtplib.SMTP, cfg: SmtpConfig, username: str) -> None:
    """AUTH with the password read now and revealed for this call only (never stored on the client)."""
    secret = cfg.password_source().resolve()
    if secret is None:
        raise ConfigError("smtp", "smtp.username is set but no password: add password_env, password_command or password_file")
    try:
        if cfg.password_source().xoauth2:
            await client.auth_xoauth2(username, secret.reveal())
        else:
            await client.login(username, secret.reveal())
    except aiosmtplib.SMTPResponseException as exc:
        raise LoginFailed("smtp", username, cfg.host, cfg.port, f"{exc.code} {exc.message}") from exc
    except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError, OSError) as exc:
        raise ServerUnreachable("smtp", cfg.host, cfg.port, _reason(exc, cfg.timeout)) from exc
    except aiosmtplib.SMTPException as exc:
        # No AUTH offered, or no mechanism in common: the server cannot check these credentials.
        raise LoginFailed("smtp", username, cfg.host, cfg.port, str(exc)) from exc
    log.debug("logged in as %s at %s:%s", username, cfg.host, cfg.port)


async def _quit(client: aiosmtplib.SMTP) -> None:
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError) as exc:
        log.debug("QUIT failed, closing the connection: %s", exc)
        client.close()


def _classify_recipients(exc: aiosmtplib.SMTPRecipientsRefused) -> TemporaryDeliveryError | PermanentDeliveryError:
    """Every recipient refused: permanent only if every refusal was permanent."""
    refusals = exc.recipients
    text = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in refusals)
    temporary = [r.code for r in refusals if r.code < 500]
    if temporary or not refusals:
        return TemporaryDeliveryError(text or str(exc), temporary[0] if temporary else None)
    return PermanentDeliveryError(text, refusals[0].code)


def _by_code(code: int, text: str) -> TemporaryDeliveryError | PermanentDeliveryError:
    if 500 <= code < 600:
        return PermanentDeliveryError(text, code)
    return TemporaryDeliveryError(text, code)


def _reason(exc: BaseException, timeout: float) -> str:
    """A short cause a person can act on; aiosmtplib wraps the socket error, so look at the causes too."""
    known = net.network_reason(exc, timeout, "smtp")
    if known is not None:
        return known
    if any(isinstance(c, (asyncio.TimeoutError, aiosmtplib.SMTPTimeoutError)) for c in net.causes(exc)):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, aiosmtplib.SMTPException) and "STARTTLS extension not supported" in str(exc):
        return 'the server does not offer STARTTLS (use security = "tls", usually on port 465)'
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return f"{exc.code} {exc.message}"
    return str(exc) or type(exc).__name__


# ---- sending (used by responder.outbox) ---------------------------------------------------

# aiosmtplib raises on any reply to DATA but 250, so a message it returns from was answered 250.
ACCEPTED = 250


@dataclass(frozen=True)
class Accepted:
    """The server took the message; ``refused`` maps recipients it turned down to its answer."""

    code: int
    response: str
    refused: Mapping[str, str] = field(default_factory=dict)


class SmtpTransport:
    """One aiosmtplib connection per delivery run, reopened only if the server dropped it.

    Raises what aiosmtplib raises (sort it with :func:`classify`), and :class:`ServerUnreachable`
    or :class:`LoginFailed` when (re)connecting fails.
    """

    def __init__(self, cfg: SmtpConfig) -> None:
        self._cfg = cfg
        self._client: aiosmtplib.SMTP | None = None

    async def open(self) -> None:
        if self._client is None or not self._client.is_connected:
            self._client = await open_connection(self._cfg)

    async def send(self, sender: str, recipients: Sequence[str], raw: bytes) -> Accepted:
        """Send ``raw`` unchanged; ``sender=''`` goes out as ``MAIL FROM:<>`` (measured, aiosmtplib 5.1.3)."""
        await self.open()
        assert self._client is not None
        options = await _body_options(self._client, raw)
        refused, text = await self._client.sendmail(sender, list(recipients), raw, mail_options=options)
        return Accepted(ACCEPTED, text, {rcpt: f"{r.code} {r.message}" for rcpt, r in refused.items()})

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and client.is_connected:
            await _quit(client)


async def _body_options(client: aiosmtplib.SMTP, raw: bytes) -> list[str]:
    """Declare 8-bit content (RFC 6152) when the message has some and the server takes it."""
    if raw.isascii():
        return []
    if client.is_ehlo_or_helo_needed:
        await client.ehlo()
    return ["BODY=8BITMIME"] if client.supports_extension("8bitmime") else []
