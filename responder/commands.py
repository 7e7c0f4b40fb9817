"""One plain function per command: they take values, return data, and never print.

The command line (:mod:`responder.cli`) parses arguments, calls these and prints the result;
tests and the scheduler call them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from responder import config as config_module
from responder.config import Config
from responder.errors import UserError


@dataclass(frozen=True)
class CheckLine:
    """The outcome of checking one part of the set-up."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class CheckReport:
    lines: tuple[CheckLine, ...]

    @property
    def ok(self) -> bool:
        return all(line.ok for line in self.lines)


def load_config(path: str | Path) -> Config:
    """Load and validate the configuration; a problem raises one ConfigError line."""
    return config_module.load(path)


def describe_config(cfg: Config) -> str:
    absence = cfg.absence
    projects = ", ".join(p.id for p in cfg.projects) or "none"
    return (
        f"{cfg.path}: absence {absence.start} to {absence.end} ({absence.timezone}), "
        f"delegate {cfg.delegate.address}, projects: {projects}"
    )


def check(cfg: Config) -> CheckReport:
    """Check each server the service needs, one line each, without stopping at the first failure."""
    from responder import smtp
    from responder.sources import imap
    from responder.store import db

    probes: list[tuple[str, Callable[[], str]]] = [
        ("imap", lambda: imap.check_login(cfg.imap)),
        ("smtp", lambda: smtp.check_login(cfg.smtp)),
        ("storage", lambda: db.check(storage_url(cfg))),
    ]
    lines = [CheckLine("config", True, describe_config(cfg))]
    for name, probe in probes:
        try:
            lines.append(CheckLine(name, True, probe()))
        except UserError as exc:
            lines.append(CheckLine(name, False, _without_prefix(str(exc), name)))
    return CheckReport(tuple(lines))


def db_upgrade(cfg: Config) -> tuple[str, list[str]]:
    """Bring the database schema to the latest revision; return the URL shown and revisions applied."""
    from responder.store import db

    url = storage_url(cfg)
    return db.display_url(url), db.upgrade(url)


def storage_url(cfg: Config) -> str:
    from responder.store import db

    return db.resolve_url(cfg.storage.url, cfg.folder)


def _without_prefix(message: str, name: str) -> str:
    """``imap: cannot connect …`` reads better as ``imap: failed: cannot connect …``."""
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message
