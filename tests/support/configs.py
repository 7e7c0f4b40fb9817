"""Configuration files for tests, pointing at the test servers.

``write_config(tmp_path, imap=imap_settings(dovecot), smtp=smtp_settings(smtp_server))``
writes a complete, valid ``responder.toml`` (chmod 600, as an inline password requires) with
one project and its brief, ready for ``responder check --config``. Any section can be
overridden: a table is merged key by key, ``projects`` is replaced, and ``None`` removes a
section or a key. :func:`imap_config` and :func:`smtp_config` give the same settings as the
schema's dataclasses, for tests of the IMAP and SMTP adapters alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from responder.config import ImapConfig, SmtpConfig
from support.dovecot import DovecotServer
from support.smtpd import SmtpServer

CONFIG_NAME = "responder.toml"
TEST_TIMEOUT = 5.0

DEFAULT_SECTIONS: dict[str, Any] = {
    "employee": {"name": "Claire Martin", "address": "claire@example.com", "aliases": ["c.martin@example.com"]},
    "delegate": {"name": "Paul Durand", "address": "paul@example.com", "phone": "+33 1 23 45 67 89", "role": "project lead"},
    "absence": {"start": dt.date(2026, 7, 6), "end": dt.date(2026, 7, 24), "timezone": "Europe/Paris"},
    "projects": [
        {
            "id": "atlas",
            "name": "Atlas",
            "brief": "briefs/atlas.md",
            "clients": ["@acme.example"],
            "keywords": ["atlas", "migration"],
        }
    ],
    "storage": {"url": "sqlite:///responder.db"},
}

BRIEF_TEXT = """\
# {name}

## Status
The migration is on schedule; the next delivery is planned for the end of the month.

## Contacts (internal)
Only for the delegate: escalate to the CTO if the client mentions penalties.
"""


def imap_settings(
    server: DovecotServer, *, security: str = "tls", user: str = "employee", password: str | None = None, **extra: Any
) -> dict[str, Any]:
    """The [imap] table for ``user`` on the test Dovecot, with the test CA when TLS is used."""
    table: dict[str, Any] = {
        "host": server.host,
        "port": server.tls_port if security == "tls" else server.port,
        "security": security,
        "username": user,
        "password": server.password(user) if password is None else password,
        "folders": ["INBOX"],
        "timeout": TEST_TIMEOUT,
    }
    if security != "none":
        table["ca_file"] = str(server.ca_file)
    return table | extra


def smtp_settings(
    server: SmtpServer, *, security: str = "starttls", login: bool = True, password: str | None = None, **extra: Any
) -> dict[str, Any]:
    """The [smtp] table for the test SMTP server; ``login=False`` leaves authentication out."""
    ports = {"tls": server.tls_port, "starttls": server.starttls_port, "none": server.port}
    table: dict[str, Any] = {"host": server.host, "port": ports[security], "security": security, "timeout": TEST_TIMEOUT}
    if login:
        table["username"] = server.username
        table["password"] = server.password if password is None else password
    if security != "none":
        table["ca_file"] = str(server.ca_file)
    return table | extra


def imap_config(server: DovecotServer, **settings: Any) -> ImapConfig:
    """The [imap] section as the loaded configuration would give it, for adapter tests."""
    return ImapConfig(**_typed(imap_settings(server, **settings)))


def smtp_config(server: SmtpServer, **settings: Any) -> SmtpConfig:
    """The [smtp] section as the loaded configuration would give it, for adapter tests."""
    return SmtpConfig(**_typed(smtp_settings(server, **settings)))


def write_config(folder: Path, *, imap: Mapping[str, Any], smtp: Mapping[str, Any], **overrides: Any) -> Path:
    """Write a valid configuration (and the briefs it names) into ``folder``; return its path."""
    sections = _merge({**DEFAULT_SECTIONS, "imap": dict(imap), "smtp": dict(smtp)}, overrides)
    for project in sections.get("projects", []):
        _write_brief(folder, project)
    path = folder / CONFIG_NAME
    path.write_text(to_toml(sections), encoding="utf-8")
    path.chmod(0o600)
    return path


def to_toml(sections: Mapping[str, Any]) -> str:
    """Serialise the sections; paths become strings."""
    return tomli_w.dumps({name: _plain(value) for name, value in sections.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return str(value) if isinstance(value, Path) else value


def _typed(table: dict[str, Any]) -> dict[str, Any]:
    """TOML-shaped values to the schema's Python types (what config.load would produce)."""
    typed = dict(table)
    if "folders" in typed:
        typed["folders"] = tuple(typed["folders"])
    if typed.get("ca_file") is not None:
        typed["ca_file"] = Path(typed["ca_file"])
    return typed


def _merge(defaults: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(defaults)
    for name, value in overrides.items():
        if value is None:
            merged.pop(name, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(name), Mapping):
            table = {**merged[name], **value}
            merged[name] = {key: item for key, item in table.items() if item is not None}
        else:
            merged[name] = value
    return merged


def _write_brief(folder: Path, project: Mapping[str, Any]) -> None:
    brief = Path(project["brief"])
    path = brief if brief.is_absolute() else folder / brief
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BRIEF_TEXT.format(name=project.get("name", project.get("id", "Project"))), encoding="utf-8")
