"""The configuration's schema: frozen dataclasses whose fields carry their default and a help text.

Defined once, here, so that validation (:mod:`responder.config`), the example file and the README's
table are all read from the same fields; ``tests/test_docs.py`` holds them in step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from responder.secrets import PasswordSource, Secret

SECURITY_MODES = ("tls", "starttls", "none")
LOG_LEVELS = ("debug", "info", "warning", "error")
LOG_FORMATS = ("text", "json")
LANGUAGES = ("en", "fr")

# Every number of the schema has bounds (key name -> lowest, highest): an absurd value is one line at
# start rather than a crash or a service that never wakes up.
BOUNDS: dict[str, tuple[float, float]] = {
    "port": (1, 65535), "timeout": (1, 3600), "poll_interval": (10, 86400), "unanswered_after_hours": (1, 8760),
    "max_per_sender_per_day": (1, 10_000), "max_per_hour": (1, 10_000),
}
# The dates responder reasons about: wider would only ever be a typo, and breaks date arithmetic at the edges.
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)

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
    country: str = _help(
        "ISO 3166 country code (e.g. FR) whose public holidays are not business days for flags.unanswered_after_hours; "
        "empty: weekends only.",
        "",
    )
    subdivision: str = _help("With country: the region whose own public holidays count too (e.g. 57 for Moselle, BY for Bavaria).",
                             "")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class ProjectConfig:
    id: str = _help("Short unique identifier, used in logs, keywords and commands.")
    name: str = _help("Human name of the project, used in replies.")
    brief: Path = _help("Markdown handover brief; sections whose heading carries (internal) never reach a client.")
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
    max_per_sender_per_day: int = _help(
        "At most this many auto-replies to one sender in 24 hours, across all his threads; beyond, silence "
        "and one log line. Stops a flood, or a robot that opens a new thread every time, from being answered.",
        2,
    )
    max_per_hour: int = _help(
        "At most this many auto-replies from the whole mailbox in one hour (by the mail's delivery time); "
        "beyond, silence and one log line per message held back.",
        20,
    )


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
        "count) for this many business hours (Monday to Friday, 09:00-17:00 in absence.timezone, public holidays of "
        "absence.country aside); 16 is two working days.",
        16,
    )
    unanswered: str = _help(
        "When to flag unanswered threads: auto (only when [delegate_imap] watches the delegate's Sent folder: "
        "otherwise his answers that do not copy the employee are invisible, and a thread would be called "
        "unanswered on no evidence), on (the delegate copies the employee on every answer), or off.",
        "auto",
    )


@dataclass(frozen=True)
class DetectionConfig:
    semantic: bool = _help(
        "Where the rules find no stonewall but the delegate's words to a client carry no substance, also compare "
        "the sentences by meaning with the cue data's examples (a sentence-embedding model: install responder[semantic]).",
        False,
    )


@dataclass(frozen=True)
class AuthenticationConfig:
    trusted_authserv_ids: tuple[str, ...] = _help(
        "Authentication-Results headers believed, by the server name that wrote them (RFC 8601 authserv-id): "
        "your own receiving servers, which remove forged copies. Empty: the IMAP host's name and any name "
        "under the employee's own domain. A brief excerpt goes only to mail these show passed DMARC (or an "
        "aligned DKIM or SPF) for its From domain; `responder check` lists the ids it sees on recent mail.",
        (),
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
    detection: DetectionConfig = field(default_factory=DetectionConfig)
    authentication: AuthenticationConfig = field(default_factory=AuthenticationConfig)

    @property
    def trusted_authserv_ids(self) -> tuple[str, ...]:
        """The authserv-ids whose Authentication-Results are believed (see AuthenticationConfig)."""
        if self.authentication.trusted_authserv_ids:
            return tuple(i.lower() for i in self.authentication.trusted_authserv_ids)
        return (self.imap.host.lower(), "." + self.employee.address.rsplit("@", 1)[-1].lower())

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
    "detection": (DetectionConfig, False),
    "authentication": (AuthenticationConfig, False),
}

PASSWORD_KEYS = ("password_env", "password_command", "password_file", "password", "oauth_token_command")


def _password_source(key: str, section: ImapConfig | SmtpConfig) -> PasswordSource:
    return PasswordSource(
        key=key,
        env=section.password_env,
        command=section.password_command,
        file=section.password_file,
        inline=Secret(section.password) if section.password is not None else None,
        oauth_command=section.oauth_token_command,
    )


def section_help() -> dict[str, dict[str, str]]:
    """Every key of the schema with its help text, for documentation and its sync tests."""
    return {
        name: {f.name: f.metadata["help"] for f in fields(cls)}
        for name, (cls, _required) in SECTIONS.items()
    }
