"""What every command shares: the --config option, the group's options, and error handling.

Errors the user can fix (bad config, unreachable server, wrong password) print one
``error: …`` line and exit 2; anything else is a bug and exits 1 (``--debug`` shows the traceback).
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from responder import logs
from responder.cli import commands
from responder.config import Config
from responder.errors import ResponderError, UserError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_BUG, EXIT_USER = 0, 1, 2
log = logging.getLogger("responder.cli")

config_option = click.option(
    "--config",
    "config_path",
    envvar="RESPONDER_CONFIG",
    default="responder.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Configuration file (TOML). Also read from $RESPONDER_CONFIG. See config.example.toml.",
)


class Context:
    """Options of the top-level group, passed down to every command."""

    def __init__(self, debug: bool, log_format: str | None, log_level: str | None) -> None:
        self.debug = debug
        self.log_format = log_format
        self.log_level = log_level

    def load(self, path: str, *, service: bool = False) -> Config:
        """Load the configuration and set up logging.

        One-shot commands print their own results and log only warnings unless asked; the
        long-running service logs at the configured level.
        """
        cfg = commands.load_config(path)
        level = self.log_level or (cfg.logging.level if service else "warning")
        logs.setup(level, self.log_format or cfg.logging.format)
        return cfg


def handle_errors(func: F) -> F:
    """Turn a ResponderError into one line and exit 2; a bug into one line and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context().find_object(Context)
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ResponderError as exc:
            if ctx is not None and ctx.debug:
                raise
            fail(str(exc), EXIT_USER if isinstance(exc, UserError) else EXIT_BUG)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if ctx is not None and ctx.debug:
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", EXIT_BUG)

    return wrapper  # type: ignore[return-value]


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)
