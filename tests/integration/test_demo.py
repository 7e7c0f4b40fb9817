"""`responder demo` end to end: the sample mailbox through the whole job, no server, files on disk."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import preserved_logging

from responder.cli import demo
from responder.cli.main import cli
from responder.judge import briefs

HUMANS = {"elodie.marchand@fromagerie-valmont.example", "julien.favre@fromagerie-valmont.example",
          "priya.natarajan@kestrel-logistics.example", "owen.clarke@kestrel-logistics.example",
          "marc.dubreuil@webmail.example"}
ROBOTS = {"sarah.whitfield@kestrel-logistics.example", "annonces@lyon-web-meetup.example",
          "mailer-daemon@mx.ormeau-digital.example", "news@nuage-hebergement.example"}
DELEGATE = "thomas.berger@ormeau-digital.example"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("demo") / "out"
    with preserved_logging():  # a module fixture runs outside the per-test logging reset
        result = CliRunner().invoke(cli, ["demo", "--output", str(folder)])
    assert result.exit_code == 0, result.output
    return folder, result.output


def read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_demo_prints_the_triage_table_and_where_everything_is(run: tuple[Path, str]) -> None:
    folder, output = run
    rows = [line for line in output.splitlines() if "@" in line and ("reply" in line or "no reply" in line)]
    assert len(rows) == len(list((demo.SAMPLE / "mail").glob("*.eml")))
    assert any("no reply (list)" in r for r in rows) and any("no reply (bounce)" in r for r in rows)
    assert any("no reply (auto-submitted)" in r for r in rows) and any("at_risk" in r for r in rows)
    for name in ("digest.html", "digest.txt", "responder.db", "outbox"):
        assert str(folder / name) in output
        assert (folder / name).exists()


def test_replies_go_to_the_people_who_wrote_never_to_robots_and_hold_no_internal_text(run: tuple[Path, str]) -> None:
    folder, _output = run
    sent = [read(path) for path in sorted((folder / "outbox").glob("*.eml"))]
    replies = [m for m in sent if m["Auto-Submitted"] == "auto-replied"]
    recipients = {str(m["To"].addresses[0].addr_spec).lower() for m in replies}
    assert recipients == HUMANS and not recipients & ROBOTS
    assert all(DELEGATE in str(m["Cc"]) for m in replies)
    internal = [s for path in (demo.SAMPLE / "briefs").glob("*.md") for s in briefs.load(path).sections if s.internal]
    assert internal
    for reply in replies:
        body = "\n".join(part.get_content() for part in reply.walk() if part.get_content_maintype() == "text")
        assert "(internal)" not in body
        for section in internal:
            for line in (line for line in section.body.splitlines() if line.strip()):
                assert line.strip() not in body
    others = [m for m in sent if m["Auto-Submitted"] != "auto-replied"]
    assert {str(m["To"].addresses[0].addr_spec).lower() for m in others} == {DELEGATE, "camille.roussel@ormeau-digital.example"}


def test_digest_files_are_the_return_day_digest(run: tuple[Path, str]) -> None:
    folder, _output = run
    text = (folder / "digest.txt").read_text(encoding="utf-8")
    html = (folder / "digest.html").read_text(encoding="utf-8")
    assert text.startswith("Pendant votre absence") and "au 24 août 2026" in text
    call_first = text.split("== À appeler en premier ==", 1)[1].split("== Autres fils", 1)[0]
    assert call_first.index("Élodie Marchand") < call_first.index("Priya Natarajan")
    assert "Julien Favre" not in call_first  # the delegate answered him and he said thanks: nothing to catch up on
    assert "Store listing: who submits the builds?" in call_first  # asked, only the auto-reply answered
    assert "<table" in html and "Élodie Marchand" in html
    mailed = [read(p) for p in (folder / "outbox").glob("*-digest-*.eml")]
    assert len(mailed) == 1 and mailed[0]["Subject"].startswith("Votre retour")


def test_demo_runs_again_from_scratch(run: tuple[Path, str]) -> None:
    folder, _output = run
    first_count = int(_output.split("flagged threads (call first): ", 1)[1].split()[0])
    again = demo.run(folder)
    assert len(again.written) == len(list((folder / "outbox").glob("*.eml")))
    assert again.flagged == first_count == 5
