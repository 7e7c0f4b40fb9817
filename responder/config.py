"""The configuration file: one TOML file, validated whole before anything runs.

The schema is defined once, here, as frozen dataclasses whose fields carry their default and a
help text. Every problem is reported as one :class:`ConfigError` naming the key path
(``projects[2].brief: file not found: briefs/x.md``), so the person editing the file knows
exactly where to look. Relative paths resolve against the folder of the configuration file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import ipaddress
import re
import stat
import tomllib
import types
import typing
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from responder.errors import ConfigError
from responder.secrets import PasswordSource, Secret

T = TypeVar("T")

SECURITY_MODES = ("tls", "starttls", "none")
LOG_LEVELS = ("debug", "info", "warning", "error")
LOG_FORMATS = ("text", "json")
LANGUAGES = ("en", "fr")

# A pragmatic address check: one @, a dot-free-or-dotted local part without spaces, and a domain
# with at least one dot or a bracketed literal. Full RFC 5322 syntax is not what users mistype.
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,}$")


def _help(text: str, default: Any = MISSING) -> Any:
    if default is MISSING:
        return field(metadata={"help": text})
    if isinstance(default, (list, dict)):
        raise TypeError("use a tuple for defaults")
    return field(default=default, metadata={"help": text})


@dataclass(frozen=True)
class EmployeeConfig:
    name: str = _help("Display name of the absent mailbox owner; replies are sent in this name.")
    address: str = _help("Main address of the mailbox; replies are sent from it.")
    aliases: tuple[str, ...] = _help("Other addresses delivered to the same mailbox.", ())
    language: str = _help("Language of the digest and report written for the employee: en or fr.", "en")

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address of the employee, lower-cased."""
        return tuple(a.lower() for a in (self.address, *self.aliases))


@dataclass(frozen=True)
class DelegateConfig:
    name: str = _help("Display name of the colleague who covers during the absence.")
    address: str = _help("The delegate's address: his mail is read, never auto-answered.")
    phone: str = _help("Phone number given to clients in the auto-reply.", "")
    role: str = _help("The delegate's role, shown to clients.", "")


@dataclass(frozen=True)
class AbsenceConfig:
    start: dt.date = _help("First day away, inclusive, as a local date (YYYY-MM-DD).")
    end: dt.date = _help("Last day away, inclusive, as a local date (YYYY-MM-DD).")
    timezone: str = _help("IANA time zone the dates are in, e.g. Europe/Paris.")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class ProjectConfig:
    id: str = _help("Short unique identifier, used in logs, keywords and commands.")
    name: str = _help("Human name of the project, used in replies.")
    brief: Path = _help("Markdown handover brief; sections whose heading ends in (internal) never reach a client.")
    clients: tuple[str, ...] = _help("Client addresses (jo@other.example) or whole domains (@acme.example).", ())
    keywords: tuple[str, ...] = _help("A few distinctive words that point to this project, any language.", ())


@dataclass(frozen=True)
class ImapConfig:
    host: str = _help("IMAP server name or address.")
    username: str = _help("Login name of the employee's mailbox.")
    port: int = _help("IMAP port: 993 for tls, 143 for starttls or none.", 993)
    security: str = _help("tls (implicit TLS), starttls, or none (refused unless the host is loopback).", "tls")
    password_env: str | None = _help("Name of the environment variable holding the password.", None)
    password_command: str | None = _help("Command that prints the password (e.g. pass show mail/imap).", None)
    password_file: Path | None = _help("File holding the password (keep it chmod 600).", None)
    password: str | None = _help("Plain password; refused unless the config file is readable by its owner only.", None)
    oauth_token_command: str | None = _help(
        "Command that prints an OAuth 2 access token: log in with XOAUTH2 instead of a password (Gmail, Microsoft 365).",
        None,
    )
    folders: tuple[str, ...] = _help("Folders to watch.", ("INBOX",))
    ca_file: Path | None = _help("PEM file of a private certificate authority to trust, besides the system's.", None)
    timeout: float = _help("Seconds to wait for the server before giving up on a command.", 30.0)

    def password_source(self, key: str = "imap") -> PasswordSource:
        return _password_source(key, self)


@dataclass(frozen=True)
class SmtpConfig:
    host: str = _help("SMTP submission server name or address.")
    port: int = _help("SMTP port: 465 for tls, 587 for starttls, 25 for none.", 587)
    security: str = _help("tls (implicit TLS), starttls, or none (refused unless the host is loopback).", "starttls")
    username: str | None = _help("Login name; leave out for a server that needs no authentication.", None)
    password_env: str | None = _help("Name of the environment variable holding the password.", None)
    password_command: str | None = _help("Command that prints the password.", None)
    password_file: Path | None = _help("File holding the password (keep it chmod 600).", None)
    password: str | None = _help("Plain password; refused unless the config file is readable by its owner only.", None)
    oauth_token_command: str | None = _help(
        "Command that prints an OAuth 2 access token: log in with XOAUTH2 instead of a password (Gmail, Microsoft 365).",
        None,
    )
    ca_file: Path | None = _help("PEM file of a private certificate authority to trust, besides the system's.", None)
    timeout: float = _help("Seconds to wait for the server before giving up on a command.", 30.0)

    def password_source(self) -> PasswordSource:
        return _password_source("smtp", self)


@dataclass(frozen=True)
class ReplyConfig:
    cc_delegate: bool = _help("Send the delegate a copy (Cc) of every auto-reply.", True)
    handover: bool = _help("Send the delegate one internal message per new client thread, with the brief sections that answer it.", True)
    envelope_sender: str = _help(
        "null (MAIL FROM:<>, as RFC 3834 recommends) or account (the employee's address, for servers that refuse a null sender).",
        "null",
    )
    save_to_sent: bool = _help("Append each auto-reply to the employee's Sent folder, marked read.", True)
    sent_folder: str | None = _help("Sent folder name; by default the folder the server marks \\Sent (SPECIAL-USE).", None)


@dataclass(frozen=True)
class MaildirConfig:
    path: Path = _help("A local Maildir (with cur/, new/, tmp/) read as one more source; nothing in it is moved or flagged.")


@dataclass(frozen=True)
class SortingConfig:
    mode: str = _help(
        "Sort mail in the mailbox itself: off, keyword (an IMAP keyword per project) or folder (a copy into a folder "
        "per project). Nothing is ever moved or deleted.",
        "off",
    )
    folder_prefix: str = _help("With mode = folder: folders are named PREFIX + project id.", "Projects/")


@dataclass(frozen=True)
class StorageConfig:
    url: str = _help(
        "Database URL: sqlite:///responder.db (relative to the config folder) or postgresql+psycopg://user@host/db.",
        "sqlite:///responder.db",
    )


@dataclass(frozen=True)
class ScheduleConfig:
    poll_interval: int = _help("Seconds between two polls of a folder when IDLE is not used.", 300)
    idle: bool = _help("Use IMAP IDLE where the server offers it, so new mail is handled within seconds.", True)


@dataclass(frozen=True)
class TemplatesConfig:
    dir: Path = _help("Folder of the employee's own templates; they override the shipped ones.", Path("templates"))
    default_language: str = _help("Reply language when the client's language has no template: en or fr.", "en")


@dataclass(frozen=True)
class LoggingConfig:
    level: str = _help("debug, info, warning or error.", "info")
    format: str = _help("text (for people) or json (one JSON object per line, for log collectors).", "text")


@dataclass(frozen=True)
class DigestConfig:
    send_at: str = _help("Time of day (HH:MM, in absence.timezone) the digest is sent to the employee on the return day.",
                         "08:00")
    manager_address: str | None = _help("Address of a manager who may get a weekly summary during the absence.", None)
    weekly_to_manager: bool = _help("Send manager_address a summary (no message texts) every Monday of the absence.",
                                    False)


@dataclass(frozen=True)
class FlagsConfig:
    unanswered_after_hours: int = _help(
        "Flag a thread unanswered when the client's last message has had no human answer (the auto-reply does not "
        "count) for this many business hours (Monday to Friday, 09:00-17:00 in absence.timezone); 16 is two working days.",
        16,
    )
    unanswered: str = _help(
        "When to flag unanswered threads: auto (only when [delegate_imap] watches the delegate's Sent folder: "
        "otherwise his answers that do not copy the employee are invisible, and a thread would be called "
        "unanswered on no evidence), on (the delegate copies the employee on every answer), or off.",
        "auto",
    )


@dataclass(frozen=True)
class Config:
    """The whole, validated configuration."""

    path: Path
    employee: EmployeeConfig
    delegate: DelegateConfig
    absence: AbsenceConfig
    projects: tuple[ProjectConfig, ...]
    imap: ImapConfig
    smtp: SmtpConfig
    reply: ReplyConfig
    storage: StorageConfig
    schedule: ScheduleConfig
    templates: TemplatesConfig
    logging: LoggingConfig
    sorting: SortingConfig
    delegate_imap: ImapConfig | None = None
    maildir: MaildirConfig | None = None
    digest: DigestConfig = field(default_factory=DigestConfig)
    flags: FlagsConfig = field(default_factory=FlagsConfig)

    @property
    def folder(self) -> Path:
        return self.path.parent


# Top-level tables: name → (section class, required). `projects` is an array of tables; the
# OPTIONAL_SECTIONS are None when absent instead of taking their defaults.
OPTIONAL_SECTIONS = ("delegate_imap", "maildir")
SECTIONS: dict[str, tuple[type, bool]] = {
    "employee": (EmployeeConfig, True),
    "delegate": (DelegateConfig, True),
    "absence": (AbsenceConfig, True),
    "projects": (ProjectConfig, False),
    "imap": (ImapConfig, True),
    "smtp": (SmtpConfig, True),
    "reply": (ReplyConfig, False),
    "storage": (StorageConfig, False),
    "schedule": (ScheduleConfig, False),
    "templates": (TemplatesConfig, False),
    "logging": (LoggingConfig, False),
    "sorting": (SortingConfig, False),
    "delegate_imap": (ImapConfig, False),
    "maildir": (MaildirConfig, False),
    "digest": (DigestConfig, False),
    "flags": (FlagsConfig, False),
}


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
        data = tomllib.loads(raw.decode("utf-8"))
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
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(path, f"expected a number, got {_kind(value)}")
        if value <= 0:
            raise ConfigError(path, f"must be positive, got {value}")
        return float(value)
    if hint is Path:
        return _resolve_path(Path(_convert(value, str, path, base)).expanduser(), base)
    if hint is dt.date:
        return _date(value, path)
    if typing.get_origin(hint) is tuple:
        if not isinstance(value, list):
            raise ConfigError(path, f"expected an array of strings, got {_kind(value)}")
        return tuple(_convert(item, str, f"{path}[{i}]", base) for i, item in enumerate(value))
    raise TypeError(f"unsupported schema type {hint!r} at {path}")  # a bug in the schema, not user error


def _date(value: Any, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ConfigError(path, f"expected a date (YYYY-MM-DD), got a date-time {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ConfigError(path, f"expected a date (YYYY-MM-DD), got {_kind(value)}")
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(path, f"not a date: {value!r} (expected YYYY-MM-DD)") from None


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
        if section.end < section.start:
            raise ConfigError(f"{key}.end", f"before {key}.start ({section.end} < {section.start})")
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
        if section.port > 65535:
            raise ConfigError(f"{key}.port", f"must be at most 65535, got {section.port}")
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
    if isinstance(section, FlagsConfig):
        _check_choice(f"{key}.unanswered", section.unanswered, ("auto", "on", "off"))
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


PASSWORD_KEYS = ("password_env", "password_command", "password_file", "password", "oauth_token_command")


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


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses, where clear text never leaves the machine."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _password_source(key: str, section: ImapConfig | SmtpConfig) -> PasswordSource:
    return PasswordSource(
        key=key,
        env=section.password_env,
        command=section.password_command,
        file=section.password_file,
        inline=Secret(section.password) if section.password is not None else None,
        oauth_command=section.oauth_token_command,
    )


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


def section_help() -> dict[str, dict[str, str]]:
    """Every key of the schema with its help text, for documentation and its sync tests."""
    return {
        name: {f.name: f.metadata["help"] for f in fields(cls)}
        for name, (cls, _required) in SECTIONS.items()
    }
