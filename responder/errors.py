"""One exception tree for the whole service.

Domain code raises these; only the command line turns them into a single ``error: …`` line.
A :class:`UserError` is something the person running responder can fix (exit code 2); anything
else escaping to the command line is a bug (exit code 1).
"""

from __future__ import annotations


class ResponderError(Exception):
    """Root of every error responder raises on purpose."""


class UserError(ResponderError):
    """A problem the user can fix: bad configuration, unreachable server, wrong password."""

    exit_code = 2


class ConfigError(UserError):
    """An invalid configuration value, named by its key path (``projects[2].brief``)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class ServerUnreachable(UserError, ConnectionError):
    """A server could not be reached (DNS, refused, timeout, TLS handshake)."""

    def __init__(self, server: str, host: str, port: int, reason: str) -> None:
        self.server = server
        self.host = host
        self.port = port
        self.reason = reason
        super().__init__(f"{server}: cannot connect to {host}:{port}: {reason}")


class LoginFailed(UserError):
    """The server answered but refused the credentials."""

    def __init__(self, server: str, username: str, host: str, port: int, reason: str) -> None:
        self.server = server
        self.username = username
        self.host = host
        self.port = port
        self.reason = reason
        super().__init__(f"{server}: login refused for {username!r} at {host}:{port}: {reason}")


class StorageError(UserError):
    """The database cannot be opened or migrated."""


class TemplateError(UserError):
    """A template that does not parse or render, named by file and line."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class DeliveryError(ResponderError):
    """SMTP delivery failed; ``code`` is the server's reply code when there was one."""

    def __init__(self, message: str, code: int | None = None) -> None:
        self.code = code
        super().__init__(message)


class TemporaryDeliveryError(DeliveryError):
    """Worth retrying later: 4xx replies, dropped connections, timeouts."""


class PermanentDeliveryError(DeliveryError):
    """Never retried blindly: 5xx replies."""
