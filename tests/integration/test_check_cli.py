"""`responder check` and `responder db upgrade` against the real test servers, through the command line."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from responder.cli.main import cli
from support.configs import imap_settings, smtp_settings, write_config
from support.dovecot import DovecotServer
from support.servers import free_port
from support.smtpd import SmtpServer

pytestmark = pytest.mark.dovecot

ROOT = Path(__file__).resolve().parents[2]


def run_check(config: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check", "--config", str(config)])
    return result.exit_code, result.stdout.strip().splitlines()


@pytest.mark.parametrize(("imap_security", "smtp_security"), [("none", "none"), ("starttls", "starttls"), ("tls", "tls")])
def test_check_succeeds_with_the_right_passwords(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer, imap_security: str, smtp_security: str
) -> None:
    config = write_config(tmp_path, imap=imap_settings(imap_server, security=imap_security),
                          smtp=smtp_settings(smtp_server, security=smtp_security))
    code, lines = run_check(config)
    assert code == 0, lines
    assert [line.split(":")[0] for line in lines] == ["config", "imap", "smtp", "storage", "briefs", "authentication"]
    assert all(": ok: " in line for line in lines)
    assert f"({imap_security})" in lines[1] and "folders: INBOX" in lines[1]
    assert f"({smtp_security})" in lines[2]


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_wrong_imap_password_is_one_clear_line_and_exit_2(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer, security: str
) -> None:
    config = write_config(tmp_path, imap=imap_settings(imap_server, security=security, password="wrong-pass-123"),
                          smtp=smtp_settings(smtp_server))
    code, lines = run_check(config)
    assert code == 2
    assert lines[1].startswith("imap: failed: login refused for 'employee' at 127.0.0.1:")
    assert lines[2].startswith("smtp: ok: ")  # one failure does not hide the other checks
    assert not any("wrong-pass-123" in line for line in lines)


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_wrong_smtp_password_is_one_clear_line_and_exit_2(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer, security: str
) -> None:
    config = write_config(tmp_path, imap=imap_settings(imap_server),
                          smtp=smtp_settings(smtp_server, security=security, password="bad-smtp-secret"))
    code, lines = run_check(config)
    assert code == 2
    assert lines[2].startswith("smtp: failed: login refused for ")
    assert not any("bad-smtp-secret" in line for line in lines)


def test_unreachable_servers_are_reported_per_server(tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer) -> None:
    dead = free_port()
    config = write_config(tmp_path, imap=imap_settings(imap_server, security="none", port=dead),
                          smtp=smtp_settings(smtp_server, security="none", port=free_port()))
    code, lines = run_check(config)
    assert code == 2
    assert lines[1] == f"imap: failed: cannot connect to 127.0.0.1:{dead}: connection refused"
    assert lines[2].startswith("smtp: failed: cannot connect to 127.0.0.1:") and lines[2].endswith("connection refused")


def test_tls_without_the_private_ca_names_the_ca_file_key(tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer) -> None:
    imap = imap_settings(imap_server, security="tls")
    del imap["ca_file"]
    config = write_config(tmp_path, imap=imap, smtp=smtp_settings(smtp_server))
    code, lines = run_check(config)
    assert code == 2
    assert "TLS certificate not trusted" in lines[1] and "imap.ca_file" in lines[1]


def test_passwords_never_reach_output_or_logs_at_debug_level(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_config(tmp_path, imap=imap_settings(imap_server, security="starttls"), smtp=smtp_settings(smtp_server))
    caplog.set_level(logging.DEBUG)
    result = CliRunner().invoke(cli, ["--debug", "check", "--config", str(config)])
    assert result.exit_code == 0, result.output
    secrets = (imap_server.password("employee"), smtp_server.password)
    everything = result.output + caplog.text
    assert caplog.text, "debug logging produced nothing: the test would prove nothing"
    assert not any(secret in everything for secret in secrets)


def test_check_on_the_example_config_prints_one_line_per_server_without_traceback(tmp_path: Path) -> None:
    """The shipped example points at servers that are not running here: each gets its own clear line."""
    env = {"PATH": "/usr/bin:/bin", "RESPONDER_IMAP_PASSWORD": "x", "RESPONDER_SMTP_PASSWORD": "y"}
    done = subprocess.run([sys.executable, "-m", "responder", "check", "--config", str(ROOT / "config.example.toml")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    lines = done.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["config", "imap", "smtp", "storage", "briefs"]
    assert lines[0].startswith("config: ok: ")
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode in (0, 2)


def test_db_upgrade_creates_then_reports_up_to_date(tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer) -> None:
    config = write_config(tmp_path, imap=imap_settings(imap_server), smtp=smtp_settings(smtp_server))
    first = CliRunner().invoke(cli, ["db", "upgrade", "--config", str(config)])
    second = CliRunner().invoke(cli, ["db", "upgrade", "--config", str(config)])
    assert first.exit_code == 0 and first.stdout.startswith("storage: upgraded sqlite:///")
    assert second.stdout.strip().endswith("is up to date")
    assert (tmp_path / "responder.db").is_file()


def test_check_lists_which_servers_wrote_the_latest_authentication_results(
    tmp_path: Path, imap_server: DovecotServer, smtp_server: SmtpServer
) -> None:
    from support.mailfactory import make

    config = write_config(tmp_path, imap=imap_settings(imap_server), smtp=smtp_settings(smtp_server))
    code, lines = run_check(config)
    assert code == 0 and lines[-1].startswith("authentication: ok: trusting 127.0.0.1, .example.com; no message")
    imap_server.deliver("employee", make(auth="attacker.example; dmarc=pass header.from=acme.example"))
    code, lines = run_check(config)
    assert "attacker.example (1)" in lines[-1] and "No excerpt will be sent" in lines[-1]
    imap_server.deliver("employee", make(message_id="<q2@acme.example>"))  # written by mx.example.com
    code, lines = run_check(config)
    assert "mx.example.com (1)" in lines[-1] and "1 from a trusted server" in lines[-1], lines
