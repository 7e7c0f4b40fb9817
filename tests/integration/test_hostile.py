"""Hostile and careless mail through `responder inspect`, the real code path: no excerpt a sender did
not earn, no words put in the delegate's mouth (each case here once got through)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from responder.cli.main import cli
from support.configs import write_config
from support.mailfactory import make

BRIEFS = Path(__file__).resolve().parents[1] / "data" / "briefs"
PROJECTS = [{"id": "atlas", "name": "Atlas ERP migration", "brief": str(BRIEFS / "atlas.md"),
             "clients": ["@acme.example"], "keywords": ["ERP", "Atlas", "cutover"]}]
SERVERS = {"host": "imap.example.com", "port": 993, "security": "tls", "username": "claire", "password_env": "UNUSED_PW"}
SMTP = {"host": "127.0.0.1", "port": 10025, "security": "none"}
STONEWALL = "Hello Jo,\n\nSorry, I have no information about that at all, you will have to wait for Claire.\n\nPaul"


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return write_config(tmp_path, imap=SERVERS, smtp=SMTP, projects=PROJECTS,
                        employee={"address": "claire@example.com", "aliases": ["c.martin@example.com"]})


def inspect(config_path: Path, *messages: bytes, extra: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    files = []
    for n, raw in enumerate(messages):
        path = config_path.parent / f"m{n:03d}.eml"
        path.write_bytes(raw)
        files.append(str(path))
    result = CliRunner().invoke(cli, ["inspect", "--config", str(config_path), "--json", *extra, *files])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_client_whose_mail_passed_at_our_own_server_gets_the_excerpt(config_path: Path) -> None:
    [row] = inspect(config_path, make(auth="mx1.example.com; dmarc=pass header.from=acme.example"))
    assert row["reply"] and row["excerpt"] and row["section"] == "Schedule"


@pytest.mark.parametrize("auth", [
    None,  # no Authentication-Results at all
    "mx1.example.com; dmarc=none header.from=acme.example",
    "mx1.example.com; spf=neutral smtp.mailfrom=jo@acme.example; dkim=none",
    "mx1.example.com; dmarc=quarantine header.from=acme.example",
    "mx1.example.com; dmarc=temperror header.from=acme.example",
    "attacker.example; dmarc=pass header.from=acme.example",  # written by the sender himself
    "mx1.example.com; dmarc=pass header.from=evil.example",  # a pass, but for another domain
    "dmarc=pass header.from=acme.example",  # no server named at all
])
def test_mail_not_shown_genuine_by_a_trusted_server_gets_a_reply_without_excerpt(config_path: Path, auth: str | None) -> None:
    [row] = inspect(config_path, make(auth=auth))
    assert row["reply"] is True and row["excerpt"] is False and "Margins" not in (row["reply_text"] or "")


def test_the_trusted_servers_can_be_named_in_the_configuration(tmp_path: Path) -> None:
    path = write_config(tmp_path, imap=SERVERS, smtp=SMTP, projects=PROJECTS,
                        authentication={"trusted_authserv_ids": ["mx.provider.example"]})
    [ours, theirs] = inspect(path, make(auth="mx1.example.com; dmarc=pass header.from=acme.example"),
                             make(auth="mx.provider.example; dmarc=pass header.from=acme.example",
                                  message_id="<q2@acme.example>", subject="Atlas schedule"))
    assert (ours["excerpt"], theirs["excerpt"]) == (False, True)


def test_forged_delegate_mail_is_not_his_stonewall(config_path: Path) -> None:
    forged = make(sender="Paul Durand <paul@example.com>", to="Jo Lambert <jo@acme.example>", cc="claire@example.com",
                  body=STONEWALL, auth="mx1.example.com; dmarc=fail header.from=example.com")
    genuine = make(sender="Paul Durand <paul@example.com>", to="Jo Lambert <jo@acme.example>", cc="claire@example.com",
                   body=STONEWALL, message_id="<d2@example.com>", subject="Re: Atlas planning")
    unsigned = make(sender="Paul Durand <paul@example.com>", to="Jo Lambert <jo@acme.example>", cc="claire@example.com",
                    body=STONEWALL, message_id="<d3@example.com>", subject="Re: Atlas budget", auth=None)
    rows = inspect(config_path, forged, genuine, unsigned)
    # Mail sent inside the firm usually carries no verdict at all: that is still his.
    assert [r["delegate_no_info"] for r in rows] == [False, True, True]
    assert all(r["reply"] is False for r in rows)  # never answered, forged or not


@pytest.mark.parametrize("value", ["", "mx one.example", "*.example.com"])
def test_a_bad_trusted_server_name_is_one_line_naming_the_key(tmp_path: Path, value: str) -> None:
    path = write_config(tmp_path, imap=SERVERS, smtp=SMTP, projects=PROJECTS, authentication={"trusted_authserv_ids": [value]})
    result = CliRunner().invoke(cli, ["check", "--config", str(path)])
    assert result.exit_code == 2
    assert "authentication.trusted_authserv_ids[0]" in result.output and "Traceback" not in result.output


def test_a_reply_to_elsewhere_takes_no_excerpt_and_no_client_name(tmp_path: Path) -> None:
    projects = [{**PROJECTS[0], "clients": ["jo@acme.example"]}]
    path = write_config(tmp_path, imap=SERVERS, smtp=SMTP, projects=projects)
    raw = make(sender="Jo Lambert <jo@acme.example>", auth="mx1.example.com; dmarc=pass header.from=acme.example",
               headers={"Reply-To": "collector@billing.acme.example"})
    [row] = inspect(path, raw)
    assert row["reply"] is True and row["excerpt"] is False
    result = CliRunner().invoke(cli, ["preview", "--config", str(path), "--raw", str(path.parent / "m000.eml")])
    assert result.exit_code == 0, result.output
    to_line = next(line for line in result.stdout.splitlines() if line.startswith("To:"))
    assert "collector@billing.acme.example" in to_line and "Jo Lambert" not in to_line


def test_a_forged_client_with_a_reply_to_gets_no_excerpt(config_path: Path) -> None:
    raw = make(sender="Jo Lambert <jo@acme.example>", auth=None, headers={"Reply-To": "attacker@acme.example"})
    [row] = inspect(config_path, raw)
    assert row["excerpt"] is False


@pytest.mark.parametrize(("sender", "headers", "reason"), [
    ("noreply+7f3a@acme.example", {}, "noreply"),
    ("donotreply-billing@acme.example", {}, "noreply"),
    ("ne_pas_repondre.rh@acme.example", {}, "noreply"),
    ("niet-antwoorden@acme.example", {}, "noreply"),
    ("jo@acme.example", {"Return-Path": "< >"}, "bounce"),
    ("jo@acme.example", {"Precedence": "junk (sent by the list robot)"}, "bulk"),
    ("jo@acme.example", {"Precedence": "(yes, really) Bulk"}, "bulk"),
    ("jo@acme.example", {"Auto-Submitted": "auto-replied (vacation)"}, "auto-submitted"),
    ("jo@acme.example", {"X-Spam-Flag": "YES (score 9.1)"}, "spam"),
])
def test_robots_in_disguise_are_never_answered(config_path: Path, sender: str, headers: dict[str, str], reason: str) -> None:
    raw = make(sender=sender, headers=headers)
    if "Return-Path" in headers:  # the factory writes one of its own first
        raw = raw.replace(b"Return-Path: <jo@acme.example>\n", b"", 1)
    [row] = inspect(config_path, raw)
    assert (row["reply"], row["reply_reason"]) == (False, reason)


@pytest.mark.parametrize("sender", ["norbert@acme.example", "jo.reply@acme.example", "nora.plyer@acme.example"])
def test_people_whose_address_merely_looks_alike_are_answered(config_path: Path, sender: str) -> None:
    [row] = inspect(config_path, make(sender=sender))
    assert row["reply"] is True


SECRET = "Our margin on the budget is 31 percent and the floor price is 88000 euros, never say it."
LEAKY_BRIEFS = {
    "indented heading": "# Atlas\n\n## Schedule\nCutover on 12 July.\n\n ## Budget (internal)\n{secret}\n",
    "setext heading": "# Atlas\n\n## Schedule\nCutover on 12 July.\n\nBudget (internal)\n-----------------\n{secret}\n",
    "one-line fence": "# Atlas\n\n## Schedule\nCutover on 12 July. ```x```\n\n## Budget (internal)\n{secret}\n",
    "bold marker": "# Atlas\n\n## Schedule\nCutover on 12 July.\n\n## **Budget (internal)**\n{secret}\n",
    "emphasised marker": "# Atlas\n\n## Schedule\nCutover on 12 July.\n\n## Budget *(internal)*\n{secret}\n",
    "colon": "# Atlas\n\n## Schedule\nCutover on 12 July.\n\n## Budget (internal):\n{secret}\n",
    "square brackets": "# Atlas\n\n## Schedule\nCutover on 12 July.\n\n## [Internal] Budget\n{secret}\n",
    "full-width": "# Atlas\n\n## Schedule\nCutover on 12 July.\n\n## Budget （internal）\n{secret}\n",
    "unmarked word": "# Atlas\n\n## Schedule\nCutover on 12 July.\n\n## Internal budget notes\n{secret}\n",
}


@pytest.mark.parametrize("shape", sorted(LEAKY_BRIEFS))
def test_internal_text_never_reaches_a_client_whatever_the_markdown(tmp_path: Path, shape: str) -> None:
    brief = tmp_path / "atlas.md"
    brief.write_text(LEAKY_BRIEFS[shape].format(secret=SECRET), encoding="utf-8")
    path = write_config(tmp_path, imap=SERVERS, smtp=SMTP, projects=[{**PROJECTS[0], "brief": str(brief)}])
    question = make(subject="Atlas budget margin", body="Hello,\n\nWhat is the margin on the Atlas budget, and the floor "
                                                       "price?\n\nJo", auth="mx1.example.com; dmarc=pass header.from=acme.example")
    [row] = inspect(path, question)
    assert row["reply"] is True
    assert "88000" not in (row["reply_text"] or "") and "31 percent" not in (row["reply_text"] or "")


def test_check_refuses_an_ambiguous_heading_and_text_before_the_title_with_the_line(tmp_path: Path) -> None:
    brief = tmp_path / "atlas.md"
    brief.write_text(LEAKY_BRIEFS["unmarked word"].format(secret=SECRET), encoding="utf-8")
    path = write_config(tmp_path, imap=SERVERS, smtp=SMTP, projects=[{**PROJECTS[0], "brief": str(brief)}])
    lines = CliRunner().invoke(cli, ["check", "--config", str(path)]).stdout.splitlines()
    [line] = [x for x in lines if x.startswith("briefs:")]
    assert line.startswith("briefs: failed: projects[0].brief: atlas.md: line 6: heading 'Internal budget notes'")
    brief.write_text("Notes for Paul\n\n# Atlas\n\n## Schedule\nSoon.\n", encoding="utf-8")
    lines = CliRunner().invoke(cli, ["check", "--config", str(path)]).stdout.splitlines()
    assert any(x.startswith("briefs: failed: projects[0].brief: atlas.md: line 1: text before the first heading") for x in lines)


def test_a_brief_that_is_not_utf8_is_one_line_naming_it_and_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    brief = tmp_path / "atlas.md"
    brief.write_bytes("# Atlas\n\n## Planning\nLivraison en été.\n".encode("latin-1"))
    path = write_config(tmp_path, imap=SERVERS, smtp=SMTP, projects=[{**PROJECTS[0], "brief": str(brief)}])
    (tmp_path / "m.eml").write_bytes(make())
    result = CliRunner().invoke(cli, ["inspect", "--config", str(path), str(tmp_path / "m.eml")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("error: projects[0].brief: atlas.md: not UTF-8 text")
    brief.write_bytes(("\ufeff" + (BRIEFS / "atlas.md").read_text(encoding="utf-8")).encode())
    [row] = inspect(path, make(auth="mx1.example.com; dmarc=pass header.from=acme.example"))
    assert row["excerpt"] is True and row["section"] == "Schedule"


def test_dates_in_year_9999_are_read_as_no_date_in_inspect_and_preview(config_path: Path) -> None:
    raw = make(headers={"X-Probe": "1"}).replace(b"Date: ", b"X-Old-Date: ", 1)
    raw = raw.replace(b"X-Probe: 1", b"Date: Fri, 31 Dec 9999 23:59:59 -1200", 1)
    raw = raw.replace(b"by mx.example.com; ", b"by mx.example.com; Fri, 31 Dec 9999 23:59:59 -1200 (was ", 1)
    [row] = inspect(config_path, raw)
    assert row["reply_reason"] == "outside-absence"  # no date to judge by: not answered, not a crash
    result = CliRunner().invoke(cli, ["preview", "--config", str(config_path), str(config_path.parent / "m000.eml")])
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_a_configuration_saved_with_a_byte_order_mark_is_read(config_path: Path) -> None:
    config_path.write_bytes(b"\xef\xbb\xbf" + config_path.read_bytes())
    result = CliRunner().invoke(cli, ["inspect", "--config", str(config_path), "--json", "/dev/null"])
    assert "invalid TOML" not in result.output


def test_a_reply_to_overlong_names_and_ids_has_no_line_over_998_octets(config_path: Path) -> None:
    long_id = "x" * 2000 + "@acme.example"
    raw = make(sender=f"{'Jo' * 1500} <jo@acme.example>", in_reply_to=f"<{long_id}>", references=f"<a@acme.example> <{long_id}>",
               subject="Atlas " + "cutover" * 400)
    (config_path.parent / "long.eml").write_bytes(raw)
    result = CliRunner().invoke(cli, ["preview", "--config", str(config_path), "--raw", str(config_path.parent / "long.eml")])
    assert result.exit_code == 0, result.output
    header = result.stdout_bytes.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n")
    assert header.startswith(b"From:") or b"\nFrom:" in header
    assert all(len(line) <= 998 for line in result.stdout_bytes.replace(b"\r\n", b"\n").split(b"\n"))
    assert b"References: <a@acme.example>" in header.replace(b"\n ", b" ") and long_id.encode() not in header


RUNAWAY_TEMPLATES = {
    "endless loops": "Hello\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
    "huge string": "Hello\n{{ 'x' * 3000000000 }}\n",
    "huge filter": "Hello\n{{ 'x' | center(2000000000) }}\n",
    "too long": "Hello\n{{ 'x' * 200000 }}\n",
}


@pytest.mark.parametrize("shape", sorted(RUNAWAY_TEMPLATES))
def test_a_runaway_template_costs_one_error_and_the_shipped_template(config_path: Path, shape: str) -> None:
    folder = config_path.parent / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "reply.en.txt.j2").write_text(RUNAWAY_TEMPLATES[shape], encoding="utf-8")
    check = CliRunner().invoke(cli, ["templates", "check", "--config", str(config_path)])
    assert check.exit_code == 2, check.output
    assert "reply.en.txt.j2:2:" in check.output or "reply.en.txt.j2: wrote more than 100 KB" in check.output, check.output
    [row] = inspect(config_path, make(auth="mx1.example.com; dmarc=pass header.from=acme.example"))
    assert row["reply"] is True and "Paul Durand" in row["reply_text"]  # the shipped template answered


def test_mail_forged_in_a_colleagues_name_is_not_answered(config_path: Path) -> None:
    forged = make(sender="IT Support <it-support@example.com>", subject="Your password expires today",
                  auth="mx1.example.com; dkim=none; dmarc=fail (p=reject) header.from=example.com")
    genuine = make(sender="Ann Colleague <ann@example.com>", subject="Lunch?", message_id="<l1@example.com>",
                   auth="mx1.example.com; dmarc=pass header.from=example.com")
    rows = inspect(config_path, forged, genuine)
    assert (rows[0]["reply"], rows[0]["reply_reason"]) == (False, "spam")
    assert rows[1]["reply"] is True
