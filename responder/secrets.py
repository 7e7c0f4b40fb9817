"""Passwords that cannot leak by accident.

A :class:`Secret` prints as ``***``; its value is only reachable through :meth:`Secret.reveal`,
which the IMAP and SMTP adapters call at login. Sources are resolved lazily, so a configuration
that names an unset environment variable still validates, and the problem is reported by the
server check that needs it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from responder.errors import ConfigError

REDACTED = "***"


@dataclass(frozen=True)
class Secret:
    """A secret value that never shows itself in repr, str or logs."""

    _value: str = field(repr=False)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED})"

    def __str__(self) -> str:
        return REDACTED


@dataclass(frozen=True)
class PasswordSource:
    """Where a password comes from: exactly one of env, command, file or an inline value.

    ``key`` is the configuration path of the section (``imap``), used in error messages.
    """

    key: str
    env: str | None = None
    command: str | None = None
    file: Path | None = None
    inline: Secret | None = None
    oauth_command: str | None = None  # prints an OAuth 2 access token: log in with XOAUTH2

    @property
    def configured(self) -> bool:
        return any(v is not None for v in (self.env, self.command, self.file, self.inline, self.oauth_command))

    @property
    def xoauth2(self) -> bool:
        """Whether the secret is an OAuth 2 access token (SASL XOAUTH2) rather than a password."""
        return self.oauth_command is not None

    def describe(self) -> str:
        """Where the password comes from, without the password."""
        if self.env is not None:
            return f"environment variable {self.env}"
        if self.command is not None:
            return "password_command"
        if self.oauth_command is not None:
            return "oauth_token_command (XOAUTH2)"
        if self.file is not None:
            return f"file {self.file}"
        if self.inline is not None:
            return "inline password"
        return "no password"

    def resolve(self) -> Secret | None:
        """Read the password now; raise :class:`ConfigError` naming the key if it cannot be read."""
        if self.inline is not None:
            return self.inline
        if self.env is not None:
            value = os.environ.get(self.env)
            if value is None:
                raise ConfigError(f"{self.key}.password_env", f"environment variable {self.env} is not set")
            return Secret(value)
        if self.file is not None:
            try:
                text = self.file.read_text(encoding="utf-8")
            except OSError as exc:
                raise ConfigError(f"{self.key}.password_file", f"cannot read {self.file}: {exc.strerror}") from None
            return Secret(text.rstrip("\r\n"))
        if self.command is not None:
            return Secret(_run_password_command(self.key, self.command))
        if self.oauth_command is not None:
            # Run at every login: access tokens expire within the hour, the helper refreshes them.
            return Secret(_run_password_command(self.key, self.oauth_command, "oauth_token_command"))
        return None


def _run_password_command(key: str, command: str, name: str = "password_command") -> str:
    try:
        done = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=30, check=False)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{key}.{name}", f"cannot run: {exc}") from None
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{key}.{name}", "timed out after 30 s") from None
    if done.returncode != 0:
        # stderr may echo the secret store's prompt but never the secret itself; keep one line.
        first = (done.stderr.strip().splitlines() or ["no output"])[0][:200]
        raise ConfigError(f"{key}.{name}", f"exited with status {done.returncode}: {first}")
    return done.stdout.rstrip("\r\n")
